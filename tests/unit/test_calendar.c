/*
 * test_calendar.c - Easter and French public holidays 2024-2035 against
 * the published calendar, and the open/closed state with "until" for the
 * example medical practice, across both 2026 DST changes.
 */
#include <string.h>

#include "ts_calendar.h"
#include "ts_config.h"
#include "tap.h"

static const struct ts_tz *paris;

static int64_t
at(const char *s)
{
	int64_t t = 0;

	ts_time_parse(s, strlen(s), paris, TS_FOLD_REJECT, &t, NULL);
	return t;
}

static void
expect(const struct ts_client *cl, const char *when, enum ts_open want,
    const char *until, const char *label)
{
	struct ts_open_state st;
	char name[160], u[TS_ISO_MAX] = "none";

	ts_calendar_state(cl, paris, at(when), &st);
	if (st.until != TS_TIME_NONE)
		ts_time_iso(st.until, paris, u);
	snprintf(name, sizeof name, "%s: %s until %s", when,
	    ts_open_name(want), until);
	ok(st.state == want && strcmp(u, until) == 0 &&
	    strcmp(st.label, label) == 0, name);
	if (st.state != want || strcmp(u, until) || strcmp(st.label, label))
		printf("#   got %s until %s (%s)\n", ts_open_name(st.state), u,
		    st.label);
}

static void
easter_dates(void)
{
	/* Published Easter Sundays. */
	static const int e[][3] = {
		{ 2024, 3, 31 }, { 2025, 4, 20 }, { 2026, 4, 5 },
		{ 2027, 3, 28 }, { 2028, 4, 16 }, { 2029, 4, 1 },
		{ 2030, 4, 21 }, { 2031, 4, 13 }, { 2032, 3, 28 },
		{ 2033, 4, 17 }, { 2034, 4, 9 }, { 2035, 3, 25 }
	};
	size_t i;
	int m, d, bad = 0;

	for (i = 0; i < sizeof e / sizeof e[0]; i++) {
		ts_easter(e[i][0], &m, &d);
		bad += m != e[i][1] || d != e[i][2];
	}
	ok(bad == 0, "Easter 2024-2035");
}

static void
holidays(void)
{
	/* Easter Monday, Ascension, Whit Monday 2024-2035 (service-public.fr). */
	static const char *const moving[] = {
		"2024-04-01", "2024-05-09", "2024-05-20",
		"2025-04-21", "2025-05-29", "2025-06-09",
		"2026-04-06", "2026-05-14", "2026-05-25",
		"2027-03-29", "2027-05-06", "2027-05-17",
		"2028-04-17", "2028-05-25", "2028-06-05",
		"2029-04-02", "2029-05-10", "2029-05-21",
		"2030-04-22", "2030-05-30", "2030-06-10",
		"2031-04-14", "2031-05-22", "2031-06-02",
		"2032-03-29", "2032-05-06", "2032-05-17",
		"2033-04-18", "2033-05-26", "2033-06-06",
		"2034-04-10", "2034-05-18", "2034-05-29",
		"2035-03-26", "2035-05-03", "2035-05-14"
	};
	const char *name;
	int y, m, d, count, bad = 0;
	size_t i;
	int64_t day;

	for (i = 0; i < sizeof moving / sizeof moving[0]; i++) {
		sscanf(moving[i], "%d-%d-%d", &y, &m, &d);
		bad += !ts_holiday(TS_HOLIDAYS_FR, y, m, d, &name);
	}
	ok(bad == 0, "Easter Monday, Ascension, Whit Monday 2024-2035");
	/* Every year has exactly 11 holidays, 13 in Alsace-Moselle. */
	for (bad = 0, y = 2024; y <= 2035; y++) {
		for (count = 0, day = ts_days_from_civil(y, 1, 1);
		    day < ts_days_from_civil(y + 1, 1, 1); day++) {
			ts_civil_from_days(day, &y, &m, &d);
			count += ts_holiday(TS_HOLIDAYS_FR, y, m, d, &name);
		}
		bad += count != 11;
	}
	ok(bad == 0, "11 public holidays a year");
	ok(ts_holiday(TS_HOLIDAYS_FR_ALSACE, 2026, 4, 3, &name) &&
	    strcmp(name, "Vendredi saint") == 0, "Good Friday in Alsace");
	ok(!ts_holiday(TS_HOLIDAYS_FR, 2026, 4, 3, &name),
	    "not elsewhere");
	ok(ts_holiday(TS_HOLIDAYS_FR_ALSACE, 2026, 12, 26, &name),
	    "26 December in Alsace");
	ok(!ts_holiday(TS_HOLIDAYS_NONE, 2026, 12, 25, &name),
	    "no holidays for a client without them");
}

int
main(void)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_config *cfg = ts_config_load("examples/config.yaml", &err);
	const struct ts_client *cl;

	if (!cfg) {
		printf("# %s:%ld: %s\n", err.source, err.line, err.msg);
		return 1;
	}
	paris = ts_tz_load("Europe/Paris", &err);
	easter_dates();
	holidays();
	cl = ts_config_client(cfg, "cabinet-durand");
	/* Monday 23 November 2026: 08:30-12:30, 14:00-19:00. */
	expect(cl, "2026-11-23 10:00", TS_OPEN, "2026-11-23T12:30:00+01:00", "");
	expect(cl, "2026-11-23 13:00", TS_BREAK, "2026-11-23T14:00:00+01:00",
	    "");
	expect(cl, "2026-11-23 20:00", TS_CLOSED, "2026-11-24T08:30:00+01:00",
	    "");
	expect(cl, "2026-11-23 08:29", TS_CLOSED, "2026-11-23T08:30:00+01:00",
	    "");
	/* Saturday 09:00-12:00, closed until Monday. */
	expect(cl, "2026-11-28 13:00", TS_CLOSED, "2026-11-30T08:30:00+01:00",
	    "");
	/* Christmas (a Friday), then Saturday morning's hours. */
	expect(cl, "2026-12-25 10:00", TS_HOLIDAY, "2026-12-26T00:00:00+01:00",
	    "Noël");
	/* The closure of the 24th afternoon. */
	expect(cl, "2026-12-24 15:00", TS_CLOSURE, "2026-12-24T18:00:00+01:00",
	    "Réveillon");
	/* Spring forward: Saturday 28 March closes at 12:00 (+01:00), opens
	 * again on Monday at 08:30 (+02:00). */
	expect(cl, "2026-03-28 12:30", TS_CLOSED, "2026-03-30T08:30:00+02:00",
	    "");
	/* Fall back on Sunday 25 October. */
	expect(cl, "2026-10-24 18:00", TS_CLOSED, "2026-10-26T08:30:00+01:00",
	    "");
	/* Easter Monday 2026, then Tuesday's opening. */
	expect(cl, "2026-04-06 10:00", TS_HOLIDAY, "2026-04-07T00:00:00+02:00",
	    "Lundi de Pâques");
	ok(ts_calendar_is_open(cl, paris, at("2026-11-23 18:59")),
	    "open at 18:59");
	ok(!ts_calendar_is_open(cl, paris, at("2026-11-23 19:00")),
	    "closed at 19:00");
	ts_config_free(cfg);
	return done_testing();
}
