/*
 * ts_config_oncall.c - a client's `oncall:` section: its on-call rotas
 * (astreintes).
 *
 *	oncall:
 *	  techniciens:                          # the rota's name
 *	    people:
 *	      marc: { name: Marc Schmitt, number: 06 12 34 56 78 }
 *	      julien: { name: Julien Weber, number: 06 23 45 67 89 }
 *	    start: 2026-01-05                   # the rotation's first week
 *	    rotation:                           # weekly shifts
 *	      - { from: mon 07:30, people: [marc, julien] }
 *	    exceptions:
 *	      - { from: 2026-12-24, to: 2026-12-26, person: julien }
 *	    escalation:
 *	      - { to: oncall, wait: 10m }
 *	      - { to: next, wait: 10m }
 *	      - 03 88 00 00 00
 *
 * Only reading and checking live here; who is on call at an instant is
 * the calendar's question (ts_calendar_oncall).  The checks are those a
 * person editing the file needs: the shifts of a rota cover the whole
 * week exactly once (a hole would leave an emergency with nobody to call,
 * an overlap would leave two people thinking the other one has it), every
 * person named exists, exceptions do not overlap.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_config_impl.h"
#include "ts_mem.h"
#include "banned.h"

#define DEFAULT_WAIT (15 * 60)

static const char *const day_names[] = {
	"mon", "tue", "wed", "thu", "fri", "sat", "sun"
};

int
ts_config_word(const char *s, size_t len)
{
	size_t i;

	if (len < 1 || len > 63)
		return 0;
	for (i = 0; i < len; i++) {
		if ((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9'))
			continue;
		if (i > 0 && (s[i] == '-' || s[i] == '_'))
			continue;
		return 0;
	}
	return 1;
}

/* What the readers of one rota share. */
struct rota_ctx {
	struct ts_rota *r;
	const struct ts_client *cl;
	const struct ts_config_node *node;	/* the rota's mapping */
};

/* ---- people ---- */

struct person_in {
	char *name;
	char *number;
	char *email;
};

#define PI(f)	offsetof(struct person_in, f)

static const struct ts_config_key person_keys[] = {
	{ "name", ts_config_key_str, PI(name), TS_CONFIG_REQUIRED,
	    "the person's name, as the secretary says it" },
	{ "number", ts_config_key_str, PI(number), TS_CONFIG_REQUIRED,
	    "the number to call or text" },
	{ "email", ts_config_key_str, PI(email), 0,
	    "an e-mail address, for messages" },
	{ NULL, NULL, 0, 0, NULL }
};

static int
read_person(struct ts_config_ctx *c, const struct ts_config_node *idn,
    const struct ts_config_node *n, struct ts_rota *r, struct ts_person *p)
{
	struct person_in in = { NULL, NULL, NULL };
	struct ts_config_item it;
	char what[160], e164[TS_PHONE_MAX];

	if (!ts_config_word(idn->str, idn->len))
		return ts_config_fail(c, idn, "invalid person id '%.40s' in "
		    "rota '%s': use lowercase letters, digits, '-' and '_'",
		    idn->str, r->name);
	snprintf(what, sizeof what, "person '%s' of rota '%s'", idn->str,
	    r->name);
	if (ts_config_read_map(c, n, NULL, person_keys, &in, what, 0) == -1)
		return -1;
	it.node = ts_config_get(n, "number");
	it.s = in.number;
	it.len = strlen(in.number);
	/* A person's own number is personal: the message names the key. */
	if (ts_phone_normalize(it.s, it.len, &c->cfg->service.country, e164)
	    != TS_PHONE_E164)
		return ts_config_fail(c, it.node, "'number' of %s is not a "
		    "full phone number", what);
	p->id = ts_config_strndup(c, idn->str, idn->len);
	p->name = in.name;
	p->number = ts_config_strndup(c, e164, strlen(e164));
	p->email = in.email;
	return 0;
}

static int
read_people(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	struct rota_ctx *rc = obj;
	struct ts_rota *r = rc->r;
	size_t i, np;

	(void)k;
	if (n->type != TS_CONFIG_MAP || n->nkid == 0)
		return ts_config_fail(c, n, "'people' of rota '%s' must map "
		    "ids to people ({ name: ..., number: ... })", r->name);
	np = n->nkid / 2;
	r->people = ts_config_alloc(c, np * sizeof *r->people);
	for (i = 0; i < np; i++)
		if (read_person(c, n->kid[2 * i], n->kid[2 * i + 1], r,
		    &r->people[i]) == -1)
			return -1;
	r->npeople = np;
	return 0;
}

/* The index of person id (len bytes), or -1. */
static int
person_index(const struct ts_rota *r, const char *id, size_t len)
{
	size_t i;

	for (i = 0; i < r->npeople; i++)
		if (strlen(r->people[i].id) == len &&
		    memcmp(r->people[i].id, id, len) == 0)
			return (int)i;
	return -1;
}

static int
unknown_person(struct ts_config_ctx *c, const struct ts_config_node *at,
    const struct ts_rota *r, const char *id, size_t len,
    const char *extra1, const char *extra2)
{
	const char **names, *hint;
	char *s = ts_config_pool_strndup(&c->tree, id, len);
	size_t i, n = 0;

	names = ts_config_scratch(c, (r->npeople + 3) * sizeof *names);
	for (i = 0; i < r->npeople; i++)
		names[n++] = r->people[i].id;
	if (extra1)
		names[n++] = extra1;
	if (extra2)
		names[n++] = extra2;
	names[n] = NULL;
	hint = ts_config_suggest(s, names);
	if (hint)
		return ts_config_fail(c, at, "unknown person '%.40s' in rota "
		    "'%s'; did you mean '%s'?", s, r->name, hint);
	return ts_config_fail(c, at, "unknown person '%.40s' in rota '%s' "
	    "(people are listed under 'people')", s, r->name);
}

/* ---- start ---- */

static int
read_start(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	struct rota_ctx *rc = obj;
	struct ts_error inner = TS_ERROR_INIT;
	int64_t t, day;
	char *s;

	(void)k;
	if (ts_config_str(c, n, &s) == -1)
		return -1;
	if (strlen(s) != 10 || ts_time_parse(s, 10, NULL, TS_FOLD_REJECT, &t,
	    &inner) == -1)
		return ts_config_fail(c, n, "'start' of rota '%s' must be a "
		    "date such as '2026-01-05', not '%.40s'", rc->r->name, s);
	day = t / 86400;
	/* The rotation counts weeks from the Monday of that week. */
	rc->r->start = day - (ts_weekday(day) - 1);
	return 0;
}

/* ---- rotation ---- */

/* "fri 19:00" to minutes of the week; sets *m or fails at n. */
static int
week_time(struct ts_config_ctx *c, const struct ts_config_node *n, int end,
    int *m)
{
	const char *sp;
	int d, min;

	if (n->type == TS_CONFIG_SCALAR && (sp = memchr(n->str, ' ',
	    n->len))) {
		for (d = 0; d < 7; d++)
			if (sp - n->str == 3 && memcmp(n->str, day_names[d],
			    3) == 0)
				break;
		while (*sp == ' ')
			sp++;
		min = ts_config_clock(sp, n->len - (size_t)(sp - n->str), end);
		if (d < 7 && min >= 0) {
			*m = (d * 1440 + min) % TS_WEEK_MIN;
			return 0;
		}
	}
	return ts_config_fail(c, n, "'%s' must be a weekday and a time, "
	    "such as 'fri 19:00'", c->key);
}

struct shift_in {
	char *from;
	char *to;
	int has_people;
};

#define SI(f)	offsetof(struct shift_in, f)

static int
note_people(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	(void)c;
	(void)n;
	(void)k;
	((struct shift_in *)obj)->has_people = 1;
	return 0;
}

static const struct ts_config_key shift_keys[] = {
	{ "from", ts_config_key_str, SI(from), TS_CONFIG_REQUIRED,
	    "the handover: a weekday and a time, 'fri 19:00'" },
	{ "to", ts_config_key_str, SI(to), 0,
	    "when the shift ends (a week after 'from')" },
	{ "people", note_people, 0, TS_CONFIG_REQUIRED,
	    "who takes the shift, one week each, in turn" },
	{ NULL, NULL, 0, 0, NULL }
};

static int
shift_people(struct ts_config_ctx *c, const struct ts_config_node *n,
    const struct ts_rota *r, struct ts_shift *sh)
{
	struct ts_config_item *items;
	size_t nitems, i;
	int p;

	c->key = "people";
	if (ts_config_items(c, n, TS_CONFIG_LIST_COMMA, &items, &nitems)
	    == -1)
		return -1;
	sh->people = ts_config_alloc(c, nitems * sizeof *sh->people);
	for (i = 0; i < nitems; i++) {
		p = person_index(r, items[i].s, items[i].len);
		if (p < 0)
			return unknown_person(c, items[i].node, r, items[i].s,
			    items[i].len, NULL, NULL);
		sh->people[i] = (size_t)p;
	}
	sh->npeople = nitems;
	return 0;
}

static int
read_shift(struct ts_config_ctx *c, const struct ts_config_node *n,
    const struct ts_rota *r, struct ts_shift *sh)
{
	struct shift_in in = { NULL, NULL, 0 };
	char what[120];

	snprintf(what, sizeof what, "a shift of rota '%s'", r->name);
	if (ts_config_read_map(c, n, NULL, shift_keys, &in, what, 0) == -1)
		return -1;
	c->key = "from";
	if (week_time(c, ts_config_get(n, "from"), 0, &sh->from) == -1)
		return -1;
	sh->to = sh->from;
	c->key = "to";
	if (in.to && week_time(c, ts_config_get(n, "to"), 1, &sh->to) == -1)
		return -1;
	sh->line = n->line;
	return shift_people(c, ts_config_get(n, "people"), r, sh);
}

/* "fri 18:00" for minute m of the week. */
static void
week_label(int m, char *buf, size_t n)
{
	m %= TS_WEEK_MIN;
	snprintf(buf, n, "%s %02d:%02d", day_names[m / 1440],
	    m % 1440 / 60, m % 60);
}

/*
 * Every minute of the week must belong to exactly one shift.  owner[m] is
 * the shift holding minute m, -1 for none; the first overlap or hole met
 * from the earliest shift on is reported.
 */
static int
check_week(struct ts_config_ctx *c, const struct ts_config_node *n,
    const struct ts_rota *r)
{
	short *owner = ts_config_scratch(c, TS_WEEK_MIN * sizeof *owner);
	char a[16], b[16];
	size_t i;
	int m, len, end;

	for (m = 0; m < TS_WEEK_MIN; m++)
		owner[m] = -1;
	for (i = 0; i < r->nshifts; i++) {
		const struct ts_shift *sh = &r->shifts[i];

		len = (sh->to - sh->from + TS_WEEK_MIN) % TS_WEEK_MIN;
		for (m = 0; m < (len ? len : TS_WEEK_MIN); m++) {
			short *o = &owner[(sh->from + m) % TS_WEEK_MIN];

			if (*o < 0) {
				*o = (short)i;
				continue;
			}
			week_label(sh->from + m, a, sizeof a);
			return ts_config_fail(c, n->kid[i], "shifts of rota "
			    "'%s' at lines %ld and %ld overlap (both hold %s)",
			    r->name, r->shifts[*o].line, sh->line, a);
		}
	}
	for (m = 0; m < TS_WEEK_MIN && owner[m] >= 0; m++)
		;
	if (m == TS_WEEK_MIN)
		return 0;
	/* Report the whole hole, which may wrap past Sunday midnight. */
	while (owner[(m + TS_WEEK_MIN - 1) % TS_WEEK_MIN] < 0)
		m = (m + TS_WEEK_MIN - 1) % TS_WEEK_MIN;
	for (end = m; owner[end % TS_WEEK_MIN] < 0; end++)
		;
	week_label(m, a, sizeof a);
	week_label(end, b, sizeof b);
	return ts_config_fail(c, n, "rota '%s' has a hole: nobody is on call "
	    "from %s to %s", r->name, a, b);
}

static int
shiftcmp(const void *a, const void *b)
{
	return ((const struct ts_shift *)a)->from -
	    ((const struct ts_shift *)b)->from;
}

static int
read_rotation(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	struct rota_ctx *rc = obj;
	struct ts_rota *r = rc->r;
	size_t i, ns = n->type == TS_CONFIG_SEQ ? n->nkid : 0;
	int rotates = 0;

	(void)k;
	if (ns == 0)
		return ts_config_fail(c, n, "'rotation' of rota '%s' must be "
		    "a list of shifts ({ from: mon 08:00, people: [...] })",
		    r->name);
	r->shifts = ts_config_alloc(c, ns * sizeof *r->shifts);
	for (i = 0; i < ns; i++) {
		if (read_shift(c, n->kid[i], r, &r->shifts[i]) == -1)
			return -1;
		rotates |= r->shifts[i].npeople > 1;
	}
	r->nshifts = ns;
	if (check_week(c, n, r) == -1)
		return -1;
	qsort(r->shifts, ns, sizeof *r->shifts, shiftcmp);
	if (rotates && r->start == INT64_MIN)
		return ts_config_fail(c, rc->node, "rota '%s' takes people in "
		    "turn: give 'start', a date in the week its first people "
		    "are on call", r->name);
	return 0;
}

/* ---- exceptions ---- */

struct exception_in {
	char *from;
	char *to;
	char *person;
	char *label;
};

#define EI(f)	offsetof(struct exception_in, f)

static const struct ts_config_key exception_keys[] = {
	{ "from", ts_config_key_str, EI(from), TS_CONFIG_REQUIRED,
	    "first day (or time) of the exception" },
	{ "to", ts_config_key_str, EI(to), 0,
	    "last day, included (or the time it ends)" },
	{ "person", ts_config_key_str, EI(person), TS_CONFIG_REQUIRED,
	    "who is on call instead" },
	{ "label", ts_config_key_str, EI(label), 0,
	    "why, for people" },
	{ NULL, NULL, 0, 0, NULL }
};

static int
read_exception(struct ts_config_ctx *c, const struct ts_config_node *n,
    const struct rota_ctx *rc, struct ts_rota_exception *ex)
{
	struct exception_in in = { NULL, NULL, NULL, NULL };
	const struct ts_rota *r = rc->r;
	char what[120], *text;
	int p, rv;

	snprintf(what, sizeof what, "an exception of rota '%s'", r->name);
	if (ts_config_read_map(c, n, NULL, exception_keys, &in, what, 0)
	    == -1)
		return -1;
	p = person_index(r, in.person, strlen(in.person));
	if (p < 0)
		return unknown_person(c, ts_config_get(n, "person"), r,
		    in.person, strlen(in.person), NULL, NULL);
	text = in.to ? ts_xasprintf("%s..%s", in.from, in.to) :
	    ts_xstrdup(in.from);
	rv = ts_config_dates(c, n, text, rc->cl->tz ? rc->cl->tz :
	    c->cfg->service.tz, "exception", &ex->from, &ex->to);
	free(text);
	ex->person = (size_t)p;
	ex->label = in.label ? in.label : ts_config_strndup(c, "", 0);
	ex->line = n->line;
	return rv;
}

static int
excmp(const void *a, const void *b)
{
	const struct ts_rota_exception *x = a, *y = b;

	return (x->from > y->from) - (x->from < y->from);
}

static int
read_exceptions(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	struct rota_ctx *rc = obj;
	struct ts_rota *r = rc->r;
	size_t i, ne;

	(void)k;
	if (n->type != TS_CONFIG_SEQ)
		return ts_config_fail(c, n, "'exceptions' of rota '%s' must be "
		    "a list", r->name);
	ne = n->nkid;
	r->exceptions = ts_config_alloc(c, (ne ? ne : 1) *
	    sizeof *r->exceptions);
	for (i = 0; i < ne; i++)
		if (read_exception(c, n->kid[i], rc, &r->exceptions[i]) == -1)
			return -1;
	r->nexceptions = ne;
	qsort(r->exceptions, ne, sizeof *r->exceptions, excmp);
	for (i = 1; i < ne; i++) {
		const struct ts_rota_exception *a = &r->exceptions[i - 1];
		const struct ts_rota_exception *b = &r->exceptions[i];
		struct ts_config_node at;

		if (b->from >= a->to)
			continue;
		memset(&at, 0, sizeof at);
		at.line = a->line > b->line ? a->line : b->line;
		return ts_config_fail(c, &at, "exceptions of rota '%s' at "
		    "lines %ld and %ld overlap", r->name, a->line < b->line ?
		    a->line : b->line, at.line);
	}
	return 0;
}

/* ---- escalation ---- */

struct step_in {
	char *to;
	int64_t wait;
};

#define ST(f)	offsetof(struct step_in, f)

static const struct ts_config_key step_keys[] = {
	{ "to", ts_config_key_str, ST(to), TS_CONFIG_REQUIRED,
	    "oncall, next, a person of the rota, or a number" },
	{ "wait", ts_config_key_seconds, ST(wait), 0,
	    "how long to wait for an acknowledgement (15m)" },
	{ NULL, NULL, 0, 0, NULL }
};

static int
step_target(struct ts_config_ctx *c, const struct ts_config_node *at,
    const struct ts_rota *r, const char *to, struct ts_step *st)
{
	char e164[TS_PHONE_MAX];
	int p;

	if (strcmp(to, "oncall") == 0) {
		st->kind = TS_STEP_ONCALL;
	} else if (strcmp(to, "next") == 0) {
		st->kind = TS_STEP_NEXT;
	} else if ((p = person_index(r, to, strlen(to))) >= 0) {
		st->kind = TS_STEP_PERSON;
		st->person = (size_t)p;
	} else if (strpbrk(to, "0123456789") && ts_phone_normalize(to,
	    strlen(to), &c->cfg->service.country, e164) == TS_PHONE_E164) {
		st->kind = TS_STEP_NUMBER;
		st->number = ts_config_strndup(c, e164, strlen(e164));
	} else if (strpbrk(to, "0123456789+")) {
		return ts_config_fail(c, at, "invalid phone number in the "
		    "escalation of rota '%s'", r->name);
	} else {
		return unknown_person(c, at, r, to, strlen(to), "oncall",
		    "next");
	}
	return 0;
}

static int
read_step(struct ts_config_ctx *c, const struct ts_config_node *n,
    const struct ts_rota *r, struct ts_step *st)
{
	struct step_in in = { NULL, DEFAULT_WAIT };
	const struct ts_config_node *at = n;
	char what[120];

	memset(st, 0, sizeof *st);
	if (n->type == TS_CONFIG_SCALAR && !ts_config_is_null(n)) {
		in.to = ts_config_strndup(c, n->str, n->len);
	} else {
		snprintf(what, sizeof what, "a step of the escalation of "
		    "rota '%s'", r->name);
		if (ts_config_read_map(c, n, NULL, step_keys, &in, what, 0)
		    == -1)
			return -1;
		at = ts_config_get(n, "to");
		if (in.wait < 60 && ts_config_get(n, "wait"))
			return ts_config_fail(c, ts_config_get(n, "wait"),
			    "'wait' must be at least 1m");
	}
	st->wait_s = in.wait;
	return step_target(c, at, r, in.to, st);
}

static int
read_escalation(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	struct rota_ctx *rc = obj;
	struct ts_rota *r = rc->r;
	size_t i, ns = n->type == TS_CONFIG_SEQ ? n->nkid : 0;

	(void)k;
	if (ns == 0)
		return ts_config_fail(c, n, "'escalation' of rota '%s' must be "
		    "a list of steps ({ to: oncall, wait: 15m })", r->name);
	r->steps = ts_config_alloc(c, ns * sizeof *r->steps);
	for (i = 0; i < ns; i++)
		if (read_step(c, n->kid[i], r, &r->steps[i]) == -1)
			return -1;
	r->nsteps = ns;
	return 0;
}

/* ---- the section ---- */

/* In dependency order: people first, start before the rotation. */
static const struct ts_config_key rota_keys[] = {
	{ "people", read_people, 0, TS_CONFIG_REQUIRED,
	    "who may be on call: id: { name, number, email }" },
	{ "start", read_start, 0, 0,
	    "a date in the week the rotation's first people are on" },
	{ "rotation", read_rotation, 0, TS_CONFIG_REQUIRED,
	    "weekly shifts: { from: mon 08:00, to: ..., people: [...] }" },
	{ "exceptions", read_exceptions, 0, 0,
	    "stand-ins: { from, to, person, label }" },
	{ "escalation", read_escalation, 0, 0,
	    "whom to alert in turn until someone acknowledges" },
	{ NULL, NULL, 0, 0, NULL }
};

static int
read_rota(struct ts_config_ctx *c, const struct ts_config_node *idn,
    const struct ts_config_node *n, const struct ts_client *cl,
    struct ts_rota *r)
{
	struct rota_ctx rc;
	char what[120];

	if (!ts_config_word(idn->str, idn->len))
		return ts_config_fail(c, idn, "invalid rota name '%.40s': use "
		    "lowercase letters, digits, '-' and '_'", idn->str);
	memset(r, 0, sizeof *r);
	r->name = ts_config_strndup(c, idn->str, idn->len);
	r->start = INT64_MIN;
	r->line = idn->line;
	rc.r = r;
	rc.cl = cl;
	rc.node = n;
	snprintf(what, sizeof what, "rota '%s'", r->name);
	if (ts_config_read_map(c, n, NULL, rota_keys, &rc, what, 0) == -1)
		return -1;
	if (r->start == INT64_MIN)
		r->start = ts_days_from_civil(2024, 1, 1);	/* a Monday */
	if (r->nsteps == 0) {
		r->steps = ts_config_alloc(c, sizeof *r->steps);
		r->steps[0].kind = TS_STEP_ONCALL;
		r->steps[0].wait_s = DEFAULT_WAIT;
		r->nsteps = 1;
	}
	return 0;
}

int
ts_config_read_oncall(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	struct ts_client *cl = obj;
	size_t i, nr;

	(void)k;
	if (n->type != TS_CONFIG_MAP)
		return ts_config_fail(c, n, "'oncall' must map rota names to "
		    "rotas, not %s", ts_config_type_name(n));
	nr = n->nkid / 2;
	cl->rotas = ts_config_alloc(c, (nr ? nr : 1) * sizeof *cl->rotas);
	cl->nrotas = 0;
	for (i = 0; i < nr; i++) {
		if (read_rota(c, n->kid[2 * i], n->kid[2 * i + 1], cl,
		    &cl->rotas[i]) == -1)
			return -1;
		cl->nrotas = i + 1;
	}
	return 0;
}
