/*
 * ts_cdr_sqlite.c - rows of an Asterisk cdr_sqlite3 database, read-only.
 *
 * This reads someone else's database as an input file, the way the other
 * formats read CSV: `SELECT *` of one table, every value as text, the
 * column names as a header row for ts_cdr_asterisk.c to map.  It is the
 * one piece of SQL outside ts_store*.c, and it never touches ts's store.
 * The table name is checked to be a plain identifier before it is quoted
 * into the query (identifiers cannot be bound).
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_cdr_impl.h"
#include "ts_mem.h"
#include "banned.h"

struct sqlsrc {
	sqlite3 *db;
	sqlite3_stmt *st;
	int header_done;
	long line;
	struct ts_buf raw;
	char path[256];
};

static int
plain_identifier(const char *s)
{
	size_t i;

	if (!*s || strlen(s) > 64)
		return 0;
	for (i = 0; s[i]; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_'))
			return 0;
	}
	return 1;
}

struct sqlsrc *
sqlsrc_open(const char *path, const char *table, struct ts_error *err)
{
	struct sqlsrc *s;
	char sql[128];

	if (!plain_identifier(table)) {
		ts_error_set(err, TS_EXIT_USAGE, "bad table name '%s'", table);
		return NULL;
	}
	s = ts_xcalloc(1, sizeof *s);
	snprintf(s->path, sizeof s->path, "%s", path);
	ts_buf_init(&s->raw);
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK)
		goto fail;
	snprintf(sql, sizeof sql, "SELECT * FROM \"%s\" ORDER BY rowid",
	    table);
	if (sqlite3_prepare_v2(s->db, sql, -1, &s->st, NULL) != SQLITE_OK)
		goto fail;
	s->line = 1;
	return s;
fail:
	ts_error_at(err, TS_EXIT_FAIL, path, 0, 0, "cannot read table "
	    "'%s': %s", table, s->db ? sqlite3_errmsg(s->db) :
	    "out of memory");
	sqlsrc_close(s);
	return NULL;
}

/* The row's values joined by commas, for --rejects. */
static void
make_raw(struct sqlsrc *s, struct row *r)
{
	size_t i;

	ts_buf_reset(&s->raw);
	for (i = 0; i < r->n && i < CDR_MAXF; i++) {
		if (i)
			ts_buf_addch(&s->raw, ',');
		ts_buf_add(&s->raw, r->f[i].s, r->f[i].n);
	}
	r->raw = s->raw.buf;
	r->rawlen = s->raw.len;
}

int
sqlsrc_next(struct sqlsrc *s, struct row *r, struct ts_error *err)
{
	int i, n = sqlite3_column_count(s->st), rc;

	r->n = (size_t)n;
	r->line = s->line++;
	if (!s->header_done) {
		s->header_done = 1;
		for (i = 0; i < n && i < CDR_MAXF; i++) {
			r->f[i].s = sqlite3_column_name(s->st, i);
			r->f[i].n = strlen(r->f[i].s);
		}
		make_raw(s, r);
		return 1;
	}
	rc = sqlite3_step(s->st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW) {
		ts_error_at(err, TS_EXIT_FAIL, s->path, 0, 0, "read error: %s",
		    sqlite3_errmsg(s->db));
		return -2;
	}
	for (i = 0; i < n && i < CDR_MAXF; i++) {
		const unsigned char *v = sqlite3_column_text(s->st, i);

		r->f[i].s = v ? (const char *)v : "";
		r->f[i].n = v ? (size_t)sqlite3_column_bytes(s->st, i) : 0;
	}
	make_raw(s, r);
	return 1;
}

void
sqlsrc_close(struct sqlsrc *s)
{
	if (!s)
		return;
	sqlite3_finalize(s->st);
	sqlite3_close(s->db);
	ts_buf_release(&s->raw);
	free(s);
}
