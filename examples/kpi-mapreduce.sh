#!/bin/sh
# kpi-mapreduce.sh - ts-kpi as the map and the reduce step of Hadoop
# Streaming or of Spark's pipe(): each mapper counts its share of the CDR
# lines into partial aggregates (ts-kpi --partial), the reducer merges them
# (ts-kpi merge) into exactly the report one run over all the lines gives,
# percentiles included.
#
#	kpi-mapreduce.sh map BY [ts-kpi option...]     CDR lines in, partials out
#	kpi-mapreduce.sh reduce BY [ts-kpi option...]  partials in, report out
#
# BY is ts-kpi's --by (client,day ...); the same on both sides.  The
# reducer takes its input in any order with any number of header lines (a
# shuffle sorts lines, so headers end up anywhere): it keeps one header and
# the groups.  Rows of one call must reach the same mapper (legs of a call
# are close together in Master.csv, but a split may cut between them: split
# files by day, or accept that a call cut in two counts twice).
#
# Hadoop Streaming (one reducer: the merge is cheap, the map is the work):
#
#	hadoop jar hadoop-streaming.jar -numReduceTasks 1 \
#	    -files kpi-mapreduce.sh,config.yaml \
#	    -input /cdr/2026-11 -output /kpi/2026-11 \
#	    -mapper 'sh kpi-mapreduce.sh map client,day -c config.yaml' \
#	    -reducer 'sh kpi-mapreduce.sh reduce client,day -c config.yaml'
#
# Spark (PySpark):
#
#	parts = sc.textFile("hdfs:///cdr/2026-11/*") \
#	    .pipe("sh kpi-mapreduce.sh map client,day -c config.yaml")
#	report = parts.coalesce(1) \
#	    .pipe("sh kpi-mapreduce.sh reduce client,day -c config.yaml")
#	report.saveAsTextFile("hdfs:///kpi/2026-11")
#
# ts-kpi must be in PATH on every node.  tests/t220-kpi-partial.sh runs
# both steps around a sort, as the shuffle does.
set -eu

usage() {
	echo "usage: kpi-mapreduce.sh map|reduce by [ts-kpi option ...]" >&2
	exit 2
}
[ $# -ge 2 ] || usage
step=$1
by=$2
shift 2

case $step in
map)
	exec ts-kpi --partial --by "$by" "$@" ;;
reduce)
	tmp=$(mktemp "${TMPDIR:-/tmp}/kpi-reduce.XXXXXX")
	trap 'rm -f "$tmp"' EXIT
	# The header of these partials: what an empty run writes.
	header=$(ts-kpi --partial --by "$by" "$@" </dev/null)
	{
		printf '%s\n' "$header"
		grep -vxF -e "$header" || [ $? -eq 1 ]
	} >"$tmp"
	ts-kpi merge "$@" "$tmp" ;;
*)
	usage ;;
esac
