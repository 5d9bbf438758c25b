# tests/bench/lib.sh - helpers for the benchmark sections.

# best_of N CMD...: runs CMD N times, prints the best wall time in seconds.
best_of() {
	n=$1
	shift
	best=
	i=0
	while [ "$i" -lt "$n" ]; do
		t0=$(date +%s.%N)
		"$@" >/dev/null
		t1=$(date +%s.%N)
		t=$(echo "$t1 $t0" | awk '{ printf "%.3f", $1 - $2 }')
		if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then
			best=$t
		fi
		i=$((i + 1))
	done
	echo "$best"
}

# ratio A B: A / B with two decimals.
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'
}

# cdr_file ROWS: path of a generated Master.csv with ROWS rows.
cdr_file() {
	f=$TS_BENCH_DIR/master-$1.csv
	if [ ! -s "$f" ]; then
		echo "generating $1 rows into $f ..." >&2
		"$TS_BUILD/tests/gencdr" --rows "$1" >"$f.tmp" && mv "$f.tmp" "$f"
	fi
	echo "$f"
}
