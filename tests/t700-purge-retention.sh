#!/bin/sh
# ts-purge (retention): per client and data class, calendar months in the
# client's zone, contacts without activity, calls of no client, the
# audit's own retention; --dry-run; a client under legal hold and a held
# person are kept; every purge leaves an audit row without personal data.
. "$(dirname "$0")/lib.sh"

D=$DATA/gdpr
E=$DATA/purge
TS_CONFIG=$TS_ROOT/examples/config.yaml
TS_DB=$T/ts.db
export TS_CONFIG TS_DB

fill() {
	ts-import -q calls "$D/calls.csv" &&
	    TS_NOW=2022-01-10T10:00:00+01:00 ts-import -q contacts \
	    --client cabinet-durand "$D/contacts-old.csv" &&
	    TS_NOW=2024-06-01T10:00:00+02:00 ts-purge -q >/dev/null
}
check "the store is filled by ts-import (contacts in 2022)" fill
q() {
	sqlite3 "$TS_DB" "$1"
}
calls() {
	q "select group_concat(call_id, ' ') from (select call_id from calls
	    order by call_id)"
}
all="g-01 g-02 g-03 g-04 g-05 g-06 g-07 g-08 g-09 g-10 g-11 g-12 g-13 g-14"

check_out "--dry-run: counts per client and class" "$E/dry-run.csv" \
    ts-purge -n
check_err "a summary" '^ts-purge: dry run: 5 records would be deleted$'
check_same "nothing deleted" "$all" "$(calls)"
check_same "no audit row for a dry run" 1 "$(q "select count(*) from audit")"

TS_CONFIG=$E/config-hold.yaml
check_out "a client under legal hold is reported and kept" \
    "$E/held.csv" ts-purge -n --client cabinet-durand
check "a client missing from the configuration" ts-purge -n
check_grep "is reported, its rows counted and kept" \
    '^cabinet-moreau-avocats,calls,,,1,not configured$' "$T/out"
check "the plumber keeps three months in this configuration" \
    ts-purge -q --client dupont-plomberie
check_same "the plumber's recent call only" "g-10" \
    "$(q "select group_concat(call_id) from calls
	where client = 'dupont-plomberie'")"
check_same "the held practice's old call is there" 1 \
    "$(q "select count(*) from calls where call_id = 'g-11'")"
TS_CONFIG=$TS_ROOT/examples/config.yaml

check "a person under legal hold" ts-purge hold --client cabinet-durand \
    --phone '06 98 76 54 32' --ref LIT-2026-7
check_err "is held" '1 legal hold set'
check_out "retention" "$E/retention.csv" ts-purge
check_err "the checkpoint is done" \
    '^ts-purge: 3 records deleted, checkpoint done$'
check_same "a year for the practice (its old call of a held person stays), \
a year for calls of no client" \
    "g-01 g-02 g-03 g-04 g-05 g-06 g-07 g-08 g-09 g-10 g-11" "$(calls)"
check_same "the contact without activity since 2022 is gone; the one who \
called this month stays" "Jean Martin" \
    "$(q "select group_concat(name) from contacts
	where client = 'cabinet-durand' and created_at < 1700000000")"
check_same "the audit of 2024 went after a year" 0 \
    "$(q "select count(*) from audit where at < 1730000000")"
check_same "nothing left in a WAL" 0 "$(stat -c %s "$TS_DB-wal" 2>/dev/null || echo 0)"

check "the hold is lifted" ts-purge release --client cabinet-durand \
    --phone 0698765432
check "retention again" ts-purge -q
check_same "now the old call goes too" \
    "g-01 g-02 g-03 g-04 g-05 g-06 g-07 g-08 g-09 g-10" "$(calls)"

check "the audit trail" ts-purge audit -o tsv
check_grep "the retention, its cutoff, per client and class" \
    '	ts-purge	[^	]*	retention	dupont-plomberie	calls	2	2026-08-23T09:00:00\+02:00			done$' \
    "$T/out"
check_grep "the hold, with its reference" \
    '	hold	cabinet-durand		1			LIT-2026-7	done$' "$T/out"
check "and never a name, number or address" sh -c \
    "! grep -a -i -E 'martin|ancien|698765432|0600000001|example' '$T/out'"
check "--since and --until" ts-purge audit --since 2026-11-01 \
    --until 2026-12-01
check_same "select the rows" 0 "$(grep -c '^2024' "$T/out")"

check_code "--phone is for subject, hold and release" 2 ts-purge \
    --phone 0612345678
check_code "an unknown command" 2 ts-purge everything
check_code "an unknown client" 2 ts-purge --client nobody
check_code "no store" 1 ts-purge --db "$T/none.db"
check_same "and none made" "" "$(ls "$T/none.db" 2>/dev/null)"

done_testing
