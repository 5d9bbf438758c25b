#!/bin/sh
# ts-kpi lost: unanswered calls, and whether each caller was reached
# afterwards (called back, or called again and answered) within --within;
# ts-kpi explain: how one call was read, merged, classified and counted.
. "$(dirname "$0")/lib.sh"

D=$DATA/kpi
TS_CONFIG=$D/config.yaml
export TS_CONFIG
calls=$D/calls.csv

check_out "lost: every call not answered by a person, in time order" \
    "$D/lost.csv" ts-kpi lost "$calls"
check_grep "a06 was called back by the service after 30 min" \
    '^a06,.*,missed,yes,callback,2026-11-17T08:30:00\+01:00,1800$' \
    "$D/lost.csv"
check_grep "a04's caller called again and was answered an hour later" \
    '^a04,.*,abandoned,yes,caller,2026-11-16T11:30:00\+01:00,3600$' \
    "$D/lost.csv"
check_grep "times are in the client's zone" \
    '^b03,beta,.*,2026-11-17T11:00:00-05:00,40,abandoned,no,,,$' \
    "$D/lost.csv"
check "lost --within 30m" ts-kpi lost --within 30m "$calls"
check_grep "an hour is too late then" '^a04,.*,abandoned,no,,,$' "$T/out"
check_grep "half an hour is not" '^a06,.*,yes,callback,.*,1800$' "$T/out"
check "lost --period 2026-11-17 --client beta" ts-kpi lost \
    --period 2026-11-17 --client beta "$calls"
check_same "only beta's lost call of that day" "b03" \
    "$(sed 1d "$T/out" | cut -d, -f1)"
check "lost -o json" ts-kpi lost -o json --client alpha --period 2026-11-19 \
    "$calls"
check_same "json, null when not recovered" \
    '{"call_id":"a14","client":"alpha","did":"+33144000001","caller":"+33600000014","caller_name":"","start":"2026-11-19T09:00:00+01:00","wait_s":2,"status":"abandoned","callback":"no","callback_by":null,"callback_at":null,"callback_after_s":null}' \
    "$(cat "$T/out")"
check_code "--within takes a duration" 2 ts-kpi lost --within soon "$calls"

check_out "explain: a short abandon and the counters it went to" \
    "$D/explain-a04.csv" ts-kpi explain a04 "$calls"
check_grep "it is counted as abandoned and short, not in the SL" \
    '^counted in,"offered, abandoned, short_abandoned, wait distribution"$' \
    "$D/explain-a04.csv"
check_out "explain: two legs merged into one answered call" \
    "$D/explain-legs.txt" ts-kpi explain -o table 1763632800.8 "$D/legs.csv"
check_grep "the unanswered leg does not make the call lost" \
    '^merged +status answered;' "$D/explain-legs.txt"
check_out "explain: a call outside the period says so" \
    "$D/explain-outside.csv" ts-kpi explain d02 --period 2026-11 "$calls"
check_code "explain of an unknown call exits 3" 3 ts-kpi explain nope \
    "$calls"
check_err "and says so" "no call 'nope' in the input"
check_code "explain without a call id exits 2" 2 ts-kpi explain
check "explain from the store" ts-import calls -d "$T/ts.db" "$calls"
check "explain -d" ts-kpi explain a04 -d "$T/ts.db"
check_grep "the stored call is found" '^counted in,"offered, abandoned, short_abandoned, wait distribution"$' "$T/out"

done_testing
