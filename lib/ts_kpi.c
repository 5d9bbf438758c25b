/*
 * ts_kpi.c - counting calls into groups (see ts_kpi.h): the settings of
 * each client, how one call is classified, the group keys, the groups.
 *
 * Every call is in exactly one class: answered, voicemail, abandoned
 * (status abandoned or missed: the caller was not answered and nothing
 * says the call left a queue for another reason), timeout (status timeout:
 * it left the queue unanswered), busy or failed.  Each class, and each
 * formula's numerator and denominator, is a sum of 0s and 1s over calls,
 * so that any grouping, and any merge of parts, gives the figures one pass
 * over the calls would give.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_calendar.h"
#include "ts_kpi_impl.h"
#include "ts_mem.h"
#include "banned.h"

static const char *const key_names[TS_KPI_NKEYS] = {
	"client", "did", "queue", "agent", "hour", "day", "week", "month",
	"weekday", "hour-of-day"
};

static const char *const formula_names[] = {
	"net-of-short", "answered", "offered", "answered-and-abandoned",
	"abandons-met", "late-abandons"
};

const char *
ts_kpi_formula_name(enum ts_sl_formula f)
{
	return (unsigned)f < 6 ? formula_names[f] : "net-of-short";
}

int
ts_kpi_formula_parse(const char *s, enum ts_sl_formula *f)
{
	int i;

	for (i = 0; i < 6; i++) {
		if (strcmp(s, formula_names[i]) == 0) {
			*f = (enum ts_sl_formula)i;
			return 0;
		}
	}
	return -1;
}

const char *
ts_kpi_clock_name(enum ts_clock_start c)
{
	return c == TS_CLOCK_QUEUE ? "queue" : "call";
}

/* ---- --by ---- */

static int
key_lookup(const char *s, size_t n, enum ts_kpi_key *key)
{
	char name[16];
	size_t i;

	if (n == 0 || n >= sizeof name)
		return -1;
	for (i = 0; i < n; i++)
		name[i] = s[i] == '_' ? '-' : s[i];
	name[n] = '\0';
	for (i = 0; i < TS_KPI_NKEYS; i++) {
		if (strcmp(name, key_names[i]) == 0) {
			*key = (enum ts_kpi_key)i;
			return 0;
		}
	}
	return -1;
}

int
ts_kpi_by_parse(const char *s, struct ts_kpi_by *by, struct ts_error *err)
{
	const char *p = s, *comma;
	size_t n, i;
	enum ts_kpi_key key;

	by->n = 0;
	if (!*s)
		return 0;
	for (;;) {
		comma = strchr(p, ',');
		n = comma ? (size_t)(comma - p) : strlen(p);
		if (key_lookup(p, n, &key) < 0)
			return ts_error_set(err, TS_EXIT_USAGE, "unknown --by "
			    "key '%.*s' (client, did, queue, agent, hour, day, "
			    "week, month, weekday, hour-of-day)", (int)(n < 32 ?
			    n : 32), p);
		for (i = 0; i < by->n; i++)
			if (by->key[i] == key)
				return ts_error_set(err, TS_EXIT_USAGE, "--by "
				    "key '%s' given twice", key_names[key]);
		if (by->n == TS_KPI_MAXBY)
			return ts_error_set(err, TS_EXIT_USAGE, "too many "
			    "--by keys");
		by->key[by->n] = key;
		memcpy(by->name[by->n], p, n);
		by->name[by->n][n] = '\0';
		by->n++;
		if (!comma)
			return 0;
		p = comma + 1;
	}
}

int
kpi_key_lookup(const char *s, enum ts_kpi_key *key)
{
	return key_lookup(s, strlen(s), key);
}

/* ---- settings ---- */

static int
limits(struct ts_kpi_rules *r, const char *period, const char *since,
    const char *until, int64_t now, struct ts_error *err)
{
	struct ts_period p;
	int64_t t;

	r->from = INT64_MIN;
	r->to = INT64_MAX;
	if (period) {
		if (ts_period_parse(period, now, r->tz, &p, err) < 0)
			return -1;
		r->from = p.from;
		r->to = p.to;
	}
	if (since) {
		if (ts_time_parse(since, strlen(since), r->tz, TS_FOLD_REJECT,
		    &t, err) < 0)
			return ts_error_set(err, TS_EXIT_USAGE, "--since: %s",
			    err->msg);
		if (t > r->from)
			r->from = t;
	}
	if (until) {
		if (ts_time_parse(until, strlen(until), r->tz, TS_FOLD_REJECT,
		    &t, err) < 0)
			return ts_error_set(err, TS_EXIT_USAGE, "--until: %s",
			    err->msg);
		if (t < r->to)
			r->to = t;
	}
	return 0;
}

static void
default_sla(struct ts_sla *s)
{
	s->threshold_s = 20;
	s->short_abandon_s = 5;
	s->formula = TS_SL_NET_OF_SHORT;
	s->clock_start = TS_CLOCK_CALL;
	s->service_level = NAN;
	s->answer_rate = NAN;
	s->abandon_rate = NAN;
	s->asa_s = NAN;
}

int
ts_kpi_conf_init(struct ts_kpi_conf *conf, const struct ts_config *cfg,
    const struct ts_kpi_by *by, const struct ts_tz *tz, const char *period,
    const char *since, const char *until, int64_t now,
    struct ts_error *err)
{
	size_t i;

	memset(conf, 0, sizeof *conf);
	conf->cfg = cfg;
	conf->by = *by;
	conf->tz = tz ? tz : ts_config_tz(cfg, NULL);
	conf->override_t = -1;
	conf->override_s = -1;
	conf->override_formula = -1;
	conf->nrules = cfg->nclients + 1;
	conf->rules = ts_xcalloc(conf->nrules, sizeof *conf->rules);
	for (i = 0; i < conf->nrules; i++) {
		struct ts_kpi_rules *r = &conf->rules[i];

		if (i < cfg->nclients) {
			r->client = &cfg->clients[i];
			r->tz = ts_config_tz(cfg, r->client);
			r->sla = r->client->sla;
		} else {
			r->tz = conf->tz;
			default_sla(&r->sla);
		}
		if (limits(r, period, since, until, now, err) < 0) {
			ts_kpi_conf_release(conf);
			return -1;
		}
	}
	return 0;
}

void
ts_kpi_conf_release(struct ts_kpi_conf *conf)
{
	free(conf->rules);
	conf->rules = NULL;
	conf->nrules = 0;
}

void
ts_kpi_conf_span(const struct ts_kpi_conf *conf, int64_t *from, int64_t *to)
{
	size_t i;

	*from = INT64_MAX;
	*to = INT64_MIN;
	for (i = 0; i < conf->nrules; i++) {
		if (conf->rules[i].from < *from)
			*from = conf->rules[i].from;
		if (conf->rules[i].to > *to)
			*to = conf->rules[i].to;
	}
}

static size_t
rule_index(const struct ts_kpi_conf *conf, const char *client)
{
	size_t i;

	if (client[0])
		for (i = 0; i + 1 < conf->nrules; i++)
			if (strcmp(conf->rules[i].client->id, client) == 0)
				return i;
	return conf->nrules - 1;
}

const struct ts_kpi_rules *
ts_kpi_rules_by_id(const struct ts_kpi_conf *conf, const char *client)
{
	return &conf->rules[rule_index(conf, client)];
}

const struct ts_kpi_rules *
ts_kpi_rules_of(const struct ts_kpi_conf *conf, const struct ts_call *c)
{
	return &conf->rules[rule_index(conf, c->client)];
}

/* ---- one call ---- */

/* T, S and the formula of a rule, after the command-line overrides. */
void
kpi_effective(const struct ts_kpi_conf *conf, const struct ts_kpi_rules *r,
    int64_t *t, int64_t *s, enum ts_sl_formula *f)
{
	*t = conf->override_t >= 0 ? conf->override_t : r->sla.threshold_s;
	*s = conf->override_s >= 0 ? conf->override_s : r->sla.short_abandon_s;
	*f = conf->override_formula >= 0 ?
	    (enum ts_sl_formula)conf->override_formula : r->sla.formula;
}

/* The service-level part of a classified call, by formula. */
static void
sl_part(struct ts_kpi_class *k, enum ts_sl_formula f, int64_t t)
{
	int on_time = k->in_threshold;
	int ab_in_t = k->abandoned && k->wait <= t;

	k->sl_num = on_time;
	switch (f) {
	case TS_SL_NET_OF_SHORT:
		k->sl_den = !k->short_abandoned;
		break;
	case TS_SL_ANSWERED:
		k->sl_den = k->answered;
		break;
	case TS_SL_OFFERED:
		k->sl_den = 1;
		break;
	case TS_SL_ANSWERED_ABANDONED:
		k->sl_den = k->answered || k->abandoned;
		break;
	case TS_SL_ABANDONS_MET:
		k->sl_num = on_time || ab_in_t;
		k->sl_den = k->answered || k->abandoned;
		break;
	case TS_SL_LATE_ABANDONS:
		k->sl_den = k->answered || (k->abandoned && !ab_in_t);
		break;
	}
}

/* Classifies c by rules r (no period or client check). */
static void
classify(const struct ts_kpi_conf *conf, const struct ts_kpi_rules *r,
    const struct ts_call *c, struct ts_kpi_class *k)
{
	int64_t t, s;
	enum ts_sl_formula f;

	memset(k, 0, sizeof *k);
	k->counted = 1;
	k->rules = r;
	kpi_effective(conf, r, &t, &s, &f);
	/* The clock starts at the queue only where the input says when. */
	k->wait = r->sla.clock_start == TS_CLOCK_QUEUE ? ts_call_wait(c, 1) :
	    c->wait_s > 0 ? c->wait_s : 0;
	k->talk = c->talk_s > 0 ? c->talk_s : 0;
	switch (c->status) {
	case TS_ST_ANSWERED: k->answered = 1; break;
	case TS_ST_VOICEMAIL: k->voicemail = 1; break;
	case TS_ST_TIMEOUT: k->timeout = 1; break;
	case TS_ST_BUSY: k->busy = 1; break;
	case TS_ST_FAILED: k->failed = 1; break;
	default: k->abandoned = 1; break;	/* abandoned, missed */
	}
	k->short_abandoned = k->abandoned && k->wait < s;
	k->in_threshold = k->answered && k->wait <= t;
	k->waited = !k->busy && !k->failed;
	sl_part(k, f, t);
	k->ab_num = k->abandoned && !k->short_abandoned;
	k->ab_den = !k->short_abandoned;
}

static int
outside(const struct ts_kpi_conf *conf, const struct ts_kpi_rules *r,
    const struct ts_call *c, struct ts_kpi_class *k)
{
	memset(k, 0, sizeof *k);
	k->rules = r;
	if (conf->only_client && strcmp(conf->only_client, c->client) != 0) {
		k->why_not = "another client than --client";
		return 1;
	}
	if (c->start == TS_TIME_NONE || c->start < r->from ||
	    c->start >= r->to) {
		k->why_not = "its start is outside the period";
		return 1;
	}
	return 0;
}

void
ts_kpi_classify(const struct ts_kpi_conf *conf, const struct ts_call *c,
    struct ts_kpi_class *k)
{
	const struct ts_kpi_rules *r = ts_kpi_rules_of(conf, c);

	if (outside(conf, r, c, k))
		return;
	classify(conf, r, c, k);
	if (r->client)
		k->out_of_hours = !ts_calendar_is_open(r->client, r->tz,
		    c->start);
}

/* ---- keys ---- */

/* Hour keys carry their offset: (hour start instant) * 4096 + offset in
 * minutes + 2048, so that they sort by instant and format exactly. */
#define HOUR_KEY(t, off) ((t) * 4096 + (off) / 60 + 2048)

static int64_t
time_key(enum ts_kpi_key key, int64_t t, int32_t off)
{
	int64_t wall = t + off, days = wall >= 0 ? wall / 86400 :
	    -((-wall + 86399) / 86400);
	int y, m, d, iy, w;

	switch (key) {
	case TS_KPI_HOUR:
		return HOUR_KEY(t - (wall - days * 86400) % 3600, off);
	case TS_KPI_DAY:
		return days;
	case TS_KPI_WEEK:
		ts_iso_week(days, &iy, &w);
		return (int64_t)iy * 100 + w;
	case TS_KPI_MONTH:
		ts_civil_from_days(days, &y, &m, &d);
		return (int64_t)y * 12 + m - 1;
	case TS_KPI_WEEKDAY:
		return ts_weekday(days);
	case TS_KPI_HOUR_OF_DAY:
		return (wall - days * 86400) / 3600;
	default:
		return 0;
	}
}

static const char *const weekdays[] = {
	"mon", "tue", "wed", "thu", "fri", "sat", "sun"
};

static void
format_time_key(enum ts_kpi_key key, int64_t v, char *buf, size_t n)
{
	int y, m, d, off;
	int64_t t;
	struct ts_civil c;

	switch (key) {
	case TS_KPI_HOUR:
		off = (int)((v % 4096 + 4096) % 4096) - 2048;
		t = (v - (off + 2048)) / 4096;
		ts_civil_from_wall(t + (int64_t)off * 60, &c);
		snprintf(buf, n, "%04d-%02d-%02dT%02d:00:00%c%02d:%02d",
		    c.year, c.mon, c.day, c.hour, off < 0 ? '-' : '+',
		    abs(off) / 60, abs(off) % 60);
		break;
	case TS_KPI_DAY:
		ts_civil_from_days(v, &y, &m, &d);
		snprintf(buf, n, "%04d-%02d-%02d", y, m, d);
		break;
	case TS_KPI_WEEK:
		snprintf(buf, n, "%04lld-W%02lld", (long long)(v / 100),
		    (long long)(v % 100));
		break;
	case TS_KPI_MONTH:
		snprintf(buf, n, "%04lld-%02lld", (long long)(v / 12),
		    (long long)(v % 12 + 1));
		break;
	case TS_KPI_WEEKDAY:
		snprintf(buf, n, "%s", weekdays[(v - 1) % 7]);
		break;
	default:
		snprintf(buf, n, "%02lld", (long long)v);
		break;
	}
}

static int
is_string_key(enum ts_kpi_key key)
{
	return key <= TS_KPI_AGENT;
}

static const char *
string_of(const struct ts_call *c, enum ts_kpi_key key)
{
	switch (key) {
	case TS_KPI_CLIENT: return c->client;
	case TS_KPI_DID: return c->did;
	case TS_KPI_QUEUE: return c->queue;
	default: return c->agent;
	}
}

void
ts_kpi_key_text(const struct ts_kpi_conf *conf, const struct ts_call *c,
    enum ts_kpi_key key, char *buf, size_t n)
{
	const struct ts_kpi_rules *r = ts_kpi_rules_of(conf, c);

	if (is_string_key(key))
		snprintf(buf, n, "%s", string_of(c, key));
	else
		format_time_key(key, time_key(key, c->start,
		    ts_tz_offset(r->tz, c->start)), buf, n);
}

void
kpi_key_format(const struct ts_kpi *k, size_t i, int64_t v, char *buf,
    size_t n)
{
	enum ts_kpi_key key = k->conf->by.key[i];

	if (is_string_key(key))
		snprintf(buf, n, "%s", k->str[v]);
	else
		format_time_key(key, v, buf, n);
}

/* Reads exactly `digits` digits. */
static int
digits(const char **p, int count, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < count; i++, (*p)++) {
		if (**p < '0' || **p > '9')
			return -1;
		*v = *v * 10 + (**p - '0');
	}
	return 0;
}

static int
parse_hour(const char *s, int64_t *v)
{
	struct ts_civil c = { 0, 0, 0, 0, 0, 0 };
	int oh, om, off;
	const char *p = s;
	char sign;

	if (digits(&p, 4, &c.year) || *p++ != '-' || digits(&p, 2, &c.mon) ||
	    *p++ != '-' || digits(&p, 2, &c.day) || *p++ != 'T' ||
	    digits(&p, 2, &c.hour) || strncmp(p, ":00:00", 6) != 0)
		return -1;
	p += 6;
	sign = *p++;
	if ((sign != '+' && sign != '-') || digits(&p, 2, &oh) ||
	    *p++ != ':' || digits(&p, 2, &om) || *p || !ts_civil_valid(&c))
		return -1;
	off = (oh * 60 + om) * (sign == '-' ? -1 : 1);
	*v = HOUR_KEY(ts_civil_to_wall(&c) - (int64_t)off * 60,
	    (int64_t)off * 60);
	return 0;
}

static int
parse_time_key(enum ts_kpi_key key, const char *s, int64_t *v)
{
	const char *p = s;
	int y, m, d, i;

	switch (key) {
	case TS_KPI_HOUR:
		return parse_hour(s, v);
	case TS_KPI_DAY:
		if (digits(&p, 4, &y) || *p++ != '-' || digits(&p, 2, &m) ||
		    *p++ != '-' || digits(&p, 2, &d) || *p)
			return -1;
		*v = ts_days_from_civil(y, m, d);
		return 0;
	case TS_KPI_WEEK:
		if (digits(&p, 4, &y) || *p++ != '-' || *p++ != 'W' ||
		    digits(&p, 2, &d) || *p)
			return -1;
		*v = (int64_t)y * 100 + d;
		return 0;
	case TS_KPI_MONTH:
		if (digits(&p, 4, &y) || *p++ != '-' || digits(&p, 2, &m) ||
		    *p || m < 1 || m > 12)
			return -1;
		*v = (int64_t)y * 12 + m - 1;
		return 0;
	case TS_KPI_WEEKDAY:
		for (i = 0; i < 7; i++)
			if (strcmp(s, weekdays[i]) == 0) {
				*v = i + 1;
				return 0;
			}
		return -1;
	default:
		if (digits(&p, 2, &d) || *p || d > 23)
			return -1;
		*v = d;
		return 0;
	}
}

int
kpi_key_parse(struct ts_kpi *k, size_t i, const char *s, int64_t *v)
{
	enum ts_kpi_key key = k->conf->by.key[i];

	if (is_string_key(key)) {
		*v = kpi_intern(k, s, strlen(s));
		return 0;
	}
	return parse_time_key(key, s, v);
}

/* ---- the aggregate ---- */

struct ts_kpi *
ts_kpi_new(const struct ts_kpi_conf *conf)
{
	struct ts_kpi *k = ts_xcalloc(1, sizeof *k);
	size_t i;

	k->conf = conf;
	k->zc = ts_xcalloc(conf->nrules, sizeof *k->zc);
	k->oc = ts_xcalloc(conf->nrules, sizeof *k->oc);
	for (i = 0; i < conf->nrules; i++) {
		memset(k->zc[i].hour, 0xff, sizeof k->zc[i].hour);
		k->oc[i].from = k->oc[i].until = INT64_MIN;
		if (i + 1 < conf->nrules)
			ts_map_put(&k->client_ix, conf->rules[i].client->id,
			    strlen(conf->rules[i].client->id),
			    (void *)(uintptr_t)(i + 1));
	}
	k->last_rule = conf->nrules - 1;
	kpi_intern(k, "", 0);
	return k;
}

struct ts_kpi *
ts_kpi_new_by(const struct ts_kpi_conf *conf, enum ts_kpi_key key)
{
	struct ts_kpi_conf *own = ts_xmalloc(sizeof *own);
	struct ts_kpi *k;

	*own = *conf;
	own->by.n = 1;
	own->by.key[0] = key;
	snprintf(own->by.name[0], sizeof own->by.name[0], "%s",
	    key_names[key]);
	k = ts_kpi_new(own);
	k->own = own;
	return k;
}

struct ts_kpi *
ts_kpi_regroup(struct ts_kpi *k, enum ts_kpi_key key)
{
	struct ts_kpi *r;
	struct group *g;
	int64_t v;
	size_t i, at;

	for (at = 0; at < k->conf->by.n; at++)
		if (k->conf->by.key[at] == key)
			break;
	if (at == k->conf->by.n)
		return NULL;
	r = ts_kpi_new_by(k->conf, key);
	for (i = 0; i < k->ng; i++) {
		v = k->g[i].key[at];
		if (is_string_key(key))
			v = kpi_intern(r, k->str[v], strlen(k->str[v]));
		g = kpi_group(r, &v);
		counters_add(&g->n, &k->g[i].n);
		hist_merge(&g->h, &k->g[i].h);
	}
	r->calls = k->calls;
	return r;
}

void
ts_kpi_free(struct ts_kpi *k)
{
	size_t i;

	if (!k)
		return;
	free(k->own);
	for (i = 0; i < k->ng; i++)
		hist_release(&k->g[i].h);
	free(k->g);
	free(k->slots);
	for (i = 0; i < k->nstr; i++)
		free(k->str[i]);
	free(k->str);
	ts_map_release(&k->strs);
	ts_map_release(&k->client_ix);
	free(k->zc);
	free(k->oc);
	free(k);
}

long
ts_kpi_calls(const struct ts_kpi *k)
{
	return k->calls;
}

int64_t
kpi_intern(struct ts_kpi *k, const char *s, size_t n)
{
	void *v = ts_map_get(&k->strs, s, n);
	char *copy;

	if (v)
		return (int64_t)(uintptr_t)v - 1;
	TS_GROW(k->str, k->nstr + 1, k->capstr);
	copy = ts_xstrndup(s, n);
	k->str[k->nstr] = copy;
	ts_map_put(&k->strs, copy, n, (void *)(uintptr_t)(k->nstr + 1));
	return (int64_t)k->nstr++;
}

static uint64_t
key_hash(const int64_t *key, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (uint64_t)key[i];
		h *= 0xbf58476d1ce4e5b9ULL;
		h ^= h >> 31;
	}
	return h;
}

static void
rehash(struct ts_kpi *k)
{
	size_t i, mask;

	free(k->slots);
	k->nslots = k->nslots ? k->nslots * 2 : 64;
	k->slots = ts_xcalloc(k->nslots, sizeof *k->slots);
	mask = k->nslots - 1;
	for (i = 0; i < k->ng; i++) {
		size_t s = key_hash(k->g[i].key, k->conf->by.n) & mask;

		while (k->slots[s])
			s = (s + 1) & mask;
		k->slots[s] = (uint32_t)(i + 1);
	}
}

struct group *
kpi_group(struct ts_kpi *k, const int64_t *key)
{
	size_t nk = k->conf->by.n, s, mask, i;
	struct group *g;

	if ((k->ng + 1) * 2 > k->nslots)
		rehash(k);
	mask = k->nslots - 1;
	s = key_hash(key, nk) & mask;
	while (k->slots[s]) {
		g = &k->g[k->slots[s] - 1];
		for (i = 0; i < nk && g->key[i] == key[i]; i++)
			;
		if (i == nk)
			return g;
		s = (s + 1) & mask;
	}
	TS_GROW(k->g, k->ng + 1, k->capg);
	g = &k->g[k->ng];
	memset(g, 0, sizeof *g);
	memcpy(g->key, key, nk * sizeof *key);
	k->slots[s] = (uint32_t)++k->ng;
	k->sorted = 0;
	return g;
}

/* The rule index of a call, remembering the last client seen. */
static size_t
rule_of(struct ts_kpi *k, const char *client)
{
	void *v;

	if (strcmp(client, k->last_client) == 0)
		return k->last_rule;
	v = client[0] ? ts_map_get(&k->client_ix, client, strlen(client)) :
	    NULL;
	k->last_rule = v ? (size_t)(uintptr_t)v - 1 : k->conf->nrules - 1;
	snprintf(k->last_client, sizeof k->last_client, "%s", client);
	return k->last_rule;
}

/* The offset of zone tz at t, cached by hour. */
static int32_t
offset_at(struct zcache *zc, const struct ts_tz *tz, int64_t t)
{
	int64_t h = t >= 0 ? t / 3600 : -((-t + 3599) / 3600);
	size_t i = (size_t)h & (ZCACHE - 1);
	int32_t a, b;

	if (zc->hour[i] == h)
		return zc->off[i];
	a = ts_tz_offset(tz, h * 3600);
	b = ts_tz_offset(tz, h * 3600 + 3599);
	if (a != b)
		return ts_tz_offset(tz, t);
	zc->hour[i] = h;
	zc->off[i] = a;
	return a;
}

static int
out_of_hours(struct ts_kpi *k, size_t ri, int64_t t)
{
	const struct ts_kpi_rules *r = &k->conf->rules[ri];
	struct ocache *oc = &k->oc[ri];
	struct ts_open_state st;

	if (!r->client)
		return 0;
	if (t >= oc->from && t < oc->until)
		return !oc->open;
	ts_calendar_state(r->client, r->tz, t, &st);
	oc->open = st.state == TS_OPEN;
	oc->from = t;
	oc->until = st.until != TS_TIME_NONE ? st.until : t + 86400;
	return !oc->open;
}

static void
count(struct group *g, const struct ts_kpi_class *c)
{
	struct counters *n = &g->n;

	n->offered++;
	n->answered += c->answered;
	n->voicemail += c->voicemail;
	n->abandoned += c->abandoned;
	n->timeout += c->timeout;
	n->busy += c->busy;
	n->failed += c->failed;
	n->short_abandoned += c->short_abandoned;
	n->in_threshold += c->in_threshold;
	n->out_of_hours += c->out_of_hours;
	n->sl_num += c->sl_num;
	n->sl_den += c->sl_den;
	n->ab_num += c->ab_num;
	n->ab_den += c->ab_den;
	if (c->answered) {
		n->wait_answered += c->wait;
		n->talk += c->talk;
	}
	if (c->waited) {
		n->waited++;
		n->wait_sum += c->wait;
		if (c->wait > n->wait_max)
			n->wait_max = c->wait;
		hist_add(&g->h, c->wait, 1);
	}
}

int
ts_kpi_add(struct ts_kpi *k, const struct ts_call *c)
{
	const struct ts_kpi_conf *conf = k->conf;
	size_t ri = rule_of(k, c->client), i;
	const struct ts_kpi_rules *r = &conf->rules[ri];
	struct ts_kpi_class cl;
	int64_t key[TS_KPI_MAXBY];
	int32_t off = 0;
	int have_off = 0;

	if (outside(conf, r, c, &cl))
		return 0;
	classify(conf, r, c, &cl);
	cl.out_of_hours = out_of_hours(k, ri, c->start);
	for (i = 0; i < conf->by.n; i++) {
		enum ts_kpi_key kk = conf->by.key[i];
		const char *s;

		if (is_string_key(kk)) {
			s = string_of(c, kk);
			key[i] = kpi_intern(k, s, strlen(s));
			continue;
		}
		if (!have_off) {
			off = offset_at(&k->zc[ri], r->tz, c->start);
			have_off = 1;
		}
		key[i] = time_key(kk, c->start, off);
	}
	count(kpi_group(k, key), &cl);
	k->calls++;
	return 1;
}

void
counters_add(struct counters *a, const struct counters *b)
{
	a->offered += b->offered;
	a->answered += b->answered;
	a->voicemail += b->voicemail;
	a->abandoned += b->abandoned;
	a->timeout += b->timeout;
	a->busy += b->busy;
	a->failed += b->failed;
	a->short_abandoned += b->short_abandoned;
	a->in_threshold += b->in_threshold;
	a->out_of_hours += b->out_of_hours;
	a->sl_num += b->sl_num;
	a->sl_den += b->sl_den;
	a->ab_num += b->ab_num;
	a->ab_den += b->ab_den;
	a->wait_answered += b->wait_answered;
	a->talk += b->talk;
	a->waited += b->waited;
	a->wait_sum += b->wait_sum;
	if (b->wait_max > a->wait_max)
		a->wait_max = b->wait_max;
}

void
ts_kpi_merge(struct ts_kpi *dst, const struct ts_kpi *src)
{
	const struct ts_kpi_conf *conf = dst->conf;
	int64_t key[TS_KPI_MAXBY];
	size_t i, j;
	struct group *g;

	for (i = 0; i < src->ng; i++) {
		const struct group *sg = &src->g[i];

		for (j = 0; j < conf->by.n; j++) {
			const char *s;

			key[j] = sg->key[j];
			if (!is_string_key(conf->by.key[j]))
				continue;
			s = src->str[sg->key[j]];
			key[j] = kpi_intern(dst, s, strlen(s));
		}
		g = kpi_group(dst, key);
		counters_add(&g->n, &sg->n);
		hist_merge(&g->h, &sg->h);
	}
	dst->calls += src->calls;
}

/* ---- sorting ---- */

static const struct ts_kpi *sort_k;

static int
group_cmp(const void *a, const void *b)
{
	const struct group *x = a, *y = b;
	const struct ts_kpi_conf *conf = sort_k->conf;
	size_t i;
	int d;

	for (i = 0; i < conf->by.n; i++) {
		if (x->key[i] == y->key[i])
			continue;
		if (is_string_key(conf->by.key[i])) {
			d = strcmp(sort_k->str[x->key[i]],
			    sort_k->str[y->key[i]]);
			if (d)
				return d;
			continue;
		}
		return x->key[i] < y->key[i] ? -1 : 1;
	}
	return 0;
}

void
kpi_sort(struct ts_kpi *k)
{
	if (k->sorted)
		return;
	/* qsort has no context argument in C11: one sort at a time. */
	sort_k = k;
	if (k->ng > 1)
		qsort(k->g, k->ng, sizeof *k->g, group_cmp);
	sort_k = NULL;
	k->nslots = k->nslots / 2;
	rehash(k);
	k->sorted = 1;
}
