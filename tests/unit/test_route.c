/*
 * test_route.c - who is on call (handovers to the minute, both DST
 * nights, exceptions, since/until/next) and the decision for calls of
 * tests/data/route/config.yaml without a store: first match, default,
 * explanations, greetings, the escalation chain's numbers.
 */
#include <string.h>

#include "ts_calendar.h"
#include "ts_config.h"
#include "ts_route.h"
#include "ts_route_filter.h"
#include "ts_route_sheet.h"
#include "tap.h"

static const struct ts_tz *paris;
static const struct ts_client *cab;
static const struct ts_rota *rota;

static int64_t
at(const char *s)
{
	int64_t t = 0;

	ts_time_parse(s, strlen(s), paris, TS_FOLD_REJECT, &t, NULL);
	return t;
}

static const char *
iso(int64_t t)
{
	static char buf[TS_ISO_MAX];

	if (t == TS_TIME_NONE)
		return "none";
	ts_time_iso(t, paris, buf);
	return buf;
}

/* Who is on call at `when`, until when, and who is next. */
static void
oncall(const char *when, const char *who, const char *until,
    const char *next)
{
	struct ts_oncall oc;
	char name[200];

	ts_calendar_oncall(rota, paris, at(when), &oc);
	snprintf(name, sizeof name, "%s: %s until %s, then %s", when, who,
	    until, next);
	ok(strcmp(oc.person->id, who) == 0 && strcmp(iso(oc.until),
	    until) == 0 && strcmp(oc.next->id, next) == 0, name);
	if (strcmp(oc.person->id, who) || strcmp(iso(oc.until), until))
		printf("#   got %s until %s, then %s\n", oc.person->id,
		    iso(oc.until), oc.next->id);
}

static void
rotas(void)
{
	struct ts_oncall oc;

	oncall("2026-11-29 02:29", "roux", "2026-11-29T02:30:00+01:00",
	    "durand");
	oncall("2026-11-29 02:30", "durand", "2026-12-06T02:30:00+01:00",
	    "roux");
	/* Christmas: Dr Roux's own turn, his stand-in from the 24th 19:00,
	 * then his own turns again until Sunday 27th 02:30 are one turn. */
	oncall("2026-12-24 18:59", "roux", "2026-12-27T02:30:00+01:00",
	    "durand");
	oncall("2026-12-24 19:00", "roux", "2026-12-27T02:30:00+01:00",
	    "durand");
	ts_calendar_oncall(rota, paris, at("2026-12-25 12:00"), &oc);
	ok(oc.exception && strcmp(oc.label, "Noël") == 0,
	    "an exception says so, with its label");
	/* Spring: 02:30 does not exist; the handover is at 03:30 CEST. */
	oncall("2026-03-29T03:29:00+02:00", "durand",
	    "2026-03-29T03:30:00+02:00", "roux");
	oncall("2026-03-29T03:30:00+02:00", "roux",
	    "2026-04-05T02:30:00+02:00", "durand");
	/* Autumn: at the first 02:30; the second hour is after it. */
	oncall("2026-10-25T02:29:00+02:00", "durand",
	    "2026-10-25T02:30:00+02:00", "roux");
	oncall("2026-10-25T02:30:00+02:00", "roux",
	    "2026-11-01T02:30:00+01:00", "durand");
	oncall("2026-10-25T02:10:00+01:00", "roux",
	    "2026-11-01T02:30:00+01:00", "durand");
	ts_calendar_oncall(rota, paris, at("2026-12-24 19:00"), &oc);
	is_str(iso(oc.since), "2026-12-24T19:00:00+01:00",
	    "since: the exception's start");
	is_str(ts_route_step_number(rota, 0, paris, at("2026-11-23 22:00")),
	    "+33610000002", "step 0: the person on call");
	is_str(ts_route_step_number(rota, 1, paris, at("2026-11-23 22:00")),
	    "+33610000001", "step 1: the next one");
	is_str(ts_route_step_number(rota, 2, paris, at("2026-11-23 22:00")),
	    "+33144000001", "step 2: the office");
	is_str(ts_route_step_number(rota, 3, paris, at("2026-11-23 22:00")),
	    "", "no step 3");
}

static int explained;

static void
count(void *ctx, int index, const struct ts_rule *rule, int matched,
    const char *why)
{
	(void)ctx;
	(void)rule;
	(void)matched;
	explained += index >= 0 && *why;
}

/* Decides a call and checks "action target rule notify". */
static void
decide(const struct ts_config *cfg, const char *caller, const char *tags,
    const char *when, const char *reason, const char *want)
{
	struct ts_decision d = TS_DECISION_INIT;
	struct ts_route_call c;
	char got[300];

	memset(&c, 0, sizeof c);
	c.cl = cab;
	c.did = "";
	c.caller = caller;
	c.tags = tags;
	c.at = at(when);
	c.reason = reason;
	ts_route_decide(&c, paris, cfg, &d, NULL, NULL);
	snprintf(got, sizeof got, "%s %s %s %s", ts_route_action_name(
	    d.action), d.target.buf, d.rule_name, d.notify.buf);
	is_str(got, want, when);
	ts_decision_release(&d);
}

static void
decisions(const struct ts_config *cfg)
{
	struct ts_decision d = TS_DECISION_INIT;
	struct ts_route_call c;
	enum ts_action a;

	decide(cfg, "+33633333333", "patient", "2026-11-23 10:00", "",
	    "answer  default ");
	decide(cfg, "+33611111111", "patient,vip", "2026-11-23 10:00", "",
	    "transfer PJSIP/dr-durand vip ");
	decide(cfg, "+33611111111", "vip", "2026-11-23 13:00", "",
	    "message  default ");
	decide(cfg, "+33622222222", "bloque", "2026-11-23 22:00", "urgent",
	    "reject  bloques ");
	decide(cfg, "+33655555555", NULL, "2026-11-23 22:00", "urgent",
	    "escalate medecins urgences "
	    "sms:+33610000002,email:cabinet@example.org");
	decide(cfg, "", NULL, "2026-11-23 10:00", "",
	    "message  masque email:secretariat@example.org,sms:+33610000001");
	decide(cfg, "+4930123456", NULL, "2026-11-23 10:00", "",
	    "voicemail 1001@cabinet etranger ");
	decide(cfg, "+33655555555", NULL, "2026-11-27 17:30", "",
	    "message  vendredi ");
	decide(cfg, "+33655555555", "", "2026-11-27 17:30", "",
	    "answer  default ");

	memset(&c, 0, sizeof c);
	c.cl = cab;
	c.did = "";
	c.caller = "+33622222222";
	c.tags = "bloque";
	c.at = at("2026-11-23 10:00");
	c.reason = "";
	ts_route_decide(&c, paris, cfg, &d, count, NULL);
	ok(explained == 1, "explained: the first rule only, it matched");
	is_str(d.greeting.buf, "", "nothing is said to a blocked caller");
	c.tags = "patient";
	explained = 0;
	ts_route_decide(&c, paris, cfg, &d, count, NULL);
	ok(explained == (int)cab->nrules, "explained: every rule");
	is_str(d.greeting.buf, "Cabinet Test, bonjour.", "{name} replaced");
	ts_decision_release(&d);
	ok(ts_route_action_parse("voicemail", &a) == 0 &&
	    a == TS_ACTION_VOICEMAIL, "action names");
	ok(ts_route_action_parse("hangup", &a) == -1, "unknown action");
	ok(ts_route_needs_contacts(cab), "the cabinet's rules look at tags");
}

static void
words(void)
{
	struct ts_buf b = TS_BUF_INIT;

	ts_route_rule_words(&cab->rules[1], &b);
	is_str(b.buf, "the office is closed, the reason is urgent",
	    "a rule in words");
	ts_buf_reset(&b);
	ts_route_rule_words(&cab->rules[7], &b);
	is_str(b.buf, "on fri, between 17:00-19:00, the caller is unknown",
	    "another");
	ts_buf_release(&b);
}

static void
refs(void)
{
	char a[32], b[32];

	ts_route_call_ref("cabinet", "+33611111111", 1795424400, a, sizeof a);
	ts_route_call_ref("cabinet", "+33611111111", 1795424400, b, sizeof b);
	ok(strcmp(a, b) == 0 && a[0] == 'h' && strlen(a) == 17,
	    "a call's digest is stable");
	ts_route_call_ref("cabinet", "+33611111111", 1795424401, b, sizeof b);
	ok(strcmp(a, b) != 0, "and differs for another instant");
}

int
main(void)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_config *cfg = ts_config_load("tests/data/route/config.yaml",
	    &err);

	if (!cfg) {
		printf("# %s:%ld: %s\n", err.source, err.line, err.msg);
		return 1;
	}
	paris = ts_tz_load("Europe/Paris", &err);
	cab = ts_config_client(cfg, "cabinet");
	rota = &cab->rotas[0];
	rotas();
	decisions(cfg);
	words();
	refs();
	ts_config_free(cfg);
	return done_testing();
}
