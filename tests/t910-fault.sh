#!/bin/sh
# Fault injection: the writes, syncs and allocations of each operation of
# tests/ops.sh (tests "f") fail one at a time, through the LD_PRELOAD shim
# tests/tools/preload_fault.c (SQLite's and curl's method).  At every
# point: the tool ends with exit 0 (the fault was absorbed), 1 or 75 and
# a message on stderr, never a crash; the store passes PRAGMA
# integrity_check and holds all or none of the operation; a rerun without
# the fault ends exactly as a run that never failed.  A sender (tests "a"
# in ops.sh) is at least once instead: its rerun comes past the lease, and
# may have sent one e-mail twice, with the same Message-ID.
#
# A first run counts the calls of each class; then three points spread
# from the first call to the last are walked (TS_FAULT_POINTS=N for N),
# for writes, syncs and allocations failing once.  With TS_LONG=1: every
# point, and writes failing from there on too (a disk that died).  Skipped under SANITIZE=1
# (the shim cannot be preloaded before ASan's runtime) and TS_VALGRIND=1.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ops.sh"

SHIM=$TS_BUILD/tests/preload_fault.so
[ -f "$SHIM" ] || skip_all "no $SHIM"
sanitized && skip_all "the shim cannot run under SANITIZE=1"
[ -n "${TS_VALGRIND:-}" ] && skip_all "not under valgrind"
need_cmd sqlite3 || skip_all "no sqlite3"

W=$T/w
rc=0
points=0
problems=0

# problem TEXT: one broken promise at the current point (shown, counted).
problem() {
	problems=$((problems + 1))
	[ "$problems" -le 20 ] && printf '#   %s\n' "$1"
	[ "$problems" -le 5 ] && diag "$T/op.err"
}

# points_of TOTAL: the failure points walked among TOTAL calls.
points_of() {
	if [ -n "${TS_LONG:-}" ]; then
		seq 1 "$1"
		return
	fi
	n=${TS_FAULT_POINTS:-3}
	[ "$n" -gt "$1" ] && n=$1
	i=0
	while [ "$i" -lt "$n" ]; do
		if [ "$n" -eq 1 ]; then
			echo 1
		else
			echo $((1 + i * ($1 - 1) / (n - 1)))
		fi
		i=$((i + 1))
	done | uniq
}

# at_point K: the operation with the K-th call of $class failing, checked.
# shellcheck disable=SC2154 # later and maxdup are set by ops_exits
at_point() {
	ops_fresh "$W" "$before" || problem "$name: cannot set up"
	rm -f "$T/log"
	ops_run "$W" "$cmd" TS_FAULT="$class" TS_FAULT_AT="$1" \
	    TS_FAULT_PERSIST="$persist" TS_FAULT_LOG="$T/log" \
	    LD_PRELOAD="$SHIM"
	grep -q '^hit' "$T/log" 2>/dev/null || return 0
	walked=$((walked + 1))
	at="$name: $class $1 of $total"
	case $rc in
	0|1|75) ;;
	*) problem "$at: exit $rc" ;;
	esac
	if [ "$rc" -ne 0 ] && ! ops_says_why; then
		problem "$at: exit $rc without a message"
	fi
	ops_state "$W" "$state" >"$T/got"
	if ops_damaged "$T/got"; then
		problem "$at: the store is damaged"
	elif [ -n "$later" ]; then
		[ "$(ops_dups "$T/got")" -le "$maxdup" ] ||
		    problem "$at: more than $maxdup e-mail sent twice"
	elif ! ops_all_or_none "$T/got" "$T/before" "$T/after"; then
		problem "$at: the store holds part of the operation"
	fi
	rerun=$(ops_rerun_exit "$T/got")
	# shellcheck disable=SC2086 # $later: no word or one assignment
	ops_run "$W" "$cmd" $later
	ops_state "$W" "$state" >"$T/got"
	if [ "$rc" -ne "$rerun" ] || ! ops_same "$T/got" "$T/after"; then
		problem "$at: a rerun ends with exit $rc, not as a clean run"
		diff "$T/after" "$T/got" | head -n 5 | sed 's/^/#   /'
	fi
}

# walk CLASS [PERSIST]: every chosen point of the operation read last.
walk() {
	class=$1 persist=${2:-0}
	ops_fresh "$W" "$before" || problem "$name: cannot set up"
	ops_state "$W" "$state" >"$T/before"
	ops_run "$W" "$cmd" TS_FAULT="$class" TS_FAULT_LOG="$T/count" \
	    LD_PRELOAD="$SHIM"
	ops_state "$W" "$state" >"$T/after"
	total=$(sed -n 's/^calls //p' "$T/count" | tail -n 1)
	rm -f "$T/count"
	if [ "$rc" -ne "$want" ] || [ -z "$total" ]; then
		not_ok "$name: a run that counts ${class}s exits $want"
		diag "$T/op.err"
		return
	fi
	walked=0
	was=$problems
	for k in $(points_of "$total"); do
		at_point "$k"
	done
	points=$((points + walked))
	how="$walked of $total ${class}s failed$(
	    [ "$persist" = 1 ] && echo ' from there on')"
	if [ "$walked" -eq 0 ]; then
		not_ok "$name: $class faults were injected"
	elif [ "$problems" -eq "$was" ]; then
		ok "$name: $how, each cleanly"
	else
		not_ok "$name: $how: $((problems - was)) broken promises"
	fi
}

ops_for f >"$T/ops"
ops_servers "$T/ops"
# shellcheck disable=SC2034 # tests is read by ops_exits
while IFS='|' read -r name before cmd state want _ tests; do
	ops_exits
	walk write
	[ -n "${TS_LONG:-}" ] && walk write 1
	walk sync
	walk alloc
done <"$T/ops"
echo "# $points failure points walked"

done_testing
