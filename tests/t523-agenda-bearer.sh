#!/bin/sh
# ts-agenda sync with a bearer token (token_file, token_env: Google's
# CalDAV takes OAuth tokens only): a gateway on 127.0.0.1
# (tests/tools/calproxy.py) refuses every request without
# "Authorization: Bearer <the token>" with 401 and passes the others to
# a real Radicale that trusts it (http_x_remote_user).  The scenarios of
# lib-caldav.sh through it; a wrong token is a clear error, exit 2, and
# no token is ever written on stderr.
# shellcheck disable=SC2154 # rc is set by run() in lib.sh
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-caldav.sh"

need_py radicale || skip_all "Debian's python3-radicale is missing"
need_cmd curl || skip_all "curl is missing"

rport=$(free_port)
pport=$(free_port)
R=$T/radicale
mkdir -p "$R"
"$PY" -m radicale --config "" --server-hosts "127.0.0.1:$rport" \
    --auth-type http_x_remote_user --rights-type owner_only \
    --storage-filesystem-folder "$R/collections" --web-type none \
    >"$R/log" 2>&1 &
rad_pid=$!
BEARER=ya29.test-0123456789abcdef
printf '%s\n' "$BEARER" >"$T/token"
chmod 600 "$T/token"
PROXY_TOKEN_FILE=$T/token "$PY" "$TS_ROOT/tests/tools/calproxy.py" \
    "$pport" "http://127.0.0.1:$rport" >"$T/proxy.log" 2>&1 &
proxy_pid=$!
trap 'kill $rad_pid $proxy_pid 2>/dev/null' EXIT
B=http://127.0.0.1:$pport
C=$B/durand/agenda
wait_http "http://127.0.0.1:$rport/"
wait_http "$B/"

check_same "without the token, the gateway says 401" 401 \
    "$(curl -s -o /dev/null -w '%{http_code}' -u durand:x "$C/")"
check_same "with it, Radicale makes the calendar" 201 \
    "$(dav_curl -o /dev/null -w '%{http_code}' -X MKCALENDAR "$C/")"

caldav_config "$C/" - - token_file "$T/token"
caldav_scenarios

check_same "every request of ts-agenda was let through (401: the two curls)" \
    2 "$(grep -c ' 401$' "$T/proxy.log")"

printf 'ya29.wrong-token\n' >"$T/token"
book --at '2026-11-27 09:00' --name 'Marc Petit'
run ts-agenda sync --client cabinet-durand
check_same "a wrong token exits 2" 2 "$rc"
check_err "and says what to check" \
    "^ts-agenda: caldav sync: 'http://127.0.0.1:$pport' replied 401 \\(check the user name and the password or token\\)$"
check_same "without the token" "" "$(grep -e ya29 -e wrong "$T/err")"
run ts-agenda sync -v --client cabinet-durand
check_same "nor with -v" "" "$(grep -e ya29 -e wrong "$T/err")"

printf '%s\n' "$BEARER" >"$T/token"
caldav_config "$C/" - - token_env TEST_CALDAV_TOKEN
TEST_CALDAV_TOKEN=$BEARER
export TEST_CALDAV_TOKEN
run ts-agenda sync -v --client cabinet-durand
check_same "the token from the environment: the sync exits 0" 0 "$rc"
check_err "and pushes what was left" '; 1 pushed, 0 updated; 0 conflicts'
TEST_CALDAV_TOKEN=nope
run ts-agenda sync --client cabinet-durand
check_same "a wrong one there exits 2 as well" 2 "$rc"
check_same "and is not written either" "" "$(grep nope "$T/err")"

kill $rad_pid $proxy_pid
wait $rad_pid $proxy_pid 2>/dev/null
trap - EXIT
done_testing
