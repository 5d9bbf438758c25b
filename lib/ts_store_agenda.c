/*
 * ts_store_agenda.c - the agenda's tables (schema version 3): bookings,
 * busy blocks imported from a client's own calendar, CalDAV sync state and
 * reminders sent (see ts_store.h).
 *
 * Double booking is the first bug of every booking program (a check, then
 * an insert, and a colleague's insert in between).  Here the check and the
 * insert run in one BEGIN IMMEDIATE transaction taken by the caller, and
 * the schema refuses an overlap on its own as well: a trigger on insert and
 * on update, and a unique index on (client, start) for confirmed bookings.
 */
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include <sqlite3.h>

#include "ts_err.h"
#include "ts_store.h"
#include "ts_store_impl.h"
#include "ts_time.h"
#include "banned.h"

/*
 * Version 3: the agenda.
 *
 * bookings: uid is the iCalendar UID, unique everywhere; sequence its
 * SEQUENCE.  A cancelled booking is kept (status 'cancelled'): it is
 * exported and pushed with STATUS:CANCELLED.  href and etag are those of
 * the CalDAV resource; pushed_seq the sequence the server has (NULL when
 * never pushed); remote_etag and conflict are set when the server's copy
 * changed under us and a person must decide.  Indexes: (client, start)
 * for slot search and lists, phone and email for a data subject's access
 * and erasure.
 *
 * busy: blocks of the client's own calendar, by source and ref (the
 * event's UID or href), so that an import or a sync replaces what it
 * brought before and nothing else.
 *
 * caldav_state, caldav_items: the sync token, ctag and the etag of each
 * resource last seen, per client.
 *
 * reminders: one row per message sent about a booking at a given start, so
 * that cron may run `remind` every few minutes: a moved booking (another
 * start) is reminded again, a cancelled one never.
 */
const char ts_store_schema_agenda[] =
	"CREATE TABLE bookings (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  client TEXT NOT NULL CONSTRAINT client_not_empty\n"
	"      CHECK (client <> ''),\n"
	"  uid TEXT NOT NULL UNIQUE CONSTRAINT uid_not_empty\n"
	"      CHECK (uid <> ''),\n"
	"  sequence INTEGER NOT NULL CONSTRAINT sequence_positive\n"
	"      CHECK (sequence >= 0),\n"
	"  status TEXT NOT NULL CONSTRAINT status_name\n"
	"      CHECK (status = 'confirmed' OR status = 'cancelled'),\n"
	"  type TEXT NOT NULL,\n"
	"  start INTEGER NOT NULL,\n"
	"  \"end\" INTEGER NOT NULL CONSTRAINT end_after_start\n"
	"      CHECK (\"end\" > start),\n"
	"  name TEXT,\n"
	"  phone TEXT,\n"
	"  email TEXT,\n"
	"  note TEXT,\n"
	"  href TEXT,\n"
	"  etag TEXT,\n"
	"  pushed_seq INTEGER,\n"
	"  remote_etag TEXT,\n"
	"  conflict TEXT,\n"
	"  created_at INTEGER NOT NULL,\n"
	"  updated_at INTEGER NOT NULL\n"
	") STRICT;\n"
	"CREATE INDEX bookings_client_start ON bookings (client, start);\n"
	"CREATE UNIQUE INDEX bookings_one_per_start\n"
	"    ON bookings (client, start) WHERE status = 'confirmed';\n"
	"CREATE INDEX bookings_phone ON bookings (phone);\n"
	"CREATE INDEX bookings_email ON bookings (email);\n"
	"CREATE TRIGGER bookings_no_overlap_insert BEFORE INSERT ON bookings\n"
	"WHEN NEW.status = 'confirmed' BEGIN\n"
	"  SELECT RAISE(ABORT, 'bookings overlap') FROM bookings\n"
	"   WHERE client = NEW.client AND status = 'confirmed'\n"
	"     AND start < NEW.\"end\" AND \"end\" > NEW.start;\n"
	"END;\n"
	"CREATE TRIGGER bookings_no_overlap_update\n"
	"BEFORE UPDATE OF start, \"end\", status ON bookings\n"
	"WHEN NEW.status = 'confirmed' BEGIN\n"
	"  SELECT RAISE(ABORT, 'bookings overlap') FROM bookings\n"
	"   WHERE client = NEW.client AND status = 'confirmed'\n"
	"     AND id <> NEW.id\n"
	"     AND start < NEW.\"end\" AND \"end\" > NEW.start;\n"
	"END;\n"
	"\n"
	"CREATE TABLE busy (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  client TEXT NOT NULL CONSTRAINT client_not_empty\n"
	"      CHECK (client <> ''),\n"
	"  source TEXT NOT NULL CONSTRAINT source_not_empty\n"
	"      CHECK (source <> ''),\n"
	"  ref TEXT NOT NULL CONSTRAINT ref_not_empty CHECK (ref <> ''),\n"
	"  start INTEGER NOT NULL,\n"
	"  \"end\" INTEGER NOT NULL CONSTRAINT end_after_start\n"
	"      CHECK (\"end\" > start),\n"
	"  imported_at INTEGER NOT NULL\n"
	") STRICT;\n"
	"CREATE INDEX busy_client_start ON busy (client, start);\n"
	"CREATE INDEX busy_client_source_ref ON busy (client, source, ref);\n"
	"\n"
	"CREATE TABLE caldav_state (\n"
	"  client TEXT PRIMARY KEY,\n"
	"  url TEXT NOT NULL,\n"
	"  sync_token TEXT,\n"
	"  ctag TEXT,\n"
	"  synced_at INTEGER\n"
	") STRICT;\n"
	"\n"
	"CREATE TABLE caldav_items (\n"
	"  client TEXT NOT NULL,\n"
	"  href TEXT NOT NULL,\n"
	"  etag TEXT,\n"
	"  uid TEXT,\n"
	"  PRIMARY KEY (client, href)\n"
	") STRICT, WITHOUT ROWID;\n"
	"\n"
	"CREATE TABLE reminders (\n"
	"  booking INTEGER NOT NULL REFERENCES bookings (id)\n"
	"      ON DELETE CASCADE,\n"
	"  kind TEXT NOT NULL,\n"
	"  start INTEGER NOT NULL,\n"
	"  sent_at INTEGER NOT NULL,\n"
	"  PRIMARY KEY (booking, kind, start)\n"
	") STRICT, WITHOUT ROWID;\n";

#define BOOKING_COLS "id, client, uid, sequence, status, type, start, " \
	"\"end\", name, phone, email, note, href, etag, pushed_seq, " \
	"remote_etag, conflict, created_at, updated_at"

/* ?1 client, ?2 from, ?3 to, ?4 buffer, ?5 booking to leave out, ?6 its
 * CalDAV href (busy time that is the server's copy of it). */
static const char sql_is_free[] =
	"SELECT EXISTS (SELECT 1 FROM bookings WHERE client = ?1"
	"  AND status = 'confirmed' AND id <> ?5"
	"  AND start < ?3 + ?4 AND \"end\" > ?2 - ?4)"
	" OR EXISTS (SELECT 1 FROM busy WHERE client = ?1"
	"  AND start < ?3 AND \"end\" > ?2 AND (?6 IS NULL OR ref <> ?6))";

static const char sql_insert[] =
	"INSERT INTO bookings (client, uid, sequence, status, type, start,"
	" \"end\", name, phone, email, note, href, etag, pushed_seq,"
	" remote_etag, conflict, created_at, updated_at)"
	" VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
	" ?15, ?16, ?17, ?18, ?19)";

static const char sql_update[] =
	"UPDATE bookings SET client = ?2, uid = ?3, sequence = ?4,"
	" status = ?5, type = ?6, start = ?7, \"end\" = ?8, name = ?9,"
	" phone = ?10, email = ?11, note = ?12, href = ?13, etag = ?14,"
	" pushed_seq = ?15, remote_etag = ?16, conflict = ?17,"
	" updated_at = ?19 WHERE id = ?1";

static const char sql_by_id[] =
	"SELECT " BOOKING_COLS " FROM bookings WHERE id = ?1";
static const char sql_by_uid[] =
	"SELECT " BOOKING_COLS " FROM bookings WHERE uid = ?1";
static const char sql_each_client[] =
	"SELECT " BOOKING_COLS " FROM bookings WHERE client = ?1"
	" AND start >= ?2 AND start < ?3 ORDER BY start, id";
static const char sql_each_all[] =
	"SELECT " BOOKING_COLS " FROM bookings"
	" WHERE start >= ?2 AND start < ?3 ORDER BY start, id";

static const char sql_taken[] =
	"SELECT start - ?4, \"end\" + ?4, 0 FROM bookings WHERE client = ?1"
	"  AND status = 'confirmed' AND start < ?3 + ?4 AND \"end\" > ?2 - ?4"
	" UNION ALL"
	" SELECT start, \"end\", 1 FROM busy WHERE client = ?1"
	"  AND start < ?3 AND \"end\" > ?2"
	" ORDER BY 1, 2";

static const char sql_busy_clear[] =
	"DELETE FROM busy WHERE client = ?1 AND source = ?2";
static const char sql_busy_clear_ref[] =
	"DELETE FROM busy WHERE client = ?1 AND source = ?2 AND ref = ?3";
static const char sql_busy_add[] =
	"INSERT INTO busy (client, source, ref, start, \"end\", imported_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char sql_busy_client[] =
	"SELECT client, source, ref, start, \"end\" FROM busy"
	" WHERE client = ?1 AND start < ?3 AND \"end\" > ?2"
	" ORDER BY start, \"end\", source, ref";
static const char sql_busy_all[] =
	"SELECT client, source, ref, start, \"end\" FROM busy"
	" WHERE start < ?3 AND \"end\" > ?2"
	" ORDER BY client, start, \"end\", source, ref";

static const char sql_caldav_get[] =
	"SELECT url, sync_token, ctag, synced_at FROM caldav_state"
	" WHERE client = ?1";
static const char sql_caldav_put[] =
	"INSERT INTO caldav_state (client, url, sync_token, ctag, synced_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (client) DO UPDATE SET"
	" url = ?2, sync_token = ?3, ctag = ?4, synced_at = ?5";
static const char sql_caldav_reset[] =
	"DELETE FROM caldav_state WHERE client = ?1";
static const char sql_caldav_reset_items[] =
	"DELETE FROM caldav_items WHERE client = ?1";
static const char sql_item_get[] =
	"SELECT etag, uid FROM caldav_items WHERE client = ?1 AND href = ?2";
static const char sql_item_put[] =
	"INSERT INTO caldav_items (client, href, etag, uid)"
	" VALUES (?1, ?2, ?3, ?4) ON CONFLICT (client, href) DO UPDATE SET"
	" etag = ?3, uid = ?4";
static const char sql_item_del[] =
	"DELETE FROM caldav_items WHERE client = ?1 AND href = ?2";
static const char sql_items[] =
	"SELECT href, etag, uid FROM caldav_items WHERE client = ?1"
	" ORDER BY href";

static const char sql_reminder_mark[] =
	"INSERT INTO reminders (booking, kind, start, sent_at)"
	" VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING";
static const char sql_reminder_sent[] =
	"SELECT 1 FROM reminders WHERE booking = ?1 AND kind = ?2"
	" AND start = ?3";

const char *
ts_booking_status_name(enum ts_booking_status s)
{
	return s == TS_BOOKING_CANCELLED ? "cancelled" : "confirmed";
}

/* ---- bookings ---- */

int
ts_store_agenda_is_free(struct ts_store *s, const char *client,
    int64_t from, int64_t to, int64_t buffer, int64_t except,
    const char *except_href, struct ts_error *err)
{
	sqlite3_stmt *st = ts_store_stmt(s, TS_SQL_AGENDA_IS_FREE,
	    sql_is_free, err);
	int rc, taken = 1;

	if (!st)
		return -1;
	rc = ts_store_bind_text(st, 1, client, SIZE_MAX) |
	    sqlite3_bind_int64(st, 2, from) | sqlite3_bind_int64(st, 3, to) |
	    sqlite3_bind_int64(st, 4, buffer) |
	    sqlite3_bind_int64(st, 5, except) |
	    ts_store_bind_text(st, 6, except_href, SIZE_MAX);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		taken = sqlite3_column_int(st, 0);
	ts_store_done(s, st);
	if (rc != SQLITE_ROW)
		return ts_store_fail(s, rc, "check a slot", err);
	return !taken;
}

/* Binds b to ?1 .. ?19 (?18 created_at, ?19 updated_at). */
static int
bind_booking(sqlite3_stmt *st, const struct ts_booking *b)
{
	int rc;

	rc = sqlite3_bind_int64(st, 1, b->id) |
	    ts_store_bind_text(st, 2, b->client, sizeof b->client) |
	    ts_store_bind_text(st, 3, b->uid, sizeof b->uid) |
	    sqlite3_bind_int64(st, 4, b->sequence) |
	    ts_store_bind_text(st, 5, ts_booking_status_name(b->status),
	    SIZE_MAX) |
	    ts_store_bind_text(st, 6, b->type, sizeof b->type) |
	    sqlite3_bind_int64(st, 7, b->start) |
	    sqlite3_bind_int64(st, 8, b->end) |
	    ts_store_bind_text(st, 9, b->name, sizeof b->name) |
	    ts_store_bind_text(st, 10, b->phone, sizeof b->phone) |
	    ts_store_bind_text(st, 11, b->email, sizeof b->email) |
	    ts_store_bind_text(st, 12, b->note, sizeof b->note);
	rc |= ts_store_bind_text(st, 13, b->href, sizeof b->href) |
	    ts_store_bind_text(st, 14, b->etag, sizeof b->etag) |
	    (b->pushed_seq < 0 ? sqlite3_bind_null(st, 15) :
	    sqlite3_bind_int64(st, 15, b->pushed_seq)) |
	    ts_store_bind_text(st, 16, b->remote_etag, sizeof b->remote_etag) |
	    ts_store_bind_text(st, 17, b->conflict, sizeof b->conflict) |
	    sqlite3_bind_int64(st, 18, b->created_at) |
	    sqlite3_bind_int64(st, 19, b->updated_at);
	return rc;
}

static void
read_booking(sqlite3_stmt *st, struct ts_booking *b)
{
	char status[16];

	memset(b, 0, sizeof *b);
	b->id = sqlite3_column_int64(st, 0);
	ts_store_col_text(st, 1, b->client, sizeof b->client);
	ts_store_col_text(st, 2, b->uid, sizeof b->uid);
	b->sequence = sqlite3_column_int64(st, 3);
	ts_store_col_text(st, 4, status, sizeof status);
	b->status = strcmp(status, "cancelled") == 0 ? TS_BOOKING_CANCELLED :
	    TS_BOOKING_CONFIRMED;
	ts_store_col_text(st, 5, b->type, sizeof b->type);
	b->start = sqlite3_column_int64(st, 6);
	b->end = sqlite3_column_int64(st, 7);
	ts_store_col_text(st, 8, b->name, sizeof b->name);
	ts_store_col_text(st, 9, b->phone, sizeof b->phone);
	ts_store_col_text(st, 10, b->email, sizeof b->email);
	ts_store_col_text(st, 11, b->note, sizeof b->note);
	ts_store_col_text(st, 12, b->href, sizeof b->href);
	ts_store_col_text(st, 13, b->etag, sizeof b->etag);
	b->pushed_seq = sqlite3_column_type(st, 14) == SQLITE_NULL ? -1 :
	    sqlite3_column_int64(st, 14);
	ts_store_col_text(st, 15, b->remote_etag, sizeof b->remote_etag);
	ts_store_col_text(st, 16, b->conflict, sizeof b->conflict);
	b->created_at = sqlite3_column_int64(st, 17);
	b->updated_at = sqlite3_column_int64(st, 18);
}

/* A write the schema refused because of an overlap: the slot is taken. */
static int
write_fail(struct ts_store *s, int rc, const char *what, struct ts_error *err)
{
	if ((rc & 0xff) == SQLITE_CONSTRAINT &&
	    (strstr(sqlite3_errmsg(s->db), "overlap") ||
	    strstr(sqlite3_errmsg(s->db), "bookings.start")))
		return ts_error_set(err, TS_EXIT_NO, "%s: the slot is taken",
		    what);
	return ts_store_fail(s, rc, what, err);
}

int
ts_store_booking_add(struct ts_store *s, struct ts_booking *b, int64_t now,
    struct ts_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (ts_store_need_tx(s, "store a booking", err) != 0)
		return -1;
	if (!(st = ts_store_stmt(s, TS_SQL_BOOKING_INSERT, sql_insert, err)))
		return -1;
	b->created_at = b->updated_at = now;
	rc = bind_booking(st, b);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	ts_store_done(s, st);
	if (rc != SQLITE_DONE)
		return write_fail(s, rc, "store a booking", err);
	b->id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int
ts_store_booking_update(struct ts_store *s, struct ts_booking *b,
    int64_t now, struct ts_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (ts_store_need_tx(s, "update a booking", err) != 0)
		return -1;
	if (!(st = ts_store_stmt(s, TS_SQL_BOOKING_UPDATE, sql_update, err)))
		return -1;
	b->updated_at = now;
	rc = bind_booking(st, b);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	ts_store_done(s, st);
	if (rc != SQLITE_DONE)
		return write_fail(s, rc, "update a booking", err);
	return 0;
}

int
ts_store_booking_get(struct ts_store *s, int64_t id, const char *uid,
    struct ts_booking *b, struct ts_error *err)
{
	sqlite3_stmt *st;
	int rc;

	st = uid ? ts_store_stmt(s, TS_SQL_BOOKING_BY_UID, sql_by_uid, err) :
	    ts_store_stmt(s, TS_SQL_BOOKING_BY_ID, sql_by_id, err);
	if (!st)
		return -1;
	rc = uid ? ts_store_bind_text(st, 1, uid, SIZE_MAX) :
	    sqlite3_bind_int64(st, 1, id);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		read_booking(st, b);
	ts_store_done(s, st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ts_store_fail(s, rc, "read a booking", err);
	return rc == SQLITE_ROW;
}

int
ts_store_bookings_each(struct ts_store *s, const char *client, int64_t from,
    int64_t to, int (*fn)(const struct ts_booking *b, void *ctx), void *ctx,
    struct ts_error *err)
{
	struct ts_booking b;
	sqlite3_stmt *st;
	int rc, ret = 0;

	st = client ? ts_store_stmt(s, TS_SQL_BOOKINGS_CLIENT,
	    sql_each_client, err) : ts_store_stmt(s, TS_SQL_BOOKINGS_ALL,
	    sql_each_all, err);
	if (!st)
		return -1;
	rc = sqlite3_bind_int64(st, 2, from) | sqlite3_bind_int64(st, 3, to);
	if (client)
		rc |= ts_store_bind_text(st, 1, client, SIZE_MAX);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	while (rc == SQLITE_ROW) {
		read_booking(st, &b);
		if ((ret = fn(&b, ctx)) != 0)
			break;
		rc = sqlite3_step(st);
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = ts_store_fail(s, rc, "read bookings", err);
	ts_store_done(s, st);
	return ret;
}

int
ts_store_agenda_taken(struct ts_store *s, const char *client, int64_t from,
    int64_t to, int64_t buffer,
    int (*fn)(int64_t from, int64_t to, int kind, void *ctx), void *ctx,
    struct ts_error *err)
{
	sqlite3_stmt *st = ts_store_stmt(s, TS_SQL_AGENDA_TAKEN, sql_taken,
	    err);
	int rc, ret = 0;

	if (!st)
		return -1;
	rc = ts_store_bind_text(st, 1, client, SIZE_MAX) |
	    sqlite3_bind_int64(st, 2, from) | sqlite3_bind_int64(st, 3, to) |
	    sqlite3_bind_int64(st, 4, buffer);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	while (rc == SQLITE_ROW) {
		if ((ret = fn(sqlite3_column_int64(st, 0),
		    sqlite3_column_int64(st, 1), sqlite3_column_int(st, 2),
		    ctx)) != 0)
			break;
		rc = sqlite3_step(st);
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = ts_store_fail(s, rc, "read the agenda", err);
	ts_store_done(s, st);
	return ret;
}

/* ---- busy blocks ---- */

int
ts_store_busy_clear(struct ts_store *s, const char *client,
    const char *source, const char *ref, struct ts_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (ts_store_need_tx(s, "clear busy time", err) != 0)
		return -1;
	st = ref ? ts_store_stmt(s, TS_SQL_BUSY_CLEAR_REF, sql_busy_clear_ref,
	    err) : ts_store_stmt(s, TS_SQL_BUSY_CLEAR, sql_busy_clear, err);
	if (!st)
		return -1;
	rc = ts_store_bind_text(st, 1, client, SIZE_MAX) |
	    ts_store_bind_text(st, 2, source, SIZE_MAX);
	if (ref)
		rc |= ts_store_bind_text(st, 3, ref, SIZE_MAX);
	if (rc != SQLITE_OK) {
		ts_store_done(s, st);
		return ts_store_fail(s, rc, "clear busy time", err);
	}
	return ts_store_exec(s, st, "clear busy time", err);
}

int
ts_store_busy_add(struct ts_store *s, const char *client, const char *source,
    const char *ref, int64_t from, int64_t to, int64_t now,
    struct ts_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (ts_store_need_tx(s, "store busy time", err) != 0)
		return -1;
	if (!(st = ts_store_stmt(s, TS_SQL_BUSY_ADD, sql_busy_add, err)))
		return -1;
	rc = ts_store_bind_text(st, 1, client, SIZE_MAX) |
	    ts_store_bind_text(st, 2, source, SIZE_MAX) |
	    ts_store_bind_text(st, 3, ref, SIZE_MAX) |
	    sqlite3_bind_int64(st, 4, from) | sqlite3_bind_int64(st, 5, to) |
	    sqlite3_bind_int64(st, 6, now);
	if (rc != SQLITE_OK) {
		ts_store_done(s, st);
		return ts_store_fail(s, rc, "store busy time", err);
	}
	return ts_store_exec(s, st, "store busy time", err);
}

int
ts_store_busy_each(struct ts_store *s, const char *client, int64_t from,
    int64_t to, int (*fn)(const char *client, const char *source,
    const char *ref, int64_t from, int64_t to, void *ctx), void *ctx,
    struct ts_error *err)
{
	char cl[64], source[128], ref[512];
	sqlite3_stmt *st;
	int rc, ret = 0;

	st = client ? ts_store_stmt(s, TS_SQL_BUSY_CLIENT, sql_busy_client,
	    err) : ts_store_stmt(s, TS_SQL_BUSY_ALL, sql_busy_all, err);
	if (!st)
		return -1;
	rc = sqlite3_bind_int64(st, 2, from) | sqlite3_bind_int64(st, 3, to);
	if (client)
		rc |= ts_store_bind_text(st, 1, client, SIZE_MAX);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	while (rc == SQLITE_ROW) {
		ts_store_col_text(st, 0, cl, sizeof cl);
		ts_store_col_text(st, 1, source, sizeof source);
		ts_store_col_text(st, 2, ref, sizeof ref);
		if ((ret = fn(cl, source, ref, sqlite3_column_int64(st, 3),
		    sqlite3_column_int64(st, 4), ctx)) != 0)
			break;
		rc = sqlite3_step(st);
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = ts_store_fail(s, rc, "read busy time", err);
	ts_store_done(s, st);
	return ret;
}

/* ---- CalDAV state ---- */

int
ts_store_caldav_get(struct ts_store *s, const char *client,
    struct ts_caldav_state *cs, struct ts_error *err)
{
	sqlite3_stmt *st = ts_store_stmt(s, TS_SQL_CALDAV_GET, sql_caldav_get,
	    err);
	int rc;

	if (!st)
		return -1;
	memset(cs, 0, sizeof *cs);
	cs->synced_at = TS_TIME_NONE;
	rc = ts_store_bind_text(st, 1, client, SIZE_MAX);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		ts_store_col_text(st, 0, cs->url, sizeof cs->url);
		ts_store_col_text(st, 1, cs->sync_token, sizeof cs->sync_token);
		ts_store_col_text(st, 2, cs->ctag, sizeof cs->ctag);
		cs->synced_at = ts_store_col_time(st, 3);
	}
	ts_store_done(s, st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ts_store_fail(s, rc, "read the sync state", err);
	return rc == SQLITE_ROW;
}

int
ts_store_caldav_put(struct ts_store *s, const char *client,
    const struct ts_caldav_state *cs, struct ts_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (ts_store_need_tx(s, "store the sync state", err) != 0)
		return -1;
	if (!(st = ts_store_stmt(s, TS_SQL_CALDAV_PUT, sql_caldav_put, err)))
		return -1;
	rc = ts_store_bind_text(st, 1, client, SIZE_MAX) |
	    ts_store_bind_text(st, 2, cs->url, sizeof cs->url) |
	    ts_store_bind_text(st, 3, cs->sync_token, sizeof cs->sync_token) |
	    ts_store_bind_text(st, 4, cs->ctag, sizeof cs->ctag) |
	    ts_store_bind_time(st, 5, cs->synced_at);
	if (rc != SQLITE_OK) {
		ts_store_done(s, st);
		return ts_store_fail(s, rc, "store the sync state", err);
	}
	return ts_store_exec(s, st, "store the sync state", err);
}

/* Runs a statement that takes the client as ?1 only. */
static int
by_client(struct ts_store *s, enum ts_store_sql id, const char *sql,
    const char *client, const char *what, struct ts_error *err)
{
	sqlite3_stmt *st = ts_store_stmt(s, id, sql, err);

	if (!st)
		return -1;
	if (ts_store_bind_text(st, 1, client, SIZE_MAX) != SQLITE_OK) {
		ts_store_done(s, st);
		return ts_store_fail(s, SQLITE_ERROR, what, err);
	}
	return ts_store_exec(s, st, what, err);
}

int
ts_store_caldav_reset(struct ts_store *s, const char *client,
    struct ts_error *err)
{
	if (ts_store_need_tx(s, "reset the sync state", err) != 0)
		return -1;
	if (by_client(s, TS_SQL_CALDAV_RESET, sql_caldav_reset, client,
	    "reset the sync state", err) != 0)
		return -1;
	return by_client(s, TS_SQL_CALDAV_RESET_ITEMS, sql_caldav_reset_items,
	    client, "reset the sync state", err);
}

int
ts_store_caldav_item_get(struct ts_store *s, const char *client,
    const char *href, char etag[128], char uid[128], struct ts_error *err)
{
	sqlite3_stmt *st = ts_store_stmt(s, TS_SQL_CALDAV_ITEM_GET,
	    sql_item_get, err);
	int rc;

	if (!st)
		return -1;
	etag[0] = uid[0] = '\0';
	rc = ts_store_bind_text(st, 1, client, SIZE_MAX) |
	    ts_store_bind_text(st, 2, href, SIZE_MAX);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		ts_store_col_text(st, 0, etag, 128);
		ts_store_col_text(st, 1, uid, 128);
	}
	ts_store_done(s, st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ts_store_fail(s, rc, "read the sync state", err);
	return rc == SQLITE_ROW;
}

int
ts_store_caldav_item_put(struct ts_store *s, const char *client,
    const char *href, const char *etag, const char *uid,
    struct ts_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (ts_store_need_tx(s, "store the sync state", err) != 0)
		return -1;
	st = ts_store_stmt(s, TS_SQL_CALDAV_ITEM_PUT, sql_item_put, err);
	if (!st)
		return -1;
	rc = ts_store_bind_text(st, 1, client, SIZE_MAX) |
	    ts_store_bind_text(st, 2, href, SIZE_MAX) |
	    ts_store_bind_text(st, 3, etag, SIZE_MAX) |
	    ts_store_bind_text(st, 4, uid, SIZE_MAX);
	if (rc != SQLITE_OK) {
		ts_store_done(s, st);
		return ts_store_fail(s, rc, "store the sync state", err);
	}
	return ts_store_exec(s, st, "store the sync state", err);
}

int
ts_store_caldav_item_del(struct ts_store *s, const char *client,
    const char *href, struct ts_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (ts_store_need_tx(s, "store the sync state", err) != 0)
		return -1;
	st = ts_store_stmt(s, TS_SQL_CALDAV_ITEM_DEL, sql_item_del, err);
	if (!st)
		return -1;
	rc = ts_store_bind_text(st, 1, client, SIZE_MAX) |
	    ts_store_bind_text(st, 2, href, SIZE_MAX);
	if (rc != SQLITE_OK) {
		ts_store_done(s, st);
		return ts_store_fail(s, rc, "store the sync state", err);
	}
	return ts_store_exec(s, st, "store the sync state", err);
}

int
ts_store_caldav_items_each(struct ts_store *s, const char *client,
    int (*fn)(const char *href, const char *etag, const char *uid,
    void *ctx), void *ctx, struct ts_error *err)
{
	char href[512], etag[128], uid[128];
	sqlite3_stmt *st = ts_store_stmt(s, TS_SQL_CALDAV_ITEMS, sql_items,
	    err);
	int rc, ret = 0;

	if (!st)
		return -1;
	rc = ts_store_bind_text(st, 1, client, SIZE_MAX);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	while (rc == SQLITE_ROW) {
		ts_store_col_text(st, 0, href, sizeof href);
		ts_store_col_text(st, 1, etag, sizeof etag);
		ts_store_col_text(st, 2, uid, sizeof uid);
		if ((ret = fn(href, etag, uid, ctx)) != 0)
			break;
		rc = sqlite3_step(st);
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = ts_store_fail(s, rc, "read the sync state", err);
	ts_store_done(s, st);
	return ret;
}

/* ---- reminders ---- */

int
ts_store_reminder_mark(struct ts_store *s, int64_t booking, const char *kind,
    int64_t start, int64_t now, struct ts_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (ts_store_need_tx(s, "record a reminder", err) != 0)
		return -1;
	st = ts_store_stmt(s, TS_SQL_REMINDER_MARK, sql_reminder_mark, err);
	if (!st)
		return -1;
	rc = sqlite3_bind_int64(st, 1, booking) |
	    ts_store_bind_text(st, 2, kind, SIZE_MAX) |
	    sqlite3_bind_int64(st, 3, start) | sqlite3_bind_int64(st, 4, now);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	ts_store_done(s, st);
	if (rc != SQLITE_DONE)
		return ts_store_fail(s, rc, "record a reminder", err);
	return sqlite3_changes(s->db) > 0;
}

int
ts_store_reminder_sent(struct ts_store *s, int64_t booking, const char *kind,
    int64_t start, struct ts_error *err)
{
	sqlite3_stmt *st = ts_store_stmt(s, TS_SQL_REMINDER_SENT,
	    sql_reminder_sent, err);
	int rc;

	if (!st)
		return -1;
	rc = sqlite3_bind_int64(st, 1, booking) |
	    ts_store_bind_text(st, 2, kind, SIZE_MAX) |
	    sqlite3_bind_int64(st, 3, start);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	ts_store_done(s, st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ts_store_fail(s, rc, "read reminders", err);
	return rc == SQLITE_ROW;
}
