/*
 * ts_store_msg.c - the SQL of messages and the outbox (ts_store_msg.h),
 * and migration 2 that creates their tables.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ts_mem.h"
#include "ts_store_impl.h"
#include "ts_store_msg.h"
#include "ts_time.h"
#include "banned.h"

/*
 * Version 2: messages and deliveries.
 *
 * messages: what was taken, once per (client, ref) when ref is set (the
 * partial unique index makes a second `ts-msg add` of the same ref store
 * nothing).  deliveries: one per recipient, the outbox, unique on (message,
 * channel, recipient), which also serves a message's deliveries; deleting a
 * message deletes its deliveries.  The due index serves the claim, which looks
 * for pending rows due by now and sending rows whose lease is over.
 */
const char ts_store_schema_msg[] =
	"CREATE TABLE messages (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  client TEXT NOT NULL CONSTRAINT client_not_empty\n"
	"      CHECK (client <> ''),\n"
	"  kind TEXT NOT NULL CONSTRAINT kind_name CHECK (\n"
	"      kind = 'message' OR kind = 'reminder' OR\n"
	"      kind = 'confirmation'),\n"
	"  urgent INTEGER NOT NULL CHECK (urgent = 0 OR urgent = 1),\n"
	"  ref TEXT,\n"
	"  caller TEXT,\n"
	"  caller_name TEXT,\n"
	"  caller_email TEXT,\n"
	"  taken_by TEXT,\n"
	"  reason TEXT,\n"
	"  notify TEXT,\n"
	"  call_id TEXT,\n"
	"  start INTEGER,\n"
	"  subject TEXT,\n"
	"  body TEXT,\n"
	"  created_at INTEGER NOT NULL\n"
	") STRICT;\n"
	"CREATE UNIQUE INDEX messages_client_ref ON messages (client, ref)\n"
	"    WHERE ref IS NOT NULL;\n"
	"CREATE INDEX messages_client_created ON messages (client, created_at);\n"
	"CREATE INDEX messages_caller ON messages (caller);\n"
	"\n"
	"CREATE TABLE deliveries (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  message INTEGER NOT NULL REFERENCES messages (id)\n"
	"      ON DELETE CASCADE,\n"
	"  client TEXT NOT NULL,\n"
	"  channel TEXT NOT NULL CONSTRAINT channel_name CHECK (\n"
	"      channel = 'email' OR channel = 'sms' OR channel = 'webhook'),\n"
	"  recipient TEXT NOT NULL CONSTRAINT recipient_not_empty\n"
	"      CHECK (recipient <> ''),\n"
	"  digest INTEGER NOT NULL CHECK (digest = 0 OR digest = 1),\n"
	"  state TEXT NOT NULL CONSTRAINT state_name CHECK (\n"
	"      state = 'pending' OR state = 'sending' OR state = 'sent' OR\n"
	"      state = 'failed' OR state = 'dead' OR state = 'cancelled'),\n"
	"  attempts INTEGER NOT NULL,\n"
	"  next_at INTEGER NOT NULL,\n"
	"  lease_until INTEGER,\n"
	"  worker TEXT,\n"
	"  code INTEGER,\n"
	"  error TEXT,\n"
	"  created_at INTEGER NOT NULL,\n"
	"  sent_at INTEGER,\n"
	"  updated_at INTEGER NOT NULL\n"
	") STRICT;\n"
	"CREATE UNIQUE INDEX deliveries_once\n"
	"    ON deliveries (message, channel, recipient);\n"
	"CREATE INDEX deliveries_due ON deliveries (state, next_at);\n";

static const char *const dstate_names[TS_D_COUNT] = {
	"pending", "sending", "sent", "failed", "dead", "cancelled"
};

const char *
ts_dstate_name(enum ts_dstate st)
{
	return (unsigned)st < TS_D_COUNT ? dstate_names[st] : "?";
}

int
ts_dstate_parse(const char *s, enum ts_dstate *st)
{
	int i;

	for (i = 0; i < TS_D_COUNT; i++)
		if (s && strcmp(s, dstate_names[i]) == 0) {
			*st = (enum ts_dstate)i;
			return 0;
		}
	return -1;
}

const char *
ts_msg_status_name(const struct ts_msg_status *ms)
{
	if (ms->n[TS_D_PENDING] || ms->n[TS_D_SENDING])
		return "pending";
	if (ms->n[TS_D_DEAD])
		return "dead";
	if (ms->n[TS_D_FAILED])
		return "failed";
	if (ms->n[TS_D_SENT])
		return "sent";
	if (ms->n[TS_D_CANCELLED])
		return "cancelled";
	return "none";
}

/* ---- messages ---- */

static const char sql_msg_insert[] =
	"INSERT INTO messages (client, kind, urgent, ref, caller, caller_name,"
	" caller_email, taken_by, reason, notify, call_id, start, subject,"
	" body, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
	" ?11, ?12, ?13, ?14, ?15)"
	" ON CONFLICT (client, ref) WHERE ref IS NOT NULL DO NOTHING";

#define MSG_COLS \
	"m.id, m.client, m.kind, m.urgent, m.ref, m.caller, m.caller_name," \
	" m.caller_email, m.taken_by, m.reason, m.notify, m.call_id," \
	" m.start, m.subject, m.body, m.created_at"

static const char sql_msg_get[] =
	"SELECT " MSG_COLS " FROM messages m WHERE m.id = ?1";

/* Messages with the counts of their deliveries by state. */
static const char sql_msgs[] =
	"SELECT " MSG_COLS ", count(d.id),"
	" coalesce(sum(d.state = 'pending'), 0),"
	" coalesce(sum(d.state = 'sending'), 0),"
	" coalesce(sum(d.state = 'sent'), 0),"
	" coalesce(sum(d.state = 'failed'), 0),"
	" coalesce(sum(d.state = 'dead'), 0),"
	" coalesce(sum(d.state = 'cancelled'), 0)"
	" FROM messages m LEFT JOIN deliveries d ON d.message = m.id"
	" WHERE (?1 IS NULL OR m.client = ?1) AND m.created_at >= ?2"
	" AND m.created_at < ?3"
	" GROUP BY m.id ORDER BY m.created_at, m.id";

static int
bind_msg(sqlite3_stmt *st, const struct ts_msg *m)
{
	return ts_store_bind_text(st, 1, m->client, sizeof m->client) |
	    sqlite3_bind_text(st, 2, ts_msg_kind_name(m->kind), -1,
	    SQLITE_STATIC) |
	    sqlite3_bind_int(st, 3, m->urgent ? 1 : 0) |
	    ts_store_bind_text(st, 4, m->ref, sizeof m->ref) |
	    ts_store_bind_text(st, 5, m->caller, sizeof m->caller) |
	    ts_store_bind_text(st, 6, m->caller_name, sizeof m->caller_name) |
	    ts_store_bind_text(st, 7, m->caller_email,
	    sizeof m->caller_email) |
	    ts_store_bind_text(st, 8, m->taken_by, sizeof m->taken_by) |
	    ts_store_bind_text(st, 9, m->reason, sizeof m->reason) |
	    ts_store_bind_text(st, 10, m->notify, sizeof m->notify) |
	    ts_store_bind_text(st, 11, m->call_id, sizeof m->call_id) |
	    ts_store_bind_time(st, 12, m->start) |
	    ts_store_bind_text(st, 13, m->subject, SIZE_MAX) |
	    ts_store_bind_text(st, 14, m->body, SIZE_MAX) |
	    ts_store_bind_time(st, 15, m->created);
}

int
ts_store_msg_add(struct ts_store *s, struct ts_msg *m,
    struct ts_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (ts_store_need_tx(s, "store message", err) < 0)
		return -1;
	if (!(st = ts_store_stmt(s, TS_SQL_MSG_INSERT, sql_msg_insert, err)))
		return -1;
	if ((rc = bind_msg(st, m)) != SQLITE_OK) {
		ts_store_done(s, st);
		return ts_store_fail(s, rc, "store message", err);
	}
	if (ts_store_exec(s, st, "store message", err) < 0)
		return -1;
	if (sqlite3_changes(s->db) == 0)
		return 0;
	m->id = sqlite3_last_insert_rowid(s->db);
	return 1;
}

static void
col_text_dup(sqlite3_stmt *st, int i, char **dst)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	int n = sqlite3_column_bytes(st, i);

	free(*dst);
	*dst = ts_xstrndup(t ? (const char *)t : "", t && n > 0 ?
	    (size_t)n : 0);
}

static void
read_msg(sqlite3_stmt *st, struct ts_msg *m)
{
	char kind[16];

	m->id = sqlite3_column_int64(st, 0);
	ts_store_col_text(st, 1, m->client, sizeof m->client);
	ts_store_col_text(st, 2, kind, sizeof kind);
	if (ts_msg_kind_parse(kind, strlen(kind), &m->kind) < 0)
		m->kind = TS_KIND_MESSAGE;
	m->urgent = sqlite3_column_int(st, 3);
	ts_store_col_text(st, 4, m->ref, sizeof m->ref);
	ts_store_col_text(st, 5, m->caller, sizeof m->caller);
	ts_store_col_text(st, 6, m->caller_name, sizeof m->caller_name);
	ts_store_col_text(st, 7, m->caller_email, sizeof m->caller_email);
	ts_store_col_text(st, 8, m->taken_by, sizeof m->taken_by);
	ts_store_col_text(st, 9, m->reason, sizeof m->reason);
	ts_store_col_text(st, 10, m->notify, sizeof m->notify);
	ts_store_col_text(st, 11, m->call_id, sizeof m->call_id);
	m->start = ts_store_col_time(st, 12);
	col_text_dup(st, 13, &m->subject);
	col_text_dup(st, 14, &m->body);
	m->created = ts_store_col_time(st, 15);
}

int
ts_store_msg_get(struct ts_store *s, int64_t id, struct ts_msg *m,
    struct ts_error *err)
{
	sqlite3_stmt *st;
	int rc, found = 0;

	if (!(st = ts_store_stmt(s, TS_SQL_MSG_GET, sql_msg_get, err)))
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_msg(st, m);
		found = 1;
	} else if (rc != SQLITE_DONE) {
		ts_store_done(s, st);
		return ts_store_fail(s, rc, "read message", err);
	}
	ts_store_done(s, st);
	return found;
}

int
ts_store_msgs_each(struct ts_store *s, const struct ts_msg_query *q,
    int (*fn)(const struct ts_msg *m, const struct ts_msg_status *ms,
    void *ctx), void *ctx, struct ts_error *err)
{
	struct ts_msg_status ms;
	struct ts_msg m;
	sqlite3_stmt *st;
	int rc, ret = 0, i;

	if (!(st = ts_store_stmt(s, TS_SQL_MSGS, sql_msgs, err)))
		return -1;
	ts_store_bind_text(st, 1, q->client, SIZE_MAX);
	sqlite3_bind_int64(st, 2, q->from);
	sqlite3_bind_int64(st, 3, q->to);
	ts_msg_init(&m);
	while (ret == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_msg(st, &m);
		memset(&ms, 0, sizeof ms);
		ms.total = sqlite3_column_int(st, 16);
		for (i = 0; i < TS_D_COUNT; i++)
			ms.n[i] = sqlite3_column_int(st, 17 + i);
		if (q->status && strcmp(q->status, ts_msg_status_name(&ms)))
			continue;
		ret = fn(&m, &ms, ctx);
	}
	ts_msg_release(&m);
	if (ret == 0 && rc != SQLITE_DONE)
		ret = ts_store_fail(s, rc, "read messages", err);
	ts_store_done(s, st);
	return ret;
}

/* ---- deliveries ---- */

static const char sql_d_insert[] =
	"INSERT INTO deliveries (message, client, channel, recipient, digest,"
	" state, attempts, next_at, created_at, updated_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, 'pending', 0, ?6, ?7, ?7)";

#define D_COLS \
	"id, message, client, channel, recipient, digest, state, attempts," \
	" next_at, lease_until, created_at, sent_at, code, error"

static const char sql_d_get[] =
	"SELECT " D_COLS " FROM deliveries WHERE id = ?1";

static const char sql_d_each[] =
	"SELECT " D_COLS " FROM deliveries"
	" WHERE (?1 = 0 OR message = ?1) AND (?2 IS NULL OR state = ?2)"
	" AND (?3 IS NULL OR client = ?3) ORDER BY id";

int
ts_store_delivery_add(struct ts_store *s, struct ts_delivery *d,
    struct ts_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (ts_store_need_tx(s, "store delivery", err) < 0)
		return -1;
	if (!(st = ts_store_stmt(s, TS_SQL_D_INSERT, sql_d_insert, err)))
		return -1;
	rc = sqlite3_bind_int64(st, 1, d->message) |
	    ts_store_bind_text(st, 2, d->client, sizeof d->client) |
	    sqlite3_bind_text(st, 3, ts_channel_name(d->ch), -1,
	    SQLITE_STATIC) |
	    ts_store_bind_text(st, 4, d->to, sizeof d->to) |
	    sqlite3_bind_int(st, 5, d->digest ? 1 : 0) |
	    sqlite3_bind_int64(st, 6, d->next_at) |
	    sqlite3_bind_int64(st, 7, d->created);
	if (rc != SQLITE_OK) {
		ts_store_done(s, st);
		return ts_store_fail(s, rc, "store delivery", err);
	}
	if (ts_store_exec(s, st, "store delivery", err) < 0)
		return -1;
	d->id = sqlite3_last_insert_rowid(s->db);
	d->state = TS_D_PENDING;
	return 0;
}

static void
read_delivery(sqlite3_stmt *st, struct ts_delivery *d)
{
	char buf[16];

	memset(d, 0, sizeof *d);
	d->id = sqlite3_column_int64(st, 0);
	d->message = sqlite3_column_int64(st, 1);
	ts_store_col_text(st, 2, d->client, sizeof d->client);
	ts_store_col_text(st, 3, buf, sizeof buf);
	if (ts_channel_parse(buf, strlen(buf), &d->ch) < 0)
		d->ch = TS_CH_EMAIL;
	ts_store_col_text(st, 4, d->to, sizeof d->to);
	d->digest = sqlite3_column_int(st, 5);
	ts_store_col_text(st, 6, buf, sizeof buf);
	if (ts_dstate_parse(buf, &d->state) < 0)
		d->state = TS_D_PENDING;
	d->attempts = sqlite3_column_int(st, 7);
	d->next_at = sqlite3_column_int64(st, 8);
	d->lease_until = ts_store_col_time(st, 9);
	d->created = ts_store_col_time(st, 10);
	d->sent_at = ts_store_col_time(st, 11);
	d->code = sqlite3_column_int(st, 12);
	ts_store_col_text(st, 13, d->error, sizeof d->error);
}

int
ts_store_delivery_get(struct ts_store *s, int64_t id, struct ts_delivery *d,
    struct ts_error *err)
{
	sqlite3_stmt *st;
	int rc, found = 0;

	if (!(st = ts_store_stmt(s, TS_SQL_D_GET, sql_d_get, err)))
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_delivery(st, d);
		found = 1;
	} else if (rc != SQLITE_DONE) {
		ts_store_done(s, st);
		return ts_store_fail(s, rc, "read delivery", err);
	}
	ts_store_done(s, st);
	return found;
}

int
ts_store_deliveries_each(struct ts_store *s, int64_t msg,
    enum ts_dstate state, const char *client,
    int (*fn)(const struct ts_delivery *d, void *ctx), void *ctx,
    struct ts_error *err)
{
	struct ts_delivery d;
	sqlite3_stmt *st;
	int rc, ret = 0;

	if (!(st = ts_store_stmt(s, TS_SQL_D_EACH, sql_d_each, err)))
		return -1;
	sqlite3_bind_int64(st, 1, msg);
	if (state < TS_D_COUNT)
		sqlite3_bind_text(st, 2, ts_dstate_name(state), -1,
		    SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 2);
	ts_store_bind_text(st, 3, client, SIZE_MAX);
	while (ret == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_delivery(st, &d);
		ret = fn(&d, ctx);
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = ts_store_fail(s, rc, "read deliveries", err);
	ts_store_done(s, st);
	return ret;
}

/* ---- the outbox ---- */

static const char sql_claim[] =
	"UPDATE deliveries SET state = 'sending', worker = ?3,"
	" lease_until = ?1 + ?2, attempts = attempts + 1, updated_at = ?1"
	" WHERE id IN (SELECT id FROM deliveries"
	"  WHERE (state = 'pending' AND next_at <= ?1)"
	"     OR (state = 'sending' AND lease_until <= ?1)"
	/* A digest's deliveries side by side, so that a batch rarely
	 * splits one. */
	"  ORDER BY next_at, digest, client, channel, recipient, id"
	"  LIMIT ?4)"
	" RETURNING id";

static const char sql_done[] =
	"UPDATE deliveries SET state = ?3, next_at = coalesce(?4, next_at),"
	" code = ?5, error = ?6, updated_at = ?7,"
	" sent_at = CASE WHEN ?3 = 'sent' THEN ?7 ELSE sent_at END,"
	" lease_until = NULL, worker = NULL"
	" WHERE id = ?1 AND state = 'sending' AND worker = ?2";

static int
cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

int
ts_store_outbox_claim(struct ts_store *s, int64_t now, int64_t lease,
    const char *worker, size_t max, int64_t *ids, size_t *n,
    struct ts_error *err)
{
	sqlite3_stmt *st;
	int rc;

	*n = 0;
	if (ts_store_begin(s, err) < 0)
		return -1;
	if (!(st = ts_store_stmt(s, TS_SQL_D_CLAIM, sql_claim, err)))
		goto fail;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, lease);
	sqlite3_bind_text(st, 3, worker, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max)
		ids[(*n)++] = sqlite3_column_int64(st, 0);
	ts_store_done(s, st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		ts_store_fail(s, rc, "claim deliveries", err);
		goto fail;
	}
	if (ts_store_commit(s, err) < 0)
		goto fail;
	/* RETURNING gives no order; ids follow creation. */
	qsort(ids, *n, sizeof *ids, cmp_id);
	return 0;
fail:
	ts_store_rollback(s);
	*n = 0;
	return -1;
}

int
ts_store_delivery_done(struct ts_store *s, int64_t id, const char *worker,
    enum ts_dstate state, int64_t next_at, int code, const char *error,
    int64_t now, struct ts_error *err)
{
	sqlite3_stmt *st;
	int changed;

	if (ts_store_begin(s, err) < 0)
		return -1;
	if (!(st = ts_store_stmt(s, TS_SQL_D_DONE, sql_done, err)))
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, worker, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, ts_dstate_name(state), -1, SQLITE_STATIC);
	if (state == TS_D_PENDING)
		sqlite3_bind_int64(st, 4, next_at);
	else
		sqlite3_bind_null(st, 4);
	if (code)
		sqlite3_bind_int(st, 5, code);
	else
		sqlite3_bind_null(st, 5);
	ts_store_bind_text(st, 6, error, SIZE_MAX);
	sqlite3_bind_int64(st, 7, now);
	if (ts_store_exec(s, st, "record delivery", err) < 0)
		goto fail;
	changed = sqlite3_changes(s->db);
	if (ts_store_commit(s, err) < 0)
		goto fail;
	return changed > 0;
fail:
	ts_store_rollback(s);
	return -1;
}

static const char sql_retry[] =
	"UPDATE deliveries SET state = 'pending', attempts = 0, next_at = ?3,"
	" lease_until = NULL, worker = NULL, updated_at = ?3"
	" WHERE (CASE WHEN ?2 THEN id ELSE message END) = ?1"
	" AND (state = 'failed' OR state = 'dead' OR state = 'cancelled'"
	"      OR (state = 'pending' AND next_at > ?3))";

static const char sql_cancel[] =
	"UPDATE deliveries SET state = 'cancelled', updated_at = ?3"
	" WHERE (CASE WHEN ?2 THEN id ELSE message END) = ?1"
	" AND state = 'pending' AND ?3 IS NOT NULL";

static int
change(struct ts_store *s, enum ts_store_sql slot, const char *sql,
    int64_t id, int delivery, int64_t now, int *n, struct ts_error *err)
{
	sqlite3_stmt *st;

	if (ts_store_need_tx(s, "change deliveries", err) < 0)
		return -1;
	if (!(st = ts_store_stmt(s, slot, sql, err)))
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, delivery ? 1 : 0);
	sqlite3_bind_int64(st, 3, now);
	if (ts_store_exec(s, st, "change deliveries", err) < 0)
		return -1;
	*n = sqlite3_changes(s->db);
	return 0;
}

int
ts_store_msg_retry(struct ts_store *s, int64_t id, int delivery,
    int64_t now, int *n, struct ts_error *err)
{
	return change(s, TS_SQL_D_RETRY, sql_retry, id, delivery, now, n, err);
}

int
ts_store_msg_cancel(struct ts_store *s, int64_t id, int delivery,
    int64_t now, int *n, struct ts_error *err)
{
	return change(s, TS_SQL_D_CANCEL, sql_cancel, id, delivery, now, n,
	    err);
}

static const char sql_counts[] =
	"SELECT client, state, count(*), min(created_at) FROM deliveries"
	" GROUP BY client, state ORDER BY client, state";

int
ts_store_outbox_counts(struct ts_store *s,
    int (*fn)(const char *client, enum ts_dstate st, long n, int64_t oldest,
    void *ctx), void *ctx, struct ts_error *err)
{
	char client[64], state[16];
	enum ts_dstate ds;
	sqlite3_stmt *st;
	int rc, ret = 0;

	if (!(st = ts_store_stmt(s, TS_SQL_D_COUNTS, sql_counts, err)))
		return -1;
	while (ret == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		ts_store_col_text(st, 0, client, sizeof client);
		ts_store_col_text(st, 1, state, sizeof state);
		if (ts_dstate_parse(state, &ds) < 0)
			continue;
		ret = fn(client, ds, (long)sqlite3_column_int64(st, 2),
		    sqlite3_column_int64(st, 3), ctx);
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = ts_store_fail(s, rc, "count deliveries", err);
	ts_store_done(s, st);
	return ret;
}
