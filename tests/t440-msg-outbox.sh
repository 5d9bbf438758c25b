#!/bin/sh
# The outbox's promises, counted at a real SMTP server (aiosmtpd): three
# `ts-msg send` at once never send a delivery twice; senders killed with
# kill -9 lose nothing, and the duplicates they cause are at most one per
# kill (the documented at-least-once window), recognisable by Message-ID.
. "$(dirname "$0")/lib.sh"

need_py aiosmtpd || skip_all "python3-aiosmtpd is not installed"

D=$DATA/msg
# start_sink NAME [DELAY]: an SMTP server writing to $T/NAME; sets $port.
pids=
start_sink() {
	mkdir -p "$T/$1"
	port=$(free_port)
	SINK_DELAY=${2:-0} "$PY" "$TS_ROOT/tests/tools/smtpsink.py" "$port" \
	    "$T/$1" >"$T/$1.out" 2>&1 &
	pids="$pids $!"
	wait_ready "$T/$1.out"
}
trap 'kill $pids 2>/dev/null' EXIT
TS_DB=$T/ts.db
export TS_DB

# rows N TAG: a stream of N urgent messages to one address each.
rows() {
	echo "client,subject,body,urgent,notify,ref"
	i=1
	while [ "$i" -le "$1" ]; do
		echo "dupont,Message $i,Texte $i,yes,email:r$i@example.org,$2-$i"
		i=$((i + 1))
	done
}
# ids DIR: the Message-IDs received, one per line, sorted.
ids() {
	cat "$1"/*.eml 2>/dev/null | tr -d '\r' | sed -n 's/^Message-ID: //p' |
	    sort
}

# Three senders at once.
start_sink fast
sed -e "s/@SMTP@/$port/" -e 's/@HTTP@/1/' -e 's/@API@/x/' -e 's/@HOOK@/x/' \
    "$D/config.yaml.in" >"$T/fast.yaml"
rows 300 par >"$T/par.csv"
check "300 messages" ts-msg add -c "$T/fast.yaml" - <"$T/par.csv"
for n in 1 2 3; do
	ts-msg send -q -c "$T/fast.yaml" >/dev/null 2>"$T/send$n.err" &
	eval "p$n=\$!"
done
# shellcheck disable=SC2154
wait "$p1" "$p2" "$p3"
cat "$T"/send?.err >"$T/err"
check_same "no sender failed" "" "$(cat "$T/err")"
check_same "300 e-mails at the server" 300 "$(ids "$T/fast" | wc -l | tr -d ' ')"
check_same "300 different Message-IDs: none sent twice" 300 \
    "$(ids "$T/fast" | uniq | wc -l | tr -d ' ')"
check_same "all recorded as sent" 300 \
    "$(sqlite3 "$TS_DB" "select count(*) from deliveries where state = 'sent'")"
check_same "each by one sender" 0 \
    "$(sqlite3 "$TS_DB" "select count(*) from deliveries where attempts <> 1")"

# kill -9 in the middle, three times, then a sender after the leases.
start_sink slow 0.02
sed -e "s/@SMTP@/$port/" -e 's/@HTTP@/1/' -e 's/@API@/x/' -e 's/@HOOK@/x/' \
    "$D/config.yaml.in" >"$T/slow.yaml"
rows 150 crash >"$T/crash.csv"
check "150 more messages" ts-msg add -c "$T/slow.yaml" - <"$T/crash.csv"
kills=0
# Each sender is killed once the server has received more (at most 60 s:
# under valgrind a sender takes seconds to start), so that it dies in the
# middle of its work whatever the speed of the machine.
for delay in 0.04 0.07 0.05; do
	before=$(ids "$T/slow" | wc -l)
	ts-msg send -q -c "$T/slow.yaml" >/dev/null 2>&1 &
	pid=$!
	i=0
	while [ "$(ids "$T/slow" | wc -l)" -le "$before" ] && [ $i -lt 600 ]
	do
		sleep 0.1
		i=$((i + 1))
	done
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null && kills=$((kills + 1))
	wait "$pid" 2>/dev/null
done
got=$(ids "$T/slow" | wc -l | tr -d ' ')
if [ "$got" -gt 0 ] && [ "$got" -lt 150 ]; then
	ok "the senders were killed in the middle ($got of 150 sent, $kills kills)"
else
	not_ok "the senders were killed in the middle ($got of 150 sent)"
fi
check_same "the killed senders left claimed deliveries" 1 \
    "$(sqlite3 "$TS_DB" "select count(*) > 0 from deliveries
      where state = 'sending'")"
check "a sender before the leases run out" ts-msg send -q -c "$T/slow.yaml"
check_same "leaves the claimed ones alone" 1 \
    "$(sqlite3 "$TS_DB" "select count(*) > 0 from deliveries
      where state = 'sending'")"
TS_NOW=2026-11-23T09:05:00+01:00 check "a sender after the leases" \
    ts-msg send -q -c "$T/slow.yaml"
check_same "everything is sent" 0 \
    "$(sqlite3 "$TS_DB" "select count(*) from deliveries where state <> 'sent'")"
check_same "nothing lost: 150 Message-IDs at the server" 150 \
    "$(ids "$T/slow" | uniq | wc -l | tr -d ' ')"
dups=$(ids "$T/slow" | uniq -d | wc -l | tr -d ' ')
if [ "$dups" -le "$kills" ]; then
	ok "duplicates ($dups) at most one per kill ($kills)"
else
	not_ok "duplicates ($dups) at most one per kill ($kills)"
fi

done_testing
