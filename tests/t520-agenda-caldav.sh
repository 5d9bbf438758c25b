#!/bin/sh
# ts-agenda sync against a real Radicale on 127.0.0.1 (a free port, a
# temporary storage folder, htpasswd authentication): push, idempotence,
# events added, edited and deleted on the server, an edit on both sides
# (412, a conflict, never overwritten), a slot taken on the server, a
# refused sync token, cancellations, 20 books of one slot at once, and
# the errors (wrong password, server down).
# shellcheck disable=SC2154 # rc is set by run() in lib.sh
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-caldav.sh"

need_py radicale || skip_all "Debian's python3-radicale is missing"
need_cmd htpasswd curl sqlite3 ||
    skip_all "htpasswd (apache2-utils), curl or sqlite3 is missing"

D=$DATA/agenda
port=$(free_port)
R=$T/radicale
mkdir -p "$R"
cat >"$R/radicale.conf" <<EOF
[server]
hosts = 127.0.0.1:$port
[auth]
type = htpasswd
htpasswd_filename = $R/users
htpasswd_encryption = md5
[rights]
type = owner_only
[storage]
filesystem_folder = $R/collections
[web]
type = none
[logging]
level = warning
EOF
htpasswd -c -b -m "$R/users" durand 's3cret' 2>/dev/null
"$PY" -m radicale --config "$R/radicale.conf" >"$R/log" 2>&1 &
rad_pid=$!
trap 'kill $rad_pid 2>/dev/null' EXIT
U=durand:s3cret
B=http://127.0.0.1:$port
C=$B/durand/agenda
wait_http "$B/"
code=$(curl -s -o /dev/null -w '%{http_code}' -u "$U" -X MKCALENDAR \
    -H 'Content-Type: application/xml' --data-binary \
    '<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop><D:displayname>Dr Durand</D:displayname><C:supported-calendar-component-set><C:comp name="VEVENT"/></C:supported-calendar-component-set></D:prop></D:set></C:mkcalendar>' \
    "$C/")
check_same "Radicale is up and has the calendar" 201 "$code"
DIR=$R/collections/collection-root/durand/agenda

caldav_config "$C/" durand s3cret
nfiles() {
	find "$DIR" -maxdepth 1 -name '*.ics' | wc -l | tr -d ' '
}

book --at '2026-11-24 10:20' --name 'Jeanne Martin'
book --at '2026-11-24 11:00' --name 'Paul Roux' --email paul@example.org
sync_v
check_same "the first sync exits 0" 0 "$rc"
check_err "pushes the two bookings" \
    '0 fetched, 0 changed, 0 deleted; 2 pushed, 0 updated; 0 conflicts'
check_same "two resources on the server" 2 "$(nfiles)"
check_grep "at the right local time" \
    '^DTSTART;TZID=Europe/Paris:20261124T102000' "$(grep -l 'Jeanne' \
    "$DIR"/*.ics)"
h1=$(ts-agenda show --client cabinet-durand 1 | field /dev/stdin 1 href)
check_grep "the booking knows its href" '^/durand/agenda/.*\.ics$' \
    "$(echo "$h1" >"$T/h1" && echo "$T/h1")"

sync_v
check_same "a second sync exits 0" 0 "$rc"
check_err "and changes nothing" \
    ': 0 fetched, 0 changed, 0 deleted; 0 pushed, 0 updated; 0 conflicts'
check_err "with no write" ': 1 requests, 0 writes$'

# An event added in the client's own calendar is busy time.
ev golf-1 20261125T090000 20261125T100000 Golf >"$T/e1.ics"
check_same "an event added on the server" 201 \
    "$(put golf-1.ics "$T/e1.ics" 'If-None-Match: *')"
sync_v
check_err "is fetched" ': 1 fetched, 1 changed, 0 deleted'
check_out "and is busy time" "$D/busy-caldav.csv" \
    ts-agenda busy --client cabinet-durand
check_code "its slot cannot be booked" 3 ts-agenda book \
    --client cabinet-durand --at '2026-11-25 09:20' --name X --phone 0600000001

# An event deleted on the server is no longer busy.
curl -s -o /dev/null -u "$U" -X DELETE "$C/golf-1.ics"
sync_v
check_err "a deleted event is seen" ': 0 fetched, 0 changed, 1 deleted'
check_same "and its busy time is gone" 1 \
    "$(ts-agenda busy --client cabinet-durand | wc -l | tr -d ' ')"

# The client moves booking 1 in his calendar while a secretary moves it in
# ts: a conflict, reported; the server's version is kept.
curl -s -u "$U" "$B$h1" | sed -e 's/T102000/T150000/' -e 's/T104000/T152000/' \
    -e 's/^SEQUENCE:0/SEQUENCE:1/' >"$T/moved.ics"
code=$(curl -s -o /dev/null -w '%{http_code}' -u "$U" -X PUT \
    -H 'Content-Type: text/calendar' --data-binary "@$T/moved.ics" "$B$h1")
check_same "the client edits booking 1 on the server" 201 "$code"
check "a secretary moves it in ts" ts-agenda move -q \
    --client cabinet-durand --at '2026-11-24 09:00' 1
sync_v
check_same "the sync exits 3: a conflict" 3 "$rc"
check_err "reported with the booking" \
    "booking 1 \\(.*@ts-agenda\\) at 2026-11-24T09:00:00\\+01:00 is in conflict: changed in the client's calendar"
check_same "no personal data on stderr" "" "$(grep -i jeanne "$T/err")"
check_grep "the server's version is not overwritten" \
    '^DTSTART;TZID=Europe/Paris:20261124T150000' "$DIR/${h1##*/}"
ts-agenda show --client cabinet-durand 1 >"$T/b1"
check_grep "the conflict is in the booking" ',changed in the client' "$T/b1"
sync_v
check_same "it stays a conflict" 3 "$rc"
check_err "with no write" ': [0-9]+ requests, 0 writes$'
check "the secretary moves it again, having seen it" ts-agenda move -q \
    --client cabinet-durand --at '2026-11-24 09:20' 1
sync_v
check_same "then the sync exits 0" 0 "$rc"
check_err "and pushes it" '0 pushed, 1 updated; 0 conflicts'
check_grep "the server has the new time" \
    '^DTSTART;TZID=Europe/Paris:20261124T092000' "$DIR/${h1##*/}"
check_grep "and a higher SEQUENCE" '^SEQUENCE:2' "$DIR/${h1##*/}"

# A slot taken on the server before ts knew: the booking is not pushed.
ev kine-1 20261201T100000 20261201T110000 Kiné >"$T/e2.ics"
put kine-1.ics "$T/e2.ics" 'If-None-Match: *' >/dev/null
book --at '2026-12-01 10:20' --name 'Zoé Lefèvre'
check_same "booked in ts, the server not seen yet" 0 "$?"
sync_v
check_same "the sync exits 3" 3 "$rc"
check_err "the slot is taken in the client's calendar" \
    "booking 3 .* is in conflict: the slot is taken in the client's calendar"
check_same "nothing pushed over it" 0 \
    "$(grep -l 'Zoé' "$DIR"/*.ics 2>/dev/null | wc -l | tr -d ' ')"
check "cancelling it settles it" ts-agenda cancel -q \
    --client cabinet-durand 3
sync_v
check_same "the sync exits 0" 0 "$rc"

# A cancellation is pushed with If-Match.
check "cancel booking 2" ts-agenda cancel -q --client cabinet-durand 2
sync_v
check_err "pushed as an update" '0 pushed, 1 updated; 0 conflicts'
check_grep "STATUS:CANCELLED on the server" '^STATUS:CANCELLED' \
    "$(grep -l 'Paul Roux' "$DIR"/*.ics)"

# The same, when the push meets the server's change first: PUT with the
# old If-Match gets 412, the server's version is fetched, and kept.
book --at '2026-11-26 09:00' --name 'Luc Moreau'
sync_v
h4=$(ts-agenda show --client cabinet-durand 4 | field /dev/stdin 1 href)
curl -s -u "$U" "$B$h4" | sed -e 's/T090000/T160000/' -e 's/T092000/T162000/' \
    -e 's/^SEQUENCE:0/SEQUENCE:1/' >"$T/moved4.ics"
curl -s -o /dev/null -u "$U" -X PUT -H 'Content-Type: text/calendar' \
    --data-binary "@$T/moved4.ics" "$B$h4"
ts-agenda move -q --client cabinet-durand --at '2026-11-26 09:40' 4 \
    >/dev/null
run ts-agenda sync -v --push-only --client cabinet-durand
check_same "push only, after an edit on both sides: exit 3" 3 "$rc"
check_err "412: the booking is in conflict" \
    "booking 4 .* is in conflict: changed in the client's calendar"
check_err "one write tried" ': 2 requests, 1 writes$'
check_grep "the server's version is kept" \
    '^DTSTART;TZID=Europe/Paris:20261126T160000' "$DIR/${h4##*/}"
check "cancelling it settles it" ts-agenda cancel -q \
    --client cabinet-durand 4
sync_v
check_same "the sync exits 0" 0 "$rc"
check_grep "the cancellation reaches the server" '^STATUS:CANCELLED' \
    "$DIR/${h4##*/}"

# A sync token the server refuses: a full resync, and nothing changes.
sqlite3 "$TS_DB" "update caldav_state set sync_token = '$B/bogus'"
sync_v
check_same "a refused token: the sync exits 0" 0 "$rc"
check_err "after a full resync" 'full resync: '
check_err "that writes nothing" ': [0-9]+ requests, 0 writes$'
sync_v
check_err "then incremental again" \
    '^ts-agenda: 0 fetched, 0 changed, 0 deleted; 0 pushed, 0 updated'

# 20 secretaries book one slot at once, then a sync: one booking in the
# store, one on the server.
i=0 pids=
while [ $i -lt 20 ]; do
	ts-agenda book -q --client cabinet-durand --at '2026-12-08 10:00' \
	    --name "Patient $i" --phone "06 00 00 00 $((10 + i))" \
	    >/dev/null 2>&1 &
	pids="$pids $!"
	i=$((i + 1))
done
wins=0
for pid in $pids; do
	wait "$pid" && wins=$((wins + 1))
done
check_same "20 books at once: one wins" 1 "$wins"
sync_v
check_same "the sync exits 0" 0 "$rc"
check_same "one booking at that time on the server" 1 \
    "$(grep -l '^DTSTART;TZID=Europe/Paris:20261208T100000' "$DIR"/*.ics |
    wc -l | tr -d ' ')"
check_same "one in the store" 1 "$(sqlite3 "$TS_DB" "select count(*) from
    bookings where status = 'confirmed' and
    start = strftime('%s', '2026-12-08T09:00:00Z')")"

# Two cron jobs overlap: both push the same new bookings.  The server
# takes each once (If-None-Match: *); the loser finds its own version
# there and takes it as pushed.
for h in 09:00 09:20 09:40; do
	book --at "2026-12-09 $h" --name "Patient $h"
done
ts-agenda sync -q --client cabinet-durand 2>"$T/sync1" &
p1=$!
ts-agenda sync -q --client cabinet-durand 2>"$T/sync2" &
p2=$!
wait $p1
r1=$?
wait $p2
r2=$?
# 75 (the store busy past its timeout) is allowed: cron runs it again.
ok_or_busy() {
	case $1 in
	0|75) echo ok ;;
	*) echo "exit $1" ;;
	esac
}
check_same "two overlapping syncs: the first exits 0 or 75" ok \
    "$(ok_or_busy $r1)"
check_same "the second too" ok "$(ok_or_busy $r2)"
sync_v
check_same "then a sync exits 0" 0 "$rc"
check_err "with nothing left to write" ': [0-9]+ requests, 0 writes$'
check_same "each booking once on the server" 3 \
    "$(grep -l '^DTSTART;TZID=Europe/Paris:20261209T09[024]000' \
    "$DIR"/*.ics | wc -l | tr -d ' ')"
check_same "and no conflict" 0 "$(sqlite3 "$TS_DB" \
    "select count(*) from bookings where conflict <> ''")"

check "a dry run" ts-agenda sync -n -v --client cabinet-durand
check_err "writes nothing" ': [0-9]+ requests, 0 writes$'

printf 'wrong\n' >"$T/pw"
check_code "a wrong password exits 2" 2 ts-agenda sync --client cabinet-durand
check_err "and says what to check" "replied 401 \\(check the user name"
check_same "without the password" "" "$(grep wrong "$T/err")"
printf 's3cret\n' >"$T/pw"

kill $rad_pid
wait $rad_pid 2>/dev/null
trap - EXIT
check_code "a server that is down exits 75" 75 ts-agenda sync \
    --client cabinet-durand

# At contract end, the calendar's sync state goes with the client.
check_same "the client has a sync state" "1 yes" "$(sqlite3 "$TS_DB" \
    "select count(*), (select count(*) > 0 from caldav_items
    where client = 'cabinet-durand') from caldav_state
    where client = 'cabinet-durand'" | sed 's/|1$/ yes/')"
check "ts-purge client" ts-purge -q client --client cabinet-durand \
    --no-export
check_same "forgets it" "0 0" "$(sqlite3 "$TS_DB" \
    "select (select count(*) from caldav_state), (select count(*)
    from caldav_items)" | tr '|' ' ')"

done_testing
