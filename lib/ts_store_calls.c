/*
 * ts_store_calls.c - calls in the store: put (insert or merge) and
 * iteration (see ts_store.h).
 *
 * ts_store_call_put is the import's inner loop, a million times a run: its
 * common case (a call not seen before) is one cached INSERT with static
 * binds and no SELECT.  Only when the INSERT hit an existing (source,
 * call_id) is the stored call read back, merged and, if that changed it,
 * written.
 */
#include <stdint.h>
#include <string.h>

#include <sqlite3.h>

#include "ts_call.h"
#include "ts_err.h"
#include "ts_store.h"
#include "ts_store_impl.h"
#include "ts_time.h"
#include "banned.h"

/* The record's columns, in the order of bind_call and read_call. */
#define CALL_COLS "source, call_id, client, did, caller, caller_name, " \
	"start, answer, \"end\", wait_s, talk_s, status, agent, queue, queued"

static const char sql_insert[] =
	"INSERT INTO calls (" CALL_COLS ", imported_at, updated_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
	" ?15, ?16, ?16) ON CONFLICT (source, call_id) DO NOTHING";

static const char sql_get[] =
	"SELECT " CALL_COLS " FROM calls WHERE call_id = ?2 AND source = ?1";

/*
 * SQLite rewrites the entries of every index whose columns an UPDATE sets,
 * changed or not: when client, caller and start are as stored, the second
 * form leaves the indexes alone (a re-import that completes a million
 * calls took half the time).
 */
static const char sql_update_keys[] =
	"UPDATE calls SET client = ?3, did = ?4, caller = ?5,"
	" caller_name = ?6, start = ?7, answer = ?8, \"end\" = ?9,"
	" wait_s = ?10, talk_s = ?11, status = ?12, agent = ?13, queue = ?14,"
	" queued = ?15, updated_at = ?16 WHERE call_id = ?2 AND source = ?1";

static const char sql_update[] =
	"UPDATE calls SET did = ?4, caller_name = ?6, answer = ?8,"
	" \"end\" = ?9, wait_s = ?10, talk_s = ?11, status = ?12,"
	" agent = ?13, queue = ?14, queued = ?15, updated_at = ?16"
	" WHERE call_id = ?2 AND source = ?1";

/*
 * ts_store_calls_each: one statement per kind of filter, so that each can
 * use its index (an "?2 IS NULL OR client = ?2" cannot).  Parameters: ?1
 * call_id, ?2 client, ?3 caller, ?4 from, ?5 to.
 */
#define SELECT_CALLS "SELECT " CALL_COLS " FROM calls WHERE "
#define ORDER_CALLS " ORDER BY start, source, call_id"
#define IF_CLIENT "(?2 IS NULL OR client = ?2)"
#define IF_CALLER "(?3 IS NULL OR caller = ?3)"
#define IN_PERIOD "start >= ?4 AND start < ?5"

static const char sql_by_id[] = SELECT_CALLS "call_id = ?1 AND "
	IF_CLIENT " AND " IF_CALLER " AND " IN_PERIOD ORDER_CALLS;
static const char sql_by_caller[] = SELECT_CALLS "caller = ?3 AND "
	IN_PERIOD " AND " IF_CLIENT ORDER_CALLS;
static const char sql_by_client[] = SELECT_CALLS "client = ?2 AND "
	IN_PERIOD ORDER_CALLS;
static const char sql_all[] = SELECT_CALLS IN_PERIOD ORDER_CALLS;

/* Binds c to ?1 .. ?15; returns an SQLite result code. */
static int
bind_call(sqlite3_stmt *st, const struct ts_call *c)
{
	const char *status = ts_status_name(c->status);

	return ts_store_bind_text(st, 1, c->source, sizeof c->source) |
	    ts_store_bind_text(st, 2, c->call_id, sizeof c->call_id) |
	    ts_store_bind_text(st, 3, c->client, sizeof c->client) |
	    ts_store_bind_text(st, 4, c->did, sizeof c->did) |
	    ts_store_bind_text(st, 5, c->caller, sizeof c->caller) |
	    ts_store_bind_text(st, 6, c->caller_name, sizeof c->caller_name) |
	    ts_store_bind_time(st, 7, c->start) |
	    ts_store_bind_time(st, 8, c->answer) |
	    ts_store_bind_time(st, 9, c->end) |
	    sqlite3_bind_int(st, 10, c->wait_s) |
	    sqlite3_bind_int(st, 11, c->talk_s) |
	    sqlite3_bind_text(st, 12, status, -1, SQLITE_STATIC) |
	    ts_store_bind_text(st, 13, c->agent, sizeof c->agent) |
	    ts_store_bind_text(st, 14, c->queue, sizeof c->queue) |
	    ts_store_bind_time(st, 15, c->queued);
}

/* Reads the CALL_COLS of the current row into c. */
static void
read_call(sqlite3_stmt *st, struct ts_call *c)
{
	const unsigned char *status;

	ts_call_init(c);
	ts_store_col_text(st, 0, c->source, sizeof c->source);
	ts_store_col_text(st, 1, c->call_id, sizeof c->call_id);
	ts_store_col_text(st, 2, c->client, sizeof c->client);
	ts_store_col_text(st, 3, c->did, sizeof c->did);
	ts_store_col_text(st, 4, c->caller, sizeof c->caller);
	ts_store_col_text(st, 5, c->caller_name, sizeof c->caller_name);
	c->start = ts_store_col_time(st, 6);
	c->answer = ts_store_col_time(st, 7);
	c->end = ts_store_col_time(st, 8);
	c->wait_s = sqlite3_column_int(st, 9);
	c->talk_s = sqlite3_column_int(st, 10);
	/* The CHECK constraint allows only ts_status_name's names. */
	status = sqlite3_column_text(st, 11);
	if (status)
		ts_status_parse((const char *)status,
		    (size_t)sqlite3_column_bytes(st, 11), &c->status);
	ts_store_col_text(st, 12, c->agent, sizeof c->agent);
	ts_store_col_text(st, 13, c->queue, sizeof c->queue);
	c->queued = ts_store_col_time(st, 14);
}

/* Reads the stored call with c's source and call_id into *out. */
static int
get_call(struct ts_store *s, const struct ts_call *c, struct ts_call *out,
    struct ts_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (!(st = ts_store_stmt(s, TS_SQL_CALL_GET, sql_get, err)))
		return -1;
	rc = ts_store_bind_text(st, 1, c->source, sizeof c->source) |
	    ts_store_bind_text(st, 2, c->call_id, sizeof c->call_id);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_call(st, out);
	else if (rc == SQLITE_DONE)	/* the INSERT just found it there */
		rc = SQLITE_INTERNAL;
	if (rc != SQLITE_ROW)
		ts_store_fail(s, rc, "read a stored call", err);
	ts_store_done(s, st);
	return rc == SQLITE_ROW ? 0 : -1;
}

/* Writes c, merged from old, over the stored call. */
static int
update_call(struct ts_store *s, const struct ts_call *old,
    const struct ts_call *c, int64_t now, struct ts_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (old->start != c->start || strcmp(old->client, c->client) ||
	    strcmp(old->caller, c->caller))
		st = ts_store_stmt(s, TS_SQL_CALL_UPDATE_KEYS, sql_update_keys,
		    err);
	else
		st = ts_store_stmt(s, TS_SQL_CALL_UPDATE, sql_update, err);
	if (!st)
		return -1;
	rc = bind_call(st, c) | sqlite3_bind_int64(st, 16, now);
	if (rc != SQLITE_OK) {
		ts_store_done(s, st);
		return ts_store_fail(s, rc, "update a call", err);
	}
	return ts_store_exec(s, st, "update a call", err);
}

/* The call is already stored: merge c into it and write what changed. */
static int
merge_stored(struct ts_store *s, const struct ts_call *c, int64_t now,
    enum ts_store_put *result, struct ts_error *err)
{
	struct ts_call stored, merged;

	if (get_call(s, c, &stored, err) != 0)
		return -1;
	merged = stored;
	if (!ts_call_merge(&merged, c)) {
		*result = TS_PUT_SAME;
		return 0;
	}
	if (update_call(s, &stored, &merged, now, err) != 0)
		return -1;
	*result = TS_PUT_UPDATED;
	return 0;
}

int
ts_store_call_put(struct ts_store *s, const struct ts_call *c, int64_t now,
    enum ts_store_put *result, struct ts_error *err)
{
	enum ts_store_put dummy;
	sqlite3_stmt *st;
	int rc;

	if (!result)
		result = &dummy;
	if (ts_store_need_tx(s, "store a call", err) != 0)
		return -1;
	if (!c->source[0] || !c->call_id[0] || c->start == TS_TIME_NONE)
		return ts_error_set(err, TS_EXIT_FAIL, "store a call: "
		    "the call has no source, call id or start time");
	if (!(st = ts_store_stmt(s, TS_SQL_CALL_INSERT, sql_insert, err)))
		return -1;
	rc = bind_call(st, c) | sqlite3_bind_int64(st, 16, now);
	if (rc != SQLITE_OK) {
		ts_store_done(s, st);
		return ts_store_fail(s, rc, "store a call", err);
	}
	if (ts_store_exec(s, st, "store a call", err) != 0)
		return -1;
	if (sqlite3_changes(s->db) > 0) {
		*result = TS_PUT_ADDED;
		return 0;
	}
	return merge_stored(s, c, now, result, err);
}

int
ts_store_calls_empty(struct ts_store *s, struct ts_error *err)
{
	sqlite3_stmt *st;
	int rc, empty;

	if (!(st = ts_store_stmt(s, TS_SQL_CALLS_EMPTY,
	    "SELECT NOT EXISTS (SELECT 1 FROM calls)", err)))
		return -1;
	rc = sqlite3_step(st);
	empty = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
	ts_store_done(s, st);
	if (rc != SQLITE_ROW)
		return ts_store_fail(s, rc, "prepare the import", err);
	return empty;
}

int
ts_store_calls_bulk(struct ts_store *s, struct ts_error *err)
{
	int empty;

	if (ts_store_need_tx(s, "prepare the import", err) != 0)
		return -1;
	if (s->at_commit)
		return 0;
	if ((empty = ts_store_calls_empty(s, err)) <= 0)
		return empty;
	if (ts_store_script(s, "DROP INDEX calls_client_start;\n"
	    "DROP INDEX calls_caller_start;\n", "prepare the import", err))
		return -1;
	s->at_commit = TS_STORE_CALLS_INDEXES;
	return 0;
}

/* Picks the statement whose index fits the query best. */
static sqlite3_stmt *
each_stmt(struct ts_store *s, const struct ts_call_query *q,
    struct ts_error *err)
{
	if (q->call_id && *q->call_id)
		return ts_store_stmt(s, TS_SQL_CALLS_BY_ID, sql_by_id, err);
	if (q->caller && *q->caller)
		return ts_store_stmt(s, TS_SQL_CALLS_BY_CALLER, sql_by_caller,
		    err);
	if (q->client && *q->client)
		return ts_store_stmt(s, TS_SQL_CALLS_BY_CLIENT, sql_by_client,
		    err);
	return ts_store_stmt(s, TS_SQL_CALLS_ALL, sql_all, err);
}

/* Binds the query; an empty string, like NULL, does not filter. */
static int
bind_query(sqlite3_stmt *st, const struct ts_call_query *q)
{
	return ts_store_bind_text(st, 1, q->call_id, SIZE_MAX) |
	    ts_store_bind_text(st, 2, q->client, SIZE_MAX) |
	    ts_store_bind_text(st, 3, q->caller, SIZE_MAX) |
	    sqlite3_bind_int64(st, 4, q->from) |
	    sqlite3_bind_int64(st, 5, q->to);
}

int
ts_store_calls_each(struct ts_store *s, const struct ts_call_query *q,
    int (*fn)(const struct ts_call *c, void *ctx), void *ctx,
    struct ts_error *err)
{
	struct ts_call c;
	sqlite3_stmt *st;
	int rc, ret = 0;

	if (!(st = each_stmt(s, q, err)))
		return -1;
	if ((rc = bind_query(st, q)) == SQLITE_OK)
		rc = sqlite3_step(st);
	while (rc == SQLITE_ROW) {
		read_call(st, &c);
		if ((ret = fn(&c, ctx)) != 0)
			break;
		rc = sqlite3_step(st);
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = ts_store_fail(s, rc, "read calls", err);
	ts_store_done(s, st);
	return ret;
}
