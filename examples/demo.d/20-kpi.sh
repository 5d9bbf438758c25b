# ts-kpi: the week's figures, the morning check, lost calls, one call
# explained, staffing, the HTML report, map and reduce (sourced by demo.sh).
# shellcheck disable=SC2154

step "ts kpi: last week per client (table on a terminal; CSV in a pipe)"
ts kpi -d --period last-week -o table

step "The practice's lines, day by day (rates are fractions in CSV)"
ts kpi -d --client cabinet-durand --period last-week --by did,day |
    head -n 6

step "The settings behind every figure, for an auditor"
ts kpi --print-settings -o table

step "The morning check from cron: one line per target missed, exit 3"
rc=0
ts kpi -d --period last-week --check -o table || rc=$?
echo "exit status $rc"

step "Last week's lost calls: was each caller reached within the hour?"
ts kpi lost -d --period last-week --within 1h --client cabinet-durand |
    cut -d, -f1,2,6-12 | head -n 6

step "Why is this call counted as lost?"
id=$(ts kpi lost -d --period last-week --client cabinet-durand |
    awk -F, '$8 == "missed" { print $1; exit }')
ts kpi explain -d -o table "$id"

step "Staffing: 57 calls an hour of 18.5 minutes, 80 % within 20 s"
ts kpi staffing --calls 57 --aht 1110s --threshold 20s --target 80% \
    -o table
step "The same from last week's load, per hour of the week (Erlang C)"
ts kpi staffing -d --client cabinet-durand --period last-week -o table |
    head -n 6

step "The HTML report: one file, charts inline, printable"
ts kpi -d --period last-week -o html >"$work/report.html"
echo "$work/report.html: $(wc -c <"$work/report.html") bytes," \
    "$(grep -c '<svg' "$work/report.html") charts"

step "Map and reduce: two halves counted apart, then merged exactly"
half=$(($(wc -l <"$work/Master.csv") / 2))
head -n "$half" "$work/Master.csv" |
    ts kpi --partial --by client >"$work/part1"
tail -n +"$((half + 1))" "$work/Master.csv" |
    ts kpi --partial --by client >"$work/part2"
ts kpi merge -o table "$work/part1" "$work/part2"
