#!/bin/sh
# ts-import calls: each format to the canonical call (exact), merging, the
# store's guarantees (one transaction, idempotent, 0600), bad records.
. "$(dirname "$0")/lib.sh"

D=$DATA/import
TS_CONFIG=$D/config.yaml
export TS_CONFIG

# Each synthetic fixture read by the CDR module gives the reviewed calls.
for f in ast16.csv ast17-uniqueid.csv ast17-userfield.csv ast19.csv \
    ast20.csv ast-dst.csv ast-bad.csv queue_log canonical.csv; do
	"$TS_BUILD/tests/cdrcat" "$D/$f" >"$T/calls" 2>/dev/null
	if cmp -s "$D/${f%.csv}.calls" "$T/calls"; then
		ok "$f gives the expected calls"
	else
		not_ok "$f gives the expected calls"
		diff -u "$D/${f%.csv}.calls" "$T/calls" | sed 's/^/#   /' | head -20
	fi
done

db=$T/ts.db
count() {
	sqlite3 "$db" "select count(*) from calls"
}

check_code "ts-import with no command exits 2" 2 ts-import
check_code "an unknown command exits 2" 2 ts-import phones
check_err "and names it" "unknown command 'phones'"
check_code "contacts without --client exits 2" 2 ts-import contacts
check_code "--map does not apply to calls" 2 ts-import calls --map x=name
check_code "an unknown input format exits 2" 2 \
    ts-import calls --input-format cel "$D/ast16.csv"
check_code "a missing file exits 1" 1 ts-import calls --db "$db" "$T/nope"
check_err "and says which" "cannot open '$T/nope'"

check "two files in one run" ts-import calls --db "$db" "$D/ast16.csv" \
    "$D/ast19.csv"
check_same "3 calls stored (the two legs of ast19 are one)" 3 "$(count)"
check_grep "summary on stderr" \
    '^ts-import: 4 records, 3 calls: 3 added, 0 updated, 0 already there; 0 rejected$' \
    "$T/err"
check_same "stdout stays empty" "" "$(cat "$T/out")"
check_same "the store is 0600" "-rw-------" \
    "$(mode_of "$db")"

check "importing the same files again" ts-import calls --db "$db" \
    "$D/ast16.csv" "$D/ast19.csv"
check_grep "adds nothing" '3 calls: 0 added, 0 updated, 3 already there' \
    "$T/err"
check_same "still 3 calls" 3 "$(count)"

# One leg per file: the second import completes the call.
head -n 2 "$D/ast19.csv" | tail -n 1 >"$T/leg-b.csv"
head -n 1 "$D/ast19.csv" >"$T/leg-a.csv"
check "a lone unanswered leg" ts-import calls --db "$T/legs.db" "$T/leg-b.csv"
check_same "is stored as missed" missed \
    "$(sqlite3 "$T/legs.db" 'select status from calls')"
check "its answered leg, in a later file" ts-import calls --db "$T/legs.db" \
    "$T/leg-a.csv"
check_grep "updates the call" '1 calls: 0 added, 1 updated' "$T/err"
check_same "now one answered call, waiting 12 s" "1|answered|12" \
    "$(sqlite3 "$T/legs.db" 'select count(*), status, wait_s from calls')"

# Bad records: named by file and line, skipped, counted; the rest stored.
check_code "bad records exit 1" 1 ts-import calls --db "$T/bad.db" \
    --rejects "$T/rejects.csv" "$D/ast-bad.csv"
check_err "a short row is named by line" \
    "^ts-import: .*ast-bad.csv:2: 6 columns, Asterisk writes 16 to 21$"
check_err "an impossible date" "ast-bad.csv:3: bad start time$"
check_err "an unknown disposition" "ast-bad.csv:4: unknown disposition$"
check_err "a negative duration" "ast-bad.csv:5: bad duration$"
check_err "the count" "2 calls: 2 added.*; 4 rejected$"
if grep -q 0612345 "$T/err"; then
	not_ok "no caller number in the messages"
else
	ok "no caller number in the messages"
fi
check_same "the good records are stored" 2 \
    "$(sqlite3 "$T/bad.db" 'select count(*) from calls')"
check_same "--rejects keeps the 4 bad lines verbatim" \
    "$(sed -n '2,5p' "$D/ast-bad.csv")" "$(cat "$T/rejects.csv")"
check_same "--rejects is 0600" "-rw-------" \
    "$(mode_of "$T/rejects.csv")"

check_code "--strict stops at the first bad record" 1 \
    ts-import calls --db "$T/strict.db" --strict "$D/ast-bad.csv"
check_err "naming it" "ast-bad.csv:2: 6 columns"
check_same "and stores nothing" 0 \
    "$(sqlite3 "$T/strict.db" 'select count(*) from calls')"

check "--dry-run" ts-import calls --db "$T/dry.db" -n "$D/ast16.csv"
check_grep "says what would be stored" \
    'dry run, nothing stored: 2 records, 2 calls: 2 added' "$T/err"
check_same "and stores nothing" 0 \
    "$(sqlite3 "$T/dry.db" 'select count(*) from calls')"

# Standard input, forced format, time zones.
check "reads standard input" sh -c \
    "ts-import calls --db '$T/stdin.db' <'$D/ast20.csv'"
check_same "2 calls from stdin" 2 \
    "$(sqlite3 "$T/stdin.db" 'select count(*) from calls')"
check "-q is quiet" ts-import -q calls --db "$T/q.db" "$D/ast16.csv"
check_same "nothing on stderr" "" "$(cat "$T/err")"
check "--utc reads times as UTC" ts-import calls --db "$T/utc.db" --utc \
    "$D/ast16.csv"
check_same "09:00 UTC on 2026-11-20 is 1795165200" 1795165200 \
    "$(sqlite3 "$T/utc.db" 'select min(start) from calls')"
check "--tz reads times in a zone" ts-import calls --db "$T/mq.db" \
    --tz America/Martinique "$D/ast16.csv"
check_same "09:00 in Martinique is 13:00 UTC" 1795179600 \
    "$(sqlite3 "$T/mq.db" 'select min(start) from calls')"
check_code "--tz and --utc together exit 2" 2 ts-import calls --utc \
    --tz UTC "$D/ast16.csv"
check_code "an unknown zone exits 2" 2 ts-import calls --db "$T/z.db" \
    --tz Mars/Olympus "$D/ast16.csv"
printf 'hello,world\n1,2\n' >"$T/nonsense.csv"
check_code "an unknown format exits 2" 2 ts-import calls --db "$T/n.db" \
    "$T/nonsense.csv"
check_err "and asks for --input-format" \
    "nonsense.csv:1: cannot tell the call record format.*--input-format"
check "an empty file is no calls" ts-import calls --db "$T/e.db" /dev/null
check_grep "0 calls" '0 records, 0 calls' "$T/err"

# The DST nights: a time that does not exist is a reject, not a guess.
check_code "a local time in the spring gap" 1 ts-import calls \
    --db "$T/dst.db" "$D/ast-dst.csv"
check_err "is refused with a reason" \
    "ast-dst.csv:1: start time does not exist in Europe/Paris"

# --source keeps two PBXs apart.
check "a second PBX's file under another source" ts-import calls \
    --db "$db" --source pbx2 "$D/ast16.csv"
check_same "its calls are added, not merged" 5 "$(count)"

# A store another process holds: retry later (75), nothing half-done.
# (Not under valgrind: the tool starts after the 2 s hold is over.)
if need_cmd sqlite3 && [ -z "${TS_VALGRIND:-}" ]; then
	(sqlite3 "$db" "begin immediate; select 1;" ".shell sleep 2" \
	    "commit;" >/dev/null 2>&1 &)
	sleep 0.5
	TS_BUSY_TIMEOUT=200 ts-import calls --db "$db" "$D/ast20.csv" \
	    >"$T/out" 2>"$T/err"
	check_same "a busy store exits 75" 75 "$?"
	check_err "saying the store is busy" "busy"
	sleep 2
	check_same "and stored nothing" 5 "$(count)"
fi

done_testing
