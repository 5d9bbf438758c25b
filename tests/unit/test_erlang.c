/*
 * test_erlang.c - Erlang C and Erlang A against published and computed
 * values (notes/kpi.md 5.3 and 5.5; the first three from the issue).
 */
#include <math.h>
#include <stdio.h>

#include "tap.h"
#include "ts_erlang.h"
#include "banned.h"

static char msg[256];
/* okf() with a printf-style name. */
#define okf(cond, ...) do { \
	int okf_c_ = (cond); \
	snprintf(msg, sizeof msg, __VA_ARGS__); \
	ok(okf_c_, msg); \
} while (0)

static struct ts_staffing_req
req(double calls, double aht, double target, double t, double patience)
{
	struct ts_staffing_req q = { calls, aht, 0, target, t, patience, 0 };

	return q;
}

static int
near(double a, double b, double eps)
{
	return fabs(a - b) <= eps;
}

static void
published(void)
{
	struct ts_staffing_req q = req(57, 1110, 0.80, 180, 0);
	struct ts_staffing_res r;

	/* Westbay: 57 calls/h, 1110 s, 21 agents, T = 180 s: 80.66 %. */
	q.agents = 21;
	ts_staffing(&q, &r);
	okf(near(r.service_level, 0.806556, 5e-7), "57/h 1110 s 21 agents "
	    "T=180: SL %.6f", r.service_level);
	okf(near(r.p_wait, 0.337104, 5e-7), "  probability of waiting %.6f",
	    r.p_wait);
	/* 80 % in 20 s needs 23 agents (22 give 78.46 %). */
	q = req(57, 1110, 0.80, 20, 0);
	okf(ts_staffing(&q, &r) == 0 && r.agents == 23, "80/20 needs 23 "
	    "agents (%d)", r.agents);
	okf(near(r.service_level, 0.857271, 5e-7), "  at 85.73 %% (%.6f)",
	    r.service_level);
	/* 48 Erlangs (360 calls per half hour, 240 s), 55 agents, T = 15. */
	q = req(720, 240, 0.80, 15, 0);
	q.agents = 55;
	ts_staffing(&q, &r);
	okf(near(r.traffic, 48, 1e-9), "48 Erlangs");
	okf(near(r.p_wait, 0.238701, 5e-7), "P(wait) 0.238701 (%.6f)",
	    r.p_wait);
	okf(near(r.service_level, 0.845883, 5e-7), "SL 84.59 %% (%.6f)",
	    r.service_level);
	okf(near(r.asa_s, 8.184, 5e-4), "ASA 8.18 s (%.4f)", r.asa_s);
	/* 250 calls/h, 330 s, 80 % in 30 s: 28 agents. */
	q = req(250, 330, 0.80, 30, 0);
	okf(ts_staffing(&q, &r) == 0 && r.agents == 28, "250/h 330 s 80/30: "
	    "28 agents (%d)", r.agents);
}

static void
computed(void)
{
	struct ts_staffing_req q = req(60, 180, 0.80, 15, 0);
	struct ts_staffing_res r;

	/* Case 6 sits 0.0001 above 80 %: >= without rounding. */
	okf(ts_staffing(&q, &r) == 0 && r.agents == 5 &&
	    near(r.service_level, 0.800102, 5e-7), "60/h 180 s 80/15: 5 "
	    "agents at %.6f", r.service_level);
	okf(near(ts_erlang_c(48, 50), 0.694456, 5e-7), "C(50, 48)");
	okf(near(ts_erlang_c(96, 100), 0.587281, 5e-7), "C(100, 96)");
	okf(near(ts_erlang_c(487, 500), 0.446475, 5e-7), "C(500, 487): no "
	    "overflow (%.6f)", ts_erlang_c(487, 500));
	q = req(5000, 300, 0.80, 20, 0);
	okf(ts_staffing(&q, &r) == 0 && r.agents == 429 &&
	    near(r.service_level, 0.808033, 5e-7), "5000/h 300 s: 429 "
	    "agents (%d, %.6f)", r.agents, r.service_level);
	okf(ts_erlang_c(10, 10) == 1 && ts_erlang_c(10, 5) == 1,
	    "no more agents than Erlangs: everyone waits");
	q = req(100000, 300, 0.80, 20, 0);
	q.agents = 1000;
	ts_staffing(&q, &r);
	okf(r.service_level == 0 && isinf(r.asa_s), "overloaded: SL 0");
}

static void
erlang_a(void)
{
	static const struct {
		double patience;
		int n;
		double pw, pab, sl;
	} t[] = {
		{ 60, 3, 0.4764, 0.2772, 0.5844 },
		{ 60, 4, 0.2926, 0.1473, 0.7590 },
		{ 60, 5, 0.1568, 0.0693, 0.8784 },
		{ 120, 3, 0.5374, 0.2449, 0.5198 },
		{ 120, 4, 0.3297, 0.1221, 0.7224 },
		{ 120, 5, 0.1744, 0.0539, 0.8623 },
	};
	struct ts_staffing_req q;
	struct ts_staffing_res r;
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		q = req(60, 180, 0.80, 15, t[i].patience);
		q.agents = t[i].n;
		ts_staffing(&q, &r);
		okf(near(r.p_wait, t[i].pw, 6e-5) &&
		    near(r.p_abandon, t[i].pab, 6e-5) &&
		    near(r.service_level, t[i].sl, 6e-5),
		    "Erlang A patience %.0f s, %d agents: %.4f %.4f %.4f",
		    t[i].patience, t[i].n, r.p_wait, r.p_abandon,
		    r.service_level);
	}
	/* Nearly infinite patience gives Erlang C. */
	q = req(60, 180, 0.80, 15, 1e9);
	q.agents = 5;
	ts_staffing(&q, &r);
	okf(near(r.service_level, 0.800102, 1e-5), "patience -> infinity: "
	    "Erlang C (%.6f)", r.service_level);
	q = req(60, 180, 0.75, 15, 60);
	okf(ts_staffing(&q, &r) == 0 && r.agents == 4, "Erlang A: 4 agents "
	    "for 75/15 with 60 s patience (%d)", r.agents);
	q.patience_s = 0;
	okf(ts_staffing(&q, &r) == 0 && r.agents == 5, "where Erlang C "
	    "asks 5 (%d)", r.agents);
	okf(r.asa_s > 0 && r.asa_s < 60, "ASA of answered calls %.2f s",
	    r.asa_s);
}

int
main(void)
{
	published();
	computed();
	erlang_a();
	return done_testing();
}
