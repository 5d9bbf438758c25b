/*
 * ts_store.h - the SQLite store: the only module that speaks SQL.
 *
 * One file (--db, else $TS_DB, else $XDG_DATA_HOME/ts/ts.db), always opened
 * the same way: created 0600 before SQLite sees it, WAL, foreign keys on,
 * a busy timeout, secure_delete on (read back: refused if SQLite will not),
 * synchronous=FULL, temp_store=MEMORY, trusted_schema=OFF.  The schema is
 * versioned with PRAGMA user_version and migrated forward on open, inside
 * one transaction.  Writers take BEGIN IMMEDIATE.  Every query is a
 * prepared statement with bound parameters, prepared once per connection.
 *
 * Other modules and tools see typed functions only; a PostgreSQL back end
 * could later sit behind the same functions.
 *
 * Errors: SQLITE_BUSY / SQLITE_LOCKED past the timeout are TS_EXIT_TEMPFAIL
 * ("store is busy"); a full disk, an I/O error or a corrupt file is
 * TS_EXIT_FAIL; messages never contain stored values.
 */
#ifndef TS_STORE_H
#define TS_STORE_H

#include <stdint.h>

#include "ts_buf.h"
#include "ts_call.h"
#include "ts_err.h"
#include "ts_phone.h"

struct ts_store;

enum ts_store_flags {
	TS_STORE_READONLY = 1 << 0,	/* never write; the file must exist */
	TS_STORE_MUST_EXIST = 1 << 1	/* do not create a missing store */
};

/*
 * The store's path: opt (from --db) when not NULL, else $TS_DB, else
 * $XDG_DATA_HOME/ts/ts.db, else $HOME/.local/share/ts/ts.db.  Appends it to
 * out.  Fails when none can be determined.
 */
int ts_store_path(const char *opt, struct ts_buf *out, struct ts_error *err);

/*
 * Opens (creating it, and its directory with mode 0700, unless a flag says
 * otherwise) and migrates the store.  The busy timeout is $TS_BUSY_TIMEOUT
 * milliseconds, else 10000.  Returns NULL with err set.
 */
struct ts_store *ts_store_open(const char *path, unsigned flags,
    struct ts_error *err);
void ts_store_close(struct ts_store *s);

/* The schema version this program writes, and the store's. */
int ts_store_schema_latest(void);
int ts_store_schema_version(struct ts_store *s);

/*
 * BEGIN IMMEDIATE / COMMIT / ROLLBACK.  Rollback never fails.  A commit
 * that fails (busy, disk full) leaves the transaction open: roll it back.
 */
int ts_store_begin(struct ts_store *s, struct ts_error *err);
int ts_store_commit(struct ts_store *s, struct ts_error *err);
void ts_store_rollback(struct ts_store *s);

/* ---- calls ---- */

enum ts_store_put {
	TS_PUT_ADDED,		/* a new row */
	TS_PUT_UPDATED,		/* an existing row changed */
	TS_PUT_SAME		/* already there, nothing changed */
};

/*
 * Stores one call, unique on (source, call_id).  When the call is already
 * there, the two are merged with ts_call_merge (so a leg that arrives in a
 * later file completes its call, and importing the same file again changes
 * nothing).  Must be inside ts_store_begin/commit.
 */
int ts_store_call_put(struct ts_store *s, const struct ts_call *c,
    int64_t now, enum ts_store_put *result, struct ts_error *err);

/*
 * Says that many calls are about to be put in this transaction.  When the
 * store holds no call yet (the first import of a history), the secondary
 * indexes of calls are dropped now and built again by ts_store_commit:
 * one sort is faster than a million inserts in random order.  Rolling back
 * restores them with everything else.  Must be inside ts_store_begin.
 */
int ts_store_calls_bulk(struct ts_store *s, struct ts_error *err);

/*
 * Begins a transaction that will put many calls: ts_store_begin, then
 * ts_store_calls_bulk.  Into a store that holds no call, the transaction
 * also writes through a rollback journal instead of the WAL when no other
 * connection has the store open (every page written once, not twice);
 * WAL mode is back when it commits or rolls back.
 */
int ts_store_begin_bulk(struct ts_store *s, struct ts_error *err);

/* A text filter that is NULL or "" does not filter. */
struct ts_call_query {
	const char *client;	/* NULL: every client */
	int64_t from;		/* start >= from; INT64_MIN: open */
	int64_t to;		/* start < to; INT64_MAX: open */
	const char *caller;	/* NULL, or an E.164 number */
	const char *call_id;	/* NULL, or one call id (any source) */
};

/*
 * Calls fn for each matching call in order of start, then source and
 * call_id.  fn returns 0 to go on, non-zero to stop (that value is then
 * returned).  Returns -1 with err set on a store error.
 */
int ts_store_calls_each(struct ts_store *s, const struct ts_call_query *q,
    int (*fn)(const struct ts_call *c, void *ctx), void *ctx,
    struct ts_error *err);

/* ---- contacts ---- */

#define TS_CONTACT_PHONES 4

struct ts_contact {
	int64_t id;			/* 0 until stored */
	char client[64];
	char ext_id[128];		/* id in the source (vCard UID); "" none */
	char name[128];			/* as shown: "Dr Jeanne Martin" */
	char first_name[64];
	char last_name[64];
	char company[128];
	char email[128];
	char phones[TS_CONTACT_PHONES][TS_PHONE_MAX];	/* E.164 or extension */
	char phone_labels[TS_CONTACT_PHONES][16];	/* "mobile", "work", ... */
	int nphones;
	char tags[256];			/* comma-separated, lowercase: "vip,patient" */
	char note[1024];
};

/*
 * Inserts or updates a contact of c->client: the same ext_id, else a
 * stored contact of that client with one of the same phone numbers, is
 * updated (fields that are empty in c are kept); otherwise a new contact is
 * added.  A number matches only when c or the stored contact has no ext_id:
 * two different ext_ids are two people, even on one landline.  Numbers are
 * united (over TS_CONTACT_PHONES, stored numbers that c lacks make room,
 * oldest first), tags too.  Sets c->id.  Must be inside
 * ts_store_begin/commit; c->client must not be empty.
 */
int ts_store_contact_put(struct ts_store *s, struct ts_contact *c,
    int64_t now, enum ts_store_put *result, struct ts_error *err);

/*
 * Finds the contact of `client` with phone number e164 (the oldest, when
 * several share it).  Returns 1 and fills *c when found, 0 when not, -1 on
 * error.
 */
int ts_store_contact_by_phone(struct ts_store *s, const char *client,
    const char *e164, struct ts_contact *c, struct ts_error *err);

/* Calls fn for each contact of client (NULL: all) by name. */
int ts_store_contacts_each(struct ts_store *s, const char *client,
    int (*fn)(const struct ts_contact *c, void *ctx), void *ctx,
    struct ts_error *err);

/* ---- the agenda (ts-agenda): bookings, busy time, CalDAV, reminders ---- */

enum ts_booking_status {
	TS_BOOKING_CONFIRMED,
	TS_BOOKING_CANCELLED
};

/* "confirmed", "cancelled". */
const char *ts_booking_status_name(enum ts_booking_status s);

struct ts_booking {
	int64_t id;			/* 0 until stored */
	char client[64];
	char uid[128];			/* iCalendar UID, stable */
	int64_t sequence;		/* iCalendar SEQUENCE: +1 per change */
	enum ts_booking_status status;
	char type[64];			/* appointment type */
	int64_t start;
	int64_t end;			/* excluded */
	char name[128];			/* the patient */
	char phone[TS_PHONE_MAX];	/* E.164 */
	char email[128];
	char note[1024];
	char href[512];			/* CalDAV resource; "" not pushed */
	char etag[128];			/* its etag when last pushed or seen */
	int64_t pushed_seq;		/* sequence last pushed; -1 never */
	char remote_etag[128];		/* the server's etag in a conflict */
	char conflict[256];		/* why it is not pushed; "" none */
	int64_t created_at;
	int64_t updated_at;
};

/*
 * Is [from, to) free for a booking of client: no confirmed booking (other
 * than booking `except`, 0 for none) within `buffer` seconds of it, and no
 * busy block over it (other than those of ref except_href, the server's
 * copy of the booking; NULL for none)?  Returns 1 when free, 0 when taken,
 * -1 on error.  Call it inside the ts_store_begin/commit that inserts, so
 * that nobody books the slot in between.
 */
int ts_store_agenda_is_free(struct ts_store *s, const char *client,
    int64_t from, int64_t to, int64_t buffer, int64_t except,
    const char *except_href, struct ts_error *err);

/*
 * Adds b (sets b->id, created_at and updated_at to now).  The store also
 * refuses overlapping confirmed bookings of a client on its own (a
 * trigger, and a unique index on the start): that refusal is TS_EXIT_NO,
 * "the slot is taken".  Must be inside ts_store_begin/commit.
 */
int ts_store_booking_add(struct ts_store *s, struct ts_booking *b,
    int64_t now, struct ts_error *err);
/* Writes every field of b back (by b->id); updated_at becomes now. */
int ts_store_booking_update(struct ts_store *s, struct ts_booking *b,
    int64_t now, struct ts_error *err);
/* Finds a booking by id (uid NULL) or by uid; 1 found, 0 not, -1 error. */
int ts_store_booking_get(struct ts_store *s, int64_t id, const char *uid,
    struct ts_booking *b, struct ts_error *err);

/* Bookings of client (NULL: all) starting in [from, to), by start. */
int ts_store_bookings_each(struct ts_store *s, const char *client,
    int64_t from, int64_t to,
    int (*fn)(const struct ts_booking *b, void *ctx), void *ctx,
    struct ts_error *err);

/*
 * The time of client taken in [from, to): each confirmed booking widened
 * by buffer on both sides (kind 0) and each busy block (kind 1), in order
 * of start.  fn returns 0 to go on.
 */
int ts_store_agenda_taken(struct ts_store *s, const char *client,
    int64_t from, int64_t to, int64_t buffer,
    int (*fn)(int64_t from, int64_t to, int kind, void *ctx), void *ctx,
    struct ts_error *err);

/*
 * Busy blocks imported from the client's own calendar, by source ("import"
 * for files and URLs, "caldav" for a sync, or a name given by the user)
 * and ref (the event's UID, or its CalDAV href).  Clear removes those of
 * the source, or of one ref of it when ref is not NULL.  Both must be
 * inside ts_store_begin/commit.
 */
int ts_store_busy_clear(struct ts_store *s, const char *client,
    const char *source, const char *ref, struct ts_error *err);
int ts_store_busy_add(struct ts_store *s, const char *client,
    const char *source, const char *ref, int64_t from, int64_t to,
    int64_t now, struct ts_error *err);
/* Busy blocks of client (NULL: all) overlapping [from, to), by start. */
int ts_store_busy_each(struct ts_store *s, const char *client,
    int64_t from, int64_t to,
    int (*fn)(const char *client, const char *source, const char *ref,
    int64_t from, int64_t to, void *ctx), void *ctx, struct ts_error *err);

/* What a CalDAV sync remembers of a client's collection. */
struct ts_caldav_state {
	char url[512];		/* the collection it is about */
	char sync_token[512];	/* RFC 6578 token; "" none */
	char ctag[256];		/* getctag; "" none */
	int64_t synced_at;	/* TS_TIME_NONE: never */
};

/* 1 and *st filled when the client has a state, 0 when not, -1 error. */
int ts_store_caldav_get(struct ts_store *s, const char *client,
    struct ts_caldav_state *st, struct ts_error *err);
int ts_store_caldav_put(struct ts_store *s, const char *client,
    const struct ts_caldav_state *st, struct ts_error *err);
/* Forgets the state and every remote item of client (a full resync). */
int ts_store_caldav_reset(struct ts_store *s, const char *client,
    struct ts_error *err);

/* One resource of the collection as last seen: href, etag, its UID. */
int ts_store_caldav_item_get(struct ts_store *s, const char *client,
    const char *href, char etag[128], char uid[128], struct ts_error *err);
int ts_store_caldav_item_put(struct ts_store *s, const char *client,
    const char *href, const char *etag, const char *uid,
    struct ts_error *err);
int ts_store_caldav_item_del(struct ts_store *s, const char *client,
    const char *href, struct ts_error *err);
/* Each known href of client; fn returns 0 to go on. */
int ts_store_caldav_items_each(struct ts_store *s, const char *client,
    int (*fn)(const char *href, const char *etag, const char *uid,
    void *ctx), void *ctx, struct ts_error *err);

/*
 * Records that a message of kind ("reminder", "confirmation",
 * "cancellation") went out for booking id at start: 1 when it is new, 0
 * when it was already recorded (nothing to send again).  Must be inside
 * ts_store_begin/commit.
 */
int ts_store_reminder_mark(struct ts_store *s, int64_t booking,
    const char *kind, int64_t start, int64_t now, struct ts_error *err);
/* 1 when recorded, 0 when not. */
int ts_store_reminder_sent(struct ts_store *s, int64_t booking,
    const char *kind, int64_t start, struct ts_error *err);

/* ---- escalations (ts-route) ---- */

enum ts_esc_status {
	TS_ESC_OPEN,		/* waiting for an acknowledgement */
	TS_ESC_ACKNOWLEDGED,	/* someone took it */
	TS_ESC_EXHAUSTED	/* the chain ran out, nobody took it */
};

/* "open", "acknowledged", "exhausted". */
const char *ts_escalation_status_name(enum ts_esc_status st);

/* The follow-up of one call escalated to an on-call rota. */
struct ts_escalation {
	int64_t id;			/* 0 until stored */
	char client[64];
	char call_ref[TS_CALL_ID_MAX];	/* the call's id, or a digest */
	char rota[64];
	char rule[64];			/* the rule that escalated */
	char caller[TS_PHONE_MAX];	/* "" when withheld */
	char reason[64];
	int64_t call_at;
	int step;			/* the chain's step alerted last */
	char alerted[TS_PHONE_MAX];	/* the number it alerted */
	int64_t next_at;		/* the next step is due; TS_TIME_NONE
					 * once closed */
	enum ts_esc_status status;
	int64_t acked_at;		/* TS_TIME_NONE unless acknowledged */
	char acked_by[64];
	int64_t created_at;
	int64_t updated_at;
};

/*
 * Records e as open, unless the client already has one for e->call_ref
 * (then *added is 0 and nothing changes).  Sets e->id when added.  Must be
 * inside ts_store_begin/commit.
 */
int ts_store_escalation_add(struct ts_store *s, struct ts_escalation *e,
    int64_t now, int *added, struct ts_error *err);

/*
 * Calls fn for each open escalation of client (NULL: every client) whose
 * next step is due by due_by (INT64_MAX: all open ones), by due time.  fn
 * returns non-zero to stop.
 */
int ts_store_escalations_each(struct ts_store *s, const char *client,
    int64_t due_by, int (*fn)(const struct ts_escalation *e, void *ctx),
    void *ctx, struct ts_error *err);

/* Stores e's step, alerted, next_at and status.  Inside a transaction. */
int ts_store_escalation_update(struct ts_store *s,
    const struct ts_escalation *e, int64_t now, struct ts_error *err);

/*
 * Acknowledges the open escalation id (id > 0), or every open one of
 * client, or with both, id if it is client's; by (may be NULL) says who.
 * *count is how many were acknowledged.  Inside a transaction.
 */
int ts_store_escalation_ack(struct ts_store *s, int64_t id,
    const char *client, const char *by, int64_t now, long *count,
    struct ts_error *err);

#endif
