#!/bin/sh
# ts-purge subject: one person's data of one client, by a number written
# in another way and an address in another case; a contact shared with a
# second client stays there; then the raw database, -wal and -shm files
# hold none of the erased bytes; holds refuse; nothing found exits 3.
. "$(dirname "$0")/lib.sh"

D=$DATA/gdpr
E=$DATA/purge
TS_CONFIG=$TS_ROOT/examples/config.yaml
TS_DB=$T/ts.db
export TS_CONFIG TS_DB

fill() {
	ts-import -q calls "$D/calls.csv" &&
	    ts-agenda -q book --client cabinet-durand --at '2026-11-24 10:00' \
	    --name 'Hélène DUPRÉ' --phone '06 12 34 56 78' \
	    --email Helene.Dupre@Example.fr --note 'Renouvellement urgent' \
	    >/dev/null &&
	    ts-import -q contacts --client cabinet-durand \
	    "$D/contacts-durand.csv" &&
	    ts-import -q contacts --client cabinet-moreau-avocats \
	    "$D/contacts-moreau.csv"
}
check "the store is filled by ts-import" fill
q() {
	sqlite3 "$TS_DB" "$1"
}

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
# What only the practice holds about her (the lawyer has its own copy).
set -- "DUPRÉ HÉLÈNE" "Mme H. Dupré" "rappelée le matin" \
    "Helene.Dupre@example.fr" "Renouvellement urgent"
before=$(traces "$@")
check "the person's data is in the database file to begin with" \
    test "$before" -ge 5

check_out "--dry-run counts" "$E/subject-dry.csv" ts-purge -n subject \
    --client cabinet-durand --phone '+33 (0)6 12 34 56 78' \
    --email HELENE.DUPRE@EXAMPLE.FR
check_same "and deletes nothing" 5 \
    "$(q "select count(*) from calls where caller = '+33612345678'
	and client = 'cabinet-durand'")"

check "a legal hold on her address" ts-purge -q hold \
    --client cabinet-durand --email helene.dupre@example.fr --ref LIT-9
check_code "refuses the erasure" 3 ts-purge subject \
    --client cabinet-durand --phone 0612345678 \
    --email helene.dupre@example.fr
check_err "naming which identifier, not its value" \
    "client 'cabinet-durand': the address given in argument 2 is under legal hold: nothing erased"
check_same "nothing erased" 5 "$(q "select count(*) from calls
    where caller = '+33612345678' and client = 'cabinet-durand'")"
check "the hold is lifted" ts-purge -q release --client cabinet-durand \
    --email helene.dupre@example.fr

# A connection stays open meanwhile, so that the -wal and -shm files stay
# and are searched too (the last connection to close removes them).
{ echo "select count(*) from calls;"; sleep 4; } | sqlite3 "$TS_DB" >/dev/null &
idle=$!
sleep 1
check_out "the erasure" "$E/subject.csv" ts-purge subject \
    --client cabinet-durand --phone '+33 (0)6 12 34 56 78' \
    --email HELENE.DUPRE@EXAMPLE.FR --ref DEM-43 --request-date 2026-11-21
check_err "one transaction, then the checkpoint" \
    '^ts-purge: 7 records deleted, checkpoint done$'
check "the -wal and -shm files are there" test -f "$TS_DB-wal" -a \
    -f "$TS_DB-shm"
check_same "the raw database, -wal and -shm hold none of the erased bytes" \
    0 "$(traces "$@")"
wait "$idle"

check_same "the lawyer's call from the same number stays" "g-09" \
    "$(q "select group_concat(call_id) from calls
	where caller = '+33612345678'")"
check_same "and the lawyer's card of the same person" "Dossier prud'hommes" \
    "$(q "select note from contacts where client = 'cabinet-moreau-avocats'")"
check_same "the practice's other patients stay" "Jean Martin" \
    "$(q "select group_concat(name) from contacts
	where client = 'cabinet-durand'")"
check_same "the call found by name only was not erased" 1 \
    "$(q "select count(*) from calls where call_id = 'g-06'")"

check "the lawyer's data of her too" ts-purge -q subject \
    --client cabinet-moreau-avocats --phone 0612345678
check_same "now no form of her number is anywhere in the files" 0 \
    "$(traces 612345678 "12 34 56 78" "Dossier prud")"

check_code "nothing left to erase exits 3" 3 ts-purge subject \
    --client cabinet-durand --phone 0612345678
check_err "saying so, without the number" \
    "client 'cabinet-durand': nothing found for this person$"
check "no personal data on stderr" sh -c \
    "! grep -a -i -E 'dupr|612345678|example' '$T/err'"

check "the audit" ts-purge audit --client cabinet-durand -o tsv
check_grep "the erasure per class with the request's date and reference" \
    '	subject	cabinet-durand	calls	5		2026-11-21T00:00:00\+01:00	DEM-43	done$' \
    "$T/out"
check "and no personal data" sh -c \
    "! grep -a -i -E 'dupr|612345678|example' '$T/out'"
check_code "subject needs --phone or --email" 2 ts-purge subject \
    --client cabinet-durand
check_code "and --client" 2 ts-purge subject --phone 0612345678

done_testing
