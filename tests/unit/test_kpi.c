/*
 * test_kpi.c - the kpi module's aggregates: --by parsing, how a call is
 * classified, exact percentiles (long waits included), merges and
 * regroupings equal to one pass, empty denominators, partial aggregates
 * written and read back.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "ts_kpi.h"
#include "banned.h"

static char msg[256];
#define okf(cond, ...) do { \
	int okf_c_ = (cond); \
	snprintf(msg, sizeof msg, __VA_ARGS__); \
	ok(okf_c_, msg); \
} while (0)

/* A call of did at t (UTC seconds) with this status and wait. */
static struct ts_call
call(const char *did, int64_t t, enum ts_status st, int wait, int talk)
{
	struct ts_call c;

	ts_call_init(&c);
	snprintf(c.call_id, sizeof c.call_id, "c%lld", (long long)t);
	snprintf(c.did, sizeof c.did, "%s", did);
	c.start = t;
	c.status = st;
	if (st == TS_ST_ANSWERED || st == TS_ST_VOICEMAIL) {
		c.answer = t + wait;
		c.end = c.answer + talk;
	} else {
		c.end = t + wait;
	}
	ts_call_derive(&c);
	return c;
}

static void
by_parse(void)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_kpi_by by;

	ok(ts_kpi_by_parse("did,hour_of_day,week", &by, &err) == 0 &&
	    by.n == 3 && by.key[1] == TS_KPI_HOUR_OF_DAY &&
	    strcmp(by.name[1], "hour_of_day") == 0, "--by keys in order, "
	    "named as given");
	ok(ts_kpi_by_parse("", &by, &err) == 0 && by.n == 0, "--by '': one "
	    "group");
	ok(ts_kpi_by_parse("day,year", &by, &err) < 0 &&
	    err.code == TS_EXIT_USAGE, "an unknown key is a usage error");
	ok(ts_kpi_by_parse("day,day", &by, &err) < 0, "a key twice is one");
}

/* The figures of the only group of k. */
static int
first(const struct ts_kpi_figures *f, void *p)
{
	*(struct ts_kpi_figures *)p = *f;
	return 1;
}

static void
figures(void)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_config *cfg = ts_config_empty();
	struct ts_kpi_conf conf;
	struct ts_kpi_by by;
	struct ts_kpi *k;
	struct ts_kpi_figures f;
	struct ts_call c;
	int i;

	ts_kpi_by_parse("", &by, &err);
	ts_kpi_conf_init(&conf, cfg, &by, ts_tz_utc(), NULL, NULL, NULL, 0,
	    &err);
	k = ts_kpi_new(&conf);
	ts_kpi_each(k, first, &f);
	ok(ts_kpi_calls(k) == 0, "an empty aggregate");
	/* Waits 1..99 s and one of 5000 s (past the dense histogram). */
	for (i = 1; i < 100; i++) {
		c = call("+33144000001", 1000 + i, TS_ST_ANSWERED, i, 60);
		ts_kpi_add(k, &c);
	}
	c = call("+33144000001", 2000, TS_ST_ABANDONED, 5000, 0);
	ts_kpi_add(k, &c);
	c = call("+33144000001", 2001, TS_ST_BUSY, 0, 0);
	ts_kpi_add(k, &c);
	memset(&f, 0, sizeof f);
	ts_kpi_each(k, first, &f);
	okf(f.offered == 101 && f.answered == 99 && f.abandoned == 1 &&
	    f.busy == 1, "counts (%lld offered)", (long long)f.offered);
	/* 100 waits (busy never waited): rank 50 is 50 s, rank 90 is 90. */
	okf(f.wait_p50 == 50 && f.wait_p90 == 90 && f.max_wait == 5000,
	    "nearest-rank percentiles and max, exact (%lld %lld %lld)",
	    (long long)f.wait_p50, (long long)f.wait_p90,
	    (long long)f.max_wait);
	okf(f.sl_num == 20 && f.sl_den == 101, "service level 20 / 101 "
	    "(%.0f / %.0f)", f.sl_num, f.sl_den);
	okf(fabs(f.asa_s - 50) < 1e-9, "ASA 50 s (%.3f)", f.asa_s);
	ts_kpi_free(k);

	/* Only a short abandon: every rate but the answer rate is empty. */
	k = ts_kpi_new(&conf);
	c = call("+33144000001", 3000, TS_ST_MISSED, 2, 0);
	ts_kpi_add(k, &c);
	ts_kpi_each(k, first, &f);
	okf(f.short_abandoned == 1 && f.sl_den == 0 && f.ab_den == 0 &&
	    isnan(f.asa_s) && isnan(f.avg_talk_s), "a short abandon alone: "
	    "empty denominators, no ASA");
	ts_kpi_free(k);
	ts_kpi_conf_release(&conf);
	ts_config_free(cfg);
}

/* The report of k as text, for comparisons. */
static void
report(struct ts_kpi *k, char *buf, size_t n)
{
	FILE *f = fmemopen(buf, n, "w");
	struct ts_writer *w = ts_writer_new(f, TS_FMT_CSV, 0);
	const char *names[TS_KPI_MAXBY + 32];
	size_t nc;

	nc = ts_kpi_report_columns(k, TS_KPI_EN, names, 40);
	ts_writer_columns(w, names, nc);
	ts_kpi_write(k, w);
	ts_writer_finish(w);
	ts_writer_free(w);
	fclose(f);
}

static void
merges(void)
{
	static char one[1 << 16], two[1 << 16], three[1 << 16];
	struct ts_error err = TS_ERROR_INIT;
	struct ts_config *cfg = ts_config_empty();
	struct ts_kpi_conf conf;
	struct ts_kpi_by by;
	struct ts_kpi *all, *a, *b, *r;
	struct ts_call c;
	static const enum ts_status st[] = {
		TS_ST_ANSWERED, TS_ST_ANSWERED, TS_ST_ABANDONED,
		TS_ST_VOICEMAIL, TS_ST_BUSY, TS_ST_MISSED, TS_ST_TIMEOUT
	};
	char did[16];
	int i;

	ts_kpi_by_parse("did,day", &by, &err);
	ts_kpi_conf_init(&conf, cfg, &by, ts_tz_utc(), NULL, NULL, NULL, 0,
	    &err);
	all = ts_kpi_new(&conf);
	a = ts_kpi_new(&conf);
	b = ts_kpi_new(&conf);
	for (i = 0; i < 5000; i++) {
		snprintf(did, sizeof did, "+3314400000%d", i % 7);
		c = call(did, 1795000000 + (int64_t)i * 977, st[i % 7],
		    (i * 37) % 4000, (i * 13) % 600);
		ts_kpi_add(all, &c);
		ts_kpi_add(i % 3 ? a : b, &c);
	}
	ts_kpi_merge(a, b);
	report(all, one, sizeof one);
	report(a, two, sizeof two);
	okf(strcmp(one, two) == 0 && strlen(one) > 1000, "two parts merged "
	    "are the single pass, percentiles included (%zu bytes)",
	    strlen(one));
	r = ts_kpi_regroup(all, TS_KPI_DAY);
	report(r, three, sizeof three);
	ts_kpi_free(r);
	ts_kpi_free(all);
	all = ts_kpi_new_by(&conf, TS_KPI_DAY);
	for (i = 0; i < 5000; i++) {
		snprintf(did, sizeof did, "+3314400000%d", i % 7);
		c = call(did, 1795000000 + (int64_t)i * 977, st[i % 7],
		    (i * 37) % 4000, (i * 13) % 600);
		ts_kpi_add(all, &c);
	}
	report(all, one, sizeof one);
	ok(strcmp(one, three) == 0, "regrouped by day: the days counted "
	    "directly (sums, never averages)");
	ok(ts_kpi_regroup(all, TS_KPI_DID) == NULL, "no regrouping by a key "
	    "it does not have");
	ts_kpi_free(all);
	ts_kpi_free(a);
	ts_kpi_free(b);
	ts_kpi_conf_release(&conf);
	ts_config_free(cfg);
}

int
main(void)
{
	by_parse();
	figures();
	merges();
	return done_testing();
}
