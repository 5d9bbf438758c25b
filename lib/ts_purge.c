/*
 * ts_purge.c - retention, erasure of a person, deletion of a client,
 * legal holds, and the checkpoint that makes deleted bytes go (see
 * ts_purge.h).
 */
#include <stdio.h>
#include <string.h>

#include "ts_purge.h"
#include "ts_store_gdpr.h"
#include "ts_time.h"
#include "banned.h"

static int
audit(struct ts_purge *p, const char *command, const char *client,
    const char *dclass, int64_t count, int64_t cutoff, const char *outcome,
    struct ts_error *err)
{
	struct ts_audit a = { p->now, "ts-purge", command, client, dclass,
	    count, cutoff, p->request_date, p->ref, outcome };

	return ts_store_audit_add(p->store, &a, err);
}

/* Counts n rows of class c as deleted. */
static void
touch(struct ts_purge *p, const struct ts_gdpr_class *c, int64_t n)
{
	p->total += n;
	if (n > 0)
		p->touched |= 1ul << (c - ts_gdpr_classes);
}

static int
report(struct ts_purge *p, const struct ts_purge_line *l,
    struct ts_error *err)
{
	if (p->report && p->report(p->ctx, l) != 0)
		return ts_error_set(err, TS_EXIT_FAIL, "write error");
	return 0;
}

/* ---- retention ---- */

/* One class of one client (cl NULL: rows of no client, defaults). */
static int
expire(struct ts_purge *p, const struct ts_client *cl,
    const struct ts_gdpr_class *c, struct ts_error *err)
{
	struct ts_purge_line l = { cl ? cl->id : NULL, c->name, NULL,
	    TS_TIME_NONE, 0, NULL };
	struct ts_store_args a = { l.client, NULL, 0, NULL };
	struct ts_duration d;
	char text[24];
	int held = cl && cl->retention.legal_hold;

	ts_gdpr_retention(c, cl, &d);
	ts_duration_format(&d, text, sizeof text);
	a.cutoff = ts_duration_shift(p->now, &d, -1,
	    ts_config_tz(p->cfg, cl));
	l.retention = text;
	l.cutoff = a.cutoff;
	if (ts_store_class_run(p->store, c->sql, held ?
	    TS_OP_COUNT_EXPIRED : TS_OP_DELETE_EXPIRED, &a, &l.count,
	    err) != 0)
		return -1;
	l.status = held ? "held" : p->dry_run ? "to delete" : "deleted";
	if (!held)
		touch(p, c, l.count);
	if (!p->dry_run && (l.count > 0 || held) && audit(p, "retention",
	    l.client, c->name, l.count, a.cutoff, held ? "held" : "done",
	    err) != 0)
		return -1;
	return report(p, &l, err);
}

struct unknown {
	struct ts_purge *p;
	const struct ts_gdpr_class *c;
	struct ts_error *err;
};

/* A client with rows in the store that the configuration lost. */
static int
unknown_client(const char *client, int64_t n, void *ctx)
{
	struct unknown *u = ctx;
	struct ts_purge_line l = { client, u->c->name, NULL, TS_TIME_NONE, n,
	    "not configured" };

	if (ts_config_client(u->p->cfg, client))
		return 0;
	return report(u->p, &l, u->err);
}

/*
 * Reports the clients that have data but no configuration (their
 * retention is unknown: nothing of theirs is deleted; add them back to
 * the configuration to purge them).
 */
static int
unknown_clients(struct ts_purge *p, struct ts_error *err)
{
	struct unknown u = { p, NULL, err };
	size_t i;

	for (i = 0; i < ts_gdpr_nclasses; i++) {
		u.c = &ts_gdpr_classes[i];
		if (u.c->sql->sql[TS_OP_CLIENTS] &&
		    ts_store_class_clients(p->store, u.c->sql, unknown_client,
		    &u, err) != 0)
			return -1;
	}
	return 0;
}

static int
expire_all(struct ts_purge *p, const char *client, struct ts_error *err)
{
	size_t i, k;

	for (k = 0; k < p->cfg->nclients; k++) {
		const struct ts_client *cl = &p->cfg->clients[k];

		if (client && strcmp(client, cl->id) != 0)
			continue;
		for (i = 0; i < ts_gdpr_nclasses; i++)
			if (ts_gdpr_classes[i].sql->sql[TS_OP_COUNT_EXPIRED] &&
			    expire(p, cl, &ts_gdpr_classes[i], err) != 0)
				return -1;
	}
	for (i = 0; !client && i < ts_gdpr_nclasses; i++)
		if ((ts_gdpr_classes[i].flags & TS_DC_NOCLIENT) &&
		    expire(p, NULL, &ts_gdpr_classes[i], err) != 0)
			return -1;
	return client ? 0 : unknown_clients(p, err);
}

/*
 * Commits, or with --dry-run rolls back: a dry run deletes in a
 * transaction that it then abandons, so that its counts are exactly those
 * of the real run (a contact found by number and by address counts once).
 */
static int
end_tx(struct ts_purge *p, int ok, struct ts_error *err)
{
	if (ok && !p->dry_run && ts_store_commit(p->store, err) == 0)
		return 0;
	ts_store_rollback(p->store);
	return ok && p->dry_run ? 0 : -1;
}

int
ts_purge_retention(struct ts_purge *p, const char *client,
    struct ts_error *err)
{
	if (ts_store_begin(p->store, err) != 0)
		return -1;
	return end_tx(p, expire_all(p, client, err) == 0 &&
	    (p->dry_run || audit(p, "retention", client, NULL, p->total,
	    TS_TIME_NONE, "done", err) == 0), err);
}

/* ---- one person ---- */

static int
check_holds(struct ts_purge *p, const struct ts_client *cl,
    const struct ts_subject *s, struct ts_error *err)
{
	size_t i;
	int rc;

	for (i = 0; i < s->phones.n + s->emails.n; i++) {
		int phone = i < s->phones.n;

		rc = ts_store_hold_get(p->store, cl->id, phone ? "phone" :
		    "email", phone ? s->phones.v[i] :
		    s->emails.v[i - s->phones.n], err);
		if (rc < 0)
			return -1;
		if (rc)
			return ts_error_set(err, TS_EXIT_NO, "client '%s': "
			    "the %s given in argument %zu is under legal "
			    "hold: nothing erased", cl->id, phone ? "number" :
			    "address", i + 1);
	}
	return 0;
}

/* Deletes (or counts) class c's rows for every key of one kind. */
static int
erase_keys(struct ts_purge *p, const struct ts_client *cl,
    const struct ts_gdpr_class *c, enum ts_store_op op,
    const struct ts_strlist *keys, const char *channel, int64_t *count,
    struct ts_error *err)
{
	struct ts_store_args a = { cl->id, NULL, 0, channel };
	int64_t n;
	size_t i;

	if (!c->sql->sql[op])
		return 0;
	for (i = 0; i < keys->n; i++) {
		a.key = keys->v[i];
		if (ts_store_class_run(p->store, c->sql, op, &a, &n, err) != 0)
			return -1;
		*count += n;
	}
	return 0;
}

/*
 * Art. 19: how many of the rows about to go were already copied outside
 * the store (a booking pushed to the client's CalDAV calendar, a message
 * e-mailed), reported so that the client can tell the recipients.
 */
static int
sent(struct ts_purge *p, const struct ts_client *cl,
    const struct ts_gdpr_class *c, const struct ts_subject *s,
    struct ts_error *err)
{
	char status[64];
	struct ts_purge_line l = { cl->id, c->name, NULL, TS_TIME_NONE, 0,
	    status };

	const char *const *ch = c->sql->sent_channels;
	const char *one[2] = { c->sql->sent_to, NULL };

	if (!ch && !c->sql->sent_to)
		return 0;
	for (ch = ch ? ch : one; *ch; ch++) {
		l.count = 0;
		if (erase_keys(p, cl, c, TS_OP_SENT_PHONE, &s->phones, *ch,
		    &l.count, err) != 0 || erase_keys(p, cl, c,
		    TS_OP_SENT_EMAIL, &s->emails, *ch, &l.count, err) != 0)
			return -1;
		if (l.count == 0)
			continue;
		snprintf(status, sizeof status, "copies in %s", *ch);
		if (report(p, &l, err) != 0)
			return -1;
	}
	return 0;
}

static int
erase(struct ts_purge *p, const struct ts_client *cl,
    const struct ts_subject *s, struct ts_error *err)
{
	struct ts_purge_line l = { cl->id, NULL, NULL, TS_TIME_NONE, 0,
	    p->dry_run ? "to delete" : "deleted" };
	size_t i;

	for (i = 0; i < ts_gdpr_nclasses; i++) {
		const struct ts_gdpr_class *c = &ts_gdpr_classes[i];

		if (!(c->flags & TS_DC_SUBJECT))
			continue;
		l.dclass = c->name;
		l.count = 0;
		if (sent(p, cl, c, s, err) != 0)
			return -1;
		if (erase_keys(p, cl, c, TS_OP_DELETE_PHONE, &s->phones,
		    NULL, &l.count, err) != 0 || erase_keys(p, cl, c,
		    TS_OP_DELETE_EMAIL, &s->emails, NULL, &l.count, err) != 0)
			return -1;
		touch(p, c, l.count);
		if (!p->dry_run && audit(p, "subject", cl->id, c->name,
		    l.count, TS_TIME_NONE, "done", err) != 0)
			return -1;
		if (report(p, &l, err) != 0)
			return -1;
	}
	return 0;
}

int
ts_purge_subject(struct ts_purge *p, const struct ts_client *cl,
    const struct ts_subject *s, struct ts_error *err)
{
	if (ts_store_begin(p->store, err) != 0)
		return -1;
	return end_tx(p, check_holds(p, cl, s, err) == 0 &&
	    erase(p, cl, s, err) == 0, err);
}

/* ---- a whole client ---- */

/* Refuses unless the client was exported since its data last changed. */
static int
check_export(struct ts_purge *p, const struct ts_client *cl,
    struct ts_error *err)
{
	struct ts_store_args a = { cl->id, NULL, 0, NULL };
	int64_t last = TS_TIME_NONE, t;
	size_t i;

	if (ts_store_export_get(p->store, cl->id, &p->export_at,
	    p->export_sha256, err) != 0)
		return -1;
	for (i = 0; i < ts_gdpr_nclasses; i++) {
		const struct ts_store_class *c = ts_gdpr_classes[i].sql;

		if (!c->sql[TS_OP_LAST_CHANGE])
			continue;
		if (ts_store_class_run(p->store, c, TS_OP_LAST_CHANGE, &a, &t,
		    err) != 0)
			return -1;
		if (t != TS_TIME_NONE && (last == TS_TIME_NONE || t > last))
			last = t;
	}
	if (p->export_at == TS_TIME_NONE)
		return ts_error_set(err, TS_EXIT_NO, "client '%s' was never "
		    "exported: run 'ts-export client' first, or give "
		    "--no-export", cl->id);
	if (last != TS_TIME_NONE && last > p->export_at)
		return ts_error_set(err, TS_EXIT_NO, "client '%s' changed "
		    "since its last export: run 'ts-export client' again, or "
		    "give --no-export", cl->id);
	return 0;
}

static int
delete_client(struct ts_purge *p, const struct ts_client *cl,
    struct ts_error *err)
{
	struct ts_purge_line l = { cl->id, NULL, NULL, TS_TIME_NONE, 0,
	    p->dry_run ? "to delete" : "deleted" };
	struct ts_store_args a = { cl->id, NULL, 0, NULL };
	size_t i;

	for (i = 0; i < ts_gdpr_nclasses; i++) {
		const struct ts_gdpr_class *c = &ts_gdpr_classes[i];

		if (!c->sql->sql[TS_OP_DELETE_CLIENT])
			continue;
		l.dclass = c->name;
		if (ts_store_class_run(p->store, c->sql, TS_OP_DELETE_CLIENT,
		    &a, &l.count, err) != 0)
			return -1;
		touch(p, c, l.count);
		if (!p->dry_run && audit(p, "client", cl->id, c->name,
		    l.count, TS_TIME_NONE, "done", err) != 0)
			return -1;
		if (report(p, &l, err) != 0)
			return -1;
	}
	/*
	 * ts-agenda's sync state of the client's calendar (its URL, tokens
	 * and the hrefs of its events) is no data class of its own but goes
	 * with the client all the same.
	 */
	return ts_store_caldav_reset(p->store, cl->id, err);
}

static int
client_checks(struct ts_purge *p, const struct ts_client *cl, int no_export,
    struct ts_error *err)
{
	int64_t holds;

	if (cl->retention.legal_hold)
		return ts_error_set(err, TS_EXIT_NO, "client '%s' is under "
		    "legal hold (retention: legal_hold): nothing deleted",
		    cl->id);
	if (ts_store_hold_count(p->store, cl->id, &holds, err) != 0)
		return -1;
	if (holds > 0)
		return ts_error_set(err, TS_EXIT_NO, "client '%s' has %lld "
		    "legal holds: nothing deleted", cl->id, (long long)holds);
	if (no_export) {
		return ts_store_export_get(p->store, cl->id, &p->export_at,
		    p->export_sha256, err);
	}
	return check_export(p, cl, err);
}

int
ts_purge_client(struct ts_purge *p, const struct ts_client *cl,
    int no_export, struct ts_error *err)
{
	if (ts_store_begin(p->store, err) != 0)
		return -1;
	return end_tx(p, client_checks(p, cl, no_export, err) == 0 &&
	    delete_client(p, cl, err) == 0, err);
}

/* ---- legal holds ---- */

static int
holds(struct ts_purge *p, const struct ts_client *cl,
    const struct ts_subject *s, int on, struct ts_error *err)
{
	int changed;
	size_t i;

	for (i = 0; i < s->phones.n + s->emails.n; i++) {
		int phone = i < s->phones.n;

		if (ts_store_hold_set(p->store, cl->id, phone ? "phone" :
		    "email", phone ? s->phones.v[i] :
		    s->emails.v[i - s->phones.n], p->ref, p->now, on, &changed,
		    err) != 0)
			return -1;
		p->total += changed;
	}
	return audit(p, on ? "hold" : "release", cl->id, NULL, p->total,
	    TS_TIME_NONE, "done", err);
}

int
ts_purge_hold(struct ts_purge *p, const struct ts_client *cl,
    const struct ts_subject *s, int on, struct ts_error *err)
{
	if (ts_store_begin(p->store, err) != 0)
		return -1;
	if (holds(p, cl, s, on, err) != 0 ||
	    ts_store_commit(p->store, err) != 0) {
		ts_store_rollback(p->store);
		return -1;
	}
	return 0;
}

/* ---- the bytes ---- */

int
ts_purge_finish(struct ts_purge *p, int vacuum, struct ts_error *err)
{
	int rc;

	size_t i;

	if (p->dry_run)
		return 0;
	for (i = 0; i < ts_gdpr_nclasses; i++)
		if ((p->touched & (1ul << i)) &&
		    ts_store_class_optimize(p->store, ts_gdpr_classes[i].sql,
		    err) != 0)
			return -1;
	if (vacuum && ts_store_vacuum(p->store, err) != 0)
		return -1;
	rc = ts_store_checkpoint(p->store, p->tries > 0 ? p->tries : 5, err);
	if (rc == 1)
		return ts_error_set(err, TS_EXIT_TEMPFAIL, "the data is "
		    "deleted, but another program reading the store kept the "
		    "checkpoint from finishing: copies remain in the store's "
		    "-wal file until a later ts-purge completes one");
	return rc;
}
