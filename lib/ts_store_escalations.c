/*
 * ts_store_escalations.c - escalations to the on-call person in the store:
 * the table (migration 5), recording, listing, moving on, acknowledging
 * (see ts_store.h).
 *
 * An escalation is the follow-up of one urgent call routed to a rota: who
 * was alerted last (the step of the rota's chain), when to alert the next
 * step if nobody acknowledged, and whether someone did.  `ts-route` records
 * one when it routes a call to `escalate`; `ts-route escalate`, from cron,
 * moves the late ones on; `ts-route ack` closes one.
 */
#include <stdint.h>
#include <string.h>

#include <sqlite3.h>

#include "ts_err.h"
#include "ts_store.h"
#include "ts_store_impl.h"
#include "banned.h"

/*
 * Version 5: escalations.
 *
 * Unique on (client, call_ref): routing the same file twice records a
 * call's escalation once.  call_ref is the call's id, or a digest of the
 * client, caller and time for inputs without one.  caller and alerted are
 * personal data (a caller's number, the on-call person's number): a purge
 * or an erasure of a number covers them.  next_at is NULL once the
 * escalation is closed, so the index on (status, next_at) holds the work
 * of `ts-route escalate` at its front.
 */
const char ts_store_schema_escalations[] =
	"CREATE TABLE escalations (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  client TEXT NOT NULL CONSTRAINT client_not_empty\n"
	"      CHECK (client <> ''),\n"
	"  call_ref TEXT NOT NULL CONSTRAINT call_ref_not_empty\n"
	"      CHECK (call_ref <> ''),\n"
	"  rota TEXT NOT NULL CONSTRAINT rota_not_empty CHECK (rota <> ''),\n"
	"  rule TEXT NOT NULL CONSTRAINT rule_not_empty CHECK (rule <> ''),\n"
	"  caller TEXT,\n"
	"  reason TEXT,\n"
	"  call_at INTEGER NOT NULL,\n"
	"  step INTEGER NOT NULL CONSTRAINT step_positive CHECK (step >= 0),\n"
	"  alerted TEXT,\n"
	"  next_at INTEGER,\n"
	"  status TEXT NOT NULL CONSTRAINT status_name CHECK (\n"
	"      status = 'open' OR status = 'acknowledged' OR\n"
	"      status = 'exhausted'),\n"
	"  acked_at INTEGER,\n"
	"  acked_by TEXT,\n"
	"  created_at INTEGER NOT NULL,\n"
	"  updated_at INTEGER NOT NULL,\n"
	"  UNIQUE (client, call_ref)\n"
	") STRICT;\n"
	"CREATE INDEX escalations_status_next ON escalations (status, next_at);\n";

#define ESC_COLS "id, client, call_ref, rota, rule, caller, reason, " \
	"call_at, step, alerted, next_at, status, acked_at, acked_by, " \
	"created_at, updated_at"

static const char sql_insert[] =
	"INSERT INTO escalations (client, call_ref, rota, rule, caller,"
	" reason, call_at, step, alerted, next_at, status, created_at,"
	" updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
	" 'open', ?11, ?11) ON CONFLICT (client, call_ref) DO NOTHING";

static const char sql_open[] =
	"SELECT " ESC_COLS " FROM escalations WHERE status = 'open'"
	" AND next_at <= ?2 AND (?1 IS NULL OR client = ?1)"
	" ORDER BY next_at, id";

static const char sql_update[] =
	"UPDATE escalations SET step = ?2, alerted = ?3, next_at = ?4,"
	" status = ?5, updated_at = ?6 WHERE id = ?1";

static const char sql_ack[] =
	"UPDATE escalations SET status = 'acknowledged', next_at = NULL,"
	" acked_at = ?3, acked_by = ?4, updated_at = ?3"
	" WHERE status = 'open' AND (?1 IS NULL OR id = ?1)"
	" AND (?2 IS NULL OR client = ?2)";

static const char *const status_names[] = {
	"open", "acknowledged", "exhausted"
};

const char *
ts_escalation_status_name(enum ts_esc_status st)
{
	return (unsigned)st <= TS_ESC_EXHAUSTED ? status_names[st] : "open";
}

int
ts_store_escalation_add(struct ts_store *s, struct ts_escalation *e,
    int64_t now, int *added, struct ts_error *err)
{
	sqlite3_stmt *st;
	int rc;

	*added = 0;
	if (ts_store_need_tx(s, "store escalation", err) != 0)
		return -1;
	if (!(st = ts_store_stmt(s, TS_SQL_ESC_INSERT, sql_insert, err)))
		return -1;
	rc = ts_store_bind_text(st, 1, e->client, sizeof e->client) |
	    ts_store_bind_text(st, 2, e->call_ref, sizeof e->call_ref) |
	    ts_store_bind_text(st, 3, e->rota, sizeof e->rota) |
	    ts_store_bind_text(st, 4, e->rule, sizeof e->rule) |
	    ts_store_bind_text(st, 5, e->caller, sizeof e->caller) |
	    ts_store_bind_text(st, 6, e->reason, sizeof e->reason) |
	    ts_store_bind_time(st, 7, e->call_at) |
	    sqlite3_bind_int(st, 8, e->step) |
	    ts_store_bind_text(st, 9, e->alerted, sizeof e->alerted) |
	    ts_store_bind_time(st, 10, e->next_at) |
	    ts_store_bind_time(st, 11, now);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		ts_store_done(s, st);
		return ts_store_fail(s, rc, "store escalation", err);
	}
	if ((*added = sqlite3_changes(s->db) > 0))
		e->id = sqlite3_last_insert_rowid(s->db);
	ts_store_done(s, st);
	e->status = TS_ESC_OPEN;
	return 0;
}

static enum ts_esc_status
status_of(const char *s)
{
	int i;

	for (i = 0; i <= TS_ESC_EXHAUSTED; i++)
		if (strcmp(s, status_names[i]) == 0)
			return (enum ts_esc_status)i;
	return TS_ESC_OPEN;
}

static void
read_row(sqlite3_stmt *st, struct ts_escalation *e)
{
	char status[16];

	memset(e, 0, sizeof *e);
	e->id = sqlite3_column_int64(st, 0);
	ts_store_col_text(st, 1, e->client, sizeof e->client);
	ts_store_col_text(st, 2, e->call_ref, sizeof e->call_ref);
	ts_store_col_text(st, 3, e->rota, sizeof e->rota);
	ts_store_col_text(st, 4, e->rule, sizeof e->rule);
	ts_store_col_text(st, 5, e->caller, sizeof e->caller);
	ts_store_col_text(st, 6, e->reason, sizeof e->reason);
	e->call_at = ts_store_col_time(st, 7);
	e->step = sqlite3_column_int(st, 8);
	ts_store_col_text(st, 9, e->alerted, sizeof e->alerted);
	e->next_at = ts_store_col_time(st, 10);
	ts_store_col_text(st, 11, status, sizeof status);
	e->status = status_of(status);
	e->acked_at = ts_store_col_time(st, 12);
	ts_store_col_text(st, 13, e->acked_by, sizeof e->acked_by);
	e->created_at = ts_store_col_time(st, 14);
	e->updated_at = ts_store_col_time(st, 15);
}

int
ts_store_escalations_each(struct ts_store *s, const char *client,
    int64_t due_by, int (*fn)(const struct ts_escalation *e, void *ctx),
    void *ctx, struct ts_error *err)
{
	struct ts_escalation e;
	sqlite3_stmt *st;
	int rc, ret = 0;

	if (!(st = ts_store_stmt(s, TS_SQL_ESC_OPEN, sql_open, err)))
		return -1;
	rc = ts_store_bind_text(st, 1, client, client ? SIZE_MAX : 0) |
	    sqlite3_bind_int64(st, 2, due_by);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	while (rc == SQLITE_ROW) {
		read_row(st, &e);
		if ((ret = fn(&e, ctx)) != 0)
			break;
		rc = sqlite3_step(st);
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = ts_store_fail(s, rc, "read escalations", err);
	ts_store_done(s, st);
	return ret;
}

int
ts_store_escalation_update(struct ts_store *s, const struct ts_escalation *e,
    int64_t now, struct ts_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (ts_store_need_tx(s, "update escalation", err) != 0)
		return -1;
	if (!(st = ts_store_stmt(s, TS_SQL_ESC_UPDATE, sql_update, err)))
		return -1;
	rc = sqlite3_bind_int64(st, 1, e->id) |
	    sqlite3_bind_int(st, 2, e->step) |
	    ts_store_bind_text(st, 3, e->alerted, sizeof e->alerted) |
	    ts_store_bind_time(st, 4, e->next_at) |
	    ts_store_bind_text(st, 5, ts_escalation_status_name(e->status),
	    SIZE_MAX) |
	    ts_store_bind_time(st, 6, now);
	if (rc != SQLITE_OK) {
		ts_store_done(s, st);
		return ts_store_fail(s, rc, "update escalation", err);
	}
	return ts_store_exec(s, st, "update escalation", err);
}

int
ts_store_escalation_ack(struct ts_store *s, int64_t id, const char *client,
    const char *by, int64_t now, long *count, struct ts_error *err)
{
	sqlite3_stmt *st;
	int rc;

	*count = 0;
	if (ts_store_need_tx(s, "acknowledge escalation", err) != 0)
		return -1;
	if (!(st = ts_store_stmt(s, TS_SQL_ESC_ACK, sql_ack, err)))
		return -1;
	rc = (id > 0 ? sqlite3_bind_int64(st, 1, id) :
	    sqlite3_bind_null(st, 1)) |
	    ts_store_bind_text(st, 2, client, client ? SIZE_MAX : 0) |
	    ts_store_bind_time(st, 3, now) |
	    ts_store_bind_text(st, 4, by, by ? SIZE_MAX : 0);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		ts_store_done(s, st);
		return ts_store_fail(s, rc, "acknowledge escalation", err);
	}
	*count = sqlite3_changes(s->db);
	ts_store_done(s, st);
	return 0;
}
