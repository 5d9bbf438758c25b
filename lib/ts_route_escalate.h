/*
 * ts_route_escalate.h - following an escalation to the on-call person
 * until someone acknowledges it.
 *
 * A call routed to `escalate` alerts the first step of its rota's chain
 * (ts_config.h, struct ts_step: usually the person on call) and is
 * recorded in the store as an open escalation, due to move on after that
 * step's wait.  `ts-route escalate`, run every minute from cron, moves each
 * escalation that is due to its next step (the next person, a backup
 * number) and writes one record per alert for `ts-msg add -`; when the
 * chain runs out it closes the escalation as exhausted and writes a
 * message for the client's usual recipients.  `ts-route ack` closes an
 * escalation as acknowledged.
 */
#ifndef TS_ROUTE_ESCALATE_H
#define TS_ROUTE_ESCALATE_H

#include <stdint.h>

#include "ts_config.h"
#include "ts_err.h"
#include "ts_rec.h"
#include "ts_route.h"
#include "ts_store.h"

/*
 * Records the escalation of call c, decided d (action escalate, with its
 * rota), under ref (the call's id or ts_route_call_ref's digest), in one
 * transaction.  A call older than its rota's whole chain (the sum of the
 * steps' waits) is history, not an emergency: it is not recorded.
 * *added is 1 when a new escalation was stored.
 */
int ts_route_escalation_record(struct ts_store *st,
    const struct ts_route_call *c, const struct ts_decision *d,
    const char *ref, int64_t now, int *added, struct ts_error *err);

/* The same inside the caller's transaction (ts_store_begin), for a run
 * that records many. */
int ts_route_escalation_add(struct ts_store *st, const struct ts_route_call *c,
    const struct ts_decision *d, const char *ref, int64_t now, int *added,
    struct ts_error *err);

/* 1 when decision d of call c is an escalation to follow up at now: an
 * escalate decision, and a call no older than its rota's whole chain. */
int ts_route_escalation_due(const struct ts_route_call *c,
    const struct ts_decision *d, int64_t now);

/* The columns of the records ts_route_escalate_due writes, and of
 * ts_route_escalations_list's. */
extern const char *const ts_route_alert_columns[];
extern const size_t ts_route_alert_ncolumns;
extern const char *const ts_route_escalation_columns[];
extern const size_t ts_route_escalation_ncolumns;

struct ts_route_followup {
	const struct ts_config *cfg;
	struct ts_store *store;
	struct ts_writer *w;	/* the alerts, or the list */
	int64_t now;
	int dry_run;		/* write the alerts, change nothing */
	long moved;		/* escalations moved to their next step */
	long exhausted;		/* chains that ran out */
};

/*
 * Moves on every escalation due at fu->now, writing one record per alert
 * (ts_route_alert_columns), all in one transaction that is committed
 * only once the records are written.  Returns 0, or -1 with err set.
 */
int ts_route_escalate_due(struct ts_route_followup *fu, struct ts_error *err);

/* Writes the open escalations of client (NULL: every client). */
int ts_route_escalations_list(struct ts_route_followup *fu,
    const char *client, struct ts_error *err);

/*
 * Acknowledges escalation id (id > 0), or all those of client, as `by`
 * (may be NULL).  *count is how many were open and are now acknowledged.
 */
int ts_route_ack(struct ts_store *st, int64_t id, const char *client,
    const char *by, int64_t now, long *count, struct ts_error *err);

#endif
