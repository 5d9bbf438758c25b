/*
 * fuzz_duration.c - libFuzzer target: durations ("90s", "1h30m", "6mo"),
 * as options and the configuration give them.  A duration that parses is
 * written by ts_duration_format, which must parse back to the same
 * duration, and is added to and taken from a few instants (no overflow:
 * UBSan watches).
 */
#include "fuzz.h"
#include "ts_time.h"
#include "banned.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int64_t instants[] = {
		0, 1795000000, -62135596800LL, 253402300799LL,
		INT64_MIN, INT64_MAX
	};
	struct ts_error err = TS_ERROR_INIT;
	struct ts_duration d, back;
	const struct ts_tz *z;
	char *s = fuzz_str(data, size), buf[64];
	int64_t secs;
	size_t i;

	z = ts_tz_load("Europe/Paris", &err);
	if (!z)
		fuzz_die("cannot load Europe/Paris");
	if (ts_duration_parse(s, &d, &err) == 0) {
		if (ts_duration_format(&d, buf, sizeof buf) >= sizeof buf)
			fuzz_die("a duration does not fit in 64 bytes");
		if (ts_duration_parse(buf, &back, &err) < 0 ||
		    back.seconds != d.seconds || back.months != d.months)
			fuzz_die("a duration written does not read back");
		for (i = 0; i < sizeof instants / sizeof instants[0]; i++) {
			(void)ts_duration_shift(instants[i], &d, 1, z);
			(void)ts_duration_shift(instants[i], &d, -1, z);
		}
	} else if (err.msg[0] == '\0') {
		fuzz_die("a duration refused without a message");
	}
	(void)ts_duration_seconds(s, &secs, &err);
	free(s);
	return 0;
}
