/*
 * fuzz_ical.c - libFuzzer target: iCalendar files as ts-agenda import
 * reads them for busy time (ts_ical_read: RRULE, RDATE, EXDATE, overrides,
 * TZIDs of Olson, vendor and Windows names, floating and all-day times).
 * Each busy interval handed out must end after it starts and overlap the
 * window asked for; a text refused carries a message; the counts add up.
 */
#include "fuzz.h"
#include "ts_ical.h"
#include "ts_time.h"
#include "banned.h"

/* 2026-01-01 to 2027-01-01 UTC: the window ts-agenda import reads. */
#define WINDOW_FROM 1767225600LL
#define WINDOW_TO 1798761600LL

static int
on_busy(const char *uid, int64_t from, int64_t to, void *ctx)
{
	(void)ctx;
	if (!uid)
		fuzz_die("a busy interval without a UID");
	if (to <= from)
		fuzz_die("a busy interval that ends before it starts");
	if (to <= WINDOW_FROM || from >= WINDOW_TO)
		fuzz_die("a busy interval outside the window");
	return 0;
}

static void
on_bad(const struct ts_error *err, void *ctx)
{
	(void)ctx;
	if (err->msg[0] == '\0')
		fuzz_die("an event rejected without a message");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_ical_read r;
	const struct ts_tz *z;
	char *s = fuzz_str(data, size);

	z = ts_tz_load("Europe/Paris", &err);
	if (!z)
		fuzz_die("cannot load Europe/Paris");
	memset(&r, 0, sizeof r);
	r.source = "fuzz.ics";
	r.floating = z;
	r.from = WINDOW_FROM;
	r.to = WINDOW_TO;
	r.busy = on_busy;
	r.bad = on_bad;
	if (ts_ical_read(s, &r, &err) < 0 && err.msg[0] == '\0')
		fuzz_die("a calendar refused without a message");
	if (r.st.events < 0 || r.st.blocks < 0 || r.st.skipped < 0 ||
	    r.st.rejected < 0 || r.st.capped < 0)
		fuzz_die("a negative count");
	free(s);
	return 0;
}
