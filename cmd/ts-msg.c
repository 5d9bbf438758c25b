/*
 * ts-msg - messages taken for clients, and their delivery by e-mail, SMS
 * and webhook from the outbox in the store.
 *
 * `add` stores a message (from options, or with `-` a record stream such
 * as ts-route's decisions) and queues its deliveries; `send` delivers what
 * is due (by hand, from cron, or --watch); `list`, `show`, `status`,
 * `retry` and `cancel` look after them.  Records go to stdout, summaries
 * and diagnostics to stderr.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ts_cli.h"
#include "ts_http.h"
#include "ts_mem.h"
#include "ts_outbox.h"
#include "ts_rec.h"
#include "ts_time.h"
#include "banned.h"

enum {
	OPT_BODY = TS_OPT_LONG, OPT_CALL_ID, OPT_CALLER, OPT_CLIENT,
	OPT_DELIVERY, OPT_EMAIL, OPT_INTERVAL, OPT_KIND, OPT_LIMIT, OPT_NAME,
	OPT_NO_REUSE, OPT_NOTIFY, OPT_PERIOD, OPT_REASON, OPT_REF,
	OPT_REJECTS, OPT_SINCE, OPT_START, OPT_STATUS, OPT_STRICT,
	OPT_SUBJECT, OPT_TAKEN_BY, OPT_TZ, OPT_UNTIL, OPT_URGENT, OPT_UTC,
	OPT_WATCH, OPT_ALL
};

static const struct option longopts[] = {
	{ "all", no_argument, NULL, OPT_ALL },
	{ "body", required_argument, NULL, OPT_BODY },
	{ "call-id", required_argument, NULL, OPT_CALL_ID },
	{ "caller", required_argument, NULL, OPT_CALLER },
	{ "client", required_argument, NULL, OPT_CLIENT },
	{ "config", required_argument, NULL, 'c' },
	{ "db", required_argument, NULL, 'd' },
	{ "delivery", no_argument, NULL, OPT_DELIVERY },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "email", required_argument, NULL, OPT_EMAIL },
	{ "help", no_argument, NULL, 'h' },
	{ "interval", required_argument, NULL, OPT_INTERVAL },
	{ "kind", required_argument, NULL, OPT_KIND },
	{ "limit", required_argument, NULL, OPT_LIMIT },
	{ "name", required_argument, NULL, OPT_NAME },
	{ "no-reuse", no_argument, NULL, OPT_NO_REUSE },
	{ "notify", required_argument, NULL, OPT_NOTIFY },
	{ "output", required_argument, NULL, 'o' },
	{ "period", required_argument, NULL, OPT_PERIOD },
	{ "phone", required_argument, NULL, OPT_CALLER },
	{ "quiet", no_argument, NULL, 'q' },
	{ "reason", required_argument, NULL, OPT_REASON },
	{ "ref", required_argument, NULL, OPT_REF },
	{ "rejects", required_argument, NULL, OPT_REJECTS },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "start", required_argument, NULL, OPT_START },
	{ "status", required_argument, NULL, OPT_STATUS },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "subject", required_argument, NULL, OPT_SUBJECT },
	{ "taken-by", required_argument, NULL, OPT_TAKEN_BY },
	{ "tz", required_argument, NULL, OPT_TZ },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "urgent", no_argument, NULL, OPT_URGENT },
	{ "utc", no_argument, NULL, OPT_UTC },
	{ "verbose", no_argument, NULL, 'v' },
	{ "version", no_argument, NULL, 'V' },
	{ "watch", no_argument, NULL, OPT_WATCH },
	{ NULL, 0, NULL, 0 }
};

static const char usage_text[] =
"usage: ts-msg add --client id [-nqv] [-c config] [-d db] [--caller number]\n"
"           [--name name] [--email address] [--subject text]\n"
"           [--body text] [--urgent] [--reason text] [--taken-by name]\n"
"           [--notify targets] [--kind kind] [--ref key] [--call-id id]\n"
"           [--start time]\n"
"       ts-msg add [-nqv] [-c config] [-d db] [--rejects file] [--strict] -\n"
"       ts-msg send [-nqv] [-c config] [-d db] [--limit n] [--no-reuse]\n"
"           [--watch [--interval duration]]\n"
"       ts-msg list [-c config] [-d db] [-o format] [--client id]\n"
"           [--status status] [--since time] [--until time]\n"
"           [--period period] [--tz zone | --utc]\n"
"       ts-msg show [-c config] [-d db] [-o format] [--tz zone | --utc] id\n"
"       ts-msg status [-c config] [-d db] [-o format] [--all]\n"
"           [--client id] [--tz zone | --utc] [id]\n"
"       ts-msg retry | cancel [-nq] [-c config] [-d db] [--delivery] id\n";

struct opts {
	const char *config, *db, *output, *client, *caller, *name, *email;
	const char *subject, *body, *reason, *taken_by, *notify, *kind, *ref;
	const char *call_id, *start, *since, *until, *period, *status, *tz;
	const char *rejects, *interval;
	long limit;
	int dry_run, quiet, verbose, strict, utc, urgent, delivery, watch;
	int no_reuse, all;
};

/* The tool's usage, then exit (ts_cli_usage). */
#define usage(code) ts_cli_usage(usage_text, (code))

static long
parse_limit(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (end == s || *end || v < 1)
		ts_die(TS_EXIT_USAGE, "invalid --limit '%s': a positive "
		    "number", s);
	return v;
}

static int
parse_long(int c, struct opts *o)
{
	switch (c) {
	case OPT_ALL: o->all = 1; break;
	case OPT_BODY: o->body = optarg; break;
	case OPT_CALL_ID: o->call_id = optarg; break;
	case OPT_CALLER: o->caller = optarg; break;
	case OPT_CLIENT: o->client = optarg; break;
	case OPT_DELIVERY: o->delivery = 1; break;
	case OPT_EMAIL: o->email = optarg; break;
	case OPT_INTERVAL: o->interval = optarg; break;
	case OPT_KIND: o->kind = optarg; break;
	case OPT_LIMIT: o->limit = parse_limit(optarg); break;
	case OPT_NAME: o->name = optarg; break;
	case OPT_NO_REUSE: o->no_reuse = 1; break;
	case OPT_NOTIFY: o->notify = optarg; break;
	case OPT_PERIOD: o->period = optarg; break;
	case OPT_REASON: o->reason = optarg; break;
	case OPT_REF: o->ref = optarg; break;
	case OPT_REJECTS: o->rejects = optarg; break;
	case OPT_SINCE: o->since = optarg; break;
	case OPT_START: o->start = optarg; break;
	case OPT_STATUS: o->status = optarg; break;
	case OPT_STRICT: o->strict = 1; break;
	case OPT_SUBJECT: o->subject = optarg; break;
	case OPT_TAKEN_BY: o->taken_by = optarg; break;
	case OPT_TZ: o->tz = optarg; break;
	case OPT_UNTIL: o->until = optarg; break;
	case OPT_URGENT: o->urgent = 1; break;
	case OPT_UTC: o->utc = 1; break;
	case OPT_WATCH: o->watch = 1; break;
	default: return -1;
	}
	return 0;
}

static void
parse(int argc, char **argv, struct opts *o)
{
	int c;

	while ((c = getopt_long(argc, argv, "c:d:hno:qvV", longopts, NULL))
	    != -1) {
		switch (c) {
		case 'c': o->config = optarg; break;
		case 'd': o->db = optarg; break;
		case 'h': usage(0);
		case 'n': o->dry_run = 1; break;
		case 'o': o->output = optarg; break;
		case 'q': o->quiet = 1; break;
		case 'v': o->verbose = 1; break;
		case 'V': ts_cli_version(); exit(ts_finish(0));
		default:
			if (parse_long(c, o) < 0)
				usage(TS_EXIT_USAGE);
		}
	}
}

/* ---- output ---- */

static struct ts_writer *
writer(const struct opts *o)
{
	enum ts_fmt fmt = isatty(STDOUT_FILENO) ? TS_FMT_TABLE : TS_FMT_CSV;

	if (o->output && ts_fmt_parse(o->output, &fmt) < 0)
		ts_die(TS_EXIT_USAGE, "unknown output format '%s' (csv, tsv, "
		    "json or table)", o->output);
	return ts_writer_new(stdout, fmt, fmt == TS_FMT_TABLE ?
	    TS_WRITER_PERCENT : 0);
}

static void
put_time(struct ts_writer *w, int64_t t, const struct ts_tz *tz)
{
	char iso[TS_ISO_MAX];

	if (t == TS_TIME_NONE) {
		ts_writer_null(w);
		return;
	}
	ts_time_iso(t, tz, iso);
	ts_writer_str(w, iso);
}

struct out {
	struct ts_writer *w;
	const struct ts_tz *tz;
	int full;
	long n;
};

static const char *const msg_cols[] = {
	"id", "client", "kind", "created", "urgent", "caller", "caller_name",
	"subject", "status", "deliveries", "caller_email", "body",
	"taken_by", "reason", "notify", "ref", "call_id", "start"
};

static int
put_msg(const struct ts_msg *m, const struct ts_msg_status *ms, void *ctx)
{
	struct out *ot = ctx;
	struct ts_writer *w = ot->w;

	ts_writer_int(w, m->id);
	ts_writer_str(w, m->client);
	ts_writer_str(w, ts_msg_kind_name(m->kind));
	put_time(w, m->created, ot->tz);
	ts_writer_int(w, m->urgent);
	ts_writer_str(w, m->caller);
	ts_writer_str(w, m->caller_name);
	ts_writer_str(w, m->subject);
	ts_writer_str(w, ts_msg_status_name(ms));
	ts_writer_int(w, ms->total);
	if (ot->full) {
		ts_writer_str(w, m->caller_email);
		ts_writer_str(w, m->body);
		ts_writer_str(w, m->taken_by);
		ts_writer_str(w, m->reason);
		ts_writer_str(w, m->notify);
		ts_writer_str(w, m->ref);
		ts_writer_str(w, m->call_id);
		put_time(w, m->start, ot->tz);
	}
	ot->n++;
	return ts_writer_end(w) < 0 ? 1 : 0;
}

static const char *const d_cols[] = {
	"delivery", "message", "client", "channel", "recipient", "state",
	"attempts", "digest", "next_at", "sent_at", "code", "error"
};

static int
put_delivery(const struct ts_delivery *d, void *ctx)
{
	struct out *ot = ctx;
	struct ts_writer *w = ot->w;

	if (!ot->full && (d->state == TS_D_SENT ||
	    d->state == TS_D_CANCELLED))
		return 0;
	ts_writer_int(w, d->id);
	ts_writer_int(w, d->message);
	ts_writer_str(w, d->client);
	ts_writer_str(w, ts_channel_name(d->ch));
	ts_writer_str(w, d->to);
	ts_writer_str(w, ts_dstate_name(d->state));
	ts_writer_int(w, d->attempts);
	ts_writer_int(w, d->digest);
	if (d->state == TS_D_PENDING || d->state == TS_D_SENDING)
		put_time(w, d->next_at, ot->tz);
	else
		ts_writer_null(w);
	put_time(w, d->sent_at, ot->tz);
	if (d->code)
		ts_writer_int(w, d->code);
	else
		ts_writer_null(w);
	ts_writer_str(w, d->error);
	ot->n++;
	return ts_writer_end(w) < 0 ? 1 : 0;
}

static int
finish_out(struct out *ot, int rc, struct ts_error *err)
{
	if (rc < 0) {
		ts_writer_free(ot->w);
		return ts_error_print(err);
	}
	if (rc > 0 || ts_writer_finish(ot->w) < 0) {
		ts_writer_free(ot->w);
		ts_warn("write error");
		return TS_EXIT_FAIL;
	}
	ts_writer_free(ot->w);
	return TS_EXIT_OK;
}

/* ---- commands ---- */

struct env {
	struct opts *o;
	struct ts_config *cfg;
	struct ts_store *st;
	int64_t now;
	const struct ts_tz *tz;
};

static int64_t
parse_id(const char *s)
{
	char *end;
	long long v;

	if (!s)
		usage(TS_EXIT_USAGE);
	v = strtoll(s, &end, 10);
	if (end == s || *end || v < 1)
		ts_die(TS_EXIT_USAGE, "invalid id '%s': a positive number", s);
	return v;
}

static int
period(struct env *e, int64_t *from, int64_t *to)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_period p;

	*from = INT64_MIN;
	*to = INT64_MAX;
	if (e->o->period) {
		if (ts_period_parse(e->o->period, e->now, e->tz, &p, &err) < 0)
			return ts_error_print(&err);
		*from = p.from;
		*to = p.to;
	}
	if (e->o->since && ts_time_parse(e->o->since, strlen(e->o->since),
	    e->tz, TS_FOLD_REJECT, from, &err) < 0)
		return ts_error_print(&err);
	if (e->o->until && ts_time_parse(e->o->until, strlen(e->o->until),
	    e->tz, TS_FOLD_REJECT, to, &err) < 0)
		return ts_error_print(&err);
	return 0;
}

static int
cmd_list(struct env *e)
{
	static const char *const st[] = { "pending", "sent", "failed",
	    "dead", "cancelled", "none", NULL };
	struct ts_error err = TS_ERROR_INIT;
	struct ts_msg_query q = { e->o->client, 0, 0, e->o->status };
	struct out ot = { NULL, e->tz, 0, 0 };
	int rc, i;

	for (i = 0; e->o->status && st[i] && strcmp(st[i], e->o->status);
	    i++)
		;
	if (e->o->status && !st[i])
		ts_die(TS_EXIT_USAGE, "unknown status '%s' (pending, sent, "
		    "failed, dead, cancelled)", e->o->status);
	if ((rc = period(e, &q.from, &q.to)))
		return rc;
	ot.w = writer(e->o);
	ts_writer_columns(ot.w, msg_cols, 10);
	rc = ts_store_msgs_each(e->st, &q, put_msg, &ot, &err);
	return finish_out(&ot, rc, &err);
}

static int
count_d(const struct ts_delivery *d, void *ctx)
{
	struct ts_msg_status *ms = ctx;

	ms->n[d->state]++;
	ms->total++;
	return 0;
}

static int
cmd_show(struct env *e, const char *arg)
{
	struct ts_error err = TS_ERROR_INIT;
	struct out ot = { NULL, e->tz, 1, 0 };
	struct ts_msg_status ms;
	struct ts_msg m;
	int64_t id = parse_id(arg);
	int rc;

	ts_msg_init(&m);
	if ((rc = ts_store_msg_get(e->st, id, &m, &err)) <= 0) {
		ts_msg_release(&m);
		if (rc < 0)
			return ts_error_print(&err);
		ts_warnx("no message %lld", (long long)id);
		return TS_EXIT_NO;
	}
	memset(&ms, 0, sizeof ms);
	ot.w = writer(e->o);
	ts_writer_columns(ot.w, msg_cols, sizeof msg_cols /
	    sizeof msg_cols[0]);
	rc = ts_store_deliveries_each(e->st, id, TS_D_COUNT, NULL, count_d,
	    &ms, &err);
	if (rc == 0)
		rc = put_msg(&m, &ms, &ot);
	ts_msg_release(&m);
	return finish_out(&ot, rc, &err);
}

static int
cmd_status(struct env *e, const char *arg)
{
	struct ts_error err = TS_ERROR_INIT;
	struct out ot = { NULL, e->tz, e->o->all || arg, 0 };
	int rc;

	ot.w = writer(e->o);
	ts_writer_columns(ot.w, d_cols, sizeof d_cols / sizeof d_cols[0]);
	rc = ts_store_deliveries_each(e->st, arg ? parse_id(arg) : 0,
	    TS_D_COUNT, e->o->client, put_delivery, &ot, &err);
	if (arg && rc == 0 && ot.n == 0) {
		ts_writer_free(ot.w);
		ts_warnx("no message %s", arg);
		return TS_EXIT_NO;
	}
	return finish_out(&ot, rc, &err);
}

static int
cmd_change(struct env *e, const char *arg, int retry)
{
	struct ts_error err = TS_ERROR_INIT;
	int64_t id = parse_id(arg);
	int n = 0, rc;

	if (ts_store_begin(e->st, &err) < 0)
		return ts_error_print(&err);
	rc = retry ? ts_store_msg_retry(e->st, id, e->o->delivery, e->now,
	    &n, &err) : ts_store_msg_cancel(e->st, id, e->o->delivery, e->now,
	    &n, &err);
	if (rc == 0 && !e->o->dry_run && ts_store_commit(e->st, &err) < 0)
		rc = -1;
	if (rc < 0 || e->o->dry_run)
		ts_store_rollback(e->st);
	if (rc < 0)
		return ts_error_print(&err);
	if (!e->o->quiet)
		fprintf(stderr, "%s: %s%d deliveries %s\n", ts_getprogname(),
		    e->o->dry_run ? "dry run: " : "", n, retry ?
		    "to send again now" : "cancelled");
	return n ? TS_EXIT_OK : TS_EXIT_NO;
}

/* ---- add ---- */

static void
on_bad(void *ctx, const struct ts_error *err)
{
	FILE *rej = ctx;

	ts_error_print(err);
	if (rej)
		fprintf(rej, "%s:%ld\n", err->source, err->line);
}

static char *
read_all(FILE *f)
{
	struct ts_buf b = TS_BUF_INIT;
	char chunk[4096];
	size_t n;

	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		ts_buf_add(&b, chunk, n);
	while (b.len && (b.buf[b.len - 1] == '\n' || b.buf[b.len - 1] == '\r'))
		b.len--;
	ts_buf_setlen(&b, b.len);
	return ts_buf_detach(&b, NULL);
}

static void
copy_opt(char *dst, size_t size, const char *s)
{
	if (s && strlen(s) >= size)
		ts_die(TS_EXIT_USAGE, "option value too long (at most %zu "
		    "bytes)", size - 1);
	snprintf(dst, size, "%s", s ? s : "");
}

static int
fill_msg(struct env *e, struct ts_msg *m, struct ts_error *err)
{
	const struct opts *o = e->o;
	const struct ts_client *cl = ts_config_client(e->cfg, o->client);
	char *body;

	copy_opt(m->client, sizeof m->client, o->client);
	copy_opt(m->caller_name, sizeof m->caller_name, o->name);
	copy_opt(m->caller_email, sizeof m->caller_email, o->email);
	copy_opt(m->taken_by, sizeof m->taken_by, o->taken_by);
	copy_opt(m->reason, sizeof m->reason, o->reason);
	copy_opt(m->notify, sizeof m->notify, o->notify);
	copy_opt(m->ref, sizeof m->ref, o->ref);
	copy_opt(m->call_id, sizeof m->call_id, o->call_id);
	m->urgent = o->urgent;
	if (o->kind && ts_msg_kind_parse(o->kind, strlen(o->kind), &m->kind))
		ts_die(TS_EXIT_USAGE, "unknown --kind '%s' (message, reminder "
		    "or confirmation)", o->kind);
	if (o->caller && ts_phone_normalize(o->caller, strlen(o->caller),
	    &e->cfg->service.country, m->caller) == TS_PHONE_INVALID)
		ts_die(TS_EXIT_USAGE, "invalid --caller: not a phone number");
	if (o->start && ts_time_parse(o->start, strlen(o->start),
	    ts_config_tz(e->cfg, cl), TS_FOLD_REJECT, &m->start, err) < 0)
		return -1;
	if (o->subject)
		ts_msg_set_subject(m, o->subject, strlen(o->subject));
	if (o->body)
		ts_msg_set_body(m, o->body, strlen(o->body));
	else if (!isatty(STDIN_FILENO)) {
		body = read_all(stdin);
		ts_msg_set_body(m, body, strlen(body));
		free(body);
	}
	return 0;
}

static int
add_one(struct env *e, struct ts_outbox *ob)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_msg m;
	int rc;

	ts_msg_init(&m);
	rc = fill_msg(e, &m, &err);
	if (rc == 0 && !ob->dry_run)
		rc = ts_store_begin(e->st, &err);
	if (rc == 0)
		rc = ts_outbox_add(ob, &m, &err);
	if (rc >= 0 && !ob->dry_run && ts_store_commit(e->st, &err) < 0)
		rc = -1;
	if (rc < 0 && !ob->dry_run)
		ts_store_rollback(e->st);
	if (rc >= 0 && !e->o->quiet) {
		if (rc == 0)
			fprintf(stderr, "%s: already stored (ref), nothing "
			    "added\n", ts_getprogname());
		else if (ob->dry_run)
			fprintf(stderr, "%s: dry run: the message is valid, "
			    "nothing stored\n", ts_getprogname());
		else
			fprintf(stderr, "%s: message %lld added for '%s', %ld "
			    "deliveries queued\n", ts_getprogname(),
			    (long long)m.id, m.client, ob->queued);
	}
	ts_msg_release(&m);
	return rc < 0 ? ts_error_print(&err) : TS_EXIT_OK;
}

static int
add_stream(struct env *e, struct ts_outbox *ob)
{
	struct ts_error err = TS_ERROR_INIT;
	FILE *rej = NULL;
	int rc;

	if (e->o->rejects && !(rej = ts_cli_create_private(e->o->rejects)))
		return TS_EXIT_FAIL;
	ob->bad = on_bad;
	ob->ctx = rej;
	rc = ts_outbox_add_stream(ob, stdin, "<stdin>", e->o->strict, &err);
	if (rej && fclose(rej) != 0) {
		ts_warn("write error: '%s'", e->o->rejects);
		rc = rc < 0 ? rc : 1;
	}
	if (rc < 0)
		return ts_error_print(&err);
	if (!e->o->quiet)
		fprintf(stderr, "%s: %s%ld records: %ld added, %ld already "
		    "there, %ld skipped (action), %ld rejected; %ld "
		    "deliveries queued\n", ts_getprogname(), ob->dry_run ?
		    "dry run, nothing stored: " : "", ob->rows, ob->added,
		    ob->same, ob->skipped, ob->rejected, ob->queued);
	return ob->rejected || rc > 0 ? TS_EXIT_FAIL : TS_EXIT_OK;
}

static int
cmd_add(struct env *e, const char *arg)
{
	struct ts_outbox ob;

	memset(&ob, 0, sizeof ob);
	ob.cfg = e->cfg;
	ob.store = e->st;
	ob.now = e->now;
	ob.dry_run = e->o->dry_run;
	if (arg && strcmp(arg, "-") == 0)
		return add_stream(e, &ob);
	if (arg)
		ts_die(TS_EXIT_USAGE, "add takes '-' (records on stdin) or "
		    "options");
	if (!e->o->client)
		ts_die(TS_EXIT_USAGE, "add needs --client, or '-' for records "
		    "on stdin");
	return add_one(e, &ob);
}

/* ---- send ---- */

static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void
on_attempt(void *ctx, const struct ts_delivery *d, enum ts_dstate st,
    const char *error)
{
	const struct opts *o = ctx;

	if (!o->verbose)
		return;
	fprintf(stderr, "%s: delivery %lld (message %lld, %s): %s%s%s\n",
	    ts_getprogname(), (long long)d->id, (long long)d->message,
	    ts_channel_name(d->ch), ts_dstate_name(st), *error ? ": " : "",
	    error);
}

static int
send_round(struct env *e, struct ts_outbox *ob, const char *worker)
{
	struct ts_send_opts so = { worker, e->o->limit, !e->o->no_reuse };
	struct ts_error err = TS_ERROR_INIT;

	if (ts_outbox_send(ob, &so, &err) < 0)
		return ts_error_print(&err);
	/* -q quiets the good runs only: a failure is for a person. */
	if ((!e->o->quiet || ob->failed || ob->dead) && (!e->o->watch ||
	    ob->sent || ob->retry || ob->failed || ob->dead))
		fprintf(stderr, "%s: %ld sent, %ld to retry, %ld failed, %ld "
		    "dead%s\n", ts_getprogname(), ob->sent, ob->retry,
		    ob->failed, ob->dead, ob->lost ? " (some taken over by "
		    "another sender)" : "");
	if (ob->failed || ob->dead)
		return TS_EXIT_FAIL;
	return ob->retry ? TS_EXIT_TEMPFAIL : TS_EXIT_OK;
}

static int
send_dry(struct env *e)
{
	struct ts_error err = TS_ERROR_INIT;
	struct out ot = { NULL, e->tz, 0, 0 };
	int rc;

	ot.w = writer(e->o);
	ts_writer_columns(ot.w, d_cols, sizeof d_cols / sizeof d_cols[0]);
	rc = ts_store_deliveries_each(e->st, 0, TS_D_PENDING, e->o->client,
	    put_delivery, &ot, &err);
	return finish_out(&ot, rc, &err);
}

static int
cmd_send(struct env *e)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_outbox ob;
	int64_t interval = 30;
	char host[64] = "", worker[100];
	int rc;

	if (e->o->dry_run)
		return send_dry(e);
	if (e->o->interval && ts_duration_seconds(e->o->interval, &interval,
	    &err) < 0)
		return ts_error_print(&err);
	gethostname(host, sizeof host - 1);
	snprintf(worker, sizeof worker, "%s:%ld", host, (long)getpid());
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	do {
		memset(&ob, 0, sizeof ob);
		ob.cfg = e->cfg;
		ob.store = e->st;
		ob.attempt = on_attempt;
		ob.ctx = e->o;
		if ((rc = ts_cli_now(&ob.now)))
			return rc;
		rc = send_round(e, &ob, worker);
		if (rc == TS_EXIT_USAGE)
			return rc;
		if (e->o->watch && !stop)
			sleep((unsigned)(interval > 0 ? interval : 1));
	} while (e->o->watch && !stop);
	return e->o->watch ? TS_EXIT_OK : rc;
}

/* ---- main ---- */

static void
check_opts(const struct opts *o, const char *cmd)
{
	int add = strcmp(cmd, "add") == 0, send = strcmp(cmd, "send") == 0;

	if (!add && (o->caller || o->name || o->email || o->subject ||
	    o->body || o->urgent || o->reason || o->taken_by || o->notify ||
	    o->kind || o->ref || o->call_id || o->start || o->rejects ||
	    o->strict))
		ts_die(TS_EXIT_USAGE, "the message options apply to add");
	if (!send && (o->limit || o->watch || o->interval || o->no_reuse))
		ts_die(TS_EXIT_USAGE, "--limit, --watch, --interval and "
		    "--no-reuse apply to send");
	if (o->interval && !o->watch)
		ts_die(TS_EXIT_USAGE, "--interval needs --watch");
	if (o->tz && o->utc)
		ts_die(TS_EXIT_USAGE, "--tz and --utc exclude each other");
}

static int
run(struct env *e, const char *cmd, const char *arg)
{
	if (strcmp(cmd, "add") == 0)
		return cmd_add(e, arg);
	if (strcmp(cmd, "send") == 0)
		return cmd_send(e);
	if (strcmp(cmd, "list") == 0)
		return cmd_list(e);
	if (strcmp(cmd, "show") == 0)
		return cmd_show(e, arg);
	if (strcmp(cmd, "status") == 0)
		return cmd_status(e, arg);
	if (strcmp(cmd, "retry") == 0)
		return cmd_change(e, arg, 1);
	return cmd_change(e, arg, 0);
}

int
main(int argc, char **argv)
{
	static const char *const cmds[] = { "add", "send", "list", "show",
	    "status", "retry", "cancel", NULL };
	struct opts o = { 0 };
	struct env e = { &o, NULL, NULL, 0, NULL };
	const char *cmd, *arg;
	int rc, i;

	ts_setprogname(argv[0]);
	cmd = ts_cli_command_first(&argc, &argv);
	parse(argc, argv, &o);
	if (!cmd && !(cmd = ts_cli_command_after(argc, argv)))
		usage(TS_EXIT_USAGE);
	for (i = 0; cmds[i] && strcmp(cmds[i], cmd); i++)
		;
	if (!cmds[i])
		ts_die(TS_EXIT_USAGE, "unknown command '%s' (add, send, list, "
		    "show, status, retry or cancel)", cmd);
	arg = optind < argc ? argv[optind++] : NULL;
	if (optind < argc)
		usage(TS_EXIT_USAGE);
	check_opts(&o, cmd);
	if ((rc = ts_cli_config(o.config, &e.cfg)) ||
	    (rc = ts_cli_now(&e.now)) ||
	    (rc = ts_cli_zone(o.tz, o.utc, e.cfg, &e.tz)) ||
	    (rc = ts_cli_store(o.db, 0, &e.st)))
		goto out;
	rc = run(&e, cmd, arg);
out:
	ts_store_close(e.st);
	ts_config_free(e.cfg);
	ts_http_cleanup();
	return ts_finish(rc);
}
