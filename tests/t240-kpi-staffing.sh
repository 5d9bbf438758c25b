#!/bin/sh
# ts-kpi staffing: the published Erlang C values (notes/kpi.md 5.3), Erlang
# A with --patience (5.5), an overloaded hour, a large centre, the load
# observed per hour of the week, usage errors.  The unit test test_erlang
# holds the same values to six digits.
. "$(dirname "$0")/lib.sh"

D=$DATA/kpi
TS_CONFIG=$D/config.yaml
export TS_CONFIG

# staff ARGS...: the record's fields after the header, for -o csv.
staff() {
	ts-kpi staffing "$@" | sed 1d
}
check_same "columns" \
    "calls_per_hour,aht_s,threshold_s,target,patience_s,traffic_erl,agents,service_level,p_wait,asa_s,occupancy,p_abandon" \
    "$(ts-kpi staffing --calls 1 --aht 1m | head -n 1)"
check_same "Westbay: 57 calls/h of 1110 s, 21 agents, T 180 s: 80.66 %" \
    "57,1110,180,0.8000,,17.575,21,0.8066,0.3371,109.25,0.8369," \
    "$(staff --calls 57 --aht 1110s --threshold 180s --agents 21)"
check_same "and 80 % in 20 s needs 23 agents" \
    "57,1110,20,0.8000,,17.575,23,0.8573,0.1574,32.2,0.7641," \
    "$(staff --calls 57 --aht 1110 --threshold 20 --target 80%)"
check_same "48 Erlangs, 55 agents, T 15 s: P(wait) 0.2387, SL 84.59 %, ASA 8.18 s" \
    "720,240,15,0.8000,,48,55,0.8459,0.2387,8.18,0.8727," \
    "$(staff --calls 720 --aht 4m --threshold 15s --agents 55)"
check_same "250 calls/h of 330 s, 80 % in 30 s: 28 agents" \
    "250,330,30,0.8000,,22.917,28,0.8569,0.2272,14.75,0.8185," \
    "$(staff --calls 250 --aht 330 --threshold 30 --target 80)"
check_same "60 calls/h of 180 s, 80/15: 5 agents at 80.01 % (>=, not rounded)" \
    "60,180,15,0.8000,,3,5,0.8001,0.2362,21.25,0.6000," \
    "$(staff --calls 60 --aht 180 --threshold 15 --target 80)"
check_same "a large centre: 5000 calls/h of 300 s, 80/20: 429 agents" \
    "5000,300,20,0.8000,,416.667,429,0.8080,0.4368,10.63,0.9713," \
    "$(staff --calls 5000 --aht 300 --threshold 20 --target 80)"
# Occupancy with abandons: (1 - 0.1473) * 3 / 4 = 0.6395.
check_same "Erlang A, 60 s patience, 4 agents: SL, P(wait), occupancy, P(abandon)" \
    "0.7590,0.2926,0.6395,0.1473" \
    "$(staff --calls 60 --aht 180 --threshold 15 --patience 60 --agents 4 |
    cut -d, -f8,9,11,12)"
check_same "Erlang A: 5 agents reach 80/15 with 60 s patience" \
    "60,180,15,0.8000,60,3,5,0.8784,0.1568,2.58,0.5584,0.0693" \
    "$(staff --calls 60 --aht 3m --threshold 15s --patience 1m --target 80)"
check_same "Erlang A, 120 s patience, 3 agents" \
    "0.5198,0.5374,0.2449" \
    "$(staff --calls 60 --aht 180 --threshold 15 --patience 120 --agents 3 |
    cut -d, -f8,9,12)"
check_same "too few agents: SL 0, always waiting, no ASA" \
    "100,3600,20,0.8000,,100,50,0.0000,1.0000,,1.0000," \
    "$(staff --calls 100 --aht 1h --agents 50)"
check "-o table" ts-kpi staffing -o table --calls 57 --aht 1110 --agents 21 \
    --threshold 180
check_grep "percentages for people" ' 80\.7 % ' "$T/out"

check_out "the load observed per hour of the week" \
    "$D/staffing-observed.csv" ts-kpi staffing --client alpha \
    --period 2026-W47 "$D/calls.csv"
check_grep "Monday 09:00: 2 calls, 210 s handle time (120 s and 300 s)" \
    '^mon,09,1,2,210,20,0.8000,,0.117,1,' "$D/staffing-observed.csv"
check "a month: the load is spread over all of its weekdays" ts-kpi \
    staffing --client alpha --period 2026-11 "$D/calls.csv"
check_grep "November 2026 has 5 Mondays, 4 Tuesdays: 2 calls / 5" \
    '^mon,09,5,0.4,210,' "$T/out"
check_grep "and a Tuesday counts 4 days" '^tue,08,4,' "$T/out"
check "--wrap-up is added to the observed talk time" ts-kpi staffing \
    --client alpha --period 2026-W47 --wrap-up 30s "$D/calls.csv"
check_grep "240 s then" '^mon,09,1,2,240,' "$T/out"

check_code "--calls without --aht exits 2" 2 ts-kpi staffing --calls 10
check_code "a target of 100 % exits 2" 2 ts-kpi staffing --calls 10 \
    --aht 60 --target 100
check_code "--agents 0 exits 2" 2 ts-kpi staffing --calls 10 --aht 60 \
    --agents 0
check_code "--aht must be a duration" 2 ts-kpi staffing --calls 10 \
    --aht long
check_code "--patience is for staffing" 2 ts-kpi --patience 60

done_testing
