#!/bin/sh
# ts-route: the decision for each kind of call (hours and breaks, French
# and Alsatian holidays, closures, both DST nights, the on-call rota and
# its handovers, caller tags, withheld and unknown callers, first-match
# and default rules, another time zone), through the filter on rows of
# client,caller,at,reason and through one call with --explain.
# shellcheck disable=SC2016 # sh -c scripts read their arguments as $1
. "$(dirname "$0")/lib.sh"

D=$DATA/route
TS_CONFIG=$D/config.yaml
TS_DB=$T/ts.db
export TS_CONFIG TS_DB

check "the contacts with their tags" ts-import contacts --client cabinet \
    "$D/contacts.csv"

# Every row of calls.csv says in its comment what it tests; calls.out was
# checked row by row (see the comments) before it was recorded.
check_out "each call gets its decision, other columns kept" "$D/calls.out" \
    ts-route -n "$D/calls.csv"
check_same "nothing on stderr" "" "$(cat "$T/err")"
check_out "the same from stdin" "$D/calls.out" sh -c \
    'ts-route -n < "$1"' sh "$D/calls.csv"

# Routing the output again gives the same: the decision columns are
# replaced, not added twice.
ts-route -n "$D/calls.csv" >"$T/once.csv"
check_out "routing again replaces the decision columns" "$D/calls.out" \
    ts-route -n "$T/once.csv"

# One value per row, by name (rows are 1-based, after the header).
row() {
	"$PY" -c 'import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
print(rows[int(sys.argv[2]) - 1][sys.argv[3]])' "$D/calls.out" "$1" "$2"
}
check_same "lunch break: a message" message "$(row 2 action)"
check_same "19:00 is closed" message "$(row 4 action)"
check_same "a vip is put through while open" "transfer PJSIP/dr-durand vip" \
    "$(row 5 action) $(row 5 target) $(row 5 rule)"
check_same "a blocked caller is rejected, with nothing said" "reject bloques " \
    "$(row 7 action) $(row 7 rule) $(row 7 greeting)"
check_same "first match wins: blocked before urgent" bloques "$(row 8 rule)"
check_same "withheld while open: rule masque" \
    "masque email:secretariat@example.org,sms:+33610000001" \
    "$(row 9 rule) $(row 9 notify)"
check_same "urgent at night: escalate to the person on call first" \
    "escalate medecins sms:+33610000002,email:cabinet@example.org" \
    "$(row 11 action) $(row 11 target) $(row 11 notify)"
check_same "Easter Monday, Ascension, Whit Monday are closed" \
    "message message message" "$(row 18 action) $(row 19 action) $(row 20 action)"
check_same "Good Friday is open in fr, closed in fr-alsace" "answer message" \
    "$(row 21 action) $(row 29 action)"
check_same "26 December: open in fr, closed in fr-alsace" "answer message" \
    "$(row 27 action) $(row 28 action)"
check_same "Martinique: 08:30 local, however written" "answer answer" \
    "$(row 31 action) $(row 32 action)"
check_same "Sunday handover at its exact minute" \
    "sms:+33610000002 sms:+33610000001" \
    "$(row 35 notify | cut -d, -f1) $(row 36 notify | cut -d, -f1)"
check_same "autumn: handover at the first 02:30, the second hour after it" \
    "sms:+33610000001 sms:+33610000002 sms:+33610000002" \
    "$(row 40 notify | cut -d, -f1) $(row 41 notify | cut -d, -f1) $(row 42 notify | cut -d, -f1)"
check_same "autumn: both 02:30 are in the 02:00-03:00 rule" "nuit-dst nuit-dst" \
    "$(row 43 rule) $(row 44 rule)"
check_same "spring: the 02:30 handover happens at 03:30 CEST" \
    "sms:+33610000001 sms:+33610000002" \
    "$(row 46 notify | cut -d, -f1) $(row 47 notify | cut -d, -f1)"

# Bad rows: told with their line, kept in --rejects, the others routed.
check_code "bad rows exit 1" 1 ts-route -n --rejects "$T/rejects.csv" \
    "$D/bad.csv"
check_same "the good rows are routed" 3 "$(wc -l <"$T/out" | tr -d ' ')"
check_err "a time in the spring gap" \
    "^ts-route: .*bad.csv:3: column 'at': no such local time '2026-03-29 02:30' in Europe/Paris"
check_err "an ambiguous autumn time" \
    "bad.csv:4: column 'at': ambiguous local time '2026-10-25 02:30' in Europe/Paris; give an offset"
check_err "an unknown client" "bad.csv:5: no client for this call"
check_err "a bad number, without the number" \
    "bad.csv:7: invalid number in column 'caller'$"
check_err "a short row" "bad.csv:8: 2 fields, the header has 4"
check_same "no phone number on stderr" "" \
    "$(grep -E '33 33|not a number' "$T/err")"
check_same "the rejects file has the 6 bad rows" 6 \
    "$(wc -l <"$T/rejects.csv" | tr -d ' ')"
check_same "and is private" "-rw-------" "$(mode_of "$T/rejects.csv")"
check_code "--strict stops at the first" 1 ts-route -n --strict "$D/bad.csv"
check_same "after one message" 1 "$(wc -l <"$T/err" | tr -d ' ')"

# One call.
check_out "--explain: a vip while open" "$D/explain-vip.out" \
    ts-route -n --client cabinet --caller '06 11 11 11 11' \
    --at '2026-11-23 10:00' --explain
check_out "--explain: the default at night" "$D/explain-default.out" \
    ts-route -n --client cabinet --at '2026-11-23 22:00' --explain
check_out "--explain: the Christmas on-call exception" \
    "$D/explain-oncall.out" ts-route -n --client cabinet \
    --caller 0655555555 --at '2026-12-24 19:30' --reason urgent --explain
check "one call as a record" ts-route -n --client cabinet \
    --caller '06 11 11 11 11' --at '2026-11-23 10:00'
check_same "with the decision columns" \
    'cabinet,+33611111111,2026-11-23T10:00:00+01:00,,transfer,PJSIP/dr-durand,"Cabinet Test, bonjour.",,vip' \
    "$(sed -n 2p "$T/out")"
check "--client alone: a withheld call now (TS_NOW)" ts-route -n \
    --client cabinet -o json
check_grep "Monday 09:00, open: rule masque" \
    '"at":"2026-11-23T09:00:00\+01:00".*"action":"message".*"rule":"masque"' \
    "$T/out"
check "--did alone names the client" ts-route -n --did '01 44 00 00 02' \
    --caller 0633333333 --at '2026-11-23 10:00'
check_grep "and the rule on the number dialled takes it" \
    '^cabinet,\+33633333333,.*,message,,.*,resultats,resultats$' "$T/out"
check "--client takes one of the client's numbers too" ts-route -n \
    --client '05 96 00 00 01' --at '2026-11-23 10:00'
check_grep "in its own zone" '^martinique,,2026-11-23T10:00:00-04:00,' \
    "$T/out"
check_code "--did of no client exits 2" 2 ts-route -n --did 0999999999
check_err "and says so" "no client has this number"
check_code "a time in the spring gap exits 2" 2 ts-route --client cabinet \
    --at '2026-03-29 02:30'
check_err "and says why" "no such local time '2026-03-29 02:30' in Europe/Paris"
check_code "an ambiguous time exits 2" 2 ts-route --client cabinet \
    --at '2026-10-25 02:30'
check_err "and asks for an offset" "give an offset \(\+02:00 or \+01:00\)"
check "with an offset it is routed" ts-route -n --client cabinet \
    --at '2026-10-25T02:30+01:00'
check_grep "by the night rule" 'nuit-dst$' "$T/out"
check_code "an unknown client exits 2" 2 ts-route --client nobody --at 2026-11-23
check_err "and names it" "unknown client 'nobody'"
check_code "a bad caller exits 2" 2 ts-route --client cabinet --caller 06x12
check_code "--explain without --client exits 2" 2 ts-route --explain
check_code "--caller does not apply to escalate" 2 ts-route escalate --caller 1
check_code "files do not go with one call" 2 ts-route --client cabinet \
    "$D/calls.csv"

done_testing
