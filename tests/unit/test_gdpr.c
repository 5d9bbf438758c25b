/*
 * test_gdpr.c - the registry of data classes against the store: every
 * class's SQL prepares and returns as many columns as the registry has
 * fields; each lookup of a subject or a client, each expiry and delete
 * uses an index (EXPLAIN QUERY PLAN); subject identifiers and request
 * references are checked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ts_gdpr.h"
#include "ts_phone.h"
#include "ts_store.h"
#include "ts_store_gdpr.h"
#include "ts_store_impl.h"
#include "tap.h"
#include "banned.h"

static int
count_row(const struct ts_store_row *r, void *ctx)
{
	(void)r;
	(*(int *)ctx)++;
	return 0;
}

/*
 * Does a plan read a whole table?  "SCAN (subquery-1)" walks a contact's
 * few numbers already found by their index: that is not a table scan.
 */
static int
scans_table(const char *plan)
{
	const char *p;

	for (p = plan; (p = strstr(p, "SCAN ")) != NULL; p++)
		if (strncmp(p + 5, "(subquery", 9) != 0 &&
		    strncmp(p + 5, "CONSTANT", 8) != 0)
			return 1;
	return 0;
}

/* Plans of the operations that must not scan their table. */
static void
test_plans(struct ts_store *s)
{
	static const enum ts_store_op ops[] = {
		TS_OP_ROWS_CLIENT, TS_OP_ROWS_PHONE, TS_OP_ROWS_EMAIL,
		TS_OP_DELETE_PHONE, TS_OP_DELETE_EMAIL, TS_OP_DELETE_CLIENT,
		TS_OP_SENT_PHONE, TS_OP_SENT_EMAIL,
		TS_OP_COUNT_EXPIRED, TS_OP_DELETE_EXPIRED
	};
	struct ts_error err = TS_ERROR_INIT;
	size_t i, k;

	for (i = 0; i < ts_gdpr_nclasses; i++) {
		const struct ts_gdpr_class *c = &ts_gdpr_classes[i];

		for (k = 0; k < sizeof ops / sizeof ops[0]; k++) {
			struct ts_buf plan = TS_BUF_INIT;
			char name[128];

			if (!c->sql->sql[ops[k]])
				continue;
			snprintf(name, sizeof name, "%s op %d uses an index",
			    c->name, (int)ops[k]);
			if (ts_store_class_plan(s, c->sql, ops[k], &plan,
			    &err) != 0) {
				ok(0, name);
				printf("# %s\n", err.msg);
				continue;
			}
			ok(!scans_table(plan.buf), name);
			if (scans_table(plan.buf))
				printf("# %s", plan.buf);
			ts_buf_release(&plan);
		}
	}
}

/* Every class's rows have as many columns as its registry fields. */
static void
test_columns(struct ts_store *s)
{
	struct ts_error err = TS_ERROR_INIT;
	size_t i;

	for (i = 0; i < ts_gdpr_nclasses; i++) {
		const struct ts_gdpr_class *c = &ts_gdpr_classes[i];
		struct ts_store_args a = { "x", "y", 0, NULL };
		int n = 0;

		is_int((long long)c->sql->ncols, (long long)c->nfields,
		    c->name);
		ok(ts_store_class_rows(s, c->sql, TS_OP_ROWS_CLIENT, &a,
		    count_row, &n, &err) == 0, "rows of a client prepare");
		if ((c->by & TS_BY_NAME))
			ok(ts_store_class_rows(s, c->sql, TS_OP_ROWS_NAME, &a,
			    count_row, &n, &err) == 0, "rows by name prepare");
		ok(c->retention_default != NULL, "a default retention");
	}
	ok(ts_gdpr_class("calls") == &ts_gdpr_classes[0], "found by name");
	ok(ts_gdpr_class("nope") == NULL, "unknown class");
}

/* How many times s occurs in the file at path (0 if it is missing). */
static long
occurs(const char *path, const char *s)
{
	FILE *f = fopen(path, "rb");
	size_t n = strlen(s), k = 0;
	long count = 0;
	int c;

	if (!f)
		return 0;
	while ((c = getc(f)) != EOF) {
		k = (unsigned char)s[k] == c ? k + 1 : (unsigned char)s[0] == c;
		if (k == n) {
			count++;
			k = 0;
		}
	}
	fclose(f);
	return count;
}

/*
 * A class with a full-text index: deleted rows leave their tokens in the
 * index's segments, secure_delete or not, until its optimize runs.
 */
static void
test_optimize(struct ts_store *s, const char *path)
{
	static const struct ts_store_class fts = {
		.table = "notes_fts", .ncols = 1, .sql = { NULL },
		.optimize = "INSERT INTO notes_fts(notes_fts) VALUES('optimize')"
	};
	struct ts_error err = TS_ERROR_INIT;
	char wal[80];

	snprintf(wal, sizeof wal, "%s-wal", path);
	if (sqlite3_exec(s->db, "CREATE VIRTUAL TABLE notes_fts USING "
	    "fts5(body); INSERT INTO notes_fts VALUES ('rappeler zqxcanary "
	    "demain'); INSERT INTO notes_fts VALUES ('autre chose');",
	    NULL, NULL, NULL) != SQLITE_OK) {
		printf("ok %d # SKIP no FTS5 in this SQLite\n", ++tap_n);
		return;
	}
	ts_store_checkpoint(s, 1, &err);
	sqlite3_exec(s->db, "DELETE FROM notes_fts WHERE body MATCH "
	    "'zqxcanary'", NULL, NULL, NULL);
	ok(ts_store_checkpoint(s, 1, &err) == 0, "checkpoint");
	ok(occurs(path, "zqxcanary") > 0,
	    "after DELETE the token is still in the index");
	ok(ts_store_class_optimize(s, &fts, &err) == 0, "optimize runs");
	ok(ts_store_checkpoint(s, 1, &err) == 0, "checkpoint again");
	is_int(occurs(path, "zqxcanary") + occurs(wal, "zqxcanary"), 0,
	    "after optimize it is gone from the file");
	ok(ts_store_class_optimize(s, &ts_store_class_calls, &err) == 0,
	    "a class without an index: nothing to do");
}

/* Art. 19: bookings already pushed to the client's CalDAV calendar. */
static void
test_sent(struct ts_store *s)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_store_args a = { "cabinet-durand", "+33612345678", 0, NULL };
	int64_t n = -1;

	sqlite3_exec(s->db, "INSERT INTO bookings (client, uid, sequence,"
	    " status, type, start, \"end\", name, phone, email, href,"
	    " created_at, updated_at) VALUES"
	    " ('cabinet-durand', 'u1', 0, 'confirmed', 'consultation', 100,"
	    " 200, 'H', '+33612345678', 'H@Example.fr', '/cal/u1.ics', 1, 1),"
	    " ('cabinet-durand', 'u2', 0, 'confirmed', 'consultation', 300,"
	    " 400, 'H', '+33612345678', NULL, NULL, 1, 1)", NULL, NULL, NULL);
	ok(ts_store_class_run(s, &ts_store_class_bookings, TS_OP_SENT_PHONE,
	    &a, &n, &err) == 0, "count the copies");
	is_int(n, 1, "one of her two bookings was pushed");
	a.key = "h@example.fr";
	ok(ts_store_class_run(s, &ts_store_class_bookings, TS_OP_SENT_EMAIL,
	    &a, &n, &err) == 0 && n == 1, "found by address, any case");
	is_str(ts_store_class_bookings.sent_to, "caldav", "where they went");
}

static void
test_subject(void)
{
	struct ts_phone_country fr;
	struct ts_subject s = { { 0 }, { 0 }, { 0 } };
	struct ts_error err = TS_ERROR_INIT;
	static const char *const five[] = { "06 12 34 56 78",
	    "+33 6 12 34 56 78", "0033612345678", "33612345678",
	    "06.12.34.56.78" };
	size_t i;

	ts_phone_country("FR", &fr);
	for (i = 0; i < 5; i++)
		ok(ts_subject_add(&s, 'p', five[i], &fr, &err) == 0, five[i]);
	is_int((long long)s.phones.n, 1, "five ways, one number");
	is_str(s.phones.v[0], "+33612345678", "in E.164");
	ok(ts_subject_add(&s, 'p', "hello", &fr, &err) == -1,
	    "not a number");
	ok(!strstr(err.msg, "hello"), "the message does not repeat it");
	ok(ts_subject_add(&s, 'e', " Helene.Dupre@Example.FR ", &fr,
	    &err) == 0, "an address");
	is_str(s.emails.v[0], "helene.dupre@example.fr", "lowercased");
	ok(ts_subject_add(&s, 'e', "nobody", &fr, &err) == -1, "no '@'");
	ok(ts_subject_add(&s, 'n', "Hélène Dupré", &fr, &err) == 0, "a name");
	ts_subject_free(&s);

	ok(ts_gdpr_check_ref("TICKET-2026/0042", &err) == 0, "a ticket");
	ok(ts_gdpr_check_ref(NULL, &err) == 0, "no reference");
	ok(ts_gdpr_check_ref("0612345678", &err) == -1, "a number refused");
	ok(ts_gdpr_check_ref("a@b.fr", &err) == -1, "an address refused");
	ok(ts_gdpr_check_ref("Hélène", &err) == -1, "letters outside ASCII");
}

int
main(void)
{
	struct ts_error err = TS_ERROR_INIT;
	char dir[] = "/tmp/test_gdpr.XXXXXX", path[64];
	struct ts_store *s;

	test_subject();
	if (!mkdtemp(dir)) {
		printf("Bail out! no scratch directory\n");
		return 1;
	}
	snprintf(path, sizeof path, "%s/ts.db", dir);
	if (!(s = ts_store_open(path, 0, &err))) {
		printf("Bail out! %s\n", err.msg);
		return 1;
	}
	test_columns(s);
	test_plans(s);
	test_optimize(s, path);
	test_sent(s);
	ts_store_close(s);
	unlink(path);
	snprintf(path, sizeof path, "%s/ts.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/ts.db-shm", dir);
	unlink(path);
	rmdir(dir);
	return done_testing();
}
