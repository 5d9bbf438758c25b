/*
 * ts_kpi_impl.h - internals shared by lib/ts_kpi*.c: the groups, their
 * counters and wait histograms.  Not for use outside the kpi module.
 */
#ifndef TS_KPI_IMPL_H
#define TS_KPI_IMPL_H

#include <stdint.h>

#include "ts_kpi.h"
#include "ts_map.h"

/*
 * Waits below HIST_CAP seconds are counted in a dense array that grows to
 * the largest wait seen; longer ones in a sorted list of (wait, count), so
 * that every percentile is exact and memory stays small.
 */
#define HIST_CAP 3600

struct over {
	int64_t v;		/* a wait of HIST_CAP seconds or more */
	uint64_t n;		/* calls that waited exactly that */
};

struct hist {
	uint32_t *c;		/* c[w]: calls that waited w seconds */
	uint32_t n;		/* length of c */
	struct over *over;	/* sorted by v */
	size_t nover, capover;
};

void hist_add(struct hist *h, int64_t w, uint64_t count);
void hist_merge(struct hist *dst, const struct hist *src);
/* The smallest wait with at least `rank` calls at or below it (1-based). */
int64_t hist_rank(const struct hist *h, uint64_t rank);
void hist_release(struct hist *h);

/* The sums of a group: every figure is computed from these at the end. */
struct counters {
	int64_t offered, answered, voicemail, abandoned, timeout, busy, failed;
	int64_t short_abandoned, in_threshold, out_of_hours;
	int64_t sl_num, sl_den, ab_num, ab_den;
	int64_t wait_answered;		/* sum of waits of answered calls */
	int64_t talk;			/* sum of talk of answered calls */
	int64_t waited, wait_sum, wait_max;	/* the wait distribution */
};

struct group {
	int64_t key[TS_KPI_MAXBY];	/* values; strings are intern ids */
	struct counters n;
	struct hist h;
};

/* Cache of a zone's offset by hour of instant. */
#define ZCACHE 16
struct zcache {
	int64_t hour[ZCACHE];
	int32_t off[ZCACHE];
};

/* Cache of a client's open/closed state: valid in [from, until). */
struct ocache {
	int64_t from, until;
	int open;
};

struct ts_kpi {
	const struct ts_kpi_conf *conf;
	struct ts_kpi_conf *own;	/* conf, when the aggregate owns it */
	struct group *g;
	size_t ng, capg;
	uint32_t *slots;		/* group index + 1; 0 empty */
	size_t nslots;			/* a power of two */
	/* interned strings (client, did, queue, agent) */
	struct ts_map strs;
	char **str;
	size_t nstr, capstr;
	/* caches, one per rule */
	struct zcache *zc;
	struct ocache *oc;
	struct ts_map client_ix;	/* client id -> rule index + 1 */
	char last_client[64];
	size_t last_rule;
	long calls;
	int sorted;
};

/* Interns s; returns its id. */
int64_t kpi_intern(struct ts_kpi *k, const char *s, size_t n);
/* The group with these key values, made if needed. */
struct group *kpi_group(struct ts_kpi *k, const int64_t *key);
/* Adds counters b to a. */
void counters_add(struct counters *a, const struct counters *b);
/* Sorts the groups by their keys (once). */
void kpi_sort(struct ts_kpi *k);
/* The text of key i of group g. */
void kpi_key_format(const struct ts_kpi *k, size_t i, int64_t v, char *buf,
    size_t n);
/* The value of key i from its text (partials); -1 when bad. */
int kpi_key_parse(struct ts_kpi *k, size_t i, const char *s, int64_t *v);

/* T, S and formula of rule r after the command line's overrides. */
void kpi_effective(const struct ts_kpi_conf *conf,
    const struct ts_kpi_rules *r, int64_t *t, int64_t *s,
    enum ts_sl_formula *f);
/* A --by key name ('_' or '-'); -1 when unknown. */
int kpi_key_lookup(const char *s, enum ts_kpi_key *key);

#endif
