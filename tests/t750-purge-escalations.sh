#!/bin/sh
# ts-export and ts-purge reach ts-route's escalations and the messages it
# hands to ts-msg: the store is filled by 'ts-route | ts-msg add -'; a
# caller's escalation and message are exported and erased, the other
# caller's stay; retention takes the rest, except what a legal hold keeps.
. "$(dirname "$0")/lib.sh"

TS_CONFIG=$DATA/route/config.yaml
TS_DB=$T/ts.db
TS_NOW=2026-11-23T22:00:00+01:00
export TS_CONFIG TS_DB TS_NOW
q() {
	sqlite3 "$TS_DB" "$1"
}

cat >"$T/calls.csv" <<'END'
client,caller,at,reason
cabinet,06 55 55 55 55,2026-11-23 22:00,urgent
cabinet,06 77 77 77 77,2026-11-23 22:00,
END
check "the store is filled by ts-route and ts-msg" sh -c \
    "ts-route '$T/calls.csv' | ts-msg -q add -"
check "an escalation is open" ts-route escalations
check_grep "for the urgent caller" '^1,cabinet,medecins,.*,\+33655555555,' \
    "$T/out"

check "the subject's export" ts-export -q subject --client cabinet \
    --phone '+33 6 55 55 55 55' --dir "$T/bundle"
check_same "escalations.csv and messages.csv in the bundle" "1 1" \
    "$(sed 1d "$T/bundle/escalations.csv" | wc -l | tr -d ' ') $(sed 1d \
    "$T/bundle/messages.csv" | wc -l | tr -d ' ')"
check "the on-call staff alerted are in it as staff, not as the person" \
    grep -q '+33610000002' "$T/bundle/escalations.csv"

check "the erasure" ts-purge subject --client cabinet --phone 0655555555
check_grep "her escalation" '^cabinet,escalations,,,1,deleted$' "$T/out"
check_grep "her message" '^cabinet,messages,,,1,deleted$' "$T/out"
check_grep "its deliveries" '^cabinet,deliveries,,,2,deleted$' "$T/out"
check_same "nothing of her number is left in the store" 0 \
    "$(q "select (select count(*) from escalations) +
	(select count(*) from messages where caller = '+33655555555')")"
check_same "the other caller's message stays" 1 \
    "$(q "select count(*) from messages where caller = '+33677777777'")"

check "a legal hold on the other caller" ts-purge -q hold --client cabinet \
    --phone 0677777777 --ref LIT-1
check "retention two years later" env TS_NOW=2028-12-01T09:00:00+01:00 \
    ts-purge --client cabinet
check_grep "keeps the held caller's message" \
    '^cabinet,messages,1y,[^,]*,0,deleted$' "$T/out"
check_grep "and its delivery" '^cabinet,deliveries,3mo,[^,]*,0,deleted$' \
    "$T/out"
check "released" ts-purge -q release --client cabinet --phone 0677777777
check "retention again" env TS_NOW=2028-12-01T09:00:00+01:00 \
    ts-purge --client cabinet
check_grep "the delivery goes (3 months)" \
    '^cabinet,deliveries,3mo,[^,]*,1,deleted$' "$T/out"
check_grep "the message goes (1 year)" \
    '^cabinet,messages,1y,[^,]*,1,deleted$' "$T/out"
check_grep "the escalations class is purged too" \
    '^cabinet,escalations,1y,' "$T/out"

done_testing
