# tests/lib-caldav.sh - helpers of the ts-agenda sync tests against real
# CalDAV servers (Radicale, Calypso, Xandikos), sourced after lib.sh:
# the client's calendar application (curl), the test configuration, and
# the scenarios every server must pass.  POSIX sh.
#
#	. "$(dirname "$0")/lib.sh"
#	. "$(dirname "$0")/lib-caldav.sh"
#	wait_http "$B/"
#	caldav_config "$C/" durand s3cret
#	caldav_scenarios
#
# The caller sets U (user:password for curl) or BEARER (a bearer token),
# and C (the collection's URL, without the final '/').
# shellcheck disable=SC2154 # rc is set by run() in lib.sh; U and C by the caller

# wait_http URL: waits (10 s at most) until a server answers at URL.
wait_http() {
	_i=0
	until curl -s -o /dev/null "$1" || [ $_i -ge 100 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
}

# caldav_config URL USER PASSWORD [KEY VALUE]: the agenda test
# configuration with a CalDAV account (the password in a 0600 file; or,
# with KEY, KEY: VALUE instead of the user and password lines), as
# $TS_CONFIG, and a fresh store as $TS_DB.
caldav_config() {
	printf '%s\n' "$3" >"$T/pw"
	chmod 600 "$T/pw"
	if [ $# -ge 5 ]; then
		_auth="        $4: $5"
	else
		_auth="        username: $2\\
        password_file: $T/pw"
	fi
	sed "/^      cancel: /a\\
      caldav:\\
        url: $1\\
$_auth" "$DATA/agenda/config.yaml" >"$T/config.yaml"
	TS_CONFIG=$T/config.yaml
	TS_DB=$T/ts.db
	export TS_CONFIG TS_DB
}

# dav_curl ARG...: curl -s as the client's calendar application.
dav_curl() {
	if [ -n "${BEARER:-}" ]; then
		curl -s -H "Authorization: Bearer $BEARER" "$@"
	else
		curl -s -u "$U" "$@"
	fi
}

# ev UID START END SUMMARY: an event as a calendar application PUTs it.
ev() {
	printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:%s\r\nDTSTAMP:20261120T100000Z\r\nDTSTART;TZID=Europe/Paris:%s\r\nDTEND;TZID=Europe/Paris:%s\r\nSUMMARY:%s\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n' \
	    "$1" "$2" "$3" "$4"
}

# put NAME FILE [HEADER]: PUT on the server as the client's application;
# prints the status.
put() {
	dav_curl -o /dev/null -w '%{http_code}' -X PUT \
	    -H 'Content-Type: text/calendar; charset=utf-8' ${3:+-H "$3"} \
	    --data-binary "@$2" "$C/$1"
}

# get HREF: the resource at HREF (a path) on the server.
get() {
	dav_curl "${C%%://*}://$(echo "$C" | cut -d/ -f3)$1"
}

# everything: every resource of the collection, one after the other (a
# calendar-query for every VCALENDAR).
everything() {
	dav_curl -X REPORT -H 'Depth: 1' \
	    -H 'Content-Type: application/xml' --data-binary \
	    '<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/><C:calendar-data/></D:prop><C:filter><C:comp-filter name="VCALENDAR"/></C:filter></C:calendar-query>' \
	    "$C/" | sed 's/&#13;//g'
}

sync_v() {
	run ts-agenda sync -v --client cabinet-durand
}

book() {
	ts-agenda book -q --client cabinet-durand --phone 0612345678 "$@" \
	    >/dev/null
}

# busy_times: the client's busy time as "start end" lines.
busy_times() {
	ts-agenda busy --client cabinet-durand | awk -F, 'NR > 1 {
		print $4, $5 }'
}

# caldav_scenarios: what a sync must do with any CalDAV server, on a
# fresh store and an empty collection: push, two syncs in a row (the
# second writes nothing), an event added, edited and deleted on the
# server, a booking edited on both sides (a conflict, never overwritten),
# and a booking made in ts while its slot was taken on the server.
caldav_scenarios() {
	book --at '2026-11-24 10:20' --name 'Jeanne Martin'
	sync_v
	check_same "the first sync exits 0" 0 "$rc"
	check_err "pushes the booking" '; 1 pushed, 0 updated; 0 conflicts'
	h1=$(ts-agenda show --client cabinet-durand 1 |
	    field /dev/stdin 1 href)
	get "$h1" >"$T/h1.ics"
	check_grep "the server has it at its href, at the right local time" \
	    '^DTSTART;TZID=Europe/Paris:20261124T102000' "$T/h1.ics"

	sync_v
	check_same "a second sync exits 0" 0 "$rc"
	check_err "and changes nothing" \
	    ': 0 fetched, 0 changed, 0 deleted; 0 pushed, 0 updated; 0 conflicts'
	check_err "with no write" ': [0-9]+ requests, 0 writes$'

	ev golf-1 20261125T090000 20261125T100000 Golf >"$T/e1.ics"
	check_same "an event added on the server" 201 \
	    "$(put golf-1.ics "$T/e1.ics" 'If-None-Match: *')"
	sync_v
	check_err "is fetched" ': 1 fetched, 1 changed, 0 deleted'
	check_same "and is busy time" \
	    '2026-11-25T09:00:00+01:00 2026-11-25T10:00:00+01:00' \
	    "$(busy_times)"
	check_code "its slot cannot be booked" 3 ts-agenda book \
	    --client cabinet-durand --at '2026-11-25 09:20' --name X \
	    --phone 0600000001

	ev golf-1 20261125T110000 20261125T120000 Golf >"$T/e1.ics"
	check_same "the event edited on the server" 2 \
	    "$(put golf-1.ics "$T/e1.ics" | cut -c1)"
	sync_v
	check_err "is fetched again" ': 1 fetched, 1 changed, 0 deleted'
	check_same "its busy time moves" \
	    '2026-11-25T11:00:00+01:00 2026-11-25T12:00:00+01:00' \
	    "$(busy_times)"

	dav_curl -o /dev/null -X DELETE "$C/golf-1.ics"
	sync_v
	check_err "an event deleted on the server is seen" \
	    ': 0 fetched, 0 changed, 1 deleted'
	check_same "and its busy time is gone" "" "$(busy_times)"

	sed -e 's/T102000/T150000/' -e 's/T104000/T152000/' \
	    -e 's/^SEQUENCE:0/SEQUENCE:1/' "$T/h1.ics" >"$T/moved.ics"
	check_same "the client edits the booking on the server" 2 \
	    "$(put "${h1##*/}" "$T/moved.ics" | cut -c1)"
	check "a secretary moves it in ts" ts-agenda move -q \
	    --client cabinet-durand --at '2026-11-24 09:00' 1
	sync_v
	check_same "the sync exits 3: a conflict" 3 "$rc"
	check_err "reported with the booking" \
	    "booking 1 .* is in conflict: changed in the client's calendar"
	check_grep "the server's version is not overwritten" \
	    '^DTSTART;TZID=Europe/Paris:20261124T150000' \
	    "$(get "$h1" >"$T/h1.ics" && echo "$T/h1.ics")"
	check "the secretary moves it again, having seen it" ts-agenda move \
	    -q --client cabinet-durand --at '2026-11-24 09:20' 1
	sync_v
	check_same "then the sync exits 0" 0 "$rc"
	check_err "and pushes it" '0 pushed, 1 updated; 0 conflicts'
	check_grep "the server has the new time" \
	    '^DTSTART;TZID=Europe/Paris:20261124T092000' \
	    "$(get "$h1" >"$T/h1.ics" && echo "$T/h1.ics")"

	ev kine-1 20261201T100000 20261201T110000 Kiné >"$T/e2.ics"
	put kine-1.ics "$T/e2.ics" 'If-None-Match: *' >/dev/null
	book --at '2026-12-01 10:20' --name 'Zoé Lefèvre'
	check_same "booked in ts, the server not seen yet" 0 "$?"
	sync_v
	check_same "the slot was taken on the server: the sync exits 3" 3 \
	    "$rc"
	check_err "and says so" "booking [0-9]+ .* is in conflict: the slot \
is taken in the client's calendar"
	check_same "nothing pushed over it" 0 "$(everything | grep -c Zoé)"
	check "cancelling it settles it" ts-agenda cancel -q \
	    --client cabinet-durand 2
	sync_v
	check_same "the sync exits 0" 0 "$rc"
	sync_v
	check_err "and the next one writes nothing" \
	    ': 0 fetched, 0 changed, 0 deleted; 0 pushed, 0 updated; 0 conflicts'
}
