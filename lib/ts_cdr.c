/*
 * ts_cdr.c - reading call detail records (see ts_cdr.h): inputs, format
 * detection, dispatch to the formats, and the field helpers they share.
 * The formats themselves are in ts_cdr_asterisk.c, ts_cdr_freeswitch.c,
 * ts_cdr_queuelog.c and ts_cdr_canon.c; leg merging in ts_cdr_merge.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "ts_cdr_impl.h"
#include "ts_mem.h"
#include "banned.h"

#define BUF_START (1 << 20)	/* input buffer, grown for long records */
#define BUF_MAX (8 << 20)	/* a record longer than this is skipped */
#define NUMBERS_MAX 65536	/* distinct numbers remembered */
#define DEFAULT_WINDOW 7200

static const char *const format_names[TS_CDR_FORMAT_COUNT] = {
	"auto", "asterisk", "asterisk-custom", "asterisk-table", "queue-log",
	"queue-log-table", "freeswitch", "canonical"
};

const char *
ts_cdr_format_name(enum ts_cdr_format f)
{
	return (unsigned)f < TS_CDR_FORMAT_COUNT ? format_names[f] : "auto";
}

int
ts_cdr_format_parse(const char *name, enum ts_cdr_format *f)
{
	int i;

	for (i = 0; i < TS_CDR_FORMAT_COUNT; i++) {
		if (strcmp(name, format_names[i]) == 0) {
			*f = (enum ts_cdr_format)i;
			return 0;
		}
	}
	return -1;
}

/* The source name calls of a format are stored under. */
static const char *
format_source(enum ts_cdr_format f)
{
	switch (f) {
	case TS_CDR_QUEUE_LOG:
	case TS_CDR_QUEUE_LOG_TABLE:
		return "queue_log";
	case TS_CDR_FREESWITCH:
		return "freeswitch";
	case TS_CDR_CANONICAL:
		return "canonical";
	default:
		return "asterisk";
	}
}

struct ts_cdr *
ts_cdr_new(const struct ts_cdr_opts *opts)
{
	struct ts_cdr *cdr = ts_xcalloc(1, sizeof *cdr);

	cdr->opts = *opts;
	cdr->cfg = opts->cfg;
	cdr->tz = opts->tz ? opts->tz : ts_config_tz(opts->cfg, NULL);
	ts_tzconv_init(&cdr->conv, cdr->tz);
	cdr->fd = -1;
	merger_init(&cdr->merge, opts->window > 0 ? opts->window :
	    DEFAULT_WINDOW);
	ts_buf_init(&cdr->reject);
	ts_csvscan_init(&cdr->sc, "", 0, 1);
	return cdr;
}

static void
close_input(struct ts_cdr *cdr)
{
	if (cdr->sql) {
		sqlsrc_close(cdr->sql);
		cdr->sql = NULL;
	}
	cdr->fd = -1;
	cdr->started = 0;
}

void
ts_cdr_free(struct ts_cdr *cdr)
{
	const struct ts_map_slot *slot;
	size_t i = 0;

	if (!cdr)
		return;
	close_input(cdr);
	ql_release(cdr);
	merger_release(&cdr->merge);
	while (ts_map_next(&cdr->numbers, &i, &slot)) {
		struct numinfo *ni = slot->value;

		free(ni->raw);
		free(ni);
	}
	ts_map_release(&cdr->numbers);
	ts_csvscan_release(&cdr->sc);
	ts_buf_release(&cdr->reject);
	free(cdr->buf);
	free(cdr);
}

enum ts_cdr_format
ts_cdr_format(const struct ts_cdr *cdr)
{
	return cdr->fmt;
}

const struct ts_cdr_stats *
ts_cdr_stats(const struct ts_cdr *cdr)
{
	return &cdr->stats;
}

const char *
ts_cdr_reject(const struct ts_cdr *cdr, size_t *len)
{
	*len = cdr->reject.len;
	return cdr->reject.buf;
}

void
ts_cdr_finish(struct ts_cdr *cdr)
{
	cdr->finishing = 1;
}

/* ---- input buffer ---- */

/*
 * Moves the bytes from `keep` on to the front of the buffer and reads more
 * after them.  Returns 1 when bytes arrived, 0 at the end of the input,
 * -1 on a read error.
 */
static int
refill(struct ts_cdr *cdr, size_t keep, struct ts_error *err)
{
	ssize_t n;

	if (keep > cdr->len)
		keep = cdr->len;
	memmove(cdr->buf, cdr->buf + keep, cdr->len - keep);
	cdr->len -= keep;
	if (cdr->len == cdr->cap) {
		cdr->cap = cdr->cap ? cdr->cap * 2 : BUF_START;
		cdr->buf = ts_xrealloc(cdr->buf, cdr->cap);
	}
	if (cdr->eof)
		return 0;
	do
		n = read(cdr->fd, cdr->buf + cdr->len, cdr->cap - cdr->len);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		ts_error_at(err, TS_EXIT_FAIL, cdr->name, 0, 0,
		    "read error: %s", strerror(errno));
		return -1;
	}
	if (n == 0) {
		cdr->eof = 1;
		return 0;
	}
	cdr->len += (size_t)n;
	return 1;
}

/* Reads until the buffer holds a whole first line (or all of a short
 * input), for detection. */
static int
fill_first_line(struct ts_cdr *cdr, struct ts_error *err)
{
	while (!memchr(cdr->buf, '\n', cdr->len) && cdr->len < 65536) {
		int rc = refill(cdr, 0, err);

		if (rc < 0)
			return -1;
		if (rc == 0)
			break;
	}
	return 0;
}

/* ---- rows ---- */

/* Skips a record too long to hold: everything up to the next line end. */
static int
skip_long_record(struct ts_cdr *cdr, struct row *r, struct ts_error *err)
{
	long line = cdr->sc.line;
	char *nl;

	for (;;) {
		nl = memchr(cdr->buf, '\n', cdr->len);
		if (nl || refill(cdr, cdr->len, err) <= 0)
			break;
	}
	if (nl)
		refill(cdr, (size_t)(nl + 1 - cdr->buf), err);
	else
		cdr->len = 0;
	ts_csvscan_feed(&cdr->sc, cdr->buf, cdr->len, cdr->eof);
	cdr->sc.line = line + 1;
	r->line = line;
	r->raw = "";
	r->rawlen = 0;
	return cdr_bad(cdr, r, err, "record longer than %d MiB skipped",
	    BUF_MAX >> 20);
}

/* The next CSV row: 1, 0 at the end, -1 bad (too long), -2 fatal. */
static int
next_csv_row(struct ts_cdr *cdr, struct row *r, struct ts_error *err)
{
	struct ts_csvrec rec;
	size_t keep;
	int rc;

	for (;;) {
		if (ts_csvscan_next(&cdr->sc, r->f, CDR_MAXF, &rec)) {
			r->n = rec.nfields;
			r->line = rec.line;
			r->raw = rec.raw;
			r->rawlen = rec.rawlen;
			return 1;
		}
		if (cdr->sc.eof)
			return 0;
		keep = (size_t)(cdr->sc.p - cdr->buf);
		if (keep == 0 && cdr->len >= BUF_MAX)
			return skip_long_record(cdr, r, err);
		rc = refill(cdr, keep, err);
		if (rc < 0)
			return -2;
		ts_csvscan_feed(&cdr->sc, cdr->buf, cdr->len, cdr->eof);
	}
}

/* Splits one queue_log line on '|'. */
static void
split_pipes(struct row *r, const char *s, size_t n)
{
	const char *p = s, *end = s + n, *bar;

	r->n = 0;
	for (;;) {
		bar = memchr(p, '|', (size_t)(end - p));
		if (r->n < CDR_MAXF) {
			r->f[r->n].s = p;
			r->f[r->n].n = (size_t)((bar ? bar : end) - p);
		}
		r->n++;
		if (!bar)
			break;
		p = bar + 1;
	}
}

/* The next queue_log line: 1, 0 at the end, -1 bad, -2 fatal. */
static int
next_line_row(struct ts_cdr *cdr, struct row *r, struct ts_error *err)
{
	char *s, *nl;
	size_t n;
	int rc;

	for (;;) {
		s = cdr->buf + cdr->pos;
		nl = memchr(s, '\n', cdr->len - cdr->pos);
		if (nl || (cdr->eof && cdr->pos < cdr->len))
			break;
		if (cdr->eof)
			return 0;
		if (cdr->pos == 0 && cdr->len >= BUF_MAX) {
			cdr->sc.line = cdr->line;
			skip_long_record(cdr, r, err);
			cdr->line = cdr->sc.line;
			cdr->pos = 0;
			return -1;
		}
		rc = refill(cdr, cdr->pos, err);
		cdr->pos = 0;
		if (rc < 0)
			return -2;
	}
	n = nl ? (size_t)(nl - s) : cdr->len - cdr->pos;
	cdr->pos += n + (nl != NULL);
	r->line = cdr->line++;
	if (n > 0 && s[n - 1] == '\r')
		n--;
	r->raw = s;
	r->rawlen = n;
	if (n == 0) {
		r->n = 0;
		return 1;
	}
	if (memchr(s, '\0', n)) {
		r->n = 0;
		return cdr_bad(cdr, r, err, "NUL bytes in the line (damaged "
		    "file?)");
	}
	split_pipes(r, s, n);
	return 1;
}

/* Hands one row to its format. */
static int
dispatch(struct ts_cdr *cdr, const struct row *r, struct ts_error *err)
{
	switch (cdr->fmt) {
	case TS_CDR_ASTERISK:
	case TS_CDR_ASTERISK_CUSTOM:
	case TS_CDR_ASTERISK_TABLE:
		return ast_row(cdr, r, err);
	case TS_CDR_FREESWITCH:
		return fs_row(cdr, r, err);
	case TS_CDR_QUEUE_LOG:
		return ql_line(cdr, r, err);
	case TS_CDR_QUEUE_LOG_TABLE:
		return ql_table_row(cdr, r, err);
	case TS_CDR_CANONICAL:
		return canon_row(cdr, r, err);
	default:
		return 0;
	}
}

/* Reads and uses one row: 1, 0 at the end, -1 bad row, -2 fatal. */
static int
read_one(struct ts_cdr *cdr, struct ts_error *err)
{
	struct row r;
	int rc;

	if (cdr->sql)
		rc = sqlsrc_next(cdr->sql, &r, err);
	else if (cdr->fmt == TS_CDR_QUEUE_LOG)
		rc = next_line_row(cdr, &r, err);
	else
		rc = next_csv_row(cdr, &r, err);
	if (rc == 0 || rc == -2)
		return rc;
	if (rc == -1) {
		cdr->stats.rows++;
		return -1;
	}
	if (r.n == 0)
		return 1;	/* an empty line */
	cdr->stats.rows++;
	rc = dispatch(cdr, &r, err);
	if (rc == 0)
		cdr->stats.ignored++;
	return rc < 0 ? -1 : 1;
}

int
ts_cdr_next(struct ts_cdr *cdr, const struct ts_call **call,
    struct ts_error *err)
{
	const struct ts_call *c;
	int rc;

	for (;;) {
		if ((c = merger_pop(&cdr->merge, cdr->finishing))) {
			cdr->stats.calls++;
			*call = c;
			return TS_CDR_CALL;
		}
		if (cdr->finishing || !cdr->started)
			return TS_CDR_END;
		rc = read_one(cdr, err);
		if (rc == 0) {
			if (cdr->fmt == TS_CDR_QUEUE_LOG ||
			    cdr->fmt == TS_CDR_QUEUE_LOG_TABLE)
				ql_finish(cdr);
			close_input(cdr);
			continue;	/* calls may be ready now */
		}
		if (rc == -2)
			return TS_CDR_FATAL;
		if (rc == -1)
			return TS_CDR_BAD;
	}
}

/* ---- opening inputs, detection ---- */

static int
looks_queue_log(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i < 9)
		return 0;
	if (i < n && s[i] == '.')
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
	return i < n && s[i] == '|';
}

/*
 * Scans the first record of the buffer without consuming it.  Its fields
 * may point into sc's scratch buffer (unescaped quotes): the caller
 * releases sc once it is done with the row.
 */
static int
first_record(struct ts_cdr *cdr, struct ts_csvscan *sc, struct row *r)
{
	struct ts_csvrec rec;
	int rc;

	ts_csvscan_init(sc, cdr->buf, cdr->len, 1);
	rc = ts_csvscan_next(sc, r->f, CDR_MAXF, &rec);
	r->n = rc ? rec.nfields : 0;
	r->line = rec.line;
	return rc;
}

/* Decides the format of the input from its first line. */
static int
detect(struct ts_cdr *cdr, struct ts_error *err)
{
	struct ts_csvscan sc;
	struct row r;
	char *nl = memchr(cdr->buf, '\n', cdr->len);
	size_t n = nl ? (size_t)(nl - cdr->buf) : cdr->len;

	if (looks_queue_log(cdr->buf, n)) {
		cdr->fmt = TS_CDR_QUEUE_LOG;
		return 0;
	}
	if (first_record(cdr, &sc, &r)) {
		if (canon_is_header(&r))
			cdr->fmt = TS_CDR_CANONICAL;
		else if (ql_is_header(&r))
			cdr->fmt = TS_CDR_QUEUE_LOG_TABLE;
		else if (ast_is_header(&r))
			cdr->fmt = TS_CDR_ASTERISK_TABLE;
		else if (!ast_detect(&r, &cdr->fmt) && fs_detect(&r))
			cdr->fmt = TS_CDR_FREESWITCH;
	}
	ts_csvscan_release(&sc);
	if (cdr->fmt != TS_CDR_AUTO)
		return 0;
	return ts_error_at(err, TS_EXIT_USAGE, cdr->name, 1, 0,
	    "cannot tell the call record format from the first line; "
	    "give it with --input-format");
}

/* Reads the header row of a format that has one. */
static int
read_header(struct ts_cdr *cdr, struct ts_error *err)
{
	struct row r;
	int rc;

	if (cdr->fmt != TS_CDR_ASTERISK_TABLE &&
	    cdr->fmt != TS_CDR_QUEUE_LOG_TABLE && cdr->fmt != TS_CDR_CANONICAL)
		return 0;
	rc = next_csv_row(cdr, &r, err);
	if (rc == 0)
		return ts_error_at(err, TS_EXIT_FAIL, cdr->name, 1, 0,
		    "empty input: no header row");
	if (rc < 0)
		return -1;
	if (cdr->fmt == TS_CDR_ASTERISK_TABLE)
		return ast_header(cdr, &r, err);
	if (cdr->fmt == TS_CDR_QUEUE_LOG_TABLE)
		return ql_header(cdr, &r, err);
	return canon_header(cdr, &r, err);
}

static void
start_input(struct ts_cdr *cdr, const char *name)
{
	snprintf(cdr->name, sizeof cdr->name, "%s", name);
	cdr->fmt = cdr->opts.format;
	cdr->len = 0;
	cdr->pos = 0;
	cdr->line = 1;
	cdr->eof = 0;
	cdr->started = 1;
	if (!cdr->buf) {
		cdr->cap = BUF_START;
		cdr->buf = ts_xmalloc(cdr->cap);
	}
}

static void
set_source(struct ts_cdr *cdr)
{
	snprintf(cdr->source, sizeof cdr->source, "%s", cdr->opts.source ?
	    cdr->opts.source : format_source(cdr->fmt));
}

int
ts_cdr_open_fd(struct ts_cdr *cdr, int fd, const char *name,
    struct ts_error *err)
{
	return ts_cdr_open_fd_head(cdr, fd, NULL, 0, name, err);
}

int
ts_cdr_open_fd_head(struct ts_cdr *cdr, int fd, const char *head, size_t n,
    const char *name, struct ts_error *err)
{
	start_input(cdr, name);
	cdr->fd = fd;
	if (n > 0) {
		/* Bytes the caller read to look at them come first. */
		if (n > cdr->cap) {
			cdr->cap = n;
			cdr->buf = ts_xrealloc(cdr->buf, cdr->cap);
		}
		memcpy(cdr->buf, head, n);
		cdr->len = n;
	}
	if (fill_first_line(cdr, err) < 0)
		goto fail;
	/* A UTF-8 byte order mark from a spreadsheet is not data. */
	if (cdr->len >= 3 && memcmp(cdr->buf, "\xef\xbb\xbf", 3) == 0) {
		memmove(cdr->buf, cdr->buf + 3, cdr->len - 3);
		cdr->len -= 3;
	}
	if (cdr->len == 0 && cdr->eof) {
		/* An empty input holds no calls, whatever its format. */
		close_input(cdr);
		return 0;
	}
	if (cdr->fmt == TS_CDR_AUTO && detect(cdr, err) < 0)
		goto fail;
	set_source(cdr);
	ts_csvscan_release(&cdr->sc);
	ts_csvscan_init(&cdr->sc, cdr->buf, cdr->len, cdr->eof);
	if (read_header(cdr, err) < 0)
		goto fail;
	return 0;
fail:
	close_input(cdr);
	return -1;
}

int
ts_cdr_open_sqlite(struct ts_cdr *cdr, const char *path, const char *table,
    struct ts_error *err)
{
	struct row r;

	start_input(cdr, path);
	cdr->fmt = TS_CDR_ASTERISK_TABLE;
	set_source(cdr);
	cdr->sql = sqlsrc_open(path, table ? table : "cdr", err);
	if (!cdr->sql)
		goto fail;
	if (sqlsrc_next(cdr->sql, &r, err) <= 0 || ast_header(cdr, &r, err))
		goto fail;
	return 0;
fail:
	if (!err->msg[0])
		ts_error_at(err, TS_EXIT_FAIL, path, 0, 0, "no header");
	close_input(cdr);
	return -1;
}

/* ---- helpers for the formats ---- */

int
cdr_bad(struct ts_cdr *cdr, const struct row *r, struct ts_error *err,
    const char *fmt, ...)
{
	va_list ap;

	ts_error_locate(err, cdr->name, r->line, 0);
	va_start(ap, fmt);
	ts_error_setv(err, TS_EXIT_FAIL, fmt, ap);
	va_end(ap);
	ts_buf_reset(&cdr->reject);
	ts_buf_add(&cdr->reject, r->raw, r->rawlen);
	cdr->stats.rejects++;
	return -1;
}

int
field_is(const struct ts_csvfield *f, const char *s)
{
	size_t n = strlen(s);

	return f->n == n && strncasecmp(f->s, s, n) == 0;
}

void
map_header(const struct row *r, const struct colname *names, size_t nnames,
    int *cols, int ncols)
{
	size_t i, k;

	for (k = 0; k < (size_t)ncols; k++)
		cols[k] = -1;
	for (i = 0; i < r->n && i < CDR_MAXF; i++)
		for (k = 0; k < nnames; k++)
			if (field_is(&r->f[i], names[k].name) &&
			    cols[names[k].col] < 0)
				cols[names[k].col] = (int)i;
}

struct ts_csvfield
row_field(const struct row *r, int i)
{
	struct ts_csvfield none = { "", 0 };

	if (i < 0 || (size_t)i >= r->n || i >= CDR_MAXF)
		return none;
	return r->f[i];
}

int
field_empty(const struct ts_csvfield *f)
{
	return f->n == 0 || field_is(f, "NULL");
}

int
field_uint(const struct ts_csvfield *f, int64_t *v)
{
	size_t i = 0;
	int64_t x = 0;

	if (f->n == 0)
		return -1;
	for (; i < f->n && f->s[i] >= '0' && f->s[i] <= '9'; i++) {
		if (x > (INT64_MAX - 9) / 10)
			return -1;
		x = x * 10 + (f->s[i] - '0');
	}
	if (i == 0)
		return -1;
	if (i < f->n && f->s[i] == '.') {
		for (i++; i < f->n && f->s[i] >= '0' && f->s[i] <= '9'; i++)
			;
	}
	if (i != f->n)
		return -1;
	*v = x;
	return 0;
}

/* Reads an unsigned number of at most `max` digits at *p. */
static int
take_num(const char **p, const char *end, int min, int max, int *v)
{
	int n = 0, x = 0;

	while (*p < end && n < max && **p >= '0' && **p <= '9') {
		x = x * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	*v = x;
	return n >= min ? 0 : -1;
}

/* "YYYY-MM-DD HH:MM[:SS[.frac]]" or "YYYY/M/D H:MM[:SS]" to wall time. */
static int
parse_wall_lenient(const char *s, size_t n, int64_t *wall)
{
	const char *p = s, *end = s + n;
	struct ts_civil c = { 0, 0, 0, 0, 0, 0 };
	char dsep;

	if (take_num(&p, end, 4, 4, &c.year) || p == end)
		return -1;
	dsep = *p++;
	if ((dsep != '-' && dsep != '/') ||
	    take_num(&p, end, 1, 2, &c.mon) || p == end || *p++ != dsep ||
	    take_num(&p, end, 1, 2, &c.day) || p == end ||
	    (*p != ' ' && *p != 'T'))
		return -1;
	p++;
	if (take_num(&p, end, 1, 2, &c.hour) || p == end || *p++ != ':' ||
	    take_num(&p, end, 2, 2, &c.min))
		return -1;
	if (p < end && *p == ':') {
		p++;
		if (take_num(&p, end, 2, 2, &c.sec))
			return -1;
		if (p < end && *p == '.')
			for (p++; p < end && *p >= '0' && *p <= '9'; p++)
				;
	}
	if (p != end || !ts_civil_valid(&c))
		return -1;
	*wall = ts_civil_to_wall(&c);
	return 0;
}

int
field_time(struct ts_cdr *cdr, const struct ts_csvfield *f, int64_t *t)
{
	int64_t wall, inst[2];

	if (ts_wall_parse19(f->s, f->n, &wall) < 0 &&
	    parse_wall_lenient(f->s, f->n, &wall) < 0)
		return -1;
	/* On the night clocks go back a local time happens twice and the
	 * file cannot say which: take the first; durations keep the end
	 * right.  A time that does not exist means a wrong zone. */
	if (ts_tzconv_from_wall(&cdr->conv, wall, inst) == 0)
		return -2;
	*t = inst[0];
	return 0;
}

void
set_text(char *dst, size_t size, const struct ts_csvfield *f)
{
	if (field_empty(f))
		dst[0] = '\0';
	else
		ts_copy_text(dst, size, f->s, f->n);
}

const struct numinfo *
cdr_number(struct ts_cdr *cdr, const char *s, size_t n)
{
	struct numinfo *ni = ts_map_get(&cdr->numbers, s, n);
	enum ts_phone_kind kind;

	if (ni)
		return ni;
	ni = cdr->numbers.count < NUMBERS_MAX ?
	    ts_xcalloc(1, sizeof *ni) : &cdr->scratch;
	kind = ts_phone_normalize(s, n, &cdr->cfg->service.country, ni->e164);
	if (kind == TS_PHONE_E164)
		ni->client = ts_config_client_by_number(cdr->cfg, ni->e164);
	else
		ni->client = NULL;
	if (kind == TS_PHONE_EXTENSION || kind == TS_PHONE_INVALID)
		ts_copy_text(ni->e164, sizeof ni->e164, s, n);
	if (ni != &cdr->scratch) {
		/* All n bytes: a field may hold a NUL, and the key is n long. */
		ni->raw = ts_xmalloc(n + 1);
		memcpy(ni->raw, s, n);
		ni->raw[n] = '\0';
		ts_map_put(&cdr->numbers, ni->raw, n, ni);
	}
	return ni;
}

/* Splits a caller id: "Name" <number>, Name <number>, <number>, or text. */
static void
split_clid(const struct ts_csvfield *clid, struct ts_csvfield *name,
    struct ts_csvfield *num)
{
	const char *s = clid->s, *lt, *gt;
	size_t n = clid->n;

	name->s = s;
	name->n = n;
	num->s = s + n;
	num->n = 0;
	lt = memchr(s, '<', n);
	gt = lt ? memchr(lt, '>', n - (size_t)(lt - s)) : NULL;
	if (gt) {
		num->s = lt + 1;
		num->n = (size_t)(gt - lt - 1);
		name->n = (size_t)(lt - s);
	}
	while (name->n && (name->s[name->n - 1] == ' ' ||
	    name->s[name->n - 1] == '"'))
		name->n--;
	while (name->n && (*name->s == ' ' || *name->s == '"')) {
		name->s++;
		name->n--;
	}
}

void
set_caller(struct ts_cdr *cdr, struct ts_call *c,
    const struct ts_csvfield *num, const struct ts_csvfield *clid)
{
	struct ts_csvfield name = { "", 0 }, cnum = { "", 0 };
	const struct ts_csvfield *use;
	enum ts_phone_kind kind;

	if (clid && !field_empty(clid))
		split_clid(clid, &name, &cnum);
	use = num && !field_empty(num) ? num : &cnum;
	kind = ts_phone_normalize(use->s, use->n, &cdr->cfg->service.country,
	    c->caller);
	/* Keep what came when it is not a number: someone may need it. */
	if (kind == TS_PHONE_INVALID)
		ts_copy_text(c->caller, sizeof c->caller, use->s, use->n);
	/* A name that only repeats the number says nothing. */
	if (name.n && !(name.n == use->n && memcmp(name.s, use->s,
	    name.n) == 0) && !(name.n == cnum.n && memcmp(name.s, cnum.s,
	    name.n) == 0))
		ts_copy_text(c->caller_name, sizeof c->caller_name, name.s,
		    name.n);
	else
		c->caller_name[0] = '\0';
}

void
set_did_client(struct ts_cdr *cdr, struct ts_call *c,
    const struct ts_csvfield *did, const struct ts_csvfield *account)
{
	const struct ts_client *cl = NULL;
	char code[128];

	if (did && !field_empty(did)) {
		const struct numinfo *ni = cdr_number(cdr, did->s, did->n);

		ts_copy_text(c->did, sizeof c->did, ni->e164,
		    strlen(ni->e164));
		cl = ni->client;
	} else {
		c->did[0] = '\0';
	}
	if (!cl && account && !field_empty(account)) {
		ts_copy_text(code, sizeof code, account->s, account->n);
		cl = ts_config_client_by_accountcode(cdr->cfg, code);
	}
	if (!cl && c->queue[0])
		cl = ts_config_client_by_queue(cdr->cfg, c->queue);
	if (!c->client[0] && cl)
		ts_copy_text(c->client, sizeof c->client, cl->id,
		    strlen(cl->id));
}

static int
is_hex(int ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') ||
	    (ch >= 'A' && ch <= 'F');
}

void
set_agent_from_channel(struct ts_call *c, const struct ts_csvfield *ch)
{
	size_t n = ch->n, i;
	const char *semi;

	if (field_empty(ch)) {
		c->agent[0] = '\0';
		return;
	}
	/* Local/201@from-queue-00000012;1: drop ";1". */
	semi = memchr(ch->s, ';', n);
	if (semi)
		n = (size_t)(semi - ch->s);
	/* SIP/201-0000000a: drop the channel's sequence number. */
	if (n > 9 && ch->s[n - 9] == '-') {
		for (i = n - 8; i < n && is_hex((unsigned char)ch->s[i]); i++)
			;
		if (i == n)
			n -= 9;
	}
	ts_copy_text(c->agent, sizeof c->agent, ch->s, n);
}

void
cdr_leg(struct ts_cdr *cdr, struct leg *l, const struct row *r)
{
	/* An id made only of what a C string cannot hold (a NUL first) is
	 * no id: the row's digest, as for a source without ids. */
	if (!l->c.call_id[0]) {
		row_digest(r, l->c.call_id, sizeof l->c.call_id);
		l->hashed = 0;
	}
	if (!l->c.source[0])
		ts_copy_text(l->c.source, sizeof l->c.source, cdr->source,
		    strlen(cdr->source));
	l->c.line = r->line;
	l->c.legs = 1;
	ts_call_derive(&l->c);
	cdr->stats.legs++;
	if (cdr->opts.on_leg)
		cdr->opts.on_leg(cdr->opts.ctx, &l->c, r->raw, r->rawlen);
	merger_add(&cdr->merge, l);
}

void
row_digest(const struct row *r, char *out, size_t size)
{
	snprintf(out, size, "h%016llx",
	    (unsigned long long)ts_map_hash(r->raw, r->rawlen));
}
