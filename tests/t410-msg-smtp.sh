#!/bin/sh
# ts-msg send over SMTP to a real server (aiosmtpd, started here on a free
# port): headers, encoding, one message per recipient, digests, 451 retried
# with backoff, 550 failed at once, dead after max_attempts, no server.
. "$(dirname "$0")/lib.sh"

need_py aiosmtpd || skip_all "python3-aiosmtpd is not installed"

D=$DATA/msg
mkdir -p "$T/mail"
port=$(free_port)
"$PY" "$TS_ROOT/tests/tools/smtpsink.py" "$port" "$T/mail" >"$T/smtp.out" \
    2>&1 &
smtp_pid=$!
trap 'kill "$smtp_pid" 2>/dev/null' EXIT
wait_ready "$T/smtp.out"
sed -e "s/@SMTP@/$port/" -e 's/@HTTP@/1/' -e 's/@API@/x/' \
    -e 's/@HOOK@/x/' "$D/config.yaml.in" >"$T/config.yaml"
TS_CONFIG=$T/config.yaml
TS_DB=$T/ts.db
export TS_CONFIG TS_DB

q() {
	sqlite3 "$TS_DB" "$1"
}
mails() {
	find "$T/mail" -name '*.eml' | wc -l | tr -d ' '
}

# Urgent, to e-mail only (the SMS of the routing would need a gateway);
# typographic apostrophes on purpose.
# shellcheck disable=SC1112
check "an urgent message" ts-msg add --client durand --urgent \
    --notify email --name 'Mme Lefèvre' --email 'lefevre@example.net' \
    --caller 0611223344 --subject 'Résultats d’analyses urgents' \
    --body 'Rappeler avant 18h, c’est pressé.
Deuxième ligne.' --taken-by alice
check "send" ts-msg send
check_err "summary" '^ts-msg: 2 sent, 0 to retry, 0 failed, 0 dead$'
check_same "two e-mails at the server, one per recipient" 2 "$(mails)"
m=$T/mail/000001.eml
check_grep "envelope sender" '^X-Test-MailFrom: accueil@permanence.example' "$m"
check_grep "one recipient per transaction" \
    '^X-Test-RcptTo: dr.durand@example.org.?$' "$m"
check_grep "From: the client's name, encoded" \
    '^From: =\?UTF-8\?[BQ]\?.*\?= <accueil@permanence.example>' "$m"
check_grep "Reply-To: the caller" '^Reply-To: lefevre@example.net' "$m"
check_grep "Subject encoded (RFC 2047)" '^Subject: =\?UTF-8\?[BQ]\?' "$m"
check_grep "Date of when it was taken" \
    '^Date: Mon, 23 Nov 2026 09:00:00 \+0100' "$m"
check_grep "a Message-ID" '^Message-ID: <ts\.[0-9]+\.1\.durand@permanence.example>' "$m"
check_grep "marked important" '^Importance: high' "$m"
check_grep "UTF-8 body" '^Content-Type: text/plain; charset=UTF-8' "$m"
check_grep "quoted-printable" '^Content-Transfer-Encoding: quoted-printable' "$m"
decode() {
	"$PY" - "$1" >"$T/decoded" <<'PY'
import email, email.policy, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"),
                                   policy=email.policy.default)
print("Subject:", m["subject"])
print("From:", m["from"])
print(m.get_content())
PY
}
decode "$m"
check_grep "the subject decodes" "^Subject: URGENT - Message de Mme Lefèvre : Résultats d’analyses urgents$" "$T/decoded"
check_grep "the sender decodes" "^From: Cabinet médical du Dr Durand <accueil@permanence.example>$" "$T/decoded"
check_grep "the body decodes" "^Rappeler avant 18h, c’est pressé.$" "$T/decoded"
check_grep "with the caller's number for people" "^De : Mme Lefèvre \(06 11 22 33 44\)$" "$T/decoded"
check_same "both deliveries sent" "sent|sent" \
    "$(q "select group_concat(state, '|') from deliveries")"
check "send again" ts-msg send
check_same "sends nothing more" 2 "$(mails)"
check_err "and says so" '^ts-msg: 0 sent'

# Normal messages wait for the 12:00 digest, then go as one e-mail.
check "a normal message" ts-msg add --client durand --notify \
    email:digest@example.org --name Alpha --subject Un --body premier
check "another" ts-msg add --client durand --notify email:digest@example.org \
    --name Beta --subject Deux --body second
check "send at 09:00" ts-msg send
check_same "nothing before the digest" 2 "$(mails)"
TS_NOW=2026-11-23T12:00:30+01:00 check "send at 12:00" ts-msg send
check_err "two deliveries sent" '^ts-msg: 2 sent'
check_same "in one e-mail" 3 "$(mails)"
m=$T/mail/000003.eml
decode "$m"
check_grep "a digest subject" '^Subject: 2 message\(s\) pour Cabinet médical' \
    "$T/decoded"
check_grep "a digest Message-ID" '^Message-ID: <ts\.[0-9]+\.[0-9]+\.digest\.2-3\.2\.durand@' "$m"
check_grep "both messages in it" 'Alpha' "$m"
check_grep "both messages in it (2)" 'Beta' "$m"
check_grep "not marked important" '^X-TS-Client: durand' "$m"

# 451: retried with backoff; 550: failed at once; dead after 3 attempts.
check "a message to dupont" ts-msg add --client dupont --subject Devis \
    --urgent --body 'Fuite'
check_code "send: one deferred exits 1 (one refused for good)" 1 \
    ts-msg send -v
check_err "the refusal" 'delivery [0-9]+ \(message 4, email\): failed: smtp: the server refused the message \(550\)'
check_err "the deferral" 'pending: smtp: the server deferred the message \(451\)'
check_same "one sent" 1 "$(q "select count(*) from deliveries d join messages m on m.id = d.message where m.client = 'dupont' and d.state = 'sent'")"
check_same "states and codes" "bad-dupont@example.org|failed|550|1
tmp-dupont@example.org|pending|451|1" \
    "$(q "select recipient, state, code, attempts from deliveries
      where client = 'dupont' and state <> 'sent' order by recipient")"
wait_s=$(q "select next_at - strftime('%s', '2026-11-23T08:00:00')
    from deliveries where recipient like 'tmp-%'")
if [ "$wait_s" -ge 30 ] && [ "$wait_s" -le 60 ]; then
	ok "first retry after 30 to 60 s (retry_min 1m, jitter)"
else
	not_ok "first retry after 30 to 60 s (retry_min 1m, jitter): $wait_s"
fi
check_code "nothing due yet: exits 0" 0 ts-msg send
TS_NOW=2026-11-23T09:05:00+01:00 check_code "retry: deferred again, exits 75" \
    75 ts-msg send
TS_NOW=2026-11-23T09:30:00+01:00 check_code "third attempt: dead, exits 1" \
    1 ts-msg send
check_err "counted dead" '0 sent, 0 to retry, 0 failed, 1 dead'
check_same "dead after 3 attempts, with the last error" \
    "dead|3|smtp: the server deferred the message (451)" \
    "$(q "select state, attempts, error from deliveries
      where recipient like 'tmp-%'")"
check "status shows what did not go" ts-msg status -o csv
check_grep "the dead one" ',tmp-dupont@example.org,dead,3,' "$T/out"
check_grep "the failed one" ',bad-dupont@example.org,failed,1,' "$T/out"
if grep -q 'Fuite' "$T/err"; then
	not_ok "no message body on stderr"
else
	ok "no message body on stderr"
fi
check "retry the message" ts-msg retry 4
TS_NOW=2026-11-23T09:31:00+01:00 check_code "retried: still refused" 1 \
    ts-msg send

# Too old: dead at the first failure after max_age (2 days).
check "a message to a deferring address" ts-msg add --client moreau \
    --urgent --notify email:tmp-old@example.org --subject old
TS_NOW=2026-11-26T09:00:00+01:00 check_code "sent 3 days later: dead, exits 1" \
    1 ts-msg send
check_same "dead after one attempt" "dead|1" \
    "$(q "select state, attempts from deliveries
      where recipient = 'tmp-old@example.org'")"

# The same Message-ID on every attempt: a resent delivery is recognisable.
id1=$(sed -n 's/^Message-ID: //p' "$T/mail/000001.eml" | tr -d '\r')
q "update deliveries set state = 'pending', next_at = 0 where id = 1"
check "send a delivery again" ts-msg send
last=$(find "$T/mail" -name '*.eml' | sort | tail -n 1)
id2=$(sed -n 's/^Message-ID: //p' "$last" |
    tr -d '\r')
check_same "with the same Message-ID" "$id1" "$id2"

# --watch: a long-running sender picks up what is added, stops on TERM.
before=$(mails)
ts-msg send --watch --interval 1s -q >/dev/null 2>"$T/watch.err" &
watch_pid=$!
check "a message while a sender watches" ts-msg add --client moreau \
    --urgent --notify email --subject watched
i=0
until [ "$(mails)" -gt "$before" ] || [ $i -ge 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
check_same "the watching sender sent it" $((before + 1)) "$(mails)"
kill -TERM "$watch_pid"
wait "$watch_pid"
check_same "--watch exits 0 on SIGTERM" 0 "$?"

# No server: a temporary failure.
kill "$smtp_pid"
wait "$smtp_pid" 2>/dev/null
check "a message with the server down" ts-msg add --client moreau \
    --urgent --notify email --subject x
check_code "send exits 75" 75 ts-msg send
check_same "waits for a retry" "pending|1" \
    "$(q "select state, attempts from deliveries where client = 'moreau'
      order by id desc limit 1")"

done_testing
