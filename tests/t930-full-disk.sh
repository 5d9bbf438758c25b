#!/bin/sh
# A full disk: each operation of tests/ops.sh taking "d" runs with only a
# little room left (none, 16 KB, 256 KB; with TS_LONG=1 also 4 and 64
# KB).  Each run either completes or fails with exit 1 and a message saying the disk is full; the store
# passes integrity_check and holds all or none of the operation; once room
# is made, a rerun ends as a clean run.  (A sender, "a" in ops.sh: at
# least once, its rerun past the lease, one e-mail twice at most.)
#
# As root, the scenario lives on a small tmpfs filled with a filler file
# up to the room wanted (ENOSPC, as on a real disk); elsewhere (or with
# TS_FULL_BY=ulimit), ulimit -f stops the writes past that size (EFBIG,
# SIGXFSZ ignored).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ops.sh"

need_cmd sqlite3 || skip_all "no sqlite3"
[ -n "${TS_VALGRIND:-}" ] && skip_all "not under valgrind"

M=$T/mnt
mkdir -p "$M"
how="ulimit"
if [ "${TS_FULL_BY:-}" != ulimit ] && [ "$(id -u)" -eq 0 ] &&
    mount -t tmpfs -o size=8m,mode=0700 tmpfs "$M" 2>/dev/null; then
	how=tmpfs
	# shellcheck disable=SC2034,SC2016 # run by ops_exit
	ops_on_exit='umount "$M" 2>/dev/null'
	trap ops_exit EXIT INT TERM
fi
echo "# full disk by $how"
W=$M/w
rc=0
sizes="0 16384 262144"
[ -n "${TS_LONG:-}" ] && sizes="0 4096 16384 65536 262144"
# What a failure must say.  Past a ulimit -f, SQLite may call the failed
# write of its journal an I/O error without the system's reason.
says='disk full\|no space left'
[ "$how" = tmpfs ] || says="$says\\|too large\\|I/O error"

# room DIR BYTES: leaves about BYTES free on the tmpfs (no-op otherwise).
room() {
	[ "$how" = tmpfs ] || return 0
	rm -f "$M/filler"
	dd if=/dev/zero of="$M/filler" bs=64k 2>/dev/null
	free=$(($(stat -c %s "$M/filler") - $2))
	[ "$free" -lt 0 ] && free=0
	truncate -s "$free" "$M/filler"
	sync
}

# run_full BYTES: the operation with BYTES of room; sets $rc.
run_full() {
	if [ "$how" = tmpfs ]; then
		room "$W" "$1"
		ops_run "$W" "$cmd"
		rm -f "$M/filler"
	else
		# The limit on the tool alone: its stderr through a pipe.
		ops_run "$W" "trap '' XFSZ
		    { (ulimit -f $(($1 / 512)); $cmd) 2>&1
		      echo \$? >'$T/op.rc'; } | cat >&2
		    exit \$(cat '$T/op.rc')"
	fi
}

# shellcheck disable=SC2154 # later and maxdup are set by ops_exits
full_walk() {
	ops_fresh "$T/clean" "$before" || not_ok "$name: set up"
	ops_state "$T/clean" "$state" >"$T/before"
	ops_run "$T/clean" "$cmd"
	ops_state "$T/clean" "$state" >"$T/after"
	bad=0 failed=0 tries=0
	for bytes in $sizes; do
		ops_fresh "$W" "$before" || not_ok "$name: set up"
		tries=$((tries + 1))
		run_full "$bytes"
		at="$name with $bytes bytes free"
		case $rc in
		0|1|75) ;;
		*) bad=$((bad + 1)); echo "#   $at: exit $rc" ;;
		esac
		ops_state "$W" "$state" >"$T/got"
		if ! cmp -s "$T/got" "$T/after"; then
			failed=$((failed + 1))
			[ "$rc" -ne 0 ] || {
				bad=$((bad + 1))
				echo "#   $at: exit 0 but not done"
			}
			[ "$failed" -eq 1 ] && grep -v 'rejected$' \
			    "$T/op.err" | tail -n 1 | sed 's/^/#   said: /'
			grep -qi "$says" "$T/op.err" || {
				bad=$((bad + 1))
				echo "#   $at: the message does not say the" \
				    "disk is full"
				diag "$T/op.err"
			}
		fi
		if [ "$rc" -ne 0 ] && ! ops_says_why; then
			bad=$((bad + 1))
			echo "#   $at: exit $rc without a message"
		fi
		if ops_damaged "$T/got"; then
			bad=$((bad + 1))
			echo "#   $at: the store is damaged"
		elif [ -n "$later" ]; then
			[ "$(ops_dups "$T/got")" -le "$maxdup" ] || {
				bad=$((bad + 1))
				echo "#   $at: more than $maxdup e-mail twice"
			}
		elif ! ops_all_or_none "$T/got" "$T/before" "$T/after"; then
			bad=$((bad + 1))
			echo "#   $at: the store holds part"
		fi
		rerun=$(ops_rerun_exit "$T/got")
		# shellcheck disable=SC2086 # $later: none or one assignment
		ops_run "$W" "$cmd" $later
		ops_state "$W" "$state" >"$T/got"
		if [ "$rc" -ne "$rerun" ] || ! ops_same "$T/got" "$T/after"; then
			bad=$((bad + 1))
			echo "#   $at: the rerun with room ends otherwise"
		fi
	done
	check_same "$name: $failed of $tries runs on a full disk failed, each cleanly" \
	    0 "$bad"
	[ "$failed" -gt 0 ] || not_ok "$name: no run was short of room"
}

ops_for d >"$T/ops"
ops_servers "$T/ops"
# shellcheck disable=SC2034 # want and tests are read by ops_exits
while IFS='|' read -r name before cmd state want _ tests; do
	ops_exits
	full_walk
done <"$T/ops"

done_testing
