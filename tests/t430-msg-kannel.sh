#!/bin/sh
# ts-msg send through a real Kannel (bearerbox + smsbox + fakesmsc from
# kannel-extras), all on 127.0.0.1 free ports; the SMS are counted where
# fakesmsc receives them.
. "$(dirname "$0")/lib.sh"

BB=/usr/sbin/bearerbox
SB=/usr/sbin/smsbox
FAKE=/usr/lib/kannel/test/fakesmsc
if [ ! -x "$BB" ] || [ ! -x "$SB" ]; then
	skip_all "kannel is not installed"
fi
[ -x "$FAKE" ] || skip_all "kannel-extras (fakesmsc) is not installed"

admin=$(free_port)
box=$(free_port)
sendsms=$(free_port)
smsc=$(free_port)
K=$T/kannel
mkdir -p "$K"
cat >"$K/kannel.conf" <<EOF2
group = core
admin-port = $admin
admin-password = bar
admin-allow-ip = "127.0.0.1"
admin-interface = 127.0.0.1
smsbox-interface = 127.0.0.1
smsbox-port = $box
box-allow-ip = "127.0.0.1"
log-level = 0
log-file = "$K/bb.log"
access-log = "$K/access.log"

group = smsc
smsc = fake
smsc-id = FAKE
port = $smsc
connect-allow-ip = "127.0.0.1"
our-host = 127.0.0.1

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = $box
sendsms-port = $sendsms
sendsms-interface = 127.0.0.1
global-sender = 13013
log-level = 0
log-file = "$K/smsbox.log"

group = sendsms-user
username = tester
password = foobar
user-allow-ip = "127.0.0.1"
max-messages = 3
concatenation = true

group = sms-service
keyword = default
text = "No service specified"
EOF2
pids=
trap 'kill $pids 2>/dev/null' EXIT
"$BB" -v 0 "$K/kannel.conf" >"$K/bb.out" 2>&1 &
pids="$pids $!"
# wait_port PORT: until something listens there (10 s at most).
wait_port() {
	i=0
	until "$PY" -c 'import socket, sys
socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$1" \
	    2>/dev/null || [ $i -ge 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}
wait_port "$smsc"
"$FAKE" -H 127.0.0.1 -r "$smsc" -m 0 '123 234 text nop' >"$K/smsc.out" 2>&1 &
pids="$pids $!"
"$SB" -v 0 "$K/kannel.conf" >"$K/smsbox.out" 2>&1 &
pids="$pids $!"
wait_port "$sendsms"
sleep 1

cat >"$T/config.yaml" <<EOF2
service:
  name: Permanence Test
  timezone: Europe/Paris
  country: FR
sms:
  kannel:
    type: kannel
    url: http://127.0.0.1:$sendsms/cgi-bin/sendsms
    allow_plaintext_loopback: true
    username: tester
    password_env: TEST_KANNEL_PASSWORD
    from: "13013"
clients:
  durand:
    name: Cabinet Durand
    messages:
      sms: 06 12 34 56 78, 06 98 76 54 32
      urgent: sms
EOF2
TS_CONFIG=$T/config.yaml
TS_DB=$T/ts.db
TEST_KANNEL_PASSWORD=foobar
export TS_CONFIG TS_DB TEST_KANNEL_PASSWORD

got() {
	grep -c 'Got message' "$K/smsc.out" | tr -d ' '
}

check "an urgent message" ts-msg add --client durand --urgent \
    --subject 'Rendez-vous' --body 'RDV déplacé à 14h'
check "send through Kannel" ts-msg send
check_err "two sent" '^ts-msg: 2 sent'
i=0
until [ "$(got)" -ge 2 ] || [ $i -ge 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
check_same "fakesmsc got two SMS" 2 "$(got)"
check_grep "to the first number" 'Got message [0-9]+: <13013 \+33612345678 ' "$K/smsc.out"
check_grep "and the second" 'Got message [0-9]+: <13013 \+33698765432 ' "$K/smsc.out"
check_grep "the text" 'RDV' "$K/smsc.out"

TEST_KANNEL_PASSWORD=wrong
check "a message with a wrong password" ts-msg add --client durand \
    --urgent --subject x
check_code "Kannel refuses it (403): exits 1" 1 ts-msg send
check_same "failed with the status" "failed|403" \
    "$(sqlite3 "$TS_DB" "select state, code from deliveries
      order by id desc limit 1")"

done_testing
