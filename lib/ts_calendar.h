/*
 * ts_calendar.h - is a client's office open at a given instant, and until
 * when: opening hours with breaks, public holidays, closures, in the
 * client's own zone.
 *
 * The configuration (ts_config.h) holds what the client wrote; this module
 * answers questions about it.  French public holidays are computed: the
 * fixed dates, and Easter Monday, Ascension and Whit Monday from Easter
 * (plus Good Friday and 26 December in Alsace-Moselle).  Everything here
 * is pure computation: no allocation, no I/O, safe from several threads.
 */
#ifndef TS_CALENDAR_H
#define TS_CALENDAR_H

#include <stdint.h>

#include "ts_config.h"
#include "ts_time.h"

/* Easter Sunday of a Gregorian year. */
void ts_easter(int year, int *mon, int *day);

/*
 * Is the date a public holiday under `kind`?  Returns 1 and sets *name
 * (a static French name, "Lundi de Pâques") when it is, else 0.
 */
int ts_holiday(enum ts_holidays kind, int year, int mon, int day,
    const char **name);

enum ts_open {
	TS_OPEN,		/* within opening hours */
	TS_CLOSED,		/* outside opening hours (evening, weekend) */
	TS_BREAK,		/* between two spans of the same day (lunch) */
	TS_HOLIDAY,		/* a public holiday, all day */
	TS_CLOSURE		/* one of the client's closures */
};

struct ts_open_state {
	enum ts_open state;
	int64_t until;		/* when it changes; TS_TIME_NONE if not
				 * within a year (e.g. a client always open) */
	const char *label;	/* the holiday's or closure's name, or "" */
};

/* "open", "closed", "break", "holiday", "closure". */
const char *ts_open_name(enum ts_open s);

/*
 * The state of the client's office at instant t, in zone tz (the client's
 * zone: ts_config_tz).  A client without hours is open all the time,
 * except on its holidays and closures.  Closures win over holidays, which
 * win over hours.
 */
void ts_calendar_state(const struct ts_client *cl, const struct ts_tz *tz,
    int64_t t, struct ts_open_state *st);

/* Shorthand: 1 when the office is open at t. */
int ts_calendar_is_open(const struct ts_client *cl, const struct ts_tz *tz,
    int64_t t);

/* A half-open range of instants [from, to). */
struct ts_interval {
	int64_t from;
	int64_t to;
};

/*
 * The spans of local day `days` (days since 1970-01-01, in tz) when the
 * office is open, as instants in increasing order, with holidays and
 * closures cut out: the opening hours of that weekday, or the whole day for
 * a client without hours.  Stores at most max spans in out and returns how
 * many it stored.  An edge in the spring gap lands at the end of the gap.
 */
size_t ts_calendar_day_spans(const struct ts_client *cl,
    const struct ts_tz *tz, int64_t days, struct ts_interval *out,
    size_t max);

#endif
