#!/bin/sh
# ts-agenda over HTTPS: import --url with a webcal:// address (https://)
# from a server whose certificate comes from a private authority made
# here by openssl (tests/tools/calproxy.py serving a folder over TLS):
# refused by default, naming the host and never the address's secret
# query string; accepted with the agenda's ca_file.  The same for sync,
# through an HTTPS gateway in front of Radicale.
# shellcheck disable=SC2154 # rc is set by run() in lib.sh
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-caldav.sh"

need_cmd openssl curl || skip_all "openssl or curl is missing"

# A certificate authority, and the server's certificate it signs.
make_certs() {
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/ca.key" \
	    -out "$T/ca.pem" -days 2 -subj '/CN=ts test CA' >/dev/null 2>&1 ||
	    return 1
	openssl req -newkey rsa:2048 -nodes -keyout "$T/key.pem" \
	    -out "$T/req.pem" -subj '/CN=localhost' >/dev/null 2>&1 ||
	    return 1
	printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >"$T/ext"
	openssl x509 -req -in "$T/req.pem" -CA "$T/ca.pem" \
	    -CAkey "$T/ca.key" -CAcreateserial -days 2 -extfile "$T/ext" \
	    -out "$T/cert.pem" >/dev/null 2>&1
}
make_certs || skip_all "openssl cannot make certificates"

mkdir -p "$T/www"
cp "$DATA/agenda/outlook.ics" "$T/www/calendar.ics"
port=$(free_port)
PROXY_TLS_CERT=$T/cert.pem PROXY_TLS_KEY=$T/key.pem \
    "$PY" "$TS_ROOT/tests/tools/calproxy.py" "$port" "$T/www" \
    >"$T/www.log" 2>&1 &
www_pid=$!
trap 'kill $www_pid 2>/dev/null' EXIT
wait_ready "$T/www.log" 100

# agenda_ca FILE: the test configuration, with ca_file: FILE in the agenda.
agenda_ca() {
	sed "/^      cancel: /a\\
      ca_file: $1" "$DATA/agenda/config.yaml" >"$T/config-ca.yaml"
}
TS_CONFIG=$DATA/agenda/config.yaml
TS_DB=$T/ts.db
export TS_CONFIG TS_DB
url="webcal://localhost:$port/calendar.ics?private=k3y-0f-th3-c4l"

run ts-agenda import --client cabinet-durand --source web --url "$url"
check_same "webcal:// is https://: an unknown authority is refused, exit 75" \
    75 "$rc"
check_err "naming the server, and where an authority goes" \
    "^ts-agenda: http: 'https://localhost:$port': .*certificate.* \\(a private certificate authority goes in 'ca_file'\\)$"
check_same "and not the address's secret" "" "$(grep k3y "$T/err")"
check_same "nothing imported" 1 \
    "$(ts-agenda busy --client cabinet-durand | wc -l | tr -d " ")"

agenda_ca "$T/ca.pem"
run ts-agenda import -c "$T/config-ca.yaml" --client cabinet-durand \
    --source web --url "$url"
check_same "with the authority as the agenda's ca_file: exit 0" 0 "$rc"
check_same "the Outlook calendar's blocks" 5 \
    "$(ts-agenda busy --client cabinet-durand | grep -c ',web,')"
check_grep "fetched over TLS" '^GET /calendar.ics 200$' "$T/www.log"

agenda_ca "$T/nope.pem"
run ts-agenda import -c "$T/config-ca.yaml" --client cabinet-durand \
    --source web --url "$url"
check_same "a ca_file that does not exist exits 2" 2 "$rc"
check_err "with its line" \
    "config-ca.yaml:[0-9]+:[0-9]+: 'ca_file': no such file"

kill $www_pid
wait $www_pid 2>/dev/null
trap - EXIT

# sync over HTTPS: a TLS gateway in front of Radicale.
if need_py radicale; then
	rport=$(free_port)
	pport=$(free_port)
	"$PY" -m radicale --config "" --server-hosts "127.0.0.1:$rport" \
	    --auth-type http_x_remote_user --rights-type owner_only \
	    --storage-filesystem-folder "$T/collections" --web-type none \
	    >"$T/radicale.log" 2>&1 &
	rad_pid=$!
	PROXY_TLS_CERT=$T/cert.pem PROXY_TLS_KEY=$T/key.pem \
	    "$PY" "$TS_ROOT/tests/tools/calproxy.py" "$pport" \
	    "http://127.0.0.1:$rport" >"$T/proxy.log" 2>&1 &
	proxy_pid=$!
	trap 'kill $rad_pid $proxy_pid 2>/dev/null' EXIT
	wait_http "http://127.0.0.1:$rport/"
	wait_ready "$T/proxy.log" 100
	C=https://localhost:$pport/durand/agenda
	curl -s -o /dev/null --cacert "$T/ca.pem" -X MKCALENDAR "$C/"
	caldav_config "$C/" durand x
	book --at '2026-11-24 10:20' --name 'Jeanne Martin'
	run ts-agenda sync --client cabinet-durand
	check_same "sync to an unknown authority exits 75" 75 "$rc"
	check_err "naming the server" \
	    "^ts-agenda: http: 'https://localhost:$pport': .*certificate"
	sed "/^      cancel: /a\\
      ca_file: $T/ca.pem" "$T/config.yaml" >"$T/config-ca.yaml"
	run ts-agenda sync -v -c "$T/config-ca.yaml" --client cabinet-durand
	check_same "with ca_file: exit 0" 0 "$rc"
	check_err "the booking is pushed" '; 1 pushed, 0 updated; 0 conflicts'
	kill $rad_pid $proxy_pid
	wait $rad_pid $proxy_pid 2>/dev/null
	trap - EXIT
else
	skip "sync over HTTPS" "Debian's python3-radicale is missing"
fi
done_testing
