#!/bin/sh
# ts-agenda import and export: calendars written the way Google and
# Outlook write them (RRULE, EXDATE, RDATE, RECURRENCE-ID, all-day,
# TRANSPARENT, cancelled, floating, Windows zone names, CRLF, folding) as
# busy time; a published calendar fetched over HTTP; the export read by
# khal and calcurse with the right local times, and by ts itself.
# shellcheck disable=SC2154 # rc is set by run() in lib.sh
. "$(dirname "$0")/lib.sh"

D=$DATA/agenda
TS_CONFIG=$D/config.yaml
TS_DB=$T/ts.db
export TS_CONFIG TS_DB

check "import a Google export" ts-agenda import --client cabinet-durand \
    "$D/google.ics"
check_grep "summary on stderr" \
    '^ts-agenda: 9 events: 13 busy blocks, 3 skipped, 0 rejected$' "$T/err"
check_out "recurrences expanded by ts: EXDATE, RDATE, overrides, all-day" \
    "$D/busy-google.csv" ts-agenda busy --client cabinet-durand
check "the same file again" ts-agenda import --client cabinet-durand \
    "$D/google.ics"
check_out "replaces what it brought: nothing twice" "$D/busy-google.csv" \
    ts-agenda busy --client cabinet-durand

check "import an Outlook export under its own source" ts-agenda import \
    --client cabinet-durand --source outlook "$D/outlook.ics"
ts-agenda busy --client cabinet-durand >"$T/all.csv"
grep -e '^client,' -e ',outlook,' "$T/all.csv" >"$T/outlook.csv"
check_same "Windows zones, CRLF, floating times, COUNT, overrides" \
    "$(cat "$D/busy-outlook.csv")" "$(cat "$T/outlook.csv")"
check_same "the Google blocks are still there" 13 \
    "$(grep -c ',import,' "$T/all.csv")"

# Outlook's own zone names across the spring 2027 changes (New York's on
# 14 March, Europe's on 28 March): Windows names mapped to IANA zones
# (CLDR windowsZones), a "Customized Time Zone" read from its VTIMEZONE's
# rules, weekly RRULEs with an EXDATE each, shown in the client's zone.
run ts-agenda import --db "$T/dst.db" --client cabinet-durand \
    --source outlook "$D/outlook-dst.ics"
check_same "an Outlook export with Windows and customized zones" 1 "$rc"
check_err "a VTIMEZONE without yearly rules is refused, with its line" \
    "outlook-dst.ics:114: unknown time zone 'Customized Time Zone 1'"
check_err "the others are read" \
    '^ts-agenda: 4 events: 10 busy blocks, 0 skipped, 1 rejected$'
check_out "at the right local times on each side of both changes" \
    "$D/busy-outlook-dst.csv" ts-agenda busy --db "$T/dst.db" \
    --client cabinet-durand

# Apple Calendar (a monthly rule by weekday, alarms, an all-day span) and
# Thunderbird (a "/mozilla.org/.../Europe/Paris" TZID, an EXDATE in UTC),
# on a store of their own.
for f in apple thunderbird; do
	check "import a $f export" ts-agenda import --db "$T/at.db" \
	    --client cabinet-durand --source "$f" "$D/$f.ics"
done
check_out "Apple's and Thunderbird's recurrences" \
    "$D/busy-apple-thunderbird.csv" ts-agenda busy --db "$T/at.db" \
    --until 2027-03-01

# Busy time is not offered: Monday 30 Nov 11:00-11:30 (a moved meeting).
ts-agenda slots --client cabinet-durand --from 2026-11-30 --days 1 \
    >"$T/slots"
check_same "busy time is not offered as slots" "" \
    "$(grep -e 'consultation,2026-11-30T11:00' -e 'consultation,2026-11-30T11:20' "$T/slots")"
check_same "the time the meeting left is free again" 1 \
    "$(grep -c 'consultation,2026-11-30T09:00' "$T/slots")"
check_code "booking over busy time exits 3" 3 ts-agenda book \
    --client cabinet-durand --at '2026-11-30 11:00' --name 'Paul Roux' \
    --phone 0611111111

check_code "an unknown TZID: the event is rejected, exit 1" 1 ts-agenda \
    import --client cabinet-durand --source bad "$D/bad-tzid.ics"
check_err "with the file and line of its BEGIN:VEVENT" \
    "bad-tzid.ics:11: unknown time zone 'Mars/Olympus_Mons'"
check_grep "the other event is imported" ',bad,good-1@example.org,' \
    "$(ts-agenda busy >"$T/b" && echo "$T/b")"
printf 'hello world\n' >"$T/junk.ics"
check_code "a file that is not iCalendar exits 1" 1 ts-agenda import \
    --client cabinet-durand --source junk "$T/junk.ics"
check_code "a missing file exits 1" 1 ts-agenda import \
    --client cabinet-durand "$T/nope.ics"
check_code "import with both a file and --url exits 2" 2 ts-agenda import \
    --client cabinet-durand --url http://127.0.0.1:1/x "$D/google.ics"
check "a dry run" ts-agenda import -n --client cabinet-durand \
    --source dry "$D/google.ics"
check_same "stores nothing" 0 "$(grep -c ',dry,' "$(ts-agenda busy \
    >"$T/b" && echo "$T/b")")"

# A published calendar, over HTTP.
if need_py http.server; then
	port=$(free_port)
	mkdir -p "$T/www"
	cp "$D/outlook.ics" "$T/www/calendar.ics"
	"$PY" -m http.server --bind 127.0.0.1 --directory "$T/www" "$port" \
	    >"$T/http.log" 2>&1 &
	http_pid=$!
	trap 'kill $http_pid 2>/dev/null' EXIT
	i=0
	while ! curl -sf "http://127.0.0.1:$port/" >/dev/null 2>&1 &&
	    [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	check "--url fetches a published calendar" ts-agenda import \
	    --client cabinet-durand --source web \
	    --url "http://127.0.0.1:$port/calendar.ics"
	ts-agenda busy --client cabinet-durand | grep -c ',web,' >"$T/n"
	check_same "the same blocks as the file" 5 "$(cat "$T/n")"
	check_code "a 404 exits 1" 1 ts-agenda import --client cabinet-durand \
	    --source web --url "http://127.0.0.1:$port/nope.ics"
	check_err "naming the status" "404"
	kill $http_pid
	wait $http_pid 2>/dev/null
	trap - EXIT
	check_code "a server that is down exits 75" 75 ts-agenda import \
	    --client cabinet-durand --source web \
	    --url "http://127.0.0.1:$port/calendar.ics"
else
	skip "--url" "python3 http.server is missing"
fi

# Export: bookings across both clock changes, text to escape.
TS_NOW=2026-03-20T09:00:00+01:00
export TS_NOW
run ts-agenda book --client cabinet-durand --at '2026-03-27 09:20' \
    --name 'Jeanne Martin, née Dupont; "Jo"' --phone 0612345678 \
    --note 'Première visite: apporter la carte Vitale'
check_same "a booking before the spring change" 0 "$rc"
run ts-agenda book --client cabinet-durand --at '2026-03-30 09:20' \
    --name 'Paul Roux' --phone 0611111111 --email paul@example.org
check_same "one after it" 0 "$rc"
run ts-agenda book --client cabinet-durand --at '2026-10-26 14:40' \
    --name 'Zoé Lefèvre' --phone 0622222222 --type premiere-visite
check_same "one after the autumn change" 0 "$rc"
check "and cancel it" ts-agenda cancel --client cabinet-durand 3
check "export" ts-agenda export --client cabinet-durand --until 2027-01-01
cp "$T/out" "$T/export.ics"
sed -e 's/^UID:.*/UID:X/' -e 's/^\(DTSTAMP\|CREATED\|LAST-MODIFIED\):.*/\1:X/' \
    "$T/export.ics" | tr -d '\r' >"$T/export.txt"
check_same "the calendar, as expected" "$(cat "$D/export.txt")" \
    "$(cat "$T/export.txt")"
check_same "CRLF line ends" "$(wc -l <"$T/export.ics" | tr -d ' ')" \
    "$(grep -c "$(printf '\r')\$" "$T/export.ics")"
check_same "no line longer than 75 octets" 0 \
    "$(tr -d '\r' <"$T/export.ics" | awk 'length($0) > 75' | wc -l |
    tr -d ' ')"
check "the export again" ts-agenda export --client cabinet-durand \
    --until 2027-01-01
check_same "has the same UIDs" "$(grep ^UID: "$T/export.ics")" \
    "$(grep ^UID: "$T/out")"
check "export --from" ts-agenda export --client cabinet-durand \
    --from 2026-10-01
check_same "only the bookings from that day" 1 "$(grep -c '^BEGIN:VEVENT' \
    "$T/out")"

# khal: the times in its local zone, from TZID=Europe/Paris.
# khal_conf ZONE FILE: a khal configuration with one calendar.
khal_conf() {
	cat >"$2" <<EOF
[calendars]
[[durand]]
path = $T/khal/cal
type = calendar
[locale]
local_timezone = $1
default_timezone = $1
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
[sqlite]
path = $T/khal/khal.db
EOF
}

if need_cmd khal; then
	mkdir -p "$T/khal/cal"
	khal_conf Europe/Paris "$T/khal/paris.conf"
	khal_conf UTC "$T/khal/UTC.conf"
	check "khal imports it" khal -c "$T/khal/paris.conf" import --batch \
	    -a durand "$T/export.ics"
	khal -c "$T/khal/paris.conf" list --format '{start} {end} {status}' \
	    2026-03-01 400d 2>&1 | grep '^20' >"$T/khal.txt"
	check_same "khal shows the Paris times" "$(cat "$D/khal-paris.txt")" \
	    "$(cat "$T/khal.txt")"
	khal -c "$T/khal/UTC.conf" printics --format '{start} {end}' \
	    "$T/export.ics" 2>&1 | grep '^20' >"$T/khal-utc.txt"
	check_same "and the UTC times in UTC" "$(cat "$D/khal-utc.txt")" \
	    "$(cat "$T/khal-utc.txt")"
else
	skip "khal imports the export" "khal is not installed"
fi

# calcurse converts to the local time of TZ when it imports.
if need_cmd calcurse; then
	for z in Europe/Paris UTC; do
		d=$T/calcurse-$(echo "$z" | tr / -)
		mkdir -p "$d"
		TZ=$z calcurse -D "$d" -i "$T/export.ics" >"$T/cc.log" 2>&1
		TZ=$z calcurse -D "$d" -Q --from 03/01/2026 --days 400 \
		    --format-apt '%S-%E %m\n' >"$T/cc-$(echo "$z" |
		    tr / -).txt" 2>&1
		grep -q '^3 app' "$T/cc.log"
		check_same "calcurse imports 3 appointments ($z)" 0 "$?"
	done
	check_same "calcurse shows the Paris times" \
	    "$(cat "$D/calcurse-paris.txt")" "$(cat "$T/cc-Europe-Paris.txt")"
	check_same "and the UTC times in UTC" "$(cat "$D/calcurse-utc.txt")" \
	    "$(cat "$T/cc-UTC.txt")"
else
	skip "calcurse imports the export" "calcurse is not installed"
fi

# ts reads its own export: the confirmed bookings are busy time for
# another client's calendar, at the same instants.
check "ts imports its own export" ts-agenda import --client sos-depannage \
    --source durand "$T/export.ics"
ts-agenda busy --client sos-depannage | cut -d, -f4,5 >"$T/back.txt"
ts-agenda list --client cabinet-durand | awk -F, '$5 == "confirmed"' |
    cut -d, -f6,7 >"$T/want.txt"
check_same "the same instants, the cancelled one left out" \
    "$(cat "$T/want.txt")" "$(tail -n +2 "$T/back.txt")"

done_testing
