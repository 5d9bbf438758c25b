/*
 * ts-purge - retention from cron, erasure of one person (GDPR art. 17),
 * deletion of a client at contract end with a certificate, legal holds,
 * and the audit trail of it all.
 *
 * Without a command it applies retention.  Every deletion is one
 * transaction with its audit rows, followed by a WAL checkpoint with
 * truncation (retried while readers hold it): the exit status says 75
 * when deleted data may still be in the -wal file.  stdout carries the
 * report (counts per client and class; never personal data).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ts_cli.h"
#include "ts_gdpr.h"
#include "ts_mem.h"
#include "ts_purge.h"
#include "ts_rec.h"
#include "ts_store_gdpr.h"
#include "ts_time.h"
#include "banned.h"

enum {
	OPT_CLIENT = TS_OPT_LONG, OPT_EMAIL, OPT_NO_EXPORT, OPT_PHONE,
	OPT_REF, OPT_REQUEST_DATE, OPT_SINCE, OPT_UNTIL, OPT_VACUUM
};

static const struct option longopts[] = {
	{ "client", required_argument, NULL, OPT_CLIENT },
	{ "config", required_argument, NULL, 'c' },
	{ "db", required_argument, NULL, 'd' },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "email", required_argument, NULL, OPT_EMAIL },
	{ "help", no_argument, NULL, 'h' },
	{ "no-export", no_argument, NULL, OPT_NO_EXPORT },
	{ "output", required_argument, NULL, 'o' },
	{ "phone", required_argument, NULL, OPT_PHONE },
	{ "quiet", no_argument, NULL, 'q' },
	{ "ref", required_argument, NULL, OPT_REF },
	{ "request-date", required_argument, NULL, OPT_REQUEST_DATE },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "vacuum", no_argument, NULL, OPT_VACUUM },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static const char usage_text[] =
"usage: ts-purge [-nq] [-c config] [-d db] [-o format] [--client id]\n"
"           [--vacuum]\n"
"       ts-purge subject --client id [-nq] [-c config] [-d db] [-o format]\n"
"           [--phone number] [--email address] [--ref reference]\n"
"           [--request-date date] [--vacuum]\n"
"       ts-purge client --client id [-nq] [-c config] [-d db] [-o format]\n"
"           [--no-export] [--ref reference] [--vacuum]\n"
"       ts-purge hold | release --client id [-q] [-c config] [-d db]\n"
"           [--phone number] [--email address] [--ref reference]\n"
"       ts-purge audit [-c config] [-d db] [-o format] [--client id]\n"
"           [--since time] [--until time]\n";

enum cmd { RETENTION, SUBJECT, CLIENT, HOLD, RELEASE, AUDIT };

struct opts {
	const char *config, *db, *client, *fmt, *ref, *request_date;
	const char *since, *until;
	struct ts_subject_args ids;
	int dry_run, quiet, no_export, vacuum;
};

/* The tool's usage, then exit (ts_cli_usage). */
#define usage(code) ts_cli_usage(usage_text, (code))

static void
parse(int argc, char **argv, struct opts *o)
{
	int c;

	while ((c = getopt_long(argc, argv, "c:d:hno:qV", longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'c': o->config = optarg; break;
		case 'd': o->db = optarg; break;
		case 'h': usage(0);
		case 'n': o->dry_run = 1; break;
		case 'o': o->fmt = optarg; break;
		case 'q': o->quiet = 1; break;
		case 'V': ts_cli_version(); exit(ts_finish(0));
		case OPT_CLIENT: o->client = optarg; break;
		case OPT_EMAIL: ts_subject_args_add(&o->ids, 'e', optarg); break;
		case OPT_NO_EXPORT: o->no_export = 1; break;
		case OPT_PHONE: ts_subject_args_add(&o->ids, 'p', optarg); break;
		case OPT_REF: o->ref = optarg; break;
		case OPT_REQUEST_DATE: o->request_date = optarg; break;
		case OPT_SINCE: o->since = optarg; break;
		case OPT_UNTIL: o->until = optarg; break;
		case OPT_VACUUM: o->vacuum = 1; break;
		default: usage(TS_EXIT_USAGE);
		}
	}
}

static enum cmd
cmd_of(const char *s)
{
	static const char *const names[] = { "retention", "subject",
	    "client", "hold", "release", "audit" };
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(s, names[i]) == 0)
			return (enum cmd)i;
	ts_die(TS_EXIT_USAGE, "unknown command '%s' (subject, client, hold, "
	    "release or audit; none for retention)", s);
}

/* Refuses options that do not apply to command c. */
static void
check_opts(const struct opts *o, enum cmd c)
{
	int ids = c == SUBJECT || c == HOLD || c == RELEASE;

	if (o->ids.n && !ids)
		ts_die(TS_EXIT_USAGE, "--phone and --email apply to subject, "
		    "hold and release");
	if (ids && o->ids.n == 0)
		ts_die(TS_EXIT_USAGE, "give --phone or --email");
	if (c != RETENTION && c != AUDIT && !o->client)
		ts_die(TS_EXIT_USAGE, "--client is required");
	if (o->no_export && c != CLIENT)
		ts_die(TS_EXIT_USAGE, "--no-export applies to client");
	if (o->request_date && c != SUBJECT)
		ts_die(TS_EXIT_USAGE, "--request-date applies to subject");
	if ((o->since || o->until) && c != AUDIT)
		ts_die(TS_EXIT_USAGE, "--since and --until apply to audit");
	if (o->vacuum && (c == AUDIT || c == HOLD || c == RELEASE))
		ts_die(TS_EXIT_USAGE, "--vacuum applies to purges");
	if (o->dry_run && (c == AUDIT || c == HOLD || c == RELEASE))
		ts_die(TS_EXIT_USAGE, "--dry-run applies to purges");
}

/* ---- output ---- */

struct out {
	struct ts_writer *w;
	const struct ts_tz *tz;
	struct ts_purge *p;
	int certificate;
};

static void
put_time(struct out *o, int64_t t)
{
	char iso[TS_ISO_MAX];

	if (t == TS_TIME_NONE) {
		ts_writer_null(o->w);
		return;
	}
	ts_time_iso(t, o->tz, iso);
	ts_writer_str(o->w, iso);
}

static int
on_line(void *p, const struct ts_purge_line *l)
{
	struct out *o = p;

	ts_writer_str(o->w, l->client);
	ts_writer_str(o->w, l->dclass);
	if (o->certificate) {
		ts_writer_int(o->w, l->count);
		ts_writer_str(o->w, l->status);
		put_time(o, o->p->now);
		put_time(o, o->p->export_at);
		ts_writer_str(o->w, o->p->export_sha256);
		ts_writer_str(o->w, "ts-purge " TS_VERSION);
	} else {
		ts_writer_str(o->w, l->retention);
		put_time(o, l->cutoff);
		ts_writer_int(o->w, l->count);
		ts_writer_str(o->w, l->status);
	}
	return ts_writer_end(o->w);
}

static int
on_audit(const struct ts_store_row *r, void *p)
{
	const struct ts_gdpr_class *c = ts_gdpr_class("audit");
	struct out *o = p;
	size_t i;

	for (i = 0; i < c->nfields; i++) {
		const struct ts_store_val *v = &r->v[i];

		if (v->null)
			ts_writer_null(o->w);
		else if (c->fields[i].kind == TS_FIELD_TIME)
			put_time(o, v->i);
		else if (c->fields[i].kind == TS_FIELD_INT)
			ts_writer_int(o->w, v->i);
		else
			ts_writer_strn(o->w, v->s, v->len);
	}
	return ts_writer_end(o->w) ? -1 : 0;
}

static void
open_out(const struct opts *o, enum cmd c, struct out *out)
{
	static const char *const report[] = { "client", "class",
	    "retention", "cutoff", "count", "status" };
	static const char *const cert[] = { "client", "class", "count",
	    "status", "deleted_at", "exported_at", "manifest_sha256",
	    "tool" };
	enum ts_fmt fmt = isatty(STDOUT_FILENO) ? TS_FMT_TABLE : TS_FMT_CSV;
	const struct ts_gdpr_class *a = ts_gdpr_class("audit");
	const char *names[16];
	size_t i;

	if (o->fmt && ts_fmt_parse(o->fmt, &fmt) < 0)
		ts_die(TS_EXIT_USAGE, "unknown output format '%s'", o->fmt);
	out->w = ts_writer_new(stdout, fmt, 0);
	out->certificate = c == CLIENT;
	if (c == AUDIT) {
		for (i = 0; i < a->nfields && i < 16; i++)
			names[i] = a->fields[i].name;
		ts_writer_columns(out->w, names, i);
	} else if (c == CLIENT) {
		ts_writer_columns(out->w, cert, 8);
	} else {
		ts_writer_columns(out->w, report, 6);
	}
}

/* ---- commands ---- */

static int
parse_time(const char *s, const struct ts_tz *z, int64_t *t)
{
	struct ts_error err = TS_ERROR_INIT;

	if (ts_time_parse(s, strlen(s), z, TS_FOLD_REJECT, t, &err) == 0)
		return 0;
	err.code = TS_EXIT_USAGE;
	return ts_error_print(&err);
}

static int
audit_list(const struct opts *o, struct ts_store *st, struct out *out)
{
	struct ts_error err = TS_ERROR_INIT;
	int64_t from = INT64_MIN, to = INT64_MAX;
	int rc;

	if ((o->since && (rc = parse_time(o->since, out->tz, &from))) ||
	    (o->until && (rc = parse_time(o->until, out->tz, &to))))
		return rc;
	if (ts_store_audit_each(st, o->client, from, to, on_audit, out,
	    &err) != 0)
		return err.code ? ts_error_print(&err) : TS_EXIT_FAIL;
	return 0;
}

static int
subject_of(const struct opts *o, const struct ts_config *cfg,
    struct ts_subject *s)
{
	struct ts_error err = TS_ERROR_INIT;

	if (ts_subject_add_args(s, &o->ids, &cfg->service.country, &err))
		return ts_error_print(&err);
	return 0;
}

static int
purge(const struct opts *o, enum cmd c, struct ts_purge *p,
    const struct ts_client *cl, const struct ts_subject *s)
{
	struct ts_error err = TS_ERROR_INIT;
	int rc;

	switch (c) {
	case SUBJECT:
		rc = ts_purge_subject(p, cl, s, &err);
		break;
	case CLIENT:
		rc = ts_purge_client(p, cl, o->no_export, &err);
		break;
	case HOLD:
	case RELEASE:
		rc = ts_purge_hold(p, cl, s, c == HOLD, &err);
		break;
	default:
		rc = ts_purge_retention(p, o->client, &err);
		break;
	}
	if (rc == 0 && c != HOLD && c != RELEASE)
		rc = ts_purge_finish(p, o->vacuum, &err);
	if (rc != 0)
		return ts_error_print(&err);
	return 0;
}

static void
summary(const struct opts *o, enum cmd c, const struct ts_purge *p)
{
	if (o->quiet)
		return;
	if (c == HOLD || c == RELEASE)
		fprintf(stderr, "%s: %lld legal hold%s %s\n", ts_getprogname(),
		    (long long)p->total, p->total == 1 ? "" : "s",
		    c == HOLD ? "set" : "lifted");
	else
		fprintf(stderr, "%s: %s%lld record%s %s\n", ts_getprogname(),
		    o->dry_run ? "dry run: " : "", (long long)p->total,
		    p->total == 1 ? "" : "s", o->dry_run ? "would be deleted" :
		    "deleted, checkpoint done");
}

static int
run(const struct opts *o, enum cmd c, const struct ts_config *cfg)
{
	struct ts_purge p = { 0 };
	struct ts_subject s = { { 0 }, { 0 }, { 0 } };
	struct out out = { NULL, NULL, &p, 0 };
	struct ts_error err = TS_ERROR_INIT;
	const struct ts_client *cl = NULL;
	int rc;

	if (o->client && !(cl = ts_config_client(cfg, o->client)))
		ts_die(TS_EXIT_USAGE, "no client '%s' in the configuration",
		    o->client);
	if (ts_gdpr_check_ref(o->ref, &err) != 0)
		return ts_error_print(&err);
	p.cfg = cfg;
	p.dry_run = o->dry_run;
	p.ref = o->ref;
	p.request_date = TS_TIME_NONE;
	p.export_at = TS_TIME_NONE;
	p.report = on_line;
	p.ctx = &out;
	out.tz = ts_config_tz(cfg, cl);
	if ((rc = subject_of(o, cfg, &s)) ||
	    (o->request_date && (rc = parse_time(o->request_date, out.tz,
	    &p.request_date))) || (rc = ts_cli_now(&p.now)) ||
	    (rc = ts_cli_store(o->db, TS_STORE_MUST_EXIST, &p.store)))
		goto out;
	if (c != HOLD && c != RELEASE)
		open_out(o, c, &out);
	rc = c == AUDIT ? audit_list(o, p.store, &out) :
	    purge(o, c, &p, cl, &s);
	if (out.w && ts_writer_finish(out.w) != 0 && rc == 0)
		rc = TS_EXIT_FAIL;
	if (rc == 0 && c != AUDIT)
		summary(o, c, &p);
	if (rc == 0 && c == SUBJECT && p.total == 0) {
		ts_warnx("client '%s': nothing found for this person", cl->id);
		rc = TS_EXIT_NO;
	}
out:
	if (out.w)
		ts_writer_free(out.w);
	ts_store_close(p.store);
	ts_subject_free(&s);
	return rc;
}

int
main(int argc, char **argv)
{
	struct opts o = { 0 };
	struct ts_config *cfg = NULL;
	enum cmd c = RETENTION;
	const char *cmd;
	int rc;

	ts_setprogname(argv[0]);
	/* Without a command, ts-purge applies the retention periods. */
	cmd = ts_cli_command_first(&argc, &argv);
	parse(argc, argv, &o);
	if (cmd || (cmd = ts_cli_command_after(argc, argv)))
		c = cmd_of(cmd);
	if (optind < argc)
		ts_die(TS_EXIT_USAGE, "unexpected argument '%s'", argv[optind]);
	check_opts(&o, c);
	if ((rc = ts_cli_config(o.config, &cfg)) == 0)
		rc = run(&o, c, cfg);
	free(o.ids.v);
	ts_config_free(cfg);
	return ts_finish(rc);
}
