/*
 * ts_store_impl.h - what the store's own files share (ts_store*.c only).
 *
 * Nothing outside lib/ts_store*.c (and the store's unit test) includes this
 * header: it is the one place where sqlite3.h meets the rest of ts.
 *
 * Statements are prepared on first use and kept for the life of the
 * connection, one slot per enum ts_store_sql.  A feature that needs new
 * queries adds its slots to that enum and keeps the SQL text beside the code
 * that binds it.  ts_store_stmt hands out the cached statement, or a fresh
 * one when the cached one is in the middle of a loop (a callback of
 * ts_store_calls_each may itself call ts_store_calls_each); ts_store_done
 * resets or finalizes it, so that no statement ever keeps a read
 * transaction open behind the caller's back (that would block checkpoints).
 *
 * Empty text is stored as NULL, never as '': the bind and column helpers
 * below do the mapping both ways, and NOT NULL columns hold only text that
 * may not be empty.  Instants are INTEGER seconds, NULL for TS_TIME_NONE.
 */
#ifndef TS_STORE_IMPL_H
#define TS_STORE_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "ts_err.h"
#include "ts_store.h"

/* One slot per cached statement.  Later features append theirs. */
enum ts_store_sql {
	TS_SQL_BEGIN,
	TS_SQL_COMMIT,
	TS_SQL_ROLLBACK,
	TS_SQL_CALL_INSERT, TS_SQL_CALLS_EMPTY,
	TS_SQL_CALL_GET,
	TS_SQL_CALL_UPDATE,
	TS_SQL_CALL_UPDATE_KEYS,
	TS_SQL_CALLS_BY_ID,
	TS_SQL_CALLS_BY_CALLER,
	TS_SQL_CALLS_BY_CLIENT,
	TS_SQL_CALLS_ALL,
	TS_SQL_CONTACT_BY_EXT,
	TS_SQL_CONTACT_BY_PHONE,
	TS_SQL_CONTACT_BY_EMAIL,
	TS_SQL_CONTACT_BY_NAME,
	TS_SQL_CONTACT_GET,
	TS_SQL_CONTACT_INSERT,
	TS_SQL_CONTACT_UPDATE,
	TS_SQL_PHONES_GET,
	TS_SQL_PHONES_DELETE,
	TS_SQL_PHONE_INSERT,
	TS_SQL_CONTACTS_CLIENT,
	TS_SQL_CONTACTS_ALL,
	TS_SQL_ESC_INSERT,
	TS_SQL_ESC_OPEN,
	TS_SQL_ESC_UPDATE,
	TS_SQL_ESC_ACK,
	/* ts_store_msg.c */
	TS_SQL_MSG_INSERT, TS_SQL_MSG_GET, TS_SQL_MSGS, TS_SQL_D_INSERT,
	TS_SQL_D_GET, TS_SQL_D_EACH, TS_SQL_D_CLAIM, TS_SQL_D_DONE,
	TS_SQL_D_RETRY, TS_SQL_D_CANCEL, TS_SQL_D_COUNTS,
	TS_SQL_AGENDA_IS_FREE,
	TS_SQL_BOOKING_INSERT,
	TS_SQL_BOOKING_UPDATE,
	TS_SQL_BOOKING_BY_ID,
	TS_SQL_BOOKING_BY_UID,
	TS_SQL_BOOKINGS_CLIENT,
	TS_SQL_BOOKINGS_ALL,
	TS_SQL_AGENDA_TAKEN,
	TS_SQL_BUSY_CLEAR,
	TS_SQL_BUSY_CLEAR_REF,
	TS_SQL_BUSY_ADD,
	TS_SQL_BUSY_CLIENT,
	TS_SQL_BUSY_ALL,
	TS_SQL_CALDAV_GET,
	TS_SQL_CALDAV_PUT,
	TS_SQL_CALDAV_RESET,
	TS_SQL_CALDAV_RESET_ITEMS,
	TS_SQL_CALDAV_ITEM_GET,
	TS_SQL_CALDAV_ITEM_PUT,
	TS_SQL_CALDAV_ITEM_DEL,
	TS_SQL_CALDAV_ITEMS,
	TS_SQL_REMINDER_MARK,
	TS_SQL_REMINDER_SENT,
	TS_SQL_COUNT
};

struct ts_store {
	sqlite3 *db;
	unsigned flags;			/* enum ts_store_flags */
	int version;			/* PRAGMA user_version after open */
	sqlite3_stmt *stmt[TS_SQL_COUNT];	/* prepared on first use */
	const char *at_commit;		/* SQL run just before COMMIT, or NULL */
	int busy_ms;			/* the busy timeout set at open */
	int bulk_journal;		/* out of WAL until the transaction ends */
};

/*
 * The secondary indexes of calls, as migration 1 creates them: kept here
 * so that ts_store_calls_bulk builds exactly the same ones again.  A
 * migration that changes them must change this too.
 */
#define TS_STORE_CALLS_INDEXES \
	"CREATE INDEX calls_client_start ON calls (client, start);\n" \
	"CREATE INDEX calls_caller_start ON calls (caller, start);\n"

/* 1 when the store holds no call, 0 when it holds some, -1 (err set). */
int ts_store_calls_empty(struct ts_store *s, struct ts_error *err);

/*
 * Runs sql, which may hold several statements and binds no parameters;
 * what names the operation in an error.  Returns 0, or -1 with err set.
 */
int ts_store_script(struct ts_store *s, const char *sql, const char *what,
    struct ts_error *err);

/*
 * One migration: the SQL that takes the store from version - 1 to version.
 * It may hold several statements; it binds no parameters.  It runs with
 * foreign keys off (so that a table can be rebuilt, SQLite's "12-step"
 * ALTER), and PRAGMA foreign_key_check must find nothing before COMMIT.
 */
struct ts_store_migration {
	int version;
	const char *sql;
};

/* The ordered list (ts_store_schema.c), versions 1, 2, ... n. */
extern const struct ts_store_migration ts_store_migrations[];
extern const size_t ts_store_nmigrations;

/* The SQL of each migration, each kept beside the code that uses it. */
extern const char ts_store_schema_base[];
extern const char ts_store_schema_msg[];	/* ts_store_msg.c */
extern const char ts_store_schema_gdpr[];	/* 4: ts_store_gdpr.c */
extern const char ts_store_schema_agenda[];	/* ts_store_agenda.c */
extern const char ts_store_schema_escalations[];	/* version 5 */
extern const char ts_store_schema_gdpr_msg[];	/* 6: ts_store_gdpr.c */
extern const char ts_store_schema_queued[];	/* 7 */

/*
 * Runs the migrations of list m (n entries) that are newer than the store,
 * all in one BEGIN IMMEDIATE transaction that also sets user_version:
 * either every one is applied or none.  Exposed for the unit test.
 */
int ts_store_migrate(struct ts_store *s, const struct ts_store_migration *m,
    size_t n, struct ts_error *err);

/*
 * The statement for slot id, prepared from sql on first use.  Returns NULL
 * with err set.  Give it back with ts_store_done.
 */
sqlite3_stmt *ts_store_stmt(struct ts_store *s, enum ts_store_sql id,
    const char *sql, struct ts_error *err);
void ts_store_done(struct ts_store *s, sqlite3_stmt *st);

/*
 * Fills err from SQLite result rc for operation what ("store call"):
 * busy or locked is TS_EXIT_TEMPFAIL "store is busy", SQLITE_FULL is
 * "disk full", anything else TS_EXIT_FAIL with SQLite's message (which,
 * for constraint errors too, names columns, never values).  Returns -1.
 */
int ts_store_fail(struct ts_store *s, int rc, const char *what,
    struct ts_error *err);

/*
 * Steps a statement to its end (rows are ignored) and gives it back with
 * ts_store_done; 0, or -1 with err set.
 */
int ts_store_exec(struct ts_store *s, sqlite3_stmt *st, const char *what,
    struct ts_error *err);

/* Fails unless a transaction is open (writes must be inside one). */
int ts_store_need_tx(struct ts_store *s, const char *what,
    struct ts_error *err);

/*
 * Binding and reading with the NULL conventions.  Text is bound
 * SQLITE_STATIC: it must stay unchanged until the statement is reset.  The
 * bind helpers return an SQLite result code (SQLITE_OK is 0), so that a run
 * of them can be or-ed together and checked once.
 */
int ts_store_bind_text(sqlite3_stmt *st, int i, const char *s, size_t size);
int ts_store_bind_time(sqlite3_stmt *st, int i, int64_t t);
void ts_store_col_text(sqlite3_stmt *st, int i, char *dst, size_t size);
int64_t ts_store_col_time(sqlite3_stmt *st, int i);

#endif
