/*
 * ts_route_escalate.c - following escalations (see ts_route_escalate.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_mem.h"
#include "ts_route_escalate.h"
#include "banned.h"

const char *const ts_route_alert_columns[] = {
	"escalation", "client", "caller", "at", "reason", "step",
	"action", "target", "greeting", "notify", "rule"
};
const size_t ts_route_alert_ncolumns =
    sizeof ts_route_alert_columns / sizeof ts_route_alert_columns[0];

const char *const ts_route_escalation_columns[] = {
	"escalation", "client", "rota", "rule", "caller", "at", "reason",
	"step", "alerted", "next_at", "status"
};
const size_t ts_route_escalation_ncolumns =
    sizeof ts_route_escalation_columns /
    sizeof ts_route_escalation_columns[0];

static int64_t
chain_length(const struct ts_rota *r)
{
	int64_t n = 0;
	size_t i;

	for (i = 0; i < r->nsteps; i++)
		n += r->steps[i].wait_s;
	return n;
}

int
ts_route_escalation_add(struct ts_store *st, const struct ts_route_call *c,
    const struct ts_decision *d, const char *ref, int64_t now, int *added,
    struct ts_error *err)
{
	struct ts_escalation e;

	*added = 0;
	if (!ts_route_escalation_due(c, d, now))
		return 0;
	memset(&e, 0, sizeof e);
	snprintf(e.client, sizeof e.client, "%s", c->cl->id);
	snprintf(e.call_ref, sizeof e.call_ref, "%s", ref);
	snprintf(e.rota, sizeof e.rota, "%s", d->rota->name);
	snprintf(e.rule, sizeof e.rule, "%s", d->rule_name);
	snprintf(e.caller, sizeof e.caller, "%s", c->caller);
	snprintf(e.reason, sizeof e.reason, "%s", c->reason);
	e.call_at = c->at;
	e.step = 0;
	snprintf(e.alerted, sizeof e.alerted, "%s", d->dial.buf);
	/* The person alerted now gets the whole wait to answer. */
	e.next_at = now + d->rota->steps[0].wait_s;
	return ts_store_escalation_add(st, &e, now, added, err);
}

int
ts_route_escalation_due(const struct ts_route_call *c,
    const struct ts_decision *d, int64_t now)
{
	return d->action == TS_ACTION_ESCALATE && d->rota &&
	    now - c->at < chain_length(d->rota);
}

int
ts_route_escalation_record(struct ts_store *st,
    const struct ts_route_call *c, const struct ts_decision *d,
    const char *ref, int64_t now, int *added, struct ts_error *err)
{
	*added = 0;
	if (!ts_route_escalation_due(c, d, now))
		return 0;
	if (ts_store_begin(st, err) < 0)
		return -1;
	if (ts_route_escalation_add(st, c, d, ref, now, added, err) < 0 ||
	    ts_store_commit(st, err) < 0) {
		ts_store_rollback(st);
		return -1;
	}
	return 0;
}

/* ---- moving on ---- */

struct due {
	struct ts_escalation *v;
	size_t n, cap;
};

static int
collect(const struct ts_escalation *e, void *p)
{
	struct due *d = p;

	TS_GROW(d->v, d->n + 1, d->cap);
	d->v[d->n++] = *e;
	return 0;
}

static const struct ts_rota *
find_rota(const struct ts_client *cl, const char *name)
{
	size_t i;

	for (i = 0; cl && i < cl->nrotas; i++)
		if (strcmp(cl->rotas[i].name, name) == 0)
			return &cl->rotas[i];
	return NULL;
}

static const struct ts_rule *
find_rule(const struct ts_client *cl, const char *name)
{
	size_t i;

	for (i = 0; cl && i < cl->nrules; i++)
		if (strcmp(cl->rules[i].name, name) == 0)
			return &cl->rules[i];
	return NULL;
}

/* One alert record for ts-msg. */
static int
write_alert(struct ts_route_followup *fu, const struct ts_escalation *e,
    const struct ts_client *cl, enum ts_action a, const char *notify)
{
	struct ts_buf g = TS_BUF_INIT;
	char t[TS_ISO_MAX];
	int rc;

	ts_time_iso(e->call_at, ts_config_tz(fu->cfg, cl), t);
	ts_writer_int(fu->w, e->id);
	ts_writer_str(fu->w, e->client);
	ts_writer_str(fu->w, e->caller);
	ts_writer_str(fu->w, t);
	/* Whatever the call said, an escalation that runs on is urgent. */
	ts_writer_str(fu->w, *e->reason ? e->reason : "urgent");
	ts_writer_int(fu->w, e->step);
	ts_writer_str(fu->w, ts_route_action_name(a));
	ts_writer_str(fu->w, a == TS_ACTION_ESCALATE ? e->rota : "");
	if (cl)
		ts_route_greeting(cl, find_rule(cl, e->rule), a, fu->cfg, &g);
	ts_writer_str(fu->w, g.buf);
	ts_writer_str(fu->w, notify);
	ts_writer_str(fu->w, e->rule);
	ts_buf_release(&g);
	rc = ts_writer_end(fu->w);
	return rc;
}

/* The next step of e, or the end of the chain. */
static int
move_on(struct ts_route_followup *fu, struct ts_escalation *e,
    struct ts_error *err)
{
	const struct ts_client *cl = ts_config_client(fu->cfg, e->client);
	const struct ts_rota *r = find_rota(cl, e->rota);
	char notify[TS_PHONE_MAX + 8];
	const char *num;

	e->step++;
	if (r && (size_t)e->step < r->nsteps) {
		num = ts_route_step_number(r, (size_t)e->step,
		    ts_config_tz(fu->cfg, cl), fu->now);
		snprintf(e->alerted, sizeof e->alerted, "%s", num);
		e->next_at = fu->now + r->steps[e->step].wait_s;
		snprintf(notify, sizeof notify, "sms:%s", num);
		fu->moved++;
		if (write_alert(fu, e, cl, TS_ACTION_ESCALATE, notify) < 0)
			return ts_error_set(err, TS_EXIT_FAIL, "write error: "
			    "<stdout>");
	} else {
		/* Nobody took it: a message for the rule's recipients (or
		 * the client's usual ones), not for the people on call. */
		const struct ts_rule *rule = find_rule(cl, e->rule);

		e->status = TS_ESC_EXHAUSTED;
		e->next_at = TS_TIME_NONE;
		fu->exhausted++;
		if (write_alert(fu, e, cl, TS_ACTION_MESSAGE, rule ?
		    rule->notify : "") < 0)
			return ts_error_set(err, TS_EXIT_FAIL, "write error: "
			    "<stdout>");
	}
	return ts_store_escalation_update(fu->store, e, fu->now, err);
}

int
ts_route_escalate_due(struct ts_route_followup *fu, struct ts_error *err)
{
	struct due d = { NULL, 0, 0 };
	size_t i;
	int rc;

	ts_writer_columns(fu->w, ts_route_alert_columns,
	    ts_route_alert_ncolumns);
	if (ts_store_begin(fu->store, err) < 0)
		return -1;
	rc = ts_store_escalations_each(fu->store, NULL, fu->now, collect, &d,
	    err);
	for (i = 0; rc == 0 && i < d.n; i++)
		rc = move_on(fu, &d.v[i], err);
	free(d.v);
	/* The alerts are out before the store says they were sent: a
	 * failure in between sends them again, never not at all. */
	if (rc == 0 && ts_writer_finish(fu->w) < 0)
		rc = ts_error_set(err, TS_EXIT_FAIL, "write error: <stdout>");
	if (rc < 0 || fu->dry_run) {
		ts_store_rollback(fu->store);
		return rc;
	}
	if (ts_store_commit(fu->store, err) < 0) {
		ts_store_rollback(fu->store);
		return -1;
	}
	return 0;
}

/* ---- listing, acknowledging ---- */

static int
list_one(const struct ts_escalation *e, void *p)
{
	struct ts_route_followup *fu = p;
	const struct ts_client *cl = ts_config_client(fu->cfg, e->client);
	const struct ts_tz *tz = ts_config_tz(fu->cfg, cl);
	char t[TS_ISO_MAX];

	ts_writer_int(fu->w, e->id);
	ts_writer_str(fu->w, e->client);
	ts_writer_str(fu->w, e->rota);
	ts_writer_str(fu->w, e->rule);
	ts_writer_str(fu->w, e->caller);
	ts_time_iso(e->call_at, tz, t);
	ts_writer_str(fu->w, t);
	ts_writer_str(fu->w, e->reason);
	ts_writer_int(fu->w, e->step);
	ts_writer_str(fu->w, e->alerted);
	ts_time_iso(e->next_at, tz, t);
	ts_writer_str(fu->w, t);
	ts_writer_str(fu->w, ts_escalation_status_name(e->status));
	return ts_writer_end(fu->w) < 0 ? -2 : 0;
}

int
ts_route_escalations_list(struct ts_route_followup *fu, const char *client,
    struct ts_error *err)
{
	int rc;

	ts_writer_columns(fu->w, ts_route_escalation_columns,
	    ts_route_escalation_ncolumns);
	rc = ts_store_escalations_each(fu->store, client, INT64_MAX, list_one,
	    fu, err);
	if (rc == -2)
		return ts_error_set(err, TS_EXIT_FAIL, "write error: <stdout>");
	return rc;
}

int
ts_route_ack(struct ts_store *st, int64_t id, const char *client,
    const char *by, int64_t now, long *count, struct ts_error *err)
{
	if (ts_store_begin(st, err) < 0)
		return -1;
	if (ts_store_escalation_ack(st, id, client, by, now, count, err) < 0 ||
	    ts_store_commit(st, err) < 0) {
		ts_store_rollback(st);
		return -1;
	}
	return 0;
}
