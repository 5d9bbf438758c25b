/*
 * ts_erlang.c - Erlang C and Erlang A staffing (see ts_erlang.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ts_erlang.h"
#include "ts_mem.h"
#include "banned.h"

/* Queue lengths beyond this are not followed (an overloaded queue whose
 * callers barely abandon). */
#define MAXQ 200000

double
ts_erlang_c(double a, int n)
{
	double b = 1;
	int k;

	if (n <= 0 || (double)n <= a)
		return 1;
	for (k = 1; k <= n; k++)
		b = a * b / (k + a * b);
	return n * b / (n - a * (1 - b));
}

static double
handle(const struct ts_staffing_req *q)
{
	return q->aht_s + q->wrap_up_s;
}

static void
eval_c(const struct ts_staffing_req *q, int n, struct ts_staffing_res *r)
{
	double h = handle(q), a = r->traffic;
	double c = ts_erlang_c(a, n);

	r->p_wait = c;
	r->p_abandon = 0;
	if ((double)n <= a) {
		r->service_level = 0;
		r->asa_s = INFINITY;
		r->occupancy = 1;
		return;
	}
	r->service_level = 1 - c * exp(-((double)n - a) * q->threshold_s / h);
	r->asa_s = c * h / ((double)n - a);
	r->occupancy = a / n;
}

/*
 * log pi_n of the M/M/n+M chain, n = 0 .. *len-1, truncated where the
 * tail is negligible.  Returns a malloc'd array.
 */
static double *
chain(double lambda, double mu, double theta, int n, size_t *len)
{
	size_t cap = (size_t)n + 1024, i;
	double *lp = ts_xmalloc(cap * sizeof *lp), max = 0, rate;

	lp[0] = 0;
	for (i = 1;; i++) {
		if (i == cap) {
			cap *= 2;
			lp = ts_xreallocarray(lp, cap, sizeof *lp);
		}
		rate = i <= (size_t)n ? (double)i * mu :
		    n * mu + (double)(i - (size_t)n) * theta;
		lp[i] = lp[i - 1] + log(lambda / rate);
		if (lp[i] > max)
			max = lp[i];
		if (i > (size_t)n && lp[i] < lp[i - 1] &&
		    (lp[i] < max - 41.5 || i - (size_t)n > MAXQ))
			break;
	}
	*len = i + 1;
	return lp;
}

/* Probabilities from logs: normalised in place. */
static void
normalise(double *p, size_t len)
{
	double max = p[0], sum = 0;
	size_t i;

	for (i = 1; i < len; i++)
		if (p[i] > max)
			max = p[i];
	for (i = 0; i < len; i++)
		sum += p[i] = exp(p[i] - max);
	for (i = 0; i < len; i++)
		p[i] /= sum;
}

static double
poisson(double x, size_t m)
{
	return exp(-x + (double)m * log(x) - lgamma((double)m + 1));
}

/*
 * The share of waiting arrivals (v[j]: arrived with j callers ahead)
 * answered within t, by uniformisation of the chain "callers ahead".
 */
static double
served_within(double *v, size_t k, double nmu, double theta, double t)
{
	double lam = nmu + (double)k * theta + theta, x = lam * t;
	double served = 0, total = 0, w, seen = 0;
	double *nv = ts_xmalloc((k + 1) * sizeof *nv);
	size_t m, j;

	if (x <= 0) {
		free(nv);
		return 0;
	}
	for (m = 0;; m++) {
		w = poisson(x, m);
		total += w * served;
		seen += w;
		if (seen > 1 - 1e-13 || m > 100000)
			break;
		/* One step: served from j = 0, moves down, abandons. */
		served += v[0] * nmu / lam;
		for (j = 0; j < k; j++) {
			double stay = 1 - (nmu + (double)j * theta) / lam -
			    theta / lam;

			nv[j] = v[j] * stay + (j + 1 < k ? v[j + 1] *
			    (nmu + (double)(j + 1) * theta) / lam : 0);
		}
		memcpy(v, nv, k * sizeof *v);
	}
	free(nv);
	return total;
}

static void
eval_a(const struct ts_staffing_req *q, int n, struct ts_staffing_res *r)
{
	double lambda = q->calls_per_hour / 3600, mu = 1 / handle(q);
	double theta = 1 / q->patience_s, nmu = n * mu;
	double pw = 0, eq = 0, sl = 0, aw = 0, pa = 0, a = 0, m = 0, served;
	size_t len, k, j;
	double *p = chain(lambda, mu, theta, n, &len), *v;

	normalise(p, len);
	for (j = 0; j < (size_t)n && j < len; j++)
		sl += p[j];
	k = len > (size_t)n ? len - (size_t)n : 0;
	v = ts_xmalloc((k + 1) * sizeof *v);
	/*
	 * From j callers ahead: a = P(answered), m = E[wait; answered]:
	 * a_0 = n mu / q_0, a_j = r_j / q_j a_(j-1),
	 * m_j = a_j / q_j + r_j / q_j m_(j-1), with r_j = n mu + j theta and
	 * q_j = r_j + theta (the caller's own patience).
	 */
	for (j = 0; j < k; j++) {
		double rj = nmu + (double)j * theta, qj = rj + theta;

		a = j == 0 ? nmu / qj : rj / qj * a;
		m = j == 0 ? a / qj : a / qj + rj / qj * m;
		v[j] = p[(size_t)n + j];
		pw += v[j];
		eq += (double)j * v[j];
		pa += v[j] * a;
		aw += v[j] * m;
	}
	served = served_within(v, k, nmu, theta, q->threshold_s);
	r->p_wait = pw;
	r->p_abandon = theta * eq / lambda;
	r->service_level = sl + served;
	r->occupancy = lambda * (1 - r->p_abandon) * handle(q) / n;
	r->asa_s = sl + pa > 0 ? aw / (sl + pa) : 0;
	free(v);
	free(p);
}

void
ts_erlang_eval(const struct ts_staffing_req *q, int n,
    struct ts_staffing_res *r)
{
	r->agents = n;
	r->traffic = q->calls_per_hour / 3600 * handle(q);
	if (q->patience_s > 0)
		eval_a(q, n, r);
	else
		eval_c(q, n, r);
}

int
ts_staffing(const struct ts_staffing_req *q, struct ts_staffing_res *r)
{
	int n;

	if (q->agents > 0) {
		ts_erlang_eval(q, q->agents, r);
		return 0;
	}
	n = q->patience_s > 0 ? 1 : (int)floor(q->calls_per_hour / 3600 *
	    handle(q)) + 1;
	for (; n <= TS_ERLANG_MAX_AGENTS; n++) {
		ts_erlang_eval(q, n, r);
		if (r->service_level >= q->target)
			return 0;
	}
	return -1;
}

const char *const ts_staffing_columns[] = {
	"calls_per_hour", "aht_s", "threshold_s", "target", "patience_s",
	"traffic_erl", "agents", "service_level", "p_wait", "asa_s",
	"occupancy", "p_abandon"
};
const size_t ts_staffing_ncolumns =
    sizeof ts_staffing_columns / sizeof ts_staffing_columns[0];

void
ts_staffing_fields(struct ts_writer *w, const struct ts_staffing_req *q,
    const struct ts_staffing_res *r, int ok)
{
	ts_writer_real(w, q->calls_per_hour, 2);
	ts_writer_real(w, handle(q), 1);
	ts_writer_real(w, q->threshold_s, 0);
	ts_writer_rate(w, q->target, 1);
	if (q->patience_s > 0)
		ts_writer_real(w, q->patience_s, 0);
	else
		ts_writer_null(w);
	ts_writer_real(w, q->calls_per_hour / 3600 * handle(q), 3);
	if (!ok) {
		/* No number of agents reaches the target. */
		ts_writer_null(w);
		ts_writer_null(w);
		ts_writer_null(w);
		ts_writer_null(w);
		ts_writer_null(w);
		ts_writer_null(w);
		return;
	}
	ts_writer_int(w, r->agents);
	ts_writer_rate(w, r->service_level, 1);
	ts_writer_rate(w, r->p_wait, 1);
	if (isinf(r->asa_s))
		ts_writer_null(w);
	else
		ts_writer_real(w, r->asa_s, 2);
	ts_writer_rate(w, r->occupancy, 1);
	if (q->patience_s > 0)
		ts_writer_rate(w, r->p_abandon, 1);
	else
		ts_writer_null(w);
}

int
ts_staffing_write(const struct ts_staffing_req *q, struct ts_writer *w)
{
	struct ts_staffing_res r;
	int ok = ts_staffing(q, &r) == 0;

	ts_writer_columns(w, ts_staffing_columns, ts_staffing_ncolumns);
	ts_staffing_fields(w, q, &r, ok);
	return ts_writer_end(w);
}
