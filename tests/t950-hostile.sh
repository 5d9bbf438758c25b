#!/bin/sh
# Hostile and broken input (tests/tools/hostile.py writes it): a 10 MB
# line, a 1 MB field, NUL bytes, invalid UTF-8, CRLF and CR line ends, a
# BOM, an empty and a header-only file, unbalanced quotes, a 10,000-column
# row, 2026-02-30 and 24:00:00, negative durations, 40-digit numbers, SQL
# and shell metacharacters in every text field, '../' in a client id, a
# password in a configuration, a YAML bomb.  Each is imported into a store
# that already holds calls and contacts, under a 1 GB address-space limit
# (not under ASan): no crash, a bad row named by its file and line, no
# personal data on stderr, nothing already stored lost, the store intact.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ops.sh"

need_cmd sqlite3 || skip_all "no sqlite3"
[ -x "$PY" ] || skip_all "no $PY"
H=$T/hostile
"$PY" "$TS_ROOT/tests/tools/hostile.py" "$H" || skip_all "hostile.py"
W=$T/w
rc=0
limit=
sanitized || [ -n "${TS_VALGRIND:-}" ] || limit="ulimit -v 1048576;"

ops_fresh "$W" contacts
ops_state "$W" contacts | grep -v '^check: ' >"$T/kept"

# hostile NAME EXIT COMMAND: runs COMMAND (on $W's store) and checks the
# promises; EXIT is the exit code wanted ("0|1" for either).
hostile() {
	what=$1 codes=$2
	ops_run "$W" "$limit $3"
	case "|$codes|" in
	*"|$rc|"*) ok "$what: exit $rc" ;;
	*) not_ok "$what: exit $rc, wanted $codes"; diag "$T/op.err" ;;
	esac
	if grep -q 'Alice\|0612345\|Sup3rSecr3t' "$T/op.err"; then
		not_ok "$what: personal data or a secret on stderr"
		diag "$T/op.err"
	fi
	ops_state "$W" contacts >"$T/now"
	if ops_damaged "$T/now"; then
		not_ok "$what: the store is damaged"
	elif [ -n "$(grep -v '^check: ' "$T/now" | sort |
	    comm -23 "$T/kept.sorted" -)" ]; then
		not_ok "$what: something stored before was lost"
	fi
}
sort "$T/kept" >"$T/kept.sorted"

# says NAME REGEX: stderr of the last run matches REGEX.
says() {
	check_grep "$1" "$2" "$T/op.err"
}

calls() {
	hostile "$1" "$2" "ts-import calls --db ts.db '$H/$3'"
}

calls "a 10 MB line" 1 line-10mb.csv
says "is skipped, named by file and line" \
    '^ts-import: .*/line-10mb.csv:2: record longer than 8 MiB'
calls "a 1 MB field" "0|1" field-1mb.csv
calls "NUL bytes" "0|1" nul-bytes.csv
calls "invalid UTF-8" "0|1" bad-utf8.csv
says "a broken row named by file and line" '/bad-utf8.csv:3: '
calls "unbalanced quotes" 1 unbalanced-quote.csv
says "named by file and line" '/unbalanced-quote.csv:2: '
calls "a 10,000-column row" 1 columns-10000.csv
says "named by file and line" '/columns-10000.csv:2: '
calls "2026-02-30 and 24:00:00" 1 bad-dates.csv
says "each named by file and line" '/bad-dates.csv:2: bad start time'
check_grep "the second too" '/bad-dates.csv:3: bad start time' "$T/op.err"
calls "negative durations" 1 negative-durations.csv
says "named by file and line" '/negative-durations.csv:2: bad duration'
calls "40-digit numbers" "0|1" digits-40.csv
calls "an empty file" 0 empty.csv
calls "a header-only file" 0 header-only.canon

# Line ends and BOM: the same calls as with LF.
for f in lf crlf cr bom; do
	ops_fresh "$T/$f" nothing
	ops_run "$T/$f" "ts-import calls --db ts.db '$H/$f.csv'"
	check_same "$f: exit 0" 0 "$rc"
	ops_state "$T/$f" calls >"$T/$f.state"
done
for f in crlf cr bom; do
	check "$f: the same calls as LF" cmp -s "$T/lf.state" "$T/$f.state"
done
check_same "LF: 3 calls" 3 "$(ops_count "$T/lf" calls)"

# SQL and shell metacharacters: stored verbatim, nothing executed.
n0=$(ops_count "$W" calls)
calls "SQL and shell metacharacters" 0 metachars.csv
check_same "ten calls stored" $((n0 + 10)) "$(ops_count "$W" calls)"
check_same "each caller name verbatim" 9 "$(sqlite3 "$W/ts.db" \
    "select count(*) from calls where caller_name in
     ('''; DROP TABLE calls; --', '\$(touch pwned)', '\`touch pwned\`',
      'Robert''); DELETE FROM calls;--', '| tee pwned', '%s%n%x',
      '../../etc/passwd', '=HYPERLINK(\"http://x\")', '\\x00')")"
check_same "nothing ran" "" "$(find "$W" "$T" -name pwned)"
hostile "contacts with metacharacters" 1 \
    "ts-import contacts --client cabinet-a --db ts.db '$H/metachars.contacts'"
says "the unbalanced quote named by file and line" \
    '/metachars.contacts:5: unbalanced quotes'
check_same "their names verbatim" 3 "$(sqlite3 "$W/ts.db" \
    "select count(*) from contacts where client = 'cabinet-a' and note in
     (''', DROP TABLE calls, --', '\$(touch pwned)', '\`touch pwned\`')")"
hostile "contacts: a 10,000-column row" "0|1" \
    "ts-import contacts --client cabinet-a --db ts.db '$H/columns-10000.contacts'"
hostile "contacts: NUL bytes" "0|1" \
    "ts-import contacts --client cabinet-a --db ts.db '$H/nul.contacts'"

# Configurations: refused with file:line:column, before any work.
conf() {
	hostile "$1" 2 "ts-import -c '$H/$2' calls --db ts.db '$H/lf.csv'"
}
conf "a YAML bomb" bomb.yaml
says "refused by file, line and column" \
    "/bomb.yaml:[0-9]+:[0-9]+: aliases expand to more than"
conf "a password in the configuration" password.yaml
says "refused by file, line and column" "/password.yaml:7:5: "
chmod 0644 "$H/password.yaml"
conf "the same, world-readable" password.yaml
conf "'../' in a client id" client-dotdot.yaml
says "refused by file, line and column" \
    "/client-dotdot.yaml:5:3: invalid client id"

done_testing
