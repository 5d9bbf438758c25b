/*
 * ts_kpi_explain.c - how one call was read, merged and counted (see
 * ts_kpi.h): the answer to "why is this call counted as lost?".
 *
 * Written as records of two columns, item and value, so that every output
 * format works; the table format is the one for people.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ts_kpi_impl.h"
#include "ts_mem.h"
#include "banned.h"

struct explain {
	const struct ts_kpi_conf *conf;
	const char *id;
	struct ts_writer *w;
	int legs, calls, failed;
};

static void
item(struct explain *x, const char *what, const char *value)
{
	ts_writer_str(x->w, what);
	ts_writer_str(x->w, value);
	if (ts_writer_end(x->w) < 0)
		x->failed = 1;
}

static void
times(const struct ts_call *c, const struct ts_tz *tz, char *buf, size_t n)
{
	char s[TS_ISO_MAX], a[TS_ISO_MAX], e[TS_ISO_MAX], q[TS_ISO_MAX + 16];

	ts_time_iso(c->start, tz, s);
	if (c->answer != TS_TIME_NONE)
		ts_time_iso(c->answer, tz, a);
	else
		snprintf(a, sizeof a, "-");
	if (c->end != TS_TIME_NONE)
		ts_time_iso(c->end, tz, e);
	else
		snprintf(e, sizeof e, "-");
	q[0] = '\0';
	if (c->queued != TS_TIME_NONE) {
		memcpy(q, ", queued ", 10);
		ts_time_iso(c->queued, tz, q + 9);
	}
	snprintf(buf, n, "status %s; start %s%s, answer %s, end %s; wait %ld s, "
	    "talk %ld s%s%s%s%s", ts_status_name(c->status), s, q, a, e,
	    (long)c->wait_s, (long)c->talk_s, c->agent[0] ? "; agent " : "",
	    c->agent, c->queue[0] ? "; queue " : "", c->queue);
}

static void
on_leg(void *p, const struct ts_call *leg, const char *raw, size_t len)
{
	struct explain *x = p;
	char buf[1024], what[32];

	if (strcmp(leg->call_id, x->id) != 0)
		return;
	x->legs++;
	snprintf(what, sizeof what, "row %d", x->legs);
	snprintf(buf, sizeof buf, "line %ld: %.*s", leg->line,
	    (int)(len < 900 ? len : 900), raw);
	item(x, what, buf);
	snprintf(what, sizeof what, "leg %d", x->legs);
	times(leg, ts_kpi_rules_of(x->conf, leg)->tz, buf, sizeof buf);
	item(x, what, buf);
}

static void
counters_text(const struct ts_kpi_class *k, int64_t t, int64_t s,
    char *buf, size_t n)
{
	snprintf(buf, n, "offered%s%s%s%s%s%s%s%s%s%s",
	    k->answered ? ", answered" : k->voicemail ? ", voicemail" :
	    k->abandoned ? ", abandoned" : k->timeout ? ", timeout" :
	    k->busy ? ", busy" : ", failed",
	    k->short_abandoned ? ", short_abandoned" : "",
	    k->sl_num ? ", service level numerator" : "",
	    k->sl_den ? ", service level denominator" : "",
	    k->answered ? ", asa and talk" : "",
	    k->ab_num ? ", abandon rate numerator" : "",
	    k->ab_den ? ", abandon rate denominator" : "",
	    k->waited ? ", wait distribution" : "",
	    k->out_of_hours ? ", out_of_hours" : "",
	    "");
	(void)t;
	(void)s;
}

static void
explain_counts(struct explain *x, const struct ts_call *c)
{
	struct ts_kpi_class k;
	char buf[1024], key[64], what[48];
	int64_t t, s;
	enum ts_sl_formula f;
	size_t i;

	ts_kpi_classify(x->conf, c, &k);
	kpi_effective(x->conf, k.rules, &t, &s, &f);
	snprintf(buf, sizeof buf, "%s; zone %s; T %" PRId64 " s, S %" PRId64
	    " s, formula %s, clock from the %s", k.rules->client ?
	    k.rules->client->id : "(no client)", ts_tz_name(k.rules->tz), t, s,
	    ts_kpi_formula_name(f), ts_kpi_clock_name(k.rules->sla.clock_start));
	item(x, "judged by", buf);
	if (!k.counted) {
		item(x, "not counted", k.why_not);
		return;
	}
	for (i = 0; i < x->conf->by.n; i++) {
		ts_kpi_key_text(x->conf, c, x->conf->by.key[i], key,
		    sizeof key);
		snprintf(what, sizeof what, "group %s", x->conf->by.name[i]);
		item(x, what, key[0] ? key : "(empty)");
	}
	ts_kpi_key_text(x->conf, c, TS_KPI_DAY, key, sizeof key);
	item(x, "day", key);
	snprintf(buf, sizeof buf, "wait %" PRId64 " s %s T %" PRId64 " s; "
	    "%s S %" PRId64 " s", k.wait, k.wait <= t ? "<=" : ">", t,
	    k.wait < s ? "<" : ">=", s);
	item(x, "wait", buf);
	counters_text(&k, t, s, buf, sizeof buf);
	item(x, "counted in", buf);
}

static int
on_call(const struct ts_call *c, void *p)
{
	struct explain *x = p;
	char buf[1024];

	if (strcmp(c->call_id, x->id) != 0)
		return 0;
	x->calls++;
	snprintf(buf, sizeof buf, "%d row(s) merged, source %s", c->legs > 0 ?
	    c->legs : 1, c->source);
	item(x, "call", buf);
	times(c, ts_kpi_rules_of(x->conf, c)->tz, buf, sizeof buf);
	item(x, "merged", buf);
	snprintf(buf, sizeof buf, "client %s, number dialled %s, caller %s",
	    c->client[0] ? c->client : "(none)", c->did[0] ? c->did : "-",
	    c->caller[0] ? c->caller : "-");
	item(x, "line", buf);
	explain_counts(x, c);
	return x->failed ? -1 : 0;
}

int
ts_kpi_explain(struct ts_kpi_source *src, const struct ts_kpi_conf *conf,
    const char *call_id, struct ts_writer *w, struct ts_error *err)
{
	static const char *const cols[] = { "item", "value" };
	struct explain x = { conf, call_id, w, 0, 0, 0 };
	int rc;

	ts_writer_columns(w, cols, 2);
	src->cdr.on_leg = on_leg;
	src->cdr.ctx = &x;
	src->query.call_id = call_id;
	rc = ts_kpi_source_each(src, on_call, &x, err);
	if (rc != 0)
		return rc < 0 && !x.failed ? -1 :
		    ts_error_set(err, TS_EXIT_FAIL, "write error");
	return x.calls > 0;
}
