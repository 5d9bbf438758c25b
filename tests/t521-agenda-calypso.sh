#!/bin/sh
# ts-agenda sync against a real Calypso on 127.0.0.1 (a free port, a
# temporary git storage folder, htpasswd authentication): a server
# without sync-collection (RFC 6578), where the ctag and the etags say
# what changed, and which names each resource after its UID whatever
# the href it was PUT at.  The scenarios of lib-caldav.sh.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-caldav.sh"

need_py calypso || skip_all "Debian's calypso is missing"
need_cmd htpasswd curl git ||
    skip_all "htpasswd (apache2-utils), curl or git is missing"

port=$(free_port)
R=$T/calypso
mkdir -p "$R/store/durand/agenda"
# Calypso keeps each collection in a git repository, and commits as the
# user who wrote.
git init -q "$R/store/durand/agenda"
git -C "$R/store/durand/agenda" config user.name calypso
git -C "$R/store/durand/agenda" config user.email calypso@localhost
htpasswd -c -b -s "$R/users" durand 's3cret' 2>/dev/null
cat >"$R/config" <<EOF2
[server]
host = 127.0.0.1
port = $port
pidfile = $R/pid
[acl]
type = htpasswd
filename = $R/users
encryption = sha1
personal = True
[storage]
folder = $R/store
EOF2
CALYPSO_CONFIG=$R/config "$PY" /usr/bin/calypso -f >"$R/log" 2>&1 &
cal_pid=$!
trap 'kill $cal_pid 2>/dev/null' EXIT
U=durand:s3cret
B=http://127.0.0.1:$port
C=$B/durand/agenda
wait_http "$B/"

curl -s -u "$U" -X REPORT -H 'Depth: 1' -H 'Content-Type: application/xml' \
    --data-binary '<D:sync-collection xmlns:D="DAV:"><D:sync-token/><D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>' \
    "$C/" >"$T/sync.xml"
check_same "Calypso has no sync-collection (no token in its reply)" 0 \
    "$(grep -c sync-token "$T/sync.xml")"
curl -s -u "$U" -X PROPFIND -H 'Depth: 0' -H 'Content-Type: application/xml' \
    --data-binary '<D:propfind xmlns:D="DAV:" xmlns:CS="http://calendarserver.org/ns/"><D:prop><CS:getctag/></D:prop></D:propfind>' \
    "$C/" >"$T/ctag.xml"
check_grep "but a ctag" 'getctag>[0-9]' "$T/ctag.xml"

caldav_config "$C/" durand s3cret
caldav_scenarios

check_same "the booking follows the href Calypso gave it" \
    "/durand/agenda/$(ts-agenda show --client cabinet-durand 1 |
    field /dev/stdin 1 uid)" "$(ts-agenda show --client cabinet-durand 1 |
    field /dev/stdin 1 href)"

kill $cal_pid
wait $cal_pid 2>/dev/null
trap - EXIT
done_testing
