/*
 * ts-export - a data subject's data (GDPR art. 15 and 20), a client's
 * whole data at contract end (réversibilité), and a draft of the
 * processor's record of processing (art. 30(2)).
 *
 * `ts-export subject` and `ts-export client` write a bundle (a new
 * directory with --dir, or a ustar archive with --tar) and record the
 * export in the audit; stdout carries the candidates found by name only,
 * for the client to confirm.  `ts-export register` prints the draft.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ts_bundle.h"
#include "ts_cli.h"
#include "ts_export.h"
#include "ts_gdpr.h"
#include "ts_mem.h"
#include "ts_rec.h"
#include "ts_time.h"
#include "banned.h"

enum {
	OPT_CLIENT = TS_OPT_LONG, OPT_CONFIRM, OPT_DIR, OPT_EMAIL, OPT_NAME,
	OPT_PHONE, OPT_REF, OPT_REQUEST_DATE, OPT_TAR
};

static const struct option longopts[] = {
	{ "client", required_argument, NULL, OPT_CLIENT },
	{ "config", required_argument, NULL, 'c' },
	{ "confirm", required_argument, NULL, OPT_CONFIRM },
	{ "db", required_argument, NULL, 'd' },
	{ "dir", required_argument, NULL, OPT_DIR },
	{ "email", required_argument, NULL, OPT_EMAIL },
	{ "help", no_argument, NULL, 'h' },
	{ "name", required_argument, NULL, OPT_NAME },
	{ "output", required_argument, NULL, 'o' },
	{ "phone", required_argument, NULL, OPT_PHONE },
	{ "quiet", no_argument, NULL, 'q' },
	{ "ref", required_argument, NULL, OPT_REF },
	{ "request-date", required_argument, NULL, OPT_REQUEST_DATE },
	{ "tar", required_argument, NULL, OPT_TAR },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static const char usage_text[] =
"usage: ts-export subject --client id [-q] [-c config] [-d db] [-o format]\n"
"           [--phone number] [--email address] [--name text]\n"
"           [--confirm class:id | all] [--ref reference]\n"
"           [--request-date date] --dir directory | --tar file\n"
"       ts-export client --client id [-q] [-c config] [-d db]\n"
"           [--ref reference] --dir directory | --tar file\n"
"       ts-export register [-c config]\n";

struct opts {
	const char *config, *db, *client, *dir, *tar, *ref, *request_date;
	const char *fmt;
	struct ts_strlist confirm;
	struct ts_subject_args ids;
	int quiet;
};

/* The tool's usage, then exit (ts_cli_usage). */
#define usage(code) ts_cli_usage(usage_text, (code))

static void
parse(int argc, char **argv, struct opts *o)
{
	int c;

	while ((c = getopt_long(argc, argv, "c:d:ho:qV", longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'c': o->config = optarg; break;
		case 'd': o->db = optarg; break;
		case 'h': usage(0);
		case 'o': o->fmt = optarg; break;
		case 'q': o->quiet = 1; break;
		case 'V': ts_cli_version(); exit(ts_finish(0));
		case OPT_CLIENT: o->client = optarg; break;
		case OPT_CONFIRM:
			o->confirm.v = ts_xreallocarray(o->confirm.v,
			    o->confirm.n + 1, sizeof *o->confirm.v);
			o->confirm.v[o->confirm.n++] = optarg;
			break;
		case OPT_DIR: o->dir = optarg; break;
		case OPT_EMAIL: ts_subject_args_add(&o->ids, 'e', optarg); break;
		case OPT_NAME: ts_subject_args_add(&o->ids, 'n', optarg); break;
		case OPT_PHONE: ts_subject_args_add(&o->ids, 'p', optarg); break;
		case OPT_REF: o->ref = optarg; break;
		case OPT_REQUEST_DATE: o->request_date = optarg; break;
		case OPT_TAR: o->tar = optarg; break;
		default: usage(TS_EXIT_USAGE);
		}
	}
}

/* ---- candidates on stdout ---- */

struct out {
	struct ts_writer *w;
	const struct ts_tz *tz;
	int bad;
};

/* The first value of a field of kind k, or NULL. */
static const struct ts_store_val *
first_of(const struct ts_gdpr_class *c, const struct ts_store_row *r,
    enum ts_field_kind k)
{
	size_t i;

	for (i = 0; i < c->nfields; i++)
		if (c->fields[i].kind == k && !r->v[i].null)
			return &r->v[i];
	return NULL;
}

static int
on_candidate(void *p, const struct ts_gdpr_class *c,
    const struct ts_store_row *r)
{
	struct out *o = p;
	const struct ts_store_val *v;
	char id[80], iso[TS_ISO_MAX];

	snprintf(id, sizeof id, "%s:%lld", c->name, (long long)r->id);
	ts_writer_str(o->w, id);
	ts_writer_str(o->w, c->name);
	if ((v = first_of(c, r, TS_FIELD_TIME))) {
		ts_time_iso(v->i, o->tz, iso);
		ts_writer_str(o->w, iso);
	} else
		ts_writer_null(o->w);
	v = first_of(c, r, TS_FIELD_NAME);
	v ? ts_writer_strn(o->w, v->s, v->len) : ts_writer_null(o->w);
	v = first_of(c, r, TS_FIELD_PHONE);
	v ? ts_writer_strn(o->w, v->s, v->len) : ts_writer_null(o->w);
	v = first_of(c, r, TS_FIELD_EMAIL);
	v ? ts_writer_strn(o->w, v->s, v->len) : ts_writer_null(o->w);
	o->bad |= ts_writer_end(o->w);
	return 0;
}

/* ---- the two bundles ---- */

/* The archive's top directory: the file's name without ".tar". */
static void
top_of(const char *path, char *buf, size_t n)
{
	const char *base = strrchr(path, '/');
	size_t len;

	base = base ? base + 1 : path;
	len = strlen(base);
	if (len > 4 && strcmp(base + len - 4, ".tar") == 0)
		len -= 4;
	snprintf(buf, n, "%.*s", (int)len, base);
}

static int
write_bundle(struct ts_export *x, const char *kind, struct ts_bundle *b,
    char sha[65])
{
	struct ts_error err = TS_ERROR_INIT;
	char *head = ts_export_manifest_head(x, kind);
	int rc;

	rc = ts_bundle_seal(b, head, sha, &err);
	free(head);
	if (rc == 0)
		rc = ts_export_record(x, kind, sha, b, &err);
	return rc ? ts_error_print(&err) : 0;
}

static void
summary(const struct opts *o, const struct ts_export *x, const char *sha)
{
	size_t i;

	if (o->quiet)
		return;
	fprintf(stderr, "%s: %s written:", ts_getprogname(),
	    o->tar ? o->tar : o->dir);
	for (i = 0; i < ts_gdpr_nclasses; i++)
		if (x->counts[i])
			fprintf(stderr, " %s %ld,", ts_gdpr_classes[i].name,
			    x->counts[i]);
	fprintf(stderr, " manifest sha256 %s\n", sha);
	if (x->candidates)
		fprintf(stderr, "%s: %ld record%s found by name only not "
		    "exported: check them (stdout) and give --confirm\n",
		    ts_getprogname(), x->candidates,
		    x->candidates > 1 ? "s" : "");
}

static int
subject_ids(const struct opts *o, const struct ts_config *cfg,
    struct ts_subject *s)
{
	struct ts_error err = TS_ERROR_INIT;

	if (o->ids.n == 0)
		ts_die(TS_EXIT_USAGE, "subject needs --phone, --email or "
		    "--name");
	if (ts_subject_add_args(s, &o->ids, &cfg->service.country, &err))
		return ts_error_print(&err);
	return 0;
}

static int
run(const struct opts *o, int subject, struct ts_export *x,
    struct ts_subject *s, struct out *out)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_bundle *b;
	char sha[65], top[80] = "";
	int rc;

	if (o->tar)
		top_of(o->tar, top, sizeof top);
	if (!(b = ts_bundle_new(o->tar ? o->tar : o->dir, o->tar != NULL,
	    top, &err)))
		return ts_error_print(&err);
	if (subject) {
		x->subject = s;
		x->confirm = &o->confirm;
		x->candidate = on_candidate;
		x->ctx = out;
		rc = ts_export_subject(x, b, &err);
	} else {
		rc = ts_export_client(x, b, &err);
	}
	if (rc != 0)
		rc = ts_error_print(&err);
	else
		rc = write_bundle(x, subject ? "subject" : "client", b, sha);
	ts_bundle_free(b);
	if (rc == 0)
		summary(o, x, sha);
	return rc;
}

/* Checks the options and fills x; returns 0 or an exit code. */
static int
prepare(const struct opts *o, const struct ts_config *cfg,
    struct ts_export *x)
{
	struct ts_error err = TS_ERROR_INIT;

	if (!o->client)
		ts_die(TS_EXIT_USAGE, "--client is required");
	if (!(x->client = ts_config_client(cfg, o->client)))
		ts_die(TS_EXIT_USAGE, "no client '%s' in the configuration",
		    o->client);
	if (!o->dir == !o->tar)
		ts_die(TS_EXIT_USAGE, "give one of --dir and --tar");
	if (ts_gdpr_check_ref(o->ref, &err) != 0)
		return ts_error_print(&err);
	x->ref = o->ref;
	x->request_date = TS_TIME_NONE;
	if (o->request_date && ts_time_parse(o->request_date,
	    strlen(o->request_date), ts_config_tz(cfg, x->client),
	    TS_FOLD_REJECT, &x->request_date, &err) != 0) {
		err.code = TS_EXIT_USAGE;
		return ts_error_print(&err);
	}
	return 0;
}

static int
open_out(const struct opts *o, const struct ts_export *x, struct out *out)
{
	static const char *const cols[] = { "candidate", "class", "time",
	    "name", "phone", "email" };
	enum ts_fmt fmt = isatty(STDOUT_FILENO) ? TS_FMT_TABLE : TS_FMT_CSV;

	if (o->fmt && ts_fmt_parse(o->fmt, &fmt) < 0)
		ts_die(TS_EXIT_USAGE, "unknown output format '%s'", o->fmt);
	out->w = ts_writer_new(stdout, fmt, 0);
	ts_writer_columns(out->w, cols, 6);
	out->tz = ts_config_tz(x->cfg, x->client);
	return 0;
}

static int
export(const struct opts *o, int subject, struct ts_config *cfg)
{
	struct ts_export x = { 0 };
	struct ts_subject s = { { 0 }, { 0 }, { 0 } };
	struct out out = { NULL, NULL, 0 };
	int rc;

	x.cfg = cfg;
	x.counts = calloc(ts_gdpr_nclasses, sizeof *x.counts);
	if (!x.counts)
		ts_die(TS_EXIT_FAIL, "out of memory");
	if ((rc = prepare(o, cfg, &x)) ||
	    (subject && (rc = subject_ids(o, cfg, &s))) ||
	    (rc = ts_cli_now(&x.now)) ||
	    (rc = ts_cli_store(o->db, TS_STORE_MUST_EXIST, &x.store)))
		goto out;
	if (subject)
		open_out(o, &x, &out);
	rc = run(o, subject, &x, &s, &out);
	if (subject && ts_writer_finish(out.w) != 0 && rc == 0)
		rc = TS_EXIT_FAIL;
out:
	ts_writer_free(out.w);
	ts_store_close(x.store);
	ts_subject_free(&s);
	free(x.counts);
	return rc;
}

int
main(int argc, char **argv)
{
	struct opts o = { 0 };
	struct ts_config *cfg = NULL;
	const char *cmd;
	int64_t now;
	int rc;

	ts_setprogname(argv[0]);
	cmd = ts_cli_command_first(&argc, &argv);
	parse(argc, argv, &o);
	if (!cmd && !(cmd = ts_cli_command_after(argc, argv)))
		usage(TS_EXIT_USAGE);
	if (optind < argc)
		ts_die(TS_EXIT_USAGE, "unexpected argument '%s'", argv[optind]);
	if ((rc = ts_cli_config(o.config, &cfg)))
		goto out;
	if (strcmp(cmd, "register") == 0) {
		if ((rc = ts_cli_now(&now)) == 0 &&
		    ts_export_register(cfg, now, stdout) != 0)
			rc = TS_EXIT_FAIL;
	} else if (strcmp(cmd, "subject") == 0 || strcmp(cmd, "client") == 0) {
		rc = export(&o, strcmp(cmd, "subject") == 0, cfg);
	} else {
		ts_die(TS_EXIT_USAGE, "unknown command '%s' (subject, client "
		    "or register)", cmd);
	}
out:
	free(o.ids.v);
	free(o.confirm.v);
	ts_config_free(cfg);
	return ts_finish(rc);
}
