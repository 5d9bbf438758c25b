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
 *
 * The on-call rota (ts_calendar_oncall) is the same kind of question: who
 * is on call at an instant, since when and until when, from the rota's
 * weekly shifts (wall times in the client's zone), its rotation of people
 * week by week, and its exceptions.
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

/*
 * The same without `until` (left at TS_TIME_NONE): what a stream of calls
 * needs, at the cost of a few integer operations.
 */
void ts_calendar_state_now(const struct ts_client *cl,
    const struct ts_tz *tz, int64_t t, struct ts_open_state *st);

/* Shorthand: 1 when the office is open at t. */
int ts_calendar_is_open(const struct ts_client *cl, const struct ts_tz *tz,
    int64_t t);

/* Who is on call for a rota at an instant. */
struct ts_oncall {
	const struct ts_person *person;	/* never NULL for a loaded rota */
	int64_t since;		/* when this person's turn began */
	int64_t until;		/* when it ends: the next handover to
				 * someone else; TS_TIME_NONE when there
				 * is none within five weeks */
	const struct ts_person *next;	/* who takes over at until */
	const char *label;	/* the exception's label, or "" */
	int exception;		/* 1 when someone stands in */
};

/*
 * Who is on call for rota r at instant t, in zone tz (the client's).
 * Shifts follow the wall clock: a handover at "sun 02:30" on the night
 * clocks go forward happens when 02:30 would have been, in the new time;
 * one in the hour lived twice happens at its first reading.  Consecutive
 * turns of one person are one turn: `until` is when someone else takes
 * over (looked for up to five weeks ahead).
 */
void ts_calendar_oncall(const struct ts_rota *r, const struct ts_tz *tz,
    int64_t t, struct ts_oncall *oc);

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
