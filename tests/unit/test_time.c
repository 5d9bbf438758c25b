/*
 * test_time.c - the time module: calendar, clock, zones against glibc, both
 * DST nights, the wall-time cache, parsing, formatting, durations, periods.
 *
 * Zones come from the system's tzdata (/usr/share/zoneinfo; TZDIR is
 * unset), never from the machine's TZ.  TZif files of each version, slim
 * and broken, are written by the test into a scratch TZDIR.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ts_time.h"
#include "tap.h"
#include "banned.h"

#define Y1900 INT64_C(-2208988800)
#define Y2100 INT64_C(4102444800)
#define Y2500 INT64_C(16725225600)

static const char *const zones[] = {
	"Europe/Paris", "America/New_York", "America/Martinique",
	"Asia/Kolkata", "Australia/Lord_Howe", "Europe/London",
	"America/Sao_Paulo", "Pacific/Apia", "Asia/Tehran", "Africa/Casablanca"
};
#define NZONES (sizeof zones / sizeof zones[0])

static uint64_t rng = 0x2545f4914f6cdd1dULL;

static uint64_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int64_t
rnd_in(int64_t lo, int64_t hi)
{
	return lo + (int64_t)(rnd() % (uint64_t)(hi - lo));
}

static const struct ts_tz *
tz(const char *name)
{
	struct ts_error err = TS_ERROR_INIT;
	const struct ts_tz *z = ts_tz_load(name, &err);

	if (z == NULL) {
		printf("# cannot load %s: %s\n", name, err.msg);
		exit(1);
	}
	return z;
}

/* An instant written with its offset. */
static int64_t
at(const char *s)
{
	struct ts_error err = TS_ERROR_INIT;
	int64_t t;

	if (ts_time_parse(s, strlen(s), NULL, TS_FOLD_REJECT, &t, &err) == -1) {
		printf("# bad time in test: %s\n", err.msg);
		exit(1);
	}
	return t;
}

/* A wall time "YYYY-MM-DD HH:MM:SS". */
static int64_t
wall(const char *s)
{
	int64_t w;

	if (ts_wall_parse19(s, strlen(s), &w) == -1) {
		printf("# bad wall time in test: %s\n", s);
		exit(1);
	}
	return w;
}

static const char *
iso(int64_t t, const struct ts_tz *z)
{
	static char buf[4][TS_ISO_MAX];
	static int i;

	i = (i + 1) % 4;
	ts_time_iso(t, z, buf[i]);
	return buf[i];
}

static void
test_civil(void)
{
	struct ts_civil c = { 2026, 2, 30, 0, 0, 0 };
	int64_t d, bad = 0;
	int y, m, day;

	is_int(ts_days_from_civil(1970, 1, 1), 0, "epoch is day 0");
	is_int(ts_days_from_civil(2000, 3, 1), 11017, "2000-03-01");
	is_int(ts_days_from_civil(1969, 12, 31), -1, "day before the epoch");
	for (d = -1000000; d < 1000000; d += 13) {
		ts_civil_from_days(d, &y, &m, &day);
		if (ts_days_from_civil(y, m, day) != d ||
		    day > ts_month_days(y, m))
			bad++;
	}
	is_int(bad, 0, "days -> civil -> days round trip, 5000 years");
	is_int(ts_weekday(ts_days_from_civil(2026, 11, 23)), 1,
	    "2026-11-23 is a Monday");
	is_int(ts_weekday(0), 4, "1970-01-01 was a Thursday");
	is_int(ts_weekday(-1), 3, "weekday before the epoch");
	is_int(ts_month_days(2024, 2), 29, "2024 is leap");
	is_int(ts_month_days(2100, 2), 28, "2100 is not");
	is_int(ts_month_days(2000, 2), 29, "2000 is");
	is_int(ts_month_days(2026, 4), 30, "April");
	ok(!ts_civil_valid(&c), "2026-02-30 is not valid");
	c.day = 28;
	ok(ts_civil_valid(&c), "2026-02-28 is valid");
	c.hour = 24;
	ok(!ts_civil_valid(&c), "24:00 is not valid");
	c.hour = 23;
	c.sec = 60;
	ok(!ts_civil_valid(&c), "a leap second is not valid");
	c.sec = 59;
	ts_civil_from_wall(ts_civil_to_wall(&c), &c);
	ok(c.year == 2026 && c.mon == 2 && c.day == 28 && c.hour == 23 &&
	    c.min == 0 && c.sec == 59, "civil -> wall -> civil");
	ts_civil_from_wall(-1, &c);
	ok(c.year == 1969 && c.mon == 12 && c.day == 31 && c.hour == 23 &&
	    c.min == 59 && c.sec == 59, "wall -1 is 1969-12-31 23:59:59");
}

static void
test_iso_weeks(void)
{
	int y, wk;

	ts_iso_week(ts_days_from_civil(2026, 12, 31), &y, &wk);
	ok(y == 2026 && wk == 53, "2026-12-31 is 2026-W53");
	ts_iso_week(ts_days_from_civil(2027, 1, 1), &y, &wk);
	ok(y == 2026 && wk == 53, "2027-01-01 is 2026-W53");
	ts_iso_week(ts_days_from_civil(2027, 1, 4), &y, &wk);
	ok(y == 2027 && wk == 1, "2027-01-04 is 2027-W01");
	ts_iso_week(ts_days_from_civil(2020, 12, 31), &y, &wk);
	ok(y == 2020 && wk == 53, "2020-12-31 is 2020-W53");
	ts_iso_week(ts_days_from_civil(2024, 12, 30), &y, &wk);
	ok(y == 2025 && wk == 1, "2024-12-30 is 2025-W01");
	ts_iso_week(ts_days_from_civil(2026, 11, 23), &y, &wk);
	ok(y == 2026 && wk == 48, "2026-11-23 is 2026-W48");
}

static void
test_now(void)
{
	struct ts_error err = TS_ERROR_INIT;
	int64_t t;

	setenv("TS_NOW", "2026-11-23T09:00:00+01:00", 1);
	ok(ts_now(&t, &err) == 0 && t == 1795420800, "TS_NOW with offset");
	setenv("TS_NOW", "2026-11-23T08:00:00Z", 1);
	ok(ts_now(&t, &err) == 0 && t == 1795420800, "TS_NOW in Z");
	setenv("TS_NOW", "@1795420800", 1);
	ok(ts_now(&t, &err) == 0 && t == 1795420800, "TS_NOW as @seconds");
	setenv("TS_NOW", "1795420800", 1);
	ok(ts_now(&t, &err) == 0 && t == 1795420800, "TS_NOW as seconds");
	setenv("TS_NOW", "2026-11-23 09:00:00", 1);
	ok(ts_now(&t, &err) == -1 && err.code == TS_EXIT_USAGE &&
	    strstr(err.msg, "TS_NOW") != NULL, "TS_NOW needs an offset");
	setenv("TS_NOW", "tomorrow", 1);
	ts_error_clear(&err);
	ok(ts_now(&t, &err) == -1 && err.code == TS_EXIT_USAGE,
	    "bad TS_NOW is a usage error");
	is_str(err.msg, "invalid TS_NOW 'tomorrow': give an ISO 8601 time "
	    "with an offset or 'Z', or seconds since the epoch",
	    "TS_NOW message");
	unsetenv("TS_NOW");
	ok(ts_now(&t, &err) == 0 && t - (int64_t)time(NULL) <= 1 &&
	    (int64_t)time(NULL) - t <= 1, "without TS_NOW: the clock");
}

static void
test_load(void)
{
	static const char *const bad[] = {
		"../etc/passwd", "/etc/passwd", "Europe//Paris", "", "Europe/",
		"Nowhere/Land", "Europe", "zone.tab", "Europe/./Paris",
		"Europe/Paris/..", ".hidden"
	};
	struct ts_error err = TS_ERROR_INIT;
	const struct ts_tz *p = tz("Europe/Paris");
	char name[64];
	size_t i, nbad = 0;

	ok(p == tz("Europe/Paris"), "same name, same zone");
	is_str(ts_tz_name(p), "Europe/Paris", "zone name");
	ok(ts_tz_load("UTC", NULL) == ts_tz_utc() &&
	    ts_tz_load("Etc/UTC", NULL) == ts_tz_utc(), "UTC is built in");
	is_str(ts_tz_name(ts_tz_utc()), "UTC", "UTC's name");
	is_int(ts_tz_offset(ts_tz_utc(), 1795420800), 0, "UTC offset");
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (ts_tz_load(bad[i], NULL) == NULL)
			nbad++;
	is_int(nbad, sizeof bad / sizeof bad[0],
	    "bad names, directories and non-TZif files refused");
	ok(ts_tz_load("Nowhere/Land", &err) == NULL &&
	    err.code == TS_EXIT_USAGE, "unknown zone is a usage error");
	is_str(err.msg, "unknown time zone 'Nowhere/Land'", "its message");
	snprintf(name, sizeof name, "Europe/Paris");
	ok(ts_tz_load(name, NULL) == p, "cache keyed by name, not pointer");
}

/* A zone from a POSIX rule alone, as a calendar's VTIMEZONE gives one. */
static void
test_rule_zone(void)
{
	const char *r = "STD-1DST-2,M3.5.0/2:00:00,M10.5.0/3:00:00";
	const struct ts_tz *z = ts_tz_rule(r);

	ok(z != NULL && z == ts_tz_rule(r), "a rule zone, the same each time");
	is_str(z ? ts_tz_name(z) : "", r, "named by its rule");
	/* 2027-03-28 00:59:59Z and 01:00:00Z, Europe's spring change. */
	is_int(ts_tz_offset(z, 1806195599), 3600, "standard before the change");
	is_int(ts_tz_offset(z, 1806195600), 7200, "daylight from 01:00Z");
	is_int(ts_tz_offset(ts_tz_rule("STD3"), 1806195600), -10800,
	    "no daylight time: one offset, west of Greenwich");
	ok(ts_tz_rule("S-1") == NULL && ts_tz_rule("STD-1DST,M13.1.0,M1.1.0")
	    == NULL, "a rule that does not parse is no zone");
}

/* One wall time in z: how many instants, and the first two. */
static int
conv(const struct ts_tz *z, const char *w, int64_t t[2])
{
	return ts_tz_from_wall(z, wall(w), t);
}

static void
test_paris(void)
{
	const struct ts_tz *z = tz("Europe/Paris");
	struct ts_tzconv c;
	int64_t t[2], u[2];

	is_int(conv(z, "2026-03-29 02:30:00", t), 0, "02:30 on 29 March: gap");
	is_str(iso(t[0], z), "2026-03-29T03:30:00+02:00",
	    "gap: the instant it would have had before");
	is_int(conv(z, "2026-03-29 01:59:59", t), 1, "01:59:59 is unique");
	is_str(iso(t[0], ts_tz_utc()), "2026-03-29T00:59:59+00:00",
	    "01:59:59 CET");
	is_int(conv(z, "2026-03-29 03:00:00", t), 1, "03:00:00 is unique");
	is_str(iso(t[0], ts_tz_utc()), "2026-03-29T01:00:00+00:00",
	    "03:00 CEST");
	is_int(conv(z, "2026-03-29 02:00:00", t), 0, "02:00:00 is missing");
	is_int(conv(z, "2026-10-25 02:30:00", t), 2,
	    "02:30 on 25 October: fold");
	is_str(iso(t[0], ts_tz_utc()), "2026-10-25T00:30:00+00:00",
	    "fold: earlier is 00:30Z");
	is_int(t[1] - t[0], 3600, "fold: one hour apart");
	is_str(iso(t[0], z), "2026-10-25T02:30:00+02:00", "earlier in ISO");
	is_str(iso(t[1], z), "2026-10-25T02:30:00+01:00", "later in ISO");
	is_int(conv(z, "2026-10-25 01:59:59", t), 1, "01:59:59 is unique");
	is_int(conv(z, "2026-10-25 02:00:00", t), 2, "02:00:00 happens twice");
	is_int(conv(z, "2026-10-25 03:00:00", t), 1, "03:00:00 is unique");
	is_int(ts_tz_offset(z, 1774746000 - 1), 3600, "offset before spring");
	is_int(ts_tz_offset(z, 1774746000), 7200, "offset after spring");
	is_int(ts_tz_offset(z, 1792890000 - 1), 7200, "offset before autumn");
	is_int(ts_tz_offset(z, 1792890000), 3600, "offset after autumn");
	is_int(ts_tz_wall(z, 1792890000), wall("2026-10-25 02:00:00"),
	    "wall at the autumn change");
	ts_tzconv_init(&c, z);
	ok(ts_tzconv_from_wall(&c, wall("2026-10-25 02:30:00"), u) == 2 &&
	    u[0] == 1792888200 && u[1] == 1792891800, "tzconv: the fold");
	ok(ts_tzconv_from_wall(&c, wall("2026-03-29 02:30:00"), u) == 0 &&
	    u[0] == 1774747800, "tzconv: the gap");
	ok(ts_tzconv_from_wall(&c, wall("2026-11-22 09:15:03"), u) == 1 &&
	    u[0] == 1795335303, "tzconv: a usual time");
	ok(ts_tzconv_from_wall(&c, wall("2026-11-22 09:59:59"), u) == 1 &&
	    u[0] == 1795335303 + 2696, "tzconv: same hour, from the cache");
}

static void
test_zones(void)
{
	const struct ts_tz *z;
	int64_t t[2];

	z = tz("America/Martinique");
	is_str(iso(at("2026-06-01T12:00:00Z"), z), "2026-06-01T08:00:00-04:00",
	    "Martinique: -04:00");
	is_str(iso(at("2026-01-01T12:00:00Z"), z), "2026-01-01T08:00:00-04:00",
	    "Martinique: no DST");
	z = tz("Asia/Kolkata");
	is_str(iso(at("2026-01-15T12:00:00Z"), z), "2026-01-15T17:30:00+05:30",
	    "Kolkata: +05:30");
	z = tz("Australia/Lord_Howe");
	is_int(ts_tz_offset(z, at("2026-01-15T00:00:00Z")), 39600,
	    "Lord Howe summer: +11:00");
	is_int(ts_tz_offset(z, at("2026-07-15T00:00:00Z")), 37800,
	    "Lord Howe winter: +10:30");
	ok(conv(z, "2026-04-05 01:45:00", t) == 2 && t[1] - t[0] == 1800,
	    "Lord Howe: 30-minute fold");
	is_str(iso(t[0], z), "2026-04-05T01:45:00+11:00", "its first reading");
	ok(conv(z, "2026-10-04 02:15:00", t) == 0 &&
	    conv(z, "2026-10-04 01:59:59", t) == 1 &&
	    conv(z, "2026-10-04 02:30:00", t) == 1,
	    "Lord Howe: 30-minute gap");
	z = tz("America/New_York");
	ok(conv(z, "2026-03-08 02:30:00", t) == 0, "New York: spring gap");
	ok(conv(z, "2026-11-01 01:30:00", t) == 2, "New York: autumn fold");
	is_str(iso(t[1], z), "2026-11-01T01:30:00-05:00", "its second reading");
	is_int(ts_tz_offset(z, at("1960-07-01T12:00:00Z")), -14400,
	    "New York 1960: EDT");
	z = tz("Europe/Paris");
	is_int(ts_tz_offset(z, 2216250000 - 1), 3600, "Paris 2040: CET");
	is_int(ts_tz_offset(z, 2216250000), 7200, "Paris 2040: rule's change");
	is_str(iso(at("2150-07-01T10:00:00Z"), z), "2150-07-01T12:00:00+02:00",
	    "Paris 2150: beyond the table, the rule");
	ok(conv(z, "2150-10-25 02:30:00", t) == 2, "Paris 2150: a fold");
	is_int(ts_tz_offset(z, at("1950-01-01T00:00:00Z")), 3600,
	    "Paris 1950: CET");
	is_int(ts_tz_offset(z, at("1900-01-01T12:00:00Z")), 561,
	    "Paris 1900: Paris mean time");
	is_str(iso(at("1900-01-01T12:00:00Z"), z), "1900-01-01T12:09:00+00:09",
	    "an offset with seconds prints cut to the minute");
	ok((ts_tz_offset(z, INT64_MAX) == 3600 ||
	    ts_tz_offset(z, INT64_MAX) == 7200) &&
	    ts_tz_offset(z, INT64_MIN) == 561, "extreme instants");
}

/* Offsets of one zone (or the rule in $TZ) against glibc's localtime_r. */
static int
glibc_diff(const struct ts_tz *z, const char *tzenv, int64_t lo, int64_t hi,
    int n)
{
	struct tm tm;
	time_t tt;
	int64_t t;
	int i, bad = 0;

	setenv("TZ", tzenv, 1);
	tzset();
	for (i = 0; i < n; i++) {
		t = rnd_in(lo, hi);
		tt = (time_t)t;
		localtime_r(&tt, &tm);
		if (tm.tm_gmtoff != ts_tz_offset(z, t) && bad++ < 3)
			printf("# %s at %lld: glibc %ld, ts %d\n", tzenv,
			    (long long)t, tm.tm_gmtoff, ts_tz_offset(z, t));
	}
	return bad;
}

static void
test_glibc(void)
{
	static const char *const rules[] = {
		"CET-1CEST,M3.5.0,M10.5.0/3",
		"<+1030>-10:30<+11>-11,M10.1.0,M4.1.0",
		"EST5EDT,M3.2.0,M11.1.0",
		"NZST-12NZDT,M9.5.0,M4.1.0/3",
		"IST-5:30",
		"<-03>3<-02>,M3.5.0/-2,M10.5.0/-1",
		"XXX3YYY,J60/12,300/3:30:15",
		"<-04>4<-03>,M9.1.6/24,M4.1.6/24"
	};
	char name[128];
	size_t i;
	int bad;

	for (i = 0; i < NZONES; i++) {
		bad = glibc_diff(tz(zones[i]), zones[i], Y1900, Y2100, 100000);
		snprintf(name, sizeof name, "%s: 100000 instants 1900-2100 "
		    "as glibc", zones[i]);
		is_int(bad, 0, name);
		bad = glibc_diff(tz(zones[i]), zones[i], Y2100, Y2500, 10000);
		snprintf(name, sizeof name, "%s: 2100-2500 as glibc", zones[i]);
		is_int(bad, 0, name);
	}
	for (i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		setenv("TZ", rules[i], 1);
		/* glibc reads rules as of 1970 for any earlier year. */
		bad = glibc_diff(ts_tz_default(), rules[i], 0, Y2500, 20000);
		snprintf(name, sizeof name, "rule %s as glibc", rules[i]);
		is_int(bad, 0, name);
	}
	unsetenv("TZ");
	tzset();
}

/*
 * Rules whose changes cross New Year, where glibc (which evaluates the
 * rule of t's UTC year only) is wrong for an hour or a few each year.
 */
static void
test_rule_edges(void)
{
	const struct ts_tz *z;
	int i, bad = 0;

	setenv("TZ", "EST5EDT4,0/0,J365/25", 1);
	z = ts_tz_default();
	for (i = 0; i < 20000; i++)
		if (ts_tz_offset(z, rnd_in(-Y2500, Y2500)) != -14400)
			bad++;
	is_int(bad, 0, "rule with daylight time all year");
	ok(ts_tz_offset(z, at("2445-01-01T03:21:28Z")) == -14400,
	    "all year, even at New Year");
	setenv("TZ", "AAA-1BBB,J1/0,J365/24", 1);
	z = ts_tz_default();
	ok(ts_tz_offset(z, at("2493-12-31T21:59:59Z")) == 7200 &&
	    ts_tz_offset(z, at("2493-12-31T22:00:00Z")) == 3600 &&
	    ts_tz_offset(z, at("2493-12-31T22:59:59Z")) == 3600 &&
	    ts_tz_offset(z, at("2493-12-31T23:00:00Z")) == 7200 &&
	    ts_tz_offset(z, at("2494-07-01T00:00:00Z")) == 7200,
	    "rule with one hour of standard time a year");
	unsetenv("TZ");
}

/* The instants showing w, by brute force from ts_tz_offset. */
static int
brute(const struct ts_tz *z, int64_t w, const int32_t *offs, int noffs,
    int64_t t[4])
{
	int i, j, n = 0;
	int64_t c;

	for (i = 0; i < noffs; i++) {
		c = w - offs[i];
		if (ts_tz_offset(z, c) != offs[i])
			continue;
		for (j = 0; j < n && t[j] != c; j++)
			;
		if (j == n)
			t[n++] = c;
	}
	for (i = 1; i < n; i++)		/* sort */
		for (j = i; j > 0 && t[j - 1] > t[j]; j--) {
			c = t[j];
			t[j] = t[j - 1];
			t[j - 1] = c;
		}
	return n;
}

/* Every minute within 3 hours of the transition at T, three ways. */
static int
around(const struct ts_tz *z, struct ts_tzconv *c, int64_t T)
{
	int32_t offs[4];
	int64_t w, t[2], u[2], b[4], base;
	int n, nb, bad = 0;

	offs[0] = ts_tz_offset(z, T - 1);
	offs[1] = ts_tz_offset(z, T);
	offs[2] = ts_tz_offset(z, T - 86400);
	offs[3] = ts_tz_offset(z, T + 86400);
	base = T + offs[0];
	for (w = base - 10800; w <= base + 10800; w += 60) {
		n = ts_tz_from_wall(z, w, t);
		nb = brute(z, w, offs, 4, b);
		if (n != nb || (n >= 1 && t[0] != b[0]) ||
		    (n == 2 && t[1] != b[nb - 1]) ||
		    (n == 0 && t[0] != w - offs[0]))
			bad++;
		if (ts_tzconv_from_wall(c, w, u) != n || u[0] != t[0] ||
		    (n == 2 && u[1] != t[1]))
			bad++;
	}
	return bad;
}

/* Wall -> instants near every transition 1900-2100, against brute force. */
static void
test_transitions(void)
{
	const struct ts_tz *z;
	struct ts_tzconv c;
	int64_t t, lo, hi, mid;
	char name[128];
	size_t i;
	int bad, ntrans;

	for (i = 0; i < NZONES; i++) {
		z = tz(zones[i]);
		ts_tzconv_init(&c, z);
		bad = ntrans = 0;
		for (t = Y1900; t < Y2100; t += 6 * 3600) {
			if (ts_tz_offset(z, t) == ts_tz_offset(z, t + 6 * 3600))
				continue;
			for (lo = t, hi = t + 6 * 3600; hi - lo > 1;) {
				mid = lo + (hi - lo) / 2;
				if (ts_tz_offset(z, mid) == ts_tz_offset(z, lo))
					lo = mid;
				else
					hi = mid;
			}
			bad += around(z, &c, hi);
			ntrans++;
		}
		snprintf(name, sizeof name, "%s: walls around %d transitions",
		    zones[i], ntrans);
		ok(bad == 0 && ntrans > 0, name);
	}
}

/* The cache against the plain conversion on sorted and random walls. */
static void
test_tzconv(void)
{
	const struct ts_tz *z;
	struct ts_tzconv c;
	int64_t w, t[2], u[2];
	char name[128];
	size_t i;
	int j, n, bad;

	for (i = 0; i < NZONES; i++) {
		z = tz(zones[i]);
		ts_tzconv_init(&c, z);
		bad = 0;
		for (j = 0; j < 100000; j++) {
			w = rnd_in(Y1900, Y2100);
			n = ts_tz_from_wall(z, w, t);
			if (ts_tzconv_from_wall(&c, w, u) != n ||
			    u[0] != t[0] || (n == 2 && u[1] != t[1]))
				bad++;
		}
		for (w = wall("2026-01-01 00:00:00");
		    w < wall("2027-01-01 00:00:00"); w += 7 + rnd() % 97) {
			n = ts_tz_from_wall(z, w, t);
			if (ts_tzconv_from_wall(&c, w, u) != n ||
			    u[0] != t[0] || (n == 2 && u[1] != t[1]))
				bad++;
		}
		snprintf(name, sizeof name, "%s: tzconv as ts_tz_from_wall",
		    zones[i]);
		is_int(bad, 0, name);
	}
}

static void
test_wall19(void)
{
	int64_t w;

	ok(ts_wall_parse19("2026-11-22 09:15:03", 19, &w) == 0 &&
	    w == 1795338903, "wall19 with a space");
	ok(ts_wall_parse19("2026-11-22T09:15:03", 19, &w) == 0 &&
	    w == 1795338903, "wall19 with a T");
	ok(ts_wall_parse19("2024-02-29 00:00:00", 19, &w) == 0,
	    "wall19: 29 February of a leap year");
	ok(ts_wall_parse19("2026-02-29 00:00:00", 19, &w) == -1,
	    "wall19: 29 February 2026");
	ok(ts_wall_parse19("2026-11-22 24:00:00", 19, &w) == -1,
	    "wall19: 24:00");
	ok(ts_wall_parse19("2026-11-22x09:15:03", 19, &w) == -1,
	    "wall19: bad separator");
	ok(ts_wall_parse19("2026-1a-22 09:15:03", 19, &w) == -1,
	    "wall19: not a digit");
	ok(ts_wall_parse19("2026-11-22 09:15:0", 18, &w) == -1,
	    "wall19: short");
	ok(ts_wall_parse19("2026-11-22 09:15:03Z", 20, &w) == -1,
	    "wall19: long");
	ok(ts_wall_parse19("2026-11-22 09:15:60", 19, &w) == -1,
	    "wall19: second 60");
}

/* ts_time_parse in Europe/Paris: the instant, or -1 and the message. */
static int64_t
tp(const char *s, enum ts_fold fold, struct ts_error *err)
{
	int64_t t;

	ts_error_clear(err);
	if (ts_time_parse(s, strlen(s), tz("Europe/Paris"), fold, &t,
	    err) == -1)
		return -1;
	return t;
}

static void
test_parse(void)
{
	struct ts_error err = TS_ERROR_INIT;
	int64_t t;

	is_int(tp("2026-11-22T09:15:03+01:00", 0, &err), 1795335303,
	    "with offset");
	is_int(tp("2026-11-22 09:15:03", 0, &err), 1795335303, "local");
	is_int(tp("2026-11-22T08:15Z", 0, &err), 1795335300, "Z, no seconds");
	is_int(tp("2026-11-22 09:15", 0, &err), 1795335300,
	    "local, no seconds");
	is_int(tp("2026-11-22T09:15:03.250+0100", 0, &err), 1795335303,
	    "fraction dropped, +HHMM");
	is_int(tp("2026-11-22T10:15:03+02", 0, &err), 1795335303, "+HH");
	is_int(tp("2026-11-22T04:15:03-04:00", 0, &err), 1795335303,
	    "negative offset");
	is_int(tp("2026-11-22", 0, &err), at("2026-11-22T00:00:00+01:00"),
	    "a date is local midnight");
	is_int(tp("@1795000000", 0, &err), 1795000000, "@seconds");
	is_int(tp("@-86400", 0, &err), -86400, "@-seconds");
	ok(ts_time_parse("2026-11-22 09:15:03xyz", 19, NULL, TS_FOLD_REJECT,
	    &t, &err) == 0 && t == 1795338903, "length bounds the text");
}

/*
 * Found by fuzzing: a time that parses must be writable by ts_time_iso in
 * any zone and read back, so the years 0000 and 9999 keep a day of margin
 * ("9999-12-31T23:00-14:00" is in the year 10000 in Paris).
 */
static void
test_parse_range(struct ts_error *err)
{
	int64_t t;

	is_int(tp("0000-01-01T00:00", TS_FOLD_REJECT, err), -1,
	    "year 0000 in Paris refused");
	is_str(err->msg, "invalid time '0000-01-01T00:00': out of range "
	    "(years 0000 to 9999)", "out of range message");
	is_int(ts_time_parse("9999-12-31T23:00-14:00", 22, NULL,
	    TS_FOLD_REJECT, &t, err), -1, "year 10000 somewhere refused");
	is_int(ts_time_parse("9999-12-30T00:00Z", 17, NULL, TS_FOLD_REJECT,
	    &t, err), 0, "the last full day accepted");
	is_str(iso(t, tz("Pacific/Kiritimati")), "9999-12-30T14:00:00+14:00",
	    "and written back in the farthest zone");
}

static void
test_parse_errors(void)
{
	static const char *const bad[] = {
		"2026-02-30", "2026-11-22 24:00:00", "2026-13-01", "garbage",
		"2026-11-22T09:15:03+01:00 trailing", "2026-11-22T09:15:03.",
		"2026-11-22T9:15", "", "2026-11-22T09:15:03+01:", "@", "@12x",
		"2026-11-22T09", "2026-11-22  09:15", "2026-11-22T09:15:03+24",
		"2026-11-22T09:60", "26-11-22", "2026-11-22T09:15:03+1",
		"@99999999999999", "2026-11-22Z"
	};
	struct ts_error err = TS_ERROR_INIT;
	size_t i, nbad = 0;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (tp(bad[i], 0, &err) == -1 && err.code == TS_EXIT_FAIL)
			nbad++;
		else
			printf("# accepted '%s'\n", bad[i]);
	is_int(nbad, sizeof bad / sizeof bad[0], "malformed times refused");
	tp("2026-02-30", 0, &err);
	is_str(err.msg, "invalid time '2026-02-30': no such date or time of "
	    "day", "invalid date message");
	is_int(tp("2026-03-29 02:30", TS_FOLD_EARLIER, &err), -1,
	    "gap refused");
	is_str(err.msg, "no such local time '2026-03-29 02:30' in "
	    "Europe/Paris (clocks go forward)", "gap message");
	is_int(tp("2026-10-25 02:30", TS_FOLD_REJECT, &err), -1,
	    "fold refused");
	is_str(err.msg, "ambiguous local time '2026-10-25 02:30' in "
	    "Europe/Paris; give an offset (+02:00 or +01:00)", "fold message");
	is_int(tp("2026-10-25 02:30", TS_FOLD_EARLIER, &err), 1792888200,
	    "fold, earlier");
	is_int(tp("2026-10-25 02:30", TS_FOLD_LATER, &err), 1792891800,
	    "fold, later");
	is_int(tp("2026-10-25 02:30+01:00", TS_FOLD_REJECT, &err), 1792891800,
	    "fold with an offset");
	is_int(tp("2026-03-29", TS_FOLD_REJECT, &err),
	    at("2026-03-29T00:00:00+01:00"), "date of a DST day");
	test_parse_range(&err);
}

static void
test_format(void)
{
	const struct ts_tz *z = tz("Europe/Paris");
	char buf[TS_ISO_MAX];
	size_t n;

	n = ts_time_iso(1795335303, ts_tz_utc(), buf);
	is_str(buf, "2026-11-22T08:15:03+00:00", "UTC is +00:00, never Z");
	is_int(n, 25, "ISO length");
	ts_time_iso(1795335303, z, buf);
	is_str(buf, "2026-11-22T09:15:03+01:00", "ISO in Paris");
	ts_time_iso(at("2026-07-01T12:00:00+02:00"), z, buf);
	is_str(buf, "2026-07-01T12:00:00+02:00", "ISO in summer");
	is_int(ts_time_date(1795335303, z, buf), 10, "date length");
	is_str(buf, "2026-11-22", "date");
	ts_time_date(at("2026-11-22T23:30:00Z"), z, buf);
	is_str(buf, "2026-11-23", "date is local");
	is_int(ts_time_local(1795335303, z, buf), 16, "local length");
	is_str(buf, "2026-11-22 09:15", "local");
	ts_time_iso(at("1969-07-20T20:17:40Z"), ts_tz_utc(), buf);
	is_str(buf, "1969-07-20T20:17:40+00:00", "before 1970");
	ts_time_iso(INT64_C(-62167219200), ts_tz_utc(), buf);
	is_str(buf, "0000-01-01T00:00:00+00:00", "year 0");
	is_int(ts_time_iso(INT64_C(253402300800), ts_tz_utc(), buf), 26,
	    "year 10000: length");
	is_str(buf, "10000-01-01T00:00:00+00:00", "year 10000");
	ts_time_local(INT64_C(-62167219200) - 86400, ts_tz_utc(), buf);
	is_str(buf, "-001-12-31 00:00", "year -1");
	ts_time_iso(at("2026-06-01T12:00:00Z"), tz("America/Martinique"), buf);
	is_str(buf, "2026-06-01T08:00:00-04:00", "negative offset");
	ok(ts_time_iso(INT64_MAX, z, buf) < TS_ISO_MAX &&
	    ts_time_iso(INT64_MIN, z, buf) < TS_ISO_MAX &&
	    ts_time_date(INT64_MIN, z, buf) < TS_ISO_MAX, "extreme instants");
}

/* Parses s, which must be valid. */
static struct ts_duration
dur(const char *s)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_duration d = { -1, -1 };

	if (ts_duration_parse(s, &d, &err) == -1)
		printf("# %s\n", err.msg);
	return d;
}

static const char *
dfmt(int64_t sec, int32_t months)
{
	static char buf[64];
	struct ts_duration d = { sec, months };

	ts_duration_format(&d, buf, sizeof buf);
	return buf;
}

static void
test_durations(void)
{
	static const char *const refused[] = {
		"", "-5m", "5x", "1h30", "h", "99999999999999999999s",
		"1.5h", " 5m", "5min", "5M", "10001y", "1h-", "5 m",
		"999999999999s"
	};
	struct ts_error err = TS_ERROR_INIT;
	struct ts_duration d;
	int64_t s;
	size_t i, nbad = 0;

	is_int(dur("90s").seconds, 90, "90s");
	is_int(dur("20m").seconds, 1200, "20m");
	is_int(dur("2h").seconds, 7200, "2h");
	is_int(dur("30d").seconds, 2592000, "30d");
	is_int(dur("2w").seconds, 1209600, "2w");
	ok(dur("6mo").months == 6 && dur("6mo").seconds == 0, "6mo");
	is_int(dur("1y").months, 12, "1y");
	is_int(dur("1h30m").seconds, 5400, "1h30m");
	ok(dur("1y6mo2d").months == 18 && dur("1y6mo2d").seconds == 172800,
	    "1y6mo2d");
	is_int(dur("45").seconds, 45, "a bare number is seconds");
	is_int(dur("0").seconds, 0, "zero");
	for (i = 0; i < sizeof refused / sizeof refused[0]; i++)
		if (ts_duration_parse(refused[i], &d, &err) == -1 &&
		    err.code == TS_EXIT_USAGE)
			nbad++;
		else
			printf("# accepted '%s'\n", refused[i]);
	is_int(nbad, sizeof refused / sizeof refused[0],
	    "bad durations refused");
	ts_duration_parse("5x", &d, &err);
	is_str(err.msg, "invalid duration '5x': unknown unit 'x' (use s, m, "
	    "h, d, w, mo or y)", "unknown unit message");
	ts_duration_parse("-5m", &d, &err);
	is_str(err.msg, "negative duration '-5m'", "negative message");
	ok(ts_duration_seconds("2w", &s, &err) == 0 && s == 1209600,
	    "fixed length");
	ok(ts_duration_seconds("6mo", &s, &err) == -1 &&
	    strstr(err.msg, "'6mo'") != NULL, "months have no fixed length");
}

static void
test_duration_format(void)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_duration d, e;
	int i, bad = 0;

	is_str(dfmt(90, 0), "90s", "format 90s");
	is_str(dfmt(5400, 0), "90m", "format 90m (shortest)");
	is_str(dfmt(9000, 0), "150m", "format 150m");
	is_str(dfmt(86400, 0), "1d", "format 1d");
	is_str(dfmt(8 * 86400, 0), "8d", "format 8d");
	is_str(dfmt(14 * 86400, 0), "2w", "format 2w");
	is_str(dfmt(604800 + 3600, 0), "169h", "format: a tie, fewer units");
	is_str(dfmt(3661, 0), "3661s", "format 3661s");
	is_str(dfmt(86400 + 60, 0), "1d1m", "format 1d1m");
	is_str(dfmt(0, 18), "18mo", "format 18mo");
	is_str(dfmt(0, 24), "2y", "format 2y");
	is_str(dfmt(3600, 12), "1y1h", "format 1y1h");
	is_str(dfmt(0, 0), "0s", "format zero");
	for (i = 0; i < 20000; i++) {
		e.seconds = (int64_t)(rnd() % 100000000);
		e.months = (int32_t)(rnd() % 3 == 0 ? rnd() % 500 : 0);
		if (ts_duration_parse(dfmt(e.seconds, e.months), &d, &err) ==
		    -1 || d.seconds != e.seconds || d.months != e.months)
			bad++;
	}
	is_int(bad, 0, "format parses back");
}

static void
test_shift(void)
{
	const struct ts_tz *z = tz("Europe/Paris");
	struct ts_duration d;

	d = dur("1mo");
	is_str(iso(ts_duration_shift(at("2026-01-31T10:00:00+01:00"), &d, 1,
	    z), z), "2026-02-28T10:00:00+01:00", "31 January + 1mo");
	is_str(iso(ts_duration_shift(at("2024-01-31T10:00:00+01:00"), &d, 1,
	    z), z), "2024-02-29T10:00:00+01:00", "leap February");
	is_str(iso(ts_duration_shift(at("2026-03-31T10:00:00+02:00"), &d, -1,
	    z), z), "2026-02-28T10:00:00+01:00", "31 March - 1mo");
	is_str(iso(ts_duration_shift(at("2026-03-15T12:00:00+01:00"), &d, 1,
	    z), z), "2026-04-15T12:00:00+02:00", "months keep the wall time");
	d = dur("1y");
	is_str(iso(ts_duration_shift(at("2024-02-29T08:00:00+01:00"), &d, 1,
	    z), z), "2025-02-28T08:00:00+01:00", "29 February + 1y");
	d = dur("1d");
	is_str(iso(ts_duration_shift(at("2026-03-28T12:00:00+01:00"), &d, 1,
	    z), z), "2026-03-29T13:00:00+02:00", "a day is 24 hours");
	d = dur("2mo");
	is_str(iso(ts_duration_shift(at("2026-01-29T02:30:00+01:00"), &d, 1,
	    z), z), "2026-03-29T03:30:00+02:00", "into the gap: pushed on");
	d = dur("1mo");
	is_str(iso(ts_duration_shift(at("2026-09-25T02:30:00+02:00"), &d, 1,
	    z), z), "2026-10-25T02:30:00+02:00", "into the fold: earlier");
	d = dur("1y6mo2h");
	is_str(iso(ts_duration_shift(at("2026-11-23T09:00:00+01:00"), &d, -1,
	    z), z), "2025-05-23T07:00:00+02:00", "minus 1y6mo2h");
	ok(ts_duration_shift(INT64_MAX, &d, 1, z) == INT64_MAX &&
	    ts_duration_shift(INT64_MIN, &d, -1, z) == INT64_MIN,
	    "open ends stay open");
}

/* Period in Paris at 2026-11-23T09:00:00+01:00, as "from to label". */
static const char *
per(const char *s)
{
	static char buf[600];
	struct ts_error err = TS_ERROR_INIT;
	struct ts_period p;
	const struct ts_tz *z = tz("Europe/Paris");

	if (ts_period_parse(s, 1795420800, z, &p, &err) == -1) {
		snprintf(buf, sizeof buf, "error: %s", err.msg);
		return buf;
	}
	snprintf(buf, sizeof buf, "%s %s %s",
	    p.from == INT64_MIN ? "-" : iso(p.from, z),
	    p.to == INT64_MAX ? "-" : iso(p.to, z), p.label);
	return buf;
}

static int64_t
per_len(const char *s)
{
	struct ts_period p;

	if (ts_period_parse(s, 1795420800, tz("Europe/Paris"), &p,
	    NULL) == -1)
		return -1;
	return p.to - p.from;
}

static void
test_periods(void)
{
	is_str(per("today"), "2026-11-23T00:00:00+01:00 "
	    "2026-11-24T00:00:00+01:00 today", "today");
	is_str(per("yesterday"), "2026-11-22T00:00:00+01:00 "
	    "2026-11-23T00:00:00+01:00 yesterday", "yesterday");
	is_str(per("this-week"), "2026-11-23T00:00:00+01:00 "
	    "2026-11-30T00:00:00+01:00 this-week", "this-week");
	is_str(per("last-week"), "2026-11-16T00:00:00+01:00 "
	    "2026-11-23T00:00:00+01:00 last-week", "last-week is W47");
	is_str(per("2026-W47"), "2026-11-16T00:00:00+01:00 "
	    "2026-11-23T00:00:00+01:00 2026-W47", "2026-W47");
	is_str(per("2026-w47"), "2026-11-16T00:00:00+01:00 "
	    "2026-11-23T00:00:00+01:00 2026-W47", "label normalised");
	is_str(per("This-Month"), "2026-11-01T00:00:00+01:00 "
	    "2026-12-01T00:00:00+01:00 this-month", "this-month, any case");
	is_str(per("last-month"), "2026-10-01T00:00:00+02:00 "
	    "2026-11-01T00:00:00+01:00 last-month", "last-month");
	is_str(per("this-year"), "2026-01-01T00:00:00+01:00 "
	    "2027-01-01T00:00:00+01:00 this-year", "this-year");
	is_str(per("last-year"), "2025-01-01T00:00:00+01:00 "
	    "2026-01-01T00:00:00+01:00 last-year", "last-year");
	is_str(per("2026"), "2026-01-01T00:00:00+01:00 "
	    "2027-01-01T00:00:00+01:00 2026", "a year");
	is_str(per("2026-11-22"), "2026-11-22T00:00:00+01:00 "
	    "2026-11-23T00:00:00+01:00 2026-11-22", "a day");
	is_str(per("2026-W53"), "2026-12-28T00:00:00+01:00 "
	    "2027-01-04T00:00:00+01:00 2026-W53", "week 53");
	is_str(per("2020-W01"), "2019-12-30T00:00:00+01:00 "
	    "2020-01-06T00:00:00+01:00 2020-W01", "week 1 starts in December");
	is_int(per_len("2026-03"), 31 * 86400 - 3600, "March: one hour short");
	is_int(per_len("2026-10"), 31 * 86400 + 3600, "October: one more");
	is_int(per_len("2026-03-29"), 23 * 3600, "the spring day: 23 h");
	is_int(per_len("2026-10-25"), 25 * 3600, "the autumn day: 25 h");
	is_str(per("last-7d"), "2026-11-16T09:00:00+01:00 "
	    "2026-11-23T09:00:00+01:00 last-7d", "last-7d");
	is_str(per("last-24h"), "2026-11-22T09:00:00+01:00 "
	    "2026-11-23T09:00:00+01:00 last-24h", "last-24h");
	is_str(per("last-1mo"), "2026-10-23T09:00:00+02:00 "
	    "2026-11-23T09:00:00+01:00 last-1mo", "last-1mo");
}

static void
test_period_ranges(void)
{
	is_str(per("2026-11-01..2026-11-15"), "2026-11-01T00:00:00+01:00 "
	    "2026-11-16T00:00:00+01:00 2026-11-01..2026-11-15", "a range");
	is_str(per("last-week..today"), "2026-11-16T00:00:00+01:00 "
	    "2026-11-24T00:00:00+01:00 last-week..today", "words in a range");
	is_str(per("2026-11-01T08:00..2026-11-01 12:00"),
	    "2026-11-01T08:00:00+01:00 2026-11-01T12:00:00+01:00 "
	    "2026-11-01T08:00:00+01:00..2026-11-01T12:00:00+01:00",
	    "times in a range");
	is_str(per("2026-11-01.."), "2026-11-01T00:00:00+01:00 - "
	    "2026-11-01..", "open end");
	is_str(per("..2026-11-30"), "- 2026-12-01T00:00:00+01:00 "
	    "..2026-11-30", "open start");
	is_str(per("2026-10-25T02:30+01:00..2026-10"),
	    "2026-10-25T02:30:00+01:00 2026-11-01T00:00:00+01:00 "
	    "2026-10-25T02:30:00+01:00..2026-10", "offset picks a reading");
}

static void
test_period_errors(void)
{
	static const char *const bad[] = {
		"tomorrow", "2026-13", "2026-W54", "2025-W53", "..",
		"2026-11-30..2026-11-01", "last-", "last-7x", "last--7d",
		"2026-03-29T02:30..", "2026-11-22T09:00", "foo..2026",
		"2026-02-30", "last-0s", "2026-11-22T09:00..2026-11-22T09:00",
		"2026..2027..2028", "", "2026-1", "W47"
	};
	size_t i, nbad = 0;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (strncmp(per(bad[i]), "error: invalid period '", 23) == 0)
			nbad++;
		else
			printf("# accepted '%s': %s\n", bad[i], per(bad[i]));
	is_int(nbad, sizeof bad / sizeof bad[0], "bad periods refused");
	is_str(per("2026-11-30..2026-11-01"), "error: invalid period "
	    "'2026-11-30..2026-11-01': it ends before it starts",
	    "backwards range message");
	is_str(per("2026-W54"), "error: invalid period '2026-W54': no such "
	    "date or week '2026-W54'", "week 54 message");
	is_str(per("2026-03-29T02:30.."), "error: invalid period "
	    "'2026-03-29T02:30..': no such local time '2026-03-29T02:30' in "
	    "Europe/Paris (clocks go forward)", "gap in a range");
	ok(strstr(per("tomorrow"), "expected today, yesterday") != NULL,
	    "unknown period lists the forms");
}

static void
test_default(void)
{
	const struct ts_tz *z;

	setenv("TZ", ":Europe/Paris", 1);
	is_str(ts_tz_name(ts_tz_default()), "Europe/Paris", "TZ=:name");
	setenv("TZ", "America/New_York", 1);
	is_str(ts_tz_name(ts_tz_default()), "America/New_York", "TZ=name");
	setenv("TZ", "/usr/share/zoneinfo/Asia/Kolkata", 1);
	is_str(ts_tz_name(ts_tz_default()), "Asia/Kolkata", "TZ=path");
	setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3", 1);
	z = ts_tz_default();
	is_str(ts_tz_name(z), "CET-1CEST,M3.5.0,M10.5.0/3", "TZ=rule");
	ok(ts_tz_offset(z, 1792890000 - 1) == 7200 &&
	    ts_tz_offset(z, 1792890000) == 3600, "the rule's zone");
	ok(ts_tz_default() == z, "rule zones are cached too");
	setenv("TZ", "Not/A/Zone!", 1);
	ok(ts_tz_default() == ts_tz_utc(), "unreadable TZ: UTC");
	setenv("TZ", "", 1);
	ok(ts_tz_default() == ts_tz_utc(), "empty TZ: UTC");
	unsetenv("TZ");
	ok(ts_tz_default() != NULL, "no TZ: /etc/localtime or UTC");
}

/* ---- TZif files written here: each version, slim, broken ---- */

struct tzw {
	int version;			/* 0, '2', '3' */
	int ntrans;
	const int64_t *trans;
	const unsigned char *idx;
	int ntypes;
	const int32_t *utoff;
	const char *footer;		/* NULL: none (v1) */
	int nleap;
};

static void
put32(FILE *f, uint32_t v)
{
	putc((int)(v >> 24 & 0xff), f);
	putc((int)(v >> 16 & 0xff), f);
	putc((int)(v >> 8 & 0xff), f);
	putc((int)(v & 0xff), f);
}

static void
put_block(FILE *f, const struct tzw *w, int tsz)
{
	int i;

	fwrite("TZif", 1, 4, f);
	putc(w->version, f);
	for (i = 0; i < 15; i++)
		putc(0, f);
	put32(f, 0);
	put32(f, 0);
	put32(f, (uint32_t)w->nleap);
	put32(f, (uint32_t)w->ntrans);
	put32(f, (uint32_t)w->ntypes);
	put32(f, 4);
	for (i = 0; i < w->ntrans; i++) {
		if (tsz == 8)
			put32(f, (uint32_t)((uint64_t)w->trans[i] >> 32));
		put32(f, (uint32_t)w->trans[i]);
	}
	for (i = 0; i < w->ntrans; i++)
		putc(w->idx[i], f);
	for (i = 0; i < w->ntypes; i++) {
		put32(f, (uint32_t)w->utoff[i]);
		putc(i > 0, f);
		putc(0, f);
	}
	fwrite("XXX", 1, 4, f);
	for (i = 0; i < w->nleap; i++) {
		if (tsz == 8)
			put32(f, 0);
		put32(f, 78796800);
		put32(f, 1);
	}
}

static void
write_tzif(const char *dir, const char *name, const struct tzw *w)
{
	struct tzw v1 = { w->version, 0, NULL, NULL, 1, w->utoff, NULL, 0 };
	char path[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if ((f = fopen(path, "wb")) == NULL) {
		printf("# cannot write %s\n", path);
		exit(1);
	}
	put_block(f, w->version ? &v1 : w, 4);
	if (w->version) {
		put_block(f, w, 8);
		fprintf(f, "\n%s\n", w->footer);
	}
	fclose(f);
}

static void
write_fixtures(const char *dir)
{
	static const int32_t cet[1] = { 3600 };
	static const int32_t three[3] = { 0, 3600, 7200 };
	static const int64_t tr[2] = { 1000000000, 1100000000 };
	static const int64_t bang[2] = { -(INT64_C(1) << 59), 1000000000 };
	static const unsigned char idx[2] = { 1, 2 };
	static const int32_t nuuk[1] = { -10800 };
	struct tzw slim = { '2', 0, NULL, NULL, 1, cet, "CET-1CEST,"
	    "M3.5.0,M10.5.0/3", 0 };
	struct tzw v1 = { 0, 2, tr, idx, 3, three, NULL, 0 };
	struct tzw v3 = { '3', 0, NULL, NULL, 1, nuuk, "<-03>3<-02>,"
	    "M3.5.0/-2,M10.5.0/-1", 0 };
	struct tzw big = { '2', 2, bang, idx, 3, three, "", 0 };
	struct tzw leap = { '2', 2, tr, idx, 3, three, "", 1 };
	struct tzw badrule = { '2', 2, tr, idx, 3, three, "CET-1CEST,M3", 0 };

	write_tzif(dir, "Slim", &slim);
	write_tzif(dir, "V1", &v1);
	write_tzif(dir, "V3", &v3);
	write_tzif(dir, "Big", &big);
	write_tzif(dir, "Leap", &leap);
	write_tzif(dir, "BadRule", &badrule);
}

static void
test_tzif(void)
{
	char dir[] = "/tmp/ts-test-time-XXXXXX", path[512];
	static const char *const files[] = {
		"Slim", "V1", "V3", "Big", "Leap", "BadRule", "Trunc"
	};
	static const unsigned char trunc[36] = { 'T', 'Z', 'i', 'f', '2' };
	const struct ts_tz *paris = tz("Europe/Paris"), *z;
	int64_t t, a[2], b[2];
	FILE *f;
	size_t i;
	int j, bad = 0;

	if (mkdtemp(dir) == NULL) {
		printf("# mkdtemp failed\n");
		exit(1);
	}
	write_fixtures(dir);
	snprintf(path, sizeof path, "%s/Trunc", dir);
	if ((f = fopen(path, "wb")) != NULL) {
		fwrite(trunc, 1, sizeof trunc, f);	/* a header cut short */
		fclose(f);
	}
	setenv("TZDIR", dir, 1);
	z = ts_tz_load("Slim", NULL);
	ok(z != NULL, "slim v2 file: a rule and no transitions");
	for (j = 0; z != NULL && j < 100000; j++) {
		t = rnd_in(at("1997-01-01T00:00:00Z"), Y2500);
		if (ts_tz_offset(z, t) != ts_tz_offset(paris, t) ||
		    ts_tz_from_wall(z, t, a) != ts_tz_from_wall(paris, t, b) ||
		    a[0] != b[0])
			bad++;
	}
	is_int(bad, 0, "slim file answers as the fat one, 1997-2500");
	z = ts_tz_load("V1", NULL);
	ok(z != NULL && ts_tz_offset(z, 999999999) == 0 &&
	    ts_tz_offset(z, 1000000000) == 3600 &&
	    ts_tz_offset(z, 1100000000) == 7200 &&
	    ts_tz_offset(z, INT64_C(5000000000)) == 7200, "v1 file");
	z = ts_tz_load("V3", NULL);
	ok(z != NULL && ts_tz_offset(z, at("2026-03-29T00:59:59Z")) == -10800 &&
	    ts_tz_offset(z, at("2026-03-29T01:00:00Z")) == -7200 &&
	    ts_tz_offset(z, at("2026-10-25T00:59:59Z")) == -7200 &&
	    ts_tz_offset(z, at("2026-10-25T01:00:00Z")) == -10800,
	    "v3 file: negative transition times (Saturday 22:00 and 23:00)");
	z = ts_tz_load("Big", NULL);
	ok(z != NULL && ts_tz_offset(z, INT64_MIN) == 0 &&
	    ts_tz_offset(z, -(INT64_C(1) << 59)) == 3600 &&
	    ts_tz_offset(z, 1000000000) == 7200, "big-bang transition");
	ok(ts_tz_load("Leap", NULL) == NULL, "leap-second file refused");
	ok(ts_tz_load("BadRule", NULL) == NULL, "bad footer refused");
	ok(ts_tz_load("Trunc", NULL) == NULL, "truncated file refused");
	ok(ts_tz_load("UTC", NULL) == ts_tz_utc(), "UTC without its file");
	unsetenv("TZDIR");
	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
}

int
main(void)
{
	unsetenv("TZDIR");
	unsetenv("TS_NOW");
	test_civil();
	test_iso_weeks();
	test_now();
	test_load();
	test_rule_zone();
	test_paris();
	test_zones();
	test_glibc();
	test_rule_edges();
	test_transitions();
	test_tzconv();
	test_wall19();
	test_parse();
	test_parse_errors();
	test_format();
	test_durations();
	test_duration_format();
	test_shift();
	test_periods();
	test_period_ranges();
	test_period_errors();
	test_default();
	test_tzif();
	return done_testing();
}
