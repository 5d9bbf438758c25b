#!/bin/sh
# tests/fuzz/run.sh - runs the libFuzzer targets built in build-fuzz/.
#
#	sh tests/fuzz/run.sh SECONDS [TARGET ...]
#
# Each target (all of build-fuzz/fuzz_*, or those named, with or without
# the fuzz_ prefix) runs SECONDS seconds on one core.  Its corpus is
# build-fuzz/corpus/TARGET (kept from run to run: it is what the fuzzer
# learnt) plus seeds copied at each run from tests/data/, from the
# hand-written lists in tests/fuzz/seeds/, and from ../shared/data/samples
# when that directory exists (those are read here, never committed).
# Findings go to build-fuzz/findings/; a log per target to build-fuzz/logs/.
# Prints one line per target (runs, seconds, coverage, corpus) and exits 1
# when any target found something.
#
# The seeds of a target are listed in seeds_of below: a new target with no
# line there runs from an empty corpus (and says so).
set -u

root=$(cd "$(dirname "$0")/../.." && pwd)
fb=$root/build-fuzz
samples=${TS_SHARED:-$root/../shared}/data/samples
secs=${1:?usage: run.sh SECONDS [TARGET ...]}
shift

# seeds_of TARGET: "PREFIX FILE..." lines: each FILE (or directory) gives
# seeds, each with the byte PREFIX (octal, or "-" for none) put first for
# the targets whose first byte chooses an option.
seeds_of() {
	d=$root/tests/data
	s=$samples
	case $1 in
	fuzz_cdr_auto)
		echo "- $d/import $s/asterisk-cdr-csv $s/asterisk-cdr-custom" \
		    "$s/asterisk-queue-log $s/asterisk-db-exports" \
		    "$s/freeswitch-cdr-csv" ;;
	fuzz_cdr_asterisk)
		echo "- $d/import/ast16.csv $d/import/ast17-uniqueid.csv" \
		    "$d/import/ast17-userfield.csv $d/import/ast19.csv" \
		    "$d/import/ast20.csv $d/import/ast-dst.csv" \
		    "$d/import/ast-bad.csv $s/asterisk-cdr-csv" ;;
	fuzz_cdr_asterisk_custom)
		echo "- $s/asterisk-cdr-custom $d/import/ast16.csv" ;;
	fuzz_cdr_asterisk_table)
		echo "- $s/asterisk-db-exports/voipreports1-cdr-table.csv" ;;
	fuzz_cdr_queuelog)
		echo "- $d/import/queue_log $s/asterisk-queue-log" ;;
	fuzz_cdr_queuelog_table)
		echo "- $s/asterisk-db-exports/voipreports1-queue_log-table.csv" ;;
	fuzz_cdr_freeswitch)
		echo "- $s/freeswitch-cdr-csv" ;;
	fuzz_cdr_canonical)
		echo "- $d/import/canonical.csv $d/import/ast16.calls" \
		    "$d/import/queue_log.calls" ;;
	fuzz_rec)
		echo "000 $d/rec $d/import/canonical.csv" \
		    "$d/import/contacts-fr.csv $d/import/contacts-google.csv"
		echo "001 $d/rec/tab.tsv"
		echo "004 $d/import/contacts-fr.csv"
		echo "002 $d/import/ast16.csv $d/import/ast20.csv" ;;
	fuzz_csvdiff)
		echo "001 $d/rec $d/import/ast16.csv $d/import/ast20.csv" \
		    "$d/import/ast-bad.csv $s/asterisk-cdr-csv" \
		    "$s/freeswitch-cdr-csv"
		echo "007 $d/rec/cr.csv $d/rec/crlf.csv $d/rec/multiline.csv" ;;
	fuzz_config)
		echo "- $d/config $d/import/config.yaml $root/examples/config.yaml" ;;
	fuzz_contacts_csv)
		echo "000 $d/import/contacts-fr.csv $d/import/contacts-google.csv" \
		    "$root/examples/patients-durand.csv" ;;
	fuzz_vcard)
		echo "- $d/import/contacts.vcf" ;;
	fuzz_ical)
		echo "- $d/agenda/apple.ics $d/agenda/google.ics" \
		    "$d/agenda/outlook.ics $d/agenda/thunderbird.ics" \
		    "$d/agenda/bad-tzid.ics" ;;
	fuzz_xml)
		echo "- $root/tests/fuzz/seeds/xml" ;;
	fuzz_agi)
		echo "- $d/route/agi-account.vars $d/route/agi-night.vars" \
		    "$d/route/agi-withheld.vars $d/route/agi-vip.vars" ;;
	fuzz_time|fuzz_period|fuzz_phone|fuzz_duration|fuzz_template)
		echo "lines $root/tests/fuzz/seeds/${1#fuzz_}.txt" ;;
	esac
}

# copy_seed PREFIX FILE DIR: FILE as seeds in DIR, cut into pieces of 40
# lines when it is long (a fuzzer mutates small inputs better; the header
# line is repeated at the top of each piece, harmless for the formats
# without one).
copy_seed() {
	base=$3/$(basename "$2")
	if [ "$(wc -c <"$2")" -le 4096 ]; then
		{ put_prefix "$1"; cat "$2"; } >"$base"
		return
	fi
	head -n 1 "$2" >"$3/.header"
	tail -n +2 "$2" | split -l 40 - "$3/.piece."
	for p in "$3"/.piece.*; do
		{ put_prefix "$1"; cat "$3/.header" "$p"; } \
		    >"$base.${p##*.piece.}"
		rm -f "$p"
	done
	rm -f "$3/.header"
}

put_prefix() {
	# shellcheck disable=SC2059
	[ "$1" = - ] || printf "\\$1"
}

# copy_lines FILE DIR: each line of FILE is a seed, under each prefix byte
# 000..007 (the targets' option byte).
copy_lines() {
	n=0
	while IFS= read -r line; do
		n=$((n + 1))
		for b in 0 1 2 3 4 5 6 7; do
			# shellcheck disable=SC2059
			{ printf "\\00$b"; printf '%s' "$line"; } \
			    >"$2/line$n.$b"
		done
	done <"$1"
}

make_seeds() {
	rm -rf "$2"
	mkdir -p "$2"
	seeds_of "$1" | while read -r prefix files; do
		for f in $files; do
			if [ "$prefix" = lines ]; then
				copy_lines "$f" "$2"
			elif [ -d "$f" ]; then
				for g in "$f"/*; do
					[ -f "$g" ] && copy_seed "$prefix" "$g" "$2"
				done
			elif [ -f "$f" ]; then
				copy_seed "$prefix" "$f" "$2"
			fi
		done
	done
}

# The options of a target: the longest input it is given, and a dictionary.
options_of() {
	case $1 in
	fuzz_time|fuzz_period|fuzz_phone|fuzz_duration) len=256 ;;
	fuzz_template) len=1024 ;;
	fuzz_config) len=16384 ;;
	*) len=8192 ;;
	esac
	printf '%s' "-max_len=$len"
	for dict in "$root/tests/fuzz/$1.dict" \
	    "$root/tests/fuzz/$(echo "$1" | sed 's/^\(fuzz_[a-z]*\)_.*/\1/').dict"; do
		if [ -f "$dict" ]; then
			printf ' %s' "-dict=$dict"
			break
		fi
	done
}

if [ $# -eq 0 ]; then
	set -- "$fb"/fuzz_*
else
	for t; do
		shift
		set -- "$@" "$fb/fuzz_${t#fuzz_}"
	done
fi

mkdir -p "$fb/logs" "$fb/findings"
failed=0
for bin in "$@"; do
	case $bin in *.d) continue ;; esac
	[ -x "$bin" ] || { echo "run.sh: no target $bin (make fuzz-build)"; \
	    failed=1; continue; }
	t=$(basename "$bin")
	corpus=$fb/corpus/$t
	seeds=$fb/seeds/$t
	mkdir -p "$corpus"
	make_seeds "$t" "$seeds"
	[ -n "$(ls "$seeds")" ] || echo "$t: no seeds, starting from nothing"
	log=$fb/logs/$t.log
	# shellcheck disable=SC2046
	"$bin" $(options_of "$t") -max_total_time="$secs" -timeout=25 \
	    -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix="$fb/findings/$t-" "$corpus" "$seeds" \
	    >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
	took=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log")
	if [ "$rc" -ne 0 ]; then
		failed=1
		echo "$t: FINDING (exit $rc) after ${runs:-?} runs; see $log"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz)' "$log" | head -n 5 |
		    sed 's/^/  /'
	else
		echo "$t: ${runs:-?} runs in ${took:-?} s, ${cov:-cov: ?}," \
		    "corpus $(find "$corpus" -type f | wc -l) inputs"
	fi
done
exit "$failed"
