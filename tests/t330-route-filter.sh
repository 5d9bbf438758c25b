#!/bin/sh
# ts-route as a filter: call detail records in (Asterisk Master.csv here),
# canonical calls with the decision out; its own output routed again;
# several inputs; an empty input; output formats; the pipe into ts-msg.
# shellcheck disable=SC2016 # sh -c scripts read their arguments as $1
. "$(dirname "$0")/lib.sh"

D=$DATA/route
TS_CONFIG=$D/config.yaml
TS_DB=$T/ts.db
export TS_CONFIG TS_DB

check "the contacts with their tags" ts-import contacts --client cabinet \
    "$D/contacts.csv"

check_code "an Asterisk Master.csv with a call for nobody exits 1" 1 \
    ts-route -n "$D/Master.csv"
check_same "the other calls are canonical calls with the decision" \
    "$(cat "$D/Master.out")" "$(cat "$T/out")"
check_err "the call for nobody is told by its line" \
    "^ts-route: .*Master.csv:4: no client for this call"
check_err "and counted" "4 records, 3 routed, 1 rejected"
check_same "without its numbers" "" "$(grep -E '0633|0999' "$T/err")"

ts-route -n "$D/Master.csv" >"$T/routed.csv" 2>/dev/null
check_out "canonical calls routed again give the same" "$D/Master.out" \
    ts-route -n "$T/routed.csv"
check_out "--input-format asterisk" "$D/Master.out" sh -c \
    'ts-route -n --input-format asterisk "$1" 2>/dev/null; exit 0' sh \
    "$D/Master.csv"
check_code "--utc reads the times as UTC" 1 ts-route -n --utc "$D/Master.csv"
check_grep "10:00 UTC is 11:00 in Paris" \
    '^[^,]*,cabinet,\+33144000001,\+33611111111,Patient VIP,2026-11-23T11:00:00\+01:00,' \
    "$T/out"
check_grep "and the withheld call of 14:00 is open: rule masque" \
    ',2026-11-23T14:00:00\+01:00,.*,masque$' "$T/out"
check_code "--tz and --utc together exit 2" 2 ts-route --tz UTC --utc
check_code "an unknown input format exits 2" 2 ts-route --input-format cel

# Several inputs: the same columns, one header.
printf 'client,caller,at,reason\ncabinet,0611111111,2026-11-23 10:00,\n' \
    >"$T/a.csv"
printf 'client,caller,at,reason\ncabinet,0622222222,2026-11-23 10:00,\n' \
    >"$T/b.csv"
cp "$T/a.csv" "$T/stdin.csv"
check "two inputs" ts-route -n "$T/a.csv" - "$T/b.csv" <"$T/stdin.csv"
check_same "one header, three calls" 4 "$(wc -l <"$T/out" | tr -d ' ')"
check_same "in order" "vip vip bloques" \
    "$(sed 1d "$T/out" | awk -F, '{ printf "%s%s", s, $NF; s = " " }')"
check_code "inputs with other columns exit 2" 2 ts-route -n "$T/a.csv" \
    "$D/calls.csv"
check_err "and say so" "calls.csv:1: the columns differ from those of the first input"
check_code "a missing file exits 1" 1 ts-route -n "$T/nope.csv"
check_err "and names it" "cannot open '$T/nope.csv'"
printf 'client,name\ncabinet,x\n' >"$T/nocaller.csv"
check_code "records without the columns it needs" 1 ts-route -n \
    --input-format canonical "$T/nocaller.csv"

printf 'client;caller;at;reason;note\ncabinet;06 11 11 11 11;2026-11-23 10:00;;"a; b"\n' \
    >"$T/semicolons.csv"
check "rows from a French spreadsheet (';' between fields)" ts-route -n \
    "$T/semicolons.csv"
check_same "are read, and written as CSV" \
    'cabinet,06 11 11 11 11,2026-11-23 10:00,,a; b,transfer,PJSIP/dr-durand,"Cabinet Test, bonjour.",,vip' \
    "$(sed 1d "$T/out")"

check "an empty input" sh -c 'ts-route -n </dev/null'
check_same "gives the header of routed calls" \
    "call_id,client,did,caller,caller_name,start,answer,end,wait_s,talk_s,status,agent,queue,queued,action,target,greeting,notify,rule" \
    "$(cat "$T/out")"
check "-o json" ts-route -n -o json "$T/a.csv"
check_same "one object a call" \
    '{"client":"cabinet","caller":"0611111111","at":"2026-11-23 10:00","reason":"","action":"transfer","target":"PJSIP/dr-durand","greeting":"Cabinet Test, bonjour.","notify":"","rule":"vip"}' \
    "$(cat "$T/out")"
check "-o table" ts-route -n -o table "$T/a.csv"
check_grep "is aligned for a person" '^client +caller +at ' "$T/out"
check_code "an unknown output format exits 2" 2 ts-route -o xml "$T/a.csv"
check_code "a full stdout exits 1" 1 sh -c \
    'ts-route -n "$1" >/dev/full' sh "$T/a.csv"

# The contract with ts-msg: the decision columns are what it reads.
if need_cmd ts-msg; then
	check "ts-route < missed.csv | ts-msg add -" sh -c \
	    'ts-route -n < "$1" | ts-msg add -' sh "$D/calls.csv"
	check_err "the client found from the number dialled is used, \
the calls not for a message are skipped" \
	    ': 49 records: 32 added, 2 already there, 15 skipped \(action\), 0 rejected'
	check "the same calls routed again" sh -c \
	    'ts-route -n < "$1" | ts-msg add -' sh "$D/calls.csv"
	check_err "add no message twice (the call is the key)" \
	    ': 49 records: 0 added, 34 already there, 15 skipped'
	check "the messages" ts-msg list -o csv
	check_grep "a call from a withheld number is a message too" \
	    "numéro masqué" "$T/out"
else
	for t in "pipe" "counts" "again" "once" "list" "withheld"; do
		skip "ts-route < missed.csv | ts-msg add -: $t" \
		    "ts-msg is not built"
	done
fi

done_testing
