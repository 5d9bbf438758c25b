#!/bin/sh
# ts-msg send to HTTP servers started here (python3's http.server): SMS
# through a Kannel-style sendsms and through a provider described by a
# template, webhooks signed with HMAC-SHA256; 503 retried, 400 refused.
. "$(dirname "$0")/lib.sh"

[ -x "$PY" ] || skip_all "no /usr/bin/python3"

D=$DATA/msg
mkdir -p "$T/http"
port=$(free_port)
"$PY" "$TS_ROOT/tests/tools/httpsink.py" "$port" "$T/http" >"$T/http.out" \
    2>&1 &
http_pid=$!
trap 'kill "$http_pid" 2>/dev/null' EXIT
wait_ready "$T/http.out"
# config API HOOK: the configuration with those paths (see httpsink.py).
config() {
	sed -e 's/@SMTP@/1/' -e "s/@HTTP@/$port/" -e "s/@API@/$1/" \
	    -e "s/@HOOK@/$2/" "$D/config.yaml.in" >"$T/config.yaml"
}
config ok ok
TS_CONFIG=$T/config.yaml
TS_DB=$T/ts.db
TEST_SMS_PASSWORD='p@ss word'
TEST_HOOK_SECRET='whsec-test-0123456789'
export TS_CONFIG TS_DB TEST_SMS_PASSWORD TEST_HOOK_SECRET

q() {
	sqlite3 "$TS_DB" "$1"
}
reqs() {
	find "$T/http" -name '*.req' | wc -l | tr -d ' '
}
# req N EXPR: a Python expression over the request r (a dict).
req() {
	"$PY" -c 'import json, sys, urllib.parse as u
r = json.load(open(sys.argv[1]))
qs = dict(u.parse_qsl(u.urlsplit(r["path"]).query))
print(eval(sys.argv[2]))' "$(printf '%s/%06d.req' "$T/http" "$1")" "$2"
}

# Kannel's sendsms.
check "an urgent message by SMS" ts-msg add --client durand --urgent \
    --notify sms --name 'Mme Lefèvre' --subject 'Résultat' --body 'RDV déplacé à 14h'
check "send" ts-msg send
check_same "one request" 1 "$(reqs)"
check_same "a GET to sendsms" "GET /cgi-bin/sendsms" \
    "$(req 1 'r["method"] + " " + u.urlsplit(r["path"]).path')"
check_same "user and password" "tester|p@ss word" \
    "$(req 1 'qs["username"] + "|" + qs["password"]')"
check_same "to the number in E.164" "+33612345678" "$(req 1 'qs["to"]')"
check_same "GSM-7 coding (é, è, à are in it)" "0|UTF-8" \
    "$(req 1 'qs["coding"] + "|" + qs["charset"]')"
check_same "the text" "URGENT Cabinet médical du Dr Durand : Mme Lefèvre - Résultat : RDV déplacé à 14h" \
    "$(req 1 'qs["text"]')"
check "a text with a c cedilla (not in GSM-7)" ts-msg add --client durand \
    --urgent --notify sms --subject 'Devis' --body 'Reçu, 120 € TTC'
check "send" ts-msg send
check_same "goes as UCS-2" 2 "$(req 2 'qs["coding"]')"

# A provider described by a template: POST JSON, bearer token, cut to
# max_segments.
long=$(printf 'Un message tres long qui ne tient pas dans un SMS. %.0s' \
    1 2 3 4 5 6 7 8)
check "a long message through the api provider" ts-msg add --client moreau \
    --urgent --notify 'sms:06 11 11 11 11' --subject Long --body "$long"
check "send" ts-msg send
check_same "a POST to the provider's URL" "POST /api/ok/messages" \
    "$(req 3 'r["method"] + " " + r["path"]')"
check_same "the token in a header" "Bearer p@ss word" \
    "$(req 3 'r["headers"]["authorization"]')"
check_same "JSON content type" "application/json" \
    "$(req 3 'r["headers"]["content-type"]')"
check_same "a JSON body with to, from and the delivery id" \
    "+33611111111|PERMTEST|3" \
    "$(req 3 '"|".join(json.loads(r["body"])[k] for k in ("to", "from", "ref"))')"
check_same "cut to 2 segments (306 GSM-7 characters)" "True|True" \
    "$(req 3 'str(len(json.loads(r["body"])["text"]) <= 306) + "|" + str(json.loads(r["body"])["text"].endswith("..."))')"

# A reminder, as ts-agenda queues it: to the caller, by SMS.
check "a reminder" ts-msg add --client durand --kind reminder \
    --caller '06 11 22 33 44' --name 'Mme Lefèvre' \
    --start '2026-11-24 10:30' --ref 'reminder:uid-1@ts:1795512600'
check "send" ts-msg send
check_same "goes to the caller" "+33611223344" "$(req 4 'qs["to"]')"
check_same "with the reminder's text" \
    "Rappel : RDV avec Cabinet médical du Dr Durand le 24/11/2026 10:30." \
    "$(req 4 'qs["text"]')"
check "the same reminder again" ts-msg add --client durand --kind reminder \
    --caller '06 11 22 33 44' --start '2026-11-24 10:30' \
    --ref 'reminder:uid-1@ts:1795512600'
check_err "is not queued twice" "already stored"

# Webhooks, signed.
check "a message to the webhook" ts-msg add --client moreau \
    --notify webhook:crm --name 'Société Alpha' --subject 'Dossier' \
    --body 'Nouveau "client"' --ref crm-1
check "send" ts-msg send
check_same "a POST of JSON" "POST /hook/ok application/json" \
    "$(req 5 'r["method"] + " " + r["path"] + " " + r["headers"]["content-type"]')"
check_same "the message in it" 'moreau|Société Alpha|Nouveau "client"|crm-1|False' \
    "$(req 5 '"|".join(str(json.loads(r["body"])[k]) for k in ("client", "caller_name", "body", "ref", "urgent"))')"
check_same "a valid HMAC-SHA256 signature over id.timestamp.body" True \
    "$(req 5 '__import__("hmac").compare_digest(r["headers"]["webhook-signature"], "v1," + __import__("base64").b64encode(__import__("hmac").new(b"whsec-test-0123456789", (r["headers"]["webhook-id"] + "." + r["headers"]["webhook-timestamp"] + "." + r["body"]).encode(), "sha256").digest()).decode())')"
check_same "the timestamp is now" 1795420800 \
    "$(req 5 'r["headers"]["webhook-timestamp"]')"
check_grep "the webhook-id is the stable message id" "ts\\.[0-9]+\\.[0-9]+\\.moreau@" \
    "$(printf '%s/%06d.req' "$T/http" 5)"

# 503: retried; 400: refused for good.
config ok fail503
check "a message to a webhook that fails" ts-msg add --client moreau \
    --notify webhook:crm --subject x
check_code "503: exits 75" 75 ts-msg send
check_same "pending, with the status" "pending|503" \
    "$(q "select state, code from deliveries order by id desc limit 1")"
config ok flaky
TS_NOW=2026-11-23T09:10:00+01:00 check_code "flaky: 503 once more" 75 \
    ts-msg send
TS_NOW=2026-11-23T09:30:00+01:00 check "then accepted" ts-msg send
check_same "sent after 3 attempts" "sent|3" \
    "$(q "select state, attempts from deliveries order by id desc limit 1")"
config ok slow429
check "a message to a webhook that asks to wait" ts-msg add --client moreau \
    --notify webhook:crm --subject y
TS_NOW=2026-11-23T10:00:00+01:00 check_code "429: exits 75" 75 ts-msg send
check_same "retried after the Retry-After (900 s), not the backoff" \
    "pending|429|900" \
    "$(q "select state, code, next_at - 1795424400 from deliveries
      order by id desc limit 1")"
config fail400 ok
check "a message to a provider that refuses" ts-msg add --client moreau \
    --urgent --notify sms:0611111111 --subject x
check_code "400: exits 1" 1 ts-msg send
check_same "failed at once" "failed|400|1" \
    "$(q "select state, code, attempts from deliveries order by id desc
      limit 1")"
if grep -q 'p@ss' "$T/err"; then
	not_ok "no secret on stderr"
else
	ok "no secret on stderr"
fi

done_testing
