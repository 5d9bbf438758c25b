#!/bin/sh
# ts-agenda: free slots over hours, holidays, closures and bookings; book,
# move, cancel; no double booking, even with 20 books of one slot at once;
# exit 3 with the nearest free slots; both 2026 nights of a clock change.
# shellcheck disable=SC2154 # rc is set by run() in lib.sh
. "$(dirname "$0")/lib.sh"

D=$DATA/agenda
TS_CONFIG=$D/config.yaml
TS_DB=$T/ts.db
export TS_CONFIG TS_DB

check_code "no command exits 2" 2 ts-agenda
check_code "an unknown command exits 2" 2 ts-agenda plan
check_err "and names it" "unknown command 'plan'"
check_code "slots without --client exits 2" 2 ts-agenda slots
check_code "an unknown client exits 2" 2 ts-agenda slots --client nobody
check_err "and names it" "unknown client 'nobody'"
check_code "a client without an agenda exits 2" 2 \
    ts-agenda slots --client cabinet-moreau
check_err "and says so" "client 'cabinet-moreau' has no 'agenda'"
check_code "an unknown type exits 2" 2 \
    ts-agenda slots --client cabinet-durand --type visite
check_err "and lists the types" "'consultation', 'premiere-visite'"

# 23 Dec: a Wednesday; 24 Dec: closed; 25 Dec: Christmas; 26 Dec: Saturday
# morning; 27 Dec: Sunday, closed.
check_out "slots over hours, a closure, a holiday and a Saturday" \
    "$D/slots-december.csv" ts-agenda slots --client cabinet-durand \
    --from 2026-12-23 --days 5
check_out "a 40-minute type on the 20-minute grid" \
    "$D/slots-first-visit.csv" ts-agenda slots --client cabinet-durand \
    --type premiere-visite --from 2026-12-26 --days 1
# TS_NOW is Monday 23 Nov 09:00: two hours' notice.
check_out "no slot within the notice" "$D/slots-notice.csv" \
    ts-agenda slots --client cabinet-durand --days 1
check_code "no slot on a Sunday exits 3" 3 \
    ts-agenda slots --client cabinet-durand --from 2026-11-29 --days 1

# Book, and the slot is gone.
book() {
	run ts-agenda book --client cabinet-durand --name 'Jeanne Martin' \
	    --phone '06 12 34 56 78' --email jeanne@example.org "$@"
}
book --at '2026-11-24 10:20'
check_same "book exits 0" 0 "$rc"
cp "$T/out" "$T/booked.csv"
check_same "the booking's id" 1 "$(field "$T/booked.csv" 1 booking_id)"
check_same "its phone in E.164" +33612345678 \
    "$(field "$T/booked.csv" 1 phone)"
check_grep "a UID" '^1,[0-9a-f-]{36}@ts-agenda,' "$T/booked.csv"
uid=$(field "$T/booked.csv" 1 uid)
check_grep "stderr names the booking and its time" \
    "stored booking 1 \\($uid\\) at 2026-11-24T10:20:00\\+01:00" "$T/err"
check_same "the store is 0600" "-rw-------" "$(mode_of "$TS_DB")"
ts-agenda slots --client cabinet-durand --from 2026-11-24 --days 1 \
    >"$T/slots"
check_same "the slot is no longer offered" "" \
    "$(grep 'consultation,2026-11-24T10:20' "$T/slots")"
check_same "its neighbours still are" 2 \
    "$(grep -c 'consultation,2026-11-24T10:[04]0' "$T/slots")"

book --at '2026-11-24 10:20'
check_same "the same slot again exits 3" 3 "$rc"
check_err "the slot is taken" "the slot '2026-11-24 10:20' is taken"
check_err "the nearest free slots follow" "^  2026-11-24T10:00:00\\+01:00$"
check_err "on both sides" "^  2026-11-24T10:40:00\\+01:00$"
book --at '2026-11-24 10:30'
check_same "an overlapping time off the grid exits 3" 3 "$rc"
book --at '2026-11-24 12:20'
check_same "outside the hours exits 3" 3 "$rc"
check_err "and says so" "outside the hours for appointments"
book --at '2026-11-23 10:00'
check_same "within the notice exits 3" 3 "$rc"
check_err "and says so" "too soon: appointments need 120 minutes"
book --at '2026-12-25 10:00'
check_same "on Christmas exits 3" 3 "$rc"
book --at '2026-12-25 10:00' --force
check_same "unless forced" 0 "$rc"
book --at '2026-11-24 10:40' --type visite
check_same "an unknown type exits 2" 2 "$rc"
run ts-agenda book --client cabinet-durand --at '2026-11-24 10:40' \
    --name X --phone 'zz-unknown'
check_same "a bad phone number exits 2" 2 "$rc"
check_err "naming the option, not the value" "\\(--phone\\): none or not"
check_same "no personal data on stderr" "" "$(grep 'zz-unknown' "$T/err")"
run ts-agenda book --client cabinet-durand --at '2026-11-24 10:40' \
    --phone 0612345678
check_same "no name exits 2" 2 "$rc"
book --at '2026-11-24 10:40' -n
check_same "a dry run exits 0" 0 "$rc"
book --at '2026-11-24 10:40' -n
check_same "and stores nothing" 0 "$rc"

# Move and cancel.
check "move by UID" ts-agenda move --client cabinet-durand \
    --at '2026-11-24 11:00' "$uid"
check_same "sequence 1 after a move" 1 "$(field "$T/out" 1 sequence)"
book --at '2026-11-24 10:20'
check_same "the old time is free again" 0 "$rc"
check_code "moving onto a taken slot exits 3" 3 ts-agenda move \
    --client cabinet-durand --at '2026-11-24 10:20' 1
check "cancel by id" ts-agenda cancel --client cabinet-durand 1
check_same "cancelled" cancelled "$(field "$T/out" 1 status)"
check_same "sequence 2" 2 "$(field "$T/out" 1 sequence)"
check_code "cancelling twice exits 3" 3 ts-agenda cancel \
    --client cabinet-durand 1
check_code "moving a cancelled booking exits 3" 3 ts-agenda move \
    --client cabinet-durand --at '2026-11-24 11:00' 1
check_code "an unknown booking exits 3" 3 ts-agenda show \
    --client cabinet-durand 99
book --at '2026-11-24 11:00'
check_same "a cancelled booking's slot is free" 0 "$rc"
check "list" ts-agenda list --client cabinet-durand -o csv
sed 's/,[0-9a-f-]*@ts-agenda,/,UID,/' "$T/out" >"$T/list.csv"
check_same "every booking, the cancelled one kept" \
    "$(cat "$D/list.csv")" "$(cat "$T/list.csv")"
check "show as JSON" ts-agenda show --client cabinet-durand -o json 1
check_grep "one JSON object" '^\{"booking_id":1,.*"status":"cancelled"' \
    "$T/out"

# 20 secretaries book 8 December 10:00 at once: one booking.
i=0 pids=
while [ $i -lt 20 ]; do
	ts-agenda book -q --client cabinet-durand --at '2026-12-08 10:00' \
	    --name "Patient $i" --phone "06 00 00 00 $((10 + i))" \
	    >/dev/null 2>"$T/race.$i" &
	pids="$pids $!"
	i=$((i + 1))
done
wins=0 nos=0 others=0
for pid in $pids; do
	wait "$pid"
	case $? in
	0) wins=$((wins + 1)) ;;
	3) nos=$((nos + 1)) ;;
	*) others=$((others + 1)) ;;
	esac
done
check_same "20 books of one slot at once: one wins" 1 "$wins"
check_same "the 19 others exit 3" 19 "$nos"
check_same "one booking stored at that time" 1 "$(sqlite3 "$TS_DB" \
    "select count(*) from bookings where status = 'confirmed' and
    start = strftime('%s', '2026-12-08T09:00:00Z')")"

# The night clocks go forward (29 March 2026, 02:00 -> 03:00) and back
# (25 October, 03:00 -> 02:00), for a client open on Sunday nights.
TS_NOW=2026-03-20T09:00:00+01:00
export TS_NOW
check_out "slots the night clocks go forward" "$D/slots-spring.csv" \
    ts-agenda slots --client sos-depannage --from 2026-03-29 --days 1
check_out "slots the night clocks go back" "$D/slots-autumn.csv" \
    ts-agenda slots --client sos-depannage --from 2026-10-25 --days 1
sos() {
	run ts-agenda book --client sos-depannage --name 'Marc Petit' \
	    --phone 0611223344 "$@"
}
sos --at '2026-03-29 02:30'
check_same "a time in the spring gap exits 2" 2 "$rc"
check_err "and says it does not exist" \
    "no such local time '2026-03-29 02:30' in Europe/Paris"
sos --at '2026-03-29 01:30'
check_same "01:30 the night of the gap" 0 "$rc"
check_same "lasts one real hour: ends 03:30 summer time" \
    2026-03-29T03:30:00+02:00 "$(field "$T/out" 1 end)"
sos --at '2026-10-25 02:30'
check_same "an ambiguous autumn time exits 2" 2 "$rc"
check_err "and asks for an offset" \
    "ambiguous local time '2026-10-25 02:30' in Europe/Paris; give an offset"
sos --at '2026-10-25T02:30+02:00'
check_same "the first 02:30, with its offset" 0 "$rc"
check_same "ends at the second 02:30" 2026-10-25T02:30:00+01:00 \
    "$(field "$T/out" 1 end)"
sos --at '2026-10-25T02:30+01:00'
check_same "the second 02:30 is another slot" 0 "$rc"
sos --at '2026-10-25T02:00+01:00'
check_same "02:00 winter time overlaps it: exit 3" 3 "$rc"

done_testing
