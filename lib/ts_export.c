/*
 * ts_export.c - subject and client bundles, their README and manifest,
 * the audit of an export, and the draft record of processing (see
 * ts_export.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_bundle.h"
#include "ts_export.h"
#include "ts_mem.h"
#include "ts_rec.h"
#include "ts_time.h"
#include "banned.h"

/* ---- values ---- */

static const struct ts_tz *
zone(const struct ts_export *x)
{
	return ts_config_tz(x->cfg, x->client);
}

/* One row through a record writer (csv or json lines). */
static int
write_row(struct ts_writer *w, const struct ts_gdpr_class *c,
    const struct ts_store_row *r, const struct ts_tz *z)
{
	char iso[TS_ISO_MAX];
	size_t i;

	for (i = 0; i < c->nfields; i++) {
		const struct ts_store_val *v = &r->v[i];

		if (v->null)
			ts_writer_null(w);
		else if (c->fields[i].kind == TS_FIELD_INT)
			ts_writer_int(w, v->i);
		else if (c->fields[i].kind == TS_FIELD_TIME) {
			ts_time_iso(v->i, z, iso);
			ts_writer_str(w, iso);
		} else
			ts_writer_strn(w, v->s, v->len);
	}
	return ts_writer_end(w);
}

/* One row as a JSON object, into b. */
static void
json_row(struct ts_buf *b, const struct ts_gdpr_class *c,
    const struct ts_store_row *r, const struct ts_tz *z)
{
	struct ts_buf v = TS_BUF_INIT;
	size_t i;

	ts_buf_addch(b, '{');
	for (i = 0; i < c->nfields; i++) {
		const struct ts_gdpr_field *f = &c->fields[i];

		ts_buf_addstr(b, i ? ", " : "");
		ts_rec_json_string(b, f->name, strlen(f->name));
		ts_buf_addstr(b, ": ");
		ts_buf_reset(&v);
		if (!ts_gdpr_value(f, &r->v[i], z, &v))
			ts_buf_addstr(b, "null");
		else if (f->kind == TS_FIELD_INT)
			ts_buf_add(b, v.buf, v.len);
		else
			ts_rec_json_string(b, v.buf, v.len);
	}
	ts_buf_addch(b, '}');
	ts_buf_release(&v);
}

static const char *
kind_name(enum ts_field_kind k)
{
	static const char *const names[] = { "text", "integer",
	    "datetime", "phone", "email", "name" };

	return names[k];
}

/* "name": {"description": ..., "fields": [...]} of class c. */
static void
json_class_head(struct ts_buf *b, const struct ts_gdpr_class *c)
{
	size_t i;

	ts_rec_json_string(b, c->name, strlen(c->name));
	ts_buf_addstr(b, ": {\"description\": ");
	ts_rec_json_string(b, c->desc, strlen(c->desc));
	ts_buf_addstr(b, ", \"fields\": [");
	for (i = 0; i < c->nfields; i++) {
		const struct ts_gdpr_field *f = &c->fields[i];

		ts_buf_addstr(b, i ? ", " : "");
		ts_buf_addstr(b, "{\"name\": ");
		ts_rec_json_string(b, f->name, strlen(f->name));
		ts_buf_addf(b, ", \"type\": \"%s\", \"description\": ",
		    kind_name(f->kind));
		ts_rec_json_string(b, f->desc, strlen(f->desc));
		ts_buf_addch(b, '}');
	}
	ts_buf_addch(b, ']');
}

static struct ts_writer *
class_writer(FILE *f, const struct ts_gdpr_class *c, enum ts_fmt fmt)
{
	struct ts_writer *w = ts_writer_new(f, fmt, fmt == TS_FMT_CSV ?
	    TS_WRITER_NEUTRALIZE : 0);
	const char *names[64];
	size_t i;

	for (i = 0; i < c->nfields && i < 64; i++)
		names[i] = c->fields[i].name;
	ts_writer_columns(w, names, i);
	return w;
}

/* ---- a subject ---- */

/* A row kept in memory: its values copied. */
struct kept {
	int64_t id;
	int definite;
	struct ts_store_val *v;
};

struct found {
	const struct ts_gdpr_class *c;
	struct kept *k;
	size_t n;
	int definite;		/* what the current lookup finds */
};

static int
keep_row(const struct ts_store_row *r, void *ctx)
{
	struct found *fd = ctx;
	struct kept *k;
	size_t i;

	for (i = 0; i < fd->n; i++) {
		if (fd->k[i].id == r->id) {
			fd->k[i].definite |= fd->definite;
			return 0;
		}
	}
	fd->k = ts_xreallocarray(fd->k, fd->n + 1, sizeof *fd->k);
	k = &fd->k[fd->n++];
	k->id = r->id;
	k->definite = fd->definite;
	k->v = ts_xcalloc(r->n, sizeof *k->v);
	for (i = 0; i < r->n; i++) {
		k->v[i] = r->v[i];
		k->v[i].s = ts_xstrndup(r->v[i].s, r->v[i].len);
	}
	return 0;
}

static void
found_free(struct found *fd)
{
	size_t i, j;

	for (i = 0; i < fd->n; i++) {
		for (j = 0; j < fd->c->nfields; j++)
			free((char *)(uintptr_t)fd->k[i].v[j].s);
		free(fd->k[i].v);
	}
	free(fd->k);
}

/* Runs op for each key of list. */
static int
lookup(struct ts_export *x, struct found *fd, enum ts_store_op op,
    const struct ts_strlist *keys, int definite, struct ts_error *err)
{
	struct ts_store_args a = { x->client->id, NULL, 0, NULL };
	size_t i;

	fd->definite = definite;
	for (i = 0; i < keys->n; i++) {
		a.key = keys->v[i];
		if (ts_store_class_rows(x->store, fd->c->sql, op, &a, keep_row,
		    fd, err) != 0)
			return -1;
	}
	return 0;
}

static int
confirmed(const struct ts_export *x, const struct ts_gdpr_class *c,
    int64_t id)
{
	char want[80];
	size_t i;

	if (!x->confirm)
		return 0;
	snprintf(want, sizeof want, "%s:%lld", c->name, (long long)id);
	for (i = 0; i < x->confirm->n; i++)
		if (strcmp(x->confirm->v[i], "all") == 0 ||
		    strcmp(x->confirm->v[i], want) == 0)
			return 1;
	return 0;
}

static int
find_subject(struct ts_export *x, struct found *fd, struct ts_error *err)
{
	const struct ts_subject *s = x->subject;
	unsigned by = fd->c->by;

	if (((by & TS_BY_PHONE) && lookup(x, fd, TS_OP_ROWS_PHONE,
	    &s->phones, 1, err) != 0) ||
	    ((by & TS_BY_EMAIL) && lookup(x, fd, TS_OP_ROWS_EMAIL,
	    &s->emails, 1, err) != 0) ||
	    ((by & TS_BY_NAME) && lookup(x, fd, TS_OP_ROWS_NAME,
	    &s->names, 0, err) != 0))
		return -1;
	return 0;
}

/* The class's third format (bookings.ics) for the exported rows. */
static int
subject_extra(struct ts_export *x, struct ts_bundle *b, struct found *fd,
    long count)
{
	struct ts_error err = TS_ERROR_INIT;
	int64_t *ids = ts_xcalloc((size_t)count, sizeof *ids);
	size_t i, n = 0;
	int rc;

	for (i = 0; i < fd->n; i++)
		if (fd->k[i].definite || confirmed(x, fd->c, fd->k[i].id))
			ids[n++] = fd->k[i].id;
	rc = fd->c->extra_all(ts_bundle_file(b, fd->c->extra_file,
	    fd->c->label), x->cfg, x->client, x->store, ids, n, x->now, &err);
	ts_bundle_count(b, fd->c->extra_file, (long)n);
	free(ids);
	return rc;
}

/* The class's definite rows to its CSV file and to data.json. */
static int
subject_class(struct ts_export *x, struct ts_bundle *b, struct found *fd,
    struct ts_buf *json, long *count)
{
	struct ts_writer *w = NULL;
	struct ts_store_row r;
	char name[80];
	size_t i;
	int rc = 0, first = 1;

	*count = 0;
	json_class_head(json, fd->c);
	ts_buf_addstr(json, ", \"records\": [");
	for (i = 0; i < fd->n; i++) {
		struct kept *k = &fd->k[i];

		r.id = k->id;
		r.n = fd->c->nfields;
		r.v = k->v;
		if (!k->definite && !confirmed(x, fd->c, k->id)) {
			x->candidates++;
			if (x->candidate && x->candidate(x->ctx, fd->c, &r))
				rc = -1;
			continue;
		}
		if (!w) {
			snprintf(name, sizeof name, "%s.csv", fd->c->name);
			w = class_writer(ts_bundle_file(b, name, fd->c->label),
			    fd->c, TS_FMT_CSV);
		}
		rc |= write_row(w, fd->c, &r, zone(x));
		ts_buf_addstr(json, first ? "\n      " : ",\n      ");
		json_row(json, fd->c, &r, zone(x));
		first = 0;
		(*count)++;
	}
	ts_buf_addstr(json, first ? "]}" : "\n    ]}");
	if (w) {
		rc |= ts_writer_finish(w);
		ts_writer_free(w);
		ts_bundle_count(b, name, *count);
	}
	if (rc == 0 && *count > 0 && fd->c->extra_all)
		rc = subject_extra(x, b, fd, *count);
	return rc;
}

static void readme(const struct ts_export *x, struct ts_bundle *b,
    const char *kind);

/* The head of data.json. */
static void
json_head(const struct ts_export *x, struct ts_buf *json, const char *kind)
{
	char iso[TS_ISO_MAX];

	ts_time_iso(x->now, zone(x), iso);
	ts_buf_addf(json, "{\n  \"format\": \"ts-export\",\n  \"version\": 1,"
	    "\n  \"kind\": \"%s\",\n  \"client\": ", kind);
	ts_rec_json_string(json, x->client->id, strlen(x->client->id));
	ts_buf_addf(json, ",\n  \"exported_at\": \"%s\",\n", iso);
	if (x->request_date != TS_TIME_NONE) {
		ts_time_date(x->request_date, zone(x), iso);
		ts_buf_addf(json, "  \"request_date\": \"%s\",\n", iso);
	}
	ts_buf_addstr(json, "  \"classes\": {");
}

/* Adds text (n bytes) to l unless given or already there. */
static void
derive_key(struct ts_strlist *l, const struct ts_strlist *given,
    const char *text, size_t n)
{
	char *k = ts_xstrndup(text, n);
	size_t i;

	for (i = 0; i < n; i++)
		if (k[i] >= 'A' && k[i] <= 'Z')
			k[i] = (char)(k[i] - 'A' + 'a');
	for (i = 0; i < given->n; i++)
		if (strcmp(given->v[i], k) == 0)
			goto done;
	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i], k) == 0)
			goto done;
	l->v = ts_xreallocarray(l->v, l->n + 1, sizeof *l->v);
	l->v[l->n++] = k;
	return;
done:
	free(k);
}

/*
 * The numbers and addresses of the person's records that the operator
 * did not give (her card's landline, say): they may be hers, or shared
 * with others, so what they find is a candidate, not hers for sure.
 */
static void
derive(const struct ts_export *x, const struct found *fd,
    struct ts_subject *more)
{
	size_t i, j;

	for (i = 0; i < fd->n; i++) {
		for (j = 0; fd->k[i].definite && j < fd->c->nfields; j++) {
			const struct ts_store_val *v = &fd->k[i].v[j];
			const char *p, *e;

			if (v->null || (fd->c->fields[j].kind != TS_FIELD_PHONE &&
			    fd->c->fields[j].kind != TS_FIELD_EMAIL))
				continue;
			if (fd->c->fields[j].kind == TS_FIELD_EMAIL) {
				derive_key(&more->emails, &x->subject->emails,
				    v->s, v->len);
				continue;
			}
			for (p = v->s; *p == '+'; p = e + (*e == ' ')) {
				if (!(e = strchr(p, ' ')))
					e = p + strlen(p);
				derive_key(&more->phones, &x->subject->phones,
				    p, (size_t)(e - p));
			}
		}
	}
}

static void
found_all_free(struct found *fd, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (fd[i].c)
			found_free(&fd[i]);
	free(fd);
}

/* Every class's rows: by what was given, then by what that found. */
static int
find_all(struct ts_export *x, struct found *fd, struct ts_error *err)
{
	struct ts_subject more = { { 0 }, { 0 }, { 0 } };
	size_t i;
	int rc = 0;

	for (i = 0; i < ts_gdpr_nclasses && rc == 0; i++) {
		if (!(ts_gdpr_classes[i].flags & TS_DC_SUBJECT))
			continue;
		fd[i].c = &ts_gdpr_classes[i];
		rc = find_subject(x, &fd[i], err);
		derive(x, &fd[i], &more);
	}
	for (i = 0; i < ts_gdpr_nclasses && rc == 0; i++) {
		unsigned by = fd[i].c ? fd[i].c->by : 0;

		if (((by & TS_BY_PHONE) && lookup(x, &fd[i], TS_OP_ROWS_PHONE,
		    &more.phones, 0, err) != 0) || ((by & TS_BY_EMAIL) &&
		    lookup(x, &fd[i], TS_OP_ROWS_EMAIL, &more.emails, 0,
		    err) != 0))
			rc = -1;
	}
	ts_subject_free(&more);
	return rc;
}

int
ts_export_subject(struct ts_export *x, struct ts_bundle *b,
    struct ts_error *err)
{
	struct ts_buf json = TS_BUF_INIT;
	struct found *fd = ts_xcalloc(ts_gdpr_nclasses, sizeof *fd);
	size_t i;
	int rc, n = 0;

	json_head(x, &json, "subject");
	rc = find_all(x, fd, err);
	for (i = 0; i < ts_gdpr_nclasses && rc == 0; i++) {
		if (!fd[i].c)
			continue;
		ts_buf_addstr(&json, n++ ? ",\n    " : "\n    ");
		if (subject_class(x, b, &fd[i], &json, &x->counts[i]) != 0)
			rc = ts_error_set(err, TS_EXIT_FAIL, "export: write "
			    "error");
	}
	found_all_free(fd, ts_gdpr_nclasses);
	ts_buf_addstr(&json, "\n  }\n}\n");
	if (rc == 0) {
		fwrite(json.buf, 1, json.len, ts_bundle_file(b, "data.json",
		    "toutes les données, avec la description des champs"));
		readme(x, b, "subject");
	}
	explicit_bzero(json.buf, json.len);
	ts_buf_release(&json);
	return rc;
}

/* ---- a client ---- */

struct client_ctx {
	const struct ts_export *x;
	const struct ts_gdpr_class *c;
	struct ts_writer *csv, *jsonl;
	struct ts_buf extra;
	long n;
	int bad;
};

static int
client_row(const struct ts_store_row *r, void *p)
{
	struct client_ctx *cx = p;

	cx->bad |= write_row(cx->csv, cx->c, r, zone(cx->x));
	cx->bad |= write_row(cx->jsonl, cx->c, r, zone(cx->x));
	if (cx->c->extra_row)
		cx->c->extra_row(&cx->extra, cx->c, r);
	cx->n++;
	return 0;
}

static int
client_class(struct ts_export *x, struct ts_bundle *b,
    const struct ts_gdpr_class *c, long *count, struct ts_error *err)
{
	struct client_ctx cx = { x, c, NULL, NULL, TS_BUF_INIT, 0, 0 };
	struct ts_store_args a = { x->client->id, NULL, 0, NULL };
	char csv[80], jsonl[80];
	int rc;

	snprintf(csv, sizeof csv, "%s.csv", c->name);
	snprintf(jsonl, sizeof jsonl, "%s.jsonl", c->name);
	cx.csv = class_writer(ts_bundle_file(b, csv, c->label), c,
	    TS_FMT_CSV);
	cx.jsonl = class_writer(ts_bundle_file(b, jsonl, c->label), c,
	    TS_FMT_JSON);
	rc = ts_store_class_rows(x->store, c->sql, TS_OP_ROWS_CLIENT, &a,
	    client_row, &cx, err);
	cx.bad |= ts_writer_finish(cx.csv) | ts_writer_finish(cx.jsonl);
	ts_writer_free(cx.csv);
	ts_writer_free(cx.jsonl);
	ts_bundle_count(b, csv, cx.n);
	ts_bundle_count(b, jsonl, cx.n);
	if (c->extra_row) {
		fwrite(cx.extra.buf ? cx.extra.buf : "", 1, cx.extra.len,
		    ts_bundle_file(b, c->extra_file, c->label));
		ts_bundle_count(b, c->extra_file, cx.n);
		explicit_bzero(cx.extra.buf, cx.extra.len);
	}
	if (rc == 0 && c->extra_all && cx.n > 0) {
		rc = c->extra_all(ts_bundle_file(b, c->extra_file, c->label),
		    x->cfg, x->client, x->store, NULL, 0, x->now, err);
		ts_bundle_count(b, c->extra_file, cx.n);
	}
	ts_buf_release(&cx.extra);
	*count = cx.n;
	if (rc == 0 && cx.bad)
		rc = ts_error_set(err, TS_EXIT_FAIL, "export: write error");
	return rc;
}

int
ts_export_client(struct ts_export *x, struct ts_bundle *b,
    struct ts_error *err)
{
	size_t i;

	for (i = 0; i < ts_gdpr_nclasses; i++) {
		if (!(ts_gdpr_classes[i].flags & TS_DC_CLIENT))
			continue;
		if (client_class(x, b, &ts_gdpr_classes[i], &x->counts[i],
		    err) != 0)
			return -1;
	}
	readme(x, b, "client");
	return 0;
}

char *
ts_export_manifest_head(const struct ts_export *x, const char *kind)
{
	struct ts_buf b = TS_BUF_INIT;
	size_t i;
	int n = 0;

	json_head(x, &b, kind);
	for (i = 0; i < ts_gdpr_nclasses; i++) {
		unsigned want = strcmp(kind, "client") == 0 ? TS_DC_CLIENT :
		    TS_DC_SUBJECT;

		if (!(ts_gdpr_classes[i].flags & want))
			continue;
		ts_buf_addstr(&b, n++ ? ",\n    " : "\n    ");
		json_class_head(&b, &ts_gdpr_classes[i]);
		ts_buf_addf(&b, ", \"records\": %ld}", x->counts[i]);
	}
	ts_buf_addstr(&b, "\n  },\n  \"csv\": \"cells starting with = + - @ "
	    "tab, CR or LF are prefixed with an apostrophe; the JSON files "
	    "keep every value verbatim\",");
	/* Skip json_head's "{\n  ": the bundle writes its own. */
	memmove(b.buf, b.buf + 4, b.len - 3);
	b.len -= 4;
	return ts_buf_detach(&b, NULL);
}

/* ---- after the export ---- */

int
ts_export_record(struct ts_export *x, const char *kind, const char *sha256,
    struct ts_bundle *b, struct ts_error *err)
{
	struct ts_audit a = { x->now, "ts-export", NULL, x->client->id, NULL,
	    0, TS_TIME_NONE, x->request_date, x->ref, "done" };
	int client = strcmp(kind, "client") == 0;
	size_t i;

	a.command = client ? "export-client" : "export-subject";
	if (ts_store_begin(x->store, err) != 0)
		return -1;
	for (i = 0; i < ts_gdpr_nclasses; i++) {
		if (!(ts_gdpr_classes[i].flags & (client ? TS_DC_CLIENT :
		    TS_DC_SUBJECT)))
			continue;
		a.dclass = ts_gdpr_classes[i].name;
		a.count = x->counts[i];
		if (ts_store_audit_add(x->store, &a, err) != 0)
			goto fail;
	}
	if (client && ts_store_export_set(x->store, x->client->id, x->now,
	    sha256, err) != 0)
		goto fail;
	if (ts_bundle_commit(b, x->now, err) != 0)
		goto fail;
	if (ts_store_commit(x->store, err) == 0)
		return 0;
	ts_bundle_withdraw(b);
fail:
	ts_store_rollback(x->store);
	return -1;
}

/* ---- README.txt, in French ---- */

void
ts_export_duration_fr(const struct ts_duration *d, char *buf, size_t n)
{
	int64_t days = d->seconds / 86400;

	if (d->months && !d->seconds && d->months % 12 == 0)
		snprintf(buf, n, "%d an%s", d->months / 12,
		    d->months > 12 ? "s" : "");
	else if (d->months && !d->seconds)
		snprintf(buf, n, "%d mois", d->months);
	else if (!d->months && d->seconds % 86400 == 0)
		snprintf(buf, n, "%lld jour%s", (long long)days,
		    days > 1 ? "s" : "");
	else
		ts_duration_format(d, buf, n);
}

static void
list_or(FILE *f, const struct ts_strlist *l, const char *dflt)
{
	size_t i;

	if (l->n == 0)
		fprintf(f, "  - %s\n", dflt);
	for (i = 0; i < l->n; i++)
		fprintf(f, "  - %s\n", l->v[i]);
}

static const char *
or(const char *s, const char *dflt)
{
	return s && *s ? s : dflt;
}

#define DFLT_PURPOSE "réponse aux appels, prise de messages et de " \
	"rendez-vous pour le compte du client ; suivi de la qualité du service"
#define DFLT_BASIS "intérêt légitime du client à répondre à ses appels " \
	"(article 6.1.f du RGPD)"
#define DFLT_RECIPIENT "le client et son personnel ; la permanence " \
	"téléphonique, sous-traitant (article 28 du RGPD)"
#define DFLT_SOURCE "vos appels (journal du standard téléphonique), ce " \
	"que vous avez dit au téléphone, et le fichier de correspondants " \
	"du client"

static void
readme_retention(FILE *f, const struct ts_client *cl)
{
	struct ts_duration d;
	char buf[32];
	size_t i;

	fputs("\nDurées de conservation\n", f);
	for (i = 0; i < ts_gdpr_nclasses; i++) {
		const struct ts_gdpr_class *c = &ts_gdpr_classes[i];

		ts_gdpr_retention(c, cl, &d);
		ts_export_duration_fr(&d, buf, sizeof buf);
		fprintf(f, "  - %s : %s %s%s\n", c->label, buf,
		    c->retention_from, cl->retention.legal_hold ?
		    " (suspendue : conservation pour motif légal)" : "");
	}
}

static void
readme_files(const struct ts_export *x, FILE *f, int client)
{
	size_t i;

	fputs("\nContenu\n", f);
	for (i = 0; i < ts_gdpr_nclasses; i++) {
		const struct ts_gdpr_class *c = &ts_gdpr_classes[i];

		if (!(c->flags & (client ? TS_DC_CLIENT : TS_DC_SUBJECT)) ||
		    (!client && x->counts[i] == 0))
			continue;
		fprintf(f, "  - %s.csv%s%s%s : %s, %ld enregistrement%s\n",
		    c->name, client ? ", " : "", client ? c->name : "",
		    client ? ".jsonl" : "", c->label, x->counts[i],
		    x->counts[i] > 1 ? "s" : "");
		if (c->extra_file && ((client && c->extra_row) ||
		    (c->extra_all && x->counts[i] > 0)))
			fprintf(f, "  - %s : les mêmes %s, pour un carnet "
			    "d'adresses ou un agenda\n", c->extra_file,
			    c->label);
	}
	if (!client)
		fputs("  - data.json : toutes ces données, avec la "
		    "description de chaque champ\n", f);
	fputs("  - manifest.json : la liste des fichiers, leur empreinte "
	    "SHA-256, la description de chaque champ\n"
	    "\nLes fichiers CSV s'ouvrent dans un tableur : une cellule qui "
	    "commence par\n= + - @, une tabulation ou un retour à la ligne "
	    "y est précédée d'une\napostrophe, pour qu'elle ne soit jamais "
	    "exécutée comme une formule (un\nnuméro +33... s'affiche donc "
	    "'+33...). Les fichiers JSON gardent les\nvaleurs exactes.\n", f);
}

static void
readme_rights(const struct ts_client *cl, FILE *f)
{
	const struct ts_privacy *p = &cl->privacy;

	fprintf(f, "\nVos droits\n"
	    "Vous pouvez demander l'accès à vos données, leur rectification "
	    "ou leur\neffacement, la limitation du traitement, vous y "
	    "opposer et, lorsque\nc'est applicable, en demander la "
	    "portabilité. Pour exercer ces droits :\n  %s\n",
	    or(p->contact, or(p->controller, cl->name)));
	fputs("Vous pouvez aussi introduire une réclamation auprès de la "
	    "CNIL\n(Commission nationale de l'informatique et des libertés), "
	    "3 place de\nFontenoy, TSA 80715, 75334 Paris Cedex 07, "
	    "https://www.cnil.fr/.\n"
	    "\nAucune décision fondée exclusivement sur un traitement "
	    "automatisé n'est\nprise à partir de ces données.\n", f);
}

static void
readme(const struct ts_export *x, struct ts_bundle *b, const char *kind)
{
	const struct ts_client *cl = x->client;
	const struct ts_privacy *p = &cl->privacy;
	FILE *f = ts_bundle_file(b, "README.txt", "à lire d'abord");
	int client = strcmp(kind, "client") == 0;
	char iso[TS_ISO_MAX];

	ts_time_iso(x->now, zone(x), iso);
	fprintf(f, "%s\n\nResponsable du traitement : %s\n"
	    "Préparé par : %s, sous-traitant (article 28 du RGPD)\n"
	    "Date de l'export : %s\n", client ? "Restitution des données du "
	    "client (fin de contrat)" : "Vos données personnelles (articles "
	    "15 et 20 du RGPD)", or(p->controller, cl->name),
	    or(x->cfg->processor.name, or(x->cfg->service.name,
	    "la permanence téléphonique")), iso);
	if (x->request_date != TS_TIME_NONE) {
		ts_time_date(x->request_date, zone(x), iso);
		fprintf(f, "Date de la demande : %s\n", iso);
	}
	if (x->ref)
		fprintf(f, "Référence : %s\n", x->ref);
	if (!client)
		fputs("\nCe dossier est préparé pour le responsable du "
		    "traitement, qui le vérifie\navant de le remettre : il "
		    "ne doit pas porter atteinte aux droits d'autres\n"
		    "personnes (article 15.4 du RGPD).\n", f);
	readme_files(x, f, client);
	fputs("\nFinalités du traitement\n", f);
	list_or(f, &p->purposes, DFLT_PURPOSE);
	fprintf(f, "\nBase légale : %s\n", or(p->legal_basis, DFLT_BASIS));
	fputs("\nDestinataires\n", f);
	list_or(f, &p->recipients, DFLT_RECIPIENT);
	fprintf(f, "\nTransferts hors de l'Union européenne : %s\n",
	    or(p->transfers, "aucun"));
	fprintf(f, "\nSource des données : %s\n", or(p->source, DFLT_SOURCE));
	readme_retention(f, cl);
	readme_rights(cl, f);
}

/* ---- the record of processing ---- */

static void
register_client(const struct ts_config *cfg, const struct ts_client *cl,
    FILE *f)
{
	const struct ts_privacy *p = &cl->privacy;
	size_t i;

	(void)cfg;
	fprintf(f, "\n## Client %s : %s\n\nResponsable du traitement : %s\n",
	    cl->id, cl->name, or(p->controller, cl->name));
	fprintf(f, "Contact pour l'exercice des droits : %s\n",
	    or(p->contact, "(à compléter : privacy.contact)"));
	fputs("Finalités :\n", f);
	list_or(f, &p->purposes, DFLT_PURPOSE);
	fputs("Catégories de personnes : appelants du client, "
	    "correspondants de son fichier\nCatégories de données :\n", f);
	for (i = 0; i < ts_gdpr_nclasses; i++)
		if (ts_gdpr_classes[i].by)
			fprintf(f, "  - %s\n", ts_gdpr_classes[i].label);
	fputs("Destinataires :\n", f);
	list_or(f, &p->recipients, DFLT_RECIPIENT);
	fprintf(f, "Transferts hors de l'Union européenne : %s\n",
	    or(p->transfers, "aucun"));
	readme_retention(f, cl);
}

int
ts_export_register(const struct ts_config *cfg, int64_t now, FILE *f)
{
	const struct ts_processor *pr = &cfg->processor;
	char iso[TS_ISO_MAX];
	size_t i;

	ts_time_date(now, cfg->service.tz, iso);
	fprintf(f, "# Registre des activités de traitement du sous-traitant "
	    "(article 30.2 du RGPD)\n\nProjet établi le %s à partir de la "
	    "configuration de ts ; à relire et compléter.\n\n"
	    "Sous-traitant : %s\nAdresse : %s\nDélégué à la protection des "
	    "données ou contact : %s\n", iso, or(pr->name,
	    or(cfg->service.name, "(à compléter : processor.name)")),
	    or(pr->address, "(à compléter : processor.address)"),
	    or(pr->contact, "(à compléter : processor.contact)"));
	fputs("\nCatégories de traitements effectués pour le compte de "
	    "chaque client :\nréponse téléphonique, prise de messages et "
	    "de rendez-vous, transmission\ndes messages, statistiques "
	    "d'activité.\n", f);
	for (i = 0; i < cfg->nclients; i++)
		register_client(cfg, &cfg->clients[i], f);
	fputs("\n## Mesures de sécurité (article 32)\n\n", f);
	list_or(f, &pr->security, "(à compléter : processor.security)");
	fputs("  - effacement avec secure_delete et troncature du journal "
	    "WAL ; journal\n    des purges et exports sans donnée "
	    "personnelle (ts-purge)\n", f);
	return fflush(f) == 0 && !ferror(f) ? 0 : -1;
}
