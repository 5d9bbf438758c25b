/*
 * ts_store_gdpr.h - the store's side of ts-export and ts-purge: the SQL of
 * each data class behind one generic interface, the audit trail, legal
 * holds, export bookkeeping, and the steps that make deleted bytes go
 * (WAL checkpoint with truncation, VACUUM).
 *
 * A data class (calls, contacts, bookings, busy time, messages,
 * deliveries, escalations, the audit) is described twice: its SQL here, as
 * a struct ts_store_class defined in the ts_store_*.c file of the feature
 * that owns the table, and its meaning (fields, retention, formats) in the
 * registry of lib/ts_gdpr.c, which points at the struct.  Every statement
 * of a class binds the same parameters: ?1 the client id (NULL for calls
 * that no client owns), ?2 the key (an E.164 number, a lowercase e-mail
 * address or a name to match), ?3 a cutoff instant, ?4 a channel (the
 * TS_OP_SENT_* of a class with sent_channels).  A statement may use
 * any of them.  A class leaves NULL the operations it has no use for.
 *
 * Rows come back as the row id followed by the class's columns, in the
 * order of the registry's fields; messages never hold stored values.
 */
#ifndef TS_STORE_GDPR_H
#define TS_STORE_GDPR_H

#include <stddef.h>
#include <stdint.h>

#include "ts_buf.h"
#include "ts_err.h"
#include "ts_store.h"

/* What one statement of a class does. */
enum ts_store_op {
	TS_OP_ROWS_CLIENT,	/* rows of client ?1 */
	TS_OP_ROWS_PHONE,	/* rows of client ?1 about number ?2 */
	TS_OP_ROWS_EMAIL,	/* ... about address ?2 */
	TS_OP_ROWS_NAME,	/* ... whose name matches ?2 (ts_fold) */
	TS_OP_DELETE_PHONE,	/* deletes ROWS_PHONE */
	TS_OP_DELETE_EMAIL,
	TS_OP_DELETE_CLIENT,
	TS_OP_COUNT_EXPIRED,	/* older than ?3, none held: see ts-purge(1) */
	TS_OP_DELETE_EXPIRED,
	TS_OP_LAST_CHANGE,	/* latest change of client ?1's rows */
	TS_OP_CLIENTS,		/* (client, count) of every client */
	TS_OP_SENT_PHONE,	/* count of ROWS_PHONE already copied */
	TS_OP_SENT_EMAIL,	/* outside the store (art. 19) */
	TS_OP_NCOUNT
};

/* The SQL of one data class; ncols columns after the row id. */
struct ts_store_class {
	const char *table;		/* for messages */
	size_t ncols;
	const char *sql[TS_OP_NCOUNT];	/* NULL: not for this class */
	/* Where TS_OP_SENT_* copies went ("caldav", "email", "sms"). */
	const char *sent_to;
	/*
	 * Or, when copies go through several channels (the outbox): the
	 * TS_OP_SENT_* statements count one channel, ?4, and are run for
	 * each of these (NULL-terminated).
	 */
	const char *const *sent_channels;
	/*
	 * Run after a purge that deleted rows of the class, outside its
	 * transaction, before the checkpoint: for a full-text index,
	 * "INSERT INTO x_fts(x_fts) VALUES('optimize')", since FTS keeps
	 * deleted tokens in its segments (VACUUM does not remove them, and
	 * SQLite 3.40 has no FTS5 secure-delete).  NULL: nothing to do.
	 */
	const char *optimize;
};

extern const struct ts_store_class ts_store_class_calls;
extern const struct ts_store_class ts_store_class_contacts;
extern const struct ts_store_class ts_store_class_bookings;
extern const struct ts_store_class ts_store_class_busy;
extern const struct ts_store_class ts_store_class_audit;
extern const struct ts_store_class ts_store_class_messages;
extern const struct ts_store_class ts_store_class_deliveries;
extern const struct ts_store_class ts_store_class_escalations;

/* One value of a row: NULL, an integer or text (not NUL-terminated). */
struct ts_store_val {
	int null;
	int64_t i;
	const char *s;
	size_t len;
};

/* Valid during the callback only. */
struct ts_store_row {
	int64_t id;
	size_t n;
	const struct ts_store_val *v;
};

/* The parameters every statement may bind. */
struct ts_store_args {
	const char *client;	/* NULL: calls without a client */
	const char *key;
	int64_t cutoff;
	const char *channel;	/* ?4 of TS_OP_SENT_* with sent_channels */
};

/*
 * Runs a row operation; calls fn for each row until it returns non-zero
 * (then that value is returned).  -1 with err set on a store error.
 */
int ts_store_class_rows(struct ts_store *s, const struct ts_store_class *c,
    enum ts_store_op op, const struct ts_store_args *a,
    int (*fn)(const struct ts_store_row *r, void *ctx), void *ctx,
    struct ts_error *err);

/*
 * Runs a count, delete or last-change operation: *n is the count, the
 * number of rows deleted, or the latest instant (TS_TIME_NONE for none).
 * Deletions must be inside ts_store_begin/commit.
 */
int ts_store_class_run(struct ts_store *s, const struct ts_store_class *c,
    enum ts_store_op op, const struct ts_store_args *a, int64_t *n,
    struct ts_error *err);

/*
 * Calls fn with each client id that has rows in class c and their
 * number (TS_OP_CLIENTS), until fn returns non-zero.
 */
int ts_store_class_clients(struct ts_store *s, const struct ts_store_class *c,
    int (*fn)(const char *client, int64_t n, void *ctx), void *ctx,
    struct ts_error *err);

/*
 * Appends SQLite's query plan of an operation to out, one line per step
 * ("SEARCH calls USING INDEX calls_caller_start (caller=?)"), for tests
 * that keep every lookup on an index.
 */
int ts_store_class_plan(struct ts_store *s, const struct ts_store_class *c,
    enum ts_store_op op, struct ts_buf *out, struct ts_error *err);

/* ---- the audit trail: never personal data ---- */

struct ts_audit {
	int64_t at;
	const char *tool;	/* "ts-purge" */
	const char *command;	/* "retention", "subject", "client", ... */
	const char *client;	/* NULL: every client or none */
	const char *dclass;	/* data class; NULL for the whole command */
	int64_t count;
	int64_t cutoff;		/* TS_TIME_NONE when not a retention */
	int64_t request_date;	/* a subject's request; TS_TIME_NONE */
	const char *ref;	/* the operator's request reference, or NULL */
	const char *outcome;	/* "done", "held", ... */
};

/* Adds a row (inside a transaction); the version is this program's. */
int ts_store_audit_add(struct ts_store *s, const struct ts_audit *a,
    struct ts_error *err);

/* Calls fn for the rows of client (NULL: all) with at in [from, to). */
int ts_store_audit_each(struct ts_store *s, const char *client,
    int64_t from, int64_t to,
    int (*fn)(const struct ts_store_row *r, void *ctx), void *ctx,
    struct ts_error *err);

/* ---- legal holds on one person's data, per client ---- */

/* kind is "phone" or "email"; value its normal form. */
int ts_store_hold_set(struct ts_store *s, const char *client,
    const char *kind, const char *value, const char *ref, int64_t now,
    int on, int *changed, struct ts_error *err);
/* 1 when held, 0 when not, -1 on error. */
int ts_store_hold_get(struct ts_store *s, const char *client,
    const char *kind, const char *value, struct ts_error *err);
/* The number of holds of client (NULL: all). */
int ts_store_hold_count(struct ts_store *s, const char *client, int64_t *n,
    struct ts_error *err);

/* ---- the last full export of each client ---- */

int ts_store_export_set(struct ts_store *s, const char *client, int64_t at,
    const char *sha256, struct ts_error *err);
/* *at is TS_TIME_NONE when the client was never exported. */
int ts_store_export_get(struct ts_store *s, const char *client, int64_t *at,
    char sha256[65], struct ts_error *err);

/* ---- making deleted bytes go ---- */

/*
 * PRAGMA wal_checkpoint(TRUNCATE), tried `tries` times (each waits for the
 * busy timeout, then a pause that doubles from 100 ms) while a reader
 * keeps it from finishing.  Returns 0 when the WAL is empty, 1 when
 * readers kept it busy every time (deleted data may remain in the -wal
 * file), -1 with err set on an error.
 */
int ts_store_checkpoint(struct ts_store *s, int tries, struct ts_error *err);

/* Runs c->optimize, if any (outside transactions). */
int ts_store_class_optimize(struct ts_store *s,
    const struct ts_store_class *c, struct ts_error *err);

/* VACUUM: rebuilds the file without free pages (outside transactions). */
int ts_store_vacuum(struct ts_store *s, struct ts_error *err);

#endif
