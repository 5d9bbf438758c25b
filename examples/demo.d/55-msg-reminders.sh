# ts-msg after ts-agenda: a booking's confirmation and reminder go through
# the outbox to the patient (sourced by demo.sh, after 50-agenda.sh).
# shellcheck disable=SC2154

step "Book Thursday 09:40 and pipe the confirmation into ts msg add"
ts agenda book --client cabinet-durand --at '2026-11-26 09:40' \
    --name 'Luc Girard' --phone '06 44 55 66 77' \
    --email 'luc.girard@example.net' --confirm |
    ts msg add -c "$work/msg.yaml" -
ts msg send -c "$work/msg.yaml" -v ||
    echo "(exit $?: the example's SMS gateway is not reachable from here;"\
    "the SMS waits for a retry, the e-mail went)"

step "Wednesday 18:00: ts agenda remind | ts msg add -, then ts msg send"
TS_NOW=2026-11-25T18:00:00+01:00 ts agenda remind --within 24h |
    TS_NOW=2026-11-25T18:00:00+01:00 ts msg add -c "$work/msg.yaml" -
TS_NOW=2026-11-25T18:00:00+01:00 ts msg send -c "$work/msg.yaml" ||
    echo "(exit $?: the SMS still cannot go; after 2 days it is dead)"
ts msg list -c "$work/msg.yaml" --client cabinet-durand -o table
