#!/bin/sh
# Ten at once: each operation of tests/ops.sh taking "c" is started ten
# times together on the same store (two cron jobs that overlap, ten
# times over).  Each run ends as a clean run would, or with exit 75 and a
# message saying the store is busy; at least one completes; the store
# passes integrity_check and then holds exactly a clean run's state: each
# call and contact once.  An operation that cannot be done twice (tests
# "1": a booking of one slot) has one winner, the nine others exit 3 (the
# slot is taken).  Then a store held busy by another writer: a
# tool waits for it (TS_BUSY_TIMEOUT), and past the wait exits 75 with a
# clear message, having changed nothing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ops.sh"

need_cmd sqlite3 || skip_all "no sqlite3"
[ -x "$TS_BUILD/tests/gencdr" ] || skip_all "no gencdr"
[ -n "${TS_VALGRIND:-}" ] && skip_all "not under valgrind"

ops_big 5000
rc=0
W=$T/w

# shellcheck disable=SC2154 # again is set by ops_exits
ten_at_once() {
	ops_fresh "$T/clean" "$before" || not_ok "$name: set up"
	ops_run "$T/clean" "$cmd"
	ops_state "$T/clean" "$state" >"$T/after"
	ops_fresh "$W" "$before" || not_ok "$name: set up"
	i=0 pids=
	while [ "$i" -lt 10 ]; do
		i=$((i + 1))
		(cd "$W" && sh -c "$cmd" >/dev/null 2>"$T/err.$i"
		echo $? >"$T/rc.$i") &
		pids="$pids $!"
	done
	# Not a bare wait: a server started by ops_servers runs on.
	# shellcheck disable=SC2086
	wait $pids
	done_ok=0 busy=0 bad=0 taken=0
	i=0
	while [ "$i" -lt 10 ]; do
		i=$((i + 1))
		r=$(cat "$T/rc.$i")
		if [ "$r" -eq "$want" ]; then
			done_ok=$((done_ok + 1))
		elif [ "$one" = 1 ] && [ "$r" -eq "$again" ]; then
			taken=$((taken + 1))
		elif [ "$r" -eq 75 ] && grep -q 'store is busy' "$T/err.$i"
		then
			busy=$((busy + 1))
		else
			bad=$((bad + 1))
			echo "#   run $i: exit $r"
			diag "$T/err.$i"
		fi
	done
	refused=
	[ "$one" = 1 ] && refused=", $taken refused ($again)"
	check_same "$name: ten at once: $done_ok done$refused, $busy busy (75), no other end" \
	    0 "$bad"
	[ "$done_ok" -gt 0 ] || not_ok "$name: none of the ten completed"
	if [ "$one" = 1 ]; then
		check_same "$name: one winner" 1 "$done_ok"
	fi
	ops_state "$W" "$state" >"$T/got"
	if cmp -s "$T/got" "$T/after"; then
		ok "$name: $(ops_count "$W" "$count") $count, each once, as after one run"
	else
		not_ok "$name: ten at once differ from one run"
		diff "$T/after" "$T/got" | head -n 10 | sed 's/^/#   /'
	fi
}

ops_for c >"$T/ops"
ops_servers "$T/ops"
while IFS='|' read -r name before cmd state want count tests; do
	ops_exits
	one=0
	case $tests in *1*) one=1 ;; esac
	ten_at_once
done <"$T/ops"

# ---- a store held busy by another writer ------------------------------------

need_py() {
	[ -x "$PY" ] && "$PY" -c 'import sqlite3' 2>/dev/null
}
if need_py; then
	ops_fresh "$W" calls
	ops_state "$W" calls >"$T/before"
	# hold DB SECONDS: a writer holding the store's write lock.
	hold() {
		"$PY" -c 'import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
open(sys.argv[3], "w").close()
time.sleep(float(sys.argv[2]))
db.execute("ROLLBACK")' "$1" "$2" "$T/held" &
		holder=$!
		while [ ! -f "$T/held" ]; do sleep 0.05; done
	}
	rm -f "$T/held"
	hold "$W/ts.db" 3
	imp="ts-import calls --db ts.db '$D/ast20.csv'"
	ops_run "$W" "$imp" TS_BUSY_TIMEOUT=300
	check_same "busy past TS_BUSY_TIMEOUT: exit 75" 75 "$rc"
	check_grep "with a clear message" \
	    '^ts-import: .*store is busy' "$T/op.err"
	wait "$holder"
	ops_state "$W" calls >"$T/got"
	check "and nothing changed" cmp -s "$T/before" "$T/got"
	rm -f "$T/held"
	hold "$W/ts.db" 1
	ops_run "$W" "$imp" TS_BUSY_TIMEOUT=20000
	check_same "busy for 1 s, waited for: exit 0" 0 "$rc"
	wait "$holder"
	ops_state "$W" calls >"$T/got"
	if cmp -s "$T/before" "$T/got"; then
		not_ok "and the import is stored"
	else
		ok "and the import is stored"
	fi
else
	skip "a store held busy" "no python3 sqlite3 module to hold it"
fi

done_testing
