#!/bin/sh
# ts-agenda messages for ts-msg: the confirmation of book --confirm, the
# cancellation notice, and reminders: one per booking and start, however
# often cron runs, none for a cancelled booking, the new time only for a
# moved one; the client's templates with the date in French words.
. "$(dirname "$0")/lib.sh"

TS_CONFIG=$TS_ROOT/examples/config.yaml
TS_DB=$T/ts.db
export TS_CONFIG TS_DB

# uids FILE: the file with each booking's UID replaced by UID.
uids() {
	sed 's/[0-9a-f-]\{36\}@ts-agenda/UID/g' "$1"
}

check "book --confirm" ts-agenda book --client cabinet-durand \
    --at '2026-11-24 10:20' --name 'Jeanne Martin' --phone '06 12 34 56 78' \
    --email jeanne@example.org --confirm
check_same "writes the confirmation for ts-msg" \
    "$(cat "$DATA/agenda/confirmation.csv")" "$(uids "$T/out")"
check_grep "and names the booking on stderr" '^ts-agenda: stored booking 1 ' \
    "$T/err"
check "book without an e-mail address" ts-agenda book \
    --client cabinet-durand --at '2026-11-24 14:00' --name 'Paul Roux' \
    --phone '06 11 11 11 11' --confirm -o json
check_grep "notify is the SMS only" '"notify":"sms:\+33611111111"' "$T/out"
check_grep "ref is confirmation:<uid>:<sequence>" \
    '"ref":"confirmation:[0-9a-f-]{36}@ts-agenda:0"' "$T/out"
ts-agenda book -q --client cabinet-durand --at '2026-11-25 09:00' \
    --name 'Zoé Lefèvre' --phone 0622222222 >/dev/null
ts-agenda book -q --client cabinet-durand --at '2026-11-27 09:00' \
    --name 'Marc Petit' --phone 0633333333 >/dev/null

# The cron job of 18:00 the day before.
TS_NOW=2026-11-23T18:00:00+01:00
export TS_NOW
check "remind --within 24h" ts-agenda remind --within 24h
check_same "the two bookings of the next 24 hours" \
    "$(cat "$DATA/agenda/reminders.csv")" "$(uids "$T/out")"
check "remind again (cron runs it every hour)" ts-agenda remind \
    --within 24h
check_same "nothing twice" 1 "$(wc -l <"$T/out" | tr -d ' ')"
check "remind --within 48h" ts-agenda remind --within 48h
check_same "only the booking not reminded yet" 2 \
    "$(wc -l <"$T/out" | tr -d ' ')"
check_grep "Zoé's" ',Zoé Lefèvre,\+33622222222,' "$T/out"
check "a dry run" ts-agenda remind -n --within 5d
check_grep "shows Marc's reminder" ',Marc Petit,' "$T/out"
check "remind --within 5d" ts-agenda remind --within 5d
check_grep "the dry run did not record it" ',Marc Petit,' "$T/out"

# Moved: reminded again for its new time; cancelled: not at all.
ts-agenda move -q --client cabinet-durand --at '2026-11-24 11:00' 1 \
    >/dev/null
ts-agenda cancel -q --client cabinet-durand 2 >/dev/null
check "remind after a move and a cancellation" ts-agenda remind \
    --within 24h
check_same "one reminder: the moved booking" 2 \
    "$(wc -l <"$T/out" | tr -d ' ')"
check_grep "for its new time" \
    ',reminder:[0-9a-f-]{36}@ts-agenda:1795514400,.*,1,.*,2026-11-24T11:00:00\+01:00$' \
    "$T/out"
check "cancel --notify" ts-agenda cancel --client cabinet-durand --notify 1
check_grep "writes the cancellation notice" \
    '^cabinet-durand,cancellation,cancellation:[0-9a-f-]{36}@ts-agenda:2,' \
    "$T/out"
check_grep "in French" 'votre rendez-vous du mardi 24 novembre 2026 à 11h00 est annulé' "$T/out"
check "remind --client" ts-agenda remind --client cabinet-durand
check_code "a bad duration exits 2" 2 ts-agenda remind --within soon
check_code "a client without an agenda exits 2" 2 ts-agenda remind \
    --client dupont-plomberie

done_testing
