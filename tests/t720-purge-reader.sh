#!/bin/sh
# ts-purge while another program reads the store: with a short reader the
# purge waits for it and finishes; with a reader that holds its snapshot
# longer than ts-purge waits, ts-purge says it could not finish (exit 75)
# and the erased bytes are indeed still on disk; a later run completes the
# checkpoint and they are gone.
. "$(dirname "$0")/lib.sh"

D=$DATA/gdpr
TS_CONFIG=$TS_ROOT/examples/config.yaml
TS_DB=$T/ts.db
export TS_CONFIG TS_DB

fill() {
	ts-import -q calls "$D/calls.csv" &&
	    ts-import -q contacts --client cabinet-durand \
	    "$D/contacts-durand.csv"
}
check "the store is filled by ts-import" fill
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

# reader SECONDS: a read transaction held open that long, in the
# background; waits until it has its snapshot.
reader() {
	rm -f "$T/reading"
	{ echo "begin; select count(*) from calls;"
	  echo ".shell touch '$T/reading'"
	  sleep "$1"; echo "commit;"; } | sqlite3 "$TS_DB" >/dev/null &
	n=0
	while [ ! -f "$T/reading" ] && [ $n -lt 100 ]; do
		sleep 0.1
		n=$((n + 1))
	done
}

check_same "a person's bytes are on disk" 1 \
    "$(test "$(traces "Dupréau" +33655443322)" -ge 2 && echo 1)"
reader 1
check "with a short reader, ts-purge waits for it" ts-purge -q subject \
    --client cabinet-durand --phone 06.55.44.33.22
wait
check_same "and the erased bytes are gone" 0 \
    "$(traces "Dupréau" +33655443322)"

check_same "the other person is on disk" 1 \
    "$(test "$(traces "DUPRÉ HÉLÈNE" "rappelée le matin")" -ge 2 &&
    echo 1)"
reader 8
check_code "a reader that stays: exit 75" 75 env TS_BUSY_TIMEOUT=100 \
    ts-purge subject --client cabinet-durand --phone 0612345678
check_err "saying the checkpoint could not finish" \
    'another program reading the store kept the checkpoint from finishing'
check "not that it finished" sh -c "! grep -q 'checkpoint done' '$T/err'"
check_same "it did not: the bytes are still on disk" 1 \
    "$(test "$(traces "DUPRÉ HÉLÈNE" "rappelée le matin")" -ge 1 &&
    echo 1)"
check_same "though the rows are deleted" 0 \
    "$(sqlite3 "$TS_DB" "select count(*) from calls
	where caller = '+33612345678' and client = 'cabinet-durand'")"
kill %1 2>/dev/null
wait
check "once the reader is gone, any ts-purge run completes it" \
    ts-purge -q
check_same "the bytes are gone" 0 \
    "$(traces "DUPRÉ HÉLÈNE" "rappelée le matin" "Mme H. Dupré")"
check "--vacuum" ts-purge -q --vacuum
check_same "the store is whole" ok \
    "$(sqlite3 "$TS_DB" "pragma integrity_check")"

done_testing
