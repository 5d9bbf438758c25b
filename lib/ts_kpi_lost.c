/*
 * ts_kpi_lost.c - lost calls and whether each was recovered (see ts_kpi.h).
 *
 * Every call that was not answered by a person (voicemail, busy and failed
 * included: each is a caller the service did not speak to) is listed.  It
 * was recovered when, after its start and within the window, the service
 * called the caller's number and was answered (a callback: a call whose
 * dialled number is the caller's), or the caller called again and was
 * answered.  The first such call is given, with its delay.
 *
 * Calls come from the reader roughly but not exactly in time order, so
 * the lost calls are kept, and of the other calls only a digest of the
 * number, the start and the kind (24 bytes each); matching is done at the
 * end.
 */
#include <stdlib.h>
#include <string.h>

#include "ts_kpi_impl.h"
#include "ts_mem.h"
#include "banned.h"

/* A lost call, as listed. */
struct lost {
	char call_id[TS_CALL_ID_MAX];
	char client[64];
	char did[TS_PHONE_MAX];
	char caller[TS_PHONE_MAX];
	char caller_name[TS_CALL_TEXT_MAX];
	int64_t start, wait;
	enum ts_status status;
	const struct ts_tz *tz;
};

/* An answered call that may recover a lost one. */
struct event {
	uint64_t num;		/* digest of the number */
	int64_t start;
	int kind;		/* 0: callback, 1: the caller again */
};

struct lost_ctx {
	const struct ts_kpi_conf *conf;
	struct lost *lost;
	size_t nlost, caplost;
	struct event *ev;
	size_t nev, capev;
};

static void
add_event(struct lost_ctx *lc, const char *num, int64_t start, int kind)
{
	struct event *e;

	if (!num[0])
		return;
	TS_GROW(lc->ev, lc->nev + 1, lc->capev);
	e = &lc->ev[lc->nev++];
	e->num = ts_map_hash(num, strlen(num));
	e->start = start;
	e->kind = kind;
}

static int
collect(const struct ts_call *c, void *p)
{
	struct lost_ctx *lc = p;
	struct ts_kpi_class k;
	struct lost *l;

	if (c->status == TS_ST_ANSWERED) {
		add_event(lc, c->did, c->start, 0);
		add_event(lc, c->caller, c->start, 1);
		return 0;
	}
	ts_kpi_classify(lc->conf, c, &k);
	if (!k.counted)
		return 0;
	TS_GROW(lc->lost, lc->nlost + 1, lc->caplost);
	l = &lc->lost[lc->nlost++];
	memcpy(l->call_id, c->call_id, sizeof l->call_id);
	memcpy(l->client, c->client, sizeof l->client);
	memcpy(l->did, c->did, sizeof l->did);
	memcpy(l->caller, c->caller, sizeof l->caller);
	memcpy(l->caller_name, c->caller_name, sizeof l->caller_name);
	l->start = c->start;
	l->wait = k.wait;
	l->status = c->status;
	l->tz = k.rules->tz;
	return 0;
}

static int
ev_cmp(const void *a, const void *b)
{
	const struct event *x = a, *y = b;

	if (x->num != y->num)
		return x->num < y->num ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->kind - y->kind;
}

static int
lost_cmp(const void *a, const void *b)
{
	const struct lost *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return strcmp(x->call_id, y->call_id);
}

/* The first event for l's caller after its start, within the window. */
static const struct event *
recovery(const struct lost_ctx *lc, const struct lost *l, int64_t within)
{
	struct event key = { 0, 0, -1 };
	size_t lo = 0, hi = lc->nev;

	if (!l->caller[0])
		return NULL;
	key.num = ts_map_hash(l->caller, strlen(l->caller));
	key.start = l->start;
	key.kind = 2;		/* strictly after the lost call */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (ev_cmp(&lc->ev[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < lc->nev && lc->ev[lo].num == key.num &&
	    lc->ev[lo].start - l->start <= within)
		return &lc->ev[lo];
	return NULL;
}

static const char *const lost_cols[] = {
	"call_id", "client", "did", "caller", "caller_name", "start",
	"wait_s", "status", "callback", "callback_by", "callback_at",
	"callback_after_s"
};

static int
write_lost(const struct lost_ctx *lc, const struct lost *l, int64_t within,
    struct ts_writer *w)
{
	const struct event *e = recovery(lc, l, within);
	char t[TS_ISO_MAX];

	ts_writer_str(w, l->call_id);
	ts_writer_str(w, l->client);
	ts_writer_str(w, l->did);
	ts_writer_str(w, l->caller);
	ts_writer_str(w, l->caller_name);
	ts_time_iso(l->start, l->tz, t);
	ts_writer_str(w, t);
	ts_writer_int(w, l->wait);
	ts_writer_str(w, ts_status_name(l->status));
	ts_writer_str(w, e ? "yes" : "no");
	if (e) {
		ts_writer_str(w, e->kind ? "caller" : "callback");
		ts_time_iso(e->start, l->tz, t);
		ts_writer_str(w, t);
		ts_writer_int(w, e->start - l->start);
	} else {
		ts_writer_null(w);
		ts_writer_null(w);
		ts_writer_null(w);
	}
	return ts_writer_end(w);
}

int
ts_kpi_lost(struct ts_kpi_source *src, const struct ts_kpi_conf *conf,
    int64_t within, struct ts_writer *w, struct ts_error *err)
{
	struct lost_ctx lc;
	size_t i;
	int rc;

	memset(&lc, 0, sizeof lc);
	lc.conf = conf;
	ts_writer_columns(w, lost_cols, sizeof lost_cols / sizeof lost_cols[0]);
	rc = ts_kpi_source_each(src, collect, &lc, err);
	if (rc == 0) {
		if (lc.nev > 1)
			qsort(lc.ev, lc.nev, sizeof *lc.ev, ev_cmp);
		if (lc.nlost > 1)
			qsort(lc.lost, lc.nlost, sizeof *lc.lost, lost_cmp);
		for (i = 0; i < lc.nlost && rc == 0; i++)
			if (write_lost(&lc, &lc.lost[i], within, w) < 0)
				rc = ts_error_set(err, TS_EXIT_FAIL,
				    "write error");
	}
	free(lc.lost);
	free(lc.ev);
	return rc;
}
