/*
 * fuzz_time.c - libFuzzer target: times as people and files write them
 * (ts_time_parse in a zone with DST, each way of resolving a fold) and the
 * fast CDR timestamp parser (ts_wall_parse19).  A time that parses is
 * written as ISO 8601 and must parse back to the same instant.
 */
#include "fuzz.h"
#include "ts_time.h"
#include "banned.h"

static void
round_trip(int64_t t, const struct ts_tz *z)
{
	struct ts_error err = TS_ERROR_INIT;
	char iso[TS_ISO_MAX];
	size_t n = ts_time_iso(t, z, iso);
	int64_t back;

	if (n == 0 || n >= TS_ISO_MAX)
		fuzz_die("ts_time_iso wrote nothing or too much");
	if (ts_time_parse(iso, n, z, TS_FOLD_REJECT, &back, &err) < 0)
		fuzz_die("a time written by ts_time_iso does not parse");
	if (back != t)
		fuzz_die("a time written and read back moved");
	(void)ts_time_date(t, z, iso);
	(void)ts_time_local(t, z, iso);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct ts_tz *zones[3];
	struct ts_error err = TS_ERROR_INIT;
	const struct ts_tz *z;
	int64_t t, wall;
	char *s;

	if (size == 0)
		return 0;
	if (!zones[0]) {
		zones[0] = ts_tz_load("Europe/Paris", &err);
		zones[1] = ts_tz_utc();
		zones[2] = ts_tz_load("America/Martinique", &err);
		if (!zones[0] || !zones[2])
			fuzz_die("cannot load the zones");
	}
	z = zones[data[0] % 3];
	s = fuzz_str(data + 1, size - 1);
	if (ts_time_parse(s, size - 1, z, (enum ts_fold)(data[0] / 3 % 3),
	    &t, &err) == 0)
		round_trip(t, z);
	else if (err.msg[0] == '\0')
		fuzz_die("a time refused without a message");
	if (ts_wall_parse19(s, size - 1, &wall) == 0) {
		struct ts_civil c;

		ts_civil_from_wall(wall, &c);
		if (!ts_civil_valid(&c) || ts_civil_to_wall(&c) != wall)
			fuzz_die("ts_wall_parse19 gave an invalid wall time");
	}
	free(s);
	return 0;
}
