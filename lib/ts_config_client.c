/*
 * ts_config_client.c - the `service:`, `defaults:` and `clients:` sections.
 *
 * A client is read with client_keys below.  Each key the client does not
 * set is taken from `defaults:`, whole, except `sla` and `retention`, whose
 * sub-keys are merged one by one.  The defaults are read once on their own
 * first, so that a mistake in them is reported even when no client uses
 * the key, and at its own line.
 *
 * To add a client key, add its field to struct ts_client (ts_config.h), a
 * reader (ts_config_reader, declared in ts_config_impl.h, usually in the
 * section's own file) and one line to client_keys.  Keys are read in table
 * order: put a key after those its reader depends on.
 *
 * Numbers, account codes and queues each belong to one client: they are
 * how a call is given to a client, so a repeat is an error that names both.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_config_impl.h"
#include "ts_mem.h"
#include "banned.h"

#define CL(f)	offsetof(struct ts_client, f)
#define SV(f)	offsetof(struct ts_service, f)
#define SL(f)	offsetof(struct ts_sla, f)
#define RT(f)	offsetof(struct ts_retention, f)

/* ---- service ---- */

static int
read_country(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	struct ts_service *s = obj;
	char *iso;

	(void)k;
	if (ts_config_str(c, n, &iso) == -1)
		return -1;
	if (ts_phone_country(iso, &s->country) == -1)
		return ts_config_fail(c, n, "unknown country code '%.8s'; use "
		    "an ISO 3166 code such as 'FR' or 'BE'", iso);
	return 0;
}

static int
read_language(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	static const char *const names[] = { "fr", "en", NULL };
	struct ts_service *s = obj;
	int i;

	(void)k;
	if (ts_config_enum(c, n, names, &i) == -1)
		return -1;
	snprintf(s->language, sizeof s->language, "%s", names[i]);
	return 0;
}

static const struct ts_config_key service_keys[] = {
	{ "name", ts_config_key_str, SV(name), 0,
	    "the agency's name" },
	{ "timezone", ts_config_key_zone, SV(tz), 0,
	    "IANA zone of clients and of local times in input" },
	{ "country", read_country, 0, 0,
	    "ISO 3166 code for national phone numbers" },
	{ "language", read_language, 0, 0,
	    "language of messages and reports: fr or en" },
	{ NULL, NULL, 0, 0, NULL }
};

int
ts_config_read_service(struct ts_config_ctx *c,
    const struct ts_config_node *n, void *obj, const struct ts_config_key *k)
{
	struct ts_config *cfg = obj;

	(void)k;
	return ts_config_read_map(c, n, NULL, service_keys, &cfg->service,
	    "'service'", 0);
}

/* ---- numbers, account codes and queues ---- */

static const char *const claim_kind[] = {
	"number", "account code", "queue"
};

static void
claim(struct ts_config_ctx *c, int kind, const char *value,
    const struct ts_client *cl, const struct ts_config_node *n)
{
	struct ts_config_claim *cm;

	TS_GROW(c->claims, c->nclaims + 1, c->capclaims);
	cm = &c->claims[c->nclaims++];
	cm->kind = kind;
	cm->value = value;
	cm->client = cl->id;
	cm->line = n->line;
	cm->col = n->col;
}

static int
claimcmp(const void *a, const void *b)
{
	const struct ts_config_claim *x = a, *y = b;
	int d;

	if (x->kind != y->kind)
		return x->kind - y->kind;
	if ((d = strcmp(x->value, y->value)))
		return d;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return (x->col > y->col) - (x->col < y->col);
}

/* Refuses the first repeat in the file of a number, code or queue. */
static int
check_claims(struct ts_config_ctx *c)
{
	const struct ts_config_claim *dup = NULL, *orig = NULL, *b;
	struct ts_config_node at;
	size_t i, g = 0;

	if (c->nclaims > 1)
		qsort(c->claims, c->nclaims, sizeof *c->claims, claimcmp);
	/* Sorted by value then position: in each group of equal values the
	 * first is the original and the second the earliest repeat. */
	for (i = 1; i < c->nclaims; i++) {
		b = &c->claims[i];
		if (b->kind != c->claims[g].kind ||
		    strcmp(b->value, c->claims[g].value) != 0) {
			g = i;
			continue;
		}
		if (i == g + 1 && (!dup || b->line < dup->line ||
		    (b->line == dup->line && b->col < dup->col))) {
			dup = b;
			orig = &c->claims[g];
		}
	}
	if (!dup)
		return 0;
	memset(&at, 0, sizeof at);
	at.line = dup->line;
	at.col = dup->col;
	if (strcmp(orig->client, dup->client) == 0)
		return ts_config_fail(c, &at, "%s '%s' is listed twice in "
		    "client '%s' (first at line %ld)", claim_kind[dup->kind],
		    dup->value, dup->client, orig->line);
	return ts_config_fail(c, &at, "%s '%s' is in client '%s' (line %ld) "
	    "and in client '%s'", claim_kind[dup->kind], dup->value,
	    orig->client, orig->line, dup->client);
}

static int
read_numbers(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	struct ts_client *cl = obj;
	struct ts_config_item *items;
	char e164[TS_PHONE_MAX];
	size_t nitems, i;

	(void)k;
	if (ts_config_items(c, n, TS_CONFIG_LIST_COMMA, &items, &nitems)
	    == -1)
		return -1;
	cl->numbers = ts_config_alloc(c, (nitems ? nitems : 1) *
	    sizeof *cl->numbers);
	for (i = 0; i < nitems; i++) {
		if (ts_config_phone(c, &items[i], e164) == -1)
			return -1;
		cl->numbers[i] = ts_config_strndup(c, e164, strlen(e164));
		claim(c, 0, cl->numbers[i], cl, items[i].node);
	}
	cl->nnumbers = nitems;
	return 0;
}

/* Account codes and queues: strings, claimed as numbers are. */
static int
read_names(struct ts_config_ctx *c, const struct ts_config_node *n,
    struct ts_client *cl, int kind, char ***v, size_t *nv)
{
	struct ts_config_item *items;
	size_t nitems, i;

	if (ts_config_items(c, n, TS_CONFIG_LIST_COMMA, &items, &nitems)
	    == -1)
		return -1;
	*v = ts_config_alloc(c, (nitems ? nitems : 1) * sizeof **v);
	for (i = 0; i < nitems; i++) {
		(*v)[i] = ts_config_strndup(c, items[i].s, items[i].len);
		claim(c, kind, (*v)[i], cl, items[i].node);
	}
	*nv = nitems;
	return 0;
}

static int
read_accountcodes(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	struct ts_client *cl = obj;

	(void)k;
	return read_names(c, n, cl, 1, &cl->accountcodes, &cl->naccountcodes);
}

static int
read_queues(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	struct ts_client *cl = obj;

	(void)k;
	return read_names(c, n, cl, 2, &cl->queues, &cl->nqueues);
}

/* ---- sla ---- */

static int
read_threshold(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	int64_t *t = TS_CONFIG_FIELD(obj, k, int64_t);

	if (ts_config_seconds(c, n, t) == -1)
		return -1;
	if (*t < 1)
		return ts_config_fail(c, n, "'%s' must be at least 1s",
		    k->name);
	return 0;
}

static int
read_formula(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	/* In the order of enum ts_sl_formula. */
	static const char *const names[] = {
		"net-of-short", "answered", "offered",
		"answered-and-abandoned", "abandons-met", "late-abandons",
		NULL
	};
	struct ts_sla *sla = obj;
	int i;

	(void)k;
	if (ts_config_enum(c, n, names, &i) == -1)
		return -1;
	sla->formula = (enum ts_sl_formula)i;
	return 0;
}

static int
read_clock_start(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	static const char *const names[] = { "call", "queue", NULL };
	struct ts_sla *sla = obj;
	int i;

	(void)k;
	if (ts_config_enum(c, n, names, &i) == -1)
		return -1;
	sla->clock_start = i ? TS_CLOCK_QUEUE : TS_CLOCK_CALL;
	return 0;
}

static int
read_asa(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	struct ts_sla *sla = obj;
	int64_t s;

	(void)k;
	if (ts_config_seconds(c, n, &s) == -1)
		return -1;
	sla->asa_s = (double)s;
	return 0;
}

static const struct ts_config_key sla_keys[] = {
	{ "threshold", read_threshold, SL(threshold_s), 0,
	    "T: calls answered within T count as on time (20s)" },
	{ "short_abandon", ts_config_key_seconds, SL(short_abandon_s), 0,
	    "S: callers hanging up sooner are not counted (5s)" },
	{ "formula", read_formula, 0, 0,
	    "how the service level is computed (net-of-short)" },
	{ "clock_start", read_clock_start, 0, 0,
	    "where waiting starts: call or queue (call)" },
	{ "target", ts_config_key_percent, SL(service_level), 0,
	    "service level target, e.g. 80%" },
	{ "answer_rate", ts_config_key_percent, SL(answer_rate), 0,
	    "answered / offered target, e.g. 95%" },
	{ "abandon_rate", ts_config_key_percent, SL(abandon_rate), 0,
	    "abandoned / offered maximum, e.g. 5%" },
	{ "asa", read_asa, 0, 0,
	    "maximum average speed of answer, e.g. 30s" },
	{ NULL, NULL, 0, 0, NULL }
};

/* "'sla' of client 'x'": the sub-mapping k inside what is being read. */
static void
nested(const struct ts_config_ctx *c, const struct ts_config_key *k,
    char *buf, size_t n)
{
	snprintf(buf, n, "'%s' of %s", k->name, c->where ? c->where :
	    "the configuration");
}

static int
read_sla(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	struct ts_client *cl = obj;
	char what[160];

	nested(c, k, what, sizeof what);
	return ts_config_read_map(c, n, NULL, sla_keys, &cl->sla, what, 0);
}

/* ---- retention ---- */

static const struct ts_config_key retention_keys[] = {
	{ "calls", ts_config_key_duration, RT(calls), 0,
	    "call records, from the call" },
	{ "contacts", ts_config_key_duration, RT(contacts), 0,
	    "callers' contact cards, from their last activity" },
	{ "messages", ts_config_key_duration, RT(messages), 0,
	    "messages taken, from when they were taken" },
	{ "deliveries", ts_config_key_duration, RT(deliveries), 0,
	    "the outbox: e-mails, SMS and webhooks sent" },
	{ "bookings", ts_config_key_duration, RT(bookings), 0,
	    "appointments, from their end" },
	{ "busy", ts_config_key_duration, RT(busy), 0,
	    "busy blocks imported from the client's calendar" },
	{ "audit", ts_config_key_duration, RT(audit), 0,
	    "the audit trail of purges and exports" },
	{ "escalations", ts_config_key_duration, RT(escalations), 0,
	    "on-call escalations, from the call" },
	{ "legal_hold", ts_config_key_bool, RT(legal_hold), 0,
	    "true: purge nothing of this client" },
	{ NULL, NULL, 0, 0, NULL }
};

static int
read_retention(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	struct ts_client *cl = obj;
	char what[160];

	nested(c, k, what, sizeof what);
	return ts_config_read_map(c, n, NULL, retention_keys, &cl->retention,
	    what, 0);
}

/* ---- clients ---- */

static const struct ts_config_key client_keys[] = {
	{ "name", ts_config_key_str, CL(name),
	    TS_CONFIG_REQUIRED | TS_CONFIG_NODEFAULT,
	    "the client's name, as reports show it" },
	/* Before anything read in the client's zone (closures). */
	{ "timezone", ts_config_key_zone, CL(tz), 0,
	    "IANA zone of the client (the service's)" },
	{ "numbers", read_numbers, 0, TS_CONFIG_NODEFAULT,
	    "the client's lines (DIDs), any national or E.164 form" },
	{ "accountcodes", read_accountcodes, 0, TS_CONFIG_NODEFAULT,
	    "PBX account codes that mean this client" },
	{ "queues", read_queues, 0, TS_CONFIG_NODEFAULT,
	    "PBX queues that serve only this client" },
	{ "greeting", ts_config_key_str, CL(greeting), 0,
	    "what the secretary says on answering" },
	{ "instructions", ts_config_key_str, CL(instructions), 0,
	    "the consignes, free text" },
	{ "hours", ts_config_read_hours, 0, 0,
	    "opening hours by weekday" },
	{ "holidays", ts_config_read_holidays, 0, 0,
	    "public holidays: none, fr or fr-alsace" },
	{ "closures", ts_config_read_closures, 0, 0,
	    "dates when the office is closed" },
	{ "sla", read_sla, 0, TS_CONFIG_MERGE,
	    "the contract's service level settings" },
	{ "retention", read_retention, 0, TS_CONFIG_MERGE,
	    "how long each class of data is kept" },
	{ "privacy", ts_config_read_privacy, 0, TS_CONFIG_MERGE,
	    "what the client tells its callers about their data" },
	/* Routing (ts-route); rules name tags, rotas and numbers above. */
	{ "tags", ts_config_read_tags, 0, 0,
	    "caller tags the rules may name, and what they mean" },
	{ "oncall", ts_config_read_oncall, 0, TS_CONFIG_NODEFAULT,
	    "on-call rotas: people, weekly shifts, escalation" },
	{ "rules", ts_config_read_rules, 0, 0,
	    "routing rules, first match wins" },
	{ "messages", ts_config_read_messages, 0, TS_CONFIG_MERGE,
	    "who receives messages, how and when" },
	{ "agenda", ts_config_read_agenda, 0, 0,
	    "appointments: types, slots, messages, CalDAV" },
	{ NULL, NULL, 0, 0, NULL }
};

static void
client_init(struct ts_config_ctx *c, struct ts_client *cl)
{
	memset(cl, 0, sizeof *cl);
	cl->tz = c->cfg->service.tz;
	cl->holidays = TS_HOLIDAYS_NONE;
	cl->sla.threshold_s = 20;
	cl->sla.short_abandon_s = 5;
	cl->sla.formula = TS_SL_NET_OF_SHORT;
	cl->sla.clock_start = TS_CLOCK_CALL;
	cl->sla.service_level = NAN;
	cl->sla.answer_rate = NAN;
	cl->sla.abandon_rate = NAN;
	cl->sla.asa_s = NAN;
}

int
ts_config_read_defaults(struct ts_config_ctx *c,
    const struct ts_config_node *n, void *obj, const struct ts_config_key *k)
{
	struct ts_client scratch;

	(void)obj;
	(void)k;
	client_init(c, &scratch);
	if (ts_config_read_map(c, n, NULL, client_keys, &scratch,
	    "'defaults'", TS_CONFIG_AS_DEFAULTS) == -1)
		return -1;
	c->defaults = ts_config_is_null(n) ? NULL : n;
	return 0;
}

static int
read_client(struct ts_config_ctx *c, const struct ts_config_node *idn,
    const struct ts_config_node *n, struct ts_client *cl)
{
	char what[100];

	/* A client id names files, URLs and CSV cells: a word. */
	if (!ts_config_word(idn->str, idn->len))
		return ts_config_fail(c, idn, "invalid client id '%.60s': use "
		    "1 to 63 lowercase letters, digits, '-' and '_', starting "
		    "with a letter or digit", idn->str);
	client_init(c, cl);
	cl->id = ts_config_strndup(c, idn->str, idn->len);
	cl->line = idn->line;
	snprintf(what, sizeof what, "client '%s'", cl->id);
	c->key = cl->id;
	return ts_config_read_map(c, n, c->defaults, client_keys, cl, what, 0);
}

int
ts_config_read_clients(struct ts_config_ctx *c,
    const struct ts_config_node *n, void *obj, const struct ts_config_key *k)
{
	struct ts_config *cfg = obj;
	size_t i, nc;

	(void)k;
	if (ts_config_is_null(n))
		return 0;
	if (n->type != TS_CONFIG_MAP)
		return ts_config_fail(c, n, "'clients' must be a mapping from "
		    "client ids to their settings, not %s",
		    ts_config_type_name(n));
	nc = n->nkid / 2;
	cfg->clients = ts_config_alloc(c, (nc ? nc : 1) *
	    sizeof *cfg->clients);
	for (i = 0; i < nc; i++) {
		if (read_client(c, n->kid[2 * i], n->kid[2 * i + 1],
		    &cfg->clients[i]) == -1)
			return -1;
		cfg->nclients = i + 1;
	}
	return check_claims(c);
}
