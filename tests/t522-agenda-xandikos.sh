#!/bin/sh
# ts-agenda sync against a real Xandikos on 127.0.0.1 (a free port, a
# temporary folder, no authentication: Xandikos leaves it to a proxy): a
# second server with sync-collection (RFC 6578), for the scenarios of
# lib-caldav.sh.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-caldav.sh"

need_py xandikos || skip_all "Debian's xandikos is missing"
need_cmd curl || skip_all "curl is missing"

port=$(free_port)
"$PY" -m xandikos.web --defaults -d "$T/xandikos" -l 127.0.0.1 -p "$port" \
    >"$T/xandikos.log" 2>&1 &
xan_pid=$!
trap 'kill $xan_pid 2>/dev/null' EXIT
U=durand:any
B=http://127.0.0.1:$port
C=$B/user/calendars/calendar
wait_http "$B/"

curl -s -u "$U" -X REPORT -H 'Depth: 1' -H 'Content-Type: application/xml' \
    --data-binary '<D:sync-collection xmlns:D="DAV:"><D:sync-token/><D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>' \
    "$C/" >"$T/sync.xml"
check_grep "Xandikos has sync-collection" 'sync-token>.' "$T/sync.xml"

caldav_config "$C/" durand any
caldav_scenarios

kill $xan_pid
wait $xan_pid 2>/dev/null
trap - EXIT
done_testing
