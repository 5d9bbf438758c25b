/*
 * ts_store_gdpr.c - the SQL of ts-export and ts-purge (see
 * ts_store_gdpr.h): migrations 4 and 6, the data classes of every table
 * with personal data (calls, contacts, bookings, busy time, messages,
 * deliveries, escalations) and of the audit, generic row, count and delete
 * operations, the audit trail, legal holds, export bookkeeping, checkpoint
 * and VACUUM.
 *
 * These statements run a few times per command, not per row, so they are
 * prepared when used instead of taking slots in the statement cache.
 * Names are matched by ts_name_match(text, query), an SQL function
 * registered here on the connection (ts_fold_name_match): SQLite's own
 * NOCASE and lower() fold ASCII only.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "ts_fold.h"
#include "ts_mem.h"
#include "ts_store.h"
#include "ts_store_gdpr.h"
#include "ts_store_impl.h"
#include "ts_time.h"
#include "banned.h"

/*
 * Version 4.  audit: what a purge or an export did, one row per command
 * and data class; never a name, number, address or a hash of one (a hash
 * of a phone number is reversed by trying the 10^9 numbers).  legal_holds:
 * one person's data of one client that ts-purge must keep (Art. 17(3)(e));
 * exports: when each client was last exported whole, so that ts-purge
 * client can refuse to delete what was never handed back.  The index on
 * contacts (client, lower(email)) serves a subject's e-mail address (and
 * ts-import's own lookup by address).
 */
const char ts_store_schema_gdpr[] =
	"CREATE TABLE audit (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  at INTEGER NOT NULL,\n"
	"  tool TEXT NOT NULL,\n"
	"  version TEXT NOT NULL,\n"
	"  command TEXT NOT NULL,\n"
	"  client TEXT,\n"
	"  class TEXT,\n"
	"  count INTEGER NOT NULL,\n"
	"  cutoff INTEGER,\n"
	"  request_date INTEGER,\n"
	"  ref TEXT,\n"
	"  outcome TEXT NOT NULL\n"
	") STRICT;\n"
	"CREATE INDEX audit_client_at ON audit (client, at);\n"
	"\n"
	"CREATE TABLE legal_holds (\n"
	"  client TEXT NOT NULL CONSTRAINT client_not_empty\n"
	"      CHECK (client <> ''),\n"
	"  kind TEXT NOT NULL CONSTRAINT hold_kind\n"
	"      CHECK (kind = 'phone' OR kind = 'email'),\n"
	"  value TEXT NOT NULL CONSTRAINT value_not_empty\n"
	"      CHECK (value <> ''),\n"
	"  ref TEXT,\n"
	"  created_at INTEGER NOT NULL,\n"
	"  PRIMARY KEY (client, kind, value)\n"
	") STRICT, WITHOUT ROWID;\n"
	"\n"
	"CREATE TABLE exports (\n"
	"  client TEXT PRIMARY KEY CONSTRAINT client_not_empty\n"
	"      CHECK (client <> ''),\n"
	"  at INTEGER NOT NULL,\n"
	"  manifest_sha256 TEXT NOT NULL\n"
	") STRICT, WITHOUT ROWID;\n"
	"\n"
	"CREATE INDEX contacts_client_email ON contacts (client, lower(email));\n";

/*
 * Version 6: the indexes that let a subject's address, a recipient and a
 * client's deliveries and escalations be found without reading the whole
 * table (messages_caller, messages_client_created and deliveries_once,
 * from version 2, serve the rest).
 */
const char ts_store_schema_gdpr_msg[] =
	"CREATE INDEX messages_client_email\n"
	"    ON messages (client, lower(caller_email));\n"
	"CREATE INDEX deliveries_client_recipient\n"
	"    ON deliveries (client, lower(recipient));\n"
	"CREATE INDEX deliveries_client_created\n"
	"    ON deliveries (client, created_at);\n"
	"CREATE INDEX escalations_caller ON escalations (caller);\n"
	"CREATE INDEX escalations_client_call_at\n"
	"    ON escalations (client, call_at);\n";

/* ---- calls ---- */

#define CALL_COLS "id, call_id, source, start, answer, \"end\", did, " \
	"caller, caller_name, status, wait_s, talk_s, agent, queue, queued"
/* Calls from a held number stay (legal_holds). */
#define CALL_EXPIRED "client IS ?1 AND start < ?3 AND (caller IS NULL" \
	" OR caller NOT IN (SELECT value FROM legal_holds" \
	" WHERE client IS ?1 AND kind = 'phone'))"

const struct ts_store_class ts_store_class_calls = {
	.table = "calls", .ncols = 14, .sql = {
	[TS_OP_ROWS_CLIENT] = "SELECT " CALL_COLS " FROM calls"
	    " WHERE client IS ?1 ORDER BY start, id",
	[TS_OP_ROWS_PHONE] = "SELECT " CALL_COLS " FROM calls"
	    " WHERE caller = ?2 AND client IS ?1 ORDER BY start, id",
	[TS_OP_ROWS_NAME] = "SELECT " CALL_COLS " FROM calls"
	    " WHERE client IS ?1 AND ts_name_match(caller_name, ?2)"
	    " ORDER BY start, id",
	[TS_OP_DELETE_PHONE] = "DELETE FROM calls"
	    " WHERE caller = ?2 AND client IS ?1",
	[TS_OP_DELETE_CLIENT] = "DELETE FROM calls WHERE client IS ?1",
	[TS_OP_COUNT_EXPIRED] = "SELECT count(*) FROM calls WHERE "
	    CALL_EXPIRED,
	[TS_OP_DELETE_EXPIRED] = "DELETE FROM calls WHERE " CALL_EXPIRED,
	[TS_OP_LAST_CHANGE] = "SELECT max(updated_at) FROM calls"
	    " WHERE client IS ?1",
	[TS_OP_CLIENTS] = "SELECT client, count(*) FROM calls"
	    " WHERE client IS NOT NULL GROUP BY client",
	}
};

/* ---- contacts ---- */

#define CONTACT_COLS "c.id, c.ext_id, c.name, c.first_name, c.last_name," \
	" c.company, c.email, (SELECT group_concat(phone, ' ') FROM" \
	" (SELECT phone FROM contact_phones WHERE contact = c.id" \
	" ORDER BY pos)), c.tags, c.note, c.created_at, c.updated_at"
#define CONTACT_PHONE "c.id IN (SELECT contact FROM contact_phones" \
	" WHERE phone = ?2 AND client = ?1)"
#define CONTACT_EMAIL "c.client = ?1 AND lower(c.email) = ?2"
/*
 * A contact expires when neither the card nor any call from one of its
 * numbers is newer than the cutoff; held numbers and addresses keep it.
 */
#define CONTACT_EXPIRED "c.client = ?1 AND c.updated_at < ?3" \
	" AND NOT EXISTS (SELECT 1 FROM contact_phones p JOIN calls k" \
	" ON k.caller = p.phone AND k.client = p.client AND k.start >= ?3" \
	" WHERE p.contact = c.id)" \
	" AND NOT EXISTS (SELECT 1 FROM contact_phones p JOIN legal_holds h" \
	" ON h.client = p.client AND h.kind = 'phone' AND h.value = p.phone" \
	" WHERE p.contact = c.id)" \
	" AND (c.email IS NULL OR lower(c.email) NOT IN (SELECT value" \
	" FROM legal_holds WHERE client = ?1 AND kind = 'email'))"

const struct ts_store_class ts_store_class_contacts = {
	.table = "contacts", .ncols = 11, .sql = {
	[TS_OP_ROWS_CLIENT] = "SELECT " CONTACT_COLS " FROM contacts c"
	    " WHERE c.client = ?1 ORDER BY c.name, c.id",
	[TS_OP_ROWS_PHONE] = "SELECT " CONTACT_COLS " FROM contacts c"
	    " WHERE " CONTACT_PHONE " ORDER BY c.id",
	[TS_OP_ROWS_EMAIL] = "SELECT " CONTACT_COLS " FROM contacts c"
	    " WHERE " CONTACT_EMAIL " ORDER BY c.id",
	[TS_OP_ROWS_NAME] = "SELECT " CONTACT_COLS " FROM contacts c"
	    " WHERE c.client = ?1 AND ts_name_match(coalesce(c.name, '')"
	    " || ' ' || coalesce(c.first_name, '') || ' ' ||"
	    " coalesce(c.last_name, ''), ?2) ORDER BY c.id",
	[TS_OP_DELETE_PHONE] = "DELETE FROM contacts AS c WHERE "
	    CONTACT_PHONE,
	[TS_OP_DELETE_EMAIL] = "DELETE FROM contacts AS c WHERE "
	    CONTACT_EMAIL,
	[TS_OP_DELETE_CLIENT] = "DELETE FROM contacts WHERE client = ?1",
	[TS_OP_COUNT_EXPIRED] = "SELECT count(*) FROM contacts c WHERE "
	    CONTACT_EXPIRED,
	[TS_OP_DELETE_EXPIRED] = "DELETE FROM contacts AS c WHERE "
	    CONTACT_EXPIRED,
	[TS_OP_LAST_CHANGE] = "SELECT max(updated_at) FROM contacts"
	    " WHERE client = ?1",
	[TS_OP_CLIENTS] = "SELECT client, count(*) FROM contacts"
	    " GROUP BY client",
	}
};

/*
 * ---- bookings and busy time (ts-agenda's tables, version 3) ----
 *
 * A booking names the patient (name, phone, email); deleting one deletes
 * its reminders (ON DELETE CASCADE).  Addresses are compared lowercased
 * within the client (bookings_client_start), numbers by bookings_phone.
 * Busy blocks are the client's own calendar: no caller in them, but the
 * client's data all the same (exported and deleted with the client).
 */
#define BOOKING_COLS "id, uid, sequence, status, type, start, \"end\"," \
	" name, phone, email, note, created_at, updated_at"
#define BOOKING_EXPIRED "client = ?1 AND \"end\" < ?3" \
	" AND (phone IS NULL OR phone NOT IN (SELECT value FROM legal_holds" \
	" WHERE client = ?1 AND kind = 'phone'))" \
	" AND (email IS NULL OR lower(email) NOT IN (SELECT value" \
	" FROM legal_holds WHERE client = ?1 AND kind = 'email'))"

const struct ts_store_class ts_store_class_bookings = {
	.table = "bookings", .ncols = 12, .sql = {
	[TS_OP_ROWS_CLIENT] = "SELECT " BOOKING_COLS " FROM bookings"
	    " WHERE client = ?1 ORDER BY start, id",
	[TS_OP_ROWS_PHONE] = "SELECT " BOOKING_COLS " FROM bookings"
	    " WHERE phone = ?2 AND client = ?1 ORDER BY start, id",
	[TS_OP_ROWS_EMAIL] = "SELECT " BOOKING_COLS " FROM bookings"
	    " WHERE client = ?1 AND lower(email) = ?2 ORDER BY start, id",
	[TS_OP_ROWS_NAME] = "SELECT " BOOKING_COLS " FROM bookings"
	    " WHERE client = ?1 AND ts_name_match(name, ?2)"
	    " ORDER BY start, id",
	[TS_OP_DELETE_PHONE] = "DELETE FROM bookings"
	    " WHERE phone = ?2 AND client = ?1",
	[TS_OP_DELETE_EMAIL] = "DELETE FROM bookings"
	    " WHERE client = ?1 AND lower(email) = ?2",
	[TS_OP_DELETE_CLIENT] = "DELETE FROM bookings WHERE client = ?1",
	[TS_OP_COUNT_EXPIRED] = "SELECT count(*) FROM bookings WHERE "
	    BOOKING_EXPIRED,
	[TS_OP_DELETE_EXPIRED] = "DELETE FROM bookings WHERE "
	    BOOKING_EXPIRED,
	[TS_OP_LAST_CHANGE] = "SELECT max(updated_at) FROM bookings"
	    " WHERE client = ?1",
	[TS_OP_CLIENTS] = "SELECT client, count(*) FROM bookings"
	    " GROUP BY client",
	/* Pushed to the client's CalDAV calendar: a copy is there. */
	[TS_OP_SENT_PHONE] = "SELECT count(*) FROM bookings"
	    " WHERE phone = ?2 AND client = ?1 AND href IS NOT NULL",
	[TS_OP_SENT_EMAIL] = "SELECT count(*) FROM bookings"
	    " WHERE client = ?1 AND lower(email) = ?2 AND href IS NOT NULL",
	},
	.sent_to = "caldav"
};

const struct ts_store_class ts_store_class_busy = {
	.table = "busy", .ncols = 5, .sql = {
	[TS_OP_ROWS_CLIENT] = "SELECT id, source, ref, start, \"end\","
	    " imported_at FROM busy WHERE client = ?1 ORDER BY start, id",
	[TS_OP_DELETE_CLIENT] = "DELETE FROM busy WHERE client = ?1",
	[TS_OP_COUNT_EXPIRED] = "SELECT count(*) FROM busy"
	    " WHERE client = ?1 AND \"end\" < ?3",
	[TS_OP_DELETE_EXPIRED] = "DELETE FROM busy"
	    " WHERE client = ?1 AND \"end\" < ?3",
	[TS_OP_LAST_CHANGE] = "SELECT max(imported_at) FROM busy"
	    " WHERE client = ?1",
	[TS_OP_CLIENTS] = "SELECT client, count(*) FROM busy"
	    " GROUP BY client",
	}
};

/*
 * ---- messages, the outbox and escalations (ts-msg's tables, version 2;
 * ts-route's, version 5) ----
 *
 * A message is about its caller (caller, caller_email, caller_name); a
 * name in its subject or body makes it a candidate only (ts_export.c
 * treats every name match so).  A delivery belongs to its message (ON
 * DELETE CASCADE) and is also about its recipient when the confirmation
 * went to the caller herself; recipients are compared lowercased, which
 * leaves E.164 numbers as they are.  Sent deliveries are copies outside
 * the store (art. 19), counted per channel (?4).  An escalation is about
 * its caller; alerted and acked_by are the client's staff.
 */
#define HELD_PHONE "(SELECT value FROM legal_holds WHERE client = ?1" \
	" AND kind = 'phone')"
#define HELD_EMAIL "(SELECT value FROM legal_holds WHERE client = ?1" \
	" AND kind = 'email')"
#define MSG_COLS "id, kind, urgent, ref, caller, caller_name, caller_email," \
	" taken_by, reason, notify, call_id, start, subject, body, created_at"
#define MSG_PHONE "caller = ?2 AND client = ?1"
#define MSG_EMAIL "client = ?1 AND lower(caller_email) = ?2"
#define MSG_EXPIRED "client = ?1 AND created_at < ?3" \
	" AND (caller IS NULL OR caller NOT IN " HELD_PHONE ")" \
	" AND (caller_email IS NULL OR lower(caller_email) NOT IN " \
	HELD_EMAIL ")"

const struct ts_store_class ts_store_class_messages = {
	.table = "messages", .ncols = 14, .sql = {
	[TS_OP_ROWS_CLIENT] = "SELECT " MSG_COLS " FROM messages"
	    " WHERE client = ?1 ORDER BY created_at, id",
	[TS_OP_ROWS_PHONE] = "SELECT " MSG_COLS " FROM messages"
	    " WHERE " MSG_PHONE " ORDER BY created_at, id",
	[TS_OP_ROWS_EMAIL] = "SELECT " MSG_COLS " FROM messages"
	    " WHERE " MSG_EMAIL " ORDER BY created_at, id",
	[TS_OP_ROWS_NAME] = "SELECT " MSG_COLS " FROM messages"
	    " WHERE client = ?1 AND (ts_name_match(caller_name, ?2)"
	    " OR ts_name_match(subject, ?2) OR ts_name_match(body, ?2))"
	    " ORDER BY created_at, id",
	[TS_OP_DELETE_PHONE] = "DELETE FROM messages WHERE " MSG_PHONE,
	[TS_OP_DELETE_EMAIL] = "DELETE FROM messages WHERE " MSG_EMAIL,
	[TS_OP_DELETE_CLIENT] = "DELETE FROM messages WHERE client = ?1",
	[TS_OP_COUNT_EXPIRED] = "SELECT count(*) FROM messages WHERE "
	    MSG_EXPIRED,
	[TS_OP_DELETE_EXPIRED] = "DELETE FROM messages WHERE " MSG_EXPIRED,
	[TS_OP_LAST_CHANGE] = "SELECT max(created_at) FROM messages"
	    " WHERE client = ?1",
	[TS_OP_CLIENTS] = "SELECT client, count(*) FROM messages"
	    " GROUP BY client",
	}
};

#define DLV_COLS "id, message, channel, recipient, digest, state," \
	" attempts, code, error, created_at, sent_at, updated_at"
#define DLV_PHONE "(message IN (SELECT id FROM messages WHERE " MSG_PHONE \
	") OR (client = ?1 AND lower(recipient) = ?2))"
#define DLV_EMAIL "(message IN (SELECT id FROM messages WHERE " MSG_EMAIL \
	") OR (client = ?1 AND lower(recipient) = ?2))"
#define DLV_EXPIRED "client = ?1 AND created_at < ?3" \
	" AND lower(recipient) NOT IN (SELECT value FROM legal_holds" \
	" WHERE client = ?1) AND message NOT IN (SELECT id FROM messages" \
	" WHERE client = ?1 AND (caller IN " HELD_PHONE \
	" OR lower(caller_email) IN " HELD_EMAIL "))"

static const char *const dlv_channels[] = { "email", "sms", "webhook",
	NULL };

const struct ts_store_class ts_store_class_deliveries = {
	.table = "deliveries", .ncols = 11, .sql = {
	[TS_OP_ROWS_CLIENT] = "SELECT " DLV_COLS " FROM deliveries"
	    " WHERE client = ?1 ORDER BY created_at, id",
	[TS_OP_ROWS_PHONE] = "SELECT " DLV_COLS " FROM deliveries"
	    " WHERE " DLV_PHONE " ORDER BY created_at, id",
	[TS_OP_ROWS_EMAIL] = "SELECT " DLV_COLS " FROM deliveries"
	    " WHERE " DLV_EMAIL " ORDER BY created_at, id",
	[TS_OP_DELETE_PHONE] = "DELETE FROM deliveries WHERE " DLV_PHONE,
	[TS_OP_DELETE_EMAIL] = "DELETE FROM deliveries WHERE " DLV_EMAIL,
	[TS_OP_DELETE_CLIENT] = "DELETE FROM deliveries WHERE client = ?1",
	[TS_OP_COUNT_EXPIRED] = "SELECT count(*) FROM deliveries WHERE "
	    DLV_EXPIRED,
	[TS_OP_DELETE_EXPIRED] = "DELETE FROM deliveries WHERE "
	    DLV_EXPIRED,
	[TS_OP_LAST_CHANGE] = "SELECT max(updated_at) FROM deliveries"
	    " WHERE client = ?1",
	[TS_OP_CLIENTS] = "SELECT client, count(*) FROM deliveries"
	    " GROUP BY client",
	[TS_OP_SENT_PHONE] = "SELECT count(*) FROM deliveries"
	    " WHERE " DLV_PHONE " AND state = 'sent' AND channel = ?4",
	[TS_OP_SENT_EMAIL] = "SELECT count(*) FROM deliveries"
	    " WHERE " DLV_EMAIL " AND state = 'sent' AND channel = ?4",
	},
	.sent_channels = dlv_channels
};

#define ESC_COLS "id, call_ref, rota, rule, caller, reason, call_at, step," \
	" alerted, next_at, status, acked_at, acked_by, created_at," \
	" updated_at"
#define ESC_PHONE "caller = ?2 AND client = ?1"
#define ESC_EXPIRED "client = ?1 AND call_at < ?3" \
	" AND (caller IS NULL OR caller NOT IN " HELD_PHONE ")"

const struct ts_store_class ts_store_class_escalations = {
	.table = "escalations", .ncols = 14, .sql = {
	[TS_OP_ROWS_CLIENT] = "SELECT " ESC_COLS " FROM escalations"
	    " WHERE client = ?1 ORDER BY call_at, id",
	[TS_OP_ROWS_PHONE] = "SELECT " ESC_COLS " FROM escalations"
	    " WHERE " ESC_PHONE " ORDER BY call_at, id",
	[TS_OP_DELETE_PHONE] = "DELETE FROM escalations WHERE " ESC_PHONE,
	[TS_OP_DELETE_CLIENT] = "DELETE FROM escalations WHERE client = ?1",
	[TS_OP_COUNT_EXPIRED] = "SELECT count(*) FROM escalations WHERE "
	    ESC_EXPIRED,
	[TS_OP_DELETE_EXPIRED] = "DELETE FROM escalations WHERE "
	    ESC_EXPIRED,
	[TS_OP_LAST_CHANGE] = "SELECT max(updated_at) FROM escalations"
	    " WHERE client = ?1",
	[TS_OP_CLIENTS] = "SELECT client, count(*) FROM escalations"
	    " GROUP BY client",
	}
};

/* ---- the audit, as a data class (its own retention, its export) ---- */

#define AUDIT_COLS "id, at, tool, version, command, client, class, count," \
	" cutoff, request_date, ref, outcome"

const struct ts_store_class ts_store_class_audit = {
	.table = "audit", .ncols = 11, .sql = {
	[TS_OP_ROWS_CLIENT] = "SELECT " AUDIT_COLS " FROM audit"
	    " WHERE client IS ?1 ORDER BY at, id",
	[TS_OP_COUNT_EXPIRED] = "SELECT count(*) FROM audit"
	    " WHERE client IS ?1 AND at < ?3",
	[TS_OP_DELETE_EXPIRED] = "DELETE FROM audit"
	    " WHERE client IS ?1 AND at < ?3",
	}
};

/* ---- generic operations ---- */

static void
name_match(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const unsigned char *t = sqlite3_value_text(argv[0]);
	const unsigned char *q = sqlite3_value_text(argv[1]);

	(void)argc;
	sqlite3_result_int(cx, t && q &&
	    ts_fold_name_match((const char *)t, (const char *)q));
}

/* Prepares op of c and binds what it uses of a. */
static sqlite3_stmt *
prepare(struct ts_store *s, const struct ts_store_class *c,
    enum ts_store_op op, const struct ts_store_args *a, struct ts_error *err)
{
	sqlite3_stmt *st;
	int rc, n;

	if (!c->sql[op]) {
		ts_error_set(err, TS_EXIT_FAIL, "'%s': no such operation",
		    c->table);
		return NULL;
	}
	if (op == TS_OP_ROWS_NAME)
		sqlite3_create_function(s->db, "ts_name_match", 2,
		    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, name_match,
		    NULL, NULL);
	rc = sqlite3_prepare_v2(s->db, c->sql[op], -1, &st, NULL);
	if (rc != SQLITE_OK) {
		ts_store_fail(s, rc, c->table, err);
		return NULL;
	}
	if (!a)
		return st;
	n = sqlite3_bind_parameter_count(st);
	rc = ts_store_bind_text(st, 1, a->client, 64);
	if (n >= 2)
		rc |= ts_store_bind_text(st, 2, a->key, 512);
	if (n >= 3)
		rc |= ts_store_bind_time(st, 3, a->cutoff);
	if (n >= 4)
		rc |= ts_store_bind_text(st, 4, a->channel, 16);
	if (rc != SQLITE_OK) {
		ts_store_fail(s, rc, c->table, err);
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

/* Reads the current row of st into vals and calls fn. */
static int
each_row(sqlite3_stmt *st, struct ts_store_val *vals, size_t n,
    int (*fn)(const struct ts_store_row *r, void *ctx), void *ctx)
{
	struct ts_store_row row;
	size_t i;

	row.id = sqlite3_column_int64(st, 0);
	row.n = n;
	row.v = vals;
	for (i = 0; i < n; i++) {
		int col = (int)i + 1;
		struct ts_store_val *v = &vals[i];

		v->null = sqlite3_column_type(st, col) == SQLITE_NULL;
		v->i = sqlite3_column_int64(st, col);
		v->s = (const char *)sqlite3_column_text(st, col);
		v->len = (size_t)sqlite3_column_bytes(st, col);
		if (!v->s)
			v->s = "";
	}
	return fn(&row, ctx);
}

static int
rows(struct ts_store *s, sqlite3_stmt *st, size_t ncols, const char *what,
    int (*fn)(const struct ts_store_row *r, void *ctx), void *ctx,
    struct ts_error *err)
{
	struct ts_store_val *vals = ts_xcalloc(ncols + 1, sizeof *vals);
	int rc, stop = 0;

	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW)
		stop = each_row(st, vals, ncols, fn, ctx);
	free(vals);
	if (!stop && rc != SQLITE_DONE)
		stop = ts_store_fail(s, rc, what, err);
	sqlite3_finalize(st);
	return stop;
}

int
ts_store_class_rows(struct ts_store *s, const struct ts_store_class *c,
    enum ts_store_op op, const struct ts_store_args *a,
    int (*fn)(const struct ts_store_row *r, void *ctx), void *ctx,
    struct ts_error *err)
{
	sqlite3_stmt *st = prepare(s, c, op, a, err);

	if (!st)
		return -1;
	return rows(s, st, c->ncols, c->table, fn, ctx, err);
}

int
ts_store_class_run(struct ts_store *s, const struct ts_store_class *c,
    enum ts_store_op op, const struct ts_store_args *a, int64_t *n,
    struct ts_error *err)
{
	sqlite3_stmt *st;
	int rc;

	*n = 0;
	if (c->sql[op] && strncmp(c->sql[op], "DELETE", 6) == 0 &&
	    ts_store_need_tx(s, c->table, err) != 0)
		return -1;
	if (!(st = prepare(s, c, op, a, err)))
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*n = ts_store_col_time(st, 0);
		rc = sqlite3_step(st);
	} else if (rc == SQLITE_DONE) {
		*n = sqlite3_changes64(s->db);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return ts_store_fail(s, rc, c->table, err);
	return 0;
}

int
ts_store_class_clients(struct ts_store *s, const struct ts_store_class *c,
    int (*fn)(const char *client, int64_t n, void *ctx), void *ctx,
    struct ts_error *err)
{
	sqlite3_stmt *st = prepare(s, c, TS_OP_CLIENTS, NULL, err);
	int rc, stop = 0;

	if (!st)
		return -1;
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW)
		stop = fn((const char *)sqlite3_column_text(st, 0),
		    sqlite3_column_int64(st, 1), ctx);
	if (!stop && rc != SQLITE_DONE)
		stop = ts_store_fail(s, rc, c->table, err);
	sqlite3_finalize(st);
	return stop;
}

int
ts_store_class_plan(struct ts_store *s, const struct ts_store_class *c,
    enum ts_store_op op, struct ts_buf *out, struct ts_error *err)
{
	char *sql;
	sqlite3_stmt *st;
	int rc;

	if (!c->sql[op])
		return ts_error_set(err, TS_EXIT_FAIL, "'%s': no such "
		    "operation", c->table);
	if (op == TS_OP_ROWS_NAME)
		sqlite3_create_function(s->db, "ts_name_match", 2,
		    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, name_match,
		    NULL, NULL);
	sql = ts_xasprintf("EXPLAIN QUERY PLAN %s", c->sql[op]);
	rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	free(sql);
	if (rc != SQLITE_OK)
		return ts_store_fail(s, rc, c->table, err);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		ts_buf_addf(out, "%s\n", (const char *)sqlite3_column_text(st,
		    3));
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : ts_store_fail(s, rc, c->table, err);
}

/* ---- the audit trail ---- */

static const char sql_audit_add[] =
	"INSERT INTO audit (at, tool, version, command, client, class, count,"
	" cutoff, request_date, ref, outcome)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";

int
ts_store_audit_add(struct ts_store *s, const struct ts_audit *a,
    struct ts_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (ts_store_need_tx(s, "audit", err) != 0)
		return -1;
	rc = sqlite3_prepare_v2(s->db, sql_audit_add, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return ts_store_fail(s, rc, "audit", err);
	rc = sqlite3_bind_int64(st, 1, a->at);
	rc |= ts_store_bind_text(st, 2, a->tool, 64);
	rc |= ts_store_bind_text(st, 3, TS_VERSION, 64);
	rc |= ts_store_bind_text(st, 4, a->command, 64);
	rc |= ts_store_bind_text(st, 5, a->client, 64);
	rc |= ts_store_bind_text(st, 6, a->dclass, 64);
	rc |= sqlite3_bind_int64(st, 7, a->count);
	rc |= ts_store_bind_time(st, 8, a->cutoff);
	rc |= ts_store_bind_time(st, 9, a->request_date);
	rc |= ts_store_bind_text(st, 10, a->ref, 128);
	rc |= ts_store_bind_text(st, 11, a->outcome, 64);
	if (rc != SQLITE_OK) {
		sqlite3_finalize(st);
		return ts_store_fail(s, rc, "audit", err);
	}
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : ts_store_fail(s, rc, "audit", err);
}

static const char sql_audit_each[] =
	"SELECT " AUDIT_COLS " FROM audit"
	" WHERE (?1 IS NULL OR client = ?1) AND at >= ?2 AND at < ?3"
	" ORDER BY at, id";

int
ts_store_audit_each(struct ts_store *s, const char *client, int64_t from,
    int64_t to, int (*fn)(const struct ts_store_row *r, void *ctx),
    void *ctx, struct ts_error *err)
{
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(s->db, sql_audit_each, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return ts_store_fail(s, rc, "audit", err);
	rc = ts_store_bind_text(st, 1, client, 64);
	rc |= sqlite3_bind_int64(st, 2, from);
	rc |= sqlite3_bind_int64(st, 3, to);
	if (rc != SQLITE_OK) {
		sqlite3_finalize(st);
		return ts_store_fail(s, rc, "audit", err);
	}
	return rows(s, st, ts_store_class_audit.ncols, "audit", fn, ctx, err);
}

/* ---- small statements: one row in, at most one value out ---- */

/*
 * Prepares sql, binds the texts t[0..nt) to ?1.. and the integer i to
 * ?(nt + 1) when the statement has that many parameters, steps once.
 * Returns SQLITE_ROW (the statement is left in *out), SQLITE_DONE, or an
 * error (err set).
 */
static int
step1(struct ts_store *s, const char *sql, const char *const *t, int nt,
    int64_t i, sqlite3_stmt **out, const char *what, struct ts_error *err)
{
	sqlite3_stmt *st;
	int rc, k;

	*out = NULL;
	rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return ts_store_fail(s, rc, what, err), rc;
	for (k = 0; k < nt && rc == SQLITE_OK; k++)
		rc = ts_store_bind_text(st, k + 1, t[k], 512);
	if (rc == SQLITE_OK && sqlite3_bind_parameter_count(st) > nt)
		rc = sqlite3_bind_int64(st, nt + 1, i);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = st;
		return rc;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		ts_store_fail(s, rc, what, err);
	return rc;
}

/* ---- legal holds ---- */

int
ts_store_hold_set(struct ts_store *s, const char *client, const char *kind,
    const char *value, const char *ref, int64_t now, int on, int *changed,
    struct ts_error *err)
{
	const char *t[4] = { client, kind, value, ref };
	sqlite3_stmt *st;
	int rc;

	if (ts_store_need_tx(s, "legal hold", err) != 0)
		return -1;
	rc = step1(s, on ? "INSERT OR IGNORE INTO legal_holds (client, kind,"
	    " value, ref, created_at) VALUES (?1, ?2, ?3, ?4, ?5)" :
	    "DELETE FROM legal_holds WHERE client = ?1 AND kind = ?2"
	    " AND value = ?3", t, on ? 4 : 3, now, &st, "legal hold", err);
	if (rc != SQLITE_DONE)
		return -1;
	*changed = sqlite3_changes(s->db) > 0;
	return 0;
}

int
ts_store_hold_get(struct ts_store *s, const char *client, const char *kind,
    const char *value, struct ts_error *err)
{
	const char *t[3] = { client, kind, value };
	sqlite3_stmt *st;
	int rc;

	rc = step1(s, "SELECT 1 FROM legal_holds WHERE client = ?1"
	    " AND kind = ?2 AND value = ?3", t, 3, 0, &st, "legal hold", err);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : -1;
}

int
ts_store_hold_count(struct ts_store *s, const char *client, int64_t *n,
    struct ts_error *err)
{
	const char *t[1] = { client };
	sqlite3_stmt *st;
	int rc;

	rc = step1(s, "SELECT count(*) FROM legal_holds"
	    " WHERE ?1 IS NULL OR client = ?1", t, 1, 0, &st, "legal hold",
	    err);
	if (rc != SQLITE_ROW)
		return -1;
	*n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return 0;
}

/* ---- exports ---- */

int
ts_store_export_set(struct ts_store *s, const char *client, int64_t at,
    const char *sha256, struct ts_error *err)
{
	const char *t[2] = { client, sha256 };
	sqlite3_stmt *st;

	if (ts_store_need_tx(s, "export", err) != 0)
		return -1;
	if (step1(s, "INSERT INTO exports (client, manifest_sha256, at)"
	    " VALUES (?1, ?2, ?3) ON CONFLICT (client) DO UPDATE"
	    " SET at = excluded.at, manifest_sha256 = excluded.manifest_sha256",
	    t, 2, at, &st, "export", err) != SQLITE_DONE)
		return -1;
	return 0;
}

int
ts_store_export_get(struct ts_store *s, const char *client, int64_t *at,
    char sha256[65], struct ts_error *err)
{
	const char *t[1] = { client };
	sqlite3_stmt *st;
	int rc;

	*at = TS_TIME_NONE;
	sha256[0] = '\0';
	rc = step1(s, "SELECT at, manifest_sha256 FROM exports"
	    " WHERE client = ?1", t, 1, 0, &st, "export", err);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return -1;
	*at = sqlite3_column_int64(st, 0);
	ts_store_col_text(st, 1, sha256, 65);
	sqlite3_finalize(st);
	return 0;
}

/* ---- making deleted bytes go ---- */

int
ts_store_checkpoint(struct ts_store *s, int tries, struct ts_error *err)
{
	struct timespec pause = { 0, 100 * 1000 * 1000 };
	int busy = 1, rc;

	while (busy && tries-- > 0) {
		int log = 0, done = 0;

		rc = sqlite3_wal_checkpoint_v2(s->db, NULL,
		    SQLITE_CHECKPOINT_TRUNCATE, &log, &done);
		if (rc != SQLITE_OK && rc != SQLITE_BUSY)
			return ts_store_fail(s, rc, "checkpoint", err);
		busy = rc == SQLITE_BUSY || log != 0;
		if (busy && tries > 0) {
			nanosleep(&pause, NULL);
			pause.tv_nsec *= 2;
			if (pause.tv_nsec >= 1000 * 1000 * 1000)
				pause.tv_nsec = 999 * 1000 * 1000;
		}
	}
	return busy;
}

int
ts_store_class_optimize(struct ts_store *s, const struct ts_store_class *c,
    struct ts_error *err)
{
	int rc;

	if (!c->optimize)
		return 0;
	rc = sqlite3_exec(s->db, c->optimize, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : ts_store_fail(s, rc, c->table, err);
}

int
ts_store_vacuum(struct ts_store *s, struct ts_error *err)
{
	int rc = sqlite3_exec(s->db, "VACUUM", NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : ts_store_fail(s, rc, "vacuum", err);
}
