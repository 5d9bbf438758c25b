# ts-msg send: 10,000 queued e-mails to a local SMTP server (aiosmtpd,
# counting only), over reused connections and with one connection per
# message (--no-reuse), to show what the reuse saves.  The server, in
# Python, bounds both figures; the ratio is what matters.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
root=$(cd "$(dirname "$0")/../.." && pwd)
n=${BENCH_MSG_COUNT:-10000}
dir=$TS_BENCH_DIR/msg
rm -rf "$dir"
mkdir -p "$dir/sink"
if ! "$PY" -c 'import aiosmtpd' 2>/dev/null; then
	echo "python3-aiosmtpd is not installed: no figures"
	exit 0
fi
port=$("$PY" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')
SINK_COUNT_ONLY=1 "$PY" "$root/tests/tools/smtpsink.py" "$port" "$dir/sink" \
    >"$dir/sink.out" 2>&1 &
sink=$!
trap 'kill "$sink" 2>/dev/null' EXIT
sleep 1
cat >"$dir/config.yaml" <<EOF2
service:
  timezone: Europe/Paris
  country: FR
smtp:
  url: smtp://127.0.0.1:$port
  tls: none
  allow_plaintext_loopback: true
  from: accueil@permanence.example
  batch: 10000
outbox:
  batch: 500
clients:
  bench:
    name: Bench
EOF2
TS_CONFIG=$dir/config.yaml
TS_DB=$dir/ts.db
TS_NOW=2026-11-23T09:00:00+01:00
export TS_CONFIG TS_DB TS_NOW
awk -v n="$n" 'BEGIN {
	print "client,caller,name,subject,body,urgent,notify"
	for (i = 1; i <= n; i++)
		printf "bench,+3361122%04d,Appelant %d,Sujet %d,Message %d pour le client,yes,email:r%d@example.org\n", i % 10000, i, i, i, i
}' | ts-msg add -q -

again() {
	sqlite3 "$TS_DB" "update deliveries set state = 'pending', attempts = 0,
	    next_at = 0, sent_at = NULL"
}
send_reuse() {
	again
	ts-msg send -q
}
send_fresh() {
	again
	ts-msg send -q --no-reuse
}

t_reuse=$(best_of 2 send_reuse)
t_fresh=$(best_of 1 send_fresh)
printf 'e-mails %s, each to one recipient, to aiosmtpd on 127.0.0.1\n' "$n"
printf '  ts-msg send, connections reused   %6.2f s  %6.0f messages/s\n' \
    "$t_reuse" "$(awk -v n="$n" -v t="$t_reuse" 'BEGIN { print n / t }')"
printf '  ts-msg send --no-reuse            %6.2f s  %6.0f messages/s\n' \
    "$t_fresh" "$(awk -v n="$n" -v t="$t_fresh" 'BEGIN { print n / t }')"
printf '  reuse is %sx as fast\n' "$(ratio "$t_fresh" "$t_reuse")"
printf '  messages counted at the server: %s (3 runs)\n' "$(cat "$dir/sink/count")"
