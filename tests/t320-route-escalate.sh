#!/bin/sh
# ts-route escalate, escalations, ack: an urgent call alerts the person on
# call, then the next one, then the office line, each after its wait,
# until someone acknowledges; the alerts are records for ts-msg.
. "$(dirname "$0")/lib.sh"

D=$DATA/route
TS_CONFIG=$D/config.yaml
TS_DB=$T/ts.db
export TS_CONFIG TS_DB

at() {
	TS_NOW=2026-11-23T$1:00+01:00
	export TS_NOW
}

cat >"$T/calls.csv" <<'END'
client,caller,at,reason
cabinet,06 55 55 55 55,2026-11-23 22:00,urgent
cabinet,06 66 66 66 66,2026-11-23 21:00,urgent
cabinet,06 77 77 77 77,2026-11-23 22:00,
END

at 22:00
# A run's escalations are one transaction: a run that fails records none.
cp "$T/calls.csv" "$T/strict.csv"
echo 'cabinet,not a number,2026-11-23 22:00,' >>"$T/strict.csv"
check_code "a --strict run that fails on its last row" 1 ts-route --strict \
    "$T/strict.csv"
check "records no escalation" ts-route escalations
check_same "none" 1 "$(wc -l <"$T/out" | tr -d ' ')"
rm -f "$T/ts.db" "$T/ts.db-wal" "$T/ts.db-shm"
check "a dry run" ts-route -n "$T/calls.csv"
check_same "creates no store" no "$(test -e "$T/ts.db" && echo yes || echo no)"
check "routing the calls" ts-route -v "$T/calls.csv"
check_grep "the urgent ones are escalated" \
    '^cabinet,06 55 55 55 55,.*,escalate,medecins,' "$T/out"
check_err "only the recent one is followed up" \
    '3 records, 3 routed, 0 rejected, 1 escalations recorded'
check "the same calls again" ts-route -v "$T/calls.csv"
check_err "are not followed up twice" ', 0 escalations recorded'
check "escalations" ts-route escalations
check_same "lists the open one" \
    "1,cabinet,medecins,urgences,+33655555555,2026-11-23T22:00:00+01:00,urgent,0,+33610000002,2026-11-23T22:10:00+01:00,open" \
    "$(sed 1d "$T/out")"

at 22:09
check "nothing is due before the wait" ts-route escalate
check_same "only the header" \
    "escalation,client,caller,at,reason,step,action,target,greeting,notify,rule" \
    "$(cat "$T/out")"
check_same "and nothing said" "" "$(cat "$T/err")"

at 22:10
step1='1,cabinet,+33655555555,2026-11-23T22:00:00+01:00,urgent,1,escalate,medecins,"Cabinet Test, bonjour.",sms:+33610000001,urgences'
check "escalate -n" ts-route escalate -n
check_same "writes the alert to the next person on call" "$step1" \
    "$(sed 1d "$T/out")"
check "but changes nothing" ts-route escalations
check_grep "still at step 0" ',0,\+33610000002,' "$T/out"
check "escalate" ts-route escalate
check_same "the same alert" "$step1" "$(sed 1d "$T/out")"
cp "$T/out" "$T/alert1.csv"
check_err "and a summary" "1 escalations moved on, 0 exhausted"
check "escalate again at once" ts-route escalate
check_same "alerts nobody twice" 1 "$(wc -l <"$T/out" | tr -d ' ')"

at 22:20
check "after the second wait" ts-route escalate
check_grep "the office line" ',2,escalate,medecins,.*,sms:\+33144000001,urgences$' \
    "$T/out"
# Each step's alert is its own message for ts-msg, and only once.
if need_cmd ts-msg; then
	cp "$T/out" "$T/alert2.csv"
	check "the first alert into ts-msg add -" ts-msg add - <"$T/alert1.csv"
	check_err "is a message" ": 1 records: 1 added, 0 already there"
	check "the second step's alert" ts-msg add - <"$T/alert2.csv"
	check_err "is another one" ": 1 records: 1 added, 0 already there"
	check "the first alert again" ts-msg add - <"$T/alert1.csv"
	check_err "is not taken twice" ": 1 records: 0 added, 1 already there"
else
	for t in 1 2 3 4 5 6; do
		skip "escalation alerts into ts-msg ($t)" "ts-msg is not built"
	done
fi
at 22:25
check "when the chain runs out" ts-route escalate
check_same "a message for the rule's recipients" \
    '1,cabinet,+33655555555,2026-11-23T22:00:00+01:00,urgent,3,message,,"Cabinet Test, bonjour.",email:cabinet@example.org,urgences' \
    "$(sed 1d "$T/out")"
check_err "said" "0 escalations moved on, 1 exhausted"
check "escalations" ts-route escalations
check_same "none open" 1 "$(wc -l <"$T/out" | tr -d ' ')"

# Acknowledging.
at 23:00
check "one call" ts-route -q --client cabinet --caller 0655555555 \
    --reason urgent
check "another" ts-route -q --client cabinet --caller 0666666666 \
    --reason urgent
check "ack 2" ts-route ack --by 'Dr Roux' 2
check_err "says so" "1 escalations acknowledged"
check_code "ack 2 again finds nothing open: exit 3" 3 ts-route ack 2
check_code "ack of a number that is none: exit 3" 3 ts-route ack 99
check "ack --client" ts-route ack --client cabinet
check_err "acknowledges the rest" "1 escalations acknowledged"
at 23:30
check "escalate" ts-route escalate
check_same "alerts nobody for acknowledged calls" 1 \
    "$(wc -l <"$T/out" | tr -d ' ')"
check_code "ack without a number or --client exits 2" 2 ts-route ack
check_code "ack of a bad number exits 2" 2 ts-route ack x1
check_code "ack of an unknown client exits 2" 2 ts-route ack --client nobody
check_code "escalations of an unknown client exits 2" 2 ts-route \
    escalations --client nobody

# The alerts go to ts-msg, when it is built.
if need_cmd ts-msg; then
	at 22:00
	ts-route -q --client cabinet --caller 0699999999 --reason urgent \
	    >"$T/one.csv"
	check "the decision goes into ts-msg add -" ts-msg add - <"$T/one.csv"
else
	skip "the decision goes into ts-msg add -" "ts-msg is not built"
fi

done_testing
