#!/bin/sh
# kill -9 at random moments: each operation of tests/ops.sh taking "k" (a
# large import) is killed twenty times, at a random moment of a clean
# run's duration, each time followed by the checks: the store passes
# integrity_check and holds the state before or after (all or none).  The
# kills fall on the same store, started again from before only when a run
# completed first.  A last run then completes, and the state must be a clean
# run's: nothing missing, nothing duplicated.  A sender ("a" in ops.sh) is
# killed twenty times too, each on a fresh outbox then run again (below).  20,000 calls; 200,000 and
# fifty kills with TS_LONG=1.  The seed is printed (TS_SEED to replay).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ops.sh"

need_cmd sqlite3 || skip_all "no sqlite3"
[ -x "$TS_BUILD/tests/gencdr" ] || skip_all "no gencdr"
[ -n "${TS_VALGRIND:-}" ] && skip_all "not under valgrind"

rows=20000 kills=20
[ -n "${TS_LONG:-}" ] && rows=200000 kills=50
ops_big "$rows"
seed=${TS_SEED:-$(date +%s)}
echo "# seed $seed"

# now_ms: a clock in milliseconds.
now_ms() {
	date +%s%3N
}

# delays N MS: N random delays (in seconds, 3 decimals) within MS.
delays() {
	awk -v n="$1" -v ms="$2" -v seed="$seed" 'BEGIN {
		srand(seed)
		for (i = 0; i < n; i++)
			printf "%.3f\n", (20 + rand() * (ms - 20)) / 1000
	}'
}

rc=0
crash_walk() {
	ops_fresh "$T/clean" "$before" || not_ok "$name: set up"
	ops_state "$T/clean" "$state" >"$T/before"
	t0=$(now_ms)
	ops_run "$T/clean" "$cmd"
	took=$(($(now_ms) - t0))
	ops_state "$T/clean" "$state" >"$T/after"
	check_same "$name: a clean run exits $want" "$want" "$rc"
	ops_fresh "$T/w" "$before" || not_ok "$name: set up"
	bad=0 killed=0 runs=0
	for d in $(delays $((kills * 3)) "$took"); do
		[ "$killed" -lt "$kills" ] || break
		runs=$((runs + 1))
		(cd "$T/w" && exec sh -c "exec $cmd" >out 2>err) &
		pid=$!
		sleep "$d"
		if kill -9 "$pid" 2>/dev/null; then
			killed=$((killed + 1))
		fi
		wait "$pid" 2>/dev/null
		ops_state "$T/w" "$state" >"$T/got"
		if ops_damaged "$T/got" ||
		    ! ops_all_or_none "$T/got" "$T/before" "$T/after"; then
			bad=$((bad + 1))
			echo "#   after a kill at $d s: damaged or partial"
		fi
		# A run that completed: start again from before, so that
		# the next kills fall inside an import that has work to do.
		cmp -s "$T/got" "$T/after" && ops_fresh "$T/w" "$before"
	done
	check_same "$name: $killed kills in $runs runs ($took ms each), each leaves all or none" \
	    0 "$bad"
	ops_run "$T/w" "$cmd"
	ops_state "$T/w" "$state" >"$T/got"
	check_same "$name: a rerun exits $want" "$want" "$rc"
	if cmp -s "$T/got" "$T/after"; then
		ok "$name: then $(ops_count "$T/w" "$count") $count as in a clean run: nothing missing, nothing twice"
	else
		not_ok "$name: the rerun differs from a clean run"
		diff "$T/after" "$T/got" | head -n 10 | sed 's/^/#   /'
	fi
}

# A sender (tests "a"): each kill falls on a fresh outbox; then the store
# is intact and no e-mail went twice yet; a run past the lease sends what
# the killed one had claimed: every e-mail at the server, at most one
# twice (the one being sent at the kill), with the same Message-ID.
crash_later() {
	ops_fresh "$T/clean" "$before" || not_ok "$name: set up"
	t0=$(now_ms)
	ops_run "$T/clean" "$cmd"
	took=$(($(now_ms) - t0))
	ops_state "$T/clean" "$state" >"$T/after"
	check_same "$name: a clean run exits $want" "$want" "$rc"
	bad=0 killed=0 runs=0 dups=0
	for d in $(delays $((kills * 3)) "$took"); do
		[ "$killed" -lt "$kills" ] || break
		runs=$((runs + 1))
		ops_fresh "$T/w" "$before" || not_ok "$name: set up"
		(cd "$T/w" && exec sh -c "exec $cmd" >out 2>err) &
		pid=$!
		sleep "$d"
		kill -9 "$pid" 2>/dev/null && killed=$((killed + 1))
		wait "$pid" 2>/dev/null
		ops_state "$T/w" "$state" >"$T/got"
		if ops_damaged "$T/got" || [ "$(ops_dups "$T/got")" -gt 0 ]
		then
			bad=$((bad + 1))
			echo "#   after a kill at $d s: damaged, or sent twice"
		fi
		# shellcheck disable=SC2086 # $later: one assignment
		ops_run "$T/w" "$cmd" $later
		ops_state "$T/w" "$state" >"$T/got"
		dups=$((dups + $(ops_dups "$T/got")))
		if [ "$rc" -ne "$want" ] || ! ops_same "$T/got" "$T/after"
		then
			bad=$((bad + 1))
			echo "#   after a kill at $d s, the rerun: exit $rc"
			diff "$T/after" "$T/got" | head -n 5 | sed 's/^/#   /'
		fi
	done
	check_same "$name: $killed kills in $runs runs ($took ms each), each then run again past the lease: every one of $(ops_count "$T/clean" "$count") $count there, $dups sent twice (at most one a kill)" \
	    0 "$bad"
}

ops_for k >"$T/ops"
ops_servers "$T/ops"
# shellcheck disable=SC2034 # tests is read by ops_exits
while IFS='|' read -r name before cmd state want count tests; do
	ops_exits
	if [ -n "$later" ]; then
		crash_later
	else
		crash_walk
	fi
done <"$T/ops"

done_testing
