#!/bin/sh
# ts-export and ts-purge reach ts-msg's messages and outbox: a caller's
# messages (by number, address, and by name only as candidates), their
# deliveries already e-mailed reported per channel (art. 19) before they
# go, the raw database, -wal and -shm files without her bytes afterwards,
# and the same caller's message at another client left alone.  The store
# is filled by ts-msg itself, sent to a real SMTP server.
. "$(dirname "$0")/lib.sh"

need_py aiosmtpd || skip_all "python3-aiosmtpd is not installed"

mkdir -p "$T/mail"
port=$(free_port)
"$PY" "$TS_ROOT/tests/tools/smtpsink.py" "$port" "$T/mail" >"$T/smtp.out" \
    2>&1 &
smtp_pid=$!
trap 'kill "$smtp_pid" 2>/dev/null' EXIT
wait_ready "$T/smtp.out"
sed -e "s/@SMTP@/$port/" -e 's/@HTTP@/1/' -e 's/@API@/x/' \
    -e 's/@HOOK@/x/' "$DATA/msg/config.yaml.in" >"$T/config.yaml"
TS_CONFIG=$T/config.yaml
TS_DB=$T/ts.db
export TS_CONFIG TS_DB
q() {
	sqlite3 "$TS_DB" "$1"
}

fill() {
	ts-msg -q add --client durand --urgent --notify email \
	    --caller '06 55 44 33 22' --name 'Hélène DUPRÉ' \
	    --email Helene.Dupre@Example.fr --subject 'Ordonnance à refaire' \
	    --body 'Rappeler au sujet du traitement Zorvex.' &&
	    ts-msg -q add --client durand --caller 0655443322 \
	    --subject 'Résultats' --body 'Elle attend les résultats.' &&
	    ts-msg -q add --client durand --caller 0611111199 \
	    --name 'Paul Martin' --subject 'Rendez-vous' \
	    --body 'Paul Martin accompagnera Hélène Dupré jeudi.' &&
	    ts-msg -q add --client moreau --notify email --caller 0655443322 \
	    --name 'Hélène Dupré' --subject "Dossier prud'hommes" \
	    --body 'Rappeler Maître Moreau.' &&
	    ts-msg -q send
}
check "the store is filled by ts-msg, the urgent message e-mailed" fill
check_same "three e-mails at the server (two for the practice)" 3 \
    "$(find "$T/mail" -name '*.eml' | wc -l | tr -d ' ')"

check "the subject's export" ts-export -q subject --client durand \
    --phone +33655443322 --dir "$T/bundle"
check "messages.csv is in the bundle" test -f "$T/bundle/messages.csv"
check_same "her two messages, by number" 2 \
    "$("$PY" -c 'import csv, sys
print(len(list(csv.DictReader(open(sys.argv[1])))))' \
    "$T/bundle/messages.csv")"
check "data.json has her messages and their deliveries" "$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
cl = d["classes"]
m = cl["messages"]["records"]
assert len(m) == 2, m
assert any(r["caller_name"] == "Hélène DUPRÉ" for r in m)
assert len(cl["deliveries"]["records"]) == 4
' "$T/bundle/data.json"
check "by name, a message that only names her" ts-export subject \
    --client durand --name 'helene dupre' --dir "$T/byname"
check_grep "is a candidate, listed" '^messages:3,messages,' "$T/out"
check "and not exported" sh -c "! grep -q Martin '$T/byname/messages.csv' \
    2>/dev/null"

check "the dry run" ts-purge -n subject --client durand \
    --phone '06 55 44 33 22'
check_grep "reports the e-mails already sent (art. 19)" \
    '^durand,deliveries,,,2,copies in email$' "$T/out"
check_grep "counts her deliveries" '^durand,deliveries,,,4,to delete$' \
    "$T/out"
check_grep "and her messages" '^durand,messages,,,2,to delete$' "$T/out"

# traces PATTERN...: how many times the byte strings occur in the store's
# files (database, -wal, -shm), all together.
traces() {
	"$PY" - "$TS_DB" "$@" <<'PYEOF'
import os, sys
db, pats = sys.argv[1], [p.encode() for p in sys.argv[2:]]
n = 0
for f in (db, db + "-wal", db + "-shm"):
    if os.path.exists(f):
        data = open(f, "rb").read()
        n += sum(data.count(p) for p in pats)
print(n)
PYEOF
}
set -- "DUPRÉ" "Helene.Dupre" "Zorvex" "Ordonnance" "attend les r"
check "her data is in the files to begin with" test "$(traces "$@")" -ge 5

# An idle reader keeps the -wal and -shm files, searched too.
{ echo "select count(*) from messages;"; sleep 4; } |
    sqlite3 "$TS_DB" >/dev/null &
idle=$!
sleep 1
check "the erasure" ts-purge subject --client durand \
    --phone '06 55 44 33 22' --ref DEM-7
check_grep "her messages go" '^durand,messages,,,2,deleted$' "$T/out"
check_grep "with their deliveries" '^durand,deliveries,,,4,deleted$' \
    "$T/out"
check "the -wal and -shm files are there" test -f "$TS_DB-wal" -a \
    -f "$TS_DB-shm"
check_same "the raw database, -wal and -shm hold none of her bytes" 0 \
    "$(traces "$@")"
wait "$idle"
check_same "the message that only names her stays (a candidate)" 1 \
    "$(q "select count(*) from messages where caller = '+33611111199'")"
check_same "the lawyer's message from her number stays" "moreau" \
    "$(q "select group_concat(client) from messages
	where caller = '+33655443322'")"
check "no personal data on stderr" sh -c \
    "! grep -a -i -E 'dupr|655443322|example' '$T/err'"

check "the client's export (réversibilité)" ts-export -q client \
    --client durand --dir "$T/durand"
check_same "messages and the outbox, CSV and JSON Lines" \
    "deliveries.csv deliveries.jsonl messages.csv messages.jsonl" \
    "$(cd "$T/durand" && printf '%s ' -- messages* deliveries* |
    sed 's/^-- //; s/ $//' | tr ' ' '\n' | sort | tr '\n' ' ' |
    sed 's/ $//')"
check_same "the one message left" 2 "$(wc -l <"$T/durand/messages.csv" |
    tr -d ' ')"

done_testing
