/*
 * ts_kpi_cmd.c - the runs of ts-kpi (see ts_kpi_cmd.h): options checked
 * and turned into the library's settings, inputs opened, output written,
 * exit code chosen.  For cmd/ts-kpi.c only: it prints diagnostics.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ts_cli.h"
#include "ts_erlang.h"
#include "ts_kpi.h"
#include "ts_kpi_cmd.h"
#include "banned.h"

/* Everything a run holds; released by run_release. */
struct run {
	const struct ts_kpi_opts *o;
	struct ts_config *cfg;
	struct ts_store *store;
	struct ts_kpi_conf conf;
	int have_conf;
	struct ts_kpi_source src;
	FILE *rejects;
	enum ts_fmt fmt;
	int html;
	enum ts_kpi_lang lang;
	int64_t now;
};

static const char *const commands[] = {
	"merge", "lost", "staffing", "explain", NULL
};

int
ts_kpi_is_command(const char *s)
{
	int i;

	for (i = 0; commands[i]; i++)
		if (strcmp(s, commands[i]) == 0)
			return 1;
	return 0;
}

/* A decimal number, or -1. */
static int
atoi_checked(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || *end || errno || v < 0 || v > 1000000)
		return -1;
	return (int)v;
}

static int
usage_error(const char *msg)
{
	ts_warnx("%s", msg);
	return TS_EXIT_USAGE;
}

static int
is(const char *cmd, const char *name)
{
	return cmd && strcmp(cmd, name) == 0;
}

/* Options that only some commands take. */
static int
check_opts(const struct ts_kpi_opts *o)
{
	const char *c = o->command;
	int report = !c, staffing = is(c, "staffing");

	if (o->tz && o->utc)
		return usage_error("--tz and --utc exclude each other");
	if (o->use_db && o->nfiles)
		return usage_error("--db reads the store: no input files");
	if (is(c, "merge") && o->use_db)
		return usage_error("merge reads partial aggregates, not the "
		    "store");
	if ((o->by || o->print_settings) && !report)
		return usage_error("--by and --print-settings apply to the "
		    "report");
	if (o->partial && !report && !is(c, "merge"))
		return usage_error("--partial applies to the report and "
		    "merge");
	if (o->check && !report && !is(c, "merge"))
		return usage_error("--check applies to the report");
	if (o->check && (o->partial || o->by))
		return usage_error("--check groups by client: no --by or "
		    "--partial");
	if (o->within && !is(c, "lost"))
		return usage_error("--within applies to lost");
	if ((o->agents || o->aht || o->calls || o->patience || o->target ||
	    o->wrap_up) && !staffing)
		return usage_error("--agents, --aht, --calls, --patience, "
		    "--target and --wrap-up apply to staffing");
	if (staffing && (o->calls != NULL) != (o->aht != NULL))
		return usage_error("staffing needs both --calls and --aht, or "
		    "neither (then the load is observed)");
	return 0;
}

static int
parse_seconds(const char *what, const char *s, int64_t *v)
{
	struct ts_error err = TS_ERROR_INIT;

	if (ts_duration_seconds(s, v, &err) == 0)
		return 0;
	ts_warnx("%s: %s", what, err.msg);
	return TS_EXIT_USAGE;
}

static int
output_format(struct run *r)
{
	const char *o = r->o->output;

	if (!o) {
		r->fmt = isatty(STDOUT_FILENO) ? TS_FMT_TABLE : TS_FMT_CSV;
		return 0;
	}
	if (strcmp(o, "html") == 0) {
		if (r->o->command && !is(r->o->command, "merge"))
			return usage_error("-o html is for the report and "
			    "merge");
		if (r->o->partial || r->o->check || r->o->print_settings)
			return usage_error("-o html is not for --partial, "
			    "--check or --print-settings");
		r->html = 1;
		return 0;
	}
	if (ts_fmt_parse(o, &r->fmt) < 0) {
		ts_warnx("unknown output format '%s' (csv, tsv, json, table, "
		    "html)", o);
		return TS_EXIT_USAGE;
	}
	return 0;
}

static int
language(struct run *r)
{
	const char *l = r->o->lang;

	if (!l)
		l = r->cfg->path[0] ? r->cfg->service.language : "en";
	if (strcmp(l, "fr") == 0)
		r->lang = TS_KPI_FR;
	else if (strcmp(l, "en") == 0)
		r->lang = TS_KPI_EN;
	else
		return usage_error("--lang is en or fr");
	return 0;
}

/* --threshold, --short-abandon, --formula over every client's. */
static int
overrides(struct run *r)
{
	const struct ts_kpi_opts *o = r->o;
	enum ts_sl_formula f;
	int rc;

	if (o->threshold && !is(o->command, "staffing") &&
	    (rc = parse_seconds("--threshold", o->threshold,
	    &r->conf.override_t)))
		return rc;
	if (o->short_abandon && (rc = parse_seconds("--short-abandon",
	    o->short_abandon, &r->conf.override_s)))
		return rc;
	if (o->formula) {
		if (ts_kpi_formula_parse(o->formula, &f) < 0) {
			ts_warnx("unknown formula '%s' (net-of-short, "
			    "answered, offered, answered-and-abandoned, "
			    "abandons-met, late-abandons)", o->formula);
			return TS_EXIT_USAGE;
		}
		r->conf.override_formula = (int)f;
	}
	return 0;
}

static int
make_conf(struct run *r, const char *by_text)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_kpi_by by;
	const struct ts_tz *tz;
	int rc;

	if ((rc = ts_cli_zone(r->o->tz, r->o->utc, r->cfg, &tz)))
		return rc;
	if (ts_kpi_by_parse(by_text, &by, &err) < 0 ||
	    ts_kpi_conf_init(&r->conf, r->cfg, &by, tz, r->o->period,
	    r->o->since, r->o->until, r->now, &err) < 0)
		return ts_error_print(&err);
	r->have_conf = 1;
	if (r->o->client && !ts_config_client(r->cfg, r->o->client)) {
		ts_warnx("no client '%s' in the configuration", r->o->client);
		return TS_EXIT_USAGE;
	}
	r->conf.only_client = r->o->client;
	return overrides(r);
}

static void
on_bad(void *p, const struct ts_error *err, const char *raw, size_t len)
{
	struct run *r = p;

	if (!r->o->quiet)
		ts_error_print(err);
	if (r->rejects) {
		fwrite(raw, 1, len, r->rejects);
		fputc('\n', r->rejects);
	}
}

/* The calls' source: files (or stdin) or the store. */
static int
make_source(struct run *r)
{
	const struct ts_kpi_opts *o = r->o;
	struct ts_kpi_source *s = &r->src;
	struct ts_error err = TS_ERROR_INIT;
	int rc;

	memset(s, 0, sizeof *s);
	s->cdr.cfg = r->cfg;
	s->cdr.tz = r->conf.tz;
	if (o->format && ts_cdr_format_parse(o->format, &s->cdr.format) < 0) {
		ts_warnx("unknown input format '%s'", o->format);
		return TS_EXIT_USAGE;
	}
	if (o->window && (rc = parse_seconds("--merge-window", o->window,
	    &s->cdr.window)))
		return rc;
	s->files = o->files;
	s->nfiles = o->nfiles;
	s->strict = o->strict;
	s->bad = on_bad;
	s->ctx = r;
	if (o->rejects && !(r->rejects = ts_cli_create_private(o->rejects)))
		return TS_EXIT_FAIL;
	if (!o->use_db)
		return 0;
	if ((rc = ts_cli_store(o->db, TS_STORE_READONLY, &r->store)))
		return rc;
	s->store = r->store;
	s->query.client = o->client;
	ts_kpi_conf_span(&r->conf, &s->query.from, &s->query.to);
	(void)err;
	return 0;
}

static void
run_release(struct run *r)
{
	if (r->rejects && fclose(r->rejects) != 0)
		ts_warn("write error: '%s'", r->o->rejects);
	if (r->have_conf)
		ts_kpi_conf_release(&r->conf);
	ts_store_close(r->store);
	ts_config_free(r->cfg);
}

/* The exit code after reading: 1 when records were rejected. */
static int
read_result(struct run *r, int rc, struct ts_error *err)
{
	if (rc < 0)
		return ts_error_print(err);
	if (r->src.open && r->o->verbose)
		ts_warnx("%ld calls still waiting in a queue at the end of "
		    "the input, not counted", r->src.open);
	if (r->src.rejects && !r->o->quiet)
		ts_warnx("%ld records rejected", r->src.rejects);
	return r->src.rejects ? TS_EXIT_FAIL : TS_EXIT_OK;
}

static struct ts_writer *
writer(const struct run *r)
{
	return ts_writer_new(stdout, r->fmt, 0);
}

static int
finish_writer(struct ts_writer *w, int rc)
{
	if (ts_writer_finish(w) < 0 && rc == 0)
		rc = TS_EXIT_FAIL;
	ts_writer_free(w);
	return rc;
}

/* ---- the report ---- */

static void
print_breach(const struct ts_kpi_breach *b, void *ctx)
{
	struct ts_writer *w = ctx;

	ts_writer_str(w, b->client);
	ts_writer_str(w, b->measure);
	if (b->is_rate) {
		ts_writer_rate(w, b->target, 1);
		ts_writer_rate(w, b->actual, 1);
	} else {
		ts_writer_real(w, b->target, 1);
		ts_writer_real(w, b->actual, 1);
	}
	ts_writer_end(w);
}

static int
write_check(struct run *r, struct ts_kpi *k, int rc)
{
	static const char *const cols[] = {
		"client", "measure", "target", "actual"
	};
	struct ts_writer *w = writer(r);
	int n;

	ts_writer_columns(w, cols, 4);
	n = ts_kpi_check(k, print_breach, w);
	rc = finish_writer(w, rc);
	if (rc == 0 && n > 0)
		rc = TS_EXIT_NO;
	return rc;
}

static int
write_report(struct run *r, struct ts_kpi *k, int rc)
{
	const char *names[TS_KPI_MAXBY + 32];
	struct ts_writer *w;
	size_t n;
	int wrc;

	if (r->o->check)
		return write_check(r, k, rc);
	w = writer(r);
	if (r->o->partial) {
		wrc = ts_kpi_partial_write(k, w);
	} else {
		n = ts_kpi_report_columns(k, r->fmt == TS_FMT_TABLE ? r->lang :
		    TS_KPI_EN, names, sizeof names / sizeof names[0]);
		ts_writer_columns(w, names, n);
		wrc = ts_kpi_write(k, w);
	}
	if (wrc < 0 && rc == 0)
		rc = TS_EXIT_FAIL;
	rc = finish_writer(w, rc);
	if (r->fmt == TS_FMT_TABLE && !r->o->partial)
		ts_kpi_settings_print(&r->conf, r->lang, stdout);
	return rc;
}

static int
print_settings(struct run *r)
{
	struct ts_writer *w = writer(r);
	int rc = ts_kpi_settings_write(&r->conf, w) < 0 ? TS_EXIT_FAIL : 0;

	return finish_writer(w, rc);
}

/* The HTML report from the table's aggregate and its three views (any
 * of which may be NULL). */
static int
html(struct run *r, struct ts_kpi *const *k, int rc)
{
	struct ts_kpi_html h;

	memset(&h, 0, sizeof h);
	h.table = k[0];
	h.by_client = k[1];
	h.by_hour = k[2];
	h.by_day = k[3];
	h.conf = &r->conf;
	h.lang = r->lang;
	h.now = r->now;
	h.title = r->cfg->service.name;
	if (ts_kpi_html_write(&h, stdout) < 0 && rc == 0)
		rc = TS_EXIT_FAIL;
	return rc;
}

/* The report, the check, or the HTML report, from calls. */
static int
report(struct run *r)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_kpi *k[4] = { NULL, NULL, NULL, NULL };
	size_t nk = 1, i;
	int rc;

	if (r->o->print_settings)
		return print_settings(r);
	k[0] = ts_kpi_new(&r->conf);
	if (r->html) {
		k[1] = ts_kpi_new_by(&r->conf, TS_KPI_CLIENT);
		k[2] = ts_kpi_new_by(&r->conf, TS_KPI_HOUR_OF_DAY);
		k[3] = ts_kpi_new_by(&r->conf, TS_KPI_DAY);
		nk = 4;
	}
	rc = read_result(r, ts_kpi_source_read(&r->src, k, nk, &err), &err);
	if (rc <= TS_EXIT_FAIL) {
		if (r->html)
			rc = html(r, k, rc);
		else
			rc = write_report(r, k[0], rc);
	}
	for (i = 0; i < nk; i++)
		ts_kpi_free(k[i]);
	return rc;
}

/* ---- merge ---- */

static int
merge_file(struct run *r, struct ts_kpi *k, const char *path, FILE *in,
    struct ts_error *err)
{
	struct ts_reader *rd = ts_reader_new(in, path, 0, err);
	int rc;

	if (!rd)
		return -1;
	rc = ts_kpi_partial_read(k, rd, err);
	ts_reader_free(rd);
	(void)r;
	return rc;
}

/* The --by keys of the first partial (read again by merge_file). */
static int
merge_by(struct run *r, char *buf, size_t n)
{
	struct ts_error err = TS_ERROR_INIT;
	const char *path = r->o->nfiles ? r->o->files[0] : "-";
	struct ts_kpi_by by;
	FILE *in;
	struct ts_reader *rd;
	size_t i, len = 0;

	if (strcmp(path, "-") == 0)
		return usage_error("merge reads named files (standard input "
		    "cannot be read twice)");
	if (!(in = fopen(path, "r"))) {
		ts_warn("cannot open '%s'", path);
		return TS_EXIT_FAIL;
	}
	rd = ts_reader_new(in, path, 0, &err);
	if (!rd || ts_kpi_partial_by(rd, &by, &err) < 0) {
		ts_reader_free(rd);
		fclose(in);
		return ts_error_print(&err);
	}
	ts_reader_free(rd);
	fclose(in);
	buf[0] = '\0';
	for (i = 0; i < by.n; i++)
		len += (size_t)snprintf(buf + len, n - len, "%s%s",
		    i ? "," : "", by.name[i]);
	return 0;
}

static int
merge(struct run *r)
{
	struct ts_error err = TS_ERROR_INIT;
	char by[256];
	struct ts_kpi *k;
	size_t i;
	int rc;
	FILE *in;

	if (r->o->nfiles == 0)
		return usage_error("merge needs the partial aggregates as "
		    "files");
	if ((rc = merge_by(r, by, sizeof by)) || (rc = make_conf(r, by)))
		return rc;
	k = ts_kpi_new(&r->conf);
	for (i = 0; i < r->o->nfiles && rc == 0; i++) {
		if (!(in = fopen(r->o->files[i], "r"))) {
			ts_warn("cannot open '%s'", r->o->files[i]);
			rc = TS_EXIT_FAIL;
		} else {
			if (merge_file(r, k, r->o->files[i], in, &err) < 0)
				rc = ts_error_print(&err);
			fclose(in);
		}
	}
	if (rc == 0 && r->html) {
		struct ts_kpi *v[4];

		v[0] = k;
		v[1] = ts_kpi_regroup(k, TS_KPI_CLIENT);
		v[2] = ts_kpi_regroup(k, TS_KPI_HOUR_OF_DAY);
		v[3] = ts_kpi_regroup(k, TS_KPI_DAY);
		rc = html(r, v, 0);
		for (i = 1; i < 4; i++)
			ts_kpi_free(v[i]);
	} else if (rc == 0 && r->o->check && r->conf.by.n > 0 &&
	    r->conf.by.key[0] != TS_KPI_CLIENT)
		rc = usage_error("--check merges partials grouped by client");
	else if (rc == 0)
		rc = write_report(r, k, rc);
	ts_kpi_free(k);
	return rc;
}

/* ---- lost, explain, staffing ---- */

static int
lost(struct run *r)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_writer *w = writer(r);
	int64_t within = 7200;
	int rc;

	if (r->o->within && (rc = parse_seconds("--within", r->o->within,
	    &within))) {
		ts_writer_free(w);
		return rc;
	}
	rc = read_result(r, ts_kpi_lost(&r->src, &r->conf, within, w, &err),
	    &err);
	return finish_writer(w, rc);
}

static int
explain(struct run *r)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_writer *w = writer(r);
	int found, rc;

	found = ts_kpi_explain(&r->src, &r->conf, r->o->call_id, w, &err);
	rc = read_result(r, found < 0 ? -1 : 0, &err);
	if (found == 0) {
		ts_warnx("no call '%s' in the input", r->o->call_id);
		if (rc == 0)
			rc = TS_EXIT_NO;
	}
	return finish_writer(w, rc);
}

static int
staffing_params(struct run *r, struct ts_staffing_req *q)
{
	const struct ts_kpi_opts *o = r->o;
	const struct ts_client *cl = o->client ?
	    ts_config_client(r->cfg, o->client) : NULL;
	int64_t v;
	char *end;
	int rc;

	memset(q, 0, sizeof *q);
	q->target = cl && !isnan(cl->sla.service_level) ?
	    cl->sla.service_level : 0.80;
	q->threshold_s = cl ? (double)cl->sla.threshold_s : 20;
	if (o->threshold) {
		if ((rc = parse_seconds("--threshold", o->threshold, &v)))
			return rc;
		q->threshold_s = (double)v;
	}
	if (o->target) {
		q->target = strtod(o->target, &end) / 100;
		if (end == o->target || (*end && strcmp(end, "%") != 0) ||
		    q->target <= 0 || q->target >= 1)
			return usage_error("--target is a percentage between "
			    "0 and 100, e.g. 80%");
	}
	if (o->patience) {
		if ((rc = parse_seconds("--patience", o->patience, &v)))
			return rc;
		q->patience_s = (double)v;
	}
	if (o->wrap_up) {
		if ((rc = parse_seconds("--wrap-up", o->wrap_up, &v)))
			return rc;
		q->wrap_up_s = (double)v;
	}
	if (o->agents) {
		q->agents = atoi_checked(o->agents);
		if (q->agents < 1 || q->agents > TS_ERLANG_MAX_AGENTS)
			return usage_error("--agents is a number from 1 to "
			    "10000");
	}
	return 0;
}

static int
staffing(struct run *r)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_staffing_req q;
	struct ts_writer *w;
	int64_t aht;
	char *end;
	int rc;

	if ((rc = staffing_params(r, &q)))
		return rc;
	w = writer(r);
	if (r->o->calls) {
		q.calls_per_hour = strtod(r->o->calls, &end);
		if (end == r->o->calls || *end || q.calls_per_hour <= 0 ||
		    (rc = parse_seconds("--aht", r->o->aht, &aht))) {
			ts_writer_free(w);
			return rc ? rc : usage_error("--calls is a number of "
			    "calls per hour");
		}
		q.aht_s = (double)aht;
		rc = ts_staffing_write(&q, w) < 0 ? TS_EXIT_FAIL : 0;
	} else {
		rc = read_result(r, ts_kpi_staffing(&r->src, &r->conf, &q, w,
		    &err), &err);
	}
	return finish_writer(w, rc);
}

int
ts_kpi_main(const struct ts_kpi_opts *o)
{
	struct run r;
	const char *c = o->command;
	int rc;

	memset(&r, 0, sizeof r);
	r.o = o;
	if ((rc = check_opts(o)) || (rc = ts_cli_config(o->config, &r.cfg)) ||
	    (rc = ts_cli_now(&r.now)) || (rc = output_format(&r)) ||
	    (rc = language(&r)))
		goto out;
	if (is(c, "merge")) {
		rc = merge(&r);
		goto out;
	}
	if ((rc = make_conf(&r, o->by ? o->by : (o->check ? "client" :
	    is(c, "staffing") ? "" : "client"))) || (rc = make_source(&r)))
		goto out;
	if (!c)
		rc = report(&r);
	else if (is(c, "lost"))
		rc = lost(&r);
	else if (is(c, "explain"))
		rc = explain(&r);
	else
		rc = staffing(&r);
out:
	run_release(&r);
	return rc;
}
