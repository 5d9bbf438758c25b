/*
 * ts-import - load call records and contact lists into the store.
 *
 * `ts-import calls` reads CDRs in any format the CDR module knows (detected
 * from each file's first line) and stores one row per call; importing the
 * same file again, or an overlapping rotation of it, adds nothing twice.
 * `ts-import contacts` reads a client's contacts from CSV or vCard and
 * updates the ones already stored.  One run is one transaction.  A summary
 * goes to stderr; stdout stays empty.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_cdr.h"
#include "ts_cli.h"
#include "ts_import.h"
#include "banned.h"

enum {
	OPT_CLIENT = TS_OPT_LONG, OPT_FORMAT, OPT_FROM_SQLITE, OPT_MAP,
	OPT_MERGE_WINDOW, OPT_REJECTS, OPT_SOURCE, OPT_STRICT, OPT_TABLE,
	OPT_TZ, OPT_UTC
};

static const struct option longopts[] = {
	{ "client", required_argument, NULL, OPT_CLIENT },
	{ "config", required_argument, NULL, 'c' },
	{ "db", required_argument, NULL, 'd' },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "from-sqlite", required_argument, NULL, OPT_FROM_SQLITE },
	{ "help", no_argument, NULL, 'h' },
	{ "input-format", required_argument, NULL, OPT_FORMAT },
	{ "map", required_argument, NULL, OPT_MAP },
	{ "merge-window", required_argument, NULL, OPT_MERGE_WINDOW },
	{ "quiet", no_argument, NULL, 'q' },
	{ "rejects", required_argument, NULL, OPT_REJECTS },
	{ "source", required_argument, NULL, OPT_SOURCE },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "table", required_argument, NULL, OPT_TABLE },
	{ "tz", required_argument, NULL, OPT_TZ },
	{ "utc", no_argument, NULL, OPT_UTC },
	{ "verbose", no_argument, NULL, 'v' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static const char usage_text[] =
"usage: ts-import calls [-nqv] [-c config] [-d db] [--input-format format]\n"
"           [--merge-window duration] [--rejects file] [--source name]\n"
"           [--strict] [--tz zone | --utc] [file ...]\n"
"       ts-import calls [-nqv] [-c config] [-d db] --from-sqlite database\n"
"           [--table name] [--tz zone | --utc]\n"
"       ts-import contacts --client id [-nqv] [-c config] [-d db]\n"
"           [--map header=field,...] [--rejects file] [--strict] [file ...]\n";

struct opts {
	const char *config, *db, *client, *map, *rejects, *source;
	const char *sqlite, *table, *tz, *window;
	enum ts_cdr_format format;
	int dry_run, quiet, verbose, strict, utc;
};

/* The tool's usage, then exit (ts_cli_usage). */
#define usage(code) ts_cli_usage(usage_text, (code))

static void
parse(int argc, char **argv, struct opts *o)
{
	int c;

	while ((c = getopt_long(argc, argv, "c:d:hnqvV", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': o->config = optarg; break;
		case 'd': o->db = optarg; break;
		case 'h': usage(0);
		case 'n': o->dry_run = 1; break;
		case 'q': o->quiet = 1; break;
		case 'v': o->verbose = 1; break;
		case 'V': ts_cli_version(); exit(ts_finish(0));
		case OPT_CLIENT: o->client = optarg; break;
		case OPT_FORMAT:
			if (ts_cdr_format_parse(optarg, &o->format) < 0)
				ts_die(TS_EXIT_USAGE, "unknown input format "
				    "'%s'", optarg);
			break;
		case OPT_FROM_SQLITE: o->sqlite = optarg; break;
		case OPT_MAP: o->map = optarg; break;
		case OPT_MERGE_WINDOW: o->window = optarg; break;
		case OPT_REJECTS: o->rejects = optarg; break;
		case OPT_SOURCE: o->source = optarg; break;
		case OPT_STRICT: o->strict = 1; break;
		case OPT_TABLE: o->table = optarg; break;
		case OPT_TZ: o->tz = optarg; break;
		case OPT_UTC: o->utc = 1; break;
		default: usage(TS_EXIT_USAGE);
		}
	}
}

struct ctx {
	FILE *rejects;
	struct ts_progress progress;
};

static void
on_bad(void *p, const struct ts_error *err, const char *raw, size_t len)
{
	struct ctx *cx = p;

	ts_progress_done(&cx->progress);
	ts_error_print(err);
	if (cx->rejects) {
		fwrite(raw, 1, len, cx->rejects);
		fputc('\n', cx->rejects);
	}
}

static void
on_progress(void *p, long n)
{
	struct ctx *cx = p;

	ts_progress_show(&cx->progress, "%ld records", n);
}

static void
summary(const struct opts *o, const struct ts_import_stats *st,
    const char *what)
{
	if (o->quiet)
		return;
	fprintf(stderr, "%s: %s%ld records, %ld %s: %ld added, %ld updated, "
	    "%ld already there; %ld rejected\n", ts_getprogname(),
	    o->dry_run ? "dry run, nothing stored: " : "", st->rows,
	    st->items, what, st->added, st->updated, st->same, st->rejected);
	if (st->open)
		fprintf(stderr, "%s: %ld calls still waiting in a queue at the "
		    "end of the input, not counted\n", ts_getprogname(),
		    st->open);
	if (o->verbose && st->ignored)
		fprintf(stderr, "%s: %ld queue_log events that are not "
		    "calls\n", ts_getprogname(), st->ignored);
}

/* Checks the options against the subcommand; returns 0 or exits 2. */
static void
check_opts(const struct opts *o, int calls)
{
	if (calls && (o->client || o->map))
		ts_die(TS_EXIT_USAGE, "--client and --map apply to contacts");
	if (!calls && (o->format || o->sqlite || o->table || o->tz || o->utc ||
	    o->window || o->source))
		ts_die(TS_EXIT_USAGE, "--input-format, --from-sqlite, --table, "
		    "--tz, --utc, --merge-window and --source apply to calls");
	if (!calls && !o->client)
		ts_die(TS_EXIT_USAGE, "contacts needs --client");
	if (o->tz && o->utc)
		ts_die(TS_EXIT_USAGE, "--tz and --utc exclude each other");
}

static int
run(const struct opts *o, int calls, char **files, size_t nfiles,
    struct ts_import *im, struct ctx *cx)
{
	struct ts_cdr_opts co = { 0 };
	struct ts_error err = TS_ERROR_INIT;
	int rc;

	if (calls) {
		co.format = o->format;
		co.cfg = im->cfg;
		co.source = o->source;
		if ((rc = ts_cli_zone(o->tz, o->utc, im->cfg, &co.tz)))
			return rc;
		if (o->window && ts_duration_seconds(o->window, &co.window,
		    &err) < 0)
			return ts_error_print(&err);
		rc = ts_import_calls(im, &co, files, nfiles, o->sqlite,
		    o->table, &err);
	} else {
		rc = ts_import_contacts(im, o->client, o->map, files, nfiles,
		    &err);
	}
	ts_progress_done(&cx->progress);
	if (rc < 0)
		return ts_error_print(&err);
	summary(o, &im->st, calls ? "calls" : "contacts");
	return im->st.rejected ? TS_EXIT_FAIL : TS_EXIT_OK;
}

int
main(int argc, char **argv)
{
	struct opts o = { 0 };
	struct ts_import im = { 0 };
	struct ts_config *cfg = NULL;
	struct ctx cx = { NULL, { 0, { 0, 0 }, 0 } };
	const char *cmd;
	int calls, rc;

	ts_setprogname(argv[0]);
	cmd = ts_cli_command_first(&argc, &argv);
	parse(argc, argv, &o);
	if (!cmd && !(cmd = ts_cli_command_after(argc, argv)))
		usage(TS_EXIT_USAGE);
	calls = strcmp(cmd, "calls") == 0;
	if (!calls && strcmp(cmd, "contacts") != 0)
		ts_die(TS_EXIT_USAGE, "unknown command '%s' (calls or "
		    "contacts)", cmd);
	check_opts(&o, calls);
	if ((rc = ts_cli_config(o.config, &cfg)) ||
	    (rc = ts_cli_now(&im.now)) ||
	    (rc = ts_cli_store(o.db, 0, &im.store)))
		goto out;
	if (o.rejects && !(cx.rejects = ts_cli_create_private(o.rejects))) {
		rc = TS_EXIT_FAIL;
		goto out;
	}
	ts_progress_init(&cx.progress);
	im.cfg = cfg;
	im.strict = o.strict;
	im.dry_run = o.dry_run;
	im.bad = on_bad;
	im.progress = on_progress;
	im.ctx = &cx;
	rc = run(&o, calls, argv + optind, (size_t)(argc - optind), &im, &cx);
	if (cx.rejects && fclose(cx.rejects) != 0) {
		ts_warn("write error: '%s'", o.rejects);
		rc = TS_EXIT_FAIL;
	}
out:
	ts_store_close(im.store);
	ts_config_free(cfg);
	return ts_finish(rc);
}
