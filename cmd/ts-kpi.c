/*
 * ts-kpi - activity and service-level reports per client and period, from
 * CDR streams or the store; contract checks for cron; lost calls and their
 * callbacks; staffing by Erlang C and Erlang A; an HTML report; partial
 * aggregates that merge exactly (map and reduce steps).
 *
 *	ts-kpi [options] [file ...]           the report (or --check)
 *	ts-kpi merge [options] [file ...]     partial aggregates to a report
 *	ts-kpi lost [options] [file ...]      unanswered calls, callbacks
 *	ts-kpi staffing [options] [file ...]  agents needed
 *	ts-kpi explain CALL_ID [file ...]     how one call was counted
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ts_cli.h"
#include "ts_kpi.h"
#include "ts_kpi_cmd.h"
#include "banned.h"

enum {
	OPT_AGENTS = TS_OPT_LONG, OPT_AHT, OPT_BY, OPT_CALLS, OPT_CHECK,
	OPT_CLIENT, OPT_FORMAT, OPT_FORMULA, OPT_LANG,
	OPT_MERGE_WINDOW, OPT_PARTIAL, OPT_PATIENCE, OPT_PERIOD,
	OPT_PRINT_SETTINGS, OPT_REJECTS, OPT_SHORT, OPT_SINCE, OPT_STRICT,
	OPT_TARGET, OPT_THRESHOLD, OPT_TZ, OPT_UNTIL, OPT_UTC, OPT_WITHIN,
	OPT_WRAP_UP
};

static const struct option longopts[] = {
	{ "agents", required_argument, NULL, OPT_AGENTS },
	{ "aht", required_argument, NULL, OPT_AHT },
	{ "by", required_argument, NULL, OPT_BY },
	{ "calls", required_argument, NULL, OPT_CALLS },
	{ "check", no_argument, NULL, OPT_CHECK },
	{ "client", required_argument, NULL, OPT_CLIENT },
	{ "config", required_argument, NULL, 'c' },
	{ "db", optional_argument, NULL, 'd' },
	{ "formula", required_argument, NULL, OPT_FORMULA },
	{ "help", no_argument, NULL, 'h' },
	{ "input-format", required_argument, NULL, OPT_FORMAT },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "merge-window", required_argument, NULL, OPT_MERGE_WINDOW },
	{ "output", required_argument, NULL, 'o' },
	{ "partial", no_argument, NULL, OPT_PARTIAL },
	{ "patience", required_argument, NULL, OPT_PATIENCE },
	{ "period", required_argument, NULL, OPT_PERIOD },
	{ "print-settings", no_argument, NULL, OPT_PRINT_SETTINGS },
	{ "quiet", no_argument, NULL, 'q' },
	{ "rejects", required_argument, NULL, OPT_REJECTS },
	{ "short-abandon", required_argument, NULL, OPT_SHORT },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "target", required_argument, NULL, OPT_TARGET },
	{ "threshold", required_argument, NULL, OPT_THRESHOLD },
	{ "tz", required_argument, NULL, OPT_TZ },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "utc", no_argument, NULL, OPT_UTC },
	{ "verbose", no_argument, NULL, 'v' },
	{ "version", no_argument, NULL, 'V' },
	{ "within", required_argument, NULL, OPT_WITHIN },
	{ "wrap-up", required_argument, NULL, OPT_WRAP_UP },
	{ NULL, 0, NULL, 0 }
};

static const char usage_text[] =
"usage: ts-kpi [-qv] [-c config] [-d db] [-o format] [--by keys] [--check]\n"
"           [--client id] [--formula name] [--input-format format]\n"
"           [--lang lang] [--merge-window duration] [--partial]\n"
"           [--period period] [--print-settings] [--rejects file]\n"
"           [--short-abandon duration] [--since time] [--strict]\n"
"           [--threshold duration] [--tz zone | --utc] [--until time]\n"
"           [file ...]\n"
"       ts-kpi merge [-q] [-c config] [-o format] [--check] [--client id]\n"
"           [--lang lang] [--partial] [file ...]\n"
"       ts-kpi lost [-c config] [-d db] [-o format] [--within duration]\n"
"           [file ...]\n"
"       ts-kpi staffing [-c config] [-d db] [-o format] [--agents n]\n"
"           [--aht duration] [--calls n] [--patience duration]\n"
"           [--target percent] [--threshold duration]\n"
"           [--wrap-up duration] [file ...]\n"
"       ts-kpi explain [-c config] [-d db] [-o format] call_id [file ...]\n";

/* The tool's usage, then exit (ts_cli_usage). */
#define usage(code) ts_cli_usage(usage_text, (code))

/* --db takes its value as --db=FILE, -d FILE or --db FILE; --db alone
 * (followed by an option or nothing) means the default store. */
static void
db_arg(int argc, char **argv, struct ts_kpi_opts *o)
{
	o->use_db = 1;
	if (optarg)
		o->db = optarg;
	else if (optind < argc && argv[optind][0] != '-' &&
	    !ts_kpi_is_command(argv[optind]))
		o->db = argv[optind++];
}

static void
parse_more(int c, struct ts_kpi_opts *o)
{
	switch (c) {
	case OPT_AGENTS: o->agents = optarg; break;
	case OPT_AHT: o->aht = optarg; break;
	case OPT_CALLS: o->calls = optarg; break;
	case OPT_PATIENCE: o->patience = optarg; break;
	case OPT_TARGET: o->target = optarg; break;
	case OPT_WITHIN: o->within = optarg; break;
	case OPT_WRAP_UP: o->wrap_up = optarg; break;
	case OPT_FORMULA: o->formula = optarg; break;
	case OPT_SHORT: o->short_abandon = optarg; break;
	case OPT_THRESHOLD: o->threshold = optarg; break;
	case OPT_LANG: o->lang = optarg; break;
	default: usage(TS_EXIT_USAGE);
	}
}

static void
parse(int argc, char **argv, struct ts_kpi_opts *o)
{
	int c;

	while ((c = getopt_long(argc, argv, "c:d::ho:qvV", longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'c': o->config = optarg; break;
		case 'd': db_arg(argc, argv, o); break;
		case 'h': usage(0);
		case 'o': o->output = optarg; break;
		case 'q': o->quiet = 1; break;
		case 'v': o->verbose = 1; break;
		case 'V': ts_cli_version(); exit(ts_finish(0));
		case OPT_BY: o->by = optarg; break;
		case OPT_CHECK: o->check = 1; break;
		case OPT_CLIENT: o->client = optarg; break;
		case OPT_FORMAT: o->format = optarg; break;
		case OPT_MERGE_WINDOW: o->window = optarg; break;
		case OPT_PARTIAL: o->partial = 1; break;
		case OPT_PERIOD: o->period = optarg; break;
		case OPT_PRINT_SETTINGS: o->print_settings = 1; break;
		case OPT_REJECTS: o->rejects = optarg; break;
		case OPT_SINCE: o->since = optarg; break;
		case OPT_STRICT: o->strict = 1; break;
		case OPT_TZ: o->tz = optarg; break;
		case OPT_UNTIL: o->until = optarg; break;
		case OPT_UTC: o->utc = 1; break;
		default: parse_more(c, o);
		}
	}
}

int
main(int argc, char **argv)
{
	struct ts_kpi_opts o = { 0 };

	ts_setprogname(argv[0]);
	/* "ts-kpi lost [options]": a command first; options before it work
	 * too. */
	if (argc > 1 && ts_kpi_is_command(argv[1])) {
		o.command = argv[1];
		argc--;
		argv++;
	}
	parse(argc, argv, &o);
	if (!o.command && optind < argc && ts_kpi_is_command(argv[optind]))
		o.command = argv[optind++];
	if (o.command && strcmp(o.command, "explain") == 0) {
		if (optind >= argc)
			usage(TS_EXIT_USAGE);
		o.call_id = argv[optind++];
	}
	o.files = argv + optind;
	o.nfiles = (size_t)(argc - optind);
	return ts_finish(ts_kpi_main(&o));
}
