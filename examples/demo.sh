#!/bin/sh
# The demonstration that `make demo` runs: a small agency's day with ts,
# on a temporary store, examples/config.yaml (three clients: a medical
# practice, a law firm, a plumber) and calls made by the project's
# generator.  Each tool adds its step as a file in examples/demo.d.
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

# The steps, one file per tool, in name order: each sees $work (the
# temporary directory), $root, $build and step().
for f in "$root"/examples/demo.d/*.sh; do
	# shellcheck source=/dev/null
	. "$f"
done

printf '\nThe store was %s (removed now).  See ts(7) for the tools.\n' "$TS_DB"
