#!/bin/sh
# ts-msg send over SMTP with STARTTLS and authentication (aiosmtpd with a
# certificate made here by openssl, AUTH required), and the refusal of
# plain text to a server that is not on the loopback.
. "$(dirname "$0")/lib.sh"

need_py aiosmtpd || skip_all "python3-aiosmtpd is not installed"
need_cmd openssl || skip_all "openssl is not installed"

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/key.pem" \
    -out "$T/cert.pem" -days 2 -subj '/CN=localhost' \
    -addext 'subjectAltName=DNS:localhost,IP:127.0.0.1' >/dev/null 2>&1 ||
    skip_all "openssl cannot make a certificate"
mkdir -p "$T/mail"
port=$(free_port)
SINK_TLS_CERT=$T/cert.pem SINK_TLS_KEY=$T/key.pem SINK_AUTH='ts:s3cret pass' \
    "$PY" "$TS_ROOT/tests/tools/smtpsink.py" "$port" "$T/mail" \
    >"$T/smtp.out" 2>&1 &
smtp_pid=$!
trap 'kill "$smtp_pid" 2>/dev/null' EXIT
wait_ready "$T/smtp.out"

# config TLS [CA]: a configuration for that server.
config() {
	{
		printf 'service:\n  timezone: Europe/Paris\n  country: FR\n'
		printf 'smtp:\n  url: smtp://localhost:%s\n  tls: %s\n' \
		    "$port" "$1"
		[ -n "${2:-}" ] && printf '  ca_file: %s\n' "$2"
		printf '  username: ts\n  password_env: TEST_SMTP_PASSWORD\n'
		printf '  from: accueil@permanence.example\n'
		# Under valgrind, TLS alone takes seconds.
		if [ -n "${TS_VALGRIND:-}" ]; then
			printf '  connect_timeout: 60s\n  timeout: 120s\n'
		else
			printf '  connect_timeout: 5s\n'
		fi
		printf 'clients:\n  durand:\n    name: Cabinet Durand\n'
		printf '    messages:\n      email: dr.durand@example.org\n'
	} >"$T/config.yaml"
}
TS_CONFIG=$T/config.yaml
TS_DB=$T/ts.db
TEST_SMTP_PASSWORD='s3cret pass'
export TS_CONFIG TS_DB TEST_SMTP_PASSWORD
mails() {
	find "$T/mail" -name '*.eml' | wc -l | tr -d ' '
}

config starttls "$T/cert.pem"
check "a message" ts-msg add --client durand --urgent --subject 'TLS' \
    --body 'chiffré'
check "sent with STARTTLS and AUTH" ts-msg send
check_same "received" 1 "$(mails)"

config starttls
check "another" ts-msg add --client durand --urgent --subject 'CA'
check_code "a certificate the system does not trust: exits 75" 75 \
    ts-msg send
check_same "nothing received" 1 "$(mails)"

config starttls "$T/cert.pem"
TEST_SMTP_PASSWORD=wrong
check "a third" ts-msg add --client durand --urgent --subject 'AUTH'
check_code "a wrong password: refused for good (535), exits 1" 1 \
    ts-msg send -v
check_err "with the code" '\(535\)'
if grep -q wrong "$T/err"; then
	not_ok "the password is not printed"
else
	ok "the password is not printed"
fi

printf 'smtp:\n  url: smtp://mail.example.org:25\n  tls: none\n  from: a@example.org\n' \
    >"$T/plain.yaml"
check_code "plain text to a remote server is a configuration error" 2 \
    ts-msg list -c "$T/plain.yaml"
check_err "that says why" 'plain.yaml:[0-9]+:[0-9]+: .*loopback'

done_testing
