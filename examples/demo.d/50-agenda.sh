# ts-agenda: a secretary books appointments while the caller is on the line
# (sourced by demo.sh).
# shellcheck disable=SC2154

step "ts agenda slots: Dr Durand's free slots tomorrow, read over the phone"
ts agenda slots --client cabinet-durand --from 2026-11-24 --days 1 -o table |
    head -n 8

step "The doctor's own Google calendar (a weekly meeting, a congress) is busy time"
ts agenda import --client cabinet-durand "$root/examples/agenda-google.ics"
ts agenda busy --client cabinet-durand --until 2026-12-01 -o table

step "Book 10:20 for a caller, and queue the confirmation SMS for ts-msg"
ts agenda book --client cabinet-durand --at '2026-11-24 10:20' \
    --name 'Jeanne Martin' --phone '06 12 34 56 78' --confirm -o json

step "A colleague tries the same slot a second later: exit 3 and the nearest"
ts agenda book --client cabinet-durand --at '2026-11-24 10:20' \
    --name 'Paul Roux' --phone '06 11 11 11 11' || echo "(exit $?)"

step "Autumn night: 02:30 happens twice, so an offset is needed"
ts agenda book --client cabinet-durand --at '2026-10-25 02:30' \
    --name 'Paul Roux' --phone '06 11 11 11 11' || echo "(exit $?)"

step "The doctor's calendar file (RFC 5545, TZID=Europe/Paris)"
ts agenda export --client cabinet-durand | grep -E '^(UID|DTSTART;|SUMMARY)'

step "18:00: tomorrow's reminders for ts-msg, once each"
TS_NOW=2026-11-23T18:00:00+01:00 ts agenda remind --within 24h -o json
TS_NOW=2026-11-23T19:00:00+01:00 ts agenda remind --within 24h -o json
echo "(the second run writes no reminder twice)"
