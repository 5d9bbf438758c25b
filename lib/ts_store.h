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
