# tests/lib.sh - TAP helpers for the black-box tests, sourced by each
# tests/tNNN-*.sh script.  POSIX sh.
#
#	. "$(dirname "$0")/lib.sh"
#	check 'imports the file' ts-import calls "$DATA/x.csv"
#	check_code 'bad option' 2 ts-import --nope
#	check_out 'same records' expected.csv ts-kpi x.csv
#	done_testing
#
# Every script gets: a scratch directory $T (tests/tmp/<script>, emptied at
# start), the built tools first in PATH, LC_ALL=C, TZ=UTC, a fixed clock
# (TS_NOW), stdin from /dev/null, and its own store and configuration
# locations so that no test ever touches the user's files.

TS_ROOT=$(cd "$(dirname "$0")/.." && pwd)
TS_BUILD=${TS_BUILD:-$TS_ROOT/build}
TS_SHARED=${TS_SHARED:-$TS_ROOT/../shared}
SAMPLES=$TS_SHARED/data/samples
DATA=$TS_ROOT/tests/data
T=$TS_ROOT/tests/tmp/$(basename "$0" .sh)
PATH=$TS_BUILD:$PATH
LC_ALL=C
TZ=UTC
TS_NOW=${TS_NOW:-2026-11-23T09:00:00+01:00}
HOME=$T/home
XDG_CONFIG_HOME=$T/home/.config
XDG_DATA_HOME=$T/home/.local/share
export TS_ROOT TS_BUILD TS_SHARED SAMPLES DATA T PATH LC_ALL TZ TS_NOW HOME \
    XDG_CONFIG_HOME XDG_DATA_HOME
unset TS_DB TS_CONFIG NO_COLOR
# Debian's python3 (a pyenv shim may come first in PATH and cannot import
# Debian's python3-* packages).
PY=/usr/bin/python3

rm -rf "$T"
mkdir -p "$T/home"
exec </dev/null

# TS_VALGRIND=1: every tool runs under valgrind (memcheck, definite leaks
# are errors); an error exits 126, which the checks below call a crash.
if [ -n "${TS_VALGRIND:-}" ]; then
	mkdir -p "$T/valgrind"
	for _tool in "$TS_BUILD"/ts "$TS_BUILD"/ts-*; do
		[ -x "$_tool" ] || continue
		printf '#!/bin/sh\nexec valgrind -q --leak-check=full %s %s "$@"\n' \
		    '--errors-for-leak-kinds=definite --error-exitcode=126' \
		    "$_tool" >"$T/valgrind/${_tool##*/}"
		chmod +x "$T/valgrind/${_tool##*/}"
	done
	PATH=$T/valgrind:$PATH
fi

tap_n=0
tap_failed=0

ok() {
	tap_n=$((tap_n + 1))
	printf 'ok %d - %s\n' "$tap_n" "$1"
}

not_ok() {
	tap_n=$((tap_n + 1))
	tap_failed=$((tap_failed + 1))
	printf 'not ok %d - %s\n' "$tap_n" "$1"
}

# diag FILE...: shows files as TAP comments.
diag() {
	for f in "$@"; do
		[ -f "$f" ] && sed 's/^/#   /' "$f" | head -n 40
	done
	return 0
}

# run CMD...: runs CMD with stdout in $T/out and stderr in $T/err, sets $rc.
run() {
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
}

# A status of 126 or more is a crash (signal), valgrind, or a missing tool:
# never an expected result.
crashed() {
	[ "$1" -ge 126 ]
}

# check NAME CMD...: passes when CMD exits 0.
check() {
	name=$1
	shift
	run "$@"
	if [ "$rc" -eq 0 ]; then
		ok "$name"
	else
		not_ok "$name"
		printf '#   exit %d from: %s\n' "$rc" "$*"
		diag "$T/err"
	fi
}

# check_code NAME CODE CMD...: passes when CMD exits with CODE exactly.
check_code() {
	name=$1
	want=$2
	shift 2
	run "$@"
	if [ "$rc" -eq "$want" ] && ! crashed "$rc"; then
		ok "$name"
	else
		not_ok "$name"
		printf '#   exit %d, wanted %d, from: %s\n' "$rc" "$want" "$*"
		diag "$T/err"
	fi
}

# check_out NAME EXPECTED_FILE CMD...: passes when CMD exits 0 and its
# stdout is EXPECTED_FILE byte for byte.
check_out() {
	name=$1
	want=$2
	shift 2
	run "$@"
	if [ "$rc" -eq 0 ] && cmp -s "$want" "$T/out"; then
		ok "$name"
	else
		not_ok "$name"
		printf '#   exit %d from: %s\n' "$rc" "$*"
		diff -u "$want" "$T/out" | head -n 40 | sed 's/^/#   /'
		diag "$T/err"
	fi
}

# check_same NAME WANT GOT: passes when the two strings are equal.
check_same() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1"
		printf '#   got:  %s\n#   want: %s\n' "$3" "$2"
	fi
}

# check_err NAME REGEX: passes when the last run's stderr matches REGEX
# (grep -E).
check_err() {
	if grep -Eq -- "$2" "$T/err"; then
		ok "$1"
	else
		not_ok "$1"
		printf '#   stderr does not match: %s\n' "$2"
		diag "$T/err"
	fi
}

# check_grep NAME REGEX FILE: passes when FILE has a line matching REGEX.
check_grep() {
	if grep -Eq -- "$2" "$3"; then
		ok "$1"
	else
		not_ok "$1"
		printf '#   %s does not match: %s\n' "$3" "$2"
		diag "$3"
	fi
}

# skip NAME REASON: a passing test that says why it did not run.
skip() {
	tap_n=$((tap_n + 1))
	printf 'ok %d - %s # SKIP %s\n' "$tap_n" "$1" "$2"
}

# skip_all REASON: the whole script does not apply here.
skip_all() {
	printf '1..0 # SKIP %s\n' "$1"
	exit 0
}

# need_cmd CMD...: true when every command exists.
need_cmd() {
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || return 1
	done
}

# need_py MODULE: true when Debian's python3 can import MODULE.
need_py() {
	[ -x "$PY" ] && "$PY" -c "import $1" 2>/dev/null
}

# free_port: prints a TCP port free on 127.0.0.1.
# wait_ready FILE [TENTHS]: waits until a server the test started writes
# "ready" into FILE, for at most TENTHS tenths of a second (50).
wait_ready() {
	_wr=0
	until grep -q ready "$1" 2>/dev/null || [ "$_wr" -ge "${2:-50}" ]; do
		sleep 0.1
		_wr=$((_wr + 1))
	done
}

free_port() {
	"$PY" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# field FILE ROW COLUMN_NAME: a value of a CSV file with a header, by
# column name, for simple files (no quoted commas).
field() {
	awk -F, -v row="$2" -v name="$3" '
		NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
		NR == row + 1 { print $(col[name]); exit }' "$1"
}

done_testing() {
	printf '1..%d\n' "$tap_n"
	[ "$tap_failed" -eq 0 ]
}

# sanitized: true when the tools are built with ASan (make SANITIZE=1).
sanitized() {
	ldd "$TS_BUILD/ts" 2>/dev/null | grep -q libasan
}

# mode_of FILE: the file's permissions as ls shows them ("-rw-------").
mode_of() {
	stat -c %A "$1"
}
