#!/bin/sh
# ts-msg add, list, show, status, retry, cancel: from options and from a
# record stream (ts-route's decisions), idempotent refs, routing, digests
# and quiet hours, bad records, usage and configuration errors.  No server.
# rc is set by run(); the scripts written below expand when they run.
# shellcheck disable=SC2154,SC2016
. "$(dirname "$0")/lib.sh"

D=$DATA/msg
sed -e 's/@SMTP@/1/' -e 's/@HTTP@/1/' -e 's/@API@/x/' -e 's/@HOOK@/x/' \
    "$D/config.yaml.in" >"$T/config.yaml"
TS_CONFIG=$T/config.yaml
TS_DB=$T/ts.db
export TS_CONFIG TS_DB

q() {
	sqlite3 "$TS_DB" "$1"
}

check_code "no command exits 2" 2 ts-msg
check_code "an unknown command exits 2" 2 ts-msg mail
check_err "and names it" "unknown command 'mail'"
check_code "add without --client exits 2" 2 ts-msg add --subject x
check_code "--watch applies to send only" 2 ts-msg add --client durand \
    --watch
check_code "a bad --kind exits 2" 2 ts-msg add --client durand --kind memo \
    --subject x
check_code "an unknown client exits 1" 1 ts-msg add --client nobody \
    --subject x
check_err "and names it" "unknown client 'nobody'"
check_code "an empty message exits 1" 1 ts-msg add --client durand

# A normal message at 09:00 waits for the 12:00 digest.
check "a message from options" ts-msg add --client durand \
    --name 'Mme Lefèvre' --caller '06 11 22 33 44' --subject 'Résultats' \
    --body "Rappeler avant 18h, c'est pressé" --taken-by alice --ref r1
check_err "says what it queued" \
    "^ts-msg: message 1 added for 'durand', 2 deliveries queued$"
check_same "stdout stays empty" "" "$(cat "$T/out")"
check_same "the caller is stored in E.164" "+33611223344" \
    "$(q 'select caller from messages')"
check_same "two e-mail deliveries, for the 12:00 digest (11:00Z)" \
    "email|dr.durand@example.org|1|2026-11-23 11:00:00
email|secretariat@example.org|1|2026-11-23 11:00:00" \
    "$(q "select channel, recipient, digest, datetime(next_at, 'unixepoch')
      from deliveries order by id")"
check "the same ref again" ts-msg add --client durand --subject other \
    --ref r1
check_err "stores nothing" "already stored"
check_same "still one message" 1 "$(q 'select count(*) from messages')"

# Urgent: at once, to the urgent routing (group expanded).
check "an urgent message" ts-msg add --client durand --urgent \
    --reason 'douleur' --caller 0611223355 --subject Douleur --body x
check_same "goes at once to email, sms and the astreinte group" \
    "email|dr.durand@example.org|0|1795420800
email|secretariat@example.org|0|1795420800
sms|+33612345678|0|1795420800
sms|+33698765432|0|1795420800
email|astreinte@example.org|0|1795420800" \
    "$(q "select channel, recipient, digest, next_at from deliveries
      where message = 2 order by id")"

# Quiet hours: a normal message at 21:00 without digests waits for 08:00.
TS_NOW=2026-11-23T21:00:00+01:00 check "a message in quiet hours" \
    ts-msg add --client moreau --subject Dossier --notify webhook:crm
check_same "webhooks have no digest but respect quiet hours" \
    "webhook|crm|0|2026-11-24 07:00:00" \
    "$(q "select channel, recipient, digest, datetime(next_at, 'unixepoch')
      from deliveries where message = 3")"
check "the body from stdin" sh -c 'printf "Ligne 1\nLigne 2\n" |
    ts-msg add --client moreau --subject Courrier --notify email'
check_same "is stored without its last line end" "Ligne 1
Ligne 2" "$(q 'select body from messages where id = 4')"

# A stream from ts-route.
run ts-msg add --rejects "$T/rejects" - <"$D/routed.csv"
check_same "a stream with bad records exits 1" 1 "$rc"
check_grep "summary" '^ts-msg: 8 records: 3 added, 0 already there, 1 skipped \(action\), 4 rejected; [0-9]+ deliveries queued$' "$T/err"
check_grep "an unknown client, with its line" \
    "^ts-msg: <stdin>:6: unknown client 'nobody'" "$T/err"
check_grep "a bad urgent" "^ts-msg: <stdin>:7: not a yes or no in column 'urgent'" "$T/err"
check_grep "a bad number" "^ts-msg: <stdin>:8: invalid phone number in column 'caller'" "$T/err"
check_grep "an unknown group" "^ts-msg: <stdin>:9: unknown recipient group 'grp-inconnu'" "$T/err"
if grep -Eq 'Lefèvre|Bernard|33611223|numéro' "$T/err"; then
	not_ok "no personal data on stderr"
else
	ok "no personal data on stderr"
fi
check_same "rejects file is 0600" "-rw-------" "$(mode_of "$T/rejects")"
check_same "escalate is urgent" "1|douleur thoracique" \
    "$(q "select urgent, reason from messages where ref = 'route:c2'")"
check_same "the notify column wins over the routing" "webhook|crm" \
    "$(q "select d.channel, d.recipient from deliveries d join messages m
      on m.id = d.message where m.ref = 'route:c4'")"
run ts-msg add - <"$D/routed.csv"
check_grep "the same stream again adds nothing" \
    '8 records: 0 added, 3 already there, 1 skipped' "$T/err"
check_code "--strict stops at the first bad record" 1 \
    ts-msg add --strict - <"$D/routed.csv"
printf 'client,subject\ndurand,x\ndurand,y\nnobody,z\n' >"$T/strict.csv"
check_code "--strict: a bad record" 1 ts-msg add --strict - <"$T/strict.csv"
check_same "--strict stored nothing" 7 "$(q 'select count(*) from messages')"
printf 'who,subject\nx,y\n' >"$T/noclient.csv"
check_code "a stream without a client column exits 1" 1 \
    ts-msg add - <"$T/noclient.csv"
check_code "-n checks and stores nothing" 0 \
    ts-msg add -n --client durand --subject essai
check_same "nothing stored" 7 "$(q 'select count(*) from messages')"

# ts-agenda's reminder records (its columns, in its order).
printf '%s\n' 'client,kind,ref,notify,name,phone,subject,body,booking_id,uid,start' \
    'durand,reminder,reminder:u1@ts-agenda:1795683600,"sms:+33612345678,email:m@example.org",Luc Girard,+33612345678,Rappel,RDV demain,7,u1@ts-agenda,2026-11-26T09:40:00+01:00' \
    >"$T/remind.csv"
check "reminder records from ts-agenda" ts-msg add - <"$T/remind.csv"
check_same "a reminder to the caller's number and address" \
    "reminder|sms:+33612345678,email:m@example.org|2026-11-26 08:40:00" \
    "$(q "select m.kind, (select group_concat(t, ',') from (select
      d.channel || ':' || d.recipient as t from deliveries d
      where d.message = m.id order by d.id)),
      datetime(m.start, 'unixepoch') from messages m
      where m.ref like 'reminder:%'")"
check "the same records again" ts-msg add - <"$T/remind.csv"
check_err "add nothing" '1 records: 0 added, 1 already there'

# ts-route writes notify "default": the client's own routing.
printf '%s\n' 'client,caller,at,reason,action,target,greeting,notify,rule' \
    'moreau,+33611223344,2026-11-23T08:59:00+01:00,missed,message,,"Cabinet, bonjour",default,nuit' \
    >"$T/route-default.csv"
check "a ts-route decision with notify 'default'" ts-msg add - \
    <"$T/route-default.csv"
check_same "goes to the client's routing" "email:maitre.moreau@example.org,webhook:crm" \
    "$(q "select group_concat(t, ',') from (select d.channel || ':' ||
      d.recipient as t from deliveries d join messages m on m.id = d.message
      where m.reason = 'missed' order by d.id)")"

# list, show, status.
check_out "list" "$D/list.csv" ts-msg list
check_out "list --client --status" "$D/list-moreau.csv" \
    ts-msg list --client moreau --status pending
check_code "list --status bad exits 2" 2 ts-msg list --status lost
check_out "list --period" "$D/list-none.csv" ts-msg list --period yesterday
check "show" ts-msg show -o json 2
check_grep "has every field" '"body":"x".*"reason":"douleur"' "$T/out"
check_code "show an unknown id exits 3" 3 ts-msg show 99
check_code "show a bad id exits 2" 2 ts-msg show x
check_out "status" "$D/status.csv" ts-msg status --client moreau
check_code "status of an unknown message exits 3" 3 ts-msg status 99

# cancel and retry.
check "cancel" ts-msg cancel 1
check_err "says how many" "2 deliveries cancelled"
check_code "cancel again: nothing to cancel, exits 3" 3 ts-msg cancel 1
check_same "cancelled" "cancelled" \
    "$(ts-msg list -o csv | awk -F, '$1 == 1 { print $9 }')"
check "retry" ts-msg retry 1
check_same "due now" "2|0|1795420800" \
    "$(q "select count(*), sum(attempts), max(next_at) from deliveries
      where message = 1 and state = 'pending'")"
check_code "retry what is already due: nothing to do, exits 3" 3 \
    ts-msg retry --delivery 1
check "cancel one delivery" ts-msg cancel --delivery 2
check_err "one" "1 deliveries cancelled"
check "retry it" ts-msg retry --delivery 2
check_err "one again" "1 deliveries to send again now"
check_code "retry a bad id exits 2" 2 ts-msg retry
check_code "-n on send lists what is pending" 0 ts-msg send -n -o csv
check_same "every delivery due or waiting" 21 "$(($(wc -l <"$T/out") - 1))"

# E-mail through a sendmail program (here a script writing files).
printf '%s\n' '#!/bin/sh' 'd=$(dirname "$0")/sent' 'mkdir -p "$d"' \
    'case "$*" in *tmp*) exit 75 ;; *bad*) exit 67 ;; esac' \
    'printf "%s\n" "$*" >"$d/$$.args"' 'cat >"$d/$$.eml"' >"$T/sendmail"
chmod +x "$T/sendmail"
awk '/^smtp:/ { skip = 1; next } /^[a-z]/ { skip = 0 } !skip' \
    "$T/config.yaml" >"$T/sm.yaml"
printf 'sendmail:\n  command: %s\n  from: accueil@permanence.example\n' \
    "$T/sendmail" >>"$T/sm.yaml"
rm -f "$T/sm.db"
check "a message for sendmail" ts-msg add -c "$T/sm.yaml" -d "$T/sm.db" \
    --client dupont --urgent --subject Fuite --body 'Sous évier'
check_code "send: one deferred (75), one refused (67)" 1 \
    ts-msg send -c "$T/sm.yaml" -d "$T/sm.db"
check_err "counts" '1 sent, 1 to retry, 1 failed, 0 dead'
check_same "sendmail got the envelope" \
    "-i -f accueil@permanence.example -- dupont@example.org" \
    "$(cat "$T"/sent/*.args)"
check_grep "and the message, with LF line ends" "^Subject: URGENT - Message : Fuite$" \
    "$(ls "$T"/sent/*.eml)"
check_same "no CR left" 0 "$(tr -cd '\r' <"$(ls "$T"/sent/*.eml)" | wc -c)"

# Configuration errors.
cat >"$T/bad.yaml" <<'YAML'
service:
  timezone: Europe/Paris
smtp:
  url: smtp://mail.example.org:587
  from: a@example.org
clients:
  x:
    name: X
    messages:
      emial: a@example.org
YAML
check_code "an unknown key in messages exits 2" 2 \
    ts-msg list -c "$T/bad.yaml"
check_err "with its place and a suggestion" \
    "bad.yaml:10:7: .*'emial'.*did you mean 'email'"
sed -e 's/emial/email/' -e 's/587/25/' "$T/bad.yaml" >"$T/bad2.yaml"
printf '  y:\n    name: Y\n    messages:\n      sms: 0612345678\n' \
    >>"$T/bad2.yaml"
check_code "an SMS recipient without a provider exits 2" 2 \
    ts-msg list -c "$T/bad2.yaml"
check_err "says so" "SMS recipients need a provider"

done_testing
