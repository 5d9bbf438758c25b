/*
 * ts_agenda_sync.c - imports of the client's calendar as busy time, and
 * the CalDAV sync (see ts_agenda_sync.h).
 *
 * Network requests are never made inside a store transaction (a slow
 * server would hold every secretary's booking back): a sync reads from the
 * server, then writes what it learnt in one short transaction; each push
 * is a request followed by its own short transaction.  A run that stops
 * half-way (network down) leaves a consistent store, and the next run
 * carries on: the etags say what the server has.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_agenda_sync.h"
#include "ts_caldav.h"
#include "ts_http.h"
#include "ts_mem.h"
#include "banned.h"

#define DAY 86400
#define BATCH 50		/* hrefs per calendar-multiget */
#define SOURCE "caldav"

/* ---- busy time from a calendar ---- */

struct busy_sink {
	struct ts_agenda_ctx *a;
	const char *source;
	const char *ref;	/* NULL: each event's UID */
	int dry_run;
	struct ts_error *err;
	/* The caller's. */
	void (*bad)(const struct ts_error *e, void *ctx);
	void *ctx;
};

/* An event that is one of our own bookings is not busy time. */
static int
ours(struct ts_agenda_ctx *a, const char *uid, struct ts_error *err)
{
	struct ts_booking b;
	int found;

	if (!*uid)
		return 0;
	found = ts_store_booking_get(a->store, 0, uid, &b, err);
	return found < 0 ? -1 : found && strcmp(b.client, a->cl->id) == 0;
}

static int
add_busy(const char *uid, int64_t from, int64_t to, void *p)
{
	struct busy_sink *bs = p;
	const char *ref = bs->ref ? bs->ref : *uid ? uid : "(no uid)";
	int own = ours(bs->a, uid, bs->err);

	if (own != 0 || bs->dry_run)
		return own < 0 ? -1 : 0;
	return ts_store_busy_add(bs->a->store, bs->a->cl->id, bs->source, ref,
	    from, to, bs->a->now, bs->err);
}

static void
sink_bad(const struct ts_error *e, void *p)
{
	struct busy_sink *bs = p;

	if (bs->bad)
		bs->bad(e, bs->ctx);
}

/* Busy time is kept from yesterday to past the horizon. */
static void
window(const struct ts_agenda_ctx *a, int64_t *from, int64_t *to)
{
	*from = a->now - DAY;
	*to = a->now + a->ag->horizon + 7 * DAY;
}

int
ts_agenda_import(struct ts_agenda_ctx *a, const char *text,
    const char *name, const char *source, int dry_run,
    void (*bad)(const struct ts_error *e, void *ctx), void *ctx,
    struct ts_ical_stats *st, struct ts_error *err)
{
	struct busy_sink bs = { a, source ? source : "import", NULL, dry_run,
	    err, bad, ctx };
	struct ts_ical_read r;

	memset(&r, 0, sizeof r);
	r.source = name;
	r.floating = a->tz;
	window(a, &r.from, &r.to);
	r.busy = add_busy;
	r.bad = sink_bad;
	r.ctx = &bs;
	if (ts_store_begin(a->store, err) != 0)
		return -1;
	if ((!dry_run && ts_store_busy_clear(a->store, a->cl->id, bs.source,
	    NULL, err) != 0) || ts_ical_read(text, &r, err) != 0 ||
	    (!dry_run && ts_store_commit(a->store, err) != 0)) {
		ts_store_rollback(a->store);
		*st = r.st;
		return -1;
	}
	if (dry_run)
		ts_store_rollback(a->store);
	*st = r.st;
	return 0;
}

int
ts_agenda_fetch(const struct ts_agenda_ctx *a, const char *url,
    char **text, struct ts_error *err)
{
	struct ts_http_opts o = { a->ag->ca_file, 0, 0 };
	struct ts_http_resp r;
	char *u;

	/* webcal:// is how calendar applications spell https://. */
	if (strncmp(url, "webcal://", 9) == 0)
		u = ts_xasprintf("https://%s", url + 9);
	else
		u = ts_xstrdup(url);
	if (ts_http_request_with(&o, "GET", u, NULL, NULL, NULL, 0,
	    TS_HTTP_FOLLOW, &r, err) != 0) {
		free(u);
		return -1;
	}
	if (r.status != 200) {
		ts_http_status_error("import", u, r.status, err);
		ts_http_resp_release(&r);
		free(u);
		return -1;
	}
	free(u);
	*text = ts_buf_detach(&r.body, NULL);
	return 0;
}

/* ---- the sync ---- */

struct sync {
	struct ts_agenda_ctx *a;
	struct ts_caldav dv;
	char *url;			/* the collection, ending in '/' */
	char *secret;
	struct ts_caldav_state state;
	struct ts_sync_stats *st;
	unsigned flags;
	struct ts_error *err;
	/* The listing being applied, and whether it is everything. */
	const struct ts_caldav_list *list;
	int full;
};

static int
sync_open(struct sync *s)
{
	const struct ts_agenda_caldav *cd = &s->a->ag->caldav;
	size_t n;
	int found;

	if (!cd->url)
		return ts_error_set(s->err, TS_EXIT_USAGE, "client '%s' has no "
		    "'caldav' in its agenda", s->a->cl->id);
	n = strlen(cd->url);
	s->url = ts_xasprintf("%s%s", cd->url, cd->url[n - 1] == '/' ? "" :
	    "/");
	s->dv.url = s->url;
	s->dv.opts.ca_file = s->a->ag->ca_file;
	if (cd->token.file || cd->token.env) {
		s->secret = ts_secret_read(&cd->token, s->err);
		s->dv.auth.bearer = s->secret;
	} else if (cd->password.file || cd->password.env) {
		s->secret = ts_secret_read(&cd->password, s->err);
		s->dv.auth.user = cd->username;
		s->dv.auth.password = s->secret;
	}
	if ((cd->token.file || cd->token.env || cd->password.file ||
	    cd->password.env) && !s->secret)
		return -1;
	if (!s->dv.auth.user && cd->username)
		s->dv.auth.user = cd->username;
	found = ts_store_caldav_get(s->a->store, s->a->cl->id, &s->state,
	    s->err);
	if (found < 0)
		return -1;
	if (!found || strcmp(s->state.url, s->url) != 0) {
		/* Another calendar: what we knew of the old one is void. */
		memset(&s->state, 0, sizeof s->state);
		snprintf(s->state.url, sizeof s->state.url, "%s", s->url);
	}
	return 0;
}

static void
sync_close(struct sync *s)
{
	ts_secret_free(s->secret);
	free(s->url);
}

/* The server's copy of a resource: its busy interval, 0 when it takes
 * no time (cancelled, transparent), -1 when it cannot be read. */
struct span {
	int64_t from, to;
	int n;
};

static int
first_span(const char *uid, int64_t from, int64_t to, void *p)
{
	struct span *sp = p;

	(void)uid;
	if (sp->n++ == 0) {
		sp->from = from;
		sp->to = to;
	}
	return 0;
}

static int
remote_span(const struct ts_agenda_ctx *a, const char *data, struct span *sp)
{
	struct ts_error e = TS_ERROR_INIT;
	struct ts_ical_read r;

	memset(&r, 0, sizeof r);
	memset(sp, 0, sizeof *sp);
	r.source = "caldav";
	r.floating = a->tz;
	r.from = INT64_MIN / 2;
	r.to = INT64_MAX / 2;
	r.busy = first_span;
	r.ctx = sp;
	if (ts_ical_read(data, &r, &e) != 0)
		return -1;
	return sp->n > 0;
}

/* Does the server's copy say what the booking says (times, status)? */
static int
same_as(const struct ts_agenda_ctx *a, const struct ts_booking *b,
    const char *data)
{
	struct span sp;
	int busy = remote_span(a, data, &sp);

	if (busy < 0)
		return 0;
	if (b->status == TS_BOOKING_CANCELLED)
		return busy == 0;
	return busy == 1 && sp.from == b->start && sp.to == b->end;
}

/* The server's busy time of href replaces what we had of it. */
static int
store_busy(struct sync *s, const char *href, const char *data)
{
	struct busy_sink bs = { s->a, SOURCE, href, 0, s->err, NULL, NULL };
	struct ts_ical_read r;
	struct ts_error inner = TS_ERROR_INIT;

	if (ts_store_busy_clear(s->a->store, s->a->cl->id, SOURCE, href,
	    s->err) != 0)
		return -1;
	if (!data)
		return 0;
	memset(&r, 0, sizeof r);
	r.source = href;
	r.floating = s->a->tz;
	window(s->a, &r.from, &r.to);
	r.busy = add_busy;
	r.ctx = &bs;
	if (ts_ical_read(data, &r, &inner) != 0 && s->err->code)
		return -1;
	return 0;
}

static void
set_conflict(struct ts_booking *b, const char *why, const char *etag)
{
	snprintf(b->conflict, sizeof b->conflict, "%s", why);
	snprintf(b->remote_etag, sizeof b->remote_etag, "%s", etag);
}

static int listed(const struct ts_caldav_list *l, const char *href);

/* Is href no longer on the server, by the listing being applied? */
static int
vanished(const struct sync *s, const char *href)
{
	size_t i;

	if (s->full)
		return !listed(s->list, href);
	for (i = 0; i < s->list->n; i++)
		if (s->list->it[i].gone &&
		    strcmp(s->list->it[i].href, href) == 0)
			return 1;
	return 0;
}

/* A resource of ours changed on the server (or we learn its etag). */
static int
remote_booking(struct sync *s, struct ts_booking *b, const char *href,
    const char *etag, const char *data)
{
	int moved = 0;

	if (b->href[0] && strcmp(b->href, href) != 0) {
		if (!vanished(s, b->href))
			return 0;	/* a copy elsewhere: not ours */
		/* The server keeps it under a name of its own (Calypso
		 * names a resource after its UID): follow it. */
		snprintf(b->href, sizeof b->href, "%s", href);
		moved = 1;
	}
	if (b->href[0] && strcmp(b->etag, etag) == 0)	/* our own write */
		return moved ? ts_store_booking_update(s->a->store, b,
		    s->a->now, s->err) : 0;
	if (same_as(s->a, b, data)) {
		/* The same times: adopt the etag (a write of ours whose
		 * reply had none, or an edit of the description). */
		snprintf(b->href, sizeof b->href, "%s", href);
		snprintf(b->etag, sizeof b->etag, "%s", etag);
		if (b->conflict[0] && !b->remote_etag[0])
			b->conflict[0] = '\0';
		if (ts_store_busy_clear(s->a->store, s->a->cl->id, SOURCE,
		    href, s->err) != 0)
			return -1;
	} else if (!b->conflict[0] || strcmp(b->remote_etag, etag) != 0) {
		set_conflict(b, "changed in the client's calendar", etag);
		snprintf(b->href, sizeof b->href, "%s", href);
		/* While it is unsettled, the server's time is busy too. */
		if (b->status == TS_BOOKING_CONFIRMED &&
		    store_busy(s, href, data) != 0)
			return -1;
	} else if (!moved) {
		return 0;
	}
	return ts_store_booking_update(s->a->store, b, s->a->now, s->err);
}

static int
remote_changed(struct sync *s, const struct ts_caldav_item *it)
{
	struct ts_booking b;
	char uid[128] = "";
	long seq;
	int found = 0;

	s->st->fetched++;
	if (it->data && ts_ical_uid(it->data, uid, sizeof uid, &seq) == 0 &&
	    (found = ts_store_booking_get(s->a->store, 0, uid, &b,
	    s->err)) < 0)
		return -1;
	if (ts_store_caldav_item_put(s->a->store, s->a->cl->id, it->href,
	    it->etag, uid, s->err) != 0)
		return -1;
	if (found && strcmp(b.client, s->a->cl->id) == 0)
		return remote_booking(s, &b, it->href, it->etag, it->data);
	s->st->busy_changed++;
	return store_busy(s, it->href, it->data);
}

static int
remote_gone(struct sync *s, const char *href)
{
	char etag[128], uid[128];
	struct ts_booking b;
	int found;

	if (ts_store_caldav_item_get(s->a->store, s->a->cl->id, href, etag,
	    uid, s->err) < 0 ||
	    ts_store_busy_clear(s->a->store, s->a->cl->id, SOURCE, href,
	    s->err) != 0 ||
	    ts_store_caldav_item_del(s->a->store, s->a->cl->id, href,
	    s->err) != 0)
		return -1;
	if (!uid[0] || (found = ts_store_booking_get(s->a->store, 0, uid, &b,
	    s->err)) == 0) {
		s->st->deleted++;
		return 0;
	}
	if (found < 0)
		return -1;
	if (strcmp(b.client, s->a->cl->id) != 0 || strcmp(b.href, href) != 0)
		return 0;	/* not ours, or moved to another href */
	s->st->deleted++;
	b.href[0] = b.etag[0] = '\0';
	if (b.status == TS_BOOKING_CONFIRMED) {
		set_conflict(&b, "deleted from the client's calendar", "");
		b.pushed_seq = -1;
	} else {
		b.pushed_seq = b.sequence;
	}
	return ts_store_booking_update(s->a->store, &b, s->a->now, s->err);
}

/* The hrefs we know, for a full listing: those missing are deleted. */
struct known {
	char **href;
	char **etag;
	size_t n, cap, capx;
};

static int
know(const char *href, const char *etag, const char *uid, void *p)
{
	struct known *k = p;

	(void)uid;
	TS_GROW(k->href, k->n + 1, k->cap);
	TS_GROW(k->etag, k->n + 1, k->capx);
	k->href[k->n] = ts_xstrdup(href);
	k->etag[k->n++] = ts_xstrdup(etag);
	return 0;
}

static void
known_release(struct known *k)
{
	size_t i;

	for (i = 0; i < k->n; i++) {
		free(k->href[i]);
		free(k->etag[i]);
	}
	free(k->href);
	free(k->etag);
}

static const char *
known_etag(const struct known *k, const char *href)
{
	size_t i;

	for (i = 0; i < k->n; i++)
		if (strcmp(k->href[i], href) == 0)
			return k->etag[i];
	return NULL;
}

/* Fetches the data of the items of l that changed, into got. */
static int
fetch_changed(struct sync *s, const struct ts_caldav_list *l,
    const struct known *k, struct ts_caldav_list *got)
{
	const char *hrefs[BATCH];
	const char *old;
	size_t i, n = 0;

	for (i = 0; i <= l->n; i++) {
		if (i < l->n) {
			const struct ts_caldav_item *it = &l->it[i];

			old = known_etag(k, it->href);
			if (it->gone || (old && *it->etag &&
			    strcmp(old, it->etag) == 0))
				continue;
			hrefs[n++] = it->href;
		}
		if (n && (n == BATCH || i == l->n)) {
			if (ts_caldav_multiget(&s->dv, hrefs, n, got,
			    s->err) != 0)
				return -1;
			n = 0;
		}
	}
	return 0;
}

static int
listed(const struct ts_caldav_list *l, const char *href)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!l->it[i].gone && strcmp(l->it[i].href, href) == 0)
			return 1;
	return 0;
}

/* Writes what the server said, in one transaction. */
static int
apply(struct sync *s, const struct ts_caldav_list *l,
    const struct ts_caldav_list *got, const struct known *k, int full)
{
	size_t i;

	if (s->flags & TS_SYNC_DRY_RUN)
		return 0;
	s->list = l;
	s->full = full;
	if (ts_store_begin(s->a->store, s->err) != 0)
		return -1;
	for (i = 0; i < got->n; i++)
		if (!got->it[i].gone && remote_changed(s, &got->it[i]) != 0)
			goto fail;
	for (i = 0; i < l->n; i++)
		if (l->it[i].gone && known_etag(k, l->it[i].href) &&
		    remote_gone(s, l->it[i].href) != 0)
			goto fail;
	for (i = 0; full && i < k->n; i++)
		if (!listed(l, k->href[i]) && remote_gone(s, k->href[i]) != 0)
			goto fail;
	s->state.synced_at = s->a->now;
	if (ts_store_caldav_put(s->a->store, s->a->cl->id, &s->state,
	    s->err) != 0 || ts_store_commit(s->a->store, s->err) != 0)
		goto fail;
	return 0;
fail:
	ts_store_rollback(s->a->store);
	return -1;
}

/* Reads the listing l (full: everything there is) and applies it. */
static int
pull_list(struct sync *s, const struct ts_caldav_list *l, int full)
{
	struct known k = { NULL, NULL, 0, 0, 0 };
	struct ts_caldav_list got;
	int rc;

	memset(&got, 0, sizeof got);
	rc = ts_store_caldav_items_each(s->a->store, s->a->cl->id, know, &k,
	    s->err);
	if (rc == 0)
		rc = fetch_changed(s, l, &k, &got);
	if (rc == 0)
		rc = apply(s, l, &got, &k, full);
	ts_caldav_list_release(&got);
	known_release(&k);
	return rc;
}

/* Where sync-collection is missing: the ctag says if anything changed. */
static int
pull_ctag(struct sync *s)
{
	struct ts_caldav_list l;
	char ctag[256];
	int rc;

	if (ts_caldav_ctag(&s->dv, ctag, sizeof ctag, s->err) != 0)
		return -1;
	if (*ctag && strcmp(ctag, s->state.ctag) == 0)
		return 0;
	memset(&l, 0, sizeof l);
	rc = ts_caldav_members(&s->dv, &l, s->err);
	s->state.sync_token[0] = '\0';
	snprintf(s->state.ctag, sizeof s->state.ctag, "%s", ctag);
	s->st->full = 1;
	if (rc == 0)
		rc = pull_list(s, &l, 1);
	ts_caldav_list_release(&l);
	return rc;
}

static int
pull(struct sync *s)
{
	struct ts_caldav_list l;
	int rc, full = s->state.sync_token[0] == '\0';

	memset(&l, 0, sizeof l);
	rc = ts_caldav_sync(&s->dv, s->state.sync_token, &l, s->err);
	if (rc == TS_CALDAV_SYNC_REFUSED) {
		/* The token expired (or the calendar was rebuilt): list
		 * everything again, and find what disappeared. */
		ts_caldav_list_release(&l);
		full = 1;
		rc = ts_caldav_sync(&s->dv, "", &l, s->err);
	}
	if (rc == TS_CALDAV_SYNC_UNSUPPORTED) {
		ts_caldav_list_release(&l);
		return pull_ctag(s);
	}
	if (rc == TS_CALDAV_SYNC_OK) {
		s->st->full |= full;
		snprintf(s->state.sync_token, sizeof s->state.sync_token, "%s",
		    l.token);
		rc = pull_list(s, &l, full);
	}
	ts_caldav_list_release(&l);
	return rc < 0 ? -1 : 0;
}

/* ---- push ---- */

struct pending {
	struct ts_booking *b;
	size_t n, cap;
};

static int
needs_push(const struct ts_booking *b, void *p)
{
	struct pending *pd = p;

	if (b->conflict[0] || b->pushed_seq == b->sequence)
		return 0;
	TS_GROW(pd->b, pd->n + 1, pd->cap);
	pd->b[pd->n++] = *b;
	return 0;
}

/* The href of a new booking: the collection and the UID, made safe. */
static void
new_href(const struct sync *s, const struct ts_booking *b, char *buf,
    size_t n)
{
	char name[160];
	size_t i, k = 0;

	for (i = 0; b->uid[i] && k < sizeof name - 1; i++) {
		char c = b->uid[i];

		name[k++] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' ? c : '-';
	}
	name[k] = '\0';
	snprintf(buf, n, "%s%s.ics", ts_caldav_path(&s->dv), name);
}

/* Stores the outcome of one push in its own transaction. */
static int
save(struct sync *s, struct ts_booking *b, int pushed)
{
	if (ts_store_begin(s->a->store, s->err) != 0)
		return -1;
	if ((pushed && (ts_store_busy_clear(s->a->store, s->a->cl->id, SOURCE,
	    b->href, s->err) != 0 || ts_store_caldav_item_put(s->a->store,
	    s->a->cl->id, b->href, b->etag, b->uid, s->err) != 0)) ||
	    ts_store_booking_update(s->a->store, b, s->a->now, s->err) != 0 ||
	    ts_store_commit(s->a->store, s->err) != 0) {
		ts_store_rollback(s->a->store);
		return -1;
	}
	return 0;
}

/* After a 412: what is on the server now? */
static int
refused(struct sync *s, struct ts_booking *b, const char *href, int create)
{
	char etag[128], *text = NULL;
	long status = ts_caldav_get(&s->dv, href, &text, etag, s->err);
	char uid[128] = "";
	long seq = 0;

	if (status < 0)
		return -1;
	if (status == 200 && ts_ical_uid(text, uid, sizeof uid, &seq) == 0 &&
	    strcmp(uid, b->uid) == 0 && seq >= b->sequence &&
	    same_as(s->a, b, text)) {
		/* Another run of ours wrote this very version. */
		snprintf(b->href, sizeof b->href, "%s", href);
		snprintf(b->etag, sizeof b->etag, "%s", etag);
		b->pushed_seq = b->sequence;
		free(text);
		return save(s, b, 1);
	}
	free(text);
	set_conflict(b, create ? "another event is at its address in the "
	    "client's calendar" : "changed in the client's calendar", etag);
	snprintf(b->href, sizeof b->href, "%s", href);
	return save(s, b, 0);
}

static int
push_one(struct sync *s, struct ts_booking *b)
{
	char href[512], etag[128];
	int create = !b->href[0], free_;
	char *text;
	long status;

	if (create && b->status == TS_BOOKING_CANCELLED) {
		b->pushed_seq = b->sequence;	/* nothing to tell the server */
		return save(s, b, 0);
	}
	if (create) {
		/* The client may have filled the slot since it was booked. */
		free_ = ts_store_agenda_is_free(s->a->store, s->a->cl->id,
		    b->start, b->end, 0, b->id, NULL, s->err);
		if (free_ < 0)
			return -1;
		if (!free_) {
			set_conflict(b, "the slot is taken in the client's "
			    "calendar", "");
			return save(s, b, 0);
		}
		new_href(s, b, href, sizeof href);
	} else {
		snprintf(href, sizeof href, "%s", b->href);
	}
	if (!(text = ts_ical_write(s->a, b, 1, s->err)))
		return -1;
	status = ts_caldav_put(&s->dv, href, text, create ? NULL :
	    b->etag[0] ? b->etag : "*", etag, s->err);
	free(text);
	if (status < 0)
		return -1;
	if (status == 412)
		return refused(s, b, href, create);
	if (status / 100 != 2) {
		if (status >= 500 || status == 429 || status == 401 ||
		    status == 403)
			return ts_http_status_error("caldav push", s->url,
			    status, s->err);
		snprintf(b->conflict, sizeof b->conflict, "refused by the "
		    "server (%ld)", status);
		return save(s, b, 0);
	}
	snprintf(b->href, sizeof b->href, "%s", href);
	snprintf(b->etag, sizeof b->etag, "%s", etag);
	b->pushed_seq = b->sequence;
	if (create)
		s->st->created++;
	else
		s->st->updated++;
	return save(s, b, 1);
}

static int
push(struct sync *s)
{
	struct pending pd = { NULL, 0, 0 };
	size_t i;
	int rc;

	rc = ts_store_bookings_each(s->a->store, s->a->cl->id, INT64_MIN,
	    INT64_MAX, needs_push, &pd, s->err);
	for (i = 0; rc == 0 && i < pd.n; i++)
		if (!(s->flags & TS_SYNC_DRY_RUN))
			rc = push_one(s, &pd.b[i]);
	free(pd.b);
	return rc;
}

struct report {
	void (*fn)(const struct ts_booking *b, void *ctx);
	void *ctx;
	long n;
};

static int
report_conflict(const struct ts_booking *b, void *p)
{
	struct report *r = p;

	if (!b->conflict[0])
		return 0;
	r->n++;
	if (r->fn)
		r->fn(b, r->ctx);
	return 0;
}

int
ts_agenda_sync(struct ts_agenda_ctx *a, unsigned flags,
    void (*conflict)(const struct ts_booking *b, void *ctx), void *ctx,
    struct ts_sync_stats *st, struct ts_error *err)
{
	struct sync s;
	struct report rep = { conflict, ctx, 0 };
	long writes;
	int rc;

	memset(&s, 0, sizeof s);
	memset(st, 0, sizeof *st);
	s.a = a;
	s.st = st;
	s.flags = flags;
	s.err = err;
	rc = sync_open(&s);
	if (rc == 0 && (flags & TS_SYNC_PULL))
		rc = pull(&s);
	writes = s.dv.writes;
	if (rc == 0 && (flags & TS_SYNC_PUSH))
		rc = push(&s);
	/* Our own writes changed the collection: take the new token now,
	 * so that the next run finds nothing to do. */
	if (rc == 0 && (flags & TS_SYNC_PULL) && s.dv.writes > writes)
		rc = pull(&s);
	if (rc == 0)
		rc = ts_store_bookings_each(a->store, a->cl->id, INT64_MIN,
		    INT64_MAX, report_conflict, &rep, err);
	st->conflicts = rep.n;
	st->requests = s.dv.requests;
	st->writes = s.dv.writes;
	sync_close(&s);
	return rc;
}
