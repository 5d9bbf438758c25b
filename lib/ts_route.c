/*
 * ts_route.c - the decision for one call (see ts_route.h).
 *
 * Each condition of a rule is a small test that, when an explanation is
 * wanted, also says why it held or not; the office's state is computed
 * once per call (ts_calendar_state_now, without the "until" walk, so a
 * stream of calls costs a few integer operations each), the local time of
 * day and weekday once too.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_map.h"
#include "ts_mem.h"
#include "ts_route.h"
#include "banned.h"

#define DAY 86400

static const char *const action_names[] = {
	"answer", "transfer", "message", "escalate", "voicemail", "reject"
};
static const char *const day_names[] = {
	"mon", "tue", "wed", "thu", "fri", "sat", "sun"
};

const char *
ts_route_action_name(enum ts_action a)
{
	return (unsigned)a < TS_ACTION_COUNT ? action_names[a] : "answer";
}

int
ts_route_action_parse(const char *s, enum ts_action *a)
{
	int i;

	for (i = 0; i < TS_ACTION_COUNT; i++)
		if (strcmp(s, action_names[i]) == 0) {
			*a = (enum ts_action)i;
			return 0;
		}
	return -1;
}

void
ts_decision_release(struct ts_decision *d)
{
	ts_buf_release(&d->target);
	ts_buf_release(&d->greeting);
	ts_buf_release(&d->notify);
	ts_buf_release(&d->dial);
}

/* What is known of the call once, for every rule. */
struct facts {
	const struct ts_route_call *c;
	struct ts_open_state st;
	int minute;		/* local minute of the day */
	int wday;		/* 0 = Monday */
	char *why;		/* NULL: no explanation wanted */
	size_t whysize;
};

static void
because(struct facts *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
because(struct facts *f, const char *fmt, ...)
{
	va_list ap;

	if (!f->why)
		return;
	va_start(ap, fmt);
	vsnprintf(f->why, f->whysize, fmt, ap);
	va_end(ap);
}

/* ---- conditions: each returns 1 when it holds ---- */

static const char *
state_words(enum ts_open s)
{
	static const char *const w[] = {
		"open", "closed (after hours)", "closed (break)",
		"closed (holiday)", "closed (closure)"
	};

	return (unsigned)s <= TS_CLOSURE ? w[s] : "closed";
}

static int
test_state(const struct ts_rule *r, struct facts *f)
{
	int ok = (r->states & (1u << f->st.state)) != 0;

	because(f, "the office is %s%s%s%s", state_words(f->st.state),
	    *f->st.label ? " - " : "", f->st.label, ok ? "" :
	    ", which the rule does not take");
	return ok;
}

static int
in_span(const struct ts_span *sp, int m)
{
	if (sp->from < sp->to)
		return sp->from <= m && m < sp->to;
	return m >= sp->from || m < sp->to;	/* across midnight */
}

static int
test_time(const struct ts_rule *r, struct facts *f)
{
	size_t i;

	for (i = 0; i < r->ntimes; i++)
		if (in_span(&r->times[i], f->minute)) {
			because(f, "%02d:%02d is within %02d:%02d-%02d:%02d",
			    f->minute / 60, f->minute % 60,
			    r->times[i].from / 60, r->times[i].from % 60,
			    r->times[i].to / 60, r->times[i].to % 60);
			return 1;
		}
	because(f, "%02d:%02d is outside the rule's time windows",
	    f->minute / 60, f->minute % 60);
	return 0;
}

static int
test_weekday(const struct ts_rule *r, struct facts *f)
{
	int ok = (r->weekdays & (1u << f->wday)) != 0;

	because(f, "%s is %sone of the rule's weekdays", day_names[f->wday],
	    ok ? "" : "not ");
	return ok;
}

/* 1 when tag is in the comma-separated list tags. */
static int
has_tag(const char *tags, const char *tag)
{
	size_t n = strlen(tag);
	const char *p = tags;

	while ((p = strstr(p, tag))) {
		if ((p == tags || p[-1] == ',') && (p[n] == ',' || !p[n]))
			return 1;
		p += n;
	}
	return 0;
}

static int
test_tags(const struct ts_rule *r, struct facts *f)
{
	size_t i;

	if (!f->c->tags) {
		because(f, "the caller is %s, so has no tag", *f->c->caller ?
		    "not a contact" : "withheld");
		return 0;
	}
	for (i = 0; i < r->ntags; i++)
		if (has_tag(f->c->tags, r->tags[i])) {
			because(f, "the caller is tagged '%s'", r->tags[i]);
			return 1;
		}
	because(f, "the caller's tags ('%s') are not the rule's", f->c->tags);
	return 0;
}

static int
test_caller(const struct ts_rule *r, struct facts *f)
{
	unsigned bit;
	const char *what;

	if (!*f->c->caller) {
		bit = TS_CALLER_WITHHELD;
		what = "withheld";
	} else if (f->c->tags) {
		bit = TS_CALLER_KNOWN;
		what = "a known contact";
	} else {
		bit = TS_CALLER_UNKNOWN;
		what = "unknown (not a contact)";
	}
	because(f, "the caller is %s%s", what, r->callers & bit ? "" :
	    ", which the rule does not take");
	return (r->callers & bit) != 0;
}

static int
test_prefix(const struct ts_rule *r, struct facts *f)
{
	size_t i;

	if (!*f->c->caller) {
		because(f, "the caller's number is withheld");
		return 0;
	}
	for (i = 0; i < r->nprefixes; i++)
		if (strncmp(f->c->caller, r->prefixes[i],
		    strlen(r->prefixes[i])) == 0) {
			because(f, "the caller's number starts with %s",
			    r->prefixes[i]);
			return 1;
		}
	because(f, "the caller's number '%s' has none of the rule's "
	    "prefixes", f->c->caller);
	return 0;
}

static int
test_dialled(const struct ts_rule *r, struct facts *f)
{
	size_t i;

	for (i = 0; i < r->ndialled; i++)
		if (strcmp(f->c->did, r->dialled[i]) == 0) {
			because(f, "the caller dialled %s", f->c->did);
			return 1;
		}
	if (!*f->c->did)
		because(f, "the number dialled is not known");
	else
		because(f, "the number dialled (%s) is not the rule's",
		    f->c->did);
	return 0;
}

static int
test_reason(const struct ts_rule *r, struct facts *f)
{
	size_t i;

	for (i = 0; i < r->nreasons; i++)
		if (strcmp(f->c->reason, r->reasons[i]) == 0) {
			because(f, "the reason is '%s'", f->c->reason);
			return 1;
		}
	if (!*f->c->reason)
		because(f, "the call gives no reason");
	else
		because(f, "the reason '%s' is not the rule's", f->c->reason);
	return 0;
}

/* Runs the rule's tests in a fixed order; the first that fails says
 * why, else the last that held does. */
static int
matches(const struct ts_rule *r, struct facts *f)
{
	because(f, "the rule has no condition");
	if (r->states && !test_state(r, f))
		return 0;
	if (r->weekdays && !test_weekday(r, f))
		return 0;
	if (r->ntimes && !test_time(r, f))
		return 0;
	if (r->callers && !test_caller(r, f))
		return 0;
	if (r->ntags && !test_tags(r, f))
		return 0;
	if (r->nprefixes && !test_prefix(r, f))
		return 0;
	if (r->ndialled && !test_dialled(r, f))
		return 0;
	if (r->nreasons && !test_reason(r, f))
		return 0;
	return 1;
}

/* ---- the decision's fields ---- */

const char *
ts_route_step_number(const struct ts_rota *r, size_t step,
    const struct ts_tz *tz, int64_t t)
{
	const struct ts_step *st;
	struct ts_oncall oc;

	if (step >= r->nsteps)
		return "";
	st = &r->steps[step];
	switch (st->kind) {
	case TS_STEP_PERSON:
		return r->people[st->person].number;
	case TS_STEP_NUMBER:
		return st->number;
	case TS_STEP_NEXT:
		ts_calendar_oncall(r, tz, t, &oc);
		return oc.next->number;
	default:
		ts_calendar_oncall(r, tz, t, &oc);
		return oc.person->number;
	}
}

/* The text with "{name}" replaced by the client's name. */
static void
greeting(struct ts_buf *b, const char *text, const char *name)
{
	const char *p;

	while ((p = strstr(text, "{name}"))) {
		ts_buf_add(b, text, (size_t)(p - text));
		ts_buf_addstr(b, name);
		text = p + 6;
	}
	ts_buf_addstr(b, text);
}

void
ts_route_greeting(const struct ts_client *cl, const struct ts_rule *r,
    enum ts_action a, const struct ts_config *cfg, struct ts_buf *out)
{
	ts_buf_reset(out);
	if (r && r->greeting)
		greeting(out, r->greeting, cl->name);
	else if (a == TS_ACTION_REJECT)
		return;		/* nothing is said to a blocked caller */
	else if (cl->greeting)
		greeting(out, cl->greeting, cl->name);
	else if (strcmp(cfg->service.language, "en") == 0)
		ts_buf_addf(out, "%s, good day.", cl->name);
	else
		ts_buf_addf(out, "%s, bonjour.", cl->name);
}

/* 1 when the n bytes at item are one of the comma-separated list. */
static int
in_list(const char *list, const char *item, size_t n)
{
	const char *p = list, *comma;

	while (*p) {
		comma = strchr(p, ',');
		if ((size_t)((comma ? comma : p + strlen(p)) - p) == n &&
		    memcmp(p, item, n) == 0)
			return 1;
		if (!comma)
			break;
		p = comma + 1;
	}
	return 0;
}

/* Appends the items of list to b, skipping those already there. */
static void
add_recipients(struct ts_buf *b, const char *list)
{
	const char *p = list, *comma;
	size_t n;

	while (*p) {
		comma = strchr(p, ',');
		n = comma ? (size_t)(comma - p) : strlen(p);
		if (n && !in_list(b->buf, p, n)) {
			if (b->len)
				ts_buf_addch(b, ',');
			ts_buf_add(b, p, n);
		}
		p += n + (comma != NULL);
	}
}

static void
set_targets(struct ts_decision *d, const struct ts_route_call *c,
    const struct ts_tz *tz)
{
	const struct ts_rule *r = d->rule;
	const char *num;

	ts_buf_reset(&d->target);
	ts_buf_reset(&d->notify);
	ts_buf_reset(&d->dial);
	memset(&d->oncall, 0, sizeof d->oncall);
	d->rota = r ? r->rota : NULL;
	if (!r)
		return;
	ts_buf_addstr(&d->target, r->target);
	if (d->rota) {
		ts_calendar_oncall(d->rota, tz, c->at, &d->oncall);
		num = d->action == TS_ACTION_ESCALATE ?
		    ts_route_step_number(d->rota, 0, tz, c->at) :
		    d->oncall.person->number;
		ts_buf_addstr(&d->dial, num);
		/* The person alerted first, then the rule's recipients. */
		if (d->action == TS_ACTION_ESCALATE)
			ts_buf_addf(&d->notify, "sms:%s", num);
	} else if (d->action == TS_ACTION_TRANSFER && r->target[0] == '+') {
		ts_buf_addstr(&d->dial, r->target);
	}
	add_recipients(&d->notify, r->notify);
}

/* The default: answer when open, a message for everyone otherwise. */
static void
decide_default(struct ts_decision *d, struct facts *f,
    ts_route_explain_fn *explain, void *ctx)
{
	d->rule = NULL;
	d->rule_name = "default";
	d->action = f->st.state == TS_OPEN ? TS_ACTION_ANSWER :
	    TS_ACTION_MESSAGE;
	if (explain) {
		because(f, "%s: the office is %s, so %s",
		    f->c->cl->nrules ? "no rule matched" : "the client has "
		    "no rules", state_words(f->st.state),
		    action_names[d->action]);
		explain(ctx, -1, NULL, 1, f->why);
	}
}

void
ts_route_decide(const struct ts_route_call *c, const struct ts_tz *tz,
    const struct ts_config *cfg, struct ts_decision *d,
    ts_route_explain_fn *explain, void *ctx)
{
	const struct ts_client *cl = c->cl;
	struct facts f;
	char why[300];
	int64_t wall = ts_tz_wall(tz, c->at);
	int64_t days = wall / DAY - (wall % DAY < 0);
	size_t i;

	f.c = c;
	f.why = explain ? why : NULL;
	f.whysize = sizeof why;
	ts_calendar_state_now(cl, tz, c->at, &f.st);
	f.minute = (int)((wall - days * DAY) / 60);
	f.wday = ts_weekday(days) - 1;
	d->state = f.st;
	for (i = 0; i < cl->nrules; i++) {
		int m = matches(&cl->rules[i], &f);

		if (explain)
			explain(ctx, (int)i, &cl->rules[i], m, why);
		if (m)
			break;
	}
	if (i < cl->nrules) {
		d->rule = &cl->rules[i];
		d->rule_name = d->rule->name;
		d->action = d->rule->action;
	} else {
		decide_default(d, &f, explain, ctx);
	}
	set_targets(d, c, tz);
	ts_route_greeting(cl, d->rule, d->action, cfg, &d->greeting);
}

int
ts_route_needs_contacts(const struct ts_client *cl)
{
	size_t i;

	for (i = 0; i < cl->nrules; i++)
		if (cl->rules[i].ntags || (cl->rules[i].callers &
		    (TS_CALLER_KNOWN | TS_CALLER_UNKNOWN)))
			return 1;
	return 0;
}

/* ---- the router ---- */

/* A caller of a client, as preloaded: the key lives in the entry. */
struct known {
	size_t keylen;
	char *tags;
	char key[];		/* client id, NUL, E.164 */
};

struct ts_route {
	const struct ts_config *cfg;
	struct ts_store *store;
	unsigned flags;
	signed char *need;	/* per client: -1 unknown, 0 no, 1 yes */
	unsigned char *loaded;	/* per client: contacts preloaded */
	struct ts_map known;	/* "client\0e164" -> struct known */
	struct ts_buf key;
	char tags[sizeof ((struct ts_contact *)0)->tags];
};

struct ts_route *
ts_route_new(const struct ts_config *cfg, struct ts_store *store,
    unsigned flags)
{
	struct ts_route *rt = ts_xcalloc(1, sizeof *rt);
	size_t n = cfg->nclients ? cfg->nclients : 1;

	rt->cfg = cfg;
	rt->store = store;
	rt->flags = flags;
	rt->need = ts_xmalloc(n);
	memset(rt->need, -1, n);
	rt->loaded = ts_xcalloc(n, 1);
	ts_buf_init(&rt->key);
	return rt;
}

void
ts_route_free(struct ts_route *rt)
{
	const struct ts_map_slot *slot;
	size_t i = 0;

	if (!rt)
		return;
	while (ts_map_next(&rt->known, &i, &slot)) {
		struct known *k = slot->value;

		free(k->tags);
		free(k);
	}
	ts_map_release(&rt->known);
	ts_buf_release(&rt->key);
	free(rt->need);
	free(rt->loaded);
	free(rt);
}

static void
make_key(struct ts_buf *b, const char *client, const char *e164)
{
	ts_buf_reset(b);
	ts_buf_addstr(b, client);
	ts_buf_addch(b, '\0');
	ts_buf_addstr(b, e164);
}

static int
remember(const struct ts_contact *ct, void *p)
{
	struct ts_route *rt = p;
	struct known *k;
	int i;

	for (i = 0; i < ct->nphones; i++) {
		make_key(&rt->key, ct->client, ct->phones[i]);
		if (ts_map_get(&rt->known, rt->key.buf, rt->key.len))
			continue;	/* the oldest contact wins, as in SQL */
		k = ts_xmalloc(sizeof *k + rt->key.len);
		memcpy(k->key, rt->key.buf, rt->key.len);
		k->keylen = rt->key.len;
		k->tags = ts_xstrdup(ct->tags);
		ts_map_put(&rt->known, k->key, k->keylen, k);
	}
	return 0;
}

/* The caller's tags, into c->tags. */
static int
lookup(struct ts_route *rt, size_t ci, struct ts_route_call *c,
    struct ts_error *err)
{
	struct ts_contact ct;
	struct known *k;
	int rc;

	c->tags = NULL;
	if (!rt->store || !*c->caller)
		return 0;
	if (!(rt->flags & TS_ROUTE_PRELOAD)) {
		rc = ts_store_contact_by_phone(rt->store, c->cl->id, c->caller,
		    &ct, err);
		if (rc < 0)
			return -1;
		if (rc == 1) {
			memcpy(rt->tags, ct.tags, sizeof rt->tags);
			c->tags = rt->tags;
		}
		return 0;
	}
	if (!rt->loaded[ci]) {
		if (ts_store_contacts_each(rt->store, c->cl->id, remember, rt,
		    err) < 0)
			return -1;
		rt->loaded[ci] = 1;
	}
	make_key(&rt->key, c->cl->id, c->caller);
	k = ts_map_get(&rt->known, rt->key.buf, rt->key.len);
	c->tags = k ? k->tags : NULL;
	return 0;
}

int
ts_route_call(struct ts_route *rt, struct ts_route_call *c,
    struct ts_decision *d, ts_route_explain_fn *explain, void *ctx,
    struct ts_error *err)
{
	size_t ci = (size_t)(c->cl - rt->cfg->clients);

	if (rt->need[ci] < 0)
		rt->need[ci] = (signed char)ts_route_needs_contacts(c->cl);
	if (rt->need[ci] && lookup(rt, ci, c, err) < 0)
		return -1;
	ts_route_decide(c, ts_config_tz(rt->cfg, c->cl), rt->cfg, d, explain,
	    ctx);
	return 0;
}
