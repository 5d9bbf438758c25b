/*
 * ts_kpi_report.c - what is made of the groups: report records, figures,
 * partial aggregates and their merge, the settings, contract checks.
 *
 * The columns, with their exact meanings (man/ts-kpi.1 says the same):
 *   offered          calls whose start is in the period
 *   answered         status answered (a person; a voicemail is not)
 *   answer_rate      answered / offered
 *   short_abandoned  status abandoned or missed with wait_s < S
 *   service_level    by the client's formula, default
 *                    answered with wait_s <= T / (offered - short_abandoned)
 *   asa_s            sum of wait_s of answered calls / answered
 *   avg_talk_s       talk_s / answered
 *   abandoned        status abandoned or missed
 *   voicemail, busy, failed, timeout   by status
 *   abandon_rate     (abandoned - short_abandoned) /
 *                    (offered - short_abandoned)
 *   wait_p50_s, wait_p90_s, max_wait_s  nearest-rank percentiles and
 *                    maximum of wait_s over offered calls but busy and
 *                    failed ones (they never waited)
 *   talk_s           sum of talk_s of answered calls
 *   out_of_hours     calls that started outside the client's hours
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ts_kpi_impl.h"
#include "ts_mem.h"
#include "banned.h"

#define PARTIAL_MARK "kpi_partial"
#define PARTIAL_VERSION "1"

static const char *const col_en[] = {
	"offered", "answered", "answer_rate", "short_abandoned",
	"service_level", "asa_s", "avg_talk_s", "abandoned", "voicemail",
	"busy", "failed", "abandon_rate", "wait_p50_s", "wait_p90_s",
	"max_wait_s", "talk_s", "out_of_hours", "timeout"
};

static const char *const col_fr[] = {
	"appels offerts", "décrochés", "taux de décroché", "abandons courts",
	"qualité de service", "temps moyen d'attente (s)",
	"durée moyenne de communication (s)", "abandons", "messagerie",
	"occupé", "échecs", "taux d'abandon", "attente médiane (s)",
	"attente 90e centile (s)", "attente max (s)",
	"temps de communication (s)", "hors horaires", "débordements"
};

static const char *const key_fr[TS_KPI_NKEYS] = {
	"client", "SDA", "file", "agent", "heure", "jour", "semaine", "mois",
	"jour de la semaine", "heure du jour"
};

#define NCOLS (sizeof col_en / sizeof col_en[0])

static const char *const partial_cols[] = {
	PARTIAL_MARK, "offered", "answered", "voicemail", "abandoned",
	"timeout", "busy", "failed", "short_abandoned", "in_threshold",
	"out_of_hours", "sl_num", "sl_den", "ab_num", "ab_den",
	"wait_answered_s", "talk_s", "waited", "wait_sum_s", "max_wait_s",
	"waits"
};
#define NPARTIAL (sizeof partial_cols / sizeof partial_cols[0])

size_t
ts_kpi_report_columns(const struct ts_kpi *k, enum ts_kpi_lang lang,
    const char **names, size_t max)
{
	const struct ts_kpi_by *by = &k->conf->by;
	size_t n = 0, i;

	for (i = 0; i < by->n && n < max; i++)
		names[n++] = lang == TS_KPI_FR ? key_fr[by->key[i]] :
		    by->name[i];
	for (i = 0; i < NCOLS && n < max; i++)
		names[n++] = lang == TS_KPI_FR ? col_fr[i] : col_en[i];
	return n;
}

static uint64_t
rank_of(int64_t n, int p)
{
	return (uint64_t)((n * p + 99) / 100);
}

static void
figures(const struct ts_kpi *k, const struct group *g, char keys[][64],
    struct ts_kpi_figures *f)
{
	const struct counters *n = &g->n;
	size_t i;

	memset(f, 0, sizeof *f);
	for (i = 0; i < k->conf->by.n; i++) {
		kpi_key_format(k, i, g->key[i], keys[i], 64);
		f->key[i] = keys[i];
	}
	f->offered = n->offered;
	f->answered = n->answered;
	f->voicemail = n->voicemail;
	f->abandoned = n->abandoned;
	f->timeout = n->timeout;
	f->busy = n->busy;
	f->failed = n->failed;
	f->short_abandoned = n->short_abandoned;
	f->out_of_hours = n->out_of_hours;
	f->talk_s = n->talk;
	f->sl_num = (double)n->sl_num;
	f->sl_den = (double)n->sl_den;
	f->ab_num = (double)n->ab_num;
	f->ab_den = (double)n->ab_den;
	f->asa_s = n->answered ? (double)n->wait_answered / n->answered : NAN;
	f->avg_talk_s = n->answered ? (double)n->talk / n->answered : NAN;
	f->wait_p50 = n->waited ? hist_rank(&g->h, rank_of(n->waited, 50)) : -1;
	f->wait_p90 = n->waited ? hist_rank(&g->h, rank_of(n->waited, 90)) : -1;
	f->max_wait = n->waited ? n->wait_max : -1;
	f->hist = g->h.c;
	f->nhist = g->h.n;
	for (i = 0; i < g->h.nover; i++)
		f->over_n += (int64_t)g->h.over[i].n;
}

static void
opt_real(struct ts_writer *w, double v)
{
	if (isnan(v))
		ts_writer_null(w);
	else
		ts_writer_real(w, v, 1);
}

static void
opt_int(struct ts_writer *w, int64_t v)
{
	if (v < 0)
		ts_writer_null(w);
	else
		ts_writer_int(w, v);
}

static int
write_one(const struct ts_kpi_figures *f, void *ctx)
{
	struct ts_writer *w = ctx;
	size_t i;

	for (i = 0; i < TS_KPI_MAXBY && f->key[i]; i++)
		ts_writer_str(w, f->key[i]);
	ts_writer_int(w, f->offered);
	ts_writer_int(w, f->answered);
	ts_writer_rate(w, (double)f->answered, (double)f->offered);
	ts_writer_int(w, f->short_abandoned);
	ts_writer_rate(w, f->sl_num, f->sl_den);
	opt_real(w, f->asa_s);
	opt_real(w, f->avg_talk_s);
	ts_writer_int(w, f->abandoned);
	ts_writer_int(w, f->voicemail);
	ts_writer_int(w, f->busy);
	ts_writer_int(w, f->failed);
	ts_writer_rate(w, f->ab_num, f->ab_den);
	opt_int(w, f->wait_p50);
	opt_int(w, f->wait_p90);
	opt_int(w, f->max_wait);
	ts_writer_int(w, f->talk_s);
	ts_writer_int(w, f->out_of_hours);
	ts_writer_int(w, f->timeout);
	return ts_writer_end(w) < 0 ? -1 : 0;
}

int
ts_kpi_each(struct ts_kpi *k,
    int (*fn)(const struct ts_kpi_figures *f, void *ctx), void *ctx)
{
	char keys[TS_KPI_MAXBY][64];
	struct ts_kpi_figures f;
	size_t i;
	int rc;

	kpi_sort(k);
	for (i = 0; i < k->ng; i++) {
		figures(k, &k->g[i], keys, &f);
		if ((rc = fn(&f, ctx)) != 0)
			return rc;
	}
	return 0;
}

int
ts_kpi_write(struct ts_kpi *k, struct ts_writer *w)
{
	return ts_kpi_each(k, write_one, w);
}

/*
 * The figures of all groups together.  The histogram and counters live in
 * a static group until the next call (the HTML report uses them at once).
 */
void
ts_kpi_total(struct ts_kpi *k, struct ts_kpi_figures *f)
{
	static struct group all;
	static char nokeys[TS_KPI_MAXBY][64];
	size_t i;
	struct ts_kpi_conf conf = *k->conf;
	struct ts_kpi tmp;

	hist_release(&all.h);
	memset(&all, 0, sizeof all);
	for (i = 0; i < k->ng; i++) {
		counters_add(&all.n, &k->g[i].n);
		hist_merge(&all.h, &k->g[i].h);
	}
	conf.by.n = 0;
	memset(&tmp, 0, sizeof tmp);
	tmp.conf = &conf;
	figures(&tmp, &all, nokeys, f);
}

/* ---- partial aggregates ---- */

static void
write_hist(struct ts_writer *w, const struct hist *h, struct ts_buf *b)
{
	uint32_t i;
	size_t j;
	char item[48];

	ts_buf_reset(b);
	for (i = 0; i < h->n; i++) {
		if (!h->c[i])
			continue;
		snprintf(item, sizeof item, "%s%u:%u", b->len ? " " : "", i,
		    h->c[i]);
		ts_buf_addstr(b, item);
	}
	for (j = 0; j < h->nover; j++) {
		snprintf(item, sizeof item, "%s%lld:%llu", b->len ? " " : "",
		    (long long)h->over[j].v,
		    (unsigned long long)h->over[j].n);
		ts_buf_addstr(b, item);
	}
	ts_writer_strn(w, b->buf ? b->buf : "", b->len);
}

int
ts_kpi_partial_write(struct ts_kpi *k, struct ts_writer *w)
{
	const char *names[TS_KPI_MAXBY + NPARTIAL];
	struct ts_buf b = TS_BUF_INIT;
	char key[64];
	size_t i, j, n = 0;
	int rc = 0;

	for (i = 0; i < k->conf->by.n; i++)
		names[n++] = k->conf->by.name[i];
	for (i = 0; i < NPARTIAL; i++)
		names[n++] = partial_cols[i];
	ts_writer_columns(w, names, n);
	kpi_sort(k);
	for (i = 0; i < k->ng && rc == 0; i++) {
		const struct group *g = &k->g[i];
		const struct counters *c = &g->n;
		const int64_t v[] = { c->offered, c->answered, c->voicemail,
		    c->abandoned, c->timeout, c->busy, c->failed,
		    c->short_abandoned, c->in_threshold, c->out_of_hours,
		    c->sl_num, c->sl_den, c->ab_num, c->ab_den,
		    c->wait_answered, c->talk, c->waited, c->wait_sum,
		    c->wait_max };

		for (j = 0; j < k->conf->by.n; j++) {
			kpi_key_format(k, j, g->key[j], key, sizeof key);
			ts_writer_str(w, key);
		}
		ts_writer_str(w, PARTIAL_VERSION);
		for (j = 0; j < sizeof v / sizeof v[0]; j++)
			ts_writer_int(w, v[j]);
		write_hist(w, &g->h, &b);
		rc = ts_writer_end(w);
	}
	ts_buf_release(&b);
	return rc;
}

int
ts_kpi_partial_by(struct ts_reader *r, struct ts_kpi_by *by,
    struct ts_error *err)
{
	int mark = ts_reader_col(r, PARTIAL_MARK);
	struct ts_buf b = TS_BUF_INIT;
	int i, rc;

	if (mark < 0)
		return ts_error_at(err, TS_EXIT_FAIL, ts_reader_source(r), 1, 0,
		    "not a partial aggregate of ts-kpi (no '%s' column)",
		    PARTIAL_MARK);
	for (i = 0; i < mark; i++) {
		if (i)
			ts_buf_addch(&b, ',');
		ts_buf_addstr(&b, ts_reader_colname(r, (size_t)i));
	}
	rc = ts_kpi_by_parse(b.buf ? b.buf : "", by, err);
	ts_buf_release(&b);
	if (rc < 0)
		ts_error_locate(err, ts_reader_source(r), 1, 0);
	return rc;
}

static int
parse_i64(const char *s, int64_t *v)
{
	char *end;
	long long x;

	if (!*s)
		return -1;
	x = strtoll(s, &end, 10);
	if (*end || x < 0)
		return -1;
	*v = x;
	return 0;
}

static int
read_hist(struct hist *h, const char *s)
{
	char *end;
	long long v;
	unsigned long long n;

	while (*s) {
		v = strtoll(s, &end, 10);
		if (end == s || *end != ':' || v < 0)
			return -1;
		s = end + 1;
		n = strtoull(s, &end, 10);
		if (end == s || (*end && *end != ' '))
			return -1;
		hist_add(h, v, n);
		s = *end ? end + 1 : end;
	}
	return 0;
}

/* Checks the header: the same keys as k's, then the partial columns. */
static int
partial_header(struct ts_kpi *k, struct ts_reader *r, struct ts_error *err)
{
	size_t nk = k->conf->by.n, i;
	enum ts_kpi_key key;

	if (ts_reader_ncols(r) != nk + NPARTIAL)
		goto bad;
	for (i = 0; i < nk; i++) {
		const char *name = ts_reader_colname(r, i);

		if (kpi_key_lookup(name, &key) < 0 ||
		    key != k->conf->by.key[i])
			goto bad;
	}
	for (i = 0; i < NPARTIAL; i++)
		if (strcmp(ts_reader_colname(r, nk + i), partial_cols[i]) != 0)
			goto bad;
	return 0;
bad:
	return ts_error_at(err, TS_EXIT_FAIL, ts_reader_source(r), 1, 0,
	    "not a partial aggregate of ts-kpi with the same --by keys");
}

static int
partial_row(struct ts_kpi *k, const struct ts_rec *rec)
{
	size_t nk = k->conf->by.n, i;
	int64_t key[TS_KPI_MAXBY], v[19];
	struct group *g;
	struct counters *c;

	for (i = 0; i < nk; i++)
		if (kpi_key_parse(k, i, rec->f[i], &key[i]) < 0)
			return -1;
	if (strcmp(rec->f[nk], PARTIAL_VERSION) != 0)
		return -1;
	for (i = 0; i < 19; i++)
		if (parse_i64(rec->f[nk + 1 + i], &v[i]) < 0)
			return -1;
	g = kpi_group(k, key);
	c = &g->n;
	{
		struct counters add = { v[0], v[1], v[2], v[3], v[4], v[5],
		    v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14],
		    v[15], v[16], v[17], v[18] };

		counters_add(c, &add);
		k->calls += (long)v[0];
	}
	return read_hist(&g->h, rec->f[nk + NPARTIAL - 1]);
}

int
ts_kpi_partial_read(struct ts_kpi *k, struct ts_reader *r,
    struct ts_error *err)
{
	struct ts_rec rec;
	int rc;

	if (partial_header(k, r, err) < 0)
		return -1;
	while ((rc = ts_reader_next(r, &rec, err)) != 0) {
		if (rc < 0)
			return -1;
		if (rec.n != ts_reader_ncols(r) || partial_row(k, &rec) < 0)
			return ts_error_at(err, TS_EXIT_FAIL,
			    ts_reader_source(r), rec.line, 0,
			    "bad partial aggregate record");
	}
	return 0;
}

/* ---- settings ---- */

static const char *const settings_cols[] = {
	"client", "timezone", "sl_threshold_s", "short_abandon_s",
	"sl_formula", "clock_start", "sl_target", "answer_rate_target",
	"abandon_rate_target", "asa_target_s", "period_from", "period_to"
};

static void
opt_rate(struct ts_writer *w, double v)
{
	if (isnan(v))
		ts_writer_null(w);
	else
		ts_writer_rate(w, v, 1);
}

static void
opt_time(struct ts_writer *w, int64_t t, const struct ts_tz *tz)
{
	char buf[TS_ISO_MAX];

	if (t == INT64_MIN || t == INT64_MAX) {
		ts_writer_null(w);
		return;
	}
	ts_time_iso(t, tz, buf);
	ts_writer_str(w, buf);
}

int
ts_kpi_settings_write(const struct ts_kpi_conf *conf, struct ts_writer *w)
{
	size_t i;
	int64_t t, s;
	enum ts_sl_formula f;

	ts_writer_columns(w, settings_cols,
	    sizeof settings_cols / sizeof settings_cols[0]);
	for (i = 0; i < conf->nrules; i++) {
		const struct ts_kpi_rules *r = &conf->rules[i];

		if (conf->only_client && (!r->client ||
		    strcmp(r->client->id, conf->only_client) != 0))
			continue;
		kpi_effective(conf, r, &t, &s, &f);
		ts_writer_str(w, r->client ? r->client->id : "");
		ts_writer_str(w, ts_tz_name(r->tz));
		ts_writer_int(w, t);
		ts_writer_int(w, s);
		ts_writer_str(w, ts_kpi_formula_name(f));
		ts_writer_str(w, ts_kpi_clock_name(r->sla.clock_start));
		opt_rate(w, r->sla.service_level);
		opt_rate(w, r->sla.answer_rate);
		opt_rate(w, r->sla.abandon_rate);
		if (isnan(r->sla.asa_s))
			ts_writer_null(w);
		else
			ts_writer_real(w, r->sla.asa_s, 1);
		opt_time(w, r->from, r->tz);
		opt_time(w, r->to, r->tz);
		if (ts_writer_end(w) < 0)
			return -1;
	}
	return 0;
}

static void
pct(char *buf, size_t n, double v)
{
	if (isnan(v))
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%.1f %%", v * 100);
}

void
ts_kpi_settings_print(const struct ts_kpi_conf *conf, enum ts_kpi_lang lang,
    FILE *out)
{
	size_t i;
	int64_t t, s;
	enum ts_sl_formula f;
	char sl[16], ar[16], ab[16], asa[24];
	int fr = lang == TS_KPI_FR;

	fprintf(out, "\n%s\n", fr ? "Paramètres (chaque chiffre se recalcule "
	    "avec eux ; voir ts-kpi(1)) :" : "Settings (every figure can be "
	    "re-derived with them; see ts-kpi(1)):");
	for (i = 0; i < conf->nrules; i++) {
		const struct ts_kpi_rules *r = &conf->rules[i];

		if (conf->only_client && (!r->client ||
		    strcmp(r->client->id, conf->only_client) != 0))
			continue;
		kpi_effective(conf, r, &t, &s, &f);
		pct(sl, sizeof sl, r->sla.service_level);
		pct(ar, sizeof ar, r->sla.answer_rate);
		pct(ab, sizeof ab, r->sla.abandon_rate);
		if (isnan(r->sla.asa_s))
			snprintf(asa, sizeof asa, "-");
		else
			snprintf(asa, sizeof asa, "%.0f s", r->sla.asa_s);
		fprintf(out, fr ? "  %s : fuseau %s, T = %llds, S = %llds, "
		    "formule %s, début de l'attente %s ; objectifs QS %s, "
		    "décroché %s, abandon max %s, attente moy. max %s\n" :
		    "  %s: zone %s, T = %llds, S = %llds, formula %s, "
		    "clock from %s; targets SL %s, answer rate %s, "
		    "abandon rate max %s, ASA max %s\n",
		    r->client ? r->client->id : (fr ? "(sans client)" :
		    "(no client)"), ts_tz_name(r->tz), (long long)t,
		    (long long)s, ts_kpi_formula_name(f),
		    ts_kpi_clock_name(r->sla.clock_start), sl, ar, ab, asa);
	}
}

/* ---- contract checks ---- */

static int
breach(void (*fn)(const struct ts_kpi_breach *, void *), void *ctx,
    const char *client, const char *measure, double target, double actual,
    int is_rate)
{
	struct ts_kpi_breach b = { client, measure, target, actual, is_rate };

	fn(&b, ctx);
	return 1;
}

int
ts_kpi_check(struct ts_kpi *k,
    void (*fn)(const struct ts_kpi_breach *b, void *ctx), void *ctx)
{
	char keys[TS_KPI_MAXBY][64];
	struct ts_kpi_figures f;
	const struct ts_kpi_rules *r;
	struct ts_call probe;
	size_t i;
	int n = 0;

	kpi_sort(k);
	for (i = 0; i < k->ng; i++) {
		figures(k, &k->g[i], keys, &f);
		snprintf(probe.client, sizeof probe.client, "%s", f.key[0]);
		r = ts_kpi_rules_of(k->conf, &probe);
		if (!r->client)
			continue;
		if (f.sl_den > 0 && f.sl_num / f.sl_den < r->sla.service_level)
			n += breach(fn, ctx, f.key[0], "service_level",
			    r->sla.service_level, f.sl_num / f.sl_den, 1);
		if (f.offered > 0 && (double)f.answered / f.offered <
		    r->sla.answer_rate)
			n += breach(fn, ctx, f.key[0], "answer_rate",
			    r->sla.answer_rate, (double)f.answered / f.offered,
			    1);
		if (f.ab_den > 0 && f.ab_num / f.ab_den > r->sla.abandon_rate)
			n += breach(fn, ctx, f.key[0], "abandon_rate",
			    r->sla.abandon_rate, f.ab_num / f.ab_den, 1);
		if (f.answered > 0 && f.asa_s > r->sla.asa_s)
			n += breach(fn, ctx, f.key[0], "asa_s", r->sla.asa_s,
			    f.asa_s, 0);
	}
	return n;
}
