#!/bin/sh
# Security checks.  Files with personal data are created 0600 whatever the
# umask (000 and 022): the store, its -wal and -shm files, rejects files,
# export bundles (directory 0700, files 0600) and archives.  Secrets (a
# password_file's content, password_env and secret_env values) appear on
# no output of ts-msg send, even with -v, when the server refuses, fails,
# cannot be reached or presents a certificate nobody vouched for.  TLS is
# verified by default: an HTTPS server with a self-signed certificate
# (openssl, python3's ssl, on 127.0.0.1) is refused, and accepted once its
# CA is given (ca_file).  Every tool's failure paths, fed a recognisable
# person (name, number, address), name lines and columns, never her.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ops.sh"

need_cmd sqlite3 || skip_all "no sqlite3"
rc=0
[ -x "$TS_BUILD/tests/gencdr" ] || skip_all "no gencdr"

# Her, as the inputs below write her, and as stderr must never show her.
PD='Brunelle|BRUNELLE|671829304|71 82 93 04|71829304|zoe\.brunelle'
# The secrets, as the configurations below hold them.
SECRETS='Pl4in-Fil3-Secret|Env-Sms-S3cret|whsec-Env-S3cret|Smtp-F1le-Pass'

# no_pd WHAT FILE...: none of her data in FILE.
no_pd() {
	_what=$1
	shift
	if grep -a -E -h "$PD" "$@" >"$T/pd.found"; then
		not_ok "$_what: personal data on stderr"
		diag "$T/pd.found"
	else
		ok "$_what: no personal data on stderr"
	fi
}

# ---- files created 0600 whatever the umask -----------------------------------

ops_big 60000
printf '%s\n' \
    'call_id,did,caller,caller_name,start,answer,end,wait_s,talk_s,status,agent,queue' \
    'z-1,01 44 00 00 01,06 71 82 93 04,Zoé Brunelle,2026-11-20T09:00:00+01:00,,2026-11-20T09:00:30+01:00,30,0,abandoned,,' \
    'z-2,01 44 00 00 01,06 71 82 93 04,Zoé Brunelle,2026-02-30T09:00:00+01:00,,2026-11-20T09:00:30+01:00,30,0,abandoned,,' \
    'z-3,01 44 00 00 01,06 71 82 93 04,Zoé Brunelle,2026-11-20T10:00:00+01:00,,2026-11-20T10:00:30+01:00,-30,0,abandoned,,' \
    >"$T/calls.csv"

# seen_while PID FILE...: waits for the first FILE to appear while PID
# runs, then prints the mode of each FILE (or why not), then waits for PID.
seen_while() {
	_pid=$1
	shift
	_i=0
	while [ ! -f "$1" ] && [ $_i -lt 3000 ]; do
		sleep 0.02
		_i=$((_i + 1))
	done
	stat -c '%a %n' "$@" 2>&1
	wait "$_pid"
}

# modes UMASK: each private file made under that umask, then its mode.
modes() {
	d=$T/umask$1
	mkdir -p "$d"
	(
	umask "$1"
	cd "$d" || exit 1
	export TS_CONFIG="$GDPRCONF"
	ts-import -q calls --db ts.db --rejects rejects.csv calls.csv \
	    2>/dev/null
	# A first import into an empty store writes through a rollback
	# journal (ts.7): a large one, seen in the middle.
	ts-import -q calls --db big.db "$BIG" 2>/dev/null &
	seen_while "$!" big.db-journal
	# The -wal and -shm files exist while a writer works on a store in
	# WAL mode: the same calls into a store that has some.
	ts-import -q calls --db ts.db "$BIG" 2>/dev/null &
	seen_while "$!" ts.db-wal ts.db-shm
	ts-export -q subject --db ts.db --client cabinet-durand \
	    --phone 0671829304 --dir bundle >/dev/null 2>&1
	ts-export -q subject --db ts.db --client cabinet-durand \
	    --phone 0671829304 --tar bundle.tar >/dev/null 2>&1
	ts-export -q client --db ts.db --client cabinet-durand \
	    --dir whole >/dev/null 2>&1
	env TS_CONFIG="$MSGCONF" ts-msg add -q --db msg.db \
	    --rejects msg-rejects.csv - <"$MSG/routed.csv" 2>/dev/null
	ts-route -n --rejects route-rejects.csv "$DATA/route/bad.csv" \
	    -c "$DATA/route/config.yaml" >/dev/null 2>&1
	ts-kpi --rejects kpi-rejects.csv "$DATA/kpi/bad.csv" >/dev/null \
	    2>&1
	stat -c '%a %n' ts.db rejects.csv bundle bundle/* bundle.tar \
	    whole whole/calls.csv msg-rejects.csv route-rejects.csv \
	    kpi-rejects.csv 2>&1
	) >"$T/modes$1" 2>&1
}
for u in 000 022; do
	mkdir -p "$T/umask$u"
	cp "$T/calls.csv" "$T/umask$u/"
	modes "$u"
	check_same "umask $u: 16 private files made" 16 \
	    "$(grep -c '^[0-7]* ' "$T/modes$u")"
	if grep -v -e '^600 ' -e '^700 bundle$' -e '^700 whole$' \
	    "$T/modes$u" >"$T/bad"; then
		not_ok "umask $u: each is 0600 (0700 a directory)"
		diag "$T/bad"
	else
		ok "umask $u: store, -journal, -wal, -shm, rejects, bundles: 0600 (directories 0700)"
	fi
done

# ---- TLS and secrets: ts-msg send to HTTPS servers ---------------------------

if ! need_cmd openssl; then
	skip "TLS" "openssl is not installed"
elif ! openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/key.pem" \
    -out "$T/cert.pem" -days 2 -subj '/CN=localhost' \
    -addext 'subjectAltName=DNS:localhost,IP:127.0.0.1' >/dev/null 2>&1
then
	skip "TLS" "openssl cannot make a certificate"
else
	mkdir -p "$T/http"
	port=$(free_port)
	HTTP_TLS_CERT=$T/cert.pem HTTP_TLS_KEY=$T/key.pem "$PY" \
	    "$TS_ROOT/tests/tools/httpsink.py" "$port" "$T/http" \
	    >"$T/http.out" 2>&1 &
	# shellcheck disable=SC2034,SC2016 # run by ops_exit
	http_pid=$! ops_on_exit='kill "$http_pid" 2>/dev/null'
	trap ops_exit EXIT INT TERM
	wait_ready "$T/http.out"
	printf 'Pl4in-Fil3-Secret\n' >"$T/sms.secret"
	printf 'Smtp-F1le-Pass\n' >"$T/smtp.secret"
	chmod 0600 "$T/sms.secret" "$T/smtp.secret"
	closed=$(free_port)
	# tls_config CA PATH: a configuration sending SMS, webhooks and
	# e-mail to the HTTPS sink (PATH: ok, fail400, fail503) and to a
	# closed port (SMTP), its CA file CA ("" for the system's).
	tls_config() {
		ca=
		[ -n "$1" ] && ca="    ca_file: $1"
		cat >"$T/tls.yaml" <<EOF
service:
  timezone: Europe/Paris
  country: FR
smtp:
  url: smtp://127.0.0.1:$closed
  tls: none
  allow_plaintext_loopback: true
  username: ts
  password_file: $T/smtp.secret
  from: accueil@permanence.example
  connect_timeout: 2s
sms:
  api:
    type: http
    url: https://localhost:$port/api/$2/messages
    method: POST
    content_type: application/json
    headers:
      Authorization: "Bearer {password}"
    body: '{{"to":"{to}","text":"{text}"}}'
    password_file: $T/sms.secret
$ca
  envapi:
    type: http
    url: https://localhost:$port/api/$2/env
    method: POST
    content_type: application/json
    headers:
      Authorization: "Bearer {password}"
    body: '{{"to":"{to}","text":"{text}"}}'
    password_env: TEST_SMS_PASSWORD
$ca
  kannel:
    type: kannel
    url: https://localhost:$port/cgi-bin/sendsms/$2
    username: tester
    password_file: $T/sms.secret
$ca
webhooks:
  crm:
    url: https://localhost:$port/hook/$2
    secret_env: TEST_HOOK_SECRET
$ca
clients:
  durand:
    name: Cabinet Durand
    messages:
      email: zoe.brunelle@exemple.fr
      sms: 06 71 82 93 04
      webhook: crm
      urgent: [email, sms, webhook]
      sms_provider: api
  moreau:
    name: Cabinet Moreau
    messages:
      sms: 06 71 82 93 04
      urgent: [sms]
      sms_provider: envapi
  dupont:
    name: Plomberie Dupont
    messages:
      sms: 06 71 82 93 04
      urgent: [sms]
      sms_provider: kannel
EOF
	}
	TEST_SMS_PASSWORD=Env-Sms-S3cret
	TEST_HOOK_SECRET=whsec-Env-S3cret
	export TEST_SMS_PASSWORD TEST_HOOK_SECRET
	reqs() {
		find "$T/http" -name '*.req' | wc -l | tr -d ' '
	}
	# send NAME CA PATH: a message for her, sent with that
	# configuration (verbose), all output kept in $T/all.
	send() {
		tls_config "$2" "$3"
		rm -f "$T/tls.db"*
		ts-msg add -q -c "$T/tls.yaml" -d "$T/tls.db" --client durand \
		    --urgent --name 'Zoé Brunelle' --phone '06 71 82 93 04' \
		    --email zoe.brunelle@exemple.fr --subject 'Rappel' \
		    --body 'Rappeler Zoé Brunelle au 06 71 82 93 04' \
		    >/dev/null 2>"$T/add.err" || diag "$T/add.err"
		for cl in moreau dupont; do
			ts-msg add -q -c "$T/tls.yaml" -d "$T/tls.db" \
			    --client $cl --urgent --name 'Zoé Brunelle' \
			    --phone '06 71 82 93 04' --subject 'Rappel' \
			    --body 'Zoé Brunelle' >/dev/null 2>"$T/add.err" ||
			    diag "$T/add.err"
		done
		run ts-msg send -v -c "$T/tls.yaml" -d "$T/tls.db"
		cat "$T/out" "$T/err" >"$T/all"
		cp "$T/all" "$T/all.$1"
		if grep -a -E "$SECRETS" "$T/all" >"$T/leak"; then
			not_ok "$1: a secret in the output"
			diag "$T/leak"
		else
			ok "$1: no secret in any output, even with -v"
		fi
		no_pd "$1" "$T/err"
	}
	n0=$(reqs)
	send "self-signed, no CA given" "" ok
	check_same "refused: the deliveries wait (75)" 75 "$rc"
	check_same "nothing reached the server" "$n0" "$(reqs)"
	check_grep "the reason is the certificate" \
	    'certificate|SSL|TLS' "$T/err"
	send "its CA given" "$T/cert.pem" ok
	check_same "three SMS and a webhook reach the server; e-mail waits (75)" \
	    "75 $((n0 + 4))" "$rc $(reqs)"
	check_same "the three SMS passwords reached the server" 3 \
	    "$(grep -l -E 'Pl4in-Fil3|Env-Sms-S3cret' "$T"/http/*.req |
	    wc -l | tr -d ' ')"
	send "the server refuses (400)" "$T/cert.pem" fail400
	check_same "refused for good: exit 1" 1 "$rc"
	send "the server fails (503)" "$T/cert.pem" fail503
	check_same "deferred: exit 75" 75 "$rc"
	# A secret file readable by others is refused, without its content.
	chmod 0644 "$T/sms.secret"
	tls_config "$T/cert.pem" ok
	run ts-msg send -v -c "$T/tls.yaml" -d "$T/tls.db"
	check_same "a secret file readable by others: exit 2" 2 "$rc"
	if grep -a -E "$SECRETS" "$T/out" "$T/err" >"$T/leak"; then
		not_ok "and its content is not shown"
		diag "$T/leak"
	else
		ok "and its content is not shown"
	fi
	chmod 0600 "$T/sms.secret"
fi

# ---- no personal data on stderr: each tool's failure paths -------------------

W=$T/pd
mkdir -p "$W"
cd "$W" || exit 1
TS_CONFIG=$GDPRCONF
TS_DB=$W/ts.db
export TS_CONFIG TS_DB
cp "$T/calls.csv" .
printf '%s\n' 'Nom;Prénom;Portable;Téléphone fixe;E-mail;Étiquettes;Commentaire' \
    'Brunelle;Zoé;06 71 82 93 04;;zoe.brunelle@exemple.fr;patiente;"Brunelle' \
    'Brunelle;Zoé;06 71 82 93 0;;zoe.brunelle@;;' >contacts.csv
printf '%s\n' \
    'call_id,client,start,caller,caller_name,action,urgent,reason,notify,subject,body,ref' \
    'z1,nobody,2026-11-23T08:56:00+01:00,+33671829304,Zoé Brunelle,message,,,,Zoé Brunelle,zoe.brunelle@exemple.fr,route:z1' \
    'z2,durand,2026-11-23T08:57:00+01:00,+33671829304,Zoé Brunelle,message,maybe,,,Zoé Brunelle,Zoé,route:z2' \
    'z3,durand,2026-11-23T08:58:00+01:00,06 71 82 93 04 x,Zoé Brunelle,message,,,,Test,Test,route:z3' \
    'z4,durand,2026-11-23T08:59:00+01:00,+33671829304,Zoé Brunelle,message,,,zoe.brunelle@exemple.fr,Test,Test,route:z4' \
    >routed.csv
printf '%s\n' 'client,caller,at,reason' \
    'cabinet,06 71 82 93 04,2026-03-29 02:30,Zoé Brunelle' \
    'nobody,06 71 82 93 04,2026-11-23 10:00,Zoé Brunelle' \
    'cabinet,06 71 82 93 04 zoe.brunelle@exemple.fr,2026-11-23 10:00,' \
    >route.csv
printf '%s\n' \
    'call_id,client,did,caller,caller_name,start,answer,end,status,agent,queue' \
    'z1,,+33144000001,+33671829304,Zoé Brunelle,2026-11-16T09:00:00+01:00,,2026-11-16T09:02:00+01:00,maybe,,' \
    'z2,,+33144000001,+33671829304,Zoé Brunelle,2026-11-31T09:00:00+01:00,,2026-11-16T09:02:00+01:00,answered,,' \
    >kpi.csv

# tool NAME COMMAND...: a failure path: exits neither 0 nor a crash, and
# says nothing of her.
tool() {
	_name=$1
	shift
	run "$@"
	case $rc in
	0) not_ok "$_name: fails (exit 0)" ;;
	1|2|3|75) ok "$_name: fails with exit $rc" ;;
	*) not_ok "$_name: exit $rc"; diag "$T/err" ;;
	esac
	no_pd "$_name" "$T/err"
}
tool "ts-import calls: a bad date, a negative duration" \
    ts-import calls calls.csv
tool "ts-import contacts: an unbalanced quote, a bad number and address" \
    ts-import contacts --client cabinet-durand contacts.csv
tool "ts-import contacts: an unknown client" \
    ts-import contacts --client brunelle-zoe contacts.csv
tool "ts-msg add: an unknown client, a bad flag, number, recipient" \
    env TS_CONFIG="$MSGCONF" ts-msg add -d msg.db - <routed.csv
tool "ts-msg add: a bad number in an option" env TS_CONFIG="$MSGCONF" \
    ts-msg add -d msg.db --client durand --name 'Zoé Brunelle' \
    --phone '06 71 82 93 04 zoe.brunelle@exemple.fr' --subject x
tool "ts-route: a time in the gap, an unknown client, a bad number" \
    ts-route -n -c "$DATA/route/config.yaml" route.csv
tool "ts-kpi: a bad status, a bad date" ts-kpi kpi.csv
book() {
	ts-agenda book --client cabinet-durand --at '2026-11-24 11:00' \
	    --name 'Zoé Brunelle' "$@"
}
check "ts-agenda book: her appointment" book --phone '06 71 82 93 04' \
    --email zoe.brunelle@exemple.fr
tool "ts-agenda book: the slot taken" book --phone '06 71 82 93 04'
tool "ts-agenda book: a bad number" book --phone '06 71 82 93 0x4'
tool "ts-agenda book: a bad address" book --phone '06 71 82 93 04' \
    --email 'zoe.brunelle@@exemple.fr'
tool "ts-export subject: a bad number" ts-export subject \
    --client cabinet-durand --phone '06 71 82 93 0x4' --dir b1
tool "ts-export subject: a client not configured" ts-export subject \
    --client brunelle --email 'zoe.brunelle@exemple.fr' --dir b2
tool "ts-export subject: a bundle that exists" ts-export subject \
    --client cabinet-durand --phone '06 71 82 93 04' --dir "$W"
check "ts-purge hold: on her number" ts-purge -q hold \
    --client cabinet-durand --phone '06 71 82 93 04'
tool "ts-purge subject: under legal hold" ts-purge subject \
    --client cabinet-durand --phone '06 71 82 93 04' \
    --email zoe.brunelle@exemple.fr
tool "ts-purge subject: a bad number" ts-purge subject \
    --client cabinet-durand --phone '06 71 82 93 0x4'
tool "ts-purge subject: nobody found" ts-purge subject \
    --client dupont-plomberie --phone '06 71 82 93 04'
tool "ts-purge subject: a reference holding her number" ts-purge subject \
    --client cabinet-durand --phone '06 71 82 93 04' --ref 0671829304

done_testing
