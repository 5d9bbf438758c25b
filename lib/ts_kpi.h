/*
 * ts_kpi.h - activity and service-level figures per group of calls.
 *
 * A struct ts_kpi holds the aggregates of a report: calls go in one by one
 * (ts_kpi_add), each is judged by its own client's contract (threshold T,
 * short abandon S, formula) and counted in the group of its keys (--by),
 * its times read in its client's zone.  Only sums, counts and one wait-time
 * histogram per group are kept, so memory grows with the groups, not with
 * the calls, and two aggregates of disjoint calls merge (ts_kpi_merge,
 * ts_kpi_partial_read) into exactly what one pass over all the calls
 * gives, percentiles included: a rate or a percentile is only ever computed
 * from the sums at the end, never averaged.
 *
 * man/ts-kpi.1 defines every column; the definitions are restated at
 * ts_kpi_columns in ts_kpi.c.
 *
 * A struct ts_kpi is not thread-safe: give each thread its own (made with
 * the same struct ts_kpi_conf) and merge them at the end.
 */
#ifndef TS_KPI_H
#define TS_KPI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ts_call.h"
#include "ts_cdr.h"
#include "ts_config.h"
#include "ts_err.h"
#include "ts_rec.h"
#include "ts_store.h"
#include "ts_time.h"

/* What --by can group on. */
enum ts_kpi_key {
	TS_KPI_CLIENT,
	TS_KPI_DID,
	TS_KPI_QUEUE,
	TS_KPI_AGENT,
	TS_KPI_HOUR,		/* start of the hour, ISO 8601 with offset */
	TS_KPI_DAY,		/* YYYY-MM-DD */
	TS_KPI_WEEK,		/* YYYY-Www (ISO 8601 week) */
	TS_KPI_MONTH,		/* YYYY-MM */
	TS_KPI_WEEKDAY,		/* mon .. sun, sorted Monday first */
	TS_KPI_HOUR_OF_DAY,	/* 00 .. 23 */
	TS_KPI_NKEYS
};

#define TS_KPI_MAXBY 10

/* Parses "client,day" into keys[] (names kept as written, for column
 * names).  Fails (TS_EXIT_USAGE) on an unknown or repeated key. */
struct ts_kpi_by {
	enum ts_kpi_key key[TS_KPI_MAXBY];
	char name[TS_KPI_MAXBY][16];	/* "hour-of-day" as given */
	size_t n;
};
int ts_kpi_by_parse(const char *s, struct ts_kpi_by *by,
    struct ts_error *err);

/* The settings of one client (or of calls without a client), resolved. */
struct ts_kpi_rules {
	const struct ts_client *client;	/* NULL: calls without a client */
	const struct ts_tz *tz;		/* zone of its report days */
	struct ts_sla sla;		/* T, S, formula, targets */
	int64_t from, to;		/* --period/--since/--until in tz */
};

/* What every aggregate of one report shares: read-only once made. */
struct ts_kpi_conf {
	const struct ts_config *cfg;
	struct ts_kpi_by by;
	const struct ts_tz *tz;		/* calls without a client */
	const char *only_client;	/* --client, or NULL */
	struct ts_kpi_rules *rules;	/* one per client, then the default */
	size_t nrules;			/* cfg->nclients + 1 */
	int64_t override_t;		/* --threshold, or -1 */
	int64_t override_s;		/* --short-abandon, or -1 */
	int override_formula;		/* --formula, or -1 */
};

/*
 * Fills conf for cfg and by: the rules of each client from its `sla`,
 * the period limits [from, to) computed in each rule's own zone from the
 * texts given (any may be NULL; period as ts_period_parse, since and until
 * as ts_time_parse).  Fails (TS_EXIT_USAGE) on a bad period or time.
 * Release with ts_kpi_conf_release.
 */
int ts_kpi_conf_init(struct ts_kpi_conf *conf, const struct ts_config *cfg,
    const struct ts_kpi_by *by, const struct ts_tz *tz, const char *period,
    const char *since, const char *until, int64_t now,
    struct ts_error *err);
void ts_kpi_conf_release(struct ts_kpi_conf *conf);
/* The rules a call is judged by (its client's, else the default). */
const struct ts_kpi_rules *ts_kpi_rules_of(const struct ts_kpi_conf *conf,
    const struct ts_call *c);
/* The widest [from, to) over every rule (for a store query). */
void ts_kpi_conf_span(const struct ts_kpi_conf *conf, int64_t *from,
    int64_t *to);

/* "net-of-short", ... and "call" / "queue". */
const char *ts_kpi_formula_name(enum ts_sl_formula f);
int ts_kpi_formula_parse(const char *s, enum ts_sl_formula *f);
const char *ts_kpi_clock_name(enum ts_clock_start c);

/* How one call is counted (ts-kpi explain shows it). */
struct ts_kpi_class {
	int counted;		/* 0: outside the period or the client */
	const char *why_not;	/* then why */
	const struct ts_kpi_rules *rules;
	int answered, voicemail, abandoned, timeout, busy, failed;
	int short_abandoned;	/* abandoned with wait < S */
	int in_threshold;	/* answered with wait <= T */
	int waited;		/* in the wait distribution */
	int out_of_hours;
	int sl_num, sl_den;	/* its part of the service level */
	int ab_num, ab_den;	/* its part of the abandon rate */
	int64_t wait, talk;
};
void ts_kpi_classify(const struct ts_kpi_conf *conf, const struct ts_call *c,
    struct ts_kpi_class *k);

/* The text of each key of a call's group, e.g. "2026-11-22" for day. */
void ts_kpi_key_text(const struct ts_kpi_conf *conf, const struct ts_call *c,
    enum ts_kpi_key key, char *buf, size_t n);

struct ts_kpi;

struct ts_kpi *ts_kpi_new(const struct ts_kpi_conf *conf);
/* An aggregate by one key, with conf's rules (it keeps its own copy of
 * conf, which must outlive it all the same for the rules). */
struct ts_kpi *ts_kpi_new_by(const struct ts_kpi_conf *conf,
    enum ts_kpi_key key);
/* The groups of k summed by one of its keys (exact: sums and histograms
 * add up); NULL when k is not grouped by that key. */
struct ts_kpi *ts_kpi_regroup(struct ts_kpi *k, enum ts_kpi_key key);
void ts_kpi_free(struct ts_kpi *k);

/* Counts one call (or not: outside the period or --client).  Returns 1
 * when counted. */
int ts_kpi_add(struct ts_kpi *k, const struct ts_call *c);
/* Adds every group of src into dst (same conf). */
void ts_kpi_merge(struct ts_kpi *dst, const struct ts_kpi *src);
/* Calls counted so far. */
long ts_kpi_calls(const struct ts_kpi *k);

/* ---- where calls come from ---- */

/*
 * Calls from CDR files (none: standard input; "-" is standard input too)
 * or from the store.  Bad records are reported through `bad` and skipped;
 * with `strict` the first one stops the run.  Counts are filled as the
 * inputs are read.
 */
struct ts_kpi_source {
	struct ts_cdr_opts cdr;		/* format, configuration, zone... */
	char *const *files;
	size_t nfiles;
	struct ts_store *store;		/* read the store instead of files */
	struct ts_call_query query;	/* then: which calls */
	int strict;
	void (*bad)(void *ctx, const struct ts_error *err, const char *raw,
	    size_t len);
	void *ctx;
	long rows, calls, rejects, open;	/* counts, filled in */
};

/* Calls fn for each call (fn returns non-zero to stop, and that value is
 * returned).  Returns -1 with err set on a fatal error. */
int ts_kpi_source_each(struct ts_kpi_source *src,
    int (*fn)(const struct ts_call *c, void *ctx), void *ctx,
    struct ts_error *err);
/* Counts every call of src into each of the nk aggregates k[] (one pass,
 * one thread). */
int ts_kpi_source_read(struct ts_kpi_source *src, struct ts_kpi *const *k,
    size_t nk, struct ts_error *err);

/* ---- reports ---- */

enum ts_kpi_lang {
	TS_KPI_EN,
	TS_KPI_FR
};

/* The report's column names (keys first), or French labels for people. */
size_t ts_kpi_report_columns(const struct ts_kpi *k, enum ts_kpi_lang lang,
    const char **names, size_t max);

/* Writes one record per group, sorted by the keys. */
int ts_kpi_write(struct ts_kpi *k, struct ts_writer *w);

/* Figures of one group, for the HTML report and --check. */
struct ts_kpi_figures {
	const char *key[TS_KPI_MAXBY];	/* key texts */
	int64_t offered, answered, voicemail, abandoned, timeout, busy;
	int64_t failed, short_abandoned, out_of_hours, talk_s;
	double sl_num, sl_den, ab_num, ab_den;
	double asa_s, avg_talk_s;	/* NAN when no call answered */
	int64_t wait_p50, wait_p90, max_wait;	/* -1 when no wait */
	const uint32_t *hist;		/* waits 0 .. nhist-1 */
	size_t nhist;
	int64_t over_n;			/* waits >= nhist */
};
/* The groups, sorted; fn returns non-zero to stop. */
int ts_kpi_each(struct ts_kpi *k,
    int (*fn)(const struct ts_kpi_figures *f, void *ctx), void *ctx);
/* The figures of every call counted, as one group (no keys).  The
 * histogram is valid until the next call. */
void ts_kpi_total(struct ts_kpi *k, struct ts_kpi_figures *f);
/* The rules of the client of a group's key text ("" for none). */
const struct ts_kpi_rules *ts_kpi_rules_by_id(const struct ts_kpi_conf *conf,
    const char *client);

/* ---- the HTML report (ts_kpi_html.c) ---- */

struct ts_kpi_html {
	struct ts_kpi *table;		/* the --by groups */
	struct ts_kpi *by_client;	/* each may be NULL: no chart */
	struct ts_kpi *by_hour;		/* by hour-of-day */
	struct ts_kpi *by_day;
	const struct ts_kpi_conf *conf;
	enum ts_kpi_lang lang;
	int64_t now;
	const char *title;		/* the agency's name, or NULL */
};
/*
 * Writes one self-contained page (inline CSS and SVG, no script, nothing
 * fetched): the summary against the targets, calls by hour of day, the
 * service level per day with its target, the distribution of waits, the
 * table and the settings.  Returns 0, or -1 on a write error.
 */
int ts_kpi_html_write(const struct ts_kpi_html *h, FILE *out);

/* ---- lost calls, explain, staffing from observed load ---- */

/*
 * Lists unanswered calls (every status but answered) with whether the
 * caller was called back (a later answered call to the caller's number)
 * or called again and was answered, within `within` seconds of the lost
 * call's start, and after how long.
 */
int ts_kpi_lost(struct ts_kpi_source *src, const struct ts_kpi_conf *conf,
    int64_t within, struct ts_writer *w, struct ts_error *err);
/*
 * Shows how the call with this id was read (each row, how it was
 * classified), merged, and counted.  Returns 1 when found, 0 when not,
 * -1 on error.
 */
int ts_kpi_explain(struct ts_kpi_source *src, const struct ts_kpi_conf *conf,
    const char *call_id, struct ts_writer *w, struct ts_error *err);
struct ts_staffing_req;
/* Staffing per hour of the week from the observed load. */
int ts_kpi_staffing(struct ts_kpi_source *src, const struct ts_kpi_conf *conf,
    const struct ts_staffing_req *q, struct ts_writer *w,
    struct ts_error *err);

/* ---- partial aggregates (--partial, merge) ---- */

/* Writes every group with its raw sums and histogram, mergeable. */
int ts_kpi_partial_write(struct ts_kpi *k, struct ts_writer *w);
/*
 * Reads the partial records of a reader into k (whose conf has the same
 * --by keys as the records: the header is checked).  Bad records are
 * errors (TS_EXIT_FAIL with the line).
 */
struct ts_reader;
int ts_kpi_partial_read(struct ts_kpi *k, struct ts_reader *r,
    struct ts_error *err);
/* The --by keys named by a partial's header (for merge without --by). */
int ts_kpi_partial_by(struct ts_reader *r, struct ts_kpi_by *by,
    struct ts_error *err);

/* ---- settings (footer, --print-settings) ---- */

/* One record per rule: every setting that changes a number. */
int ts_kpi_settings_write(const struct ts_kpi_conf *conf,
    struct ts_writer *w);
/* The same as lines of text for a table's footer. */
void ts_kpi_settings_print(const struct ts_kpi_conf *conf,
    enum ts_kpi_lang lang, FILE *out);

/* ---- contract checks ---- */

/* One breach: measure is "service_level", "answer_rate", "abandon_rate"
 * or "asa_s". */
struct ts_kpi_breach {
	const char *client;
	const char *measure;
	double target, actual;
	int is_rate;
};
/*
 * Compares each client's figures (k must be grouped by client first) with
 * its targets; calls fn for each breach.  Returns the number of breaches.
 */
int ts_kpi_check(struct ts_kpi *k,
    void (*fn)(const struct ts_kpi_breach *b, void *ctx), void *ctx);

#endif
