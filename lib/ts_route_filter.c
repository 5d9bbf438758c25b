/*
 * ts_route_filter.c - ts-route as a filter (see ts_route_filter.h).
 *
 * The first line of an input decides how it is read, so it has to be
 * looked at before either reader sees it; on a pipe the bytes cannot be
 * put back.  So the first line is read here, and handed to the reader
 * chosen: to the CDR module as bytes already read (ts_cdr_open_fd_head),
 * to the record reader through a stdio stream that returns those bytes
 * before reading on from the descriptor (fopencookie).
 */
#define _GNU_SOURCE		/* fopencookie */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ts_call.h"
#include "ts_csvscan.h"
#include "ts_map.h"
#include "ts_mem.h"
#include "ts_route_escalate.h"
#include "ts_route_filter.h"
#include "banned.h"

#define HEAD_MAX 65536		/* a first line longer than this is data */

const char *const ts_route_columns[TS_ROUTE_NCOLUMNS] = {
	"action", "target", "greeting", "notify", "rule"
};

/* Input columns the record reader looks for. */
enum { IN_CLIENT, IN_DID, IN_CALLER, IN_AT, IN_START, IN_REASON,
	IN_CALL_ID, IN_N };
static const char *const in_names[IN_N] = {
	"client", "did", "caller", "at", "start", "reason", "call_id"
};

struct ts_route_filter_state {
	struct ts_writer *w;
	char **cols;			/* output columns */
	size_t ncols;
	size_t nin;			/* of which come from the input */
	size_t dcol[TS_ROUTE_NCOLUMNS];	/* where each decision column is */
	int in[IN_N];			/* input column indexes, or -1 */
	struct ts_decision d;
	struct ts_buf head;		/* the first line, read ahead */
	size_t headpos;			/* how much of it was handed out */
	int fd;
	unsigned rflags;		/* how the record reader reads */
	int in_tx;			/* escalations are being recorded */
	int failed;			/* an input failed: record nothing */
};

/* ---- the first line ---- */

/* Reads up to the first line end (or HEAD_MAX bytes, or the end). */
static int
read_head(struct ts_route_filter_state *s, int fd, const char *name,
    struct ts_error *err)
{
	char buf[4096];
	ssize_t n;

	ts_buf_reset(&s->head);
	s->headpos = 0;
	while (!memchr(s->head.buf, '\n', s->head.len) &&
	    s->head.len < HEAD_MAX) {
		do
			n = read(fd, buf, sizeof buf);
		while (n < 0 && errno == EINTR);
		if (n < 0)
			return ts_error_at(err, TS_EXIT_FAIL, name, 0, 0,
			    "read error: %s", strerror(errno));
		if (n == 0)
			break;
		ts_buf_add(&s->head, buf, (size_t)n);
	}
	return 0;
}

/* ';' between fields when the first line has more of them than commas
 * (a spreadsheet saved in French). */
static int
semicolons(const char *p, size_t n)
{
	const char *end = memchr(p, '\n', n);
	size_t i, semis = 0, commas = 0;

	n = end ? (size_t)(end - p) : n;
	for (i = 0; i < n; i++) {
		semis += p[i] == ';';
		commas += p[i] == ',';
	}
	return semis > commas;
}

/* A header with a caller and a time is a record stream of ours. */
static int
looks_like_records(const struct ts_buf *head, unsigned *rflags)
{
	struct ts_csvfield f[64];
	struct ts_csvscan sc;
	struct ts_csvrec rec;
	const char *p = head->buf;
	size_t n = head->len, i;
	int caller = 0, at = 0;

	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
		p += 3;
		n -= 3;
	}
	*rflags = semicolons(p, n) ? TS_READER_SEMICOLON : 0;
	ts_csvscan_init(&sc, p, n, 1);
	if (*rflags)
		sc.sep = ';';
	if (ts_csvscan_next(&sc, f, 64, &rec)) {
		for (i = 0; i < rec.nfields && i < 64; i++) {
			caller |= f[i].n == 6 &&
			    memcmp(f[i].s, "caller", 6) == 0;
			at |= (f[i].n == 2 && memcmp(f[i].s, "at", 2) == 0) ||
			    (f[i].n == 5 && memcmp(f[i].s, "start", 5) == 0);
		}
	}
	ts_csvscan_release(&sc);
	return caller && at;
}

/* The stdio stream over head, then fd. */
static ssize_t
cookie_read(void *p, char *buf, size_t size)
{
	struct ts_route_filter_state *s = p;
	size_t n = s->head.len - s->headpos;
	ssize_t r;

	if (n > 0) {
		if (n > size)
			n = size;
		memcpy(buf, s->head.buf + s->headpos, n);
		s->headpos += n;
		return (ssize_t)n;
	}
	do
		r = read(s->fd, buf, size);
	while (r < 0 && errno == EINTR);
	return r;
}

static FILE *
replay(struct ts_route_filter_state *s, int fd)
{
	cookie_io_functions_t io = { cookie_read, NULL, NULL, NULL };

	s->fd = fd;
	return fopencookie(s, "r", io);
}

/* ---- output ---- */

static struct ts_route_filter_state *
state(struct ts_route_filter *f)
{
	if (!f->priv) {
		f->priv = ts_xcalloc(1, sizeof *f->priv);
		ts_buf_init(&f->priv->head);
		f->priv->d = (struct ts_decision)TS_DECISION_INIT;
	}
	return f->priv;
}

/*
 * Sets the output columns from the input's (names, n): the decision
 * columns replace input columns of the same name, else are appended.
 * A later input must give the same columns.
 */
static int
set_columns(struct ts_route_filter *f, const char *const *names, size_t n,
    const char *source, struct ts_error *err)
{
	struct ts_route_filter_state *s = state(f);
	size_t i, k;

	if (s->w) {
		if (n != s->nin)
			goto differ;
		for (i = 0; i < n; i++)
			if (strcmp(names[i], s->cols[i]) != 0)
				goto differ;
		return 0;
	}
	s->cols = ts_xcalloc(n + TS_ROUTE_NCOLUMNS, sizeof *s->cols);
	for (i = 0; i < n; i++)
		s->cols[i] = ts_xstrdup(names[i]);
	s->nin = s->ncols = n;
	for (k = 0; k < TS_ROUTE_NCOLUMNS; k++) {
		for (i = 0; i < n && strcmp(names[i], ts_route_columns[k]); i++)
			;
		if (i == n)
			s->cols[s->ncols++] = ts_xstrdup(ts_route_columns[k]);
		s->dcol[k] = i < n ? i : s->ncols - 1;
	}
	s->w = ts_writer_new(f->out, f->fmt, f->wflags);
	ts_writer_columns(s->w, (const char *const *)s->cols, s->ncols);
	return 0;
differ:
	return ts_error_at(err, TS_EXIT_USAGE, source, 1, 0, "the columns "
	    "differ from those of the first input; route it on its own");
}

/* The value of output column i that the decision fills, or NULL. */
static const char *
decision_value(const struct ts_route_filter_state *s, size_t i)
{
	const struct ts_decision *d = &s->d;

	if (i == s->dcol[0])
		return ts_route_action_name(d->action);
	if (i == s->dcol[1])
		return d->target.buf;
	if (i == s->dcol[2])
		return d->greeting.buf;
	if (i == s->dcol[3])
		return d->notify.buf;
	if (i == s->dcol[4])
		return d->rule_name;
	return NULL;
}

/* Writes the decision fields from output column `from` on. */
static int
end_record(struct ts_route_filter *f, size_t from, struct ts_error *err)
{
	struct ts_route_filter_state *s = f->priv;
	size_t i;

	for (i = from; i < s->ncols; i++)
		ts_writer_str(s->w, decision_value(s, i));
	if (ts_writer_end(s->w) < 0)
		return ts_error_set(err, TS_EXIT_FAIL, "write error: <stdout>: "
		    "%s", strerror(errno));
	return 0;
}

/* ---- one call ---- */

/* Decides, records an escalation, counts.  -1 on a store failure. */
static int
route_one(struct ts_route_filter *f, struct ts_route_call *c,
    const char *call_id, struct ts_error *err)
{
	struct ts_route_filter_state *s = f->priv;
	char ref[TS_CALL_ID_MAX];
	int added;

	if (ts_route_call(f->rt, c, &s->d, NULL, NULL, err) < 0)
		return -1;
	f->st.routed++;
	if (!f->store || f->dry_run || !ts_route_escalation_due(c, &s->d,
	    f->now))
		return 0;
	/* One transaction for the run's escalations, committed when the
	 * run ends well (ts_route_filter_finish). */
	if (!s->in_tx) {
		if (ts_store_begin(f->store, err) < 0)
			return -1;
		s->in_tx = 1;
	}
	if (call_id && *call_id)
		snprintf(ref, sizeof ref, "%s", call_id);
	else
		ts_route_call_ref(c->cl->id, c->caller, c->at, ref,
		    sizeof ref);
	if (ts_route_escalation_add(f->store, c, &s->d, ref, f->now,
	    &added, err) < 0)
		return -1;
	f->st.escalations += added;
	return 0;
}

/* A bad record: stops under strict, else is told and counted. */
static int
bad_record(struct ts_route_filter *f, const struct ts_error *rec,
    const char *raw, size_t len, struct ts_error *err)
{
	f->st.rejected++;
	if (f->strict) {
		*err = *rec;
		return -1;
	}
	if (f->bad)
		f->bad(f->ctx, rec, raw, len);
	return 0;
}

void
ts_route_call_ref(const char *client, const char *caller, int64_t at,
    char *out, size_t size)
{
	char key[160];
	int n;

	n = snprintf(key, sizeof key, "%s|%s|%lld", client, caller,
	    (long long)at);
	snprintf(out, size, "h%016llx", (unsigned long long)ts_map_hash(key,
	    n < 0 ? 0 : (size_t)n < sizeof key ? (size_t)n :
	    sizeof key - 1));
}

/* ---- the CDR path ---- */


static int
cdr_call(struct ts_route_filter *f, const struct ts_call *c,
    const char *name, struct ts_error *err)
{
	struct ts_route_call rc;
	struct ts_error rec = TS_ERROR_INIT;
	const struct ts_client *cl = ts_config_client(f->cfg, c->client);

	f->st.records++;
	if (!cl) {
		ts_error_at(&rec, TS_EXIT_FAIL, name, c->line, 0,
		    "no client for this call: its number dialled, account "
		    "code and queue are not in the configuration");
		return bad_record(f, &rec, "", 0, err);
	}
	memset(&rc, 0, sizeof rc);
	rc.cl = cl;
	rc.did = c->did;
	rc.caller = c->caller;
	rc.at = c->start;
	rc.reason = "";
	if (route_one(f, &rc, c->call_id, err) < 0)
		return -1;
	ts_call_write(f->priv->w, c, ts_config_tz(f->cfg, cl));
	return end_record(f, ts_call_ncolumns, err);
}

static int
drain_cdr(struct ts_route_filter *f, struct ts_cdr *cdr, const char *name,
    struct ts_error *err)
{
	const struct ts_call *c;
	struct ts_error rec = TS_ERROR_INIT;
	const char *raw;
	size_t len;
	int rc;

	for (;;) {
		ts_error_clear(&rec);
		rc = ts_cdr_next(cdr, &c, &rec);
		if (rc == TS_CDR_END)
			return 0;
		if (rc == TS_CDR_FATAL) {
			*err = rec;
			return -1;
		}
		if (rc == TS_CDR_BAD) {
			f->st.records++;
			raw = ts_cdr_reject(cdr, &len);
			if (bad_record(f, &rec, raw, len, err) < 0)
				return -1;
			continue;
		}
		if (cdr_call(f, c, name, err) < 0)
			return -1;
	}
}

static int
route_cdr(struct ts_route_filter *f, int fd, const char *name,
    struct ts_error *err)
{
	struct ts_route_filter_state *s = f->priv;
	struct ts_cdr_opts o;
	struct ts_cdr *cdr;
	int rc;

	if (set_columns(f, ts_call_columns, ts_call_ncolumns, name, err) < 0)
		return -1;
	memset(&o, 0, sizeof o);
	o.format = f->cdr_format;
	o.cfg = f->cfg;
	o.tz = f->tz;
	cdr = ts_cdr_new(&o);
	rc = ts_cdr_open_fd_head(cdr, fd, s->head.buf, s->head.len, name,
	    err);
	if (rc == 0)
		rc = drain_cdr(f, cdr, name, err);
	if (rc == 0) {
		ts_cdr_finish(cdr);
		rc = drain_cdr(f, cdr, name, err);
	}
	ts_cdr_free(cdr);
	return rc;
}

/* ---- the record path ---- */

/* The client of a record: its `client` (an id, or a number), else the
 * number dialled. */
static const struct ts_client *
record_client(const struct ts_route_filter *f, const char *client,
    const char *did, char e164[TS_PHONE_MAX])
{
	const struct ts_phone_country *cc = &f->cfg->service.country;
	const struct ts_client *cl = NULL;

	e164[0] = '\0';
	if (*did && ts_phone_normalize(did, strlen(did), cc, e164) !=
	    TS_PHONE_E164)
		snprintf(e164, TS_PHONE_MAX, "%s", did);
	if (*client && !(cl = ts_config_client(f->cfg, client))) {
		char num[TS_PHONE_MAX];

		if (ts_phone_normalize(client, strlen(client), cc, num) ==
		    TS_PHONE_E164 && (cl = ts_config_client_by_number(f->cfg,
		    num)) && !*e164)
			snprintf(e164, TS_PHONE_MAX, "%s", num);
	}
	if (!cl && *e164)
		cl = ts_config_client_by_number(f->cfg, e164);
	return cl;
}

static const char *
field(const struct ts_rec *r, int i)
{
	return i >= 0 && (size_t)i < r->n ? r->f[i] : "";
}

/* "+" and 6 to 15 digits. */
static int
e164_shaped(const char *s)
{
	size_t n = 0;

	if (*s++ != '+')
		return 0;
	for (; *s >= '0' && *s <= '9'; s++)
		n++;
	return !*s && n >= 6 && n <= 15;
}

/* Fills c from record r; 0, or -1 with rec set (a bad record). */
static int
read_call(struct ts_route_filter *f, const struct ts_rec *r,
    struct ts_route_call *c, char did[TS_PHONE_MAX],
    char caller[TS_PHONE_MAX], char reason[64], struct ts_error *rec)
{
	const int *in = f->priv->in;
	const char *at = field(r, in[IN_AT] >= 0 ? in[IN_AT] : in[IN_START]);
	const char *who = field(r, in[IN_CALLER]);
	struct ts_error inner = TS_ERROR_INIT;
	size_t i;

	memset(c, 0, sizeof *c);
	c->cl = record_client(f, field(r, in[IN_CLIENT]), field(r,
	    in[IN_DID]), did);
	if (!c->cl)
		return ts_error_set(rec, TS_EXIT_FAIL, "no client for this "
		    "call: 'client' and 'did' name none of the configuration");
	if (ts_phone_normalize(who, strlen(who), &f->cfg->service.country,
	    caller) == TS_PHONE_INVALID) {
		/* A number already in E.164 form that the phone module does
		 * not know the plan of (+508 has 6-digit numbers) is kept. */
		if (!e164_shaped(who))
			return ts_error_set(rec, TS_EXIT_FAIL, "invalid number "
			    "in column 'caller'");
		snprintf(caller, TS_PHONE_MAX, "%s", who);
	}
	if (ts_time_parse(at, strlen(at), ts_config_tz(f->cfg, c->cl),
	    TS_FOLD_REJECT, &c->at, &inner) < 0)
		return ts_error_set(rec, TS_EXIT_FAIL, "column '%s': %s",
		    in[IN_AT] >= 0 ? "at" : "start", inner.msg);
	snprintf(reason, 64, "%s", field(r, in[IN_REASON]));
	for (i = 0; reason[i]; i++)
		if (reason[i] >= 'A' && reason[i] <= 'Z')
			reason[i] = (char)(reason[i] - 'A' + 'a');
	c->did = did;
	c->caller = caller;
	c->reason = reason;
	return 0;
}

static int
record(struct ts_route_filter *f, struct ts_reader *rd,
    const struct ts_rec *r, struct ts_error *err)
{
	struct ts_route_filter_state *s = f->priv;
	struct ts_error rec = TS_ERROR_INIT;
	struct ts_route_call c;
	char did[TS_PHONE_MAX], caller[TS_PHONE_MAX], reason[64];
	size_t i;

	f->st.records++;
	if (r->n != s->nin)
		ts_error_set(&rec, TS_EXIT_FAIL, "%zu fields, the header has "
		    "%zu", r->n, s->nin);
	else
		read_call(f, r, &c, did, caller, reason, &rec);
	if (rec.code) {
		ts_error_locate(&rec, ts_reader_source(rd), r->line, 0);
		return bad_record(f, &rec, r->raw, r->rawlen, err);
	}
	if (route_one(f, &c, field(r, s->in[IN_CALL_ID]), err) < 0)
		return -1;
	for (i = 0; i < s->nin; i++) {
		const char *v = decision_value(s, i);

		/* A client found from the number dialled is written into an
		 * empty `client`, so that ts-msg add - knows whose it is. */
		if (!v && r->len[i] == 0 && (int)i == s->in[IN_CLIENT])
			v = c.cl->id;
		if (v)
			ts_writer_str(s->w, v);
		else
			ts_writer_strn(s->w, r->f[i], r->len[i]);
	}
	return end_record(f, s->nin, err);
}

static int
open_records(struct ts_route_filter *f, struct ts_reader *rd,
    struct ts_error *err)
{
	struct ts_route_filter_state *s = f->priv;
	const char **names;
	size_t n = ts_reader_ncols(rd), i;
	int k, rc;

	names = ts_xcalloc(n ? n : 1, sizeof *names);
	for (i = 0; i < n; i++)
		names[i] = ts_reader_colname(rd, i);
	rc = set_columns(f, names, n, ts_reader_source(rd), err);
	free(names);
	for (k = 0; k < IN_N; k++)
		s->in[k] = ts_reader_col(rd, in_names[k]);
	if (rc == 0 && (s->in[IN_CALLER] < 0 || (s->in[IN_AT] < 0 &&
	    s->in[IN_START] < 0) || (s->in[IN_CLIENT] < 0 &&
	    s->in[IN_DID] < 0)))
		rc = ts_error_at(err, TS_EXIT_USAGE, ts_reader_source(rd), 1,
		    0, "the header needs 'caller', 'at' (or 'start') and "
		    "'client' (or 'did')");
	return rc;
}

static int
route_records(struct ts_route_filter *f, int fd, const char *name,
    struct ts_error *err)
{
	struct ts_reader *rd;
	struct ts_rec r;
	struct ts_error rec = TS_ERROR_INIT;
	FILE *in = replay(f->priv, fd);
	int rc;

	if (!in)
		return ts_error_set(err, TS_EXIT_FAIL, "cannot read '%s': %s",
		    name, strerror(errno));
	rd = ts_reader_new(in, name, f->priv->rflags, err);
	rc = rd ? open_records(f, rd, err) : -1;
	while (rc == 0) {
		ts_error_clear(&rec);
		rc = ts_reader_next(rd, &r, &rec);
		if (rc == 0)
			break;
		if (rc == 1) {
			rc = record(f, rd, &r, err);
		} else if (rc == -1) {
			f->st.records++;
			rc = bad_record(f, &rec, r.raw, r.rawlen, err);
		} else {
			*err = rec;
			rc = -1;
		}
	}
	ts_reader_free(rd);
	fclose(in);
	return rc;
}

int
ts_route_filter_fd(struct ts_route_filter *f, int fd, const char *name,
    struct ts_error *err)
{
	struct ts_route_filter_state *s = state(f);
	enum ts_route_input how = f->input;

	int rc;

	if (read_head(s, fd, name, err) < 0) {
		s->failed = 1;
		return -1;
	}
	if (how == TS_ROUTE_IN_AUTO)
		how = looks_like_records(&s->head, &s->rflags) ?
		    TS_ROUTE_IN_RECORDS : TS_ROUTE_IN_CDR;
	if (how == TS_ROUTE_IN_RECORDS && s->head.len == 0)
		return 0;	/* nothing at all: no records, no header */
	if (how == TS_ROUTE_IN_RECORDS)
		rc = route_records(f, fd, name, err);
	else
		rc = route_cdr(f, fd, name, err);
	if (rc < 0)
		s->failed = 1;
	return rc;
}

/* Commits the run's escalations, or drops them when the run failed. */
static int
end_escalations(struct ts_route_filter *f, struct ts_error *err)
{
	struct ts_route_filter_state *s = f->priv;

	if (!s->in_tx)
		return 0;
	s->in_tx = 0;
	if (s->failed) {
		ts_store_rollback(f->store);
		f->st.escalations = 0;
		return 0;
	}
	if (ts_store_commit(f->store, err) < 0) {
		ts_store_rollback(f->store);
		f->st.escalations = 0;
		return -1;
	}
	return 0;
}

int
ts_route_filter_finish(struct ts_route_filter *f, struct ts_error *err)
{
	struct ts_route_filter_state *s = state(f);
	size_t i;
	int rc = 0;

	if (end_escalations(f, err) < 0)
		rc = -1;

	/* Nothing read at all: the header of canonical calls routed. */
	if (!s->w) {
		struct ts_error ignored = TS_ERROR_INIT;

		set_columns(f, ts_call_columns, ts_call_ncolumns, "", &ignored);
	}
	if (ts_writer_finish(s->w) < 0 && rc == 0)
		rc = ts_error_set(err, TS_EXIT_FAIL, "write error: <stdout>: "
		    "%s", strerror(errno));
	ts_writer_free(s->w);
	for (i = 0; i < s->ncols; i++)
		free(s->cols[i]);
	free(s->cols);
	ts_decision_release(&s->d);
	ts_buf_release(&s->head);
	free(s);
	f->priv = NULL;
	return rc;
}
