/*
 * ts_route_agi.c - routing a call from an AGI session (see
 * ts_route_agi.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_agi.h"
#include "ts_calendar.h"
#include "ts_call.h"
#include "ts_route_agi.h"
#include "ts_route_escalate.h"
#include "ts_route_filter.h"
#include "banned.h"

/* The client: given (an id or a number), else by the number dialled,
 * else by the account code. */
static const struct ts_client *
agi_client(const struct ts_route_agi *ra, const struct ts_agi *a,
    char did[TS_PHONE_MAX])
{
	const struct ts_phone_country *cc = &ra->cfg->service.country;
	const char *dnid = ts_agi_var(a, "dnid");
	const struct ts_client *cl = NULL;
	char num[TS_PHONE_MAX];

	if (!*dnid || strcmp(dnid, "unknown") == 0)
		dnid = ts_agi_var(a, "extension");
	did[0] = '\0';
	if (ts_phone_normalize(dnid, strlen(dnid), cc, did) != TS_PHONE_E164)
		did[0] = '\0';
	if (ra->client && *ra->client) {
		if ((cl = ts_config_client(ra->cfg, ra->client)))
			return cl;
		if (ts_phone_normalize(ra->client, strlen(ra->client), cc,
		    num) == TS_PHONE_E164)
			return ts_config_client_by_number(ra->cfg, num);
		return NULL;
	}
	if (*did && (cl = ts_config_client_by_number(ra->cfg, did)))
		return cl;
	return ts_config_client_by_accountcode(ra->cfg,
	    ts_agi_var(a, "accountcode"));
}

/* The caller's number, "" when withheld or unusable. */
static void
agi_caller(const struct ts_route_agi *ra, const struct ts_agi *a,
    char caller[TS_PHONE_MAX])
{
	const char *id = ts_agi_var(a, "callerid");
	const char *pres = ts_agi_var(a, "callingpres");

	caller[0] = '\0';
	/* Presentation 32 and up is restricted or unavailable (Q.931). */
	if (*pres && strtol(pres, NULL, 10) >= 32)
		return;
	if (strcmp(id, "unknown") == 0 || strcmp(id, "anonymous") == 0 ||
	    strcmp(id, "Anonymous") == 0)
		return;
	if (ts_phone_normalize(id, strlen(id), &ra->cfg->service.country,
	    caller) == TS_PHONE_INVALID)
		caller[0] = '\0';
}

static int
set_all(struct ts_agi *a, const struct ts_decision *d, struct ts_error *err)
{
	const char *v[][2] = {
		{ "TS_ACTION", ts_route_action_name(d->action) },
		{ "TS_TARGET", d->target.buf },
		{ "TS_DIAL", d->dial.buf },
		{ "TS_GREETING", d->greeting.buf },
		{ "TS_NOTIFY", d->notify.buf },
		{ "TS_RULE", d->rule_name },
		{ "TS_STATE", ts_open_name(d->state.state) },
	};
	size_t i;
	int rc;

	for (i = 0; i < sizeof v / sizeof v[0]; i++)
		if ((rc = ts_agi_set(a, v[i][0], v[i][1], err)) != 0)
			return rc < 0 ? -1 : 0;
	return 0;
}

/* The decision on the Asterisk console (verbose 3), without the
 * caller's number. */
static int
log_decision(struct ts_agi *a, const struct ts_route_call *c,
    const struct ts_decision *d, struct ts_error *err)
{
	char text[300];

	snprintf(text, sizeof text, "ts-route: %s: %s%s%s (rule %s, %s)",
	    c->cl->id, ts_route_action_name(d->action), *d->target.buf ?
	    " to " : "", d->target.buf, d->rule_name,
	    ts_open_name(d->state.state));
	return ts_agi_verbose(a, text, 3, err) < 0 ? -1 : 0;
}

/* The safe answer when the call cannot be routed; err is kept. */
static void
fallback(struct ts_agi *a, const struct ts_error *why)
{
	struct ts_error ignored = TS_ERROR_INIT;
	char text[600];

	snprintf(text, sizeof text, "ts-route: %s", why->msg);
	if (ts_agi_verbose(a, text, 1, &ignored) == 0 &&
	    ts_agi_set(a, "TS_ACTION", "answer", &ignored) == 0)
		ts_agi_set(a, "TS_RULE", "error", &ignored);
}

static int
record(struct ts_route_agi *ra, const struct ts_agi *a,
    const struct ts_route_call *c, const struct ts_decision *d,
    struct ts_error *err)
{
	char ref[TS_CALL_ID_MAX];
	const char *id = ts_agi_var(a, "uniqueid");

	if (d->action != TS_ACTION_ESCALATE || !ra->store || ra->dry_run)
		return 0;
	if (*id)
		snprintf(ref, sizeof ref, "%s", id);
	else
		ts_route_call_ref(c->cl->id, c->caller, c->at, ref,
		    sizeof ref);
	return ts_route_escalation_record(ra->store, c, d, ref, ra->now,
	    &ra->escalated, err);
}

int
ts_route_agi(struct ts_route_agi *ra, FILE *in, FILE *out,
    struct ts_decision *d, struct ts_error *err)
{
	struct ts_agi a;
	struct ts_route_call c;
	char did[TS_PHONE_MAX], caller[TS_PHONE_MAX];
	int rc = -1;

	ra->escalated = 0;
	if (ts_agi_start(&a, in, out, err) < 0)
		goto out;
	memset(&c, 0, sizeof c);
	if (!(c.cl = agi_client(ra, &a, did))) {
		ts_error_set(err, TS_EXIT_FAIL, "no client for this call: "
		    "its number dialled and account code are not in the "
		    "configuration");
		fallback(&a, err);
		goto out;
	}
	agi_caller(ra, &a, caller);
	c.did = did;
	c.caller = caller;
	c.at = ra->now;
	c.reason = ra->reason ? ra->reason : "";
	if (ts_route_call(ra->rt, &c, d, NULL, NULL, err) < 0 ||
	    record(ra, &a, &c, d, err) < 0) {
		fallback(&a, err);
		goto out;
	}
	if ((rc = set_all(&a, d, err)) == 0 && !a.hungup)
		rc = log_decision(&a, &c, d, err);
out:
	ts_agi_release(&a);
	return rc;
}
