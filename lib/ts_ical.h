/*
 * ts_ical.h - iCalendar (RFC 5545) in and out, through libical for the
 * text only.
 *
 * libical 3.0 reads a local time in the spring gap or the autumn fold the
 * opposite way from RFC 5545, and its recurrence iterator drifts by an
 * hour after a change of offset (measured: notes/agenda-msg.md 1.4).  So
 * libical only parses and writes text here: every time is turned into an
 * instant by ts_time (TZif data), recurrences are iterated in floating
 * wall time and converted afterwards, and EXDATE, RDATE and RECURRENCE-ID
 * overrides are applied by this module.
 *
 * Written calendars carry TZID=<the bare Olson name> with a matching,
 * truncated VTIMEZONE, so that every client (Google, Outlook, Apple, khal,
 * calcurse) finds the zone.
 */
#ifndef TS_ICAL_H
#define TS_ICAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ts_agenda.h"
#include "ts_err.h"
#include "ts_store.h"
#include "ts_time.h"

/* PRODID of what ts writes. */
#define TS_ICAL_PRODID "-//ts//ts-agenda//FR"

/*
 * The VCALENDAR of bookings (n of them) of agenda a: one VEVENT each,
 * with its UID, SEQUENCE, STATUS, DTSTAMP (now) and times in the client's
 * zone.  Returns CRLF text, folded at 75 octets, that the caller frees
 * with free(); NULL with err set when the zone is unknown to libical.
 */
char *ts_ical_write(const struct ts_agenda_ctx *a,
    const struct ts_booking *b, size_t n, struct ts_error *err);

/* What reading a calendar found. */
struct ts_ical_stats {
	long events;		/* VEVENTs read */
	long blocks;		/* busy intervals given to fn */
	long skipped;		/* transparent, cancelled or outside */
	long rejected;		/* events with an error (bad reported) */
	long capped;		/* recurrences cut at the instance cap */
};

/* How many instances one recurring event may give in the window, and how
 * many steps its rule may take to get there. */
#define TS_ICAL_MAX_INSTANCES 5000
#define TS_ICAL_MAX_STEPS 200000

struct ts_ical_read {
	const char *source;		/* file name, for messages */
	const struct ts_tz *floating;	/* zone of floating times */
	int64_t from;			/* keep busy overlapping [from, to) */
	int64_t to;
	/* Each busy interval, with its event's UID; returns 0 to go on. */
	int (*busy)(const char *uid, int64_t from, int64_t to, void *ctx);
	/* Each event rejected (err has source and line); may be NULL. */
	void (*bad)(const struct ts_error *err, void *ctx);
	void *ctx;
	struct ts_ical_stats st;
};

/*
 * Reads iCalendar text (NUL-terminated) as busy time: opaque, not
 * cancelled VEVENTs, recurrences expanded (RRULE, RDATE, EXDATE,
 * RECURRENCE-ID overrides; at most TS_ICAL_MAX_INSTANCES each), all-day
 * events busy for their whole local days, floating times in r->floating,
 * TZIDs read as Olson names (with or without a "/vendor/" prefix),
 * Windows names (Outlook), or from their VTIMEZONE when it gives yearly
 * rules by month and weekday (Outlook's "Customized Time Zone"), an
 * unknown one rejecting its event.  Returns 0
 * (bad events are counted and reported through r->bad), or -1 with err
 * set when the text is not iCalendar at all or fn failed.
 */
int ts_ical_read(const char *text, struct ts_ical_read *r,
    struct ts_error *err);

/*
 * The IANA zone of a TZID as calendars write it: "Europe/Paris",
 * "/freeassociation.sourceforge.net/Europe/Paris", "Romance Standard
 * Time", "(UTC+01:00) Brussels, Copenhagen, Madrid, Paris".  NULL when it
 * is none of those.
 */
const struct ts_tz *ts_ical_zone(const char *tzid);

/* The UID and SEQUENCE of the first VEVENT of text; -1 if none. */
int ts_ical_uid(const char *text, char *uid, size_t n, long *sequence);

/*
 * Notes that libical was called (every function here does it): the
 * cleanup frees libical's buffers only then, since libical allocates them
 * on first use without checking the allocation.
 */
void ts_ical_note_use(void);

/* Frees what libical keeps for the life of the process (for leak checks). */
void ts_ical_cleanup(void);

#endif
