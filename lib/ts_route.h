/*
 * ts_route.h - a call's decision from the client's consignes.
 *
 * For a call (its client, the number dialled, the caller, the instant,
 * an optional reason such as "urgent") the client's rules are tried in
 * order and the first whose conditions all hold decides (ts_config.h,
 * struct ts_rule); a client without rules, or a call no rule takes, gets
 * the default: answer when the office is open, take a message when not.
 * The decision is an action, a target, the greeting to say, who to
 * notify, and the name of the rule that decided, so that every decision
 * can be explained (ts_route_decide's explain callback says, rule by
 * rule, why it matched or not).
 *
 * Callers are matched with the client's contacts in the store by their
 * E.164 number, and only for clients whose rules look at tags or at
 * known/unknown callers.  A struct ts_route keeps what a stream of calls
 * needs: the store, and, when asked to, each client's contacts read once.
 */
#ifndef TS_ROUTE_H
#define TS_ROUTE_H

#include <stddef.h>
#include <stdint.h>

#include "ts_buf.h"
#include "ts_calendar.h"
#include "ts_config.h"
#include "ts_err.h"
#include "ts_store.h"

/* "answer", "transfer", ...; ts_route_action_parse returns -1 if unknown. */
const char *ts_route_action_name(enum ts_action a);
int ts_route_action_parse(const char *s, enum ts_action *a);

/* A call to decide on.  Strings are borrowed from the caller. */
struct ts_route_call {
	const struct ts_client *cl;	/* required */
	const char *did;	/* the number dialled, E.164, or "" */
	const char *caller;	/* E.164 or an extension; "" withheld */
	int64_t at;		/* when the call came */
	const char *reason;	/* a lowercase word, or "" */
	const char *tags;	/* the caller's tags ("vip,patiente"), ""
				 * for a contact without tags, NULL when
				 * the caller is not a contact */
};

/* The decision.  Initialise with TS_DECISION_INIT, release with
 * ts_decision_release; one may be reused for many calls. */
struct ts_decision {
	enum ts_action action;
	const struct ts_rule *rule;	/* NULL: the default */
	const char *rule_name;	/* the rule's name, or "default" */
	struct ts_buf target;	/* E.164, a channel, a rota's name, "" */
	struct ts_buf greeting;	/* what to say, with the client's name */
	struct ts_buf notify;	/* comma-separated recipients, "" */
	struct ts_buf dial;	/* a number to dial for transfer and
				 * escalate (the person on call), "" */
	struct ts_open_state state;	/* the office at the call (no until) */
	const struct ts_rota *rota;	/* the rota of the target, or NULL */
	struct ts_oncall oncall;	/* who is on call, when rota is set */
};

#define TS_DECISION_INIT { TS_ACTION_ANSWER, NULL, "default", TS_BUF_INIT, \
	TS_BUF_INIT, TS_BUF_INIT, TS_BUF_INIT, { TS_OPEN, 0, "" }, NULL, \
	{ NULL, 0, 0, NULL, "", 0 } }

void ts_decision_release(struct ts_decision *d);

/*
 * Told of each rule tried: its index (0-based), whether it matched, and
 * why, in words ("state is closed (after hours), wanted open"); for the
 * default, index is -1 and rule NULL.  For --explain.
 */
typedef void ts_route_explain_fn(void *ctx, int index,
    const struct ts_rule *rule, int matched, const char *why);

/*
 * Decides for call c in zone tz (the client's: ts_config_tz) into d.
 * explain may be NULL.  Pure: reads the configuration only.
 */
void ts_route_decide(const struct ts_route_call *c, const struct ts_tz *tz,
    const struct ts_config *cfg, struct ts_decision *d,
    ts_route_explain_fn *explain, void *ctx);

/*
 * The number step `step` of rota r's escalation chain alerts at instant t
 * (its person on call, the next one, a person, a number).  Borrowed from
 * the configuration.
 */
const char *ts_route_step_number(const struct ts_rota *r, size_t step,
    const struct ts_tz *tz, int64_t t);

/*
 * The greeting for an action decided by rule r (NULL: the default), into
 * out: the rule's, else the client's, else "<name>, bonjour." (or "good
 * day" in English); "{name}" is the client's name; nothing for reject
 * unless the rule says something.
 */
void ts_route_greeting(const struct ts_client *cl, const struct ts_rule *r,
    enum ts_action a, const struct ts_config *cfg, struct ts_buf *out);

/* 1 when the client's rules look at the caller's contact (tags, known
 * or unknown callers). */
int ts_route_needs_contacts(const struct ts_client *cl);

/* ---- a router: decisions with the contacts of the store ---- */

enum ts_route_flags {
	TS_ROUTE_PRELOAD = 1 << 0	/* read a client's contacts once, at
					 * its first call (streams) */
};

struct ts_route;

/* A router over cfg and store (which may be NULL: nobody is a contact).
 * Both stay the caller's. */
struct ts_route *ts_route_new(const struct ts_config *cfg,
    struct ts_store *store, unsigned flags);
void ts_route_free(struct ts_route *rt);

/*
 * Sets c->tags from the store when the client's rules need it, then
 * decides.  Returns 0, or -1 with err set when the store failed (busy:
 * TS_EXIT_TEMPFAIL).
 */
int ts_route_call(struct ts_route *rt, struct ts_route_call *c,
    struct ts_decision *d, ts_route_explain_fn *explain, void *ctx,
    struct ts_error *err);

#endif
