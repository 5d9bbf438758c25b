#!/bin/sh
# ts-kpi reports: every default column on hand-built calls (calls.csv),
# checked against reviewed files and against an independent derivation
# (derive.py: Python's csv and zoneinfo, no ts code); the --by keys and
# their order; DST days; empty denominators; formats and languages; the
# settings; periods, --client and the overrides; the store; bad records.
. "$(dirname "$0")/lib.sh"

D=$DATA/kpi
TS_CONFIG=$D/config.yaml
export TS_CONFIG
calls=$D/calls.csv

for by in client client,day day,client hour week weekday; do
	f=by-$(echo "$by" | tr , -).csv
	check_out "--by $by gives $f" "$D/$f" ts-kpi --by "$by" "$calls"
done
check_out "--by '' gives one group of every call" "$D/by-none.csv" \
    ts-kpi --by '' "$calls"
check_out "no --by groups by client" "$D/by-client.csv" ts-kpi "$calls"
# shellcheck disable=SC2016
check_out "standard input is read" "$D/by-client.csv" \
    sh -c 'ts-kpi - <"$1"' sh "$calls"

# The same figures, derived from the definitions by another program.
if need_py zoneinfo; then
	for by in client client,day day,client did,week hour month weekday \
	    hour-of-day queue,agent ''; do
		"$PY" "$D/derive.py" "$calls" "$by" >"$T/derived"
		check_out "--by '$by' agrees with the independent derivation" \
		    "$T/derived" ts-kpi --by "$by" "$calls"
	done
	"$PY" "$D/derive.py" "$calls" client 2026-11-18T00:00:00+01:00 \
	    2026-11-21T00:00:00+01:00 >"$T/derived"
	check_out "--since and --until agree with it" "$T/derived" \
	    ts-kpi --since 2026-11-18 --until 2026-11-21 "$calls"
else
	skip "the independent derivation" "python3 without zoneinfo"
fi

# Figures read off the reviewed files, with the reasoning spelled out.
row() {
	grep "^$1," "$D/by-client-day.csv"
}
check_same "alpha on 16 Nov: 6 offered, 4 answered, 1 short abandon (4 s <" \
    "alpha,2026-11-16,6,4,0.6667,1,0.6000,11.5,135,2,0,0,0,0.2000,5,21,21,540,0,0" \
    "$(row alpha,2026-11-16)"
check_same "a day of one short abandon: service level and abandon rate empty" \
    "alpha,2026-11-19,1,0,0.0000,1,,,,1,0,0,0,,2,2,2,0,0,0" \
    "$(row alpha,2026-11-19)"
check_same "a day of one busy call: no wait, no ASA, formula 'answered' empty" \
    "beta,2026-11-20,1,0,0.0000,0,,,,0,0,1,0,0.0000,,,,0,0,0" \
    "$(row beta,2026-11-20)"
check_same "a call at 21:30 in New York is on beta's 16 Nov (its zone)" \
    "beta,2026-11-16,1,1,1.0000,0,1.0000,15,30,0,0,0,0,0.0000,15,15,15,30,1,0" \
    "$(row beta,2026-11-16)"
check_same "25-hour day: both 02:30 calls of 25 Oct count on that day" 3 \
    "$(row alpha,2026-10-25 | cut -d, -f3)"
check_grep "the repeated hour is two groups, +02:00 first" \
    '^2026-10-25T02:00:00\+02:00,1,1,' "$D/by-hour.csv"
check_grep "then +01:00" '^2026-10-25T02:00:00\+01:00,1,0,' "$D/by-hour.csv"
check_grep "23-hour day: 01:00 is followed by 03:00" \
    '^2026-03-29T03:00:00\+02:00,' "$D/by-hour.csv"
check_grep "talk across the spring gap is 70 s, not 3670" \
    '^2026-03-29T01:00:00\+01:00,1,1,1.0000,0,1.0000,1,70,' "$D/by-hour.csv"
check_same "weekdays sort Monday first" "mon tue wed thu fri sat sun" \
    "$(cut -d, -f1 "$D/by-weekday.csv" | sed 1d | tr '\n' ' ' | sed 's/ $//')"
# W47: alpha 5 on time of 12 (15 offered, 3 short abandons), beta 1 of its 2
# answered (formula answered), the call of no client 1 of 1: 7 / 15.
check_same "the week's service level is of its calls, not of its days" \
    "0.4667" "$(grep '^2026-W47,' "$D/by-week.csv" | cut -d, -f6)"

# Formats, languages, settings.
check_out "-o table: percentages and the settings footer" "$D/table.txt" \
    ts-kpi -o table "$calls"
check_out "--lang fr labels the table in French" "$D/table-fr.txt" \
    ts-kpi -o table --lang fr "$calls"
check_out "-o json: fractions, null for an empty rate" "$D/client-day.json" \
    ts-kpi -o json --by client,day "$calls"
check_grep "json has null, never NaN" '"service_level":null' \
    "$D/client-day.json"
check_out "--print-settings: every setting that changes a number" \
    "$D/settings.csv" ts-kpi --print-settings
check "--period and --print-settings" ts-kpi --print-settings \
    --period 2026-11
check_grep "the period is given in each client's zone" \
    '^beta,America/New_York,.*,2026-11-01T00:00:00-04:00,2026-12-01T00:00:00-05:00$' \
    "$T/out"

# Periods, --client, overrides.
check "--period 2026-11-16..2026-11-17" ts-kpi \
    --period 2026-11-16..2026-11-17 "$calls"
check_same "alpha: the 11 calls of those days" 11 "$(field "$T/out" 2 offered)"
check_same "beta: 3, its days being New York's" 3 "$(field "$T/out" 3 offered)"
check "--client beta" ts-kpi --client beta "$calls"
check_same "only beta's calls" "client beta" \
    "$(cut -d, -f1 "$T/out" | tr '\n' ' ' | sed 's/ $//')"
check "--formula offered --threshold 10s --short-abandon 0" ts-kpi \
    --formula offered --threshold 10s --short-abandon 0 "$calls"
check_same "alpha: 9 of 22 calls answered within 10 s" "0.4091" \
    "$(field "$T/out" 2 service_level)"
check_same "and no short abandons with S = 0" "0" \
    "$(field "$T/out" 2 short_abandoned)"

# The six service-level formulas on Call Centre Helper's worked example
# (notes/kpi.md 1.2): 1000 answered, 860 within 20 s; 60 abandoned, 20 of
# them within 20 s and 10 within 5 s.
awk 'BEGIN {
	print "call_id,did,start,answer,end,status"
	for (i = 0; i < 1060; i++) {
		if (i < 860) { st = "answered"; w = 10 }
		else if (i < 1000) { st = "answered"; w = 30 }
		else if (i < 1010) { st = "abandoned"; w = 3 }
		else if (i < 1020) { st = "abandoned"; w = 15 }
		else { st = "abandoned"; w = 40 }
		s = sprintf("2026-11-16T10:%02d:%02d+01:00", int(i / 60) % 60, i % 60)
		e = sprintf("2026-11-16T11:%02d:%02d+01:00", int(i / 60) % 60, i % 60)
		a = st == "answered" ? sprintf("2026-11-16T10:%02d:%02d+01:00",
		    int((i * 1 + w) / 60) % 60, (i + w) % 60) : ""
		if (st != "answered")
			e = sprintf("2026-11-16T10:%02d:%02d+01:00",
			    int((i + w) / 60) % 60, (i + w) % 60)
		printf "cch-%d,+33144000001,%s,%s,%s,%s\n", i, s, a, e, st
	}
}' >"$T/cch.csv"
for fw in net-of-short:0.8190 answered:0.8600 offered:0.8113 \
    answered-and-abandoned:0.8113 abandons-met:0.8302 late-abandons:0.8269; do
	check "--formula ${fw%:*} on the worked example" ts-kpi --by '' \
	    --formula "${fw%:*}" "$T/cch.csv"
	check_same "--formula ${fw%:*}: ${fw#*:}" "${fw#*:}" \
	    "$(field "$T/out" 1 service_level)"
done

# The store gives what the files give.
check "the calls imported" ts-import calls -d "$T/ts.db" "$calls"
check_out "-d: the same report from the store" "$D/by-client-day.csv" \
    ts-kpi -d "$T/ts.db" --by client,day
check "-d with --period and --client" ts-kpi -d "$T/ts.db" --client alpha \
    --period 2026-11-16..2026-11-17
check_same "the same 11 calls" 11 "$(field "$T/out" 1 offered)"

# Bad records: counted out, named by line, never by content.
check_code "bad records exit 1" 1 ts-kpi --rejects "$T/rej" "$D/bad.csv"
check_grep "the good ones are still reported" '^alpha,2,2,' "$T/out"
check_err "the line of a bad status" "^ts-kpi: .*bad.csv:4: unknown status"
check_err "the line of a bad time" "^ts-kpi: .*bad.csv:5: bad start"
if grep -q -e 611112222 -e Secret "$T/err"; then
	not_ok "no personal data on stderr"
else
	ok "no personal data on stderr"
fi
check_same "rejects are kept, 0600" "-rw-------" "$(mode_of "$T/rej")"
check_same "byte for byte" "$(sed -n 4,5p "$D/bad.csv")" "$(cat "$T/rej")"
check_code "--strict stops at the first" 1 ts-kpi --strict "$D/bad.csv"

# Usage errors.
check_code "an unknown --by key exits 2" 2 ts-kpi --by client,year "$calls"
check_err "and lists the keys" "unknown --by key 'year' \(client, did"
check_code "a key given twice exits 2" 2 ts-kpi --by day,day "$calls"
check_code "an unknown formula exits 2" 2 ts-kpi --formula best "$calls"
check_code "an unknown client exits 2" 2 ts-kpi --client gamma "$calls"
check_code "a bad period exits 2" 2 ts-kpi --period 2026-13 "$calls"
check_code "a local time in the DST gap exits 2" 2 \
    ts-kpi --since '2026-03-29 02:30' "$calls"
check_code "--lang de exits 2" 2 ts-kpi --lang de "$calls"
check_code "--db and files exit 2" 2 ts-kpi -d "$T/ts.db" "$calls"
check_code "--within is for lost" 2 ts-kpi --within 1h "$calls"
check_code "a missing file exits 1" 1 ts-kpi "$T/nope.csv"

done_testing
