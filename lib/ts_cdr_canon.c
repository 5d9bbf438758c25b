/*
 * ts_cdr_canon.c - ts's own call records (man/ts-records.5): a CSV file
 * with a header naming the canonical columns.  Columns are found by name;
 * call_id, start and status are required, the others optional.  Times are
 * ISO 8601; without an offset they are local to the input's zone.  A call
 * without a client is given one from its number, as for PBX files.
 * wait_s and talk_s are derived from the times, as everywhere, so a file
 * whose figures disagree with its own times cannot skew a report.
 */
#include <stdio.h>
#include <string.h>

#include "ts_cdr_impl.h"
#include "banned.h"

static const struct colname names[] = {
	{ "call_id", CN_CALL_ID }, { "client", CN_CLIENT }, { "did", CN_DID },
	{ "caller", CN_CALLER }, { "caller_name", CN_CALLER_NAME },
	{ "start", CN_START }, { "answer", CN_ANSWER }, { "end", CN_END },
	{ "wait_s", CN_WAIT }, { "talk_s", CN_TALK }, { "status", CN_STATUS },
	{ "agent", CN_AGENT }, { "queue", CN_QUEUE }, { "queued", CN_QUEUED },
	{ "source", CN_SOURCE }
};
#define NNAMES (sizeof names / sizeof names[0])

int
canon_is_header(const struct row *r)
{
	int cols[CN_NCOLS];

	map_header(r, names, NNAMES, cols, CN_NCOLS);
	return cols[CN_CALL_ID] >= 0 && cols[CN_START] >= 0 &&
	    cols[CN_STATUS] >= 0;
}

int
canon_header(struct ts_cdr *cdr, const struct row *r, struct ts_error *err)
{
	map_header(r, names, NNAMES, cdr->cn_col, CN_NCOLS);
	if (cdr->cn_col[CN_CALL_ID] < 0 || cdr->cn_col[CN_START] < 0 ||
	    cdr->cn_col[CN_STATUS] < 0)
		return ts_error_at(err, TS_EXIT_FAIL, cdr->name, r->line, 0,
		    "the header names no 'call_id', 'start' and 'status' "
		    "columns");
	return 0;
}

/* An ISO 8601 time, or empty (TS_TIME_NONE). */
static int
canon_time(struct ts_cdr *cdr, const struct ts_csvfield *f, int64_t *t)
{
	if (f->n == 0) {
		*t = TS_TIME_NONE;
		return 0;
	}
	return ts_time_parse(f->s, f->n, cdr->tz, TS_FOLD_EARLIER, t, NULL);
}

static struct ts_csvfield
col(struct ts_cdr *cdr, const struct row *r, enum canon_col c)
{
	return row_field(r, cdr->cn_col[c]);
}

int
canon_row(struct ts_cdr *cdr, const struct row *r, struct ts_error *err)
{
	struct leg l;
	struct ts_csvfield f;

	ts_call_init(&l.c);
	l.hashed = 0;
	l.alt[0] = '\0';
	f = col(cdr, r, CN_CALL_ID);
	if (f.n == 0)
		return cdr_bad(cdr, r, err, "empty call_id");
	set_text(l.c.call_id, sizeof l.c.call_id, &f);
	f = col(cdr, r, CN_STATUS);
	if (ts_status_parse(f.s, f.n, &l.c.status) < 0)
		return cdr_bad(cdr, r, err, "unknown status");
	f = col(cdr, r, CN_START);
	if (f.n == 0 || canon_time(cdr, &f, &l.c.start) < 0)
		return cdr_bad(cdr, r, err, "bad start");
	f = col(cdr, r, CN_ANSWER);
	if (canon_time(cdr, &f, &l.c.answer) < 0)
		return cdr_bad(cdr, r, err, "bad answer");
	f = col(cdr, r, CN_END);
	if (canon_time(cdr, &f, &l.c.end) < 0)
		return cdr_bad(cdr, r, err, "bad end");
	f = col(cdr, r, CN_QUEUED);
	if (canon_time(cdr, &f, &l.c.queued) < 0)
		return cdr_bad(cdr, r, err, "bad queued");
	if ((l.c.end != TS_TIME_NONE && l.c.end < l.c.start) ||
	    (l.c.queued != TS_TIME_NONE && l.c.queued < l.c.start) ||
	    (l.c.answer != TS_TIME_NONE && l.c.answer < l.c.start))
		return cdr_bad(cdr, r, err, "times out of order");
	f = col(cdr, r, CN_CALLER);
	set_caller(cdr, &l.c, &f, NULL);
	f = col(cdr, r, CN_CALLER_NAME);
	set_text(l.c.caller_name, sizeof l.c.caller_name, &f);
	f = col(cdr, r, CN_AGENT);
	set_text(l.c.agent, sizeof l.c.agent, &f);
	f = col(cdr, r, CN_QUEUE);
	set_text(l.c.queue, sizeof l.c.queue, &f);
	f = col(cdr, r, CN_CLIENT);
	set_text(l.c.client, sizeof l.c.client, &f);
	f = col(cdr, r, CN_DID);
	set_did_client(cdr, &l.c, &f, NULL);
	/* A source column keeps calls apart as they were in their store,
	 * unless --source says otherwise. */
	f = col(cdr, r, CN_SOURCE);
	if (!cdr->opts.source)
		set_text(l.c.source, sizeof l.c.source, &f);
	cdr_leg(cdr, &l, r);
	return 1;
}
