/*
 * ts_config_hours.c - a client's `hours`, `holidays` and `closures`.
 *
 * Only parsing and validation live here; what is open when (holiday
 * calendars, the walk across closures) is the calendar module's job.
 *
 * hours: keys are weekday specs ("mon", "mon-fri", "sat,sun", "weekdays",
 * "weekend"), values spans of the day ("08:30-12:30"), as a list or one
 * comma-separated string, or "closed", or "24h".  A weekday may be given by
 * one key only, and spans of a day may not overlap: both are slips a person
 * makes when editing, and silently taking one reading would hide them.
 *
 * closures: periods of local days or times in the client's zone, read by
 * ts_period_parse, stored as instants [from, to).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_config_impl.h"
#include "ts_mem.h"
#include "banned.h"

#define DAY_MIN 1440

/* A span and where it is written, while checking overlaps. */
struct span_at {
	struct ts_span sp;
	const struct ts_config_item *it;
};

static const char *const day_names[] = {
	"mon", "tue", "wed", "thu", "fri", "sat", "sun", NULL
};

/* Every word a weekday spec may contain, for "did you mean". */
static const char *const spec_words[] = {
	"mon", "tue", "wed", "thu", "fri", "sat", "sun", "weekdays",
	"weekend", NULL
};

static int
day_index(const char *s, size_t len)
{
	int i;

	for (i = 0; i < 7; i++)
		if (len == 3 && memcmp(s, day_names[i], 3) == 0)
			return i;
	return -1;
}

/* One part of a spec ("mon", "mon-fri", "weekend") to a bit mask. */
static int
spec_part(const char *s, size_t len, unsigned *mask)
{
	const char *dash = memchr(s, '-', len);
	int a, b;

	if (len == 8 && memcmp(s, "weekdays", 8) == 0) {
		*mask |= 0x1f;
		return 0;
	}
	if (len == 7 && memcmp(s, "weekend", 7) == 0) {
		*mask |= 0x60;
		return 0;
	}
	if (!dash) {
		if ((a = day_index(s, len)) < 0)
			return -1;
		*mask |= 1u << a;
		return 0;
	}
	a = day_index(s, (size_t)(dash - s));
	b = day_index(dash + 1, len - (size_t)(dash - s) - 1);
	if (a < 0 || b < 0)
		return -1;
	/* "fri-mon" wraps over the weekend. */
	for (;;) {
		*mask |= 1u << a;
		if (a == b)
			break;
		a = (a + 1) % 7;
	}
	return 0;
}

int
ts_config_weekdays(struct ts_config_ctx *c, const struct ts_config_node *kn,
    unsigned *mask)
{
	const char *key = c->key ? c->key : "hours";
	const char *s = kn->str, *end = kn->str + kn->len, *comma, *hint;
	size_t len;

	*mask = 0;
	for (;;) {
		while (s < end && *s == ' ')
			s++;
		comma = memchr(s, ',', (size_t)(end - s));
		len = (size_t)((comma ? comma : end) - s);
		while (len > 0 && s[len - 1] == ' ')
			len--;
		if (spec_part(s, len, mask) == -1)
			break;
		if (!comma)
			return 0;
		s = comma + 1;
	}
	hint = ts_config_suggest(kn->str, spec_words);
	if (hint)
		return ts_config_fail(c, kn, "invalid weekday '%.40s' in "
		    "'%s'; did you mean '%s'?", kn->str, key, hint);
	return ts_config_fail(c, kn, "invalid weekday '%.40s' in '%s': "
	    "use mon..sun, a range such as 'mon-fri', 'weekdays' or "
	    "'weekend'", kn->str, key);
}

int
ts_config_clock(const char *s, size_t len, int end)
{
	size_t i;
	int h, m;

	if ((len != 4 && len != 5) || s[len - 3] != ':')
		return -1;
	for (i = 0; i < len; i++)
		if (i != len - 3 && (s[i] < '0' || s[i] > '9'))
			return -1;
	h = len == 4 ? s[0] - '0' : (s[0] - '0') * 10 + s[1] - '0';
	m = (s[len - 2] - '0') * 10 + s[len - 1] - '0';
	if (m > 59 || h > 24 || (h == 24 && (m != 0 || !end)))
		return -1;
	return h * 60 + m;
}

static int
parse_span(struct ts_config_ctx *c, const struct ts_config_item *it,
    struct ts_span *sp)
{
	const char *dash = memchr(it->s, '-', it->len);
	size_t a, b;

	if (!dash)
		goto bad;
	a = (size_t)(dash - it->s);
	b = it->len - a - 1;
	while (a > 0 && it->s[a - 1] == ' ')
		a--;
	while (b > 0 && dash[1] == ' ') {
		dash++;
		b--;
	}
	if ((sp->from = ts_config_clock(it->s, a, 0)) < 0 ||
	    (sp->to = ts_config_clock(dash + 1, b, 1)) < 0)
		goto bad;
	if (sp->to <= sp->from)
		return ts_config_fail(c, it->node, "span '%.*s' in 'hours' "
		    "must end after it starts (split a night across two "
		    "days)", (int)it->len, it->s);
	return 0;
bad:
	return ts_config_fail(c, it->node, "invalid span '%.*s' in 'hours': "
	    "use HH:MM-HH:MM, e.g. '08:30-12:30'", (int)(it->len > 40 ? 40 :
	    it->len), it->s);
}

static int
spancmp(const void *a, const void *b)
{
	const struct span_at *x = a, *y = b;

	return x->sp.from - y->sp.from;
}

static int
is_word(const struct ts_config_item *it, const char *w)
{
	return it->len == strlen(w) && memcmp(it->s, w, it->len) == 0;
}

/*
 * The spans of one value, sorted, checked and with touching spans joined;
 * *out is in the pool, *nout may be 0 ("closed").
 */
static int
parse_day(struct ts_config_ctx *c, const struct ts_config_node *v,
    struct ts_span **out, size_t *nout)
{
	struct ts_config_item *items;
	struct span_at *sa;
	size_t n, i, k = 0;

	if (ts_config_items(c, v, TS_CONFIG_LIST_COMMA, &items, &n) == -1)
		return -1;
	*out = ts_config_alloc(c, (n ? n : 1) * sizeof **out);
	*nout = 0;
	if (n == 1 && is_word(&items[0], "closed"))
		return 0;
	if (n == 1 && is_word(&items[0], "24h")) {
		(*out)[0].from = 0;
		(*out)[0].to = DAY_MIN;
		*nout = 1;
		return 0;
	}
	sa = ts_config_scratch(c, n * sizeof *sa);
	for (i = 0; i < n; i++) {
		if (is_word(&items[i], "closed") || is_word(&items[i], "24h"))
			return ts_config_fail(c, items[i].node, "'%s' cannot "
			    "be combined with spans in 'hours'",
			    is_word(&items[i], "24h") ? "24h" : "closed");
		if (parse_span(c, &items[i], &sa[i].sp) == -1)
			return -1;
		sa[i].it = &items[i];
	}
	qsort(sa, n, sizeof *sa, spancmp);
	for (i = 0; i < n; i++) {
		if (k > 0 && sa[i].sp.from < (*out)[k - 1].to)
			return ts_config_fail(c, sa[i].it->node, "spans "
			    "'%.*s' (line %ld) and '%.*s' (line %ld) overlap",
			    (int)sa[i - 1].it->len, sa[i - 1].it->s,
			    sa[i - 1].it->node->line, (int)sa[i].it->len,
			    sa[i].it->s, sa[i].it->node->line);
		if (k > 0 && sa[i].sp.from == (*out)[k - 1].to)
			(*out)[k - 1].to = sa[i].sp.to;	/* 12:00-12:00 */
		else
			(*out)[k++] = sa[i].sp;
	}
	*nout = k;
	return 0;
}

int
ts_config_read_hours(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	struct ts_client *cl = obj;
	const struct ts_config_node *by[7] = { NULL }, *kn;
	struct ts_span *spans;
	size_t i, nspans;
	unsigned mask;
	int d;

	(void)k;
	if (n->type != TS_CONFIG_MAP)
		return ts_config_fail(c, n, "'hours' must be a mapping from "
		    "weekdays to spans, not %s", ts_config_type_name(n));
	memset(&cl->hours, 0, sizeof cl->hours);
	cl->hours.set = 1;
	for (i = 0; i < n->nkid; i += 2) {
		kn = n->kid[i];
		if (ts_config_weekdays(c, kn, &mask) == -1)
			return -1;
		for (d = 0; d < 7; d++)
			if ((mask & (1u << d)) && by[d])
				return ts_config_fail(c, kn, "'%s' is given "
				    "twice in 'hours': by '%.40s' (line %ld) "
				    "and by '%.40s' (line %ld)", day_names[d],
				    by[d]->str, by[d]->line, kn->str,
				    kn->line);
		if (parse_day(c, n->kid[i + 1], &spans, &nspans) == -1)
			return -1;
		for (d = 0; d < 7; d++) {
			if (!(mask & (1u << d)))
				continue;
			by[d] = kn;
			/* Days share the array: nothing frees it but the
			 * pool, and nothing writes to it after loading. */
			cl->hours.day[d] = spans;
			cl->hours.nday[d] = nspans;
		}
	}
	return 0;
}

int
ts_config_read_holidays(struct ts_config_ctx *c,
    const struct ts_config_node *n, void *obj, const struct ts_config_key *k)
{
	/* In the order of enum ts_holidays. */
	static const char *const names[] = { "none", "fr", "fr-alsace", NULL };
	struct ts_client *cl = obj;
	int i;

	(void)k;
	if (ts_config_enum(c, n, names, &i) == -1)
		return -1;
	cl->holidays = (enum ts_holidays)i;
	return 0;
}

/* ---- closures ---- */

/* A closure written as a mapping. */
struct closure_in {
	char *from;
	char *to;
	char *label;
};

#define CI(f)	offsetof(struct closure_in, f)

static const struct ts_config_key closure_keys[] = {
	{ "from", ts_config_key_str, CI(from), TS_CONFIG_REQUIRED,
	    "first day (or time) closed" },
	{ "to", ts_config_key_str, CI(to), 0,
	    "last day closed, included (or the time it reopens)" },
	{ "label", ts_config_key_str, CI(label), 0,
	    "what the closure is, for people" },
	{ NULL, NULL, 0, 0, NULL }
};

/*
 * Closures are absolute: "today" or "last-7d" would change meaning each day
 * the file is read.  Each side of ".." must start with a digit (a date).
 */
static int
absolute(const char *s)
{
	const char *dots = strstr(s, "..");

	if (*s < '0' || *s > '9')
		return 0;
	return !dots || (dots[2] >= '0' && dots[2] <= '9');
}

int
ts_config_dates(struct ts_config_ctx *c, const struct ts_config_node *at,
    const char *text, const struct ts_tz *tz, const char *what,
    int64_t *from, int64_t *to)
{
	struct ts_error inner = TS_ERROR_INIT;
	struct ts_period p;

	if (!absolute(text))
		return ts_config_fail(c, at, "%s '%.60s' must give dates, "
		    "such as '2026-08-03..2026-08-23'", what, text);
	if (ts_period_parse(text, 0, tz, &p, &inner) == -1)
		return ts_config_fail_with(c, at, &inner);
	if (p.from == INT64_MIN || p.to == INT64_MAX)
		return ts_config_fail(c, at, "%s '%.60s' must have a "
		    "start and an end", what, text);
	if (p.to <= p.from)
		return ts_config_fail(c, at, "%s '%.60s' ends before it "
		    "starts", what, text);
	*from = p.from;
	*to = p.to;
	return 0;
}

static int
closure_period(struct ts_config_ctx *c, const struct ts_config_node *at,
    const char *text, const struct ts_tz *tz, struct ts_closure *out)
{
	out->line = at->line;
	return ts_config_dates(c, at, text, tz, "closure", &out->from,
	    &out->to);
}

static int
read_closure(struct ts_config_ctx *c, const struct ts_config_node *n,
    const struct ts_tz *tz, struct ts_closure *out)
{
	struct closure_in in = { NULL, NULL, NULL };
	char *text;

	if (n->type == TS_CONFIG_SCALAR && !ts_config_is_null(n)) {
		out->label = ts_config_strndup(c, "", 0);
		return closure_period(c, n, n->str, tz, out);
	}
	if (n->type != TS_CONFIG_MAP)
		return ts_config_fail(c, n, "a closure must be a string such "
		    "as '2026-08-03..2026-08-23' or a mapping with 'from', "
		    "'to' and 'label', not %s", ts_config_type_name(n));
	if (ts_config_read_map(c, n, NULL, closure_keys, &in, "a closure",
	    0) == -1)
		return -1;
	if (in.to && !absolute(in.to))
		return ts_config_fail(c, ts_config_get(n, "to"), "closure "
		    "'to' must be a date or a time, not '%.60s'", in.to);
	/* {from: A, to: B} means exactly what "A..B" means. */
	text = in.to ? ts_xasprintf("%s..%s", in.from, in.to) :
	    ts_xstrdup(in.from);
	out->label = in.label ? in.label : ts_config_strndup(c, "", 0);
	if (closure_period(c, n, text, tz, out) == -1) {
		free(text);
		return -1;
	}
	free(text);
	return 0;
}

int
ts_config_read_closures(struct ts_config_ctx *c,
    const struct ts_config_node *n, void *obj, const struct ts_config_key *k)
{
	struct ts_client *cl = obj;
	size_t i, nc = 1;

	(void)k;
	if (ts_config_is_null(n) || n->type == TS_CONFIG_MAP)
		return ts_config_fail(c, n, "'closures' must be a list, not %s",
		    ts_config_type_name(n));
	if (n->type == TS_CONFIG_SEQ)
		nc = n->nkid;
	cl->closures = ts_config_alloc(c, (nc ? nc : 1) *
	    sizeof *cl->closures);
	cl->nclosures = 0;
	for (i = 0; i < nc; i++) {
		if (read_closure(c, n->type == TS_CONFIG_SEQ ? n->kid[i] : n,
		    cl->tz, &cl->closures[i]) == -1)
			return -1;
		cl->nclosures = i + 1;
	}
	return 0;
}
