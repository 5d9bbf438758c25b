# Importing 1,000,000 Master.csv rows into a fresh store, against the
# sqlite3 shell's .import of the same file into a bare table without any
# index (the issue's yardstick: ts must be at least 1.5 times as fast).
. "$(dirname "$0")/lib.sh"

rows=${BENCH_IMPORT_ROWS:-1000000}
csv=$(cdr_file "$rows")
dir=$TS_BENCH_DIR/import
mkdir -p "$dir"

ts_import() {
	rm -f "$dir/ts.db" "$dir/ts.db-wal" "$dir/ts.db-shm" \
	    "$dir/ts.db-journal"
	ts-import -q calls --db "$dir/ts.db" --tz Europe/Paris "$csv"
}

sqlite_import() {
	rm -f "$dir/bare.db"
	sqlite3 "$dir/bare.db" \
	    "create table cdr (accountcode, src, dst, dcontext, clid, channel,
	     dstchannel, lastapp, lastdata, start, answer, end, duration,
	     billsec, disposition, amaflags, uniqueid, userfield)" \
	    ".mode csv" ".import $csv cdr"
}

t_ts=$(best_of 3 ts_import)
calls=$(sqlite3 "$dir/ts.db" "select count(*) from calls")
if command -v sqlite3 >/dev/null; then
	t_sq=$(best_of 3 sqlite_import)
	printf 'rows %s (%s calls stored)\n' "$rows" "$calls"
	printf '  ts-import calls            %6.2f s  (all indexes, one transaction)\n' "$t_ts"
	printf '  sqlite3 .import, no index  %6.2f s\n' "$t_sq"
	printf '  ts-import is %sx as fast as sqlite3 .import (target: 1.5x)\n' \
	    "$(ratio "$t_sq" "$t_ts")"
else
	printf '  ts-import calls %.2f s; sqlite3 not installed: no ratio\n' "$t_ts"
fi
