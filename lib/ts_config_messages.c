/*
 * ts_config_messages.c - a client's `messages:` section: recipients per
 * channel, groups, the routing of normal and urgent messages, digest
 * times, quiet hours, the SMS provider and sender, the sender's name and
 * the templates (see ts_config_msg.h and man/ts-config.5).
 *
 * `messages:` is merged key by key with the one in `defaults:`, and
 * `templates:` kind by kind and part by part.  Recipients (email, sms,
 * webhook, groups) and routing (normal, urgent) are each client's own and
 * refused in `defaults:`: so they all come from one mapping, read in table
 * order, and a routing is resolved to recipients, and checked, as it is
 * read.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_config_impl.h"
#include "ts_config_msg.h"
#include "ts_mem.h"
#include "ts_msg.h"
#include "banned.h"

#define CM(f)	offsetof(struct ts_client_msg, f)
#define TP(k, p) offsetof(struct ts_client_msg, tpl[k][p])

#define TARGET_MAX 256

/* Keys that belong to each client, never to `defaults:`. */
static const char *const own_keys[] = {
	"email", "sms", "webhook", "groups", "normal", "urgent", NULL
};

/* ---- recipients ---- */

static int
has_target(const struct ts_target *v, size_t n, const struct ts_target *t)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i].ch == t->ch && strcmp(v[i].to, t->to) == 0)
			return 1;
	return 0;
}

/* A growing list of distinct targets, in the pool. */
struct tlist {
	struct ts_target *v;
	size_t n;
	size_t cap;
};

static void
tlist_add(struct ts_config_ctx *c, struct tlist *l, const struct ts_target *t)
{
	struct ts_target *nv;

	if (has_target(l->v, l->n, t))
		return;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 8;
		nv = ts_config_alloc(c, l->cap * sizeof *nv);
		if (l->n)
			memcpy(nv, l->v, l->n * sizeof *nv);
		l->v = nv;
	}
	l->v[l->n].ch = t->ch;
	l->v[l->n].to = ts_config_strndup(c, t->to, strlen(t->to));
	l->n++;
}

/*
 * One item of a routing or a group: an explicit recipient, a channel's
 * recipients ("email"), or (when groups is set) a group's.
 */
static int
resolve_item(struct ts_config_ctx *c, const struct ts_client_msg *cm,
    const struct ts_config_item *it, int groups, struct tlist *l)
{
	const struct ts_outbox_conf *ob = ts_outbox_conf(c->cfg);
	struct ts_error inner = TS_ERROR_INIT;
	const struct ts_group *g;
	char buf[TARGET_MAX];
	struct ts_target t;
	enum ts_channel ch;
	size_t i;
	int rc;

	rc = ts_target_parse(it->s, it->len, &c->cfg->service.country, ob,
	    &t, buf, sizeof buf, &inner);
	if (rc < 0)
		return ts_config_fail_with(c, it->node, &inner);
	if (rc == 0) {
		tlist_add(c, l, &t);
		return 0;
	}
	g = ts_client_group(cm, it->s, it->len);
	if (!g)
		return ts_config_fail(c, it->node, "unknown recipient group "
		    "'%.*s' in '%s': use email, sms, webhook, a group of "
		    "'groups', or CHANNEL:RECIPIENT", (int)(it->len > 40 ? 40 :
		    it->len), it->s, c->key);
	if (!groups && ts_channel_parse(it->s, it->len, &ch) < 0)
		return ts_config_fail(c, it->node, "a group cannot hold another "
		    "group ('%.*s')", (int)(it->len > 40 ? 40 : it->len), it->s);
	for (i = 0; i < g->n; i++)
		tlist_add(c, l, &g->t[i]);
	return 0;
}

static int
resolve_list(struct ts_config_ctx *c, const struct ts_config_node *n,
    const struct ts_client_msg *cm, int groups, struct ts_target **v,
    size_t *nv)
{
	struct ts_config_item *items;
	struct tlist l = { NULL, 0, 0 };
	size_t nitems, i;

	if (ts_config_items(c, n, TS_CONFIG_LIST_COMMA, &items, &nitems) < 0)
		return -1;
	for (i = 0; i < nitems; i++)
		if (resolve_item(c, cm, &items[i], groups, &l) < 0)
			return -1;
	*v = l.v;
	*nv = l.n;
	return 0;
}

/* email:, sms:, webhook: bare recipients of one channel. */
static int
read_channel(struct ts_config_ctx *c, const struct ts_config_node *n,
    struct ts_client_msg *cm, enum ts_channel ch)
{
	struct ts_config_item *items, one;
	struct tlist l = { NULL, 0, 0 };
	char text[TARGET_MAX + 16];
	size_t nitems, i;

	if (ts_config_items(c, n, TS_CONFIG_LIST_COMMA, &items, &nitems) < 0)
		return -1;
	for (i = 0; i < nitems; i++) {
		if (items[i].len > TARGET_MAX)
			return ts_config_fail(c, items[i].node, "recipient too "
			    "long in '%s'", c->key);
		one = items[i];
		one.len = (size_t)snprintf(text, sizeof text, "%s:%.*s",
		    ts_channel_name(ch), (int)items[i].len, items[i].s);
		one.s = text;
		if (resolve_item(c, cm, &one, 0, &l) < 0)
			return -1;
	}
	cm->chan[ch].name = ts_channel_name(ch);
	cm->chan[ch].t = l.v;
	cm->chan[ch].n = l.n;
	return 0;
}

static int
read_email(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	(void)k;
	return read_channel(c, n, obj, TS_CH_EMAIL);
}

static int
read_sms(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	(void)k;
	return read_channel(c, n, obj, TS_CH_SMS);
}

static int
read_webhook(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	(void)k;
	return read_channel(c, n, obj, TS_CH_WEBHOOK);
}

static int
read_groups(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	struct ts_client_msg *cm = obj;
	const struct ts_config_node *kn;
	enum ts_channel ch;
	size_t i, ng;

	(void)k;
	if (n->type != TS_CONFIG_MAP)
		return ts_config_fail(c, n, "'groups' must be a mapping from "
		    "group names to lists of recipients, not %s",
		    ts_config_type_name(n));
	ng = n->nkid / 2;
	cm->groups = ts_config_alloc(c, (ng ? ng : 1) * sizeof *cm->groups);
	cm->ngroups = 0;
	for (i = 0; i < ng; i++) {
		kn = n->kid[2 * i];
		if (!ts_config_name_ok(kn->str, kn->len) ||
		    ts_channel_parse(kn->str, kn->len, &ch) == 0)
			return ts_config_fail(c, kn, "invalid group name "
			    "'%.40s': lowercase letters, digits, '-' and '_', "
			    "and not email, sms or webhook", kn->str);
		c->key = kn->str;
		cm->groups[i].name = ts_config_strndup(c, kn->str, kn->len);
		if (resolve_list(c, n->kid[2 * i + 1], cm, 0,
		    &cm->groups[i].t, &cm->groups[i].n) < 0)
			return -1;
		cm->ngroups = i + 1;
	}
	return 0;
}

static int
read_route(struct ts_config_ctx *c, const struct ts_config_node *n,
    struct ts_client_msg *cm, int urgent)
{
	if (resolve_list(c, n, cm, 1, &cm->route[urgent], &cm->nroute[urgent])
	    < 0)
		return -1;
	cm->route_set[urgent] = 1;
	return 0;
}

static int
read_normal(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	(void)k;
	return read_route(c, n, obj, 0);
}

static int
read_urgent(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	(void)k;
	return read_route(c, n, obj, 1);
}

/* ---- times ---- */

/* "HH:MM" to minutes, 24:00 only when end; -1 if not a time. */
static int
clock_min(const char *s, size_t len, int end)
{
	int h, m;

	while (len > 0 && *s == ' ') {
		s++;
		len--;
	}
	while (len > 0 && s[len - 1] == ' ')
		len--;
	if ((len != 4 && len != 5) || s[len - 3] != ':')
		return -1;
	if (len == 5 && (s[0] < '0' || s[0] > '2'))
		return -1;
	h = len == 5 ? (s[0] - '0') * 10 + s[1] - '0' : s[0] - '0';
	if (s[len - 4] < '0' || s[len - 4] > '9' || s[len - 2] < '0' ||
	    s[len - 2] > '5' || s[len - 1] < '0' || s[len - 1] > '9')
		return -1;
	m = (s[len - 2] - '0') * 10 + s[len - 1] - '0';
	if (h > 24 || (h == 24 && (m || !end)))
		return -1;
	return h * 60 + m;
}

static int
intcmp(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static int
read_digest(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	struct ts_client_msg *cm = obj;
	struct ts_config_item *items;
	size_t nitems, i, j = 0;
	int m;

	(void)k;
	if (ts_config_items(c, n, TS_CONFIG_LIST_COMMA, &items, &nitems) < 0)
		return -1;
	if (nitems > TS_MSG_DIGESTS)
		return ts_config_fail(c, n, "at most %d digest times",
		    TS_MSG_DIGESTS);
	for (i = 0; i < nitems; i++) {
		if ((m = clock_min(items[i].s, items[i].len, 0)) < 0)
			return ts_config_fail(c, items[i].node, "invalid time "
			    "'%.*s' in 'digest': use HH:MM", (int)(items[i].len
			    > 20 ? 20 : items[i].len), items[i].s);
		cm->digest[i] = m;
	}
	qsort(cm->digest, nitems, sizeof *cm->digest, intcmp);
	for (i = 0; i < nitems; i++)
		if (i == 0 || cm->digest[i] != cm->digest[j - 1])
			cm->digest[j++] = cm->digest[i];
	cm->ndigest = j;
	return 0;
}

static int
read_quiet(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	struct ts_client_msg *cm = obj;
	struct ts_config_item *items;
	const char *dash;
	size_t nitems, i;
	int a, b;

	(void)k;
	if (ts_config_items(c, n, TS_CONFIG_LIST_COMMA, &items, &nitems) < 0)
		return -1;
	if (nitems > TS_MSG_QUIET)
		return ts_config_fail(c, n, "at most %d quiet spans",
		    TS_MSG_QUIET);
	for (i = 0; i < nitems; i++) {
		dash = memchr(items[i].s, '-', items[i].len);
		a = b = -1;
		if (dash) {
			a = clock_min(items[i].s, (size_t)(dash - items[i].s),
			    0);
			b = clock_min(dash + 1, items[i].len - (size_t)(dash -
			    items[i].s) - 1, 1);
		}
		if (a < 0 || b < 0 || a == b)
			return ts_config_fail(c, items[i].node, "invalid span "
			    "'%.*s' in 'quiet_hours': use HH:MM-HH:MM, such as "
			    "20:00-08:00", (int)(items[i].len > 20 ? 20 :
			    items[i].len), items[i].s);
		cm->quiet[i].from = a;
		cm->quiet[i].to = b;
	}
	cm->nquiet = nitems;
	return 0;
}

/* ---- SMS and sender ---- */

static int
read_provider(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	const struct ts_outbox_conf *ob = ts_outbox_conf(c->cfg);
	struct ts_client_msg *cm = obj;
	char *name;
	size_t i;

	(void)k;
	if (ts_config_str(c, n, &name) < 0)
		return -1;
	for (i = 0; i < ob->nsms; i++)
		if (strcmp(ob->sms[i].name, name) == 0) {
			cm->sms = &ob->sms[i];
			return 0;
		}
	return ts_config_fail(c, n, "unknown SMS provider '%.40s': it must "
	    "be one of 'sms'", name);
}

static int
read_sender(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	return ts_config_template(c, n, TS_CONFIG_FIELD(obj, k, char *),
	    ts_sender_fields);
}

static int
read_sms_from(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	char **dst = TS_CONFIG_FIELD(obj, k, char *);

	if (ts_config_str(c, n, dst) < 0)
		return -1;
	if (strpbrk(*dst, "\r\n\t"))
		return ts_config_fail(c, n, "'sms_from' must be one line");
	return 0;
}

/* ---- templates ---- */

static int
read_tpl(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	return ts_config_template(c, n, TS_CONFIG_FIELD(obj, k, char *),
	    ts_msg_fields);
}

static int
read_tpl_digest(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	return ts_config_template(c, n, TS_CONFIG_FIELD(obj, k, char *),
	    ts_digest_fields);
}

#define PARTS(K) \
	{ "subject", read_tpl, TP(K, TS_TPL_SUBJECT), 0, "e-mail subject" }, \
	{ "body", read_tpl, TP(K, TS_TPL_BODY), 0, "e-mail body" }, \
	{ "sms", read_tpl, TP(K, TS_TPL_SMS), 0, "SMS text" }, \
	{ NULL, NULL, 0, 0, NULL }

static const struct ts_config_key tpl_message[] = { PARTS(TS_TPL_MESSAGE) };
static const struct ts_config_key tpl_urgent[] = { PARTS(TS_TPL_URGENT) };
static const struct ts_config_key tpl_reminder[] = { PARTS(TS_TPL_REMINDER) };
static const struct ts_config_key tpl_confirmation[] = {
	PARTS(TS_TPL_CONFIRMATION)
};
static const struct ts_config_key tpl_digest[] = {
	{ "subject", read_tpl_digest, TP(TS_TPL_DIGEST, TS_TPL_SUBJECT), 0,
	    "e-mail subject" },
	{ "body", read_tpl_digest, TP(TS_TPL_DIGEST, TS_TPL_BODY), 0,
	    "e-mail body, around {messages}" },
	{ "sms", read_tpl_digest, TP(TS_TPL_DIGEST, TS_TPL_SMS), 0,
	    "SMS text, around {messages}" },
	{ "item", read_tpl, TP(TS_TPL_DIGEST, TS_TPL_ITEM), 0,
	    "one message in the e-mail" },
	{ "sms_item", read_tpl, TP(TS_TPL_DIGEST, TS_TPL_SMS_ITEM), 0,
	    "one message in the SMS" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct ts_config_key *const tpl_tables[TS_TPL_NKINDS] = {
	tpl_message, tpl_urgent, tpl_reminder, tpl_confirmation, tpl_digest
};

/* A kind's mapping; k->off is the kind (enum ts_tpl_kind). */
static int
read_tpl_kind(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	char what[80];

	snprintf(what, sizeof what, "'templates' '%s'", k->name);
	return ts_config_read_map(c, n, NULL, tpl_tables[k->off], obj, what,
	    0);
}

static const struct ts_config_key tpl_kinds[] = {
	{ "message", read_tpl_kind, TS_TPL_MESSAGE, 0, "a message" },
	{ "urgent", read_tpl_kind, TS_TPL_URGENT, 0, "an urgent message" },
	{ "reminder", read_tpl_kind, TS_TPL_REMINDER, 0,
	    "an appointment reminder, to the caller" },
	{ "confirmation", read_tpl_kind, TS_TPL_CONFIRMATION, 0,
	    "an appointment confirmation, to the caller" },
	{ "digest", read_tpl_kind, TS_TPL_DIGEST, 0,
	    "normal messages gathered at the digest times" },
	{ NULL, NULL, 0, 0, NULL }
};

static int
read_templates(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	(void)k;
	return ts_config_read_map(c, n, NULL, tpl_kinds, obj, "'templates'",
	    0);
}

/* ---- messages ---- */

static const struct ts_config_key msg_keys[] = {
	{ "sender_name", read_sender, CM(sender_name), 0,
	    "the sender's name on e-mails ({client_name})" },
	{ "email", read_email, 0, 0, "the client's e-mail recipients" },
	{ "sms", read_sms, 0, 0, "the client's SMS recipients" },
	{ "webhook", read_webhook, 0, 0, "the client's webhooks" },
	/* After the channels, which groups may name. */
	{ "groups", read_groups, 0, 0, "named lists of recipients" },
	/* After the groups, which a routing may name. */
	{ "normal", read_normal, 0, 0,
	    "who gets normal messages (email, webhook)" },
	{ "urgent", read_urgent, 0, 0,
	    "who gets urgent messages (email, sms, webhook)" },
	{ "digest", read_digest, 0, 0,
	    "local times when normal messages go, gathered" },
	{ "quiet_hours", read_quiet, 0, 0,
	    "local spans when only urgent messages go" },
	{ "sms_provider", read_provider, 0, 0,
	    "the provider of 'sms' to use (the first)" },
	{ "sms_from", read_sms_from, CM(sms_from), 0,
	    "the sender id of the client's SMS" },
	{ "templates", read_templates, 0, 0,
	    "subject, body and SMS text of each kind of message" },
	{ NULL, NULL, 0, 0, NULL }
};

/* Is n the `messages:` of `defaults:` (read alone, or under a client)? */
static int
in_defaults(const struct ts_config_ctx *c, const struct ts_config_node *n)
{
	if (c->where && strcmp(c->where, "'defaults'") == 0)
		return 1;
	return c->defaults && ts_config_get(c->defaults, "messages") == n;
}

int
ts_config_read_messages(struct ts_config_ctx *c,
    const struct ts_config_node *n, void *obj, const struct ts_config_key *k)
{
	struct ts_client *cl = obj;
	const struct ts_config_node *kn;
	char what[120];
	size_t i, j;

	(void)k;
	for (i = 0; in_defaults(c, n) && n->type == TS_CONFIG_MAP &&
	    i < n->nkid; i += 2) {
		kn = n->kid[i];
		for (j = 0; own_keys[j]; j++)
			if (strcmp(kn->str, own_keys[j]) == 0)
				return ts_config_fail(c, kn, "'%s' cannot be "
				    "set in 'defaults', only in each client's "
				    "'messages'", kn->str);
	}
	if (!cl->msg)
		cl->msg = ts_config_alloc(c, sizeof *cl->msg);
	snprintf(what, sizeof what, "'messages' of %s", c->where ? c->where :
	    "the configuration");
	return ts_config_read_map(c, n, NULL, msg_keys, cl->msg, what, 0);
}
