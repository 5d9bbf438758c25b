/*
 * ts_agenda_sync.h - the client's own calendar: imported from an .ics file
 * or a published address as busy time, and synchronised both ways with a
 * CalDAV collection.
 *
 * ts-agenda is the authority for the bookings it made, and the client's
 * calendar for everything else.  A sync pulls the calendar's changes
 * (sync-collection with the stored token; a full resync when the server
 * refuses it; the ctag and etags where sync-collection is missing) into
 * busy time, then pushes new bookings (If-None-Match: *), moves and
 * cancellations (If-Match: the stored etag).  A booking that the server
 * changed or deleted, or whose slot the client filled in his own calendar
 * meanwhile, becomes a conflict: reported, kept, never overwritten, until
 * a secretary moves or cancels it.
 */
#ifndef TS_AGENDA_SYNC_H
#define TS_AGENDA_SYNC_H

#include <stddef.h>
#include <stdint.h>

#include "ts_agenda.h"
#include "ts_err.h"
#include "ts_ical.h"

/*
 * Reads an iCalendar text (NUL-terminated) as the client's busy time from
 * `source` ("import" unless the user names it), replacing what that source
 * brought before, in one transaction.  Busy time is kept from the start of
 * today to the agenda's horizon (plus a week).  bad is called for each
 * rejected event.  Fills *st.  With dry_run nothing is stored.
 */
int ts_agenda_import(struct ts_agenda_ctx *a, const char *text,
    const char *name, const char *source, int dry_run,
    void (*bad)(const struct ts_error *e, void *ctx), void *ctx,
    struct ts_ical_stats *st, struct ts_error *err);

/* Fetches a published calendar (http, https, webcal: https) of client a
 * (its agenda's ca_file) into *text (caller frees).  TS_EXIT_TEMPFAIL for
 * network trouble and 5xx. */
int ts_agenda_fetch(const struct ts_agenda_ctx *a, const char *url,
    char **text, struct ts_error *err);

enum ts_sync_flags {
	TS_SYNC_PULL = 1 << 0,		/* the calendar's changes */
	TS_SYNC_PUSH = 1 << 1,		/* our bookings */
	TS_SYNC_DRY_RUN = 1 << 2	/* read, write nothing anywhere */
};

struct ts_sync_stats {
	long fetched;		/* resources read from the server */
	long busy_changed;	/* resources whose busy time changed */
	long deleted;		/* resources gone from the server */
	long created;		/* bookings pushed for the first time */
	long updated;		/* moves and cancellations pushed */
	long conflicts;		/* bookings left in conflict */
	long requests;		/* HTTP requests sent */
	long writes;		/* of which PUT or DELETE */
	int full;		/* a full resync happened */
};

/*
 * Synchronises client a with its CalDAV collection (the agenda's caldav
 * settings).  conflict is called for each booking in conflict after the
 * run (new or old).  Returns 0, or -1 with err set (TS_EXIT_TEMPFAIL for
 * network trouble: what was done stays done and the next run goes on).
 */
int ts_agenda_sync(struct ts_agenda_ctx *a, unsigned flags,
    void (*conflict)(const struct ts_booking *b, void *ctx), void *ctx,
    struct ts_sync_stats *st, struct ts_error *err);

#endif
