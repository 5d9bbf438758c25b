# ts-purge and ts-export at scale.  Erasing one person from a store of
# 1,000,000 calls and 100,000 messages with their deliveries (the issue's
# yardstick: well under a second of work
# beyond the checkpoint, thanks to the indexes on the lookup columns),
# against the sqlite3 shell deleting the same rows; and exporting a client
# with about 100,000 calls as a bundle, against the sqlite3 shell's
# .mode csv dump of the same rows (the yardstick: disk speed).
. "$(dirname "$0")/lib.sh"

rows=${BENCH_GDPR_ROWS:-1000000}
dir=$TS_BENCH_DIR/gdpr
mkdir -p "$dir"
TS_CONFIG=$(cd "$(dirname "$0")/../.." && pwd)/examples/config.yaml
TS_NOW=2026-11-23T09:00:00+01:00
export TS_CONFIG TS_NOW

# The big store, made once.
if [ ! -s "$dir/big.db" ]; then
	csv=$(cdr_file "$rows")
	ts-import -q calls --db "$dir/big.db" --tz Europe/Paris "$csv"
fi
calls=$(sqlite3 "$dir/big.db" "select count(*) from calls")
who=$(sqlite3 "$dir/big.db" "select caller from calls
    where client = 'cabinet-durand' and caller like '+33%'
    group by caller order by count(*) desc limit 1")
# 100,000 messages taken by ts-msg, one in a thousand from that person.
msgs=${BENCH_GDPR_MESSAGES:-100000}
if [ "$(sqlite3 "$dir/big.db" "select count(*) from messages")" -eq 0 ]
then
	awk -v n="$msgs" -v who="$who" 'BEGIN {
		print "client,caller,caller_name,subject,body"
		for (i = 1; i <= n; i++)
			printf "cabinet-durand,%s,Appelant %d,Rappel,Message %d\n",
			    i % 1000 == 0 ? who : sprintf("+3361%07d", i),
			    i, i
	}' >"$dir/messages.csv"
	ts-msg -q add --db "$dir/big.db" - <"$dir/messages.csv"
fi
nmsg=$(sqlite3 "$dir/big.db" "select count(*) from messages")
n=$(sqlite3 "$dir/big.db" "select count(*) from calls
    where client = 'cabinet-durand' and caller = '$who'")

# best of 3 erasures, each on a fresh copy of the store (copy not timed).
erase_ts() {
	best=
	for _ in 1 2 3; do
		cp "$dir/big.db" "$dir/copy.db"
		t0=$(date +%s.%N)
		ts-purge -q subject --db "$dir/copy.db" \
		    --client cabinet-durand --phone "$who" >/dev/null ||
		    echo "bench: ts-purge failed (an old store? rm $dir/big.db)" >&2
		t1=$(date +%s.%N)
		t=$(echo "$t1 $t0" | awk '{ printf "%.3f", $1 - $2 }')
		if [ -z "$best" ] || awk -v a="$t" -v b="$best" \
		    'BEGIN { exit !(a < b) }'; then
			best=$t
		fi
	done
	echo "$best"
}
erase_sqlite() {
	best=
	for _ in 1 2 3; do
		cp "$dir/big.db" "$dir/copy.db"
		t0=$(date +%s.%N)
		sqlite3 "$dir/copy.db" "pragma foreign_keys = on;
		    delete from calls where caller = '$who'
		    and client = 'cabinet-durand';
		    delete from messages where caller = '$who'
		    and client = 'cabinet-durand'"
		t1=$(date +%s.%N)
		t=$(echo "$t1 $t0" | awk '{ printf "%.3f", $1 - $2 }')
		if [ -z "$best" ] || awk -v a="$t" -v b="$best" \
		    'BEGIN { exit !(a < b) }'; then
			best=$t
		fi
	done
	echo "$best"
}
t_ts=$(erase_ts)
t_sq=$(erase_sqlite)
rm -f "$dir/copy.db" "$dir/copy.db-wal" "$dir/copy.db-shm"
printf 'store of %s calls and %s messages; one person with %s calls\n' \
    "$calls" "$nmsg" "$n"
printf '  ts-purge subject (audit, checkpoint TRUNCATE)  %6.3f s\n' "$t_ts"
printf '  sqlite3 DELETE calls, messages (same indexes)  %6.3f s\n' "$t_sq"

# The client with the most calls, exported.
client=$(sqlite3 "$dir/big.db" "select client from calls
    where client is not null group by client order by count(*) desc
    limit 1")
n=$(sqlite3 "$dir/big.db" "select count(*) from calls
    where client = '$client'")
export_ts() {
	rm -rf "$dir/bundle"
	ts-export -q client --db "$dir/big.db" --client "$client" \
	    --dir "$dir/bundle" ||
	    echo "bench: ts-export failed (an old store? rm $dir/big.db)" >&2
}
export_sqlite() {
	sqlite3 -header -csv "$dir/big.db" \
	    "select * from calls where client = '$client'" >"$dir/plain.csv"
}
t_ts=$(best_of 3 export_ts)
t_sq=$(best_of 3 export_sqlite)
size=$(du -sk "$dir/bundle" | cut -f1)
printf '\nclient %s: %s calls\n' "$client" "$n"
printf '  ts-export client (CSV + JSON Lines + vCard + manifest, %s KiB)  %6.2f s\n' \
    "$size" "$t_ts"
printf '  sqlite3 .mode csv of the calls alone (%s KiB)                   %6.2f s\n' \
    "$(du -k "$dir/plain.csv" | cut -f1)" "$t_sq"
plain=$(du -k "$dir/plain.csv" | cut -f1)
printf '  ts-export %s MiB/s (fsync included), sqlite3 %s MiB/s (no fsync):\n' \
    "$(ratio "$size" "$(awk -v t="$t_ts" 'BEGIN { print t * 1024 }')")" \
    "$(ratio "$plain" "$(awk -v t="$t_sq" 'BEGIN { print t * 1024 }')")"
printf '  %s times the bytes in %sx the time\n' "$(ratio "$size" "$plain")" \
    "$(ratio "$t_ts" "$t_sq")"
rm -rf "$dir/bundle" "$dir/plain.csv"
