/*
 * ts-agenda - a client's appointments: free slots, bookings that cannot
 * collide, iCalendar in and out, CalDAV sync, confirmations and reminders.
 *
 * The secretary asks for the free slots while the caller is on the line
 * (`slots`), books one (`book`: exit 3 and the nearest free slots when a
 * colleague was faster), moves or cancels it.  `export` writes an RFC 5545
 * calendar, `import` reads the client's own calendar (a file or its
 * published address) as busy time, `sync` exchanges both with the client's
 * CalDAV calendar, and `remind` writes the message records that
 * `ts-msg add -` sends.  The logic lives in lib/ts_agenda*.c.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ts_agenda.h"
#include "ts_agenda_sync.h"
#include "ts_buf.h"
#include "ts_cli.h"
#include "ts_ical.h"
#include "ts_mem.h"
#include "ts_rec.h"
#include "banned.h"

#define DAY 86400
#define NEAREST 5		/* free slots offered when one is taken */

enum {
	OPT_AT = TS_OPT_LONG, OPT_CLIENT, OPT_CONFIRM, OPT_DAYS, OPT_EMAIL,
	OPT_FORCE, OPT_FROM, OPT_NAME, OPT_NOTE, OPT_NOTIFY, OPT_PHONE,
	OPT_PULL_ONLY, OPT_PUSH_ONLY, OPT_SINCE, OPT_SOURCE, OPT_TYPE,
	OPT_UNTIL, OPT_URL, OPT_WITHIN
};

static const struct option longopts[] = {
	{ "at", required_argument, NULL, OPT_AT },
	{ "client", required_argument, NULL, OPT_CLIENT },
	{ "config", required_argument, NULL, 'c' },
	{ "confirm", no_argument, NULL, OPT_CONFIRM },
	{ "days", required_argument, NULL, OPT_DAYS },
	{ "db", required_argument, NULL, 'd' },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "email", required_argument, NULL, OPT_EMAIL },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "help", no_argument, NULL, 'h' },
	{ "name", required_argument, NULL, OPT_NAME },
	{ "note", required_argument, NULL, OPT_NOTE },
	{ "notify", no_argument, NULL, OPT_NOTIFY },
	{ "output", required_argument, NULL, 'o' },
	{ "phone", required_argument, NULL, OPT_PHONE },
	{ "pull-only", no_argument, NULL, OPT_PULL_ONLY },
	{ "push-only", no_argument, NULL, OPT_PUSH_ONLY },
	{ "quiet", no_argument, NULL, 'q' },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "source", required_argument, NULL, OPT_SOURCE },
	{ "type", required_argument, NULL, OPT_TYPE },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "url", required_argument, NULL, OPT_URL },
	{ "verbose", no_argument, NULL, 'v' },
	{ "version", no_argument, NULL, 'V' },
	{ "within", required_argument, NULL, OPT_WITHIN },
	{ NULL, 0, NULL, 0 }
};

static const char usage_text[] =
"usage: ts-agenda slots --client id [-c config] [-d db] [-o format]\n"
"           [--type type] [--from date] [--days n]\n"
"       ts-agenda book --client id --at time --name name --phone number\n"
"           [-nq] [-c config] [-d db] [-o format] [--type type]\n"
"           [--email address] [--note text] [--confirm] [--force]\n"
"       ts-agenda move --client id --at time [-nq] [-c config] [-d db]\n"
"           [-o format] [--type type] [--confirm] [--force] booking\n"
"       ts-agenda cancel --client id [-nq] [-c config] [-d db] [-o format]\n"
"           [--notify] booking\n"
"       ts-agenda list | busy [--client id] [-c config] [-d db] [-o format]\n"
"           [--since time] [--until time]\n"
"       ts-agenda show --client id [-c config] [-d db] [-o format] booking\n"
"       ts-agenda export --client id [-c config] [-d db]\n"
"           [--since time | --from date] [--until time]\n"
"       ts-agenda import --client id [-nqv] [-c config] [-d db]\n"
"           [--source name] file | --url url\n"
"       ts-agenda sync --client id [-nqv] [-c config] [-d db]\n"
"           [--pull-only | --push-only]\n"
"       ts-agenda remind [--client id] [-nq] [-c config] [-d db] [-o format]\n"
"           [--within duration]\n";

enum cmd {
	CMD_SLOTS, CMD_BOOK, CMD_MOVE, CMD_CANCEL, CMD_LIST, CMD_BUSY,
	CMD_SHOW, CMD_EXPORT, CMD_IMPORT, CMD_SYNC, CMD_REMIND
};

static const char *const cmd_names[] = {
	"slots", "book", "move", "cancel", "list", "busy", "show", "export",
	"import", "sync", "remind", NULL
};

struct opts {
	enum cmd cmd;
	const char *config, *db, *client, *type, *from, *days, *at;
	const char *name, *phone, *email, *note, *since, *until, *url;
	const char *source, *within, *arg;
	enum ts_fmt fmt;
	int fmt_set, dry_run, quiet, verbose, confirm, notify, force;
	int pull_only, push_only;
};

/* The tool's usage, then exit (ts_cli_usage). */
#define usage(code) ts_cli_usage(usage_text, (code))

static void
parse_output(struct opts *o, const char *s)
{
	if (ts_fmt_parse(s, &o->fmt) < 0)
		ts_die(TS_EXIT_USAGE, "unknown output format '%s' (csv, tsv, "
		    "json or table)", s);
	o->fmt_set = 1;
}

static void
parse_long(struct opts *o, int c)
{
	switch (c) {
	case OPT_AT: o->at = optarg; break;
	case OPT_CLIENT: o->client = optarg; break;
	case OPT_CONFIRM: o->confirm = 1; break;
	case OPT_DAYS: o->days = optarg; break;
	case OPT_EMAIL: o->email = optarg; break;
	case OPT_FORCE: o->force = 1; break;
	case OPT_FROM: o->from = optarg; break;
	case OPT_NAME: o->name = optarg; break;
	case OPT_NOTE: o->note = optarg; break;
	case OPT_NOTIFY: o->notify = 1; break;
	case OPT_PHONE: o->phone = optarg; break;
	case OPT_PULL_ONLY: o->pull_only = 1; break;
	case OPT_PUSH_ONLY: o->push_only = 1; break;
	case OPT_SINCE: o->since = optarg; break;
	case OPT_SOURCE: o->source = optarg; break;
	case OPT_TYPE: o->type = optarg; break;
	case OPT_UNTIL: o->until = optarg; break;
	case OPT_URL: o->url = optarg; break;
	case OPT_WITHIN: o->within = optarg; break;
	default: usage(TS_EXIT_USAGE);
	}
}

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
		case 'o': parse_output(o, optarg); break;
		case 'q': o->quiet = 1; break;
		case 'v': o->verbose = 1; break;
		case 'V': ts_cli_version(); exit(ts_finish(0));
		default: parse_long(o, c);
		}
	}
}

/* Which options each command takes, besides -c -d -h -q -v -V. */
static void
check_opts(const struct opts *o)
{
	static const char *const need_client[] = { "slots", "book", "move",
	    "cancel", "show", "export", "import", "sync", NULL };
	size_t i;

	for (i = 0; need_client[i]; i++)
		if (strcmp(need_client[i], cmd_names[o->cmd]) == 0 &&
		    !o->client)
			ts_die(TS_EXIT_USAGE, "%s needs --client",
			    cmd_names[o->cmd]);
	if ((o->cmd == CMD_BOOK || o->cmd == CMD_MOVE) && !o->at)
		ts_die(TS_EXIT_USAGE, "%s needs --at", cmd_names[o->cmd]);
	if ((o->cmd == CMD_MOVE || o->cmd == CMD_CANCEL ||
	    o->cmd == CMD_SHOW) && !o->arg)
		ts_die(TS_EXIT_USAGE, "%s needs a booking (its id or UID)",
		    cmd_names[o->cmd]);
	if (o->cmd == CMD_IMPORT && !o->arg == !o->url)
		ts_die(TS_EXIT_USAGE, "import takes a file or --url, one of "
		    "them");
	if (o->pull_only && o->push_only)
		ts_die(TS_EXIT_USAGE, "--pull-only and --push-only exclude "
		    "each other");
	if (o->cmd == CMD_EXPORT && o->fmt_set)
		ts_die(TS_EXIT_USAGE, "export writes iCalendar: no -o");
}

/* ---- output ---- */

struct out {
	const struct opts *o;
	struct ts_writer *w;
	struct ts_agenda_ctx *a;
	const struct ts_agenda_type *t;
	const struct ts_tz *tz;
	long n;
	int failed;
};

static void
out_open(struct out *out, const struct opts *o)
{
	enum ts_fmt fmt = o->fmt;

	/* A secretary reads slots over the phone; a pipe wants CSV. */
	if (!o->fmt_set)
		fmt = isatty(STDOUT_FILENO) ? TS_FMT_TABLE : TS_FMT_CSV;
	out->o = o;
	out->w = ts_writer_new(stdout, fmt, 0);
}

static int
out_close(struct out *out, int rc)
{
	if (ts_writer_finish(out->w) != 0 || fflush(stdout) != 0 ||
	    out->failed) {
		ts_warn("write error");
		rc = TS_EXIT_FAIL;
	}
	ts_writer_free(out->w);
	return rc;
}

static int
write_slot(const struct ts_slot *s, void *p)
{
	struct out *out = p;

	out->n++;
	if (ts_agenda_write_slot(out->w, out->a, out->t, s) != 0)
		return out->failed = 1;
	return 0;
}

static int
write_booking(const struct ts_booking *b, void *p)
{
	struct out *out = p;

	out->n++;
	if (ts_agenda_write_booking(out->w, b, out->tz) != 0)
		return out->failed = 1;
	return 0;
}

static int
write_busy(const char *client, const char *source, const char *ref,
    int64_t from, int64_t to, void *p)
{
	struct out *out = p;

	out->n++;
	if (ts_agenda_write_busy(out->w, client, source, ref, from, to,
	    out->tz) != 0)
		return out->failed = 1;
	return 0;
}

static int
write_msg(const struct ts_agenda_msg *m, void *p)
{
	struct out *out = p;

	out->n++;
	if (ts_agenda_write_msg(out->w, m, out->tz) != 0)
		return out->failed = 1;
	return 0;
}

/* ---- the commands ---- */

struct run {
	const struct opts *o;
	struct ts_config *cfg;
	struct ts_store *store;
	struct ts_agenda_ctx a;
	int64_t now;
};

/* A time option in the client's zone (gap refused, fold needs offset). */
static int
time_opt(struct run *r, const char *what, const char *s, int64_t *t)
{
	struct ts_error err = TS_ERROR_INIT;

	if (ts_agenda_parse_time(&r->a, s, t, &err) == 0)
		return 0;
	ts_warnx("%s: %s", what, err.msg);
	return TS_EXIT_USAGE;
}

static int
cmd_slots(struct run *r)
{
	struct ts_error err = TS_ERROR_INIT;
	struct out out = { 0 };
	char *end;
	long days = 7;
	int64_t from = r->now;
	int rc;

	if (r->o->days) {
		days = strtol(r->o->days, &end, 10);
		if (*end || days < 1 || days > 366)
			ts_die(TS_EXIT_USAGE, "--days takes a number of days "
			    "from 1 to 366, not '%s'", r->o->days);
	}
	if (r->o->from && (rc = time_opt(r, "--from", r->o->from, &from)))
		return rc;
	if (!(out.t = ts_agenda_type(&r->a, r->o->type, &err)))
		return ts_error_print(&err);
	out_open(&out, r->o);
	out.a = &r->a;
	ts_agenda_slot_columns(out.w);
	rc = ts_agenda_slots(&r->a, out.t, from, from + days * DAY,
	    write_slot, &out, &err);
	if (rc < 0)
		rc = ts_error_print(&err);
	else
		rc = out.n ? TS_EXIT_OK : TS_EXIT_NO;
	if (rc == TS_EXIT_NO && !r->o->quiet)
		ts_warnx("no free slot in these %ld days", days);
	return out_close(&out, rc);
}

/* The nearest free slots, on stderr, when the one asked for is taken. */
static void
offer_nearest(struct run *r, const char *type, int64_t at)
{
	struct ts_error err = TS_ERROR_INIT;
	const struct ts_agenda_type *t = ts_agenda_type(&r->a, type, &err);
	struct ts_slot s[NEAREST];
	char when[TS_ISO_MAX];
	int i, n;

	if (!t || (n = ts_agenda_nearest(&r->a, t, at, s, NEAREST, &err)) < 0)
		return;
	if (n == 0) {
		ts_warnx("no free slot near it");
		return;
	}
	fprintf(stderr, "%s: nearest free slots:\n", ts_getprogname());
	for (i = 0; i < n; i++) {
		ts_time_iso(s[i].start, r->a.tz, when);
		fprintf(stderr, "  %s\n", when);
	}
}

/* After a change: the booking, or the message for the caller. */
static int
report_booking(struct run *r, const struct ts_booking *b, const char *kind,
    const char *verb)
{
	struct out out = { 0 };
	struct ts_agenda_msg m;
	char when[TS_ISO_MAX];

	ts_time_iso(b->start, r->a.tz, when);
	if (!r->o->quiet)
		fprintf(stderr, "%s: %s booking %lld (%s) at %s\n",
		    ts_getprogname(), verb, (long long)b->id, b->uid, when);
	out_open(&out, r->o);
	out.tz = r->a.tz;
	if (kind) {
		ts_agenda_msg_columns(out.w);
		ts_agenda_message(&r->a, b, kind, &m);
		write_msg(&m, &out);
		ts_agenda_msg_release(&m);
	} else {
		ts_agenda_booking_columns(out.w);
		write_booking(b, &out);
	}
	return out_close(&out, TS_EXIT_OK);
}

/* Prints a failed change; exit 3 comes with the nearest free slots. */
static int
refused(struct run *r, const struct ts_error *err, const char *type,
    int64_t at)
{
	int rc = ts_error_print(err);

	if (rc == TS_EXIT_NO)
		offer_nearest(r, type, at);
	return rc;
}

static int
cmd_book(struct run *r)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_agenda_req req = { 0 };
	struct ts_booking b;
	int rc;

	if ((rc = time_opt(r, "--at", r->o->at, &req.start)))
		return rc;
	req.type = r->o->type;
	req.name = r->o->name;
	req.phone = r->o->phone;
	req.email = r->o->email;
	req.note = r->o->note;
	req.force = r->o->force;
	if (ts_agenda_book(&r->a, &req, &b, &err) != 0)
		return refused(r, &err, r->o->type, req.start);
	return report_booking(r, &b, r->o->confirm ? "confirmation" : NULL,
	    r->o->dry_run ? "dry run, would store" : "stored");
}

static int
find(struct run *r, struct ts_booking *b)
{
	struct ts_error err = TS_ERROR_INIT;

	if (ts_agenda_find(&r->a, r->o->arg, b, &err) != 0)
		return ts_error_print(&err);
	return 0;
}

static int
cmd_move(struct run *r)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_booking b;
	int64_t at;
	int rc;

	if ((rc = time_opt(r, "--at", r->o->at, &at)) || (rc = find(r, &b)))
		return rc;
	if (ts_agenda_move(&r->a, &b, at, r->o->type, r->o->force,
	    &err) != 0)
		return refused(r, &err, r->o->type ? r->o->type : b.type, at);
	return report_booking(r, &b, r->o->confirm ? "confirmation" : NULL,
	    r->o->dry_run ? "dry run, would move" : "moved");
}

static int
cmd_cancel(struct run *r)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_booking b;
	int rc;

	if ((rc = find(r, &b)))
		return rc;
	if (ts_agenda_cancel(&r->a, &b, &err) != 0)
		return ts_error_print(&err);
	return report_booking(r, &b, r->o->notify ? "cancellation" : NULL,
	    r->o->dry_run ? "dry run, would cancel" : "cancelled");
}

static int
cmd_show(struct run *r)
{
	struct out out = { 0 };
	struct ts_booking b;
	int rc;

	if ((rc = find(r, &b)))
		return rc;
	out_open(&out, r->o);
	out.tz = r->a.tz;
	ts_agenda_booking_columns(out.w);
	write_booking(&b, &out);
	return out_close(&out, TS_EXIT_OK);
}

/* --since and --until: times in the zone of the client (or service). */
static int
range(struct run *r, int64_t *from, int64_t *to)
{
	struct ts_error err = TS_ERROR_INIT;
	const struct ts_tz *tz = r->a.tz ? r->a.tz : ts_config_tz(r->cfg,
	    NULL);

	const char *since = r->o->since ? r->o->since : r->o->from;

	*from = INT64_MIN;
	*to = INT64_MAX;
	/* export --from DATE reads as --since DATE. */
	if (since && ts_time_parse(since, strlen(since), tz, TS_FOLD_REJECT,
	    from, &err) != 0) {
		ts_warnx("%s: %s", r->o->since ? "--since" : "--from",
		    err.msg);
		return TS_EXIT_USAGE;
	}
	if (r->o->until && ts_time_parse(r->o->until, strlen(r->o->until), tz,
	    TS_FOLD_REJECT, to, &err) != 0) {
		ts_warnx("--until: %s", err.msg);
		return TS_EXIT_USAGE;
	}
	return 0;
}

static int
cmd_list(struct run *r)
{
	struct ts_error err = TS_ERROR_INIT;
	struct out out = { 0 };
	int64_t from, to;
	int rc;

	if ((rc = range(r, &from, &to)))
		return rc;
	out_open(&out, r->o);
	out.tz = r->a.tz ? r->a.tz : ts_config_tz(r->cfg, NULL);
	if (r->o->cmd == CMD_LIST) {
		ts_agenda_booking_columns(out.w);
		rc = ts_store_bookings_each(r->store, r->o->client, from, to,
		    write_booking, &out, &err);
	} else {
		ts_agenda_busy_columns(out.w);
		rc = ts_store_busy_each(r->store, r->o->client, from, to,
		    write_busy, &out, &err);
	}
	rc = rc < 0 && !out.failed ? ts_error_print(&err) : TS_EXIT_OK;
	return out_close(&out, rc);
}

struct collect {
	struct ts_booking *b;
	size_t n, cap;
};

static int
collect(const struct ts_booking *b, void *p)
{
	struct collect *c = p;

	if (c->n == c->cap)
		c->b = ts_xreallocarray(c->b, c->cap = c->cap ? 2 * c->cap : 16,
		    sizeof *c->b);
	c->b[c->n++] = *b;
	return 0;
}

static int
cmd_export(struct run *r)
{
	struct ts_error err = TS_ERROR_INIT;
	struct collect c = { 0 };
	char *text = NULL;
	int64_t from, to;
	int rc;

	if ((rc = range(r, &from, &to)))
		return rc;
	if (ts_store_bookings_each(r->store, r->a.cl->id, from, to, collect,
	    &c, &err) != 0 || !(text = ts_ical_write(&r->a, c.b, c.n, &err))) {
		free(c.b);
		return ts_error_print(&err);
	}
	rc = TS_EXIT_OK;
	if (fputs(text, stdout) == EOF || fflush(stdout) != 0) {
		ts_warn("write error");
		rc = TS_EXIT_FAIL;
	}
	if (!r->o->quiet && r->o->verbose)
		fprintf(stderr, "%s: %zu bookings exported\n",
		    ts_getprogname(), c.n);
	free(text);
	free(c.b);
	return rc;
}

static void
import_bad(const struct ts_error *e, void *ctx)
{
	(void)ctx;
	ts_error_print(e);
}

static int
read_file(const char *path, char **text)
{
	struct ts_buf b = TS_BUF_INIT;
	char chunk[8192];
	size_t n;
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");

	if (!f) {
		ts_warn("cannot open '%s'", path);
		return TS_EXIT_FAIL;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		ts_buf_add(&b, chunk, n);
	if (ferror(f)) {
		ts_warn("read error: '%s'", path);
		if (f != stdin)
			fclose(f);
		ts_buf_release(&b);
		return TS_EXIT_FAIL;
	}
	if (f != stdin)
		fclose(f);
	*text = ts_buf_detach(&b, NULL);
	return 0;
}

static int
cmd_import(struct run *r)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_ical_stats st = { 0 };
	const char *name = r->o->url ? r->o->url : r->o->arg;
	char *text = NULL;
	int rc;

	if (r->o->url) {
		if (ts_agenda_fetch(&r->a, r->o->url, &text, &err) != 0)
			return ts_error_print(&err);
		/* The address may hold a secret token: name it by its kind. */
		name = "<url>";
	} else if ((rc = read_file(r->o->arg, &text))) {
		return rc;
	}
	rc = ts_agenda_import(&r->a, text, strcmp(name, "-") ? name :
	    "<stdin>", r->o->source, r->o->dry_run, import_bad, NULL, &st,
	    &err);
	free(text);
	if (rc != 0)
		return ts_error_print(&err);
	if (!r->o->quiet)
		fprintf(stderr, "%s: %s%ld events: %ld busy blocks, %ld "
		    "skipped, %ld rejected%s\n", ts_getprogname(),
		    r->o->dry_run ? "dry run, nothing stored: " : "",
		    st.events, st.blocks, st.skipped, st.rejected,
		    st.capped ? " (some recurrences cut short)" : "");
	return st.rejected ? TS_EXIT_FAIL : TS_EXIT_OK;
}

static void
sync_conflict(const struct ts_booking *b, void *ctx)
{
	struct run *r = ctx;
	char when[TS_ISO_MAX];

	ts_time_iso(b->start, r->a.tz, when);
	ts_warnx("booking %lld (%s) at %s is in conflict: %s",
	    (long long)b->id, b->uid, when, b->conflict);
}

static int
cmd_sync(struct run *r)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_sync_stats st;
	unsigned flags = TS_SYNC_PULL | TS_SYNC_PUSH;

	if (r->o->pull_only)
		flags = TS_SYNC_PULL;
	if (r->o->push_only)
		flags = TS_SYNC_PUSH;
	if (r->o->dry_run)
		flags |= TS_SYNC_DRY_RUN;
	if (ts_agenda_sync(&r->a, flags, sync_conflict, r, &st, &err) != 0)
		return ts_error_print(&err);
	if (!r->o->quiet)
		fprintf(stderr, "%s: %s%s%ld fetched, %ld changed, %ld "
		    "deleted; %ld pushed, %ld updated; %ld conflicts\n",
		    ts_getprogname(), r->o->dry_run ? "dry run: " : "",
		    st.full ? "full resync: " : "", st.fetched,
		    st.busy_changed, st.deleted, st.created, st.updated,
		    st.conflicts);
	if (r->o->verbose)
		fprintf(stderr, "%s: %ld requests, %ld writes\n",
		    ts_getprogname(), st.requests, st.writes);
	return st.conflicts ? TS_EXIT_NO : TS_EXIT_OK;
}

static int
cmd_remind(struct run *r)
{
	struct ts_error err = TS_ERROR_INIT;
	struct out out = { 0 };
	int64_t within = DAY;
	int rc;

	if (r->o->within && ts_duration_seconds(r->o->within, &within,
	    &err) != 0)
		return ts_error_print(&err);
	out_open(&out, r->o);
	/* Each record's start is in the service's zone: one stream for
	 * every client. */
	out.tz = ts_config_tz(r->cfg, NULL);
	ts_agenda_msg_columns(out.w);
	rc = ts_agenda_remind(r->cfg, r->store, r->o->client, r->now, within,
	    r->o->dry_run, write_msg, &out, &err);
	rc = rc != 0 ? ts_error_print(&err) : TS_EXIT_OK;
	rc = out_close(&out, rc);
	if (rc == TS_EXIT_OK && !r->o->quiet && r->o->verbose)
		fprintf(stderr, "%s: %ld reminders\n", ts_getprogname(),
		    out.n);
	return rc;
}

static int
dispatch(struct run *r)
{
	switch (r->o->cmd) {
	case CMD_SLOTS: return cmd_slots(r);
	case CMD_BOOK: return cmd_book(r);
	case CMD_MOVE: return cmd_move(r);
	case CMD_CANCEL: return cmd_cancel(r);
	case CMD_LIST: case CMD_BUSY: return cmd_list(r);
	case CMD_SHOW: return cmd_show(r);
	case CMD_EXPORT: return cmd_export(r);
	case CMD_IMPORT: return cmd_import(r);
	case CMD_SYNC: return cmd_sync(r);
	case CMD_REMIND: return cmd_remind(r);
	}
	return TS_EXIT_USAGE;
}

static enum cmd
cmd_of(const char *name)
{
	size_t i;

	for (i = 0; cmd_names[i]; i++)
		if (strcmp(cmd_names[i], name) == 0)
			return (enum cmd)i;
	ts_die(TS_EXIT_USAGE, "unknown command '%s' (slots, book, move, "
	    "cancel, list, busy, show, export, import, sync or remind)", name);
}

static int
open_all(struct run *r)
{
	struct ts_error err = TS_ERROR_INIT;
	int rc;

	if ((rc = ts_cli_config(r->o->config, &r->cfg)) ||
	    (rc = ts_cli_now(&r->now)) ||
	    (rc = ts_cli_store(r->o->db, 0, &r->store)))
		return rc;
	if (r->o->client && ts_agenda_open(&r->a, r->cfg, r->o->client,
	    r->store, r->now, &err) != 0)
		return ts_error_print(&err);
	r->a.dry_run = r->o->dry_run;
	return 0;
}

int
main(int argc, char **argv)
{
	struct opts o = { 0 };
	struct run r = { 0 };
	const char *cmd;
	int rc;

	ts_setprogname(argv[0]);
	cmd = ts_cli_command_first(&argc, &argv);
	parse(argc, argv, &o);
	if (!cmd && !(cmd = ts_cli_command_after(argc, argv)))
		usage(TS_EXIT_USAGE);
	o.cmd = cmd_of(cmd);
	if (optind < argc)
		o.arg = argv[optind++];
	if (optind < argc)
		ts_die(TS_EXIT_USAGE, "too many arguments");
	check_opts(&o);
	r.o = &o;
	if ((rc = open_all(&r)) == 0)
		rc = dispatch(&r);
	ts_store_close(r.store);
	ts_config_free(r.cfg);
	ts_ical_cleanup();
	return ts_finish(rc);
}
