/*
 * ts_cdr_queuelog.c - Asterisk queue_log: calls rebuilt from queue events.
 *
 * queue_log is the source of truth for waiting and abandons in a queue
 * (notes/kpi.md 4.5): ENTERQUEUE starts a call, CONNECT answers it,
 * COMPLETECALLER, COMPLETEAGENT and the transfers end an answered call,
 * ABANDON ends one the caller gave up on, EXITWITHTIMEOUT, EXITEMPTY and
 * EXITWITHKEY one that left the queue unanswered.  A call is handed to the
 * merger when it ends; a call whose ENTERQUEUE is in an earlier file is
 * rebuilt from the waiting and talking times its last events carry.
 * Events for agents and queues (ADDMEMBER, PAUSE, RINGNOANSWER...) are not
 * calls.  QUEUESTART means Asterisk restarted: calls still open then never
 * ended normally and are closed as they stand.  At the end of the input a
 * call that was answered is handed out (its end unknown); one still waiting
 * is not counted, and said so in the statistics.
 *
 * Both the flat file (time|callid|queue|agent|event|data1|...) and a
 * queue_log table with a header (the realtime schema, or an export of it)
 * are read; the table's columns are found by name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_cdr_impl.h"
#include "ts_mem.h"
#include "banned.h"

#define QL_MAXDATA 8

struct qstate {
	struct leg l;		/* l.c.call_id is the callid: the map key */
	int entered;		/* ENTERQUEUE seen */
	int connected;		/* CONNECT seen */
	char did[64];		/* raw DID from a DID event */
	struct qstate *next;	/* free list */
};

/* One event, from either a line or a table row. */
struct qevent {
	int64_t t;
	struct ts_csvfield callid, queue, agent, event;
	struct ts_csvfield data[QL_MAXDATA];	/* data1 is data[0] */
	size_t ndata;
};

static const struct colname header_names[] = {
	{ "time", QL_TIME }, { "date_time", QL_TIME }, { "timestamp", QL_TIME },
	{ "callid", QL_CALLID }, { "queuename", QL_QUEUE },
	{ "queue_name", QL_QUEUE }, { "queue", QL_QUEUE },
	{ "agent", QL_AGENT }, { "membername", QL_AGENT },
	/* One vendor's export names the agent column "type". */
	{ "type", QL_AGENT },
	{ "event", QL_EVENT }, { "data", QL_DATA },
	{ "data1", QL_DATA1 }, { "param1", QL_DATA1 },
	{ "data2", QL_DATA2 }, { "param2", QL_DATA2 },
	{ "data3", QL_DATA3 }, { "param3", QL_DATA3 },
	{ "data4", QL_DATA4 }, { "param4", QL_DATA4 },
	{ "data5", QL_DATA5 }, { "param5", QL_DATA5 }
};

/*
 * The state of a call by its callid.  The map's key is the call id as the
 * call keeps it (cut to its field, up to a NUL), so that a long callid is
 * found again by the same key it was stored under.
 */
static struct qstate *
qget(struct ts_cdr *cdr, const struct ts_csvfield *callid, int64_t t,
    long line)
{
	char id[TS_CALL_ID_MAX];
	struct qstate *qs;

	ts_copy_text(id, sizeof id, callid->s, callid->n);
	if ((qs = ts_map_get(&cdr->qcalls, id, strlen(id))) != NULL)
		return qs;
	qs = cdr->qfree;
	if (qs)
		cdr->qfree = qs->next;
	else
		qs = ts_xmalloc(sizeof *qs);
	memset(qs, 0, sizeof *qs);
	ts_call_init(&qs->l.c);
	memcpy(qs->l.c.call_id, id, sizeof id);
	qs->l.c.start = t;
	qs->l.c.line = line;
	ts_map_put(&cdr->qcalls, qs->l.c.call_id, strlen(qs->l.c.call_id), qs);
	return qs;
}

/* Hands a finished call to the merger and forgets it. */
static void
qemit(struct ts_cdr *cdr, struct qstate *qs, const struct row *r)
{
	struct ts_csvfield did = { qs->did, strlen(qs->did) };
	struct row at = *r;

	set_did_client(cdr, &qs->l.c, &did, NULL);
	/* A queue_log call starts when it enters the queue. */
	qs->l.c.queued = qs->l.c.start;
	at.line = qs->l.c.line;
	cdr_leg(cdr, &qs->l, &at);
	ts_map_del(&cdr->qcalls, qs->l.c.call_id, strlen(qs->l.c.call_id));
	qs->next = cdr->qfree;
	cdr->qfree = qs;
}

static int64_t
data_int(const struct qevent *ev, size_t i)
{
	int64_t v;

	if (i >= ev->ndata || field_uint(&ev->data[i], &v) < 0)
		return 0;
	return v;
}

/* An answered call ends: at t, after `talk` seconds with `hold` before. */
static void
q_complete(struct ts_cdr *cdr, struct qstate *qs, const struct qevent *ev,
    int64_t hold, int64_t talk, const struct row *r)
{
	struct ts_call *c = &qs->l.c;

	c->status = TS_ST_ANSWERED;
	c->end = ev->t;
	if (!qs->connected)
		c->answer = ev->t - talk;
	if (!qs->entered)
		c->start = c->answer - hold;
	if (!c->agent[0])
		set_text(c->agent, sizeof c->agent, &ev->agent);
	qemit(cdr, qs, r);
}

/* An unanswered call ends after waiting `wait` seconds. */
static void
q_unanswered(struct ts_cdr *cdr, struct qstate *qs, const struct qevent *ev,
    enum ts_status st, int64_t wait, const struct row *r)
{
	struct ts_call *c = &qs->l.c;

	c->status = st;
	c->end = ev->t;
	c->answer = TS_TIME_NONE;
	if (!qs->entered)
		c->start = ev->t - wait;
	qemit(cdr, qs, r);
}

static void
q_enter(struct ts_cdr *cdr, struct qstate *qs, const struct qevent *ev)
{
	struct ts_call *c = &qs->l.c;
	const struct ts_csvfield *num = &ev->data[1];

	/* A second ENTERQUEUE (moved to another queue) is the same call. */
	if (qs->entered)
		return;
	qs->entered = 1;
	c->start = ev->t;
	/* url|callerid|position; some exports shift callerid to data1. */
	if (ev->ndata < 2 || field_empty(num))
		num = &ev->data[0];
	if (ev->ndata > 0)
		set_caller(cdr, c, num, NULL);
}

/* Closes every open call as it stands: Asterisk restarted at t (their
 * end), or the input ended (final: ends unknown). */
static void
q_close_all(struct ts_cdr *cdr, const struct row *r, int final, int64_t t)
{
	const struct ts_map_slot *slot;
	struct qstate **open;
	size_t i = 0, n = 0, k;

	open = ts_xreallocarray(NULL, cdr->qcalls.count + 1, sizeof *open);
	while (ts_map_next(&cdr->qcalls, &i, &slot))
		open[n++] = slot->value;
	for (k = 0; k < n; k++) {
		struct qstate *qs = open[k];

		if (qs->connected) {
			qs->l.c.status = TS_ST_ANSWERED;
			if (!final)
				qs->l.c.end = t;
		} else if (final) {
			cdr->stats.open++;
			ts_map_del(&cdr->qcalls, qs->l.c.call_id,
			    strlen(qs->l.c.call_id));
			qs->next = cdr->qfree;
			cdr->qfree = qs;
			continue;
		} else {
			qs->l.c.status = TS_ST_MISSED;
			qs->l.c.end = t;
		}
		qemit(cdr, qs, r);
	}
	free(open);
}

static int
is_call_id(const struct ts_csvfield *f)
{
	/* A NUL first would make an empty id once copied. */
	return !field_empty(f) && f->s[0] != '\0' && !field_is(f, "NONE") &&
	    !field_is(f, "MANAGER") && !field_is(f, "REALTIME") &&
	    !field_is(f, "CLI");
}

/* Applies one event.  Returns 1 when it was about a call, else 0. */
static int
q_event(struct ts_cdr *cdr, const struct qevent *ev, const struct row *r)
{
	const struct ts_csvfield *e = &ev->event;
	struct qstate *qs;

	if (field_is(e, "QUEUESTART")) {
		q_close_all(cdr, r, 0, ev->t);
		return 0;
	}
	if (!is_call_id(&ev->callid))
		return 0;
	if (!field_is(e, "ENTERQUEUE") && !field_is(e, "CONNECT") &&
	    !field_is(e, "COMPLETECALLER") && !field_is(e, "COMPLETEAGENT") &&
	    !field_is(e, "ABANDON") && !field_is(e, "EXITWITHTIMEOUT") &&
	    !field_is(e, "EXITEMPTY") && !field_is(e, "EXITWITHKEY") &&
	    !field_is(e, "TRANSFER") && !field_is(e, "BLINDTRANSFER") &&
	    !field_is(e, "ATTENDEDTRANSFER") && !field_is(e, "DID"))
		return 0;
	qs = qget(cdr, &ev->callid, ev->t, r->line);
	if (!qs->l.c.queue[0] && !field_is(&ev->queue, "NONE"))
		set_text(qs->l.c.queue, sizeof qs->l.c.queue, &ev->queue);
	if (field_is(e, "ENTERQUEUE")) {
		q_enter(cdr, qs, ev);
	} else if (field_is(e, "DID")) {
		if (ev->ndata > 0)
			ts_copy_text(qs->did, sizeof qs->did, ev->data[0].s,
			    ev->data[0].n);
	} else if (field_is(e, "CONNECT")) {
		qs->connected = 1;
		qs->l.c.status = TS_ST_ANSWERED;
		qs->l.c.answer = ev->t;
		if (!qs->entered)
			qs->l.c.start = ev->t - data_int(ev, 0);
		set_text(qs->l.c.agent, sizeof qs->l.c.agent, &ev->agent);
	} else if (field_is(e, "COMPLETECALLER") ||
	    field_is(e, "COMPLETEAGENT")) {
		q_complete(cdr, qs, ev, data_int(ev, 0), data_int(ev, 1), r);
	} else if (field_is(e, "TRANSFER") || field_is(e, "BLINDTRANSFER")) {
		q_complete(cdr, qs, ev, data_int(ev, 2), data_int(ev, 3), r);
	} else if (field_is(e, "ATTENDEDTRANSFER")) {
		/* ...|holdtime|calltime|origposition: from the end. */
		size_t n = ev->ndata;

		q_complete(cdr, qs, ev, n >= 3 ? data_int(ev, n - 3) : 0,
		    n >= 2 ? data_int(ev, n - 2) : 0, r);
	} else if (field_is(e, "ABANDON")) {
		q_unanswered(cdr, qs, ev, TS_ST_ABANDONED, data_int(ev, 2), r);
	} else if (field_is(e, "EXITWITHKEY")) {
		q_unanswered(cdr, qs, ev, TS_ST_TIMEOUT, data_int(ev, 3), r);
	} else {
		q_unanswered(cdr, qs, ev, TS_ST_TIMEOUT, data_int(ev, 2), r);
	}
	return 1;
}

int
ql_line(struct ts_cdr *cdr, const struct row *r, struct ts_error *err)
{
	struct qevent ev;
	size_t i;

	if (r->n < 5)
		return cdr_bad(cdr, r, err, "%zu fields, queue_log lines have "
		    "at least 5", r->n);
	if (field_uint(&r->f[0], &ev.t) < 0)
		return cdr_bad(cdr, r, err, "bad time");
	ev.callid = r->f[1];
	ev.queue = r->f[2];
	ev.agent = r->f[3];
	ev.event = r->f[4];
	ev.ndata = 0;
	for (i = 5; i < r->n && i < CDR_MAXF && ev.ndata < QL_MAXDATA; i++)
		ev.data[ev.ndata++] = r->f[i];
	for (i = ev.ndata; i < QL_MAXDATA; i++)
		ev.data[i] = row_field(r, -1);
	return q_event(cdr, &ev, r);
}

#define NNAMES (sizeof header_names / sizeof header_names[0])

int
ql_is_header(const struct row *r)
{
	int cols[QL_NCOLS];

	map_header(r, header_names, NNAMES, cols, QL_NCOLS);
	return cols[QL_CALLID] >= 0 && cols[QL_EVENT] >= 0;
}

int
ql_header(struct ts_cdr *cdr, const struct row *r, struct ts_error *err)
{
	map_header(r, header_names, NNAMES, cdr->ql_col, QL_NCOLS);
	if (cdr->ql_col[QL_TIME] < 0 || cdr->ql_col[QL_CALLID] < 0 ||
	    cdr->ql_col[QL_EVENT] < 0)
		return ts_error_at(err, TS_EXIT_FAIL, cdr->name, r->line, 0,
		    "the header names no 'time', 'callid' and 'event' "
		    "columns");
	return 0;
}

int
ql_table_row(struct ts_cdr *cdr, const struct row *r, struct ts_error *err)
{
	struct qevent ev;
	struct ts_csvfield t = row_field(r, cdr->ql_col[QL_TIME]);
	struct ts_csvfield data = row_field(r, cdr->ql_col[QL_DATA]);
	size_t i;

	if (field_uint(&t, &ev.t) < 0 && field_time(cdr, &t, &ev.t) < 0)
		return cdr_bad(cdr, r, err, "bad time");
	ev.callid = row_field(r, cdr->ql_col[QL_CALLID]);
	ev.queue = row_field(r, cdr->ql_col[QL_QUEUE]);
	ev.agent = row_field(r, cdr->ql_col[QL_AGENT]);
	ev.event = row_field(r, cdr->ql_col[QL_EVENT]);
	ev.ndata = 5;
	for (i = 0; i < 5; i++)
		ev.data[i] = row_field(r, cdr->ql_col[QL_DATA1 + i]);
	for (; i < QL_MAXDATA; i++)
		ev.data[i] = row_field(r, -1);
	/* A single "data" column holds data1|data2|... as the file does. */
	if (cdr->ql_col[QL_DATA1] < 0 && !field_empty(&data)) {
		const char *p = data.s, *end = data.s + data.n, *bar;

		for (i = 0; i < QL_MAXDATA; i++) {
			bar = memchr(p, '|', (size_t)(end - p));
			ev.data[i].s = p;
			ev.data[i].n = (size_t)((bar ? bar : end) - p);
			if (!bar)
				break;
			p = bar + 1;
		}
		ev.ndata = i + 1;
	}
	return q_event(cdr, &ev, r);
}

void
ql_finish(struct ts_cdr *cdr)
{
	struct row r;

	memset(&r, 0, sizeof r);
	r.raw = "";
	q_close_all(cdr, &r, 1, TS_TIME_NONE);
}

void
ql_release(struct ts_cdr *cdr)
{
	const struct ts_map_slot *slot;
	struct qstate *qs, *next;
	size_t i = 0;

	while (ts_map_next(&cdr->qcalls, &i, &slot))
		free(slot->value);
	ts_map_release(&cdr->qcalls);
	for (qs = cdr->qfree; qs; qs = next) {
		next = qs->next;
		free(qs);
	}
	cdr->qfree = NULL;
}
