/*
 * ts-route - what to do with a call, from the client's consignes.
 *
 * Without a command it is a filter: call records in (any CDR format, ts's
 * canonical calls, or rows of client,caller,at,reason), the same records
 * with the decision columns out.  With --client it decides one call
 * (--explain says why).  `agi` answers an Asterisk dialplan;
 * `escalate` (from cron), `escalations` and `ack` follow the calls sent
 * to an on-call rota; `calendar` and `sheet` show a client's schedule and
 * call sheet to a person.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ts_calendar.h"
#include "ts_call.h"
#include "ts_cdr.h"
#include "ts_cli.h"
#include "ts_route.h"
#include "ts_route_agi.h"
#include "ts_route_escalate.h"
#include "ts_route_filter.h"
#include "ts_route_sheet.h"
#include "banned.h"

enum {
	OPT_AT = TS_OPT_LONG, OPT_BY, OPT_CALLER, OPT_CLIENT, OPT_DAYS,
	OPT_DID, OPT_EXPLAIN, OPT_FORMAT, OPT_FROM, OPT_REASON, OPT_REJECTS,
	OPT_STRICT, OPT_TZ, OPT_UTC
};

static const struct option longopts[] = {
	{ "at", required_argument, NULL, OPT_AT },
	{ "by", required_argument, NULL, OPT_BY },
	{ "caller", required_argument, NULL, OPT_CALLER },
	{ "client", required_argument, NULL, OPT_CLIENT },
	{ "config", required_argument, NULL, 'c' },
	{ "days", required_argument, NULL, OPT_DAYS },
	{ "db", required_argument, NULL, 'd' },
	{ "did", required_argument, NULL, OPT_DID },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "explain", no_argument, NULL, OPT_EXPLAIN },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "help", no_argument, NULL, 'h' },
	{ "input-format", required_argument, NULL, OPT_FORMAT },
	{ "output", required_argument, NULL, 'o' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "reason", required_argument, NULL, OPT_REASON },
	{ "rejects", required_argument, NULL, OPT_REJECTS },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "tz", required_argument, NULL, OPT_TZ },
	{ "utc", no_argument, NULL, OPT_UTC },
	{ "verbose", no_argument, NULL, 'v' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static const char usage_text[] =
"usage: ts-route [-nqv] [-c config] [-d db] [-o format]\n"
"           [--input-format format] [--rejects file] [--strict]\n"
"           [--tz zone | --utc] [file ...]\n"
"       ts-route --client id [--caller number] [--did number] [--at time]\n"
"           [--reason word] [--explain] [-nq] [-c config] [-d db]\n"
"           [-o format]\n"
"       ts-route agi [-n] [-c config] [-d db] [--client id] [--reason word]\n"
"           [client [reason]]\n"
"       ts-route escalate [-nq] [-c config] [-d db] [-o format]\n"
"       ts-route escalations [-c config] [-d db] [-o format] [--client id]\n"
"       ts-route ack [-q] [-c config] [-d db] [--client id] [--by name]\n"
"           [id]\n"
"       ts-route calendar --client id [--from date] [--days n]\n"
"           [-c config] [-o format]\n"
"       ts-route sheet --client id [--at time] [-c config] [-o format]\n";

enum cmd { CMD_FILTER, CMD_ONE, CMD_AGI, CMD_ESCALATE, CMD_LIST, CMD_ACK,
	CMD_CALENDAR, CMD_SHEET };
static const char *const cmd_names[] = {
	"", "", "agi", "escalate", "escalations", "ack", "calendar", "sheet"
};

struct opts {
	const char *config, *db, *output, *client, *caller, *did, *at;
	const char *reason, *rejects, *tz, *by, *from, *days;
	enum ts_cdr_format format;
	int format_set, dry_run, quiet, verbose, strict, utc, explain;
	enum cmd cmd;
};

/* The tool's usage, then exit (ts_cli_usage). */
#define usage(code) ts_cli_usage(usage_text, (code))

static void
parse(int argc, char **argv, struct opts *o)
{
	int c;

	while ((c = getopt_long(argc, argv, "c:d:hno:qvV", longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'c': o->config = optarg; break;
		case 'd': o->db = optarg; break;
		case 'h': usage(0);
		case 'n': o->dry_run = 1; break;
		case 'o': o->output = optarg; break;
		case 'q': o->quiet = 1; break;
		case 'v': o->verbose = 1; break;
		case 'V': ts_cli_version(); exit(ts_finish(0));
		case OPT_AT: o->at = optarg; break;
		case OPT_BY: o->by = optarg; break;
		case OPT_CALLER: o->caller = optarg; break;
		case OPT_CLIENT: o->client = optarg; break;
		case OPT_DAYS: o->days = optarg; break;
		case OPT_DID: o->did = optarg; break;
		case OPT_EXPLAIN: o->explain = 1; break;
		case OPT_FORMAT:
			if (ts_cdr_format_parse(optarg, &o->format) < 0)
				ts_die(TS_EXIT_USAGE, "unknown input format "
				    "'%s'", optarg);
			o->format_set = 1;
			break;
		case OPT_FROM: o->from = optarg; break;
		case OPT_REASON: o->reason = optarg; break;
		case OPT_REJECTS: o->rejects = optarg; break;
		case OPT_STRICT: o->strict = 1; break;
		case OPT_TZ: o->tz = optarg; break;
		case OPT_UTC: o->utc = 1; break;
		default: usage(TS_EXIT_USAGE);
		}
	}
}

/* The output format: -o, else a table on a terminal, csv otherwise. */
static enum ts_fmt
out_format(const struct opts *o)
{
	enum ts_fmt f;

	if (!o->output)
		return isatty(STDOUT_FILENO) ? TS_FMT_TABLE : TS_FMT_CSV;
	if (ts_fmt_parse(o->output, &f) < 0)
		ts_die(TS_EXIT_USAGE, "unknown output format '%s' (csv, tsv, "
		    "json or table)", o->output);
	return f;
}

/* Options that only some commands take. */
static void
check_opts(const struct opts *o, int nargs)
{
	enum cmd c = o->cmd;

	if ((o->format_set || o->rejects || o->strict || o->tz || o->utc) &&
	    c != CMD_FILTER)
		ts_die(TS_EXIT_USAGE, "--input-format, --rejects, --strict, "
		    "--tz and --utc apply to the filter");
	if ((o->caller || o->did || o->explain) && c != CMD_ONE)
		ts_die(TS_EXIT_USAGE, "--caller, --did and --explain apply to "
		    "one call");
	if (o->at && c != CMD_ONE && c != CMD_SHEET)
		ts_die(TS_EXIT_USAGE, "--at applies to one call and to sheet");
	if (o->reason && c != CMD_ONE && c != CMD_AGI)
		ts_die(TS_EXIT_USAGE, "--reason applies to one call and to "
		    "agi");
	if (o->by && c != CMD_ACK)
		ts_die(TS_EXIT_USAGE, "--by applies to ack");
	if ((o->from || o->days) && c != CMD_CALENDAR)
		ts_die(TS_EXIT_USAGE, "--from and --days apply to calendar");
	if (!o->client && ((c == CMD_ONE && !o->did) || c == CMD_CALENDAR ||
	    c == CMD_SHEET))
		ts_die(TS_EXIT_USAGE, "%s needs --client", c == CMD_ONE ?
		    "one call" : cmd_names[c]);
	if (o->tz && o->utc)
		ts_die(TS_EXIT_USAGE, "--tz and --utc exclude each other");
	if (nargs > (c == CMD_AGI ? 2 : c == CMD_ACK ? 1 : 0) &&
	    c != CMD_FILTER)
		usage(TS_EXIT_USAGE);
}

/* Finds the command: a first argument naming one, else the filter (or
 * one call with --client, --caller, --at, --did or --explain). */
static void
find_cmd(int *argc, char ***argv, struct opts *o)
{
	size_t i;

	o->cmd = CMD_FILTER;
	if (*argc > 1 && (*argv)[1][0] != '-')
		for (i = CMD_AGI; i <= CMD_SHEET; i++)
			if (strcmp((*argv)[1], cmd_names[i]) == 0) {
				o->cmd = (enum cmd)i;
				(*argc)--;
				(*argv)++;
				break;
			}
	parse(*argc, *argv, o);
	if (o->cmd == CMD_FILTER && (o->client || o->caller || o->at ||
	    o->explain || o->did))
		o->cmd = CMD_ONE;
}

/* ---- the store ---- */

/*
 * Contacts and escalations live in the store.  A dry run only reads it,
 * and routes without contacts when there is none yet.
 */
static int
open_store(const struct opts *o, struct ts_store **st)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_buf path = TS_BUF_INIT;
	int missing;

	*st = NULL;
	if (!o->dry_run)
		return ts_cli_store(o->db, 0, st);
	if (ts_store_path(o->db, &path, &err) < 0)
		return ts_error_print(&err);
	missing = access(path.buf, F_OK) != 0;
	ts_buf_release(&path);
	if (missing)
		return 0;
	return ts_cli_store(o->db, TS_STORE_READONLY, st);
}

/* ---- the filter ---- */

struct ctx {
	FILE *rejects;
};

static void
on_bad(void *p, const struct ts_error *err, const char *raw, size_t len)
{
	struct ctx *cx = p;

	ts_error_print(err);
	/* A call merged from several CDR rows has no one line to keep. */
	if (cx->rejects && len > 0) {
		fwrite(raw, 1, len, cx->rejects);
		fputc('\n', cx->rejects);
	}
}

static int
filter_inputs(struct ts_route_filter *f, char **files, int n)
{
	struct ts_error err = TS_ERROR_INIT;
	FILE *in;
	int i, rc = 0;

	if (n == 0 && ts_route_filter_fd(f, STDIN_FILENO, "<stdin>",
	    &err) < 0)
		return ts_error_print(&err);
	for (i = 0; i < n && rc == 0; i++) {
		if (strcmp(files[i], "-") == 0) {
			rc = ts_route_filter_fd(f, STDIN_FILENO, "<stdin>",
			    &err);
		} else if (!(in = fopen(files[i], "r"))) {
			ts_warn("cannot open '%s'", files[i]);
			return TS_EXIT_FAIL;
		} else {
			rc = ts_route_filter_fd(f, fileno(in), files[i], &err);
			fclose(in);
		}
		if (rc < 0)
			return ts_error_print(&err);
	}
	return 0;
}

static int
run_filter(const struct opts *o, struct ts_config *cfg,
    struct ts_store *st, char **files, int n)
{
	struct ts_route_filter f;
	struct ts_error err = TS_ERROR_INIT;
	struct ctx cx = { NULL };
	int rc;

	memset(&f, 0, sizeof f);
	f.cfg = cfg;
	f.store = st;
	f.out = stdout;
	f.fmt = out_format(o);
	f.input = o->format_set ? TS_ROUTE_IN_CDR : TS_ROUTE_IN_AUTO;
	f.cdr_format = o->format;
	f.strict = o->strict;
	f.dry_run = o->dry_run;
	f.bad = on_bad;
	f.ctx = &cx;
	if ((rc = ts_cli_now(&f.now)))
		return rc;
	if ((o->tz || o->utc) && (rc = ts_cli_zone(o->tz, o->utc, cfg, &f.tz)))
		return rc;
	if (o->rejects && !(cx.rejects = ts_cli_create_private(o->rejects)))
		return TS_EXIT_FAIL;
	f.rt = ts_route_new(cfg, st, TS_ROUTE_PRELOAD);
	rc = filter_inputs(&f, files, n);
	if (ts_route_filter_finish(&f, &err) < 0 && rc == 0)
		rc = ts_error_print(&err);
	ts_route_free(f.rt);
	if (cx.rejects && fclose(cx.rejects) != 0) {
		ts_warn("write error: '%s'", o->rejects);
		rc = TS_EXIT_FAIL;
	}
	if (rc == 0 && !o->quiet && (o->verbose || f.st.rejected))
		fprintf(stderr, "%s: %ld records, %ld routed, %ld rejected, "
		    "%ld escalations recorded\n", ts_getprogname(),
		    f.st.records, f.st.routed, f.st.rejected,
		    f.st.escalations);
	return rc ? rc : f.st.rejected ? TS_EXIT_FAIL : TS_EXIT_OK;
}

/* ---- one call ---- */

static void
on_explain(void *p, int index, const struct ts_rule *rule, int matched,
    const char *why)
{
	(void)p;
	if (index < 0)
		printf("default: %s\n", why);
	else
		printf("rule %d '%s' (line %ld): %s: %s\n", index + 1,
		    rule->name, rule->line, matched ? "matches" : "no", why);
}

/* The client of one call: --client (an id, or one of its numbers), else
 * the one whose number was dialled. */
static const struct ts_client *
one_client(const struct ts_config *cfg, const char *client, const char *did)
{
	const struct ts_client *cl;
	char num[TS_PHONE_MAX];

	if (!client)
		return *did ? ts_config_client_by_number(cfg, did) : NULL;
	if ((cl = ts_config_client(cfg, client)))
		return cl;
	if (ts_phone_normalize(client, strlen(client),
	    &cfg->service.country, num) == TS_PHONE_E164)
		return ts_config_client_by_number(cfg, num);
	return NULL;
}

/* Fills the call from the options; returns 0 or an exit code. */
static int
one_call(const struct opts *o, const struct ts_config *cfg, int64_t now,
    struct ts_route_call *c, char did[TS_PHONE_MAX],
    char caller[TS_PHONE_MAX])
{
	const struct ts_phone_country *cc = &cfg->service.country;
	struct ts_error err = TS_ERROR_INIT;
	const char *who = o->caller ? o->caller : "";

	memset(c, 0, sizeof *c);
	did[0] = '\0';
	if (o->did && ts_phone_normalize(o->did, strlen(o->did), cc, did) !=
	    TS_PHONE_E164) {
		ts_warnx("--did: not a phone number");
		return TS_EXIT_USAGE;
	}
	if (!(c->cl = one_client(cfg, o->client, did))) {
		if (o->client)
			ts_warnx("unknown client '%s'", o->client);
		else
			ts_warnx("--did: no client has this number");
		return TS_EXIT_USAGE;
	}
	if (ts_phone_normalize(who, strlen(who), cc, caller) ==
	    TS_PHONE_INVALID) {
		ts_warnx("--caller: not a phone number");
		return TS_EXIT_USAGE;
	}
	c->at = now;
	if (o->at && ts_time_parse(o->at, strlen(o->at), ts_config_tz(cfg,
	    c->cl), TS_FOLD_REJECT, &c->at, &err) < 0) {
		err.code = TS_EXIT_USAGE;
		return ts_error_print(&err);
	}
	c->did = did;
	c->caller = caller;
	c->reason = o->reason ? o->reason : "";
	return 0;
}

static const char *const one_columns[] = {
	"client", "caller", "at", "reason", "action", "target", "greeting",
	"notify", "rule"
};

static int
write_one(const struct opts *o, const struct ts_config *cfg,
    const struct ts_route_call *c, const struct ts_decision *d)
{
	struct ts_writer *w = ts_writer_new(stdout, out_format(o), 0);
	char t[TS_ISO_MAX];
	int rc;

	ts_writer_columns(w, one_columns, sizeof one_columns /
	    sizeof one_columns[0]);
	ts_writer_str(w, c->cl->id);
	ts_writer_str(w, c->caller);
	ts_time_iso(c->at, ts_config_tz(cfg, c->cl), t);
	ts_writer_str(w, t);
	ts_writer_str(w, c->reason);
	ts_writer_str(w, ts_route_action_name(d->action));
	ts_writer_str(w, d->target.buf);
	ts_writer_str(w, d->greeting.buf);
	ts_writer_str(w, d->notify.buf);
	ts_writer_str(w, d->rule_name);
	rc = ts_writer_end(w) < 0 || ts_writer_finish(w) < 0;
	ts_writer_free(w);
	return rc ? TS_EXIT_FAIL : 0;
}

/* Before the rules: the call, the office. */
static void
explain_start(const struct ts_config *cfg, const struct ts_route_call *c)
{
	const struct ts_tz *tz = ts_config_tz(cfg, c->cl);
	struct ts_open_state st;
	char t[TS_ISO_MAX];

	ts_time_iso(c->at, tz, t);
	printf("call: client %s, at %s, caller %s, reason %s\n", c->cl->id,
	    t, *c->caller ? c->caller : "withheld", *c->reason ? c->reason :
	    "none");
	ts_calendar_state(c->cl, tz, c->at, &st);
	printf("office: %s%s%s", ts_open_name(st.state), *st.label ? " - " :
	    "", st.label);
	if (st.until != TS_TIME_NONE) {
		ts_time_local(st.until, tz, t);
		printf(" until %s", t);
	}
	printf(" (%s)\n", ts_tz_name(tz));
}

/* After the rules, the decision in words. */
static void
explain_end(const struct ts_config *cfg, const struct ts_route_call *c,
    const struct ts_decision *d)
{
	const struct ts_tz *tz = ts_config_tz(cfg, c->cl);
	char t[TS_ISO_MAX];

	printf("decision: %s", ts_route_action_name(d->action));
	if (*d->target.buf)
		printf(" to %s", d->target.buf);
	if (*d->dial.buf)
		printf(" (dial %s)", d->dial.buf);
	printf(", rule %s\n", d->rule_name);
	if (d->rota) {
		ts_time_local(d->oncall.since, tz, t);
		printf("on call (%s): %s since %s", d->rota->name,
		    d->oncall.person->name, t);
		if (d->oncall.until != TS_TIME_NONE) {
			ts_time_local(d->oncall.until, tz, t);
			printf(", until %s", t);
		}
		printf("%s%s\n", *d->oncall.label ? " - " : "",
		    d->oncall.label);
	}
	printf("greeting: %s\n", d->greeting.buf);
	printf("notify: %s\n", *d->notify.buf ? d->notify.buf :
	    "(the client's default recipients)");
	if (d->rule && d->rule->note)
		printf("note: %s\n", d->rule->note);
}

/* A call escalated is followed up (ts-route escalate), as in the
 * filter. */
static int
record_one(const struct opts *o, struct ts_store *st,
    const struct ts_route_call *c, const struct ts_decision *d,
    int64_t now)
{
	struct ts_error err = TS_ERROR_INIT;
	char ref[TS_CALL_ID_MAX];
	int added;

	if (d->action != TS_ACTION_ESCALATE || !st || o->dry_run)
		return 0;
	ts_route_call_ref(c->cl->id, c->caller, c->at, ref, sizeof ref);
	if (ts_route_escalation_record(st, c, d, ref, now, &added, &err) < 0)
		return ts_error_print(&err);
	if (added && !o->quiet)
		fprintf(stderr, "%s: escalation recorded; ts-route ack when "
		    "someone has it in hand\n", ts_getprogname());
	return 0;
}

static int
run_one(const struct opts *o, struct ts_config *cfg, struct ts_store *st)
{
	struct ts_decision d = TS_DECISION_INIT;
	struct ts_error err = TS_ERROR_INIT;
	struct ts_route_call c;
	struct ts_route *rt;
	char did[TS_PHONE_MAX], caller[TS_PHONE_MAX];
	int64_t now;
	int rc;

	if ((rc = ts_cli_now(&now)) ||
	    (rc = one_call(o, cfg, now, &c, did, caller)))
		return rc;
	rt = ts_route_new(cfg, st, 0);
	if (o->explain)
		explain_start(cfg, &c);
	if (ts_route_call(rt, &c, &d, o->explain ? on_explain : NULL, NULL,
	    &err) < 0)
		rc = ts_error_print(&err);
	else if (o->explain)
		explain_end(cfg, &c, &d);
	else if ((rc = record_one(o, st, &c, &d, now)) == 0)
		rc = write_one(o, cfg, &c, &d);
	ts_decision_release(&d);
	ts_route_free(rt);
	return rc;
}

/* ---- agi ---- */

static int
run_agi(const struct opts *o, struct ts_config *cfg, struct ts_store *st,
    char **args, int n)
{
	struct ts_decision d = TS_DECISION_INIT;
	struct ts_error err = TS_ERROR_INIT;
	struct ts_route_agi ra;
	int rc;

	memset(&ra, 0, sizeof ra);
	ra.cfg = cfg;
	ra.store = st;
	ra.dry_run = o->dry_run;
	ra.client = o->client ? o->client : n > 0 ? args[0] : NULL;
	ra.reason = o->reason ? o->reason : n > 1 ? args[1] : NULL;
	if ((rc = ts_cli_now(&ra.now)))
		return rc;
	ra.rt = ts_route_new(cfg, st, 0);
	if (ts_route_agi(&ra, stdin, stdout, &d, &err) < 0)
		rc = ts_error_print(&err);
	ts_decision_release(&d);
	ts_route_free(ra.rt);
	return rc;
}

/* ---- escalations ---- */

static int
run_followup(const struct opts *o, struct ts_config *cfg,
    struct ts_store *st)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_route_followup fu;
	int rc;

	memset(&fu, 0, sizeof fu);
	fu.cfg = cfg;
	fu.store = st;
	fu.dry_run = o->dry_run;
	if ((rc = ts_cli_now(&fu.now)))
		return rc;
	if (o->client && !ts_config_client(cfg, o->client)) {
		ts_warnx("unknown client '%s'", o->client);
		return TS_EXIT_USAGE;
	}
	fu.w = ts_writer_new(stdout, out_format(o), 0);
	if (o->cmd == CMD_ESCALATE)
		rc = ts_route_escalate_due(&fu, &err);
	else
		rc = ts_route_escalations_list(&fu, o->client, &err);
	if (rc == 0 && o->cmd == CMD_LIST && ts_writer_finish(fu.w) < 0)
		rc = ts_error_set(&err, TS_EXIT_FAIL, "write error: <stdout>");
	ts_writer_free(fu.w);
	if (rc < 0)
		return ts_error_print(&err);
	if (o->cmd == CMD_ESCALATE && !o->quiet && (o->verbose ||
	    fu.moved || fu.exhausted))
		fprintf(stderr, "%s: %s%ld escalations moved on, %ld "
		    "exhausted\n", ts_getprogname(), o->dry_run ?
		    "dry run, nothing changed: " : "", fu.moved,
		    fu.exhausted);
	return 0;
}

static int
run_ack(const struct opts *o, struct ts_config *cfg, struct ts_store *st,
    char **args, int n)
{
	struct ts_error err = TS_ERROR_INIT;
	int64_t now, id = 0;
	long count = 0;
	char *end;
	int rc;

	if (n == 1) {
		id = strtoll(args[0], &end, 10);
		if (*end || id <= 0)
			ts_die(TS_EXIT_USAGE, "not an escalation number '%s'",
			    args[0]);
	} else if (!o->client) {
		ts_die(TS_EXIT_USAGE, "ack needs an escalation number or "
		    "--client");
	}
	if (o->client && !ts_config_client(cfg, o->client)) {
		ts_warnx("unknown client '%s'", o->client);
		return TS_EXIT_USAGE;
	}
	if ((rc = ts_cli_now(&now)))
		return rc;
	if (ts_route_ack(st, id, o->client, o->by, now, &count, &err) < 0)
		return ts_error_print(&err);
	if (!o->quiet)
		fprintf(stderr, "%s: %ld escalations acknowledged\n",
		    ts_getprogname(), count);
	return count ? TS_EXIT_OK : TS_EXIT_NO;
}

/* ---- for a person ---- */

static int
run_sheet(const struct opts *o, struct ts_config *cfg)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_route_sheet sh;
	const struct ts_client *cl = ts_config_client(cfg, o->client);
	int rc;

	if (!cl) {
		ts_warnx("unknown client '%s'", o->client);
		return TS_EXIT_USAGE;
	}
	memset(&sh, 0, sizeof sh);
	sh.cfg = cfg;
	sh.cl = cl;
	sh.out = stdout;
	if ((rc = ts_cli_now(&sh.at)))
		return rc;
	if (o->cmd == CMD_SHEET) {
		sh.html = o->output && strcmp(o->output, "html") == 0;
		if (o->output && !sh.html && strcmp(o->output, "text") != 0)
			ts_die(TS_EXIT_USAGE, "sheet writes text or html");
		if (o->at && ts_time_parse(o->at, strlen(o->at),
		    ts_config_tz(cfg, cl), TS_FOLD_REJECT, &sh.at, &err) < 0) {
			err.code = TS_EXIT_USAGE;
			return ts_error_print(&err);
		}
		rc = ts_route_sheet(&sh, &err);
	} else {
		sh.fmt = out_format(o);
		if (ts_route_calendar_range(&sh, o->from, o->days, &err) < 0)
			return ts_error_print(&err);
		rc = ts_route_calendar(&sh, &err);
	}
	return rc < 0 ? ts_error_print(&err) : 0;
}

int
main(int argc, char **argv)
{
	struct opts o;
	struct ts_config *cfg = NULL;
	struct ts_store *st = NULL;
	int rc, nargs;

	memset(&o, 0, sizeof o);
	ts_setprogname(argv[0]);
	find_cmd(&argc, &argv, &o);
	nargs = argc - optind;
	check_opts(&o, nargs);
	if ((rc = ts_cli_config(o.config, &cfg)))
		goto out;
	if (o.cmd == CMD_CALENDAR || o.cmd == CMD_SHEET) {
		rc = run_sheet(&o, cfg);
		goto out;
	}
	if ((rc = o.cmd <= CMD_AGI ? open_store(&o, &st) :
	    ts_cli_store(o.db, o.cmd == CMD_LIST ? TS_STORE_READONLY : 0,
	    &st)))
		goto out;
	switch (o.cmd) {
	case CMD_FILTER:
		rc = run_filter(&o, cfg, st, argv + optind, nargs);
		break;
	case CMD_ONE:
		rc = run_one(&o, cfg, st);
		break;
	case CMD_AGI:
		rc = run_agi(&o, cfg, st, argv + optind, nargs);
		break;
	case CMD_ACK:
		rc = run_ack(&o, cfg, st, argv + optind, nargs);
		break;
	default:
		rc = run_followup(&o, cfg, st);
		break;
	}
out:
	ts_store_close(st);
	ts_config_free(cfg);
	return ts_finish(rc);
}
