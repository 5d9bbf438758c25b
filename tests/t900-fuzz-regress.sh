#!/bin/sh
# Every input a fuzzing campaign found that broke a promise (a crash, a
# leak, a call the store refuses, a number that does not normalise to
# itself...) is kept in tests/data/fuzz/TARGET/ and replayed here through
# the same target, built by the normal compiler with tests/fuzz/replay.c
# as main.  Under SANITIZE=1 (CI) ASan and UBSan watch each replay; in
# every build the target's own checks abort on a broken promise.
. "$(dirname "$0")/lib.sh"

R=$DATA/fuzz
[ -d "$TS_BUILD/tests/fuzz" ] || skip_all "no fuzz targets built in $TS_BUILD"

for dir in "$R"/fuzz_*/; do
	[ -d "$dir" ] || continue
	t=$(basename "$dir")
	bin=$TS_BUILD/tests/fuzz/$t
	if [ ! -x "$bin" ]; then
		not_ok "$t is built"
		continue
	fi
	for f in "$dir"*; do
		check_code "$t replays $(basename "$f")" 0 "$bin" "$f"
	done
done

# Each target also replays the fixtures of its kind: what the tests
# already hold must keep every promise too.
D=$DATA/import
check_code "the CDR detector on every import fixture" 0 \
    "$TS_BUILD/tests/fuzz/fuzz_cdr_auto" "$D"
check_code "the configuration loader on every configuration fixture" 0 \
    "$TS_BUILD/tests/fuzz/fuzz_config" "$DATA/config"
check_code "the vCard reader on the vCard fixture" 0 \
    "$TS_BUILD/tests/fuzz/fuzz_vcard" "$D/contacts.vcf"
check_code "the iCalendar reader on every calendar fixture" 0 \
    "$TS_BUILD/tests/fuzz/fuzz_ical" "$DATA/agenda"
check_code "the CalDAV XML reader on its seeds" 0 \
    "$TS_BUILD/tests/fuzz/fuzz_xml" "$TS_ROOT/tests/fuzz/seeds/xml"
check_code "the AGI reader on every AGI fixture" 0 \
    "$TS_BUILD/tests/fuzz/fuzz_agi" "$DATA/route"

done_testing
