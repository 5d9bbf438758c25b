# ts-route: the consignes as decisions (sourced by demo.sh).
# shellcheck disable=SC2154

step "ts route: the plumber's customer calls on Christmas Eve at 19:30, urgently"
ts route --client dupont-plomberie --caller 0612345678 \
    --at '2026-12-24 19:30' --reason urgent --explain

step "The practice's patients after hours, as records for ts-msg"
cat >"$work/missed.csv" <<'END'
client,caller,at,reason
cabinet-durand,06 22 33 44 55,2026-11-23 12:45,
cabinet-durand,07 88 99 00 11,2026-11-23 20:10,
cabinet-durand,,2026-11-24 08:05,urgent
cabinet-moreau-avocats,,2026-11-23 10:00,
dupont-plomberie,+49 30 1234567,2026-11-23 10:00,
END
ts route -n -o table <"$work/missed.csv"

step "From Asterisk: AGI(ts-route,agi), as the dialplan runs it"
printf '%s\n' 'agi_request: ts-route' 'agi_channel: PJSIP/trunk-00000001' \
    'agi_callerid: 0622334455' 'agi_callingpres: 0' \
    'agi_dnid: 0144000001' 'agi_uniqueid: 1795419000.1' '' \
    >"$work/agi.in"
yes '200 result=1' | head -n 20 >>"$work/agi.in"
ts route agi -n <"$work/agi.in"

step "Christmas at the practice: open, closed, holiday, who is on call"
ts route calendar --client cabinet-durand --from 2026-12-23 --days 4 \
    -o table

step "The call sheet for the secretary"
ts route sheet --client dupont-plomberie
