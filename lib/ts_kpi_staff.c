/*
 * ts_kpi_staff.c - staffing per hour of the week from the observed load
 * (see ts_kpi.h): calls are counted by weekday and hour of day in their
 * client's zone; each slot's load is its calls divided by the number of
 * such weekdays in the period asked for (--period, --since and --until;
 * the days from the first to the last call seen where it is open: a week
 * with no call at all on Sunday still counts its Sunday), its handle time
 * the talk time of its answered calls (plus --wrap-up), or the overall
 * one when the slot had no answered call; then Erlang C or A.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ts_erlang.h"
#include "ts_kpi_impl.h"
#include "banned.h"

struct staff {
	const struct ts_staffing_req *q;
	struct ts_writer *w;
	int64_t first, last;	/* days */
	double aht_all;
	int failed;
};

/* How many days of ISO weekday wd lie in [first, last]. */
static int64_t
weekdays_in(int64_t first, int64_t last, int wd)
{
	int64_t n = 0, d;

	for (d = first; d <= last && d < first + 7; d++)
		if (ts_weekday(d) == wd)
			n = (last - d) / 7 + 1;
	return n;
}

static int
slot(const struct ts_kpi_figures *f, void *p)
{
	static const char *const wd[] = {
		"mon", "tue", "wed", "thu", "fri", "sat", "sun"
	};
	struct staff *s = p;
	struct ts_staffing_req q = *s->q;
	struct ts_staffing_res r;
	int64_t days = 0;
	int i, ok;

	for (i = 0; i < 7; i++)
		if (strcmp(f->key[0], wd[i]) == 0)
			days = weekdays_in(s->first, s->last, i + 1);
	if (days <= 0)
		days = 1;
	q.calls_per_hour = (double)f->offered / (double)days;
	q.aht_s = f->answered ? (double)f->talk_s / f->answered : s->aht_all;
	if (q.aht_s <= 0)
		q.aht_s = 1;
	ok = ts_staffing(&q, &r) == 0;
	ts_writer_str(s->w, f->key[0]);
	ts_writer_str(s->w, f->key[1]);
	ts_writer_int(s->w, days);
	ts_staffing_fields(s->w, &q, &r, ok);
	if (ts_writer_end(s->w) < 0)
		s->failed = 1;
	return s->failed;
}

/* Local day number of instant t in zone tz. */
static int64_t
day_of(const struct ts_tz *tz, int64_t t)
{
	int64_t wall = t + ts_tz_offset(tz, t);

	return wall >= 0 ? wall / 86400 : -((-wall + 86399) / 86400);
}

/*
 * The days [first, last] the load is spread over: the period's where it
 * is bounded, in the zone of the client asked for (or of the calls
 * without a client); else from the first to the last day seen.
 */
static void
staff_days(const struct ts_kpi_conf *conf, struct ts_kpi *days,
    struct staff *s)
{
	const struct ts_kpi_rules *r = &conf->rules[conf->nrules - 1];
	size_t i;

	for (i = 0; conf->only_client && i + 1 < conf->nrules; i++)
		if (strcmp(conf->rules[i].client->id, conf->only_client) == 0)
			r = &conf->rules[i];
	kpi_sort(days);
	s->first = days->ng ? days->g[0].key[0] : 0;
	s->last = days->ng ? days->g[days->ng - 1].key[0] : 0;
	if (r->from != INT64_MIN && (!days->ng || day_of(r->tz, r->from) <
	    s->first))
		s->first = day_of(r->tz, r->from);
	if (r->to != INT64_MAX && (!days->ng || day_of(r->tz, r->to - 1) >
	    s->last))
		s->last = day_of(r->tz, r->to - 1);
}

int
ts_kpi_staffing(struct ts_kpi_source *src, const struct ts_kpi_conf *conf,
    const struct ts_staffing_req *q, struct ts_writer *w,
    struct ts_error *err)
{
	struct ts_kpi_conf sc = *conf;
	struct ts_kpi *k[2];
	struct ts_kpi_figures tot;
	struct staff s = { q, w, 0, 0, 0, 0 };
	const char *names[64];
	size_t n = 0, i;
	int rc;

	names[n++] = "weekday";
	names[n++] = "hour_of_day";
	names[n++] = "days";
	for (i = 0; i < ts_staffing_ncolumns; i++)
		names[n++] = ts_staffing_columns[i];
	ts_writer_columns(w, names, n);
	sc.by.n = 2;
	sc.by.key[0] = TS_KPI_WEEKDAY;
	sc.by.key[1] = TS_KPI_HOUR_OF_DAY;
	k[0] = ts_kpi_new(&sc);
	k[1] = ts_kpi_new_by(conf, TS_KPI_DAY);
	rc = ts_kpi_source_read(src, k, 2, err);
	if (rc == 0 && k[1]->ng > 0) {
		staff_days(conf, k[1], &s);
		ts_kpi_total(k[0], &tot);
		s.aht_all = tot.answered ? (double)tot.talk_s / tot.answered :
		    0;
		rc = ts_kpi_each(k[0], slot, &s);
		if (rc)
			rc = ts_error_set(err, TS_EXIT_FAIL, "write error");
	}
	ts_kpi_free(k[0]);
	ts_kpi_free(k[1]);
	return rc;
}
