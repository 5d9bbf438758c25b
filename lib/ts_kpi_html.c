/*
 * ts_kpi_html.c - the HTML report (see ts_kpi.h): one self-contained page,
 * well-formed enough to be read as XML too (a test checks it), with inline
 * CSS for the screen and for A4 paper and inline SVG charts.  No script,
 * no font, nothing fetched: it reads offline and prints as it shows.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ts_kpi_impl.h"
#include "banned.h"

#define W 640		/* chart width, in SVG units */
#define H 220		/* chart height */
#define ML 44		/* left margin: the axis labels */
#define MB 28		/* bottom margin */

struct page {
	const struct ts_kpi_html *h;
	FILE *out;
	int fr;
};

static void
esc(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		default: fputc(*s, out);
		}
	}
}

static const char *
tr(const struct page *p, const char *en, const char *fr)
{
	return p->fr ? fr : en;
}

static void
rate(FILE *out, double num, double den)
{
	if (den > 0)
		fprintf(out, "%.1f&#160;%%", num / den * 100);
	else
		fputs("&#8211;", out);
}

static const char css[] =
"body{font-family:sans-serif;margin:1.5em;color:#222;max-width:60em}"
"h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.6em}"
"table{border-collapse:collapse;font-size:.8em}"
"th,td{border:1px solid #bbb;padding:.2em .4em;text-align:right}"
"th:first-child,td:first-child{text-align:left}"
"td.bad{background:#f6d5d5}td.good{background:#d9efd9}"
"svg{max-width:100%;height:auto}"
".axis{stroke:#555;stroke-width:1}.grid{stroke:#ddd;stroke-width:1}"
".off{fill:#9bb7d4}.ans{fill:#2f6ea5}.sl{fill:none;stroke:#2f6ea5;"
"stroke-width:2}.tgt{stroke:#c0392b;stroke-width:1.5;"
"stroke-dasharray:6 4}.wait{fill:#6a9955}"
"text{font-size:11px;fill:#333}.legend{font-size:12px}"
"footer{font-size:.75em;color:#555;margin-top:2em}"
"@page{size:A4;margin:15mm}"
"@media print{body{margin:0;max-width:none}section{break-inside:avoid}"
"table{font-size:7pt}}";

static void
head(struct page *p)
{
	FILE *out = p->out;

	fputs("<!DOCTYPE html>\n", out);
	fprintf(out, "<html xmlns=\"http://www.w3.org/1999/xhtml\" "
	    "lang=\"%s\">\n<head>\n<meta charset=\"utf-8\"/>\n"
	    "<meta name=\"viewport\" content=\"width=device-width\"/>\n"
	    "<title>", p->fr ? "fr" : "en");
	esc(out, tr(p, "Activity and service level", "Activité et qualité "
	    "de service"));
	fprintf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", css);
	if (p->h->title && *p->h->title) {
		esc(out, p->h->title);
		fputs(" &#8212; ", out);
	}
	esc(out, tr(p, "activity and service level", "activité et qualité de "
	    "service"));
	fputs("</h1>\n", out);
}

/* ---- the summary against the targets ---- */

static void
cell_rate(struct page *p, double num, double den, double target, int max)
{
	const char *cls = "";

	if (den > 0 && !isnan(target))
		cls = (max ? num / den > target : num / den < target) ?
		    " class=\"bad\"" : " class=\"good\"";
	fprintf(p->out, "<td%s>", cls);
	rate(p->out, num, den);
	if (!isnan(target))
		fprintf(p->out, " <small>(%s%.0f&#160;%%)</small>",
		    max ? "&#8804;" : "&#8805;", target * 100);
	fputs("</td>", p->out);
}

static int
summary_row(const struct ts_kpi_figures *f, void *ctx)
{
	struct page *p = ctx;
	const struct ts_kpi_rules *r = ts_kpi_rules_by_id(p->h->conf,
	    f->key[0]);
	const struct ts_sla *s = &r->sla;
	const char *cls = "";

	fputs("<tr><td>", p->out);
	esc(p->out, f->key[0][0] ? f->key[0] : tr(p, "(no client)",
	    "(sans client)"));
	fprintf(p->out, "</td><td>%lld</td>", (long long)f->offered);
	cell_rate(p, (double)f->answered, (double)f->offered, s->answer_rate,
	    0);
	cell_rate(p, f->sl_num, f->sl_den, s->service_level, 0);
	cell_rate(p, f->ab_num, f->ab_den, s->abandon_rate, 1);
	if (f->answered && !isnan(s->asa_s))
		cls = f->asa_s > s->asa_s ? " class=\"bad\"" :
		    " class=\"good\"";
	fprintf(p->out, "<td%s>", cls);
	if (f->answered)
		fprintf(p->out, "%.1f&#160;s", f->asa_s);
	else
		fputs("&#8211;", p->out);
	if (!isnan(s->asa_s))
		fprintf(p->out, " <small>(&#8804;%.0f&#160;s)</small>",
		    s->asa_s);
	fputs("</td></tr>\n", p->out);
	return 0;
}

static void
summary(struct page *p)
{
	if (!p->h->by_client)
		return;
	fprintf(p->out, "<section id=\"summary\">\n<h2>%s</h2>\n<table>\n"
	    "<tr><th>client</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
	    "<th>%s</th></tr>\n", tr(p, "Summary against the targets",
	    "Synthèse par rapport aux objectifs"), tr(p, "offered",
	    "offerts"), tr(p, "answer rate", "taux de décroché"),
	    tr(p, "service level", "qualité de service"), tr(p, "abandon rate",
	    "taux d'abandon"), tr(p, "average speed of answer",
	    "temps moyen d'attente"));
	ts_kpi_each(p->h->by_client, summary_row, p);
	fputs("</table>\n</section>\n", p->out);
}

/* ---- charts ---- */

/* A "nice" top for an axis: 1, 2 or 5 times a power of ten. */
static double
nice_top(double v)
{
	double m = 1;

	if (v <= 0)
		return 1;
	while (m * 10 <= v)
		m *= 10;
	if (v <= m)
		return m;
	if (v <= 2 * m)
		return 2 * m;
	if (v <= 5 * m)
		return 5 * m;
	return 10 * m;
}

static void
svg_open(struct page *p, const char *id, const char *title)
{
	fprintf(p->out, "<section id=\"%s\">\n<h2>", id);
	esc(p->out, title);
	fprintf(p->out, "</h2>\n<svg class=\"chart\" xmlns=\"http://www.w3.org/"
	    "2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
	    "role=\"img\"><title>", W, H + 20, W, H + 20);
	esc(p->out, title);
	fputs("</title>\n", p->out);
}

/* The y axis from 0 to top, with 4 grid lines. */
static void
y_axis(struct page *p, double top, int percent)
{
	int i;

	for (i = 0; i <= 4; i++) {
		double y = H - MB - (H - MB - 10) * i / 4.0;

		fprintf(p->out, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" "
		    "x2=\"%d\" y2=\"%.1f\"/><text x=\"%d\" y=\"%.1f\" "
		    "text-anchor=\"end\">%g%s</text>\n", ML, y, W - 4, y,
		    ML - 4, y + 4, top * i / 4, percent ? "%" : "");
	}
	fprintf(p->out, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" "
	    "y2=\"%d\"/>\n", ML, H - MB, W - 4, H - MB);
}

static int
hour_max(const struct ts_kpi_figures *f, void *ctx)
{
	double *v = ctx;

	if ((double)f->offered > *v)
		*v = (double)f->offered;
	return 0;
}

struct bars {
	struct page *p;
	double top;
};

static int
hour_bar(const struct ts_kpi_figures *f, void *ctx)
{
	struct bars *b = ctx;
	int h = (f->key[0][0] - '0') * 10 + (f->key[0][1] - '0');
	double slot = (W - ML - 8) / 24.0, x = ML + 4 + h * slot;
	double scale = (H - MB - 10) / b->top;

	fprintf(b->p->out, "<rect class=\"off\" x=\"%.1f\" y=\"%.1f\" "
	    "width=\"%.1f\" height=\"%.1f\"><title>%s %s: %lld</title></rect>"
	    "<rect class=\"ans\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
	    "height=\"%.1f\"><title>%s %s: %lld</title></rect>\n", x,
	    H - MB - f->offered * scale, slot * 0.45, f->offered * scale,
	    f->key[0], tr(b->p, "offered", "offerts"), (long long)f->offered,
	    x + slot * 0.45, H - MB - f->answered * scale, slot * 0.45,
	    f->answered * scale, f->key[0], tr(b->p, "answered", "décrochés"),
	    (long long)f->answered);
	return 0;
}

static void
legend(struct page *p, const char *c1, const char *t1, const char *c2,
    const char *t2)
{
	fprintf(p->out, "<rect class=\"%s\" x=\"%d\" y=\"%d\" width=\"10\" "
	    "height=\"10\"/><text class=\"legend\" x=\"%d\" y=\"%d\">", c1,
	    ML, H + 6, ML + 14, H + 15);
	esc(p->out, t1);
	fputs("</text>", p->out);
	if (c2) {
		fprintf(p->out, "<rect class=\"%s\" x=\"%d\" y=\"%d\" "
		    "width=\"10\" height=\"10\"/><text class=\"legend\" "
		    "x=\"%d\" y=\"%d\">", c2, ML + 200, H + 6, ML + 214,
		    H + 15);
		esc(p->out, t2);
		fputs("</text>", p->out);
	}
	fputs("\n", p->out);
}

static void
by_hour(struct page *p)
{
	struct bars b = { p, 0 };
	int h;

	if (!p->h->by_hour)
		return;
	ts_kpi_each(p->h->by_hour, hour_max, &b.top);
	b.top = nice_top(b.top);
	svg_open(p, "by-hour", tr(p, "Calls by hour of day",
	    "Appels par heure de la journée"));
	y_axis(p, b.top, 0);
	for (h = 0; h < 24; h += 3)
		fprintf(p->out, "<text x=\"%.1f\" y=\"%d\">%02d</text>\n",
		    ML + 4 + h * (W - ML - 8) / 24.0, H - MB + 14, h);
	ts_kpi_each(p->h->by_hour, hour_bar, &b);
	legend(p, "off", tr(p, "offered", "offerts"), "ans",
	    tr(p, "answered", "décrochés"));
	fputs("</svg>\n</section>\n", p->out);
}

struct line {
	struct page *p;
	size_t n, i;
	int started;
};

static int
day_count(const struct ts_kpi_figures *f, void *ctx)
{
	(void)f;
	((struct line *)ctx)->n++;
	return 0;
}

static double
day_x(const struct line *l, size_t i)
{
	return l->n > 1 ? ML + 4 + (W - ML - 12) * (double)i / (double)(l->n -
	    1) : ML + (W - ML) / 2.0;
}

static double
pct_y(double v)
{
	return H - MB - (H - MB - 10) * v;
}

static int
day_point(const struct ts_kpi_figures *f, void *ctx)
{
	struct line *l = ctx;

	if (f->sl_den > 0) {
		fprintf(l->p->out, "%c%.1f %.1f", l->started ? 'L' : 'M',
		    day_x(l, l->i), pct_y(f->sl_num / f->sl_den));
		l->started = 1;
	}
	l->i++;
	return 0;
}

static int
day_dot(const struct ts_kpi_figures *f, void *ctx)
{
	struct line *l = ctx;

	if (f->sl_den > 0)
		fprintf(l->p->out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" "
		    "class=\"ans\"><title>%s: %.1f %%</title></circle>\n",
		    day_x(l, l->i), pct_y(f->sl_num / f->sl_den), f->key[0],
		    f->sl_num / f->sl_den * 100);
	if (l->n <= 16 || l->i % ((l->n + 7) / 8) == 0)
		fprintf(l->p->out, "<text x=\"%.1f\" y=\"%d\" "
		    "text-anchor=\"middle\">%.5s</text>\n", day_x(l, l->i),
		    H - MB + 14, f->key[0] + 5);
	l->i++;
	return 0;
}

/* The target of the line: the client's, or the one all clients share. */
static double
sl_target(const struct ts_kpi_conf *conf)
{
	double t = NAN;
	size_t i;

	if (conf->only_client)
		return ts_kpi_rules_by_id(conf, conf->only_client)->
		    sla.service_level;
	for (i = 0; i + 1 < conf->nrules; i++) {
		double v = conf->rules[i].sla.service_level;

		if (isnan(v))
			continue;
		if (!isnan(t) && v != t)
			return NAN;
		t = v;
	}
	return t;
}

static void
by_day(struct page *p)
{
	struct line l = { p, 0, 0, 0 };
	double target = sl_target(p->h->conf);

	if (!p->h->by_day)
		return;
	ts_kpi_each(p->h->by_day, day_count, &l);
	svg_open(p, "sl-by-day", tr(p, "Service level per day",
	    "Qualité de service par jour"));
	y_axis(p, 100, 1);
	if (!isnan(target))
		fprintf(p->out, "<line class=\"tgt\" x1=\"%d\" y1=\"%.1f\" "
		    "x2=\"%d\" y2=\"%.1f\"/>\n", ML, pct_y(target), W - 4,
		    pct_y(target));
	fputs("<path class=\"sl\" d=\"", p->out);
	ts_kpi_each(p->h->by_day, day_point, &l);
	fputs("\"/>\n", p->out);
	l.i = 0;
	ts_kpi_each(p->h->by_day, day_dot, &l);
	legend(p, "ans", tr(p, "service level", "qualité de service"),
	    isnan(target) ? NULL : "tgt", tr(p, "target", "objectif"));
	fputs("</svg>\n</section>\n", p->out);
}

/* Waits in 5-second bars up to the 99th percentile (at least a minute). */
static void
waits(struct page *p)
{
	struct ts_kpi_figures f;
	double top = 0, counts[64], slot;
	int64_t upto, w, nb, i;

	if (!p->h->table)
		return;
	ts_kpi_total(p->h->table, &f);
	upto = f.wait_p90 < 0 ? 60 : f.max_wait;
	if (upto > (int64_t)f.nhist)
		upto = (int64_t)f.nhist;
	if (upto < 60)
		upto = 60;
	nb = (upto + 4) / 5;
	if (nb > 64)
		nb = 64;
	memset(counts, 0, sizeof counts);
	for (w = 0; w < (int64_t)f.nhist; w++)
		counts[w / 5 < nb ? w / 5 : nb - 1] += f.hist[w];
	counts[nb - 1] += (double)f.over_n;
	for (i = 0; i < nb; i++)
		if (counts[i] > top)
			top = counts[i];
	top = nice_top(top);
	svg_open(p, "waits", tr(p, "Distribution of waiting times",
	    "Répartition des temps d'attente"));
	y_axis(p, top, 0);
	slot = (W - ML - 8) / (double)nb;
	for (i = 0; i < nb; i++) {
		double hgt = counts[i] * (H - MB - 10) / top;

		fprintf(p->out, "<rect class=\"wait\" x=\"%.1f\" y=\"%.1f\" "
		    "width=\"%.1f\" height=\"%.1f\"><title>%lld-%lld s%s: %.0f"
		    "</title></rect>\n", ML + 4 + i * slot, H - MB - hgt,
		    slot * 0.85, hgt, (long long)i * 5, (long long)i * 5 + 4,
		    i == nb - 1 ? "+" : "", counts[i]);
		if (i % 4 == 0)
			fprintf(p->out, "<text x=\"%.1f\" y=\"%d\">%llds</text>"
			    "\n", ML + 4 + i * slot, H - MB + 14,
			    (long long)i * 5);
	}
	legend(p, "wait", tr(p, "calls by wait, 5-second steps (the last "
	    "bar: longer)", "appels par attente, pas de 5 s (la dernière "
	    "barre : plus long)"), NULL, NULL);
	fputs("</svg>\n</section>\n", p->out);
}

/* ---- the table ---- */

static void
num_cell(FILE *out, double v, int decimals)
{
	if (isnan(v) || v < 0)
		fputs("<td>&#8211;</td>", out);
	else
		fprintf(out, "<td>%.*f</td>", decimals, v);
}

static int
table_row(const struct ts_kpi_figures *f, void *ctx)
{
	struct page *p = ctx;
	FILE *out = p->out;
	size_t i;

	fputs("<tr>", out);
	for (i = 0; i < TS_KPI_MAXBY && f->key[i]; i++) {
		fputs("<td>", out);
		esc(out, f->key[i]);
		fputs("</td>", out);
	}
	fprintf(out, "<td>%lld</td><td>%lld</td><td>", (long long)f->offered,
	    (long long)f->answered);
	rate(out, (double)f->answered, (double)f->offered);
	fprintf(out, "</td><td>%lld</td><td>", (long long)f->short_abandoned);
	rate(out, f->sl_num, f->sl_den);
	fputs("</td>", out);
	num_cell(out, f->asa_s, 1);
	num_cell(out, f->avg_talk_s, 1);
	fprintf(out, "<td>%lld</td><td>%lld</td><td>%lld</td><td>%lld</td>"
	    "<td>", (long long)f->abandoned, (long long)f->voicemail,
	    (long long)f->busy, (long long)f->failed);
	rate(out, f->ab_num, f->ab_den);
	fputs("</td>", out);
	num_cell(out, (double)f->wait_p50, 0);
	num_cell(out, (double)f->wait_p90, 0);
	num_cell(out, (double)f->max_wait, 0);
	fprintf(out, "<td>%lld</td><td>%lld</td><td>%lld</td></tr>\n",
	    (long long)f->talk_s, (long long)f->out_of_hours,
	    (long long)f->timeout);
	return 0;
}

static void
table(struct page *p)
{
	const char *names[TS_KPI_MAXBY + 32];
	size_t n, i;

	if (!p->h->table)
		return;
	n = ts_kpi_report_columns(p->h->table, p->fr ? TS_KPI_FR : TS_KPI_EN,
	    names, sizeof names / sizeof names[0]);
	fprintf(p->out, "<section id=\"table\">\n<h2>%s</h2>\n<table>\n<tr>",
	    tr(p, "Figures", "Chiffres"));
	for (i = 0; i < n; i++) {
		fputs("<th>", p->out);
		esc(p->out, names[i]);
		fputs("</th>", p->out);
	}
	fputs("</tr>\n", p->out);
	ts_kpi_each(p->h->table, table_row, p);
	fputs("</table>\n</section>\n", p->out);
}

static void
footer(struct page *p)
{
	char buf[TS_ISO_MAX];
	size_t i;

	fprintf(p->out, "<footer>\n<p>%s</p>\n<ul>\n", tr(p, "Settings: every "
	    "figure can be re-derived with them (see ts-kpi(1)).",
	    "Paramètres : chaque chiffre se recalcule avec eux (voir "
	    "ts-kpi(1))."));
	for (i = 0; i < p->h->conf->nrules; i++) {
		const struct ts_kpi_rules *r = &p->h->conf->rules[i];
		int64_t t, s;
		enum ts_sl_formula f;

		if (p->h->conf->only_client && (!r->client ||
		    strcmp(r->client->id, p->h->conf->only_client) != 0))
			continue;
		kpi_effective(p->h->conf, r, &t, &s, &f);
		fputs("<li>", p->out);
		esc(p->out, r->client ? r->client->id : tr(p, "(no client)",
		    "(sans client)"));
		fputs(": ", p->out);
		esc(p->out, ts_tz_name(r->tz));
		fprintf(p->out, ", T = %lld s, S = %lld s, %s %s, %s %s</li>\n",
		    (long long)t, (long long)s, tr(p, "formula", "formule"),
		    ts_kpi_formula_name(f), tr(p, "clock from",
		    "début de l'attente"),
		    ts_kpi_clock_name(r->sla.clock_start));
	}
	ts_time_iso(p->h->now, p->h->conf->tz, buf);
	fprintf(p->out, "</ul>\n<p>%s %s.</p>\n</footer>\n", tr(p, "Made by "
	    "ts-kpi on", "Produit par ts-kpi le"), buf);
}

int
ts_kpi_html_write(const struct ts_kpi_html *h, FILE *out)
{
	struct page p = { h, out, h->lang == TS_KPI_FR };

	head(&p);
	summary(&p);
	by_hour(&p);
	by_day(&p);
	waits(&p);
	table(&p);
	footer(&p);
	fputs("</body>\n</html>\n", out);
	return ferror(out) ? -1 : 0;
}
