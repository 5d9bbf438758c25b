/*
 * ts_erlang.h - staffing: how many agents a load needs for a service
 * level, by Erlang C (callers wait as long as it takes) or Erlang A
 * (callers hang up after an exponential patience).
 *
 * Erlang C uses the Erlang B recurrence, B(0) = 1,
 * B(k) = A B(k-1) / (k + A B(k-1)), and C = N B / (N - A (1 - B)): no
 * factorial and no power, so it stays exact enough up to thousands of
 * agents.  Erlang A solves the birth-death chain in logarithms and the
 * waiting time of a caller by uniformisation (notes/kpi.md 5.4).  Both
 * assume Poisson arrivals, exponential handle times, one skill and a
 * steady state within the interval.
 */
#ifndef TS_ERLANG_H
#define TS_ERLANG_H

#include "ts_rec.h"

#define TS_ERLANG_MAX_AGENTS 10000

/* Probability that a call waits, Erlang C, traffic a Erlangs, n agents
 * (1 when n <= a). */
double ts_erlang_c(double a, int n);

/* What a load needs. */
struct ts_staffing_req {
	double calls_per_hour;	/* offered calls in one hour */
	double aht_s;		/* average handle time (talk + hold) */
	double wrap_up_s;	/* after-call work, added to aht_s */
	double target;		/* service level to reach, e.g. 0.80 */
	double threshold_s;	/* T: answered within T */
	double patience_s;	/* mean patience: Erlang A; 0: Erlang C */
	int agents;		/* evaluate this many; 0: the fewest that
				 * reach the target */
};

/* What n agents give. */
struct ts_staffing_res {
	double traffic;		/* Erlangs: calls per second x handle time */
	int agents;
	double service_level;	/* answered within T / offered */
	double p_wait;		/* probability of waiting at all */
	double asa_s;		/* mean wait of answered calls */
	double occupancy;	/* busy share of the agents' time */
	double p_abandon;	/* Erlang A; 0 for Erlang C */
};

/* Evaluates n agents. */
void ts_erlang_eval(const struct ts_staffing_req *q, int n,
    struct ts_staffing_res *r);
/*
 * q->agents agents, or the fewest (up to TS_ERLANG_MAX_AGENTS) whose
 * service level reaches q->target (compared unrounded).  Returns 0, or -1
 * when no number of agents up to the maximum reaches it.
 */
int ts_staffing(const struct ts_staffing_req *q, struct ts_staffing_res *r);

/* The columns of a staffing record, and one record (or, when the target
 * cannot be reached, the load with empty figures). */
extern const char *const ts_staffing_columns[];
extern const size_t ts_staffing_ncolumns;
void ts_staffing_fields(struct ts_writer *w, const struct ts_staffing_req *q,
    const struct ts_staffing_res *r, int ok);
/* Writes the columns and one record for q. */
int ts_staffing_write(const struct ts_staffing_req *q, struct ts_writer *w);

#endif
