/*
 * ts_route_agi.h - ts-route inside an Asterisk dialplan: AGI(ts-route,agi).
 *
 * The call is taken from the AGI variables Asterisk sends: the client
 * from the number dialled (agi_dnid, else agi_extension), else the
 * account code, unless one is given; the caller from agi_callerid
 * ("unknown", "anonymous", empty, or a presentation that is restricted
 * is a withheld number); the instant is now.  The decision goes back as
 * channel variables, each command's reply checked:
 *
 *	TS_ACTION	answer, transfer, message, escalate, voicemail, reject
 *	TS_TARGET	the rule's target (channel, number, rota, mailbox)
 *	TS_DIAL		the number to dial for transfer or escalate, or ""
 *	TS_GREETING	what to say
 *	TS_NOTIFY	who gets the message (ts-msg), "" for the default
 *	TS_RULE		the rule that decided ("default" without one)
 *	TS_STATE	open, closed, break, holiday, closure
 *
 * and the decision is told to the Asterisk console (VERBOSE, level 3),
 * without the caller's number.
 *
 * When the call cannot be routed (no client for the number dialled) the
 * dialplan still gets an answer it can follow: TS_ACTION=answer and
 * TS_RULE=error, since a person answering is the safe fallback for an
 * answering service; the error is also sent to the Asterisk console
 * (VERBOSE) and returned.
 */
#ifndef TS_ROUTE_AGI_H
#define TS_ROUTE_AGI_H

#include <stdint.h>
#include <stdio.h>

#include "ts_config.h"
#include "ts_err.h"
#include "ts_route.h"
#include "ts_store.h"

struct ts_route_agi {
	const struct ts_config *cfg;
	struct ts_route *rt;
	struct ts_store *store;	/* escalations recorded; may be NULL */
	const char *client;	/* an id or a number; NULL: from the call */
	const char *reason;	/* NULL or "": none */
	int64_t now;
	int dry_run;		/* record no escalation */
	int escalated;		/* out: 1 when an escalation was stored */
};

/*
 * Runs one AGI session on in and out (the caller's) into d.  Returns 0
 * (also when the caller hung up midway), or -1 with err set: bad AGI
 * input, a refused command, no client, a store failure.
 */
int ts_route_agi(struct ts_route_agi *ra, FILE *in, FILE *out,
    struct ts_decision *d, struct ts_error *err);

#endif
