/*
 * ts_agenda.h - a client's agenda: free slots, bookings that cannot
 * collide, messages about them (confirmations, reminders).
 *
 * Slots come from the agenda's hours (its own, else the client's), minus
 * public holidays and closures (ts_calendar), minus the bookings (widened
 * by the buffer) and the busy time imported from the client's own
 * calendar (ts_store).  A booking is checked and stored in one BEGIN
 * IMMEDIATE transaction, and the store refuses an overlap on its own too,
 * so two secretaries booking the same slot at the same moment get one
 * booking and one "no" (TS_EXIT_NO).
 *
 * Times given by people are read in the client's zone: a local time in the
 * spring-forward gap is refused, an ambiguous autumn one needs an offset.
 * Every conversion goes through ts_time (TZif data), never libical.
 */
#ifndef TS_AGENDA_H
#define TS_AGENDA_H

#include <stddef.h>
#include <stdint.h>

#include "ts_calendar.h"
#include "ts_config.h"
#include "ts_err.h"
#include "ts_store.h"
#include "ts_time.h"

/* One client's agenda, ready to use.  Borrows everything it points to. */
struct ts_agenda_ctx {
	const struct ts_config *cfg;
	const struct ts_client *cl;
	const struct ts_agenda *ag;
	const struct ts_tz *tz;		/* the client's zone */
	struct ts_client hours;		/* cl with the agenda's hours */
	struct ts_store *store;		/* may be NULL for messages only */
	int64_t now;
	int dry_run;			/* check everything, store nothing */
};

/*
 * Sets a up for client id.  Fails with TS_EXIT_USAGE when there is no
 * such client or it has no `agenda:`.
 */
int ts_agenda_open(struct ts_agenda_ctx *a, const struct ts_config *cfg,
    const char *id, struct ts_store *store, int64_t now,
    struct ts_error *err);

/* The appointment type called name (NULL: the first one), or NULL with
 * err set (TS_EXIT_USAGE, naming the types there are). */
const struct ts_agenda_type *ts_agenda_type(const struct ts_agenda_ctx *a,
    const char *name, struct ts_error *err);

/*
 * Reads a time given by a person (an option): in the client's zone,
 * refusing a local time that does not exist or happens twice without an
 * offset (TS_EXIT_USAGE).
 */
int ts_agenda_parse_time(const struct ts_agenda_ctx *a, const char *s,
    int64_t *t, struct ts_error *err);

struct ts_slot {
	int64_t start;
	int64_t end;
};

/*
 * Calls fn for each free slot of type t that starts in [from, to), in
 * order, honouring the grid, the notice and the horizon.  fn returns 0 to
 * go on, non-zero to stop (returned).  -1 with err on a store error.
 */
int ts_agenda_slots(struct ts_agenda_ctx *a, const struct ts_agenda_type *t,
    int64_t from, int64_t to, int (*fn)(const struct ts_slot *s, void *ctx),
    void *ctx, struct ts_error *err);

/*
 * The (at most) n free slots of type t nearest to instant at, before or
 * after it, in order of start.  Returns how many, or -1 with err.
 */
int ts_agenda_nearest(struct ts_agenda_ctx *a,
    const struct ts_agenda_type *t, int64_t at, struct ts_slot *out,
    size_t n, struct ts_error *err);

/* What a secretary types to book. */
struct ts_agenda_req {
	const char *type;	/* NULL: the first type */
	int64_t start;
	const char *name;	/* required */
	const char *phone;	/* required, any national or E.164 form */
	const char *email;	/* may be NULL */
	const char *note;	/* may be NULL */
	int force;		/* outside the hours, notice or horizon */
};

/*
 * Books: checks the hours, the notice and the horizon (unless force), then
 * in one transaction that the slot is free, and stores it.  Fills *b.
 * Errors: TS_EXIT_NO when the slot is taken or outside what the agenda
 * allows, TS_EXIT_USAGE for a bad request, TS_EXIT_TEMPFAIL when the
 * store is busy.
 */
int ts_agenda_book(struct ts_agenda_ctx *a, const struct ts_agenda_req *r,
    struct ts_booking *b, struct ts_error *err);

/* Finds a booking of the client by id ("12") or UID; TS_EXIT_NO if none. */
int ts_agenda_find(struct ts_agenda_ctx *a, const char *ref,
    struct ts_booking *b, struct ts_error *err);

/*
 * Moves booking b to start (type NULL: keep it), checked as a new booking
 * is, except against itself; the sequence goes up.  Refuses a cancelled
 * booking.
 */
int ts_agenda_move(struct ts_agenda_ctx *a, struct ts_booking *b,
    int64_t start, const char *type, int force, struct ts_error *err);

/* Cancels booking b (kept, status cancelled, sequence up). */
int ts_agenda_cancel(struct ts_agenda_ctx *a, struct ts_booking *b,
    struct ts_error *err);

/* ---- messages (ts_agenda_msg.c) ---- */

/*
 * A message record for ts-msg (man/ts-records.5): a confirmation, a
 * reminder or a cancellation notice for a booking.
 */
struct ts_agenda_msg {
	char client[64];
	char caller[TS_PHONE_MAX];	/* the patient's number, E.164 */
	char caller_name[128];
	char *subject;			/* owned: ts_agenda_msg_release */
	char *body;			/* owned */
	char notify[320];		/* "sms:+336...,email:a@b.fr" */
	const char *kind;		/* "reminder", "confirmation", ... */
	char ref[320];			/* idempotency key for ts-msg */
	int64_t booking_id;
	char uid[128];
	int64_t start;
};

/* The columns of a message record, in order, and how many. */
extern const char *const ts_agenda_msg_cols[];
extern const size_t ts_agenda_msg_ncols;

/*
 * Renders the client's template for kind ("reminder", "confirmation" or
 * "cancellation") about booking b into m.
 */
void ts_agenda_message(const struct ts_agenda_ctx *a,
    const struct ts_booking *b, const char *kind, struct ts_agenda_msg *m);
void ts_agenda_msg_release(struct ts_agenda_msg *m);

/*
 * "mardi 24 novembre 2026" and "10h20" (or "Tuesday 24 November 2026",
 * "10:20" when the service's language is en) of instant t in tz.
 */
void ts_agenda_date_words(int64_t t, const struct ts_tz *tz, int english,
    char *buf, size_t n);
void ts_agenda_clock(int64_t t, const struct ts_tz *tz, int english,
    char *buf, size_t n);

/*
 * Reminders: for every client with an agenda (or only client, when not
 * NULL), each confirmed booking starting in [now, now + within) that was
 * not yet reminded at that start gets a message, passed to fn, and is
 * recorded as reminded (unless dry_run), all in one transaction: when fn
 * fails (returns non-zero) nothing is recorded.
 */
int ts_agenda_remind(const struct ts_config *cfg, struct ts_store *store,
    const char *client, int64_t now, int64_t within, int dry_run,
    int (*fn)(const struct ts_agenda_msg *m, void *ctx), void *ctx,
    struct ts_error *err);

/* ---- records (ts_agenda_rec.c) ---- */

struct ts_writer;

/* Declares the columns of each kind of record on w. */
void ts_agenda_booking_columns(struct ts_writer *w);
void ts_agenda_slot_columns(struct ts_writer *w);
void ts_agenda_busy_columns(struct ts_writer *w);
void ts_agenda_msg_columns(struct ts_writer *w);

/* Writes one record; times in zone tz.  0, or -1 on a write error. */
int ts_agenda_write_booking(struct ts_writer *w, const struct ts_booking *b,
    const struct ts_tz *tz);
int ts_agenda_write_slot(struct ts_writer *w, const struct ts_agenda_ctx *a,
    const struct ts_agenda_type *t, const struct ts_slot *s);
int ts_agenda_write_busy(struct ts_writer *w, const char *client,
    const char *source, const char *ref, int64_t from, int64_t to,
    const struct ts_tz *tz);
int ts_agenda_write_msg(struct ts_writer *w, const struct ts_agenda_msg *m,
    const struct ts_tz *tz);

#endif
