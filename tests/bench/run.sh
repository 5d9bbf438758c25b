#!/bin/sh
# make bench: ts against the other tools a user could use for the same job,
# side by side in one run, as ratios.  A benchmark, not a test: it prints
# figures and never fails on a time.
#
#	sh tests/bench/run.sh [section ...]     (default: every section)
#
# Data is generated once into $TS_BENCH_DIR (default $TMPDIR/ts-bench) by
# the project's generator and kept for later runs.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
TS_BUILD=${TS_BUILD:-$root/build}
TS_BENCH_DIR=${TS_BENCH_DIR:-${TMPDIR:-/tmp}/ts-bench}
PATH=$TS_BUILD:$PATH
export TS_BUILD TS_BENCH_DIR PATH
mkdir -p "$TS_BENCH_DIR"

# Without arguments: every section file but run.sh and lib.sh.
if [ $# -eq 0 ]; then
	for f in "$root"/tests/bench/*.sh; do
		f=${f##*/}
		case $f in
		run.sh|lib.sh) ;;
		*) set -- "$@" "${f%.sh}" ;;
		esac
	done
fi
for s in "$@"; do
	if [ ! -f "$root/tests/bench/$s.sh" ]; then
		echo "bench: no section '$s'" >&2
		exit 2
	fi
	printf '\n## %s\n\n' "$s"
	sh "$root/tests/bench/$s.sh"
done
