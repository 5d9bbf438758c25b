# Routing 1,000,000 call rows (Asterisk Master.csv, examples/config.yaml's
# lines) against reading them: a plain cat, the CDR module alone
# (tests/cdrcat), and ts-kpi on the same file when it is built.  The
# issue's yardstick: routing takes about as long as reading.
. "$(dirname "$0")/lib.sh"

rows=${BENCH_ROUTE_ROWS:-1000000}
dir=$TS_BENCH_DIR/route
mkdir -p "$dir"
csv=$dir/master-$rows.csv
if [ ! -s "$csv" ]; then
	echo "generating $rows rows into $csv ..." >&2
	"$TS_BUILD/tests/gencdr" --rows "$rows" --dids 4 >"$csv.tmp" &&
	    mv "$csv.tmp" "$csv"
fi
TS_CONFIG=$(cd "$(dirname "$0")/../.." && pwd)/examples/config.yaml
export TS_CONFIG

route() {
	ts-route -n --db "$dir/none.db" "$csv" 2>/dev/null
}
records() {
	ts-route -n --db "$dir/none.db" "$dir/routed.csv" 2>/dev/null
}
cdrcat() {
	"$TS_BUILD/tests/cdrcat" "$csv" 2>/dev/null
}

route >"$dir/routed.csv"
t_cat=$(best_of 3 cat "$csv")
t_cdr=$(best_of 3 cdrcat)
t_route=$(best_of 3 route)
t_rec=$(best_of 3 records)
printf 'rows %s\n' "$rows"
printf '  cat                          %6.2f s\n' "$t_cat"
printf '  cdrcat (reading the CDRs)    %6.2f s\n' "$t_cdr"
printf '  ts-route, Master.csv         %6.2f s  (%sx reading)\n' "$t_route" \
    "$(ratio "$t_route" "$t_cdr")"
printf '  ts-route, its own output     %6.2f s  (records, columns kept)\n' \
    "$t_rec"
if command -v ts-kpi >/dev/null; then
	t_kpi=$(best_of 3 ts-kpi "$csv")
	printf '  ts-kpi                       %6.2f s  (ts-route is %sx ts-kpi)\n' \
	    "$t_kpi" "$(ratio "$t_route" "$t_kpi")"
else
	printf '  ts-kpi is not built: no ratio against it\n'
fi
