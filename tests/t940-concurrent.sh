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

# ---- purging while importing --------------------------------------------------
#
# Ten at once on the store of ts-purge's tests: five ts-import of new calls
# (recent, of other people: what a purge leaves alone), three retention
# purges and two erasures of one person.  Each ends as it would alone (an
# erasure that finds her gone exits 3), or exits 75 saying why (the store
# busy past TS_BUSY_TIMEOUT, or a checkpoint kept from finishing by the
# others: the data is deleted); run again, those complete.  Then the store
# passes integrity_check and holds what the ten run one after another
# leave: every new call once, the expired ones and the person's gone, an
# audit row for each deletion.

# new_calls I: 1,000 calls of file I, in November 2026.
new_calls() {
	awk -v f="$1" 'BEGIN {
		print "call_id,did,caller,caller_name,start,answer,end," \
		    "wait_s,talk_s,status,agent,queue"
		for (i = 0; i < 1000; i++)
			printf "n%d-%d,01 44 00 00 0%d,+3360%07d,,2026-11-%02d" \
			    "T%02d:%02d:00+01:00,,2026-11-%02dT%02d:%02d:40" \
			    "+01:00,40,0,abandoned,,\n", f, i, 1 + i % 4,
			    f * 10000 + i, 1 + i % 22, 8 + i % 10, i % 60,
			    1 + i % 22, 8 + i % 10, i % 60
	}' >"$T/new$1.csv"
}
# mixed_cmd I: the I-th of the ten.
mixed_cmd() {
	case $1 in
	[1-5]) echo "ts-import -q calls --db ts.db '$T/new$1.csv'" ;;
	[678]) echo "ts-purge -q --db ts.db" ;;
	*) echo "ts-purge -q subject --db ts.db $ERASE" ;;
	esac
}
i=0
while [ "$i" -lt 10 ]; do
	i=$((i + 1))
	[ "$i" -le 5 ] && new_calls "$i"
done
export TS_CONFIG="$GDPRCONF"
ops_fresh "$T/clean" gdpr || not_ok "mixed: set up"
for i in 1 2 3 4 5 6 7 8 9 10; do
	ops_run "$T/clean" "$(mixed_cmd "$i")"
done
ops_state "$T/clean" purged | sort >"$T/after"
ops_fresh "$W" gdpr || not_ok "mixed: set up"
pids=
for i in 1 2 3 4 5 6 7 8 9 10; do
	(cd "$W" && sh -c "$(mixed_cmd "$i")" >/dev/null 2>"$T/err.$i"
	echo $? >"$T/rc.$i") &
	pids="$pids $!"
done
# shellcheck disable=SC2086
wait $pids
done_ok=0 busy=0 bad=0 gone=0 again=
for i in 1 2 3 4 5 6 7 8 9 10; do
	r=$(cat "$T/rc.$i")
	if [ "$r" -eq 0 ]; then
		done_ok=$((done_ok + 1))
	elif [ "$i" -ge 9 ] && [ "$r" -eq 3 ] &&
	    grep -q 'nothing found for this person' "$T/err.$i"; then
		gone=$((gone + 1))
	elif [ "$r" -eq 75 ] &&
	    grep -q 'store is busy\|checkpoint from finishing' "$T/err.$i"
	then
		busy=$((busy + 1))
		again="$again $i"
	else
		bad=$((bad + 1))
		echo "#   run $i ($(mixed_cmd "$i" | cut -d' ' -f1)): exit $r"
		diag "$T/err.$i"
	fi
done
check_same "mixed: 5 imports, 3 purges, 2 erasures at once: $done_ok done, $gone found her gone (3), $busy busy (75), no other end" \
    0 "$bad"
check_same "mixed: one erasure found her, the other found her gone" 1 "$gone"
for i in $again; do
	ops_run "$W" "$(mixed_cmd "$i")"
	case $rc in
	0) ;;
	3) [ "$i" -ge 9 ] || not_ok "mixed: run $i again: exit 3" ;;
	*) not_ok "mixed: run $i again: exit $rc"; diag "$T/op.err" ;;
	esac
done
ops_state "$W" purged | sort >"$T/got"
if cmp -s "$T/got" "$T/after"; then
	ok "mixed: $(ops_count "$W" left) left, as after the ten one by one; integrity_check ok"
else
	not_ok "mixed: the store differs from the ten one by one"
	diff "$T/after" "$T/got" | head -n 10 | sed 's/^/#   /'
fi
export TS_CONFIG="$D/config.yaml"

# ---- a store held busy by another writer ------------------------------------

need_py() {
	[ -x "$PY" ] && "$PY" -c 'import sqlite3' 2>/dev/null
}
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
# held TOOL BEFORE STATE COMMAND: COMMAND on a store held by another
# writer for longer than TS_BUSY_TIMEOUT, then for less.
held() {
	ops_fresh "$W" "$2"
	ops_state "$W" "$3" >"$T/before"
	rm -f "$T/held"
	hold "$W/ts.db" 3
	ops_run "$W" "$4" TS_BUSY_TIMEOUT=300
	check_same "$1: busy past TS_BUSY_TIMEOUT: exit 75" 75 "$rc"
	check_grep "$1: with a clear message" "^$1: .*store is busy" \
	    "$T/op.err"
	wait "$holder"
	ops_state "$W" "$3" >"$T/got"
	check "$1: and nothing changed" cmp -s "$T/before" "$T/got"
	rm -f "$T/held"
	hold "$W/ts.db" 1
	ops_run "$W" "$4" TS_BUSY_TIMEOUT=20000
	check_same "$1: busy for 1 s, waited for: exit 0" 0 "$rc"
	wait "$holder"
	ops_state "$W" "$3" >"$T/got"
	if cmp -s "$T/before" "$T/got"; then
		not_ok "$1: and the work is done"
	else
		ok "$1: and the work is done"
	fi
}
if need_py; then
	held ts-import calls calls "ts-import calls --db ts.db '$D/ast20.csv'"
	held ts-purge gdpr purged \
	    "env TS_CONFIG=$GDPRCONF ts-purge -q --db ts.db"
	held ts-export gdpr exported \
	    "env TS_CONFIG=$GDPRCONF ts-export -q subject --db ts.db $ERASE --dir out"
else
	skip "a store held busy" "no python3 sqlite3 module to hold it"
fi

done_testing
