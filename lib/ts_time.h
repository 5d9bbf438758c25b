/*
 * ts_time.h - instants, civil times, IANA zones, ISO 8601, durations,
 * periods and the clock.
 *
 * An instant is an int64_t count of seconds since 1970-01-01T00:00:00Z
 * (leap seconds ignored, as POSIX does).  A "wall" time is the same count
 * for a civil date and time read as if it were UTC: the number a clock on the
 * wall shows, with no zone attached.  Zones turn one into the other.
 *
 * Zones are read from the TZif files of the system (TZDIR, else
 * /usr/share/zoneinfo), including the POSIX TZ rule at the end of the file
 * that covers dates past the last listed transition, so that both "fat" and
 * "slim" tzdata builds give the same answers.  Loaded zones are cached for
 * the life of the process and owned by this module: never free them.
 * Loading is not thread-safe; once loaded a zone is read-only and may be used
 * by several threads.
 *
 * Local times are the trap of this domain: on the night clocks go forward a
 * wall time can be missing (a "gap"), on the night they go back it happens
 * twice (a "fold").  Every conversion from wall time says which case it met;
 * no silent choice is made here.
 *
 * Wherever a zone is asked for, NULL means UTC.
 */
#ifndef TS_TIME_H
#define TS_TIME_H

#include <stddef.h>
#include <stdint.h>

#include "ts_err.h"

#define TS_TIME_NONE INT64_MIN	/* "no time", e.g. a call never answered */

/* ---- civil calendar arithmetic (proleptic Gregorian, no zone) ---- */

struct ts_civil {
	int year;	/* e.g. 2026 */
	int mon;	/* 1..12 */
	int day;	/* 1..31 */
	int hour;	/* 0..23 */
	int min;	/* 0..59 */
	int sec;	/* 0..59 */
};

/* Days since 1970-01-01 of a date (may be negative).  No validation. */
int64_t ts_days_from_civil(int year, int mon, int day);
void ts_civil_from_days(int64_t days, int *year, int *mon, int *day);
/* ISO weekday of a day number: 1 = Monday .. 7 = Sunday. */
int ts_weekday(int64_t days);
/* Days in a month (28..31). */
int ts_month_days(int year, int mon);
/* 1 when the date and time are valid (no 24:00, no 2026-02-30). */
int ts_civil_valid(const struct ts_civil *c);
/* Wall seconds of a civil time, and back. */
int64_t ts_civil_to_wall(const struct ts_civil *c);
void ts_civil_from_wall(int64_t wall, struct ts_civil *c);
/* ISO 8601 week of a date: *iso_year and *week (1..53). */
void ts_iso_week(int64_t days, int *iso_year, int *week);

/* ---- the clock ---- */

/*
 * The current instant: $TS_NOW when set and not empty (an ISO 8601 time with
 * an offset or 'Z', or an integer count of seconds, with or without a
 * leading '@'), else time(2).  TS_NOW is a testing aid documented in ts(7).
 * Fails (TS_EXIT_USAGE, "invalid TS_NOW '...': ...") when TS_NOW cannot be
 * read.
 */
int ts_now(int64_t *now, struct ts_error *err);

/* ---- zones ---- */

struct ts_tz;

/*
 * Loads an IANA zone ("Europe/Paris", "America/Martinique", "UTC").
 * Returns NULL with err set (TS_EXIT_USAGE, "unknown time zone 'X'") when the
 * name is not a zone, is absolute, has an empty component or one starting
 * with '.' (so no ".."), or its file is not valid TZif (files with leap
 * seconds, the "right/" zones, are refused).  "UTC" and "Etc/UTC" are built
 * in (one zone, named "UTC") and need no file.  The same name always
 * returns the same pointer.
 */
const struct ts_tz *ts_tz_load(const char *name, struct ts_error *err);
/* The UTC zone; never fails. */
const struct ts_tz *ts_tz_utc(void);
/*
 * The zone of the environment, as glibc reads it: $TZ when set, with or
 * without a leading ':', being an IANA name, a path into a zoneinfo
 * directory, or a POSIX rule ("CET-1CEST,M3.5.0,M10.5.0/3", then a zone
 * named by that text); an empty or unreadable $TZ is UTC.  Without $TZ,
 * the zone /etc/localtime links to, else /etc/timezone's, else UTC.
 * Never fails.
 */
const struct ts_tz *ts_tz_default(void);
/*
 * A zone made of a POSIX TZ rule alone ("CET-1CEST,M3.5.0,M10.5.0/3"),
 * named by the rule, as a calendar's own VTIMEZONE may describe one.
 * NULL when the rule does not parse.  The same rule always returns the
 * same pointer.
 */
const struct ts_tz *ts_tz_rule(const char *rule);
/* The zone's IANA name ("Europe/Paris"); owned by the zone. */
const char *ts_tz_name(const struct ts_tz *z);

/* UTC offset, in seconds east of Greenwich, in force at instant t. */
int ts_tz_offset(const struct ts_tz *z, int64_t t);
/* Wall time of instant t in z (t + offset). */
int64_t ts_tz_wall(const struct ts_tz *z, int64_t t);

/*
 * The instants whose wall time in z is `wall`.  Returns how many there are
 * and stores them in t[] in increasing order:
 *   1  the usual case;
 *   0  a gap (clocks went forward); t[0] is set to the instant the wall time
 *      would have had with the offset in force before the gap, so that a
 *      message can say what was probably meant;
 *   2  a fold (clocks went back); t[0] is the earlier, t[1] the later.
 */
int ts_tz_from_wall(const struct ts_tz *z, int64_t wall, int64_t t[2]);

/*
 * A converter for streams of wall times in one zone, as in CDR files: it
 * caches the answer for the last wall hours it saw, so that converting
 * millions of timestamps costs a few integer operations each (DESIGN.md:
 * never mktime per row).  An hour is cached only when no offset change can
 * touch it; the hours around a change, whatever minute it falls on, are
 * computed each time.  One per thread; no cleanup needed.
 */
#define TS_TZCONV_SLOTS 64
struct ts_tzconv {
	const struct ts_tz *tz;
	int64_t hour[TS_TZCONV_SLOTS];	/* wall hour (wall / 3600) cached */
	int32_t off[TS_TZCONV_SLOTS];	/* offset valid for the whole hour */
	uint8_t valid[TS_TZCONV_SLOTS];	/* 1 when the slot holds an answer */
};
void ts_tzconv_init(struct ts_tzconv *c, const struct ts_tz *z);
/* Same contract as ts_tz_from_wall. */
int ts_tzconv_from_wall(struct ts_tzconv *c, int64_t wall, int64_t t[2]);

/* ---- parsing ---- */

/* What to do with a wall time that happens twice. */
enum ts_fold {
	TS_FOLD_REJECT,		/* error: "ambiguous local time ...; give an offset" */
	TS_FOLD_EARLIER,	/* the first occurrence (RFC 5545 3.3.5) */
	TS_FOLD_LATER		/* the second */
};

/*
 * Parses "YYYY-MM-DD HH:MM:SS" (exactly 19 bytes, a space or 'T' in the
 * middle) into wall seconds, fast, for CDR timestamps.  Returns 0, or -1 when
 * the text is not such a time or the date or time is invalid.
 */
int ts_wall_parse19(const char *s, size_t n, int64_t *wall);

/*
 * Parses a time given by a person or a file:
 *   2026-11-22T09:15:03+01:00   2026-11-22 09:15:03   2026-11-22T09:15Z
 *   2026-11-22 09:15            2026-11-22T09:15:03.250+0100
 *   2026-11-22                  (the start of that day, local)
 *   @1795000000                 (seconds since the epoch)
 * The separator is 'T' or one space; seconds are optional, a fraction is
 * accepted and dropped; the offset is 'Z', +HH, +HHMM or +HH:MM.  Without an
 * offset the time is a wall time in z.  Dates and times are validated
 * (no 2026-02-30, no 24:00:00).  A wall time in a gap is an error:
 *   no such local time '2026-03-29 02:30' in Europe/Paris (clocks go forward)
 * one in a fold is resolved by `fold`, TS_FOLD_REJECT giving:
 *   ambiguous local time '2026-10-25 02:30' in Europe/Paris; give an
 *   offset (+02:00 or +01:00)
 * A date alone is never an error: its day starts at the earlier midnight,
 * or where the clocks jumped to if they jumped over midnight.  Errors are
 * TS_EXIT_FAIL with a message naming the problem and quoting the text.
 */
int ts_time_parse(const char *s, size_t n, const struct ts_tz *z,
    enum ts_fold fold, int64_t *t, struct ts_error *err);

/* ---- formatting ---- */

#define TS_ISO_MAX 32
/*
 * "2026-11-22T09:15:03+01:00": instant t in zone z, with its offset
 * ("+00:00" in UTC).  Returns the length; buf gets a NUL.  An offset with
 * seconds (local mean time, before about 1900) is cut to the minute and the
 * time shown is that of the printed offset, so the text still names t.
 */
size_t ts_time_iso(int64_t t, const struct ts_tz *z, char buf[TS_ISO_MAX]);
/* "2026-11-22" of instant t in z. */
size_t ts_time_date(int64_t t, const struct ts_tz *z, char buf[TS_ISO_MAX]);
/* "2026-11-22 09:15" of instant t in z (for people: tables, messages). */
size_t ts_time_local(int64_t t, const struct ts_tz *z, char buf[TS_ISO_MAX]);

/* ---- durations ---- */

/*
 * A duration as written in options and the configuration: "90s", "20m",
 * "2h", "30d", "2w", "6mo", "1y", and sums of those ("1h30m").  A bare
 * number is seconds.  Months and years are calendar units (a retention of
 * "6mo" ends on the same day of the month six months later) and are kept
 * apart from the seconds; days and weeks are fixed (1d = 86400 s, even
 * across a change of offset).  At most 10000 years in all.
 */
struct ts_duration {
	int64_t seconds;	/* s, m, h, d, w parts */
	int32_t months;		/* mo and y parts (1y = 12 months) */
};

/* Fails with TS_EXIT_USAGE and a message quoting the text: empty, negative,
 * a number without a unit in a sum, an unknown unit, too long. */
int ts_duration_parse(const char *s, struct ts_duration *d,
    struct ts_error *err);
/* Like ts_duration_parse, refusing months and years: a fixed length. */
int ts_duration_seconds(const char *s, int64_t *seconds, struct ts_error *err);
/*
 * The instant d after (sign = +1) or before (sign = -1) t.  Months are
 * added to the wall date in z keeping the wall time of day, the day clamped
 * to the month's end (2026-01-31 + 1mo = 2026-02-28); seconds are added to
 * the instant (after the months going forward, before them going back).
 * A resulting wall time in a fold is read as the earlier; one in a gap is
 * pushed forward by the gap's length (02:30 becomes 03:30 in Paris).
 * INT64_MIN and INT64_MAX (open ends) are returned as they are.
 */
int64_t ts_duration_shift(int64_t t, const struct ts_duration *d, int sign,
    const struct ts_tz *z);
/*
 * The shortest text that parses back to d ("90s", "150m", "1d1m", "18mo",
 * "2y"); on a tie the fewer parts ("3661s"), then the larger units.  Zero is
 * "0s".  Returns the length, as snprintf.
 */
size_t ts_duration_format(const struct ts_duration *d, char *buf, size_t n);

/* ---- periods ---- */

/*
 * A half-open range of instants [from, to), as given to --period:
 *   today yesterday this-week last-week this-month last-month
 *   this-year last-year
 *   2026  2026-11  2026-11-22  2026-W47
 *   last-7d  last-24h  (the 7 days / 24 hours up to now; any duration,
 *          months included: last-1mo is [now - 1mo, now))
 *   A..B   from the start of A to the end of B, each any of the above
 *          or a time accepted by ts_time_parse (a time is its own start
 *          and end); an empty side is open ("2026-11-01.."), not both
 * Weeks start on Monday (ISO 8601).  Days, weeks and months are those of
 * zone z, so "yesterday" in Europe/Paris is 23, 24 or 25 hours long.  Words
 * and the W of a week may be in any case.  A local time in a gap or fold is
 * an error (give an offset).  An empty or backward range is an error.
 * label is the text given, normalised: words in lower case, "2026-W47",
 * times as ts_time_iso writes them ("2026-11-01T08:00:00+01:00..2026-11").
 * Errors are TS_EXIT_USAGE: "invalid period 'X': why".
 */
struct ts_period {
	int64_t from;		/* first instant included; INT64_MIN when open */
	int64_t to;		/* first instant excluded; INT64_MAX when open */
	char label[64];
};

int ts_period_parse(const char *s, int64_t now, const struct ts_tz *z,
    struct ts_period *p, struct ts_error *err);

#endif
