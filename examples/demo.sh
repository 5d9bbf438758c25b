#!/bin/sh
# The demonstration that `make demo` runs: a small agency's day with ts,
# on a temporary store, examples/config.yaml (three clients: a medical
# practice, a law firm, a plumber) and calls made by the project's
# generator.  Every tool adds its step here.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build=${TS_BUILD:-$root/build}
work=$(mktemp -d "${TMPDIR:-/tmp}/ts-demo.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

PATH=$build:$PATH
TS_DB=$work/ts.db
TS_CONFIG=$root/examples/config.yaml
TS_NOW=2026-11-23T08:30:00+01:00
export PATH TS_DB TS_CONFIG TS_NOW

step() {
	printf '\n== %s\n' "$*"
}

step "Two weeks of calls on the agency's four lines (Asterisk Master.csv)"
"$build/tests/gencdr" --rows 3000 --dids 4 --days 14 --start 2026-11-09 \
    --callers 400 --legs 0.05 --seed 7 >"$work/Master.csv"
head -n 2 "$work/Master.csv"
echo "... $(wc -l <"$work/Master.csv") rows"

step "ts import calls: legs merged, each call given its client"
ts import calls "$work/Master.csv"

step "Importing the same file again adds nothing"
ts import calls "$work/Master.csv"

step "ts import contacts: the practice's patients, from a French spreadsheet"
ts import contacts --client cabinet-durand "$root/examples/patients-durand.csv"

step "What the store holds, per client"
sqlite3 -header -column "$TS_DB" \
    "select coalesce(client, '(none)') as client, count(*) as calls,
	sum(status = 'answered') as answered,
	sum(status = 'voicemail') as voicemail,
	sum(status not in ('answered', 'voicemail')) as lost
     from calls group by client order by client"

printf '\nThe store was %s (removed now).  See ts(7) for the tools.\n' "$TS_DB"
