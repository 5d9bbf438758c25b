#!/bin/sh
# ts-kpi --partial and merge: a file split in parts, each part counted
# apart, the parts merged: the very report of the single run, percentiles
# included, for several groupings; one thread or two, a pipe or a file:
# the same figures; bad partials.
. "$(dirname "$0")/lib.sh"

gencdr=$TS_BUILD/tests/gencdr
[ -x "$gencdr" ] || skip_all "no $gencdr (make all)"
TS_CONFIG=$TS_ROOT/examples/config.yaml
export TS_CONFIG

"$gencdr" --rows 30000 --dids 6 --days 40 --seed 11 >"$T/all.csv"
split -l 11000 "$T/all.csv" "$T/part."
set -- "$T"/part.*
check_same "three parts" 3 "$#"

for by in did,day client client,week,hour-of-day hour weekday,agent; do
	ts-kpi --by "$by" "$T/all.csv" >"$T/single" 2>"$T/err"
	i=0
	for p in "$T"/part.*; do
		i=$((i + 1))
		ts-kpi --partial --by "$by" "$p" >"$T/p$i" 2>>"$T/err"
	done
	check_out "--by $by: merging the parts gives the single run" \
	    "$T/single" ts-kpi merge "$T/p1" "$T/p2" "$T/p3"
done
check_same "no diagnostics" "" "$(cat "$T/err")"
check_out "in any order" "$T/single" ts-kpi merge "$T/p3" "$T/p1" "$T/p2"
check "merge --partial sums partials into a partial" ts-kpi merge \
    --partial "$T/p1" "$T/p2"
cp "$T/out" "$T/p12"
check_out "which merges with the rest into the single run" "$T/single" \
    ts-kpi merge "$T/p12" "$T/p3"

ts-kpi -o table --by weekday,agent "$T/all.csv" >"$T/single.table"
check_out "-o table too" "$T/single.table" ts-kpi merge -o table \
    "$T/p1" "$T/p2" "$T/p3"

# examples/kpi-mapreduce.sh around a sort, as Hadoop's shuffle does.
mr=$TS_ROOT/examples/kpi-mapreduce.sh
for p in "$T"/part.*; do
	sh "$mr" map client,day <"$p"
done | LC_ALL=C sort >"$T/shuffled"
check_same "the shuffle scatters the three headers" 3 \
    "$(grep -c '^client,day,kpi_partial,' "$T/shuffled")"
ts-kpi --by client,day "$T/all.csv" >"$T/single"
check_out "kpi-mapreduce.sh reduce gives the single run" "$T/single" \
    sh "$mr" reduce client,day <"$T/shuffled"
check_code "kpi-mapreduce.sh without a step exits 2" 2 sh "$mr" shuffle day

# The contract check from the parts by client.
for p in 1 2 3; do
	ts-kpi --partial --by client "$T/part.a$(echo "$p" | tr 123 abc)" \
	    >"$T/c$p"
done
rc=0	# set by run (tests/lib.sh)
run ts-kpi --check "$T/all.csv"
single_rc=$rc
cp "$T/out" "$T/check"
check_out_rc() {
	run "$@"
	if [ "$rc" -eq "$single_rc" ] && cmp -s "$T/check" "$T/out"; then
		ok "merge --check: the single run's breaches and exit code"
	else
		not_ok "merge --check: the single run's breaches and exit code"
		diff -u "$T/check" "$T/out" | sed 's/^/#   /' | head -20
	fi
}
check_out_rc ts-kpi merge --check "$T/c1" "$T/c2" "$T/c3"
check_code "merge --check of partials not by client exits 2" 2 \
    ts-kpi merge --check "$T/p1"

# Threads and pipes.
ts-kpi --by did,day "$T/all.csv" >"$T/single"
# shellcheck disable=SC2016
check_out "a pipe" "$T/single" sh -c 'cat "$1" | ts-kpi --by did,day' sh \
    "$T/all.csv"

# Bad partials.
check_code "merge without files exits 2" 2 ts-kpi merge
check_code "merge of standard input exits 2" 2 ts-kpi merge -
check_code "merge of a missing file exits 1" 1 ts-kpi merge "$T/nope"
ts-kpi --partial --by day "$T/part.aa" >"$T/day"
check_code "partials of other keys exit 1" 1 ts-kpi merge "$T/p1" "$T/day"
sed '3s/,[0-9]*,/,x,/' "$T/p1" >"$T/bad"
check_code "a bad number in a partial exits 1" 1 ts-kpi merge "$T/bad"
check_err "and names its line" "bad:3: "
check_code "a report is not a partial" 1 ts-kpi merge "$T/single"
check_code "--partial is for the report only" 2 ts-kpi lost --partial \
    "$T/part.aa"

done_testing
