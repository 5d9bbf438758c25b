/*
 * ts_store_contacts.c - a client's contacts in the store: upsert, lookup by
 * number, iteration (see ts_store.h).
 *
 * A contact is found again by its id in the source (ext_id), else by one of
 * its numbers within the same client.  Two contacts that both carry an
 * ext_id, and different ones, are two people even when they share a number
 * (a family's landline, a switchboard): the number only matches a stored
 * contact when one of the two has no ext_id.  The merge keeps stored values
 * that the new contact leaves empty, unites the numbers (keeping the new
 * ones when there are more than TS_CONTACT_PHONES) and the tags.
 */
#include <stdint.h>
#include <string.h>

#include <sqlite3.h>

#include "ts_err.h"
#include "ts_store.h"
#include "ts_store_impl.h"
#include "banned.h"

#define CONTACT_COLS "id, client, ext_id, name, first_name, last_name, " \
	"company, email, tags, note"

static const char sql_by_ext[] =
	"SELECT id FROM contacts WHERE client = ?1 AND ext_id = ?2";

/* ?3 is the new contact's ext_id: see the comment at the top. */
static const char sql_by_phone[] =
	"SELECT p.contact FROM contact_phones p"
	" JOIN contacts c ON c.id = p.contact"
	" WHERE p.phone = ?2 AND p.client = ?1"
	" AND (?3 IS NULL OR c.ext_id IS NULL)"
	" ORDER BY p.contact LIMIT 1";

/* A contact without numbers is found by e-mail, else by its exact name,
 * among the contacts that have no numbers either. */
static const char sql_by_email[] =
	"SELECT c.id FROM contacts c WHERE c.client = ?1"
	" AND lower(c.email) = lower(?2) AND (?3 IS NULL OR c.ext_id IS NULL)"
	" ORDER BY c.id LIMIT 1";

static const char sql_by_name[] =
	"SELECT c.id FROM contacts c WHERE c.client = ?1 AND c.name = ?2"
	" AND c.email IS NULL AND (?3 IS NULL OR c.ext_id IS NULL)"
	" AND NOT EXISTS (SELECT 1 FROM contact_phones p"
	" WHERE p.contact = c.id) ORDER BY c.id LIMIT 1";

static const char sql_get[] =
	"SELECT " CONTACT_COLS " FROM contacts WHERE id = ?1";

static const char sql_insert[] =
	"INSERT INTO contacts (client, ext_id, name, first_name, last_name,"
	" company, email, tags, note, created_at, updated_at)"
	" VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)";

static const char sql_update[] =
	"UPDATE contacts SET ext_id = ?3, name = ?4, first_name = ?5,"
	" last_name = ?6, company = ?7, email = ?8, tags = ?9, note = ?10,"
	" updated_at = ?11 WHERE id = ?1 AND client = ?2";

static const char sql_phones_get[] =
	"SELECT phone, label FROM contact_phones WHERE contact = ?1"
	" ORDER BY pos";

static const char sql_phones_delete[] =
	"DELETE FROM contact_phones WHERE contact = ?1";

static const char sql_phone_insert[] =
	"INSERT INTO contact_phones (contact, client, phone, label, pos)"
	" VALUES (?1, ?2, ?3, ?4, ?5)";

#define ORDER_CONTACTS " ORDER BY name IS NULL, name, client, id"

static const char sql_each_client[] =
	"SELECT " CONTACT_COLS " FROM contacts WHERE client = ?1"
	ORDER_CONTACTS;
static const char sql_each_all[] =
	"SELECT " CONTACT_COLS " FROM contacts" ORDER_CONTACTS;

/* ---- merging, in memory ---- */

static int
has_phone(const struct ts_contact *c, const char *phone)
{
	int i;

	for (i = 0; i < c->nphones; i++)
		if (strcmp(c->phones[i], phone) == 0)
			return i;
	return -1;
}

/* Copies text field b over a when b is not empty. */
static void
take(char *a, const char *b, size_t size)
{
	if (*b)
		ts_copy_text(a, size, b, strnlen(b, size));
}

/*
 * Adds c's numbers to m (the stored contact): a known number takes c's
 * label if c has one; a new one is appended.  When that makes too many, the
 * stored numbers that c does not have are dropped, oldest first: the source
 * being imported is the fresher one.
 */
static void
merge_phones(struct ts_contact *m, const struct ts_contact *c)
{
	int i, j;

	for (i = 0; i < c->nphones; i++) {
		if (!c->phones[i][0])
			continue;
		if ((j = has_phone(m, c->phones[i])) >= 0) {
			take(m->phone_labels[j], c->phone_labels[i],
			    sizeof m->phone_labels[j]);
			continue;
		}
		if (m->nphones == TS_CONTACT_PHONES) {
			for (j = 0; j < m->nphones; j++)
				if (has_phone(c, m->phones[j]) < 0)
					break;
			if (j == m->nphones)	/* c has more than fit */
				continue;
			memmove(m->phones[j], m->phones[j + 1],
			    (size_t)(m->nphones - j - 1) * sizeof m->phones[0]);
			memmove(m->phone_labels[j], m->phone_labels[j + 1],
			    (size_t)(m->nphones - j - 1) *
			    sizeof m->phone_labels[0]);
			m->nphones--;
		}
		memcpy(m->phones[m->nphones], c->phones[i],
		    sizeof m->phones[0]);
		memcpy(m->phone_labels[m->nphones], c->phone_labels[i],
		    sizeof m->phone_labels[0]);
		m->nphones++;
	}
}

/* Is the tag tag (n bytes) in the comma-separated list? */
static int
has_tag(const char *list, const char *tag, size_t n)
{
	const char *p = list, *e;

	while (*p) {
		e = strchr(p, ',');
		if (!e)
			e = p + strlen(p);
		if ((size_t)(e - p) == n && memcmp(p, tag, n) == 0)
			return 1;
		p = *e ? e + 1 : e;
	}
	return 0;
}

/*
 * Adds the tags of list b that a lacks to a (the union, a's order first),
 * skipping blanks around and between them.  Fails when the union does not
 * fit.
 */
static int
merge_tags(char *a, size_t size, const char *b)
{
	size_t len = strlen(a), n;
	const char *p = b;

	while (*p) {
		p += strspn(p, " \t,");
		n = strcspn(p, ",");
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n > 0 && !has_tag(a, p, n)) {
			if (len + (len > 0) + n >= size)
				return -1;
			if (len > 0)
				a[len++] = ',';
			memcpy(a + len, p, n);
			len += n;
			a[len] = '\0';
		}
		p += strcspn(p, ",");
	}
	return 0;
}

/* Merges c into m (the stored contact); see the top of the file. */
static int
merge_contact(struct ts_contact *m, const struct ts_contact *c,
    struct ts_error *err)
{
	take(m->ext_id, c->ext_id, sizeof m->ext_id);
	take(m->name, c->name, sizeof m->name);
	take(m->first_name, c->first_name, sizeof m->first_name);
	take(m->last_name, c->last_name, sizeof m->last_name);
	take(m->company, c->company, sizeof m->company);
	take(m->email, c->email, sizeof m->email);
	take(m->note, c->note, sizeof m->note);
	merge_phones(m, c);
	if (merge_tags(m->tags, sizeof m->tags, c->tags) != 0)
		return ts_error_set(err, TS_EXIT_FAIL, "store a contact: "
		    "its tags would be longer than %zu bytes",
		    sizeof m->tags - 1);
	return 0;
}

static int
same_contact(const struct ts_contact *a, const struct ts_contact *b)
{
	int i;

	if (strcmp(a->ext_id, b->ext_id) || strcmp(a->name, b->name) ||
	    strcmp(a->first_name, b->first_name) ||
	    strcmp(a->last_name, b->last_name) ||
	    strcmp(a->company, b->company) || strcmp(a->email, b->email) ||
	    strcmp(a->tags, b->tags) || strcmp(a->note, b->note) ||
	    a->nphones != b->nphones)
		return 0;
	for (i = 0; i < a->nphones; i++)
		if (strcmp(a->phones[i], b->phones[i]) ||
		    strcmp(a->phone_labels[i], b->phone_labels[i]))
			return 0;
	return 1;
}

/* ---- reading ---- */

/* Steps st, which returns one id or none, into *id (0: none). */
static int
step_id(struct ts_store *s, sqlite3_stmt *st, int rc, int64_t *id,
    struct ts_error *err)
{
	*id = 0;
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		rc = SQLITE_DONE;
	}
	if (rc != SQLITE_DONE)
		ts_store_fail(s, rc, "find a contact", err);
	ts_store_done(s, st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int
find_by_text(struct ts_store *s, const struct ts_contact *c, int slot,
    const char *sql, const char *text, size_t size, int64_t *id,
    struct ts_error *err)
{
	sqlite3_stmt *st = ts_store_stmt(s, slot, sql, err);
	int rc;

	if (!st)
		return -1;
	rc = ts_store_bind_text(st, 1, c->client, sizeof c->client) |
	    ts_store_bind_text(st, 2, text, size) |
	    ts_store_bind_text(st, 3, c->ext_id, sizeof c->ext_id);
	return step_id(s, st, rc, id, err);
}

/* The stored contact that c is, by ext_id, then by number, then (for a
 * contact without numbers) by e-mail or name; 0 when none. */
static int
find_contact(struct ts_store *s, const struct ts_contact *c, int64_t *id,
    struct ts_error *err)
{
	sqlite3_stmt *st;
	int i, rc;

	*id = 0;
	if (c->ext_id[0]) {
		st = ts_store_stmt(s, TS_SQL_CONTACT_BY_EXT, sql_by_ext, err);
		if (!st)
			return -1;
		rc = ts_store_bind_text(st, 1, c->client, sizeof c->client) |
		    ts_store_bind_text(st, 2, c->ext_id, sizeof c->ext_id);
		if (step_id(s, st, rc, id, err) != 0 || *id)
			return *id ? 0 : -1;
	}
	for (i = 0; i < c->nphones && !*id; i++) {
		if (!c->phones[i][0])
			continue;
		st = ts_store_stmt(s, TS_SQL_CONTACT_BY_PHONE, sql_by_phone,
		    err);
		if (!st)
			return -1;
		rc = ts_store_bind_text(st, 1, c->client, sizeof c->client) |
		    ts_store_bind_text(st, 2, c->phones[i],
		    sizeof c->phones[i]) |
		    ts_store_bind_text(st, 3, c->ext_id, sizeof c->ext_id);
		if (step_id(s, st, rc, id, err) != 0)
			return -1;
	}
	if (*id || c->nphones)
		return 0;
	if (c->email[0])
		return find_by_text(s, c, TS_SQL_CONTACT_BY_EMAIL, sql_by_email,
		    c->email, sizeof c->email, id, err);
	return find_by_text(s, c, TS_SQL_CONTACT_BY_NAME, sql_by_name,
	    c->name, sizeof c->name, id, err);
}

/* Fills c's numbers from the store. */
static int
read_phones(struct ts_store *s, struct ts_contact *c, struct ts_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (!(st = ts_store_stmt(s, TS_SQL_PHONES_GET, sql_phones_get, err)))
		return -1;
	c->nphones = 0;
	if ((rc = sqlite3_bind_int64(st, 1, c->id)) == SQLITE_OK)
		rc = sqlite3_step(st);
	for (; rc == SQLITE_ROW; rc = sqlite3_step(st)) {
		if (c->nphones == TS_CONTACT_PHONES)
			continue;
		ts_store_col_text(st, 0, c->phones[c->nphones],
		    sizeof c->phones[0]);
		ts_store_col_text(st, 1, c->phone_labels[c->nphones],
		    sizeof c->phone_labels[0]);
		c->nphones++;
	}
	if (rc != SQLITE_DONE)
		ts_store_fail(s, rc, "read a contact's numbers", err);
	ts_store_done(s, st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Reads the CONTACT_COLS of the current row into c (numbers not yet). */
static void
read_contact(sqlite3_stmt *st, struct ts_contact *c)
{
	memset(c, 0, sizeof *c);
	c->id = sqlite3_column_int64(st, 0);
	ts_store_col_text(st, 1, c->client, sizeof c->client);
	ts_store_col_text(st, 2, c->ext_id, sizeof c->ext_id);
	ts_store_col_text(st, 3, c->name, sizeof c->name);
	ts_store_col_text(st, 4, c->first_name, sizeof c->first_name);
	ts_store_col_text(st, 5, c->last_name, sizeof c->last_name);
	ts_store_col_text(st, 6, c->company, sizeof c->company);
	ts_store_col_text(st, 7, c->email, sizeof c->email);
	ts_store_col_text(st, 8, c->tags, sizeof c->tags);
	ts_store_col_text(st, 9, c->note, sizeof c->note);
}

/* Reads contact id, numbers included; returns 1, 0 when not found, -1. */
static int
get_contact(struct ts_store *s, int64_t id, struct ts_contact *c,
    struct ts_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (!(st = ts_store_stmt(s, TS_SQL_CONTACT_GET, sql_get, err)))
		return -1;
	rc = sqlite3_bind_int64(st, 1, id);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_contact(st, c);
	else if (rc != SQLITE_DONE)
		ts_store_fail(s, rc, "read a contact", err);
	ts_store_done(s, st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW || read_phones(s, c, err) != 0)
		return -1;
	return 1;
}

/* ---- writing ---- */

/* Binds c to ?1 .. ?10 and now to ?11. */
static int
bind_contact(sqlite3_stmt *st, const struct ts_contact *c, int64_t now)
{
	return sqlite3_bind_int64(st, 1, c->id) |
	    ts_store_bind_text(st, 2, c->client, sizeof c->client) |
	    ts_store_bind_text(st, 3, c->ext_id, sizeof c->ext_id) |
	    ts_store_bind_text(st, 4, c->name, sizeof c->name) |
	    ts_store_bind_text(st, 5, c->first_name, sizeof c->first_name) |
	    ts_store_bind_text(st, 6, c->last_name, sizeof c->last_name) |
	    ts_store_bind_text(st, 7, c->company, sizeof c->company) |
	    ts_store_bind_text(st, 8, c->email, sizeof c->email) |
	    ts_store_bind_text(st, 9, c->tags, sizeof c->tags) |
	    ts_store_bind_text(st, 10, c->note, sizeof c->note) |
	    sqlite3_bind_int64(st, 11, now);
}

/* Runs the contact statement id (insert or update) for c. */
static int
write_row(struct ts_store *s, enum ts_store_sql id, const char *sql,
    const struct ts_contact *c, int64_t now, struct ts_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (!(st = ts_store_stmt(s, id, sql, err)))
		return -1;
	if ((rc = bind_contact(st, c, now)) != SQLITE_OK) {
		ts_store_done(s, st);
		return ts_store_fail(s, rc, "store a contact", err);
	}
	return ts_store_exec(s, st, "store a contact", err);
}

/* Replaces the stored numbers of c->id with c's. */
static int
write_phones(struct ts_store *s, const struct ts_contact *c,
    struct ts_error *err)
{
	sqlite3_stmt *st;
	int i, rc;

	st = ts_store_stmt(s, TS_SQL_PHONES_DELETE, sql_phones_delete, err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, c->id);
	if (ts_store_exec(s, st, "store a contact's numbers", err) != 0)
		return -1;
	for (i = 0; i < c->nphones; i++) {
		if (!c->phones[i][0] || has_phone(c, c->phones[i]) < i)
			continue;	/* empty, or given twice */
		st = ts_store_stmt(s, TS_SQL_PHONE_INSERT, sql_phone_insert,
		    err);
		if (!st)
			return -1;
		rc = sqlite3_bind_int64(st, 1, c->id) |
		    ts_store_bind_text(st, 2, c->client, sizeof c->client) |
		    ts_store_bind_text(st, 3, c->phones[i],
		    sizeof c->phones[i]) |
		    ts_store_bind_text(st, 4, c->phone_labels[i],
		    sizeof c->phone_labels[i]) |
		    sqlite3_bind_int(st, 5, i);
		if (rc != SQLITE_OK) {
			ts_store_done(s, st);
			return ts_store_fail(s, rc, "store a contact's numbers",
			    err);
		}
		if (ts_store_exec(s, st, "store a contact's numbers",
		    err) != 0)
			return -1;
	}
	return 0;
}

static int
add_contact(struct ts_store *s, struct ts_contact *c, int64_t now,
    struct ts_error *err)
{
	struct ts_contact n = *c;

	/* Merging into an empty contact drops blank and repeated numbers. */
	n.nphones = 0;
	n.tags[0] = '\0';
	merge_phones(&n, c);
	if (merge_tags(n.tags, sizeof n.tags, c->tags) != 0)
		return ts_error_set(err, TS_EXIT_FAIL, "store a contact: "
		    "its tags are longer than %zu bytes", sizeof n.tags - 1);
	if (write_row(s, TS_SQL_CONTACT_INSERT, sql_insert, &n, now,
	    err) != 0)
		return -1;
	n.id = c->id = sqlite3_last_insert_rowid(s->db);
	return write_phones(s, &n, err);
}

int
ts_store_contact_put(struct ts_store *s, struct ts_contact *c, int64_t now,
    enum ts_store_put *result, struct ts_error *err)
{
	struct ts_contact stored, merged;
	enum ts_store_put dummy;
	int64_t id;

	if (!result)
		result = &dummy;
	if (ts_store_need_tx(s, "store a contact", err) != 0)
		return -1;
	if (!c->client[0])
		return ts_error_set(err, TS_EXIT_FAIL,
		    "store a contact: the contact has no client");
	if (c->nphones < 0 || c->nphones > TS_CONTACT_PHONES)
		return ts_error_set(err, TS_EXIT_FAIL,
		    "store a contact: bad count of numbers");
	if (find_contact(s, c, &id, err) != 0)
		return -1;
	if (!id) {
		*result = TS_PUT_ADDED;
		return add_contact(s, c, now, err);
	}
	switch (get_contact(s, id, &stored, err)) {
	case 1:
		break;
	case 0:		/* cannot happen: we hold the write lock */
		return ts_error_set(err, TS_EXIT_FAIL,
		    "store a contact: the stored contact vanished");
	default:
		return -1;
	}
	merged = stored;
	if (merge_contact(&merged, c, err) != 0)
		return -1;
	c->id = id;
	*result = TS_PUT_SAME;
	if (same_contact(&stored, &merged))
		return 0;
	*result = TS_PUT_UPDATED;
	if (write_row(s, TS_SQL_CONTACT_UPDATE, sql_update, &merged, now,
	    err) != 0)
		return -1;
	return write_phones(s, &merged, err);
}

int
ts_store_contact_by_phone(struct ts_store *s, const char *client,
    const char *e164, struct ts_contact *c, struct ts_error *err)
{
	sqlite3_stmt *st;
	int64_t id;
	int rc;

	if (!client || !*client || !e164 || !*e164)
		return 0;
	st = ts_store_stmt(s, TS_SQL_CONTACT_BY_PHONE, sql_by_phone, err);
	if (!st)
		return -1;
	/* ?3 NULL: any contact with that number, with an ext_id or not. */
	rc = ts_store_bind_text(st, 1, client, SIZE_MAX) |
	    ts_store_bind_text(st, 2, e164, SIZE_MAX) |
	    sqlite3_bind_null(st, 3);
	if (step_id(s, st, rc, &id, err) != 0)
		return -1;
	if (!id)
		return 0;
	return get_contact(s, id, c, err);
}

int
ts_store_contacts_each(struct ts_store *s, const char *client,
    int (*fn)(const struct ts_contact *c, void *ctx), void *ctx,
    struct ts_error *err)
{
	struct ts_contact c;
	sqlite3_stmt *st;
	int rc, ret = 0;

	if (client && *client)
		st = ts_store_stmt(s, TS_SQL_CONTACTS_CLIENT, sql_each_client,
		    err);
	else
		st = ts_store_stmt(s, TS_SQL_CONTACTS_ALL, sql_each_all, err);
	if (!st)
		return -1;
	rc = SQLITE_OK;
	if (client && *client)
		rc = ts_store_bind_text(st, 1, client, SIZE_MAX);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	while (rc == SQLITE_ROW) {
		read_contact(st, &c);
		if (read_phones(s, &c, err) != 0) {
			ret = -1;
			break;
		}
		if ((ret = fn(&c, ctx)) != 0)
			break;
		rc = sqlite3_step(st);
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = ts_store_fail(s, rc, "read contacts", err);
	ts_store_done(s, st);
	return ret;
}
