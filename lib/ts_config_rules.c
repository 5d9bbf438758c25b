/*
 * ts_config_rules.c - a client's `tags:` and `rules:`: the consignes as
 * routing rules (ts-route).
 *
 *	tags:
 *	  vip: patients put through to the doctor
 *	  bloque: numbers to hang up on
 *	rules:
 *	  - name: bloques
 *	    when: { tag: bloque }
 *	    action: reject
 *	  - name: urgences-nuit
 *	    when: { state: closed, reason: urgent }
 *	    action: escalate
 *	    target: medecins
 *
 * Everything a rule names is checked here, before any call is routed: a
 * tag must be declared under `tags:` (a typo would silently never match),
 * a rota must exist under `oncall:`, a dialled number must be one of the
 * client's lines, and a rule placed after one that matches every call is
 * refused, since it could never decide anything.  `tags` and `oncall`
 * are read before `rules` (the client table's order).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_buf.h"
#include "ts_config_impl.h"
#include "ts_rec.h"
#include "banned.h"

#define QUOTE 40

/* ---- tags ---- */

int
ts_config_read_tags(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	struct ts_client *cl = obj;
	char folded[128];
	size_t i, j, nt;

	(void)k;
	if (n->type != TS_CONFIG_MAP)
		return ts_config_fail(c, n, "'tags' must map tag names to what "
		    "they mean, not %s", ts_config_type_name(n));
	nt = n->nkid / 2;
	cl->tags = ts_config_alloc(c, (nt ? nt : 1) * sizeof *cl->tags);
	for (i = 0; i < nt; i++) {
		const struct ts_config_node *kn = n->kid[2 * i];
		const struct ts_config_node *v = n->kid[2 * i + 1];

		/* As ts-import folds contacts' tags: "Bloqué" is "bloque". */
		ts_rec_fold_name(kn->str, folded, sizeof folded);
		if (!*folded)
			return ts_config_fail(c, kn, "empty tag name");
		for (j = 0; j < i; j++)
			if (strcmp(cl->tags[j].name, folded) == 0)
				return ts_config_fail(c, kn, "tags '%.*s' and "
				    "'%.*s' are the same tag '%s'", QUOTE,
				    n->kid[2 * j]->str, QUOTE, kn->str,
				    folded);
		cl->tags[i].name = ts_config_strndup(c, folded,
		    strlen(folded));
		if (ts_config_is_null(v))
			cl->tags[i].about = ts_config_strndup(c, "", 0);
		else if (ts_config_str(c, v, &cl->tags[i].about) == -1)
			return -1;
	}
	cl->ntags = nt;
	return 0;
}

/* ---- conditions ---- */

/* What the readers of one rule share. */
struct rule_ctx {
	struct ts_rule *r;
	const struct ts_client *cl;
	const struct ts_config_node *node;
};

/* "client 'x'", or "'defaults'" while the defaults are checked. */
static const char *
owner(const struct ts_client *cl, char *buf, size_t n)
{
	if (!cl->id)
		return "'defaults'";
	snprintf(buf, n, "client '%s'", cl->id);
	return buf;
}

static const char *const state_words[] = {
	"open", "after-hours", "break", "holiday", "closure", "closed", NULL
};
static const unsigned state_bits[] = {
	TS_STATE_OPEN, TS_STATE_AFTER_HOURS, TS_STATE_BREAK, TS_STATE_HOLIDAY,
	TS_STATE_CLOSURE, TS_STATE_CLOSED
};
static const char *const caller_words[] = {
	"known", "unknown", "withheld", NULL
};

/* Items of a list of words, each one of names: or-ed bits. */
static int
word_bits(struct ts_config_ctx *c, const struct ts_config_node *n,
    const char *const *names, const unsigned *bits, unsigned *out)
{
	struct ts_config_item *items;
	size_t nitems, i;
	const char *hint;
	char *w;
	int j;

	if (ts_config_items(c, n, TS_CONFIG_LIST_COMMA, &items, &nitems) == -1)
		return -1;
	for (i = 0; i < nitems; i++) {
		w = ts_config_pool_strndup(&c->tree, items[i].s, items[i].len);
		for (j = 0; names[j] && strcmp(names[j], w) != 0; j++)
			;
		if (names[j]) {
			*out |= bits ? bits[j] : 1u << j;
			continue;
		}
		hint = ts_config_suggest(w, names);
		if (hint)
			return ts_config_fail(c, items[i].node, "invalid value "
			    "'%.*s' for '%s'; did you mean '%s'?", QUOTE, w,
			    c->key, hint);
		return ts_config_fail(c, items[i].node, "invalid value '%.*s' "
		    "for '%s'", QUOTE, w, c->key);
	}
	return 0;
}

static int
read_state(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	struct rule_ctx *rc = obj;

	(void)k;
	return word_bits(c, n, state_words, state_bits, &rc->r->states);
}

static int
read_caller(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	struct rule_ctx *rc = obj;

	(void)k;
	return word_bits(c, n, caller_words, NULL, &rc->r->callers);
}

static int
read_time(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	struct rule_ctx *rc = obj;
	struct ts_config_item *items;
	const char *dash;
	size_t nitems, i;
	struct ts_span *sp;

	(void)k;
	if (ts_config_items(c, n, TS_CONFIG_LIST_COMMA, &items, &nitems) == -1)
		return -1;
	rc->r->times = ts_config_alloc(c, nitems * sizeof *rc->r->times);
	for (i = 0; i < nitems; i++) {
		sp = &rc->r->times[i];
		dash = memchr(items[i].s, '-', items[i].len);
		if (!dash || (sp->from = ts_config_clock(items[i].s,
		    (size_t)(dash - items[i].s), 0)) < 0 ||
		    (sp->to = ts_config_clock(dash + 1, items[i].len -
		    (size_t)(dash - items[i].s) - 1, 1)) < 0 ||
		    sp->from == sp->to)
			return ts_config_fail(c, items[i].node, "invalid time "
			    "window '%.*s': use HH:MM-HH:MM, e.g. '19:00-08:00'",
			    (int)(items[i].len > QUOTE ? QUOTE : items[i].len),
			    items[i].s);
	}
	rc->r->ntimes = nitems;
	return 0;
}

static int
read_weekday(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	struct rule_ctx *rc = obj;
	unsigned mask;
	size_t i;

	(void)k;
	if (n->type == TS_CONFIG_SCALAR && !ts_config_is_null(n))
		return ts_config_weekdays(c, n, &rc->r->weekdays);
	if (n->type != TS_CONFIG_SEQ || n->nkid == 0)
		return ts_config_fail(c, n, "'weekday' must be weekdays such as "
		    "'mon-fri' or [sat, sun]");
	for (i = 0; i < n->nkid; i++) {
		if (ts_config_weekdays(c, n->kid[i], &mask) == -1)
			return -1;
		rc->r->weekdays |= mask;
	}
	return 0;
}

static int
unknown_tag(struct ts_config_ctx *c, const struct ts_config_node *at,
    const struct ts_client *cl, const char *tag)
{
	const char **names, *hint;
	char buf[100];
	size_t i;

	names = ts_config_scratch(c, (cl->ntags + 1) * sizeof *names);
	for (i = 0; i < cl->ntags; i++)
		names[i] = cl->tags[i].name;
	names[cl->ntags] = NULL;
	hint = ts_config_suggest(tag, names);
	if (hint)
		return ts_config_fail(c, at, "unknown tag '%.*s' in a rule of "
		    "%s; did you mean '%s'?", QUOTE, tag, owner(cl, buf,
		    sizeof buf), hint);
	return ts_config_fail(c, at, "unknown tag '%.*s' in a rule of %s: "
	    "declare it under 'tags'", QUOTE, tag, owner(cl, buf, sizeof buf));
}

static int
read_tag(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	struct rule_ctx *rc = obj;
	struct ts_config_item *items;
	char one[128], folded[128];
	size_t nitems, i, j;

	(void)k;
	if (ts_config_items(c, n, TS_CONFIG_LIST_COMMA, &items, &nitems) == -1)
		return -1;
	rc->r->tags = ts_config_alloc(c, nitems * sizeof *rc->r->tags);
	for (i = 0; i < nitems; i++) {
		snprintf(one, sizeof one, "%.*s", (int)items[i].len,
		    items[i].s);
		ts_rec_fold_name(one, folded, sizeof folded);
		for (j = 0; j < rc->cl->ntags; j++)
			if (strcmp(rc->cl->tags[j].name, folded) == 0)
				break;
		if (j == rc->cl->ntags)
			return unknown_tag(c, items[i].node, rc->cl, one);
		rc->r->tags[i] = rc->cl->tags[j].name;
	}
	rc->r->ntags = nitems;
	return 0;
}

/*
 * A caller prefix in E.164: "+336", "06" (national, with the trunk
 * prefix), "00336" (international prefix).  Spaces, dots and dashes are
 * ignored.  Returns 0, or -1 when it is none of those.
 */
static int
e164_prefix(const struct ts_phone_country *cc, const char *s, size_t n,
    char *out, size_t size)
{
	char d[TS_PHONE_MAX];
	size_t i, k = 0, idd = strlen(cc->idd), trunk = strlen(cc->trunk);

	for (i = 0; i < n; i++) {
		if (s[i] == ' ' || s[i] == '.' || s[i] == '-')
			continue;
		if ((s[i] < '0' || s[i] > '9') && !(s[i] == '+' && k == 0))
			return -1;
		if (k + 1 >= sizeof d)
			return -1;
		d[k++] = s[i];
	}
	d[k] = '\0';
	if (k > 1 && d[0] == '+')
		snprintf(out, size, "%s", d);
	else if (idd && k > idd && strncmp(d, cc->idd, idd) == 0)
		snprintf(out, size, "+%s", d + idd);
	else if (trunk && k > trunk && strncmp(d, cc->trunk, trunk) == 0)
		snprintf(out, size, "+%s%s", cc->cc, d + trunk);
	else
		return -1;
	return 0;
}

static int
read_prefix(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	struct rule_ctx *rc = obj;
	struct ts_config_item *items;
	char out[TS_PHONE_MAX];
	size_t nitems, i;

	(void)k;
	if (ts_config_items(c, n, TS_CONFIG_LIST_COMMA, &items, &nitems) == -1)
		return -1;
	rc->r->prefixes = ts_config_alloc(c, nitems * sizeof *rc->r->prefixes);
	for (i = 0; i < nitems; i++) {
		if (e164_prefix(&c->cfg->service.country, items[i].s,
		    items[i].len, out, sizeof out) == -1)
			return ts_config_fail(c, items[i].node, "invalid caller "
			    "prefix '%.*s': write it as '+336' or '06'",
			    (int)(items[i].len > QUOTE ? QUOTE : items[i].len),
			    items[i].s);
		rc->r->prefixes[i] = ts_config_strndup(c, out, strlen(out));
	}
	rc->r->nprefixes = nitems;
	return 0;
}

static int
read_dialled(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	struct rule_ctx *rc = obj;
	struct ts_config_item *items;
	char e164[TS_PHONE_MAX], buf[100];
	size_t nitems, i, j;

	(void)k;
	if (ts_config_items(c, n, TS_CONFIG_LIST_COMMA, &items, &nitems) == -1)
		return -1;
	rc->r->dialled = ts_config_alloc(c, nitems * sizeof *rc->r->dialled);
	for (i = 0; i < nitems; i++) {
		if (ts_config_phone(c, &items[i], e164) == -1)
			return -1;
		for (j = 0; j < rc->cl->nnumbers; j++)
			if (strcmp(rc->cl->numbers[j], e164) == 0)
				break;
		if (j == rc->cl->nnumbers)
			return ts_config_fail(c, items[i].node, "'%.*s' in "
			    "'dialled' is not one of the numbers of %s",
			    (int)(items[i].len > QUOTE ? QUOTE :
			    items[i].len), items[i].s, owner(rc->cl, buf,
			    sizeof buf));
		rc->r->dialled[i] = rc->cl->numbers[j];
	}
	rc->r->ndialled = nitems;
	return 0;
}

static int
read_reason(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	struct rule_ctx *rc = obj;
	struct ts_config_item *items;
	size_t nitems, i, j;
	char *w;

	(void)k;
	if (ts_config_items(c, n, TS_CONFIG_LIST_COMMA, &items, &nitems) == -1)
		return -1;
	rc->r->reasons = ts_config_alloc(c, nitems * sizeof *rc->r->reasons);
	for (i = 0; i < nitems; i++) {
		w = ts_config_strndup(c, items[i].s, items[i].len);
		for (j = 0; w[j]; j++)
			if (w[j] >= 'A' && w[j] <= 'Z')
				w[j] = (char)(w[j] - 'A' + 'a');
		if (!ts_config_word(w, items[i].len))
			return ts_config_fail(c, items[i].node, "invalid reason "
			    "'%.*s': use a word such as 'urgent'", QUOTE, w);
		rc->r->reasons[i] = w;
	}
	rc->r->nreasons = nitems;
	return 0;
}

static const struct ts_config_key when_keys[] = {
	{ "state", read_state, 0, 0,
	    "open, closed, after-hours, break, holiday, closure" },
	{ "time", read_time, 0, 0,
	    "local time windows, e.g. 19:00-08:00" },
	{ "weekday", read_weekday, 0, 0,
	    "weekdays, e.g. mon-fri or [sat, sun]" },
	{ "tag", read_tag, 0, 0,
	    "the caller is a contact with one of these tags" },
	{ "caller", read_caller, 0, 0,
	    "known, unknown or withheld" },
	{ "prefix", read_prefix, 0, 0,
	    "the caller's number starts with one of these" },
	{ "dialled", read_dialled, 0, 0,
	    "the caller dialled one of these numbers of the client" },
	{ "reason", read_reason, 0, 0,
	    "the call's reason is one of these words, e.g. urgent" },
	{ NULL, NULL, 0, 0, NULL }
};

static int
read_when(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	char what[120];

	(void)k;
	snprintf(what, sizeof what, "the 'when' of rule '%s'",
	    ((struct rule_ctx *)obj)->r->name);
	return ts_config_read_map(c, n, NULL, when_keys, obj, what, 0);
}

/* ---- the decision ---- */

static const char *const action_words[] = {
	"answer", "transfer", "message", "escalate", "voicemail", "reject",
	NULL
};

static int
read_action(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	struct rule_ctx *rc = obj;
	int i;

	(void)k;
	if (ts_config_enum(c, n, action_words, &i) == -1)
		return -1;
	rc->r->action = (enum ts_action)i;
	return 0;
}

static const struct ts_rota *
find_rota(const struct ts_client *cl, const char *name)
{
	size_t i;

	for (i = 0; i < cl->nrotas; i++)
		if (strcmp(cl->rotas[i].name, name) == 0)
			return &cl->rotas[i];
	return NULL;
}

static int
unknown_rota(struct ts_config_ctx *c, const struct ts_config_node *at,
    const struct ts_client *cl, const char *name)
{
	const char **names, *hint;
	char buf[100];
	size_t i;

	names = ts_config_scratch(c, (cl->nrotas + 1) * sizeof *names);
	for (i = 0; i < cl->nrotas; i++)
		names[i] = cl->rotas[i].name;
	names[cl->nrotas] = NULL;
	hint = ts_config_suggest(name, names);
	if (hint)
		return ts_config_fail(c, at, "unknown rota '%.*s' in a rule of "
		    "%s; did you mean '%s'?", QUOTE, name, owner(cl, buf,
		    sizeof buf), hint);
	return ts_config_fail(c, at, "unknown rota '%.*s' in a rule of %s: "
	    "rotas are defined under 'oncall'", QUOTE, name, owner(cl, buf,
	    sizeof buf));
}

/*
 * A target: a rota's name, a channel ("PJSIP/201") or mailbox
 * ("1001@default") as written, a phone number in E.164, an extension.
 * A word without digits that names no rota is a misspelt rota.
 */
static int
read_target(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	struct rule_ctx *rc = obj;
	struct ts_rule *r = rc->r;
	struct ts_config_item it;
	char e164[TS_PHONE_MAX], *s;

	(void)k;
	if (ts_config_str(c, n, &s) == -1)
		return -1;
	r->target = s;
	if ((r->rota = find_rota(rc->cl, s)))
		return 0;
	if (strchr(s, '/') || strchr(s, '@'))
		return 0;
	if (!strpbrk(s, "0123456789"))
		return unknown_rota(c, n, rc->cl, s);
	it.s = s;
	it.len = strlen(s);
	it.node = n;
	if (ts_phone_normalize(s, it.len, &c->cfg->service.country, e164) ==
	    TS_PHONE_EXTENSION)
		return 0;
	if (ts_config_phone(c, &it, e164) == -1)
		return -1;
	r->target = ts_config_strndup(c, e164, strlen(e164));
	return 0;
}

/* One item of `notify`, normalised into b. */
static int
notify_item(struct ts_config_ctx *c, const struct ts_config_item *it,
    struct ts_buf *b)
{
	const char *colon = memchr(it->s, ':', it->len);
	size_t kl = colon ? (size_t)(colon - it->s) : it->len;
	const char *v = colon ? colon + 1 : it->s;
	size_t vl = it->len - (colon ? kl + 1 : 0);
	char e164[TS_PHONE_MAX];

	if (b->len)
		ts_buf_addch(b, ',');
	if (!colon && ts_config_word(it->s, it->len)) {
		ts_buf_add(b, it->s, it->len);	/* a recipient group */
	} else if (kl == 5 && memcmp(it->s, "email", 5) == 0 && vl > 2 &&
	    memchr(v, '@', vl) && !memchr(v, ' ', vl)) {
		ts_buf_addf(b, "email:%.*s", (int)vl, v);
	} else if (kl == 3 && memcmp(it->s, "sms", 3) == 0 &&
	    ts_phone_normalize(v, vl, &c->cfg->service.country, e164) ==
	    TS_PHONE_E164) {
		ts_buf_addf(b, "sms:%s", e164);
	} else if (kl == 7 && memcmp(it->s, "webhook", 7) == 0 &&
	    ts_config_word(v, vl)) {
		ts_buf_addf(b, "webhook:%.*s", (int)vl, v);
	} else {
		return ts_config_fail(c, it->node, "invalid recipient in "
		    "'notify': use email:ADDRESS, sms:NUMBER, webhook:NAME "
		    "or the name of a group of 'messages'");
	}
	return 0;
}

static int
read_notify(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	struct rule_ctx *rc = obj;
	struct ts_config_item *items;
	struct ts_buf b = TS_BUF_INIT;
	size_t nitems, i;
	int rv = 0;

	(void)k;
	if (ts_config_items(c, n, TS_CONFIG_LIST_COMMA, &items, &nitems) == -1)
		return -1;
	for (i = 0; i < nitems && rv == 0; i++)
		rv = notify_item(c, &items[i], &b);
	if (rv == 0)
		rc->r->notify = ts_config_strndup(c, b.buf, b.len);
	ts_buf_release(&b);
	return rv;
}

static int
read_rule_name(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	struct rule_ctx *rc = obj;

	(void)k;
	if (n->type != TS_CONFIG_SCALAR || !ts_config_word(n->str, n->len))
		return ts_config_fail(c, n, "invalid rule name '%.*s': use "
		    "lowercase letters, digits, '-' and '_'", QUOTE,
		    n->type == TS_CONFIG_SCALAR ? n->str : "");
	rc->r->name = ts_config_strndup(c, n->str, n->len);
	return 0;
}

#define RU(f)	offsetof(struct ts_rule, f)

/* Read into a struct rule_ctx; the generic readers need the rule, so
 * they go through the small adapters below. */
static int
rule_str(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	return ts_config_key_str(c, n, ((struct rule_ctx *)obj)->r, k);
}

/* In dependency order: the name for messages, the action before its
 * target. */
static const struct ts_config_key rule_keys[] = {
	{ "name", read_rule_name, 0, 0,
	    "what --explain and the rule column call it (its number)" },
	{ "when", read_when, 0, 0,
	    "conditions, all of which must hold (none: every call)" },
	{ "action", read_action, 0, TS_CONFIG_REQUIRED,
	    "answer, transfer, message, escalate, voicemail, reject" },
	{ "target", read_target, 0, 0,
	    "a number, a channel, a mailbox or a rota of 'oncall'" },
	{ "greeting", rule_str, RU(greeting), 0,
	    "what to say instead of the client's greeting" },
	{ "notify", read_notify, 0, 0,
	    "who gets the message: email:, sms:, webhook:, a group" },
	{ "note", rule_str, RU(note), 0,
	    "for the secretary: shown on the call sheet" },
	{ NULL, NULL, 0, 0, NULL }
};

/* What each action may have as a target. */
static int
check_target(struct ts_config_ctx *c, const struct ts_config_node *n,
    const struct ts_rule *r)
{
	const char *act = action_words[r->action];

	if ((r->action == TS_ACTION_TRANSFER ||
	    r->action == TS_ACTION_ESCALATE) && !*r->target)
		return ts_config_fail(c, n, "rule '%s' must give a 'target' to "
		    "%s to", r->name, act);
	if (r->action == TS_ACTION_ESCALATE && !r->rota)
		return ts_config_fail(c, ts_config_get(n, "target"), "rule "
		    "'%s' must escalate to a rota of 'oncall', not to a "
		    "number", r->name);
	if ((r->action == TS_ACTION_MESSAGE ||
	    r->action == TS_ACTION_REJECT) && *r->target)
		return ts_config_fail(c, ts_config_get(n, "target"), "a "
		    "'target' means nothing to '%s' (use 'notify' to say who "
		    "gets messages)", act);
	return 0;
}

static int
read_rule(struct ts_config_ctx *c, const struct ts_config_node *n,
    const struct ts_client *cl, size_t i, struct ts_rule *r)
{
	struct rule_ctx rc;
	char what[160], num[24], num2[100];

	memset(r, 0, sizeof *r);
	snprintf(num, sizeof num, "%zu", i + 1);
	r->name = ts_config_strndup(c, num, strlen(num));
	r->target = ts_config_strndup(c, "", 0);
	r->notify = r->target;
	r->line = n->line;
	memset(&rc, 0, sizeof rc);
	rc.r = r;
	rc.cl = cl;
	rc.node = n;
	snprintf(what, sizeof what, "rule %zu of %s", i + 1, owner(cl, num2,
	    sizeof num2));
	if (n->type != TS_CONFIG_MAP)
		return ts_config_fail(c, n, "a rule must be a mapping with "
		    "'when' and 'action', not %s", ts_config_type_name(n));
	if (ts_config_read_map(c, n, NULL, rule_keys, &rc, what, 0) == -1)
		return -1;
	return check_target(c, n, r);
}

/* A rule that tests nothing matches every call. */
static int
takes_all(const struct ts_rule *r)
{
	return (r->states == 0 || r->states == (TS_STATE_OPEN |
	    TS_STATE_CLOSED)) && r->ntimes == 0 &&
	    (r->weekdays == 0 || r->weekdays == 0x7f) &&
	    r->ntags == 0 && (r->callers == 0 || r->callers == 7) &&
	    r->nprefixes == 0 && r->ndialled == 0 && r->nreasons == 0;
}

/* Names are unique, and nothing follows a rule that takes every call. */
static int
check_rules(struct ts_config_ctx *c, const struct ts_config_node *n,
    struct ts_client *cl)
{
	char buf[100];
	size_t i, j;

	for (i = 0; i < cl->nrules; i++) {
		for (j = 0; j < i; j++)
			if (strcmp(cl->rules[i].name, cl->rules[j].name) == 0)
				return ts_config_fail(c, n->kid[i], "two rules "
				    "of %s are called '%s' (lines %ld and %ld)",
				    owner(cl, buf, sizeof buf), cl->rules[i].name,
				    cl->rules[j].line, cl->rules[i].line);
		if (takes_all(&cl->rules[i]) && i + 1 < cl->nrules)
			return ts_config_fail(c, n->kid[i + 1], "rule '%s' is "
			    "never reached: rule '%s' (line %ld) before it "
			    "takes every call", cl->rules[i + 1].name,
			    cl->rules[i].name, cl->rules[i].line);
	}
	return 0;
}

int
ts_config_read_rules(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	struct ts_client *cl = obj;
	size_t i, nr;

	(void)k;
	if (n->type != TS_CONFIG_SEQ)
		return ts_config_fail(c, n, "'rules' must be a list of rules, "
		    "not %s", ts_config_type_name(n));
	nr = n->nkid;
	cl->rules = ts_config_alloc(c, (nr ? nr : 1) * sizeof *cl->rules);
	cl->nrules = 0;
	for (i = 0; i < nr; i++) {
		if (read_rule(c, n->kid[i], cl, i, &cl->rules[i]) == -1)
			return -1;
		cl->nrules = i + 1;
	}
	return check_rules(c, n, cl);
}
