/*
 * fuzz_period.c - libFuzzer target: periods as --period takes them
 * ("yesterday", "2026-W47", "last-7d", "2026-11-01..2026-11-15T12:00"), in
 * a zone with DST, at a few "now"s.  A period that parses is a non-empty
 * range, and its label parses again to the same range.
 */
#include "fuzz.h"
#include "ts_time.h"
#include "banned.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int64_t nows[] = {
		1795000000,	/* 2026-11-18 */
		1774746000,	/* 2026-03-29 01:00 UTC, the spring night */
		1792890000,	/* 2026-10-25 01:00 UTC, the autumn night */
		951782400,	/* 2000-02-29 */
	};
	struct ts_error err = TS_ERROR_INIT;
	struct ts_period p, q;
	const struct ts_tz *z;
	int64_t now;
	char *s;

	if (size == 0)
		return 0;
	z = data[0] & 4 ? ts_tz_utc() : ts_tz_load("Europe/Paris", &err);
	if (!z)
		fuzz_die("cannot load Europe/Paris");
	now = nows[data[0] & 3];
	s = fuzz_str(data + 1, size - 1);
	if (ts_period_parse(s, now, z, &p, &err) == 0) {
		if (p.from >= p.to)
			fuzz_die("a period that is empty or backward");
		/* A label cut to its buffer cannot be read back. */
		if (strlen(p.label) < sizeof p.label - 1 &&
		    (ts_period_parse(p.label, now, z, &q, &err) < 0 ||
		    q.from != p.from || q.to != p.to))
			fuzz_die("a period's label gives another period");
	} else if (err.msg[0] == '\0') {
		fuzz_die("a period refused without a message");
	}
	free(s);
	return 0;
}
