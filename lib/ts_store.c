/*
 * ts_store.c - opening the store: its path, the file's mode, pragmas,
 * migrations, transactions, errors, and the statement cache that every
 * ts_store_*.c file uses (see ts_store.h and ts_store_impl.h).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "ts_buf.h"
#include "ts_call.h"
#include "ts_err.h"
#include "ts_mem.h"
#include "ts_store.h"
#include "ts_store_impl.h"
#include "ts_time.h"
#include "banned.h"

/* "TSDB": PRAGMA application_id, so that file(1) and we can tell a store. */
#define TS_STORE_APP_ID 0x54534442

#define BUSY_TIMEOUT_MS 10000

/*
 * Set when the file is new, before its first table: the page size cannot
 * change afterwards without a VACUUM (and never in WAL mode).  Measured on
 * a million calls: 16 KiB loads them about 15% faster than SQLite's 4 KiB
 * (shallower b-trees, fewer splits, fewer WAL frames); 32 KiB was no
 * better and makes every small write larger.
 */
#define PAGE_SIZE 16384

/*
 * Page cache per connection, in KiB (negative: SQLite's unit for KiB).  An
 * import inserts into every index at once, and the caller index at random
 * places: with SQLite's default of 2 MiB, loading a million calls took
 * 12 s instead of 5 s; 256 MiB was no faster than 64 MiB.  Memory is only
 * taken as pages are used.
 */
#define CACHE_KIB 65536

/* The WAL is cut back to this size after a checkpoint (bytes). */
#define WAL_LIMIT (32 * 1024 * 1024)

int
ts_store_path(const char *opt, struct ts_buf *out, struct ts_error *err)
{
	const char *v;

	if (opt) {
		if (!*opt)
			return ts_error_set(err, TS_EXIT_USAGE,
			    "the store's path is empty");
		ts_buf_addstr(out, opt);
		return 0;
	}
	if ((v = getenv("TS_DB")) && *v) {
		ts_buf_addstr(out, v);
		return 0;
	}
	/* The XDG spec: a relative XDG_DATA_HOME is invalid, ignore it. */
	if ((v = getenv("XDG_DATA_HOME")) && *v == '/') {
		ts_buf_addf(out, "%s/ts/ts.db", v);
		return 0;
	}
	if ((v = getenv("HOME")) && *v) {
		ts_buf_addf(out, "%s/.local/share/ts/ts.db", v);
		return 0;
	}
	return ts_error_set(err, TS_EXIT_USAGE,
	    "cannot tell where the store is: use --db, or set TS_DB or HOME");
}

/* ---- errors, statements, binding ---- */

/*
 * An I/O error says what the system said: SQLite reports a full disk met
 * while creating the WAL or growing the file as a mere "disk I/O error".
 */
static int
io_failed(struct ts_store *s, const char *what, const char *msg,
    struct ts_error *err)
{
	int e = s && s->db ? sqlite3_system_errno(s->db) : 0;

	if (e == ENOSPC || e == EDQUOT || e == EFBIG)
		return ts_error_set(err, TS_EXIT_FAIL, "%s: disk full (%s)",
		    what, strerror(e));
	if (e)
		return ts_error_set(err, TS_EXIT_FAIL, "%s: %s (%s)", what,
		    msg, strerror(e));
	return ts_error_set(err, TS_EXIT_FAIL, "%s: %s", what, msg);
}

int
ts_store_fail(struct ts_store *s, int rc, const char *what,
    struct ts_error *err)
{
	const char *msg = s && s->db ? sqlite3_errmsg(s->db) :
	    sqlite3_errstr(rc);

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return ts_error_set(err, TS_EXIT_TEMPFAIL,
		    "%s: store is busy (%s)", what, msg);
	case SQLITE_FULL:
		return ts_error_set(err, TS_EXIT_FAIL, "%s: disk full", what);
	case SQLITE_IOERR:
		return io_failed(s, what, msg, err);
	case SQLITE_NOTADB:
		return ts_error_set(err, TS_EXIT_FAIL,
		    "%s: not a ts store (file is not a database)", what);
	case SQLITE_CORRUPT:
		return ts_error_set(err, TS_EXIT_FAIL,
		    "%s: the store is damaged (%s)", what, msg);
	default:
		return ts_error_set(err, TS_EXIT_FAIL, "%s: %s", what, msg);
	}
}

sqlite3_stmt *
ts_store_stmt(struct ts_store *s, enum ts_store_sql id, const char *sql,
    struct ts_error *err)
{
	sqlite3_stmt *st = s->stmt[id];
	int rc;

	if (st && !sqlite3_stmt_busy(st))
		return st;
	/* Not yet prepared, or in use further up the stack: a new one. */
	rc = sqlite3_prepare_v3(s->db, sql, -1,
	    st ? 0 : SQLITE_PREPARE_PERSISTENT, &st, NULL);
	if (rc != SQLITE_OK) {
		ts_store_fail(s, rc, "prepare a query", err);
		return NULL;
	}
	if (!s->stmt[id])
		s->stmt[id] = st;
	return st;
}

void
ts_store_done(struct ts_store *s, sqlite3_stmt *st)
{
	int i;

	if (!st)
		return;
	for (i = 0; i < TS_SQL_COUNT; i++) {
		if (s->stmt[i] == st) {
			sqlite3_reset(st);
			return;
		}
	}
	sqlite3_finalize(st);
}

int
ts_store_exec(struct ts_store *s, sqlite3_stmt *st, const char *what,
    struct ts_error *err)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	if (rc != SQLITE_DONE)
		ts_store_fail(s, rc, what, err);
	ts_store_done(s, st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
ts_store_need_tx(struct ts_store *s, const char *what, struct ts_error *err)
{
	if (sqlite3_get_autocommit(s->db))
		return ts_error_set(err, TS_EXIT_FAIL,
		    "%s: not inside a transaction", what);
	return 0;
}

int
ts_store_bind_text(sqlite3_stmt *st, int i, const char *s, size_t size)
{
	size_t n = s ? strnlen(s, size) : 0;

	if (n == 0)
		return sqlite3_bind_null(st, i);
	if (n > INT_MAX)
		return SQLITE_TOOBIG;
	return sqlite3_bind_text(st, i, s, (int)n, SQLITE_STATIC);
}

int
ts_store_bind_time(sqlite3_stmt *st, int i, int64_t t)
{
	if (t == TS_TIME_NONE)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_int64(st, i, t);
}

void
ts_store_col_text(sqlite3_stmt *st, int i, char *dst, size_t size)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	int n = sqlite3_column_bytes(st, i);

	if (!t || n <= 0) {
		dst[0] = '\0';
		return;
	}
	ts_copy_text(dst, size, (const char *)t, (size_t)n);
}

int64_t
ts_store_col_time(sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return TS_TIME_NONE;
	return sqlite3_column_int64(st, i);
}

/* ---- transactions ---- */

/* Runs one of the cached transaction-control statements. */
static int
tx_exec(struct ts_store *s, enum ts_store_sql id, const char *sql,
    const char *what, struct ts_error *err)
{
	sqlite3_stmt *st = ts_store_stmt(s, id, sql, err);

	if (!st)
		return -1;
	return ts_store_exec(s, st, what, err);
}

int
ts_store_begin(struct ts_store *s, struct ts_error *err)
{
	if (!sqlite3_get_autocommit(s->db))
		return ts_error_set(err, TS_EXIT_FAIL,
		    "begin a transaction: one is already open");
	return tx_exec(s, TS_SQL_BEGIN, "BEGIN IMMEDIATE",
	    "begin a transaction", err);
}

static void bulk_journal_end(struct ts_store *s);

int
ts_store_commit(struct ts_store *s, struct ts_error *err)
{
	int rc;

	/* Once run, it is part of the transaction: a failed COMMIT or a
	 * rollback after it undoes it with the rest. */
	if (s->at_commit) {
		if (ts_store_script(s, s->at_commit, "commit", err) != 0)
			return -1;
		s->at_commit = NULL;
	}
	rc = tx_exec(s, TS_SQL_COMMIT, "COMMIT", "commit", err);
	if (sqlite3_get_autocommit(s->db))
		bulk_journal_end(s);
	return rc;
}

void
ts_store_rollback(struct ts_store *s)
{
	s->at_commit = NULL;	/* what it would have rebuilt is back */
	/* SQLite may already have rolled back (after SQLITE_FULL, say). */
	if (!sqlite3_get_autocommit(s->db))
		tx_exec(s, TS_SQL_ROLLBACK, "ROLLBACK", "roll back", NULL);
	bulk_journal_end(s);
}

/* ---- opening ---- */

/*
 * Runs one statement that is not cached (a PRAGMA at open, a step of a
 * migration) and copies the first column of its first row, if any, into
 * out.  Nothing in it comes from outside: PRAGMA takes no parameters.
 */
static int
run_once(struct ts_store *s, const char *sql, char *out, size_t size,
    const char *what, struct ts_error *err)
{
	sqlite3_stmt *st;
	int rc, row = 0;

	if (out)
		out[0] = '\0';
	rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return ts_store_fail(s, rc, what, err);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!row++ && out)
			ts_store_col_text(st, 0, out, size);
	}
	if (rc != SQLITE_DONE) {
		ts_store_fail(s, rc, what, err);
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

/* Runs a PRAGMA that returns a number into *v. */
static int
pragma_int(struct ts_store *s, const char *sql, long long *v,
    struct ts_error *err)
{
	char buf[32];

	if (run_once(s, sql, buf, sizeof buf, "open the store", err) != 0)
		return -1;
	*v = strtoll(buf, NULL, 10);
	return 0;
}

/* $TS_BUSY_TIMEOUT in milliseconds, else the default. */
static int
busy_timeout(int *ms, struct ts_error *err)
{
	const char *v = getenv("TS_BUSY_TIMEOUT");
	char *end;
	long n;

	*ms = BUSY_TIMEOUT_MS;
	if (!v || !*v)
		return 0;
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || *end || n < 0 || n > INT_MAX)
		return ts_error_set(err, TS_EXIT_USAGE,
		    "TS_BUSY_TIMEOUT '%s' is not a number of milliseconds", v);
	*ms = (int)n;
	return 0;
}

/* Creates the directories above path, mode 0700, as mkdir -p does. */
static int
make_parents(const char *path, struct ts_error *err)
{
	char *dir = ts_xstrdup(path), *p;
	int rc = 0;

	if (!(p = strrchr(dir, '/')) || p == dir) {
		free(dir);
		return 0;
	}
	*p = '\0';
	for (p = dir + 1; rc == 0; p++) {
		char c = *p;

		if (c != '/' && c != '\0')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST)
			rc = ts_error_set(err, TS_EXIT_FAIL,
			    "cannot create directory '%s': %s", dir,
			    strerror(errno));
		*p = c;
		if (c == '\0')
			break;
	}
	free(dir);
	return rc;
}

/*
 * Creates the store's file, empty and mode 0600, before SQLite sees it:
 * SQLite would create it 0644 under the usual umask, and its -wal and -shm
 * files copy the mode of the main file.  Losing a race to another process
 * creating it too is fine.
 */
static int
create_file(const char *path, struct ts_error *err)
{
	int fd;

	if (make_parents(path, err) != 0)
		return -1;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 && errno != EEXIST)
		return ts_error_set(err, TS_EXIT_FAIL,
		    "cannot create the store: %s", strerror(errno));
	if (fd >= 0)
		close(fd);
	return 0;
}

/* Checks path and creates the file when it is missing and may be. */
static int
prepare_file(const char *path, unsigned flags, struct ts_error *err)
{
	struct stat st;

	if (stat(path, &st) == 0) {
		if (!S_ISREG(st.st_mode))
			return ts_error_set(err, TS_EXIT_FAIL,
			    "the store is not a regular file");
		return 0;
	}
	if (errno != ENOENT)
		return ts_error_set(err, TS_EXIT_FAIL,
		    "cannot open the store: %s", strerror(errno));
	if (flags & (TS_STORE_READONLY | TS_STORE_MUST_EXIST))
		return ts_error_set(err, TS_EXIT_FAIL,
		    "the store does not exist");
	return create_file(path, err);
}

/* Settings that can only be made while the file is still empty. */
static int
set_new_file(struct ts_store *s, struct ts_error *err)
{
	long long pages;
	char sql[64];

	if (pragma_int(s, "PRAGMA page_count", &pages, err) != 0)
		return -1;
	if (pages != 0)
		return 0;
	snprintf(sql, sizeof sql, "PRAGMA page_size = %d", PAGE_SIZE);
	return run_once(s, sql, NULL, 0, "open the store", err);
}

static int
set_wal(struct ts_store *s, struct ts_error *err)
{
	char mode[16];

	if (run_once(s, "PRAGMA journal_mode = WAL", mode, sizeof mode,
	    "open the store", err) != 0)
		return -1;
	if (strcmp(mode, "wal") != 0)
		return ts_error_set(err, TS_EXIT_FAIL,
		    "open the store: cannot use WAL (journal mode is %s)",
		    mode);
	return 0;
}

/*
 * A first import writes the whole store in one transaction.  In WAL mode
 * every page is written twice (to the WAL, then by the checkpoint); with a
 * rollback journal an empty store's pages are written once, and the
 * journal holds only the few pages that existed before.  So the
 * transaction of a first import leaves WAL mode when this connection is
 * the only one (SQLite refuses otherwise, and then it stays in WAL: only
 * slower), and goes back to it when the transaction ends.  Readers that
 * come meanwhile wait, as for any writer in rollback mode; there is
 * nothing for them to read yet.  A crash leaves a hot journal, which the
 * next connection rolls back, then opens in WAL mode as always.
 */
static void
bulk_journal_start(struct ts_store *s)
{
	char mode[16];

	sqlite3_busy_timeout(s->db, 0);		/* others there: stay in WAL */
	if (run_once(s, "PRAGMA journal_mode = DELETE", mode, sizeof mode,
	    "prepare the import", NULL) == 0 && strcmp(mode, "delete") == 0)
		s->bulk_journal = 1;
	sqlite3_busy_timeout(s->db, s->busy_ms);
}

static void
bulk_journal_end(struct ts_store *s)
{
	if (!s->bulk_journal)
		return;
	s->bulk_journal = 0;
	/* On failure the store stays in rollback mode until the next open,
	 * which sets WAL again: nothing is lost either way. */
	set_wal(s, NULL);
}

int
ts_store_begin_bulk(struct ts_store *s, struct ts_error *err)
{
	int empty;

	if (!sqlite3_get_autocommit(s->db))
		return ts_error_set(err, TS_EXIT_FAIL,
		    "begin a transaction: one is already open");
	if ((empty = ts_store_calls_empty(s, err)) < 0)
		return -1;
	if (empty)
		bulk_journal_start(s);
	if (ts_store_begin(s, err) != 0 || ts_store_calls_bulk(s, err) != 0) {
		ts_store_rollback(s);
		return -1;
	}
	return 0;
}

/* The pragmas every connection gets (ts_store.h). */
static int
set_pragmas(struct ts_store *s, struct ts_error *err)
{
	static const char *const sql[] = {
		"PRAGMA synchronous = FULL",
		"PRAGMA temp_store = MEMORY",
		"PRAGMA trusted_schema = OFF",
		"PRAGMA foreign_keys = OFF",	/* ON once migrated */
	};
	char buf[64];
	long long on;
	size_t i;

	if (pragma_int(s, "PRAGMA secure_delete = ON", &on, err) != 0)
		return -1;
	if (on != 1)
		return ts_error_set(err, TS_EXIT_FAIL,
		    "open the store: SQLite refuses secure_delete");
	for (i = 0; i < sizeof sql / sizeof sql[0]; i++)
		if (run_once(s, sql[i], NULL, 0, "open the store", err) != 0)
			return -1;
	snprintf(buf, sizeof buf, "PRAGMA cache_size = %d", -CACHE_KIB);
	if (run_once(s, buf, NULL, 0, "open the store", err) != 0)
		return -1;
	if (s->flags & TS_STORE_READONLY)
		return 0;
	snprintf(buf, sizeof buf, "PRAGMA journal_size_limit = %d",
	    WAL_LIMIT);
	return run_once(s, buf, NULL, 0, "open the store", err);
}

/*
 * Is version v one this program can use?  Newer is always an error; older
 * is one when the store may not be written (so cannot be migrated).
 */
static int
check_version(struct ts_store *s, long long v, struct ts_error *err)
{
	int latest = ts_store_schema_latest();

	if (v > latest)
		return ts_error_set(err, TS_EXIT_FAIL,
		    "store schema version %lld is newer than this program (%d)",
		    v, latest);
	if (v < latest && (s->flags & TS_STORE_READONLY))
		return ts_error_set(err, TS_EXIT_FAIL,
		    "store schema version %lld is older than this program "
		    "(%d): open it once for writing to upgrade it", v, latest);
	return 0;
}

/*
 * Refuses a SQLite file that some other program made: one with tables but
 * no schema version, or with a schema version but not our application id.
 */
static int
check_ours(struct ts_store *s, long long v, struct ts_error *err)
{
	long long app, n;

	if (pragma_int(s, "PRAGMA application_id", &app, err) != 0 ||
	    pragma_int(s, "SELECT count(*) FROM sqlite_schema", &n, err) != 0)
		return -1;
	if ((v > 0 && app != TS_STORE_APP_ID) || (v == 0 && n > 0))
		return ts_error_set(err, TS_EXIT_FAIL,
		    "open the store: a SQLite database, but not a ts store");
	return 0;
}

int
ts_store_script(struct ts_store *s, const char *sql, const char *what,
    struct ts_error *err)
{
	const char *tail = sql;
	sqlite3_stmt *st;
	int rc;

	while (*tail) {
		rc = sqlite3_prepare_v2(s->db, tail, -1, &st, &tail);
		if (rc != SQLITE_OK)
			return ts_store_fail(s, rc, what, err);
		if (!st)	/* only blanks or comments were left */
			break;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			;
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return ts_store_fail(s, rc, what, err);
	}
	return 0;
}

/* Runs one migration's SQL, statement by statement. */
static int
run_script(struct ts_store *s, const struct ts_store_migration *m,
    struct ts_error *err)
{
	char what[64];

	snprintf(what, sizeof what, "migrate the store to schema version %d",
	    m->version);
	return ts_store_script(s, m->sql, what, err);
}

/* Inside the migration's transaction: foreign keys, version, id. */
static int
finish_migration(struct ts_store *s, long long from, int to,
    struct ts_error *err)
{
	char sql[64], bad[8];

	if (run_once(s, "PRAGMA foreign_key_check", bad, sizeof bad,
	    "migrate the store", err) != 0)
		return -1;
	if (bad[0])
		return ts_error_set(err, TS_EXIT_FAIL, "migrate the store to "
		    "schema version %d: foreign keys do not hold", to);
	/* PRAGMA takes no parameters; to is our own number. */
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", to);
	if (run_once(s, sql, NULL, 0, "migrate the store", err) != 0)
		return -1;
	if (from != 0)
		return 0;
	snprintf(sql, sizeof sql, "PRAGMA application_id = %d",
	    TS_STORE_APP_ID);
	return run_once(s, sql, NULL, 0, "migrate the store", err);
}

int
ts_store_migrate(struct ts_store *s, const struct ts_store_migration *m,
    size_t n, struct ts_error *err)
{
	long long v;
	size_t i;

	if (n == 0)
		return 0;
	if (pragma_int(s, "PRAGMA user_version", &v, err) != 0)
		return -1;
	if (v >= m[n - 1].version)
		return 0;
	if (ts_store_begin(s, err) != 0)
		return -1;
	/* Another process may have migrated it while we were waiting. */
	if (pragma_int(s, "PRAGMA user_version", &v, err) != 0)
		goto fail;
	for (i = 0; i < n; i++) {
		if (m[i].version > v && run_script(s, &m[i], err) != 0)
			goto fail;
	}
	if (v < m[n - 1].version &&
	    finish_migration(s, v, m[n - 1].version, err) != 0)
		goto fail;
	if (ts_store_commit(s, err) != 0)
		goto fail;
	return 0;
fail:
	ts_store_rollback(s);
	return -1;
}

/* Brings the schema up to date, or checks that it is when read-only. */
static int
open_schema(struct ts_store *s, struct ts_error *err)
{
	long long v;

	if (pragma_int(s, "PRAGMA user_version", &v, err) != 0 ||
	    check_ours(s, v, err) != 0 || check_version(s, v, err) != 0)
		return -1;
	if (!(s->flags & TS_STORE_READONLY) &&
	    ts_store_migrate(s, ts_store_migrations, ts_store_nmigrations,
	    err) != 0)
		return -1;
	if (pragma_int(s, "PRAGMA user_version", &v, err) != 0 ||
	    check_version(s, v, err) != 0)
		return -1;
	s->version = (int)v;
	return run_once(s, "PRAGMA foreign_keys = ON", NULL, 0,
	    "open the store", err);
}

/* Everything after sqlite3_open_v2, in the order SQLite needs it. */
static int
setup(struct ts_store *s, struct ts_error *err)
{
	int ms;

	/* First, so that the pragmas below wait for a busy store too. */
	if (busy_timeout(&ms, err) != 0)
		return -1;
	sqlite3_busy_timeout(s->db, ms);
	s->busy_ms = ms;
	if (!(s->flags & TS_STORE_READONLY) &&
	    (set_new_file(s, err) != 0 || set_wal(s, err) != 0))
		return -1;
	if (set_pragmas(s, err) != 0)
		return -1;
	return open_schema(s, err);
}

struct ts_store *
ts_store_open(const char *path, unsigned flags, struct ts_error *err)
{
	struct ts_store *s;
	struct ts_buf name = TS_BUF_INIT;
	int rc, oflags;

	if (prepare_file(path, flags, err) != 0) {
		ts_error_locate(err, path, 0, 0);
		return NULL;
	}
	s = ts_xcalloc(1, sizeof *s);
	s->flags = flags;
	/* Debian's SQLite reads "file:..." as a URI; "./file:..." is not. */
	if (strncmp(path, "file:", 5) == 0)
		ts_buf_addstr(&name, "./");
	ts_buf_addstr(&name, path);
	/* No SQLITE_OPEN_CREATE: the file exists, made by prepare_file. */
	oflags = (flags & TS_STORE_READONLY) ? SQLITE_OPEN_READONLY :
	    SQLITE_OPEN_READWRITE;
	rc = sqlite3_open_v2(name.buf, &s->db, oflags | SQLITE_OPEN_NOMUTEX,
	    NULL);
	ts_buf_release(&name);
	if (rc != SQLITE_OK)
		ts_store_fail(s, rc, "open the store", err);
	if (rc != SQLITE_OK || setup(s, err) != 0) {
		ts_error_locate(err, path, 0, 0);
		ts_store_close(s);
		return NULL;
	}
	return s;
}

void
ts_store_close(struct ts_store *s)
{
	int i;

	if (!s)
		return;
	for (i = 0; i < TS_SQL_COUNT; i++)
		sqlite3_finalize(s->stmt[i]);
	/* Rolls back an open transaction; the last one out checkpoints. */
	sqlite3_close(s->db);
	free(s);
}

int
ts_store_schema_latest(void)
{
	return ts_store_migrations[ts_store_nmigrations - 1].version;
}

int
ts_store_schema_version(struct ts_store *s)
{
	return s->version;
}
