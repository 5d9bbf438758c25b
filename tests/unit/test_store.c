/*
 * test_store.c - the SQLite store: path, file modes, pragmas, schema and
 * migrations, read-only and busy stores, calls, contacts, and that a
 * deleted value leaves no bytes behind.
 *
 * Everything happens in a scratch directory (tests/tmp/test_store.XXXXXX
 * when run from the top of the tree, else under $TMPDIR), removed when all
 * tests pass.  Raw SQL (through the store's own connection or a second
 * one) is used only to look at what the store did or to set up a case.
 */
#define _XOPEN_SOURCE 700
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ts_buf.h"
#include "ts_call.h"
#include "ts_err.h"
#include "ts_store.h"
#include "ts_store_impl.h"
#include "ts_time.h"
#include "tap.h"
#include "banned.h"

#define NOW 1767225600		/* 2026-01-01T00:00:00Z */

static char dir[4096];

/* ---- helpers ---- */

static const char *
path_in(const char *name)
{
	static char buf[4][4200];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof buf[i], "%s/%s", dir, name);
	return buf[i];
}

static int
rm_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	return remove(p);
}

static void
make_scratch(void)
{
	const char *tmp = getenv("TMPDIR");
	struct stat st;

	if (stat("tests/unit", &st) == 0) {
		mkdir("tests/tmp", 0777);
		snprintf(dir, sizeof dir, "tests/tmp/test_store.XXXXXX");
	} else {
		snprintf(dir, sizeof dir, "%s/test_store.XXXXXX",
		    tmp && *tmp ? tmp : "/tmp");
	}
	if (!mkdtemp(dir)) {
		printf("Bail out! cannot create %s: %s\n", dir,
		    strerror(errno));
		exit(1);
	}
}

static long long
q_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -999;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -998;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void
q_text(sqlite3 *db, const char *sql, char *out, size_t size)
{
	sqlite3_stmt *st;

	out[0] = '\0';
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(out, size, "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

/* Runs SQL on a connection of its own; returns the SQLite result. */
static int
raw_exec(const char *path, const char *sql)
{
	sqlite3 *db;
	int rc;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc;
}

/* Does the file contain needle?  Only for files no connection has open. */
static int
file_has(const char *path, const char *needle)
{
	FILE *f = fopen(path, "rb");
	size_t n = strlen(needle), len = 0, cap = 0, r;
	char *buf = NULL, chunk[65536];
	int found = 0;

	if (!f)
		return 0;
	while ((r = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (len + r > cap) {
			cap = (len + r) * 2;
			buf = realloc(buf, cap);
		}
		memcpy(buf + len, chunk, r);
		len += r;
	}
	fclose(f);
	for (r = 0; r + n <= len && !found; r++)
		found = memcmp(buf + r, needle, n) == 0;
	free(buf);
	return found;
}

static int
mode_of(const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return -1;
	return (int)(st.st_mode & 07777);
}

static struct ts_store *
open_ok(const char *path, unsigned flags)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_store *s = ts_store_open(path, flags, &err);

	if (!s)
		printf("# open %s: %s\n", path, err.msg);
	return s;
}

/* ---- path ---- */

static void
test_path(void)
{
	struct ts_buf b = TS_BUF_INIT;
	struct ts_error err = TS_ERROR_INIT;

	setenv("TS_DB", "/env/ts.db", 1);
	setenv("XDG_DATA_HOME", "/xdg", 1);
	setenv("HOME", "/home/u", 1);
	ts_store_path("/opt/x.db", &b, &err);
	is_str(b.buf, "/opt/x.db", "path: --db wins");
	ts_buf_reset(&b);
	ts_store_path(NULL, &b, &err);
	is_str(b.buf, "/env/ts.db", "path: then TS_DB");
	ts_buf_reset(&b);
	unsetenv("TS_DB");
	ts_store_path(NULL, &b, &err);
	is_str(b.buf, "/xdg/ts/ts.db", "path: then XDG_DATA_HOME");
	ts_buf_reset(&b);
	setenv("XDG_DATA_HOME", "relative", 1);
	ts_store_path(NULL, &b, &err);
	is_str(b.buf, "/home/u/.local/share/ts/ts.db",
	    "path: relative XDG_DATA_HOME ignored, HOME used");
	ts_buf_reset(&b);
	unsetenv("XDG_DATA_HOME");
	unsetenv("HOME");
	ok(ts_store_path(NULL, &b, &err) == -1 && err.code == TS_EXIT_USAGE,
	    "path: none at all is a usage error");
	ok(ts_store_path("", &b, &err) == -1, "path: empty --db refused");
	ts_buf_release(&b);
	setenv("HOME", dir, 1);
}

/* ---- opening ---- */

static void
test_create(void)
{
	const char *db = path_in("a/b/ts.db");
	struct ts_error err = TS_ERROR_INIT;
	struct ts_store *s;
	char buf[32];

	umask(022);
	s = open_ok(db, 0);
	ok(s != NULL, "open creates a store");
	if (!s)
		return;
	is_int(mode_of(path_in("a")), 0700, "parent directories are 0700");
	is_int(mode_of(path_in("a/b")), 0700, "directory is 0700");
	is_int(mode_of(db), 0600, "store is 0600 under umask 022");
	ok(ts_store_begin(s, &err) == 0, "begin");
	ok(sqlite3_exec(s->db, "CREATE TABLE t (x); DROP TABLE t", NULL, NULL,
	    NULL) == SQLITE_OK, "write something");
	ok(ts_store_commit(s, &err) == 0, "commit");
	is_int(mode_of(path_in("a/b/ts.db-wal")), 0600, "-wal is 0600");
	is_int(mode_of(path_in("a/b/ts.db-shm")), 0600, "-shm is 0600");

	q_text(s->db, "PRAGMA journal_mode", buf, sizeof buf);
	is_str(buf, "wal", "journal_mode is wal");
	is_int(q_int(s->db, "PRAGMA foreign_keys"), 1, "foreign_keys on");
	is_int(q_int(s->db, "PRAGMA secure_delete"), 1, "secure_delete on");
	is_int(q_int(s->db, "PRAGMA synchronous"), 2, "synchronous FULL");
	is_int(q_int(s->db, "PRAGMA temp_store"), 2, "temp_store MEMORY");
	is_int(q_int(s->db, "PRAGMA trusted_schema"), 0, "trusted_schema off");
	is_int(q_int(s->db, "PRAGMA application_id"), 0x54534442,
	    "application_id is TSDB");
	is_int(ts_store_schema_version(s), ts_store_schema_latest(),
	    "schema at the latest version");
	is_int(q_int(s->db, "PRAGMA user_version"), ts_store_schema_latest(),
	    "user_version is the latest");
	ts_store_close(s);
}

static void
test_migrations_list(void)
{
	size_t i;
	int good = ts_store_nmigrations > 0 &&
	    ts_store_migrations[0].version == 1;

	/* Increasing; numbers reserved for features built in parallel may
	 * be missing until their branches are merged. */
	for (i = 0; i < ts_store_nmigrations; i++)
		good = good && (i == 0 || ts_store_migrations[i].version >
		    ts_store_migrations[i - 1].version) &&
		    ts_store_migrations[i].sql != NULL;
	ok(good, "migrations are numbered from 1, in order");
}

/* Reads a whole file into a malloc'd buffer. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p;
	long n;

	*len = 0;
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	p = malloc((size_t)n + 1);
	*len = fread(p, 1, (size_t)n, f);
	fclose(f);
	return p;
}

static void
test_reopen(void)
{
	const char *db = path_in("a/b/ts.db");
	struct ts_store *s;
	size_t n1, n2;
	char *before, *after;

	before = slurp(db, &n1);
	s = open_ok(db, 0);
	ok(s && ts_store_schema_version(s) == ts_store_schema_latest(),
	    "reopen");
	ts_store_close(s);
	after = slurp(db, &n2);
	ok(before && after && n1 == n2 && memcmp(before, after, n1) == 0,
	    "reopening leaves the file byte for byte as it was");
	free(before);
	free(after);
}

static void
test_refusals(void)
{
	const char *db = path_in("a/b/ts.db");
	struct ts_error err = TS_ERROR_INIT;
	struct ts_store *s;
	char sql[64], want[128];
	FILE *f;
	int i;

	/* A store from a newer program. */
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d",
	    ts_store_schema_latest() + 1);
	raw_exec(db, sql);
	snprintf(want, sizeof want,
	    "store schema version %d is newer than this program (%d)",
	    ts_store_schema_latest() + 1, ts_store_schema_latest());
	s = ts_store_open(db, 0, &err);
	ok(!s && err.code == TS_EXIT_FAIL, "newer store refused");
	is_str(err.msg, want, "newer store: message");
	is_str(err.source, db, "newer store: error names the file");
	ts_error_clear(&err);
	s = ts_store_open(db, TS_STORE_READONLY, &err);
	ok(!s && strcmp(err.msg, want) == 0, "newer store refused read-only");
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d",
	    ts_store_schema_latest());
	raw_exec(db, sql);

	/* Not a database at all. */
	f = fopen(path_in("text.db"), "w");
	for (i = 0; i < 200; i++)
		fputs("this is not a database, just some text\n", f);
	fclose(f);
	ts_error_clear(&err);
	s = ts_store_open(path_in("text.db"), 0, &err);
	ok(!s && err.code == TS_EXIT_FAIL, "a text file is refused");
	ok(strstr(err.msg, "not a database") != NULL,
	    "text file: clear message");
	printf("# %s\n", err.msg);
	ok(file_has(path_in("text.db"), "just some text") &&
	    !file_has(path_in("text.db"), "SQLite format"),
	    "text file left as it was");

	/* Some other program's SQLite database. */
	raw_exec(path_in("other.db"), "CREATE TABLE calls (x)");
	ts_error_clear(&err);
	s = ts_store_open(path_in("other.db"), 0, &err);
	ok(!s && strstr(err.msg, "not a ts store"),
	    "another program's database is refused");

	/* Missing store, with flags that forbid creating it. */
	ts_error_clear(&err);
	s = ts_store_open(path_in("none.db"), TS_STORE_MUST_EXIST, &err);
	ok(!s && err.code == TS_EXIT_FAIL && mode_of(path_in("none.db")) < 0,
	    "MUST_EXIST: a missing store is not created");
	s = ts_store_open(path_in("none.db"), TS_STORE_READONLY, &err);
	ok(!s && mode_of(path_in("none.db")) < 0,
	    "READONLY: a missing store is not created");

	/* Bad TS_BUSY_TIMEOUT. */
	setenv("TS_BUSY_TIMEOUT", "10s", 1);
	ts_error_clear(&err);
	s = ts_store_open(db, 0, &err);
	ok(!s && err.code == TS_EXIT_USAGE, "TS_BUSY_TIMEOUT=10s refused");
	unsetenv("TS_BUSY_TIMEOUT");
}

static void
test_readonly(void)
{
	const char *db = path_in("a/b/ts.db");
	struct ts_error err = TS_ERROR_INIT;
	struct ts_store *s;
	struct ts_call c;
	enum ts_store_put r;
	int fd;

	s = open_ok(db, TS_STORE_READONLY);
	ok(s != NULL, "read-only open");
	if (s) {
		is_int(ts_store_schema_version(s), ts_store_schema_latest(),
		    "read-only: version");
		ts_call_init(&c);
		snprintf(c.source, sizeof c.source, "asterisk");
		snprintf(c.call_id, sizeof c.call_id, "1");
		c.start = NOW;
		ok(ts_store_begin(s, &err) != 0 ||
		    ts_store_call_put(s, &c, NOW, &r, &err) != 0,
		    "read-only: cannot write");
		printf("# %s\n", err.msg);
		ts_store_rollback(s);
		ts_store_close(s);
	}

	/* An empty file is a store at version 0: it needs migrating. */
	fd = open(path_in("empty.db"), O_WRONLY | O_CREAT, 0600);
	close(fd);
	ts_error_clear(&err);
	s = ts_store_open(path_in("empty.db"), TS_STORE_READONLY, &err);
	ok(!s && strstr(err.msg, "open it once for writing"),
	    "read-only: an older store must be opened for writing first");
	printf("# %s\n", err.msg);
	s = open_ok(path_in("empty.db"), 0);
	ok(s && ts_store_schema_version(s) == ts_store_schema_latest(),
	    "an empty file is migrated when opened for writing");
	ts_store_close(s);
}

static void
test_busy(void)
{
	const char *db = path_in("a/b/ts.db");
	struct ts_error err = TS_ERROR_INIT;
	struct ts_store *s;
	struct timespec t0, t1;
	sqlite3 *other;
	double secs;

	sqlite3_open(db, &other);
	ok(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL) ==
	    SQLITE_OK, "busy: another connection takes the write lock");
	setenv("TS_BUSY_TIMEOUT", "100", 1);
	s = open_ok(db, 0);
	ok(s != NULL, "busy: opening a migrated store needs no write lock");
	if (s) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		ok(ts_store_begin(s, &err) == -1 &&
		    err.code == TS_EXIT_TEMPFAIL,
		    "busy: begin fails with TS_EXIT_TEMPFAIL");
		clock_gettime(CLOCK_MONOTONIC, &t1);
		secs = (double)(t1.tv_sec - t0.tv_sec) +
		    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		ok(strstr(err.msg, "store is busy") != NULL,
		    "busy: message says so");
		printf("# %s (after %.3f s)\n", err.msg, secs);
		ok(secs >= 0.05 && secs < 5, "busy: waited for the timeout");
		sqlite3_exec(other, "COMMIT", NULL, NULL, NULL);
		ok(ts_store_begin(s, &err) == 0, "busy: free again");
		ts_store_rollback(s);
		ts_store_close(s);
	}
	sqlite3_close(other);
	unsetenv("TS_BUSY_TIMEOUT");
}

static void
test_migrate_atomic(void)
{
	/* Three migrations past the latest, the last of which fails. */
	int v = ts_store_schema_latest();
	struct ts_store_migration bad[] = {
		{ v + 1, "" },
		{ v + 2, "CREATE TABLE t2 (a); CREATE TABLE t3 (b);" },
		{ v + 3, "CREATE TABLE t4 (c); CREATE TABLE t2 (again);" },
	};
	struct ts_error err = TS_ERROR_INIT;
	struct ts_store *s = open_ok(path_in("a/b/ts.db"), 0);
	char want[64];

	if (!s)
		return;
	ok(ts_store_migrate(s, bad, 3, &err) == -1,
	    "a failing migration fails");
	printf("# %s\n", err.msg);
	snprintf(want, sizeof want, "schema version %d", v + 3);
	ok(strstr(err.msg, want) != NULL, "the message names the version");
	is_int(q_int(s->db, "PRAGMA user_version"), v,
	    "user_version unchanged");
	is_int(q_int(s->db, "SELECT count(*) FROM sqlite_schema"
	    " WHERE name IN ('t2', 't3', 't4')"), 0,
	    "nothing of the failed migrations remains");
	ok(sqlite3_get_autocommit(s->db), "no transaction left open");
	ts_store_close(s);
}

/* ---- calls ---- */

static struct ts_call
call(const char *source, const char *id, const char *client,
    const char *caller, int64_t start)
{
	struct ts_call c;

	ts_call_init(&c);
	snprintf(c.source, sizeof c.source, "%s", source);
	snprintf(c.call_id, sizeof c.call_id, "%s", id);
	snprintf(c.client, sizeof c.client, "%s", client);
	snprintf(c.caller, sizeof c.caller, "%s", caller);
	snprintf(c.did, sizeof c.did, "+33144000001");
	c.start = start;
	c.end = start + 30;
	c.status = TS_ST_ABANDONED;
	c.legs = 1;
	ts_call_derive(&c);
	return c;
}

struct seen {
	int n;
	char ids[16][192];
	struct ts_call last;
	struct ts_store *s;
	int stop_at;
};

static int
collect(const struct ts_call *c, void *ctx)
{
	struct seen *v = ctx;

	if (v->n < 16)
		snprintf(v->ids[v->n], sizeof v->ids[0], "%s/%s", c->source,
		    c->call_id);
	v->n++;
	v->last = *c;
	return v->stop_at && v->n == v->stop_at ? 42 : 0;
}

/* Runs q and returns "src/id src/id ..." in the order seen. */
static const char *
ids(struct ts_store *s, const struct ts_call_query *q)
{
	static char out[512];
	struct ts_error err = TS_ERROR_INIT;
	struct seen v;
	int i;

	memset(&v, 0, sizeof v);
	out[0] = '\0';
	if (ts_store_calls_each(s, q, collect, &v, &err) != 0) {
		snprintf(out, sizeof out, "%s", err.msg);
		return out;
	}
	for (i = 0; i < v.n && i < 16; i++) {
		if (i)
			strncat(out, " ", sizeof out - strlen(out) - 1);
		strncat(out, v.ids[i], sizeof out - strlen(out) - 1);
	}
	return out;
}

static void
test_calls_put(struct ts_store *s)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_call_query q = { NULL, INT64_MIN, INT64_MAX, NULL, "c1" };
	struct ts_call a = call("asterisk", "c1", "cli1", "+33612345678", NOW);
	struct ts_call leg2 = a;
	struct seen v;
	enum ts_store_put r;

	ok(ts_store_call_put(s, &a, NOW, &r, &err) == -1,
	    "put outside a transaction refused");
	ts_store_begin(s, &err);
	ok(ts_store_call_put(s, &a, NOW, &r, &err) == 0 && r == TS_PUT_ADDED,
	    "put: ADDED");
	ok(ts_store_call_put(s, &a, NOW + 1, &r, &err) == 0 &&
	    r == TS_PUT_SAME, "put again: SAME");
	/* The second leg: answered by an agent, with a name. */
	leg2.caller[0] = '\0';
	leg2.start = NOW + 2;
	leg2.answer = NOW + 12;
	leg2.end = NOW + 100;
	leg2.status = TS_ST_ANSWERED;
	snprintf(leg2.agent, sizeof leg2.agent, "SIP/201");
	snprintf(leg2.caller_name, sizeof leg2.caller_name, "Jeanne Martin");
	ts_call_derive(&leg2);
	ok(ts_store_call_put(s, &leg2, NOW + 2, &r, &err) == 0 &&
	    r == TS_PUT_UPDATED, "second leg: UPDATED");
	ok(ts_store_call_put(s, &leg2, NOW + 3, &r, &err) == 0 &&
	    r == TS_PUT_SAME, "second leg again: SAME");
	a.start = TS_TIME_NONE;
	ok(ts_store_call_put(s, &a, NOW, &r, &err) == -1,
	    "a call without a start is refused");
	ok(ts_store_commit(s, &err) == 0, "commit");

	/* A leg from before: start moves, and the indexes follow it. */
	ts_store_begin(s, &err);
	a = call("asterisk", "c1", "cli1", "+33612345678", NOW - 5);
	a.end = NOW - 4;
	ok(ts_store_call_put(s, &a, NOW + 2, &r, &err) == 0 &&
	    r == TS_PUT_UPDATED, "an earlier leg: UPDATED");
	ts_store_commit(s, &err);
	q.call_id = NULL;
	q.client = "cli1";
	q.from = NOW - 5;
	q.to = NOW - 4;
	is_str(ids(s, &q), "asterisk/c1", "the client index has the new start");
	q.client = NULL;
	q.caller = "+33612345678";
	is_str(ids(s, &q), "asterisk/c1", "the caller index has the new start");
	q.caller = NULL;
	q.call_id = "c1";
	q.from = INT64_MIN;
	q.to = INT64_MAX;

	memset(&v, 0, sizeof v);
	ts_store_calls_each(s, &q, collect, &v, &err);
	is_int(v.n, 1, "one stored call");
	is_int(v.last.start, NOW - 5, "merged: earliest start");
	is_int(v.last.end, NOW + 100, "merged: latest end");
	is_int(v.last.answer, NOW + 12, "merged: answer");
	ok(v.last.status == TS_ST_ANSWERED, "merged: answered");
	is_str(v.last.caller, "+33612345678", "merged: caller kept");
	is_str(v.last.caller_name, "Jeanne Martin", "merged: name added");
	is_str(v.last.agent, "SIP/201", "merged: agent");
	is_int(v.last.wait_s, 17, "merged: wait");
	is_int(v.last.talk_s, 88, "merged: talk");
	is_str(v.last.queue, "", "empty text reads back empty");
	is_int(q_int(s->db, "SELECT count(*) FROM calls WHERE queue IS NULL"
	    " AND call_id = 'c1'"), 1, "empty text is stored as NULL");
	is_int(q_int(s->db, "SELECT imported_at FROM calls"
	    " WHERE call_id = 'c1'"), NOW, "imported_at");
	is_int(q_int(s->db, "SELECT updated_at FROM calls"
	    " WHERE call_id = 'c1'"), NOW + 2, "updated_at");
}

static void
test_calls_statuses(struct ts_store *s)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_call_query q = { "st", INT64_MIN, INT64_MAX, NULL, NULL };
	struct ts_call c;
	enum ts_store_put r;
	char id[16];
	int i, good = 1;

	ts_store_begin(s, &err);
	for (i = 0; i < TS_ST_COUNT; i++) {
		snprintf(id, sizeof id, "st%d", i);
		c = call("x", id, "st", "", NOW + i);
		c.status = (enum ts_status)i;
		good = good && ts_store_call_put(s, &c, NOW, &r, &err) == 0;
	}
	ok(good, "every status name passes the CHECK");
	if (!good)
		printf("# %s\n", err.msg);
	ts_store_commit(s, &err);
	is_str(ids(s, &q), "x/st0 x/st1 x/st2 x/st3 x/st4 x/st5 x/st6",
	    "and reads back");
}

/* Inner query from a callback: the cached statement is busy. */
static int
nested(const struct ts_call *c, void *ctx)
{
	struct seen *v = ctx;
	struct ts_call_query q = { c->client, INT64_MIN, INT64_MAX, NULL,
	    NULL };
	struct ts_error err = TS_ERROR_INIT;
	struct seen inner;

	memset(&inner, 0, sizeof inner);
	if (ts_store_calls_each(v->s, &q, collect, &inner, &err) != 0)
		return -1;
	v->n += inner.n;
	return 0;
}

static void
test_calls_each(struct ts_store *s)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_call_query q = { NULL, INT64_MIN, INT64_MAX, NULL, NULL };
	struct ts_call c[] = {
		call("asterisk", "k3", "kb", "+33600000002", NOW + 300),
		call("asterisk", "k1", "ka", "+33600000001", NOW + 100),
		call("freeswitch", "k1", "ka", "+33600000003", NOW + 100),
		call("asterisk", "k2", "ka", "+33600000001", NOW + 200),
		call("asterisk", "k0", "ka", "", NOW + 100),
		call("asterisk", "k4", "", "+33600000001", NOW + 400),
	};
	struct seen v;
	enum ts_store_put r;
	size_t i;
	int rc;

	ts_store_begin(s, &err);
	for (i = 0; i < sizeof c / sizeof c[0]; i++)
		ts_store_call_put(s, &c[i], NOW, &r, &err);
	ts_store_commit(s, &err);

	q.from = NOW + 100;
	is_str(ids(s, &q), "asterisk/k0 asterisk/k1 freeswitch/k1 asterisk/k2 "
	    "asterisk/k3 asterisk/k4", "each: by start, source, call_id");
	q.client = "ka";
	is_str(ids(s, &q), "asterisk/k0 asterisk/k1 freeswitch/k1 asterisk/k2",
	    "each: one client");
	q.to = NOW + 200;
	is_str(ids(s, &q), "asterisk/k0 asterisk/k1 freeswitch/k1",
	    "each: [from, to)");
	q.client = NULL;
	q.to = INT64_MAX;
	q.caller = "+33600000001";
	is_str(ids(s, &q), "asterisk/k1 asterisk/k2 asterisk/k4",
	    "each: one caller, every client");
	q.client = "ka";
	is_str(ids(s, &q), "asterisk/k1 asterisk/k2",
	    "each: one caller of one client");
	q.client = NULL;
	q.caller = NULL;
	q.call_id = "k1";
	is_str(ids(s, &q), "asterisk/k1 freeswitch/k1",
	    "each: one call id, any source");
	q.client = "";
	q.call_id = "";
	q.from = NOW + 300;
	is_str(ids(s, &q), "asterisk/k3 asterisk/k4",
	    "each: empty strings do not filter");

	memset(&v, 0, sizeof v);
	v.stop_at = 2;
	q.from = INT64_MIN;
	q.client = "ka";
	rc = ts_store_calls_each(s, &q, collect, &v, &err);
	ok(rc == 42 && v.n == 2, "each: fn stops the loop, its value returned");

	memset(&v, 0, sizeof v);
	v.s = s;
	q.client = "kb";
	rc = ts_store_calls_each(s, &q, nested, &v, &err);
	ok(rc == 0 && v.n == 1, "each: a callback may query the store");
	q.client = "ka";
	memset(&v, 0, sizeof v);
	v.s = s;
	rc = ts_store_calls_each(s, &q, nested, &v, &err);
	ok(rc == 0 && v.n == 16, "each: even with the same statement");
}

/* Does the plan of the statement in slot id use index idx? */
static int
uses_index(struct ts_store *s, enum ts_store_sql id, const char *idx)
{
	char sql[2048], detail[256];
	sqlite3_stmt *st;
	int found = 0;

	if (!s->stmt[id])
		return 0;
	snprintf(sql, sizeof sql, "EXPLAIN QUERY PLAN %s",
	    sqlite3_sql(s->stmt[id]));
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(detail, sizeof detail, "%s",
		    (const char *)sqlite3_column_text(st, 3));
		if (strstr(detail, idx))
			found = 1;
	}
	sqlite3_finalize(st);
	return found;
}

static void
test_plans(struct ts_store *s)
{
	ok(uses_index(s, TS_SQL_CALLS_BY_CLIENT, "calls_client_start"),
	    "plan: calls of a client use (client, start)");
	ok(uses_index(s, TS_SQL_CALLS_BY_CALLER, "calls_caller_start"),
	    "plan: calls of a caller use (caller, start)");
	ok(uses_index(s, TS_SQL_CALLS_BY_ID, "autoindex_calls_1"),
	    "plan: a call id uses the unique index");
	ok(uses_index(s, TS_SQL_CONTACT_BY_PHONE, "contact_phones_phone"),
	    "plan: contact by number uses (phone, client)");
	ok(uses_index(s, TS_SQL_CONTACT_BY_EXT, "contacts_client_ext_id"),
	    "plan: contact by ext_id uses its unique index");
}

static void
test_rollback(struct ts_store *s)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_call_query q = { "rb", INT64_MIN, INT64_MAX, NULL, NULL };
	struct ts_call c = call("asterisk", "rb1", "rb", "+33611111111", NOW);
	enum ts_store_put r;

	ts_store_begin(s, &err);
	ok(ts_store_call_put(s, &c, NOW, &r, &err) == 0, "put, then...");
	is_str(ids(s, &q), "asterisk/rb1", "visible inside the transaction");
	ts_store_rollback(s);
	is_str(ids(s, &q), "", "rollback leaves nothing");
	ok(sqlite3_get_autocommit(s->db), "no transaction left open");
}

/* The text of the schema's calls indexes, to compare before and after. */
static void
calls_indexes(struct ts_store *s, char *out, size_t size)
{
	q_text(s->db, "SELECT group_concat(sql, ';') FROM (SELECT sql FROM "
	    "sqlite_schema WHERE type = 'index' AND tbl_name = 'calls' AND "
	    "sql IS NOT NULL ORDER BY name)", out, size);
}

static void
test_calls_bulk(void)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_store *s = open_ok(path_in("bulk.db"), 0);
	struct ts_call c = call("asterisk", "b1", "cli", "+33611111111", NOW);
	char want[512], got[512];
	enum ts_store_put r;

	if (!s)
		return;
	calls_indexes(s, want, sizeof want);
	ok(strstr(want, "calls_caller_start") != NULL, "bulk: indexes there");
	ok(ts_store_calls_bulk(s, &err) == -1, "bulk: refused outside a "
	    "transaction");
	ts_store_begin(s, &err);
	ok(ts_store_calls_bulk(s, &err) == 0 &&
	    ts_store_call_put(s, &c, NOW, &r, &err) == 0,
	    "bulk into an empty store: put");
	calls_indexes(s, got, sizeof got);
	is_str(got, "", "bulk: secondary indexes dropped meanwhile");
	ts_store_rollback(s);
	calls_indexes(s, got, sizeof got);
	is_str(got, want, "bulk rolled back: the indexes are back");

	ts_store_begin(s, &err);
	ok(ts_store_calls_bulk(s, &err) == 0 &&
	    ts_store_call_put(s, &c, NOW, &r, &err) == 0 &&
	    ts_store_commit(s, &err) == 0, "bulk committed");
	calls_indexes(s, got, sizeof got);
	is_str(got, want, "bulk committed: the same indexes built again");
	is_int(q_int(s->db, "SELECT count(*) FROM calls WHERE caller = "
	    "'+33611111111' AND start = 1767225600"), 1,
	    "bulk: the rebuilt index finds the call");
	q_text(s->db, "PRAGMA integrity_check", got, sizeof got);
	is_str(got, "ok", "bulk: integrity_check");

	ts_store_begin(s, &err);
	ok(ts_store_calls_bulk(s, &err) == 0, "bulk into a store with calls");
	calls_indexes(s, got, sizeof got);
	is_str(got, want, "bulk: a store with calls keeps its indexes");
	ts_store_rollback(s);
	ts_store_close(s);
}

/* The journal mode of a store, from a connection of its own. */
static void
journal_mode(const char *path, char *out, size_t size)
{
	sqlite3 *db;

	out[0] = '\0';
	if (sqlite3_open(path, &db) == SQLITE_OK)
		q_text(db, "PRAGMA journal_mode", out, size);
	sqlite3_close(db);
}

static void
test_begin_bulk(void)
{
	struct ts_error err = TS_ERROR_INIT;
	const char *path = path_in("begin-bulk.db");
	struct ts_store *s = open_ok(path, 0), *other;
	struct ts_call c = call("asterisk", "b1", "cli", "+33611111111", NOW);
	char got[64];
	enum ts_store_put r;

	if (!s)
		return;
	ok(ts_store_begin_bulk(s, &err) == 0, "begin_bulk on an empty store");
	is_int(s->bulk_journal, 1, "begin_bulk: alone, out of WAL");
	q_text(s->db, "PRAGMA journal_mode", got, sizeof got);
	is_str(got, "delete", "begin_bulk: a rollback journal meanwhile");
	ts_store_rollback(s);
	journal_mode(path, got, sizeof got);
	is_str(got, "wal", "begin_bulk rolled back: WAL again");

	ok(ts_store_begin_bulk(s, &err) == 0 &&
	    ts_store_call_put(s, &c, NOW, &r, &err) == 0 &&
	    ts_store_commit(s, &err) == 0, "begin_bulk committed");
	journal_mode(path, got, sizeof got);
	is_str(got, "wal", "begin_bulk committed: WAL again");
	is_int(q_int(s->db, "SELECT count(*) FROM calls"), 1,
	    "begin_bulk: the call is there");

	/* Another connection open: the import stays in WAL. */
	q_int(s->db, "DELETE FROM calls");
	other = open_ok(path, 0);
	ok(ts_store_begin_bulk(s, &err) == 0, "begin_bulk, another "
	    "connection open");
	is_int(s->bulk_journal, 0, "begin_bulk: not alone, stays in WAL");
	ts_store_rollback(s);
	if (other)
		ts_store_close(other);
	ts_store_close(s);
}

/* ---- contacts ---- */

static struct ts_contact
contact(const char *client, const char *ext, const char *name,
    const char *phone, const char *tags)
{
	struct ts_contact c;

	memset(&c, 0, sizeof c);
	snprintf(c.client, sizeof c.client, "%s", client);
	snprintf(c.ext_id, sizeof c.ext_id, "%s", ext);
	snprintf(c.name, sizeof c.name, "%s", name);
	snprintf(c.tags, sizeof c.tags, "%s", tags);
	if (*phone) {
		snprintf(c.phones[0], sizeof c.phones[0], "%s", phone);
		c.nphones = 1;
	}
	return c;
}

struct names {
	char buf[512];
	int n;
};

static int
add_name(const struct ts_contact *c, void *ctx)
{
	struct names *v = ctx;
	size_t len = strlen(v->buf);

	snprintf(v->buf + len, sizeof v->buf - len, "%s%s(%d)",
	    v->n++ ? ", " : "", c->name[0] ? c->name : "-", c->nphones);
	return 0;
}

static void
test_contacts(struct ts_store *s)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_contact a, b, got;
	struct names nm;
	enum ts_store_put r;
	int64_t id;

	a = contact("dr-martin", "uid-1", "Jeanne Martin", "+33612345678",
	    "patient");
	snprintf(a.email, sizeof a.email, "jm@example.org");
	ok(ts_store_contact_put(s, &a, NOW, &r, &err) == -1,
	    "contact put outside a transaction refused");
	ts_store_begin(s, &err);
	ok(ts_store_contact_put(s, &a, NOW, &r, &err) == 0 &&
	    r == TS_PUT_ADDED && a.id > 0, "contact: ADDED, id set");
	id = a.id;
	ok(ts_store_contact_put(s, &a, NOW, &r, &err) == 0 &&
	    r == TS_PUT_SAME && a.id == id, "contact again: SAME");

	/* Same ext_id: update; empty fields keep the stored values. */
	b = contact("dr-martin", "uid-1", "", "+33700000001", "vip, patient");
	snprintf(b.phone_labels[0], sizeof b.phone_labels[0], "mobile");
	ok(ts_store_contact_put(s, &b, NOW + 1, &r, &err) == 0 &&
	    r == TS_PUT_UPDATED && b.id == id, "by ext_id: UPDATED");

	/* No ext_id, a shared number: the same person. */
	b = contact("dr-martin", "", "Jeanne Martin-Dupont", "+33700000001",
	    "blocked");
	ok(ts_store_contact_put(s, &b, NOW + 2, &r, &err) == 0 &&
	    r == TS_PUT_UPDATED && b.id == id, "by number: UPDATED");

	/* Another client with the same number: another contact. */
	b = contact("notaire", "", "Jeanne M.", "+33612345678", "");
	ok(ts_store_contact_put(s, &b, NOW, &r, &err) == 0 &&
	    r == TS_PUT_ADDED && b.id != id, "other client: its own contact");

	/* Two different ext_ids sharing a landline: two people. */
	b = contact("dr-martin", "uid-2", "Paul Martin", "+33612345678", "");
	ok(ts_store_contact_put(s, &b, NOW, &r, &err) == 0 &&
	    r == TS_PUT_ADDED && b.id != id,
	    "different ext_ids sharing a number: two contacts");

	b = contact("", "", "Nobody", "+33600000000", "");
	ok(ts_store_contact_put(s, &b, NOW, &r, &err) == -1,
	    "a contact without a client is refused");
	ok(ts_store_commit(s, &err) == 0, "commit");

	memset(&got, 0, sizeof got);
	ok(ts_store_contact_by_phone(s, "dr-martin", "+33700000001", &got,
	    &err) == 1, "by phone: found");
	is_int(got.id, id, "by phone: the right contact");
	is_str(got.name, "Jeanne Martin-Dupont", "by phone: name updated");
	is_str(got.email, "jm@example.org", "by phone: email kept");
	is_str(got.ext_id, "uid-1", "by phone: ext_id kept");
	is_str(got.tags, "patient,vip,blocked", "tags: union, in order");
	is_int(got.nphones, 2, "phones: union");
	is_str(got.phones[0], "+33612345678", "phones: first kept");
	is_str(got.phones[1], "+33700000001", "phones: second added");
	is_str(got.phone_labels[1], "mobile", "phones: label kept");
	ok(ts_store_contact_by_phone(s, "notaire", "+33612345678", &got,
	    &err) == 1 && strcmp(got.name, "Jeanne M.") == 0,
	    "by phone: the other client sees its own contact");
	ok(ts_store_contact_by_phone(s, "nobody", "+33612345678", &got,
	    &err) == 0, "by phone: not found in another client");

	memset(&nm, 0, sizeof nm);
	ts_store_contacts_each(s, "dr-martin", add_name, &nm, &err);
	is_str(nm.buf, "Jeanne Martin-Dupont(2), Paul Martin(1)",
	    "contacts of a client, by name, with their numbers");
	memset(&nm, 0, sizeof nm);
	ts_store_contacts_each(s, NULL, add_name, &nm, &err);
	is_int(nm.n, 3, "contacts of every client");
}

static void
test_contact_phones_cap(struct ts_store *s)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_contact a, got;
	enum ts_store_put r;
	int i;

	a = contact("cap", "cap-1", "Cap", "", "");
	for (i = 0; i < TS_CONTACT_PHONES; i++)
		snprintf(a.phones[i], sizeof a.phones[i], "+3361000000%d", i);
	a.nphones = TS_CONTACT_PHONES;
	ts_store_begin(s, &err);
	ts_store_contact_put(s, &a, NOW, &r, &err);
	a = contact("cap", "cap-1", "", "+33619999999", "");
	ok(ts_store_contact_put(s, &a, NOW, &r, &err) == 0 &&
	    r == TS_PUT_UPDATED, "a fifth number");
	ts_store_commit(s, &err);
	memset(&got, 0, sizeof got);
	ts_store_contact_by_phone(s, "cap", "+33619999999", &got, &err);
	is_int(got.nphones, TS_CONTACT_PHONES, "numbers capped");
	is_str(got.phones[0], "+33610000001", "the oldest number made room");
	is_str(got.phones[TS_CONTACT_PHONES - 1], "+33619999999",
	    "the new number kept");
	/* ON DELETE CASCADE: deleting the contact deletes its numbers. */
	sqlite3_exec(s->db, "DELETE FROM contacts WHERE client = 'cap'", NULL,
	    NULL, NULL);
	is_int(q_int(s->db, "SELECT count(*) FROM contact_phones"
	    " WHERE client = 'cap'"), 0, "numbers go with their contact");
}

/* ---- errors and erasure ---- */

static void
test_error_messages(struct ts_store *s)
{
	sqlite3_stmt *st;
	const char *msg;

	/* SQLite's constraint messages name columns, never bound values. */
	sqlite3_prepare_v2(s->db, "INSERT INTO calls (source, call_id, start,"
	    " wait_s, talk_s, status, imported_at, updated_at)"
	    " VALUES ('asterisk', ?1, 1, 0, 0, ?2, 1, 1)", -1, &st, NULL);
	sqlite3_bind_text(st, 1, "+33699887766", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, "Secret-Status", -1, SQLITE_STATIC);
	sqlite3_step(st);
	msg = sqlite3_errmsg(s->db);
	ok(strstr(msg, "CHECK") && !strstr(msg, "Secret") &&
	    !strstr(msg, "99887766"), "CHECK failure: no value in message");
	printf("# %s\n", msg);
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, "c1", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, "missed", -1, SQLITE_STATIC);
	sqlite3_step(st);
	msg = sqlite3_errmsg(s->db);
	ok(strstr(msg, "UNIQUE") && !strstr(msg, "c1"),
	    "UNIQUE failure: no value in message");
	printf("# %s\n", msg);
	sqlite3_finalize(st);
}

static void
test_secure_delete(void)
{
	const char *db = path_in("gdpr.db");
	const char *canary = "Zorglub-Canary-4711";
	const char *number = "+33699887766";
	struct ts_error err = TS_ERROR_INIT;
	struct ts_store *s = open_ok(db, 0);
	struct ts_call c = call("asterisk", "g1", "cli", number, NOW);
	struct ts_contact k = contact("cli", "", canary, number, "");
	enum ts_store_put r;
	int i;

	if (!s)
		return;
	snprintf(c.caller_name, sizeof c.caller_name, "%s", canary);
	ts_store_begin(s, &err);
	ts_store_call_put(s, &c, NOW, &r, &err);
	ts_store_contact_put(s, &k, NOW, &r, &err);
	/* Other rows on the same pages, so the pages stay in use. */
	for (i = 0; i < 50; i++) {
		char id[16];

		snprintf(id, sizeof id, "f%d", i);
		c = call("asterisk", id, "cli", "+33600000000", NOW + i);
		ts_store_call_put(s, &c, NOW, &r, &err);
	}
	ts_store_commit(s, &err);
	ts_store_close(s);
	ok(file_has(db, canary) && file_has(db, number),
	    "gdpr: the values are in the file (the search works)");

	s = open_ok(db, 0);
	if (!s)
		return;
	ok(sqlite3_exec(s->db, "BEGIN IMMEDIATE;"
	    "DELETE FROM calls WHERE caller = '+33699887766';"
	    "DELETE FROM contacts WHERE client = 'cli';"
	    "COMMIT", NULL, NULL, NULL) == SQLITE_OK, "gdpr: delete");
	is_int(q_int(s->db, "PRAGMA wal_checkpoint(TRUNCATE)"), 0,
	    "gdpr: checkpoint(TRUNCATE) not busy");
	ts_store_close(s);
	ok(!file_has(db, canary), "gdpr: the name is gone from the file");
	ok(!file_has(db, number), "gdpr: the number is gone from the file");
	ok(!file_has(path_in("gdpr.db-wal"), canary) &&
	    !file_has(path_in("gdpr.db-wal"), number),
	    "gdpr: and from the WAL");
}

int
main(void)
{
	struct ts_store *s;

	make_scratch();
	printf("# scratch: %s\n", dir);
	test_path();
	test_create();
	test_migrations_list();
	test_reopen();
	test_refusals();
	test_readonly();
	test_busy();
	test_migrate_atomic();
	s = open_ok(path_in("calls.db"), 0);
	if (s) {
		test_calls_put(s);
		test_calls_statuses(s);
		test_calls_each(s);
		test_rollback(s);
		test_contacts(s);
		test_contact_phones_cap(s);
		test_plans(s);
		test_error_messages(s);
		ts_store_close(s);
	}
	test_calls_bulk();
	test_begin_bulk();
	test_secure_delete();
	if (done_testing() == 0) {
		nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
		return 0;
	}
	return 1;
}
