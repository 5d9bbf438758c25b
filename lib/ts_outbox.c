/*
 * ts_outbox.c - taking messages: checking them, choosing their recipients
 * and when each delivery is due, storing them (see ts_outbox.h).
 */
#include <stdlib.h>
#include <string.h>

#include "ts_mem.h"
#include "ts_mime.h"
#include "ts_outbox.h"
#include "ts_map.h"
#include "ts_phone.h"
#include "ts_rec.h"
#include "ts_time.h"
#include "banned.h"

#define MAX_TARGETS 32

struct targets {
	struct ts_target t[MAX_TARGETS];
	char text[MAX_TARGETS][256];
	size_t n;
};

static void
add_target(struct targets *tl, const struct ts_target *t)
{
	size_t i;

	for (i = 0; i < tl->n; i++)
		if (tl->t[i].ch == t->ch && strcmp(tl->t[i].to, t->to) == 0)
			return;
	if (tl->n == MAX_TARGETS)
		return;
	ts_copy_text(tl->text[tl->n], sizeof tl->text[0], t->to,
	    strlen(t->to));
	tl->t[tl->n].ch = t->ch;
	tl->t[tl->n].to = tl->text[tl->n];
	tl->n++;
}

static void
add_group(struct targets *tl, const struct ts_target *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		add_target(tl, &v[i]);
}

static void default_targets(struct ts_outbox *ob,
    const struct ts_client *cl, const struct ts_msg *m, struct targets *tl);
static int group_like(const char *s, size_t n);

/*
 * One item of `notify`: CHANNEL:RECIPIENT, a group of the client, or
 * "default" (as ts-route writes it): the client's own routing.
 */
static int
notify_item(struct ts_outbox *ob, const struct ts_client *cl,
    const struct ts_msg *m, const char *s, size_t n, struct targets *tl,
    struct ts_error *err)
{
	const struct ts_client_msg *cm = ts_client_msg(cl);
	const struct ts_group *g;
	struct ts_target t;
	char buf[256];
	int rc;

	rc = ts_target_parse(s, n, &ob->cfg->service.country,
	    ts_outbox_conf(ob->cfg), &t, buf, sizeof buf, err);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		add_target(tl, &t);
		return 0;
	}
	if (!(g = ts_client_group(cm, s, n)) && n == 7 &&
	    memcmp(s, "default", 7) == 0) {
		default_targets(ob, cl, m, tl);
		return 0;
	}
	if (!g && !group_like(s, n))
		return ts_error_set(err, TS_EXIT_FAIL, "unknown recipient "
		    "group in 'notify' for client '%s' (neither a group nor "
		    "CHANNEL:RECIPIENT)", cl->id);
	if (!g)
		return ts_error_set(err, TS_EXIT_FAIL, "unknown recipient "
		    "group '%.*s' in 'notify' for client '%s'", (int)n, s,
		    cl->id);
	add_group(tl, g->t, g->n);
	return 0;
}

/*
 * Whether an unknown notify item may be quoted in a message: a word that
 * could name a group (ASCII letters, digits, '-', '_', at most 4 digits,
 * 40 bytes).  Anything else may be a caller's address or number typed in
 * the wrong column, which no message shows.
 */
static int
group_like(const char *s, size_t n)
{
	size_t i, digits = 0;

	if (n == 0 || n > 40)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch >= '0' && ch <= '9')
			digits++;
		else if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' &&
		    ch <= 'Z') || ch == '-' || ch == '_'))
			return 0;
	}
	return digits <= 4;
}

static int
notify_list(struct ts_outbox *ob, const struct ts_client *cl,
    const struct ts_msg *m, struct targets *tl, struct ts_error *err)
{
	const char *p = m->notify, *e;
	size_t n;

	while (*p) {
		e = p + strcspn(p, ",");
		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		n = (size_t)(e - p);
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n && notify_item(ob, cl, m, p, n, tl, err) < 0)
			return -1;
		p = *e ? e + 1 : e;
	}
	return 0;
}

/* Reminders and confirmations go to the caller. */
static void
caller_targets(struct ts_outbox *ob, const struct ts_msg *m,
    struct targets *tl)
{
	const struct ts_outbox_conf *oc = ts_outbox_conf(ob->cfg);
	struct ts_target t;

	if (m->caller[0] == '+' && oc->nsms) {
		t.ch = TS_CH_SMS;
		t.to = m->caller;
		add_target(tl, &t);
	}
	if (m->caller_email[0] && (oc->smtp || oc->sendmail)) {
		t.ch = TS_CH_EMAIL;
		t.to = m->caller_email;
		add_target(tl, &t);
	}
}

/* The client's routing for m: its `normal` or `urgent`, else by channel. */
static void
default_targets(struct ts_outbox *ob, const struct ts_client *cl,
    const struct ts_msg *m, struct targets *tl)
{
	const struct ts_client_msg *cm = ts_client_msg(cl);
	int u = m->urgent ? 1 : 0;

	if (m->kind != TS_KIND_MESSAGE)
		caller_targets(ob, m, tl);
	else if (cm->route_set[u])
		add_group(tl, cm->route[u], cm->nroute[u]);
	else {
		add_group(tl, cm->chan[TS_CH_EMAIL].t, cm->chan[TS_CH_EMAIL].n);
		if (u)
			add_group(tl, cm->chan[TS_CH_SMS].t,
			    cm->chan[TS_CH_SMS].n);
		add_group(tl, cm->chan[TS_CH_WEBHOOK].t,
		    cm->chan[TS_CH_WEBHOOK].n);
	}
}

static int
resolve(struct ts_outbox *ob, const struct ts_client *cl,
    const struct ts_msg *m, struct targets *tl, struct ts_error *err)
{
	tl->n = 0;
	if (m->notify[0]) {
		if (notify_list(ob, cl, m, tl, err) < 0)
			return -1;
	} else
		default_targets(ob, cl, m, tl);
	if (tl->n == 0)
		return ts_error_set(err, TS_EXIT_FAIL, "no recipient for this "
		    "%s of client '%s': set 'notify' or the client's "
		    "'messages'", ts_msg_kind_name(m->kind), cl->id);
	return 0;
}

/* ---- when ---- */

/* The instant of minute `min` of the local day starting at wall `day`. */
static int64_t
at_local(const struct ts_tz *tz, int64_t day, int min)
{
	int64_t t[2];

	ts_tz_from_wall(tz, day + (int64_t)min * 60, t);
	return t[0];
}

/* The first digest time strictly after now. */
static int64_t
next_digest(const struct ts_client_msg *cm, const struct ts_tz *tz,
    int64_t now)
{
	int64_t wall = ts_tz_wall(tz, now), day, sec;
	size_t i;

	sec = ((wall % 86400) + 86400) % 86400;
	day = wall - sec;
	for (i = 0; i < cm->ndigest; i++)
		if ((int64_t)cm->digest[i] * 60 > sec)
			return at_local(tz, day, cm->digest[i]);
	return at_local(tz, day + 86400, cm->digest[0]);
}

/* t, or the end of the quiet span it falls in. */
static int64_t
after_quiet(const struct ts_client_msg *cm, const struct ts_tz *tz,
    int64_t t)
{
	int64_t wall = ts_tz_wall(tz, t), day, min;
	const struct ts_span *q;
	size_t i;

	min = (((wall % 86400) + 86400) % 86400) / 60;
	day = wall - (((wall % 86400) + 86400) % 86400);
	for (i = 0; i < cm->nquiet; i++) {
		q = &cm->quiet[i];
		if (q->from < q->to && min >= q->from && min < q->to)
			return at_local(tz, day, q->to);
		if (q->from > q->to && min >= q->from)
			return at_local(tz, day + 86400, q->to);
		if (q->from > q->to && min < q->to)
			return at_local(tz, day, q->to);
	}
	return t;
}

static void
schedule(struct ts_outbox *ob, const struct ts_client *cl,
    const struct ts_msg *m, struct ts_delivery *d)
{
	const struct ts_client_msg *cm = ts_client_msg(cl);
	const struct ts_tz *tz = ts_config_tz(ob->cfg, cl);

	d->next_at = ob->now;
	d->digest = 0;
	if (m->urgent)
		return;
	if (m->kind == TS_KIND_MESSAGE && cm->ndigest &&
	    d->ch != TS_CH_WEBHOOK) {
		d->digest = 1;
		d->next_at = next_digest(cm, tz, ob->now);
	}
	d->next_at = after_quiet(cm, tz, d->next_at);
}

/* ---- adding ---- */

int
ts_outbox_add(struct ts_outbox *ob, struct ts_msg *m, struct ts_error *err)
{
	const struct ts_client *cl = ts_config_client(ob->cfg, m->client);
	struct ts_delivery d;
	struct targets tl;
	size_t i;
	int rc;

	if (!cl)
		return ts_error_set(err, TS_EXIT_FAIL, "unknown client '%.64s'",
		    m->client);
	if (!m->subject[0] && !m->body[0] && !m->caller[0] &&
	    !m->caller_name[0])
		return ts_error_set(err, TS_EXIT_FAIL, "empty message: give a "
		    "subject, a body or the caller");
	if (m->caller_email[0] && !ts_mime_addr_valid(m->caller_email,
	    strlen(m->caller_email)))
		return ts_error_set(err, TS_EXIT_FAIL, "invalid e-mail address "
		    "of the caller");
	if (m->created == TS_TIME_NONE)
		m->created = ob->now;
	if (resolve(ob, cl, m, &tl, err) < 0)
		return -1;
	if (ob->dry_run)
		return 1;
	if ((rc = ts_store_msg_add(ob->store, m, err)) <= 0)
		return rc;
	for (i = 0; i < tl.n; i++) {
		memset(&d, 0, sizeof d);
		d.message = m->id;
		ts_copy_text(d.client, sizeof d.client, m->client,
		    strlen(m->client));
		d.ch = tl.t[i].ch;
		ts_copy_text(d.to, sizeof d.to, tl.t[i].to,
		    strlen(tl.t[i].to));
		d.created = ob->now;
		schedule(ob, cl, m, &d);
		if (ts_store_delivery_add(ob->store, &d, err) < 0)
			return -1;
		ob->queued++;
	}
	return 1;
}

/* ---- record streams ---- */

enum col {
	C_CLIENT, C_CALLER, C_NAME, C_EMAIL, C_SUBJECT, C_BODY, C_URGENT,
	C_TAKEN_BY, C_NOTIFY, C_REASON, C_ACTION, C_REF, C_KIND, C_CALL_ID,
	C_START, C_ESCALATION, C_STEP, C_NCOLS
};

/* Each column's names, the first preferred. */
static const char *const col_names[C_NCOLS][3] = {
	{ "client", NULL, NULL }, { "caller", "phone", NULL },
	{ "caller_name", "name", NULL }, { "caller_email", "email", NULL },
	{ "subject", NULL, NULL }, { "body", "message", NULL },
	{ "urgent", NULL, NULL }, { "taken_by", NULL, NULL },
	{ "notify", NULL, NULL }, { "reason", NULL, NULL },
	{ "action", NULL, NULL }, { "ref", NULL, NULL },
	{ "kind", NULL, NULL }, { "call_id", NULL, NULL },
	{ "start", "at", NULL }, { "escalation", NULL, NULL },
	{ "step", NULL, NULL }
};

struct stream {
	struct ts_reader *r;
	int col[C_NCOLS];
};

static void
find_cols(struct stream *s)
{
	int i, j;

	for (i = 0; i < C_NCOLS; i++) {
		s->col[i] = -1;
		for (j = 0; j < 3 && col_names[i][j] && s->col[i] < 0; j++)
			s->col[i] = ts_reader_col(s->r, col_names[i][j]);
	}
}

/* The field of column c, or "" (len in *n). */
static const char *
field(const struct stream *s, const struct ts_rec *rec, enum col c,
    size_t *n)
{
	int i = s->col[c];

	if (i < 0 || (size_t)i >= rec->n) {
		*n = 0;
		return "";
	}
	*n = rec->len[i];
	return rec->f[i];
}

static void
copy_field(const struct stream *s, const struct ts_rec *rec, enum col c,
    char *dst, size_t size)
{
	size_t n;
	const char *v = field(s, rec, c, &n);

	ts_copy_text(dst, size, v, n);
}

static int
bad_col(const struct stream *s, enum col c, struct ts_error *err,
    const char *what)
{
	return ts_error_set(err, TS_EXIT_FAIL, "%s in column '%s'", what,
	    ts_reader_colname(s->r, (size_t)s->col[c]));
}

/* The action of ts-route: 1 take, 0 skip. */
static int
read_action(const struct stream *s, const struct ts_rec *rec,
    struct ts_msg *m)
{
	size_t n;
	const char *v = field(s, rec, C_ACTION, &n);

	if (n == 0 || (n == 7 && memcmp(v, "message", 7) == 0))
		return 1;
	if (n == 8 && memcmp(v, "escalate", 8) == 0) {
		m->urgent = 1;
		return 1;
	}
	return 0;
}

static int
read_phone(struct ts_outbox *ob, const struct stream *s,
    const struct ts_rec *rec, struct ts_msg *m, struct ts_error *err)
{
	size_t n;
	const char *v = field(s, rec, C_CALLER, &n);
	enum ts_phone_kind k;

	if (n == 0)
		return 0;
	k = ts_phone_normalize(v, n, &ob->cfg->service.country, m->caller);
	if (k == TS_PHONE_INVALID)
		return bad_col(s, C_CALLER, err, "invalid phone number");
	return 0;
}

static int
read_typed(struct ts_outbox *ob, const struct stream *s,
    const struct ts_rec *rec, struct ts_msg *m, struct ts_error *err)
{
	const struct ts_client *cl;
	const char *v;
	size_t n;
	int u;

	v = field(s, rec, C_URGENT, &n);
	if (ts_msg_parse_bool(v, n, &u) < 0)
		return bad_col(s, C_URGENT, err, "not a yes or no");
	m->urgent |= u;
	v = field(s, rec, C_KIND, &n);
	if (n && ts_msg_kind_parse(v, n, &m->kind) < 0)
		return bad_col(s, C_KIND, err, "unknown kind (message, "
		    "reminder or confirmation)");
	v = field(s, rec, C_START, &n);
	cl = ts_config_client(ob->cfg, m->client);
	if (n && ts_time_parse(v, n, ts_config_tz(ob->cfg, cl),
	    TS_FOLD_REJECT, &m->start, err) < 0)
		return -1;
	return read_phone(ob, s, rec, m, err);
}

/*
 * The key of a call without an id (a `client,caller,at` row): a hash, so
 * that the ref column holds no number.
 */
static void
call_key(struct ts_msg *m)
{
	char key[TS_PHONE_MAX + 96];
	int n;

	n = snprintf(key, sizeof key, "%s|%s|%lld", m->client, m->caller,
	    (long long)m->start);
	if (n < 0 || (size_t)n >= sizeof key)
		return;
	snprintf(m->ref, sizeof m->ref, "call:h%016llx",
	    (unsigned long long)ts_map_hash(key, (size_t)n));
}

/*
 * A call decided by ts-route: a rerun of the same CDR file must not take
 * its message twice, so the call id (or, for the alerts of ts-route
 * escalate, the escalation and its step) is the idempotency key when no
 * ref is given; and a call from a withheld number is still worth a message (the
 * client learns that someone called, and when).  Rows
 * that are not calls (no `action`) are messages typed by people: a second
 * one is a second message.
 */
static void
routed_call(const struct stream *s, const struct ts_rec *rec,
    struct ts_msg *m)
{
	static const char withheld[] = "Appel d'un numéro masqué";
	const char *esc, *step;
	size_t n, ne, ns;

	(void)field(s, rec, C_ACTION, &n);
	if (n == 0)
		return;
	esc = field(s, rec, C_ESCALATION, &ne);
	step = field(s, rec, C_STEP, &ns);
	if (m->ref[0] == '\0' && m->call_id[0])
		snprintf(m->ref, sizeof m->ref, "call:%s", m->call_id);
	else if (m->ref[0] == '\0' && ne)	/* ts-route escalate: a step */
		snprintf(m->ref, sizeof m->ref, "escalation:%.*s:%.*s",
		    (int)(ne > 64 ? 64 : ne), esc, (int)(ns > 16 ? 16 : ns),
		    step);
	else if (m->ref[0] == '\0')
		call_key(m);
	if (!m->subject[0] && !m->body[0] && !m->caller[0] &&
	    !m->caller_name[0])
		ts_msg_set_subject(m, withheld, sizeof withheld - 1);
}

/* Fills m from rec: 1 to add, 0 to skip, -1 bad. */
static int
read_msg(struct ts_outbox *ob, const struct stream *s,
    const struct ts_rec *rec, struct ts_msg *m, struct ts_error *err)
{
	const char *v;
	size_t n;

	copy_field(s, rec, C_CLIENT, m->client, sizeof m->client);
	if (!m->client[0])
		return ts_error_set(err, TS_EXIT_FAIL, "no client");
	if (!read_action(s, rec, m))
		return 0;
	copy_field(s, rec, C_NAME, m->caller_name, sizeof m->caller_name);
	copy_field(s, rec, C_EMAIL, m->caller_email, sizeof m->caller_email);
	copy_field(s, rec, C_TAKEN_BY, m->taken_by, sizeof m->taken_by);
	copy_field(s, rec, C_NOTIFY, m->notify, sizeof m->notify);
	copy_field(s, rec, C_REASON, m->reason, sizeof m->reason);
	copy_field(s, rec, C_REF, m->ref, sizeof m->ref);
	copy_field(s, rec, C_CALL_ID, m->call_id, sizeof m->call_id);
	v = field(s, rec, C_SUBJECT, &n);
	ts_msg_set_subject(m, v, n);
	v = field(s, rec, C_BODY, &n);
	ts_msg_set_body(m, v, n);
	if (read_typed(ob, s, rec, m, err) < 0)
		return -1;
	routed_call(s, rec, m);
	return 1;
}

static int
stream_one(struct ts_outbox *ob, struct stream *s, const struct ts_rec *rec,
    int strict, struct ts_error *err)
{
	struct ts_error e = TS_ERROR_INIT;
	struct ts_msg m;
	int rc;

	ts_msg_init(&m);
	rc = read_msg(ob, s, rec, &m, &e);
	if (rc == 0)
		ob->skipped++;
	else if (rc > 0 && (rc = ts_outbox_add(ob, &m, &e)) >= 0) {
		if (rc == 1)
			ob->added++;
		else
			ob->same++;
	}
	ts_msg_release(&m);
	if (rc >= 0)
		return 0;
	ts_error_locate(&e, ts_reader_source(s->r), rec->line, 0);
	if (e.code == TS_EXIT_TEMPFAIL || strict) {
		*err = e;
		return -1;
	}
	ob->rejected++;
	if (ob->bad)
		ob->bad(ob->ctx, &e);
	return 0;
}

static int
stream_loop(struct ts_outbox *ob, struct stream *s, int strict,
    struct ts_error *err)
{
	struct ts_error e = TS_ERROR_INIT;
	struct ts_rec rec;
	int rc;

	for (;;) {
		ts_error_clear(&e);
		rc = ts_reader_next(s->r, &rec, &e);
		if (rc == 0)
			return 0;
		if (rc == -2 || (rc == -1 && strict)) {
			*err = e;
			return -1;
		}
		ob->rows++;
		if (rc == -1) {
			ob->rejected++;
			if (ob->bad)
				ob->bad(ob->ctx, &e);
			continue;
		}
		if (stream_one(ob, s, &rec, strict, err) < 0)
			return -1;
	}
}

int
ts_outbox_add_stream(struct ts_outbox *ob, FILE *in, const char *source,
    int strict, struct ts_error *err)
{
	struct stream s;
	int rc;

	if (!(s.r = ts_reader_new(in, source, 0, err)))
		return -1;
	find_cols(&s);
	if (s.col[C_CLIENT] < 0) {
		ts_reader_free(s.r);
		return ts_error_at(err, TS_EXIT_FAIL, source, 1, 0, "no "
		    "'client' column");
	}
	if (!ob->dry_run && ts_store_begin(ob->store, err) < 0) {
		ts_reader_free(s.r);
		return -1;
	}
	rc = stream_loop(ob, &s, strict, err);
	if (!ob->dry_run) {
		if (rc == 0 && ts_store_commit(ob->store, err) < 0)
			rc = -1;
		if (rc < 0)
			ts_store_rollback(ob->store);
	}
	ts_reader_free(s.r);
	return rc;
}
