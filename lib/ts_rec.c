/*
 * ts_rec.c - reading record streams: CSV through libcsv, TSV by hand, the
 * header, output format names and header name folding (see ts_rec.h; the
 * writer is in ts_rec_write.c).
 *
 * The reader is pull-style on top of libcsv's push callbacks.  It reads its
 * input one line at a time with getc_unlocked (so a record from a live pipe
 * is returned as soon as its line is complete, instead of waiting for a
 * full buffer), appends the line to `raw`, the bytes of the record being
 * read, and feeds that line to csv_parse.  libcsv only ends a row on a line
 * end (CR or LF), and a line end is always the last byte of what it is fed,
 * so when its row callback fires the record is exactly the bytes in `raw`:
 * the raw bytes kept for --rejects and the starting line are exact, also
 * for quoted fields spanning lines, CRLF and lone CR files.  `raw` excludes
 * the line end that closed the record.
 *
 * Memory is bounded: `raw` never grows past TS_READER_MAX_RECORD + 1
 * bytes.  The line that crosses the limit is not fed to libcsv; the reader
 * skips to the next line end, resets the parser and goes on (a quoted field
 * that spanned lines may then resynchronise in its middle: the records that
 * follow can be wrong until the next real record start, which the caller
 * sees as bad field counts).
 *
 * Unquoted fields lose leading and trailing spaces and tabs, as libcsv
 * does by default; the writer quotes such fields, so round trips are exact.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "ts_buf.h"
#include "ts_err.h"
#include "ts_fold.h"
#include "ts_mem.h"
#include "ts_rec.h"
#include "banned.h"

#define MAX_FIELDS 10000
#define CSV_BLOCK (16 * 1024)	/* libcsv's buffer grows by this much */

struct ts_reader {
	FILE *in;
	char *source;
	unsigned flags;
	struct csv_parser csv;

	/* Input position. */
	long line;		/* line of the next byte, 1-based */
	int prev_cr;		/* the last byte was a CR (CRLF is one end) */
	unsigned char pend[3];	/* bytes read while looking for a BOM */
	int npend, ipend;
	int eof;		/* the input is exhausted */
	int done;		/* ts_reader_next returns 0 from now on */
	int fatal;		/* a read error happened: -2 from now on */
	int errnum;		/* its errno */

	/* The record being read. */
	struct ts_buf raw;	/* its bytes, from the start of its line */
	long rec_line;		/* line of raw's first byte */
	int begun;		/* a byte other than a blank was seen */
	int row_done;		/* libcsv ended the row */
	int row_end;		/* the byte that ended it, -1 at the end */
	size_t nul_field;	/* 1-based field holding a NUL byte, or 0 */
	int toomany;		/* more than MAX_FIELDS fields */
	struct ts_buf fbuf;	/* field contents, each followed by a NUL */
	size_t *foff;		/* offset of each field in fbuf */
	size_t *flen;
	size_t nf, fcap;
	char **fptr;		/* handed out in struct ts_rec */
	size_t pcap;

	/* Header. */
	char **cols;
	size_t ncols;
};

static const unsigned char bom[3] = { 0xEF, 0xBB, 0xBF };

/* ---- output format names ---- */

static const char *const fmt_names[] = { "csv", "tsv", "json", "table" };

int
ts_fmt_parse(const char *name, enum ts_fmt *fmt)
{
	size_t i;

	if (strcmp(name, "jsonl") == 0) {
		*fmt = TS_FMT_JSON;
		return 0;
	}
	for (i = 0; i < sizeof fmt_names / sizeof fmt_names[0]; i++) {
		if (strcmp(name, fmt_names[i]) == 0) {
			*fmt = (enum ts_fmt)i;
			return 0;
		}
	}
	return -1;
}

const char *
ts_fmt_name(enum ts_fmt fmt)
{
	if ((unsigned)fmt < sizeof fmt_names / sizeof fmt_names[0])
		return fmt_names[fmt];
	return "csv";
}

/* ---- bytes and lines ---- */

/*
 * The next byte of input, counting lines: LF, CR and CRLF each end one
 * line.  The first bytes may come from pend (the BOM check).
 */
static int
next_byte(struct ts_reader *r)
{
	int c;

	if (r->ipend < r->npend)
		c = r->pend[r->ipend++];
	else if ((c = getc_unlocked(r->in)) == EOF)
		return EOF;
	if (c == '\n') {
		if (!r->prev_cr)
			r->line++;
		r->prev_cr = 0;
	} else if (c == '\r') {
		r->line++;
		r->prev_cr = 1;
	} else {
		r->prev_cr = 0;
	}
	return c;
}

/* Drops a UTF-8 byte order mark at the very start of the input. */
static void
skip_bom(struct ts_reader *r)
{
	int c;

	while (r->npend < 3 && (c = getc_unlocked(r->in)) != EOF) {
		r->pend[r->npend++] = (unsigned char)c;
		if (r->pend[r->npend - 1] != bom[r->npend - 1])
			return;
	}
	if (r->npend == 3)
		r->npend = 0;
}

/* Bytes that do not start a record: libcsv skips them between rows. */
static int
is_blank(const struct ts_reader *r, int c)
{
	if (c == '\n' || c == '\r')
		return 1;
	return !(r->flags & TS_READER_TSV) && (c == ' ' || c == '\t');
}

/*
 * Skips to the end of the line after the record grew too long; c is the
 * byte that crossed the limit.  Returns -1, or -2 on a read error.
 */
static int
skip_line(struct ts_reader *r, int c)
{
	while (c != EOF && c != '\n' && c != '\r')
		c = next_byte(r);
	if (c == EOF) {
		if (ferror(r->in))
			return -2;
		r->eof = 1;
	}
	return -1;
}

/*
 * Appends the next line of input, its line end included, to r->raw.
 * Returns 1 when bytes were read, 0 at the end of the input, -1 when the
 * record grew past TS_READER_MAX_RECORD (the rest of the line is skipped),
 * -2 on a read error.
 */
static int
read_line(struct ts_reader *r)
{
	size_t start = r->raw.len;
	int c;

	while ((c = next_byte(r)) != EOF) {
		/* raw only holds the record: past the limit it is too long. */
		if (r->raw.len > TS_READER_MAX_RECORD)
			return skip_line(r, c);
		if (r->raw.len == 0)
			r->rec_line = r->line;
		if (!r->begun && !is_blank(r, c))
			r->begun = 1;
		ts_buf_addch(&r->raw, c);
		if (c == '\n' || c == '\r')
			return 1;
	}
	if (ferror(r->in))
		return -2;
	r->eof = 1;
	if (r->raw.len > TS_READER_MAX_RECORD)
		return -1;
	return r->raw.len > start;
}

/* ---- fields ---- */

static void
field_open(struct ts_reader *r)
{
	size_t cap = r->fcap;

	TS_GROW(r->foff, r->nf + 1, r->fcap);
	if (r->fcap != cap)
		r->flen = ts_xreallocarray(r->flen, r->fcap, sizeof *r->flen);
	r->foff[r->nf] = r->fbuf.len;
}

/* Closes the field opened last; notes a NUL byte inside it. */
static void
field_close(struct ts_reader *r)
{
	size_t off = r->foff[r->nf];

	r->flen[r->nf] = r->fbuf.len - off;
	if (!r->nul_field && memchr(r->fbuf.buf + off, '\0', r->flen[r->nf]))
		r->nul_field = r->nf + 1;
	ts_buf_addch(&r->fbuf, '\0');
	r->nf++;
}

/* libcsv's field callback. */
static void
csv_field(void *s, size_t len, void *data)
{
	struct ts_reader *r = data;

	if (r->nf >= MAX_FIELDS) {
		r->toomany = 1;
		return;
	}
	field_open(r);
	ts_buf_add(&r->fbuf, s, len);
	field_close(r);
}

/* libcsv's row callback: c is the line end, or -1 from csv_fini. */
static void
csv_row(int c, void *data)
{
	struct ts_reader *r = data;

	r->row_done = 1;
	r->row_end = c;
}

static void
clear_record(struct ts_reader *r)
{
	ts_buf_reset(&r->raw);
	ts_buf_reset(&r->fbuf);
	r->nf = 0;
	r->begun = 0;
	r->row_done = 0;
	r->row_end = -1;
	r->nul_field = 0;
	r->toomany = 0;
}

/* ---- errors ---- */

static int
bad_record(struct ts_reader *r, struct ts_error *err, const char *msg)
{
	ts_error_at(err, TS_EXIT_FAIL, r->source, r->rec_line, 0, "%s", msg);
	return -1;
}

/* A read error is fatal: every later call returns -2 as well. */
static int
read_error(struct ts_reader *r, struct ts_error *err)
{
	if (!r->fatal)
		r->errnum = errno;
	r->fatal = 1;
	ts_error_at(err, TS_EXIT_FAIL, r->source, r->line, 0,
	    "read error: %s", strerror(r->errnum));
	return -2;
}

/*
 * A record over the limit: forget it, and give the memory back, since
 * a stream of normal records needs far less.
 */
static int
too_long(struct ts_reader *r, struct ts_error *err)
{
	if (!(r->flags & TS_READER_TSV)) {
		csv_fini(&r->csv, NULL, NULL, NULL);
		csv_free(&r->csv);
	}
	ts_buf_release(&r->raw);
	ts_buf_release(&r->fbuf);
	ts_error_at(err, TS_EXIT_FAIL, r->source, r->rec_line, 0,
	    "record too long (more than %d bytes)", TS_READER_MAX_RECORD);
	return -1;
}

/*
 * Hands the record read out in rec, or reports why it is bad.  The line
 * end that closed it is not part of its raw bytes.
 */
static int
finish_record(struct ts_reader *r, struct ts_rec *rec, struct ts_error *err)
{
	char msg[64];
	size_t i;

	if (r->nul_field) {
		snprintf(msg, sizeof msg, "nul byte in field %zu",
		    r->nul_field);
		return bad_record(r, err, msg);
	}
	if (r->toomany) {
		snprintf(msg, sizeof msg, "more than %d fields", MAX_FIELDS);
		return bad_record(r, err, msg);
	}
	TS_GROW(r->fptr, r->nf + 1, r->pcap);
	for (i = 0; i < r->nf; i++)
		r->fptr[i] = r->fbuf.buf + r->foff[i];
	rec->n = r->nf;
	rec->f = r->fptr;
	rec->len = r->flen;
	rec->line = r->rec_line;
	rec->raw = r->raw.buf;
	rec->rawlen = r->raw.len;
	if (r->row_end == '\n' || r->row_end == '\r')
		rec->rawlen--;
	return 1;
}

/* ---- CSV ---- */

static int
feed_csv(struct ts_reader *r, size_t start, struct ts_error *err)
{
	size_t n = r->raw.len - start;

	if (csv_parse(&r->csv, r->raw.buf + start, n, csv_field, csv_row,
	    r) == n)
		return 0;
	r->fatal = 1;
	return ts_error_at(err, TS_EXIT_FAIL, r->source, r->line, 0,
	    "csv: %s", csv_strerror(csv_error(&r->csv)));
}

/*
 * The end of the input.  A row in progress ends there, unless a quoted
 * field is still open: libcsv's strict end check says so.
 */
static int
end_csv(struct ts_reader *r, struct ts_rec *rec, struct ts_error *err)
{
	r->done = 1;
	if (!r->begun)
		return 0;
	csv_set_opts(&r->csv, CSV_APPEND_NULL | CSV_STRICT | CSV_STRICT_FINI);
	if (csv_fini(&r->csv, csv_field, csv_row, r) != 0)
		return bad_record(r, err,
		    "unbalanced quotes: a quoted field runs to the end");
	return finish_record(r, rec, err);
}

static int
next_csv(struct ts_reader *r, struct ts_rec *rec, struct ts_error *err)
{
	size_t start;
	int rc;

	for (;;) {
		start = r->raw.len;
		rc = read_line(r);
		if (rc == -1)
			return too_long(r, err);
		if (rc == -2)
			return read_error(r, err);
		if (rc == 1 && !r->begun) {
			ts_buf_reset(&r->raw);	/* a blank line */
			continue;
		}
		if (rc == 1 && feed_csv(r, start, err) < 0)
			return -2;
		if (r->row_done)
			return finish_record(r, rec, err);
		if (rc == 0 || r->eof)
			return end_csv(r, rec, err);
	}
}

/* ---- TSV ---- */

/* The byte a TSV escape stands for, or 0 when it is no escape. */
static int
tsv_unescape(int c)
{
	switch (c) {
	case 't':
		return '\t';
	case 'n':
		return '\n';
	case 'r':
		return '\r';
	case '\\':
		return '\\';
	default:
		return 0;
	}
}

/* Splits the first len bytes of raw on tabs, undoing the escapes. */
static void
split_tsv(struct ts_reader *r, size_t len)
{
	const char *p = r->raw.buf, *end = p + len;
	int e;

	field_open(r);
	for (; p < end; p++) {
		if (*p == '\t') {
			field_close(r);
			if (r->nf >= MAX_FIELDS) {
				r->toomany = 1;
				return;
			}
			field_open(r);
		} else if (*p == '\\' && p + 1 < end &&
		    (e = tsv_unescape((unsigned char)p[1]))) {
			ts_buf_addch(&r->fbuf, e);
			p++;
		} else {
			ts_buf_addch(&r->fbuf, *p);
		}
	}
	field_close(r);
}

static int
next_tsv(struct ts_reader *r, struct ts_rec *rec, struct ts_error *err)
{
	size_t len;
	int rc;

	for (;;) {
		rc = read_line(r);
		if (rc == -1)
			return too_long(r, err);
		if (rc == -2)
			return read_error(r, err);
		if (rc == 0) {
			r->done = 1;
			return 0;
		}
		len = r->raw.len;
		if (r->raw.buf[len - 1] == '\n' || r->raw.buf[len - 1] == '\r')
			r->row_end = r->raw.buf[--len];
		if (len > 0)
			break;
		ts_buf_reset(&r->raw);	/* a blank line */
	}
	split_tsv(r, len);
	return finish_record(r, rec, err);
}

/* ---- the reader ---- */

int
ts_reader_next(struct ts_reader *r, struct ts_rec *rec, struct ts_error *err)
{
	if (r->fatal)
		return read_error(r, err);
	clear_record(r);
	if (r->done)
		return 0;
	if (r->flags & TS_READER_TSV)
		return next_tsv(r, rec, err);
	return next_csv(r, rec, err);
}

static char *
trimmed_copy(const char *s, size_t n)
{
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return ts_xstrndup(s, n);
}

/* Reads the header row and keeps its names, trimmed. */
static int
read_header(struct ts_reader *r, struct ts_error *err)
{
	struct ts_rec rec;
	size_t i;
	int rc;

	rc = ts_reader_next(r, &rec, err);
	if (rc == 0)
		return ts_error_at(err, TS_EXIT_FAIL, r->source, 0, 0,
		    "empty input: no header row");
	if (rc < 0)
		return -1;
	r->cols = ts_xcalloc(rec.n, sizeof *r->cols);
	for (i = 0; i < rec.n; i++)
		r->cols[i] = trimmed_copy(rec.f[i], rec.len[i]);
	r->ncols = rec.n;
	return 0;
}

struct ts_reader *
ts_reader_new(FILE *in, const char *source, unsigned flags,
    struct ts_error *err)
{
	struct ts_reader *r = ts_xcalloc(1, sizeof *r);

	r->in = in;
	r->source = ts_xstrdup(source ? source : "");
	r->flags = flags;
	r->line = 1;
	ts_buf_init(&r->raw);
	ts_buf_init(&r->fbuf);
	csv_init(&r->csv, CSV_APPEND_NULL);
	csv_set_realloc_func(&r->csv, ts_xrealloc);
	csv_set_blk_size(&r->csv, CSV_BLOCK);
	if (flags & TS_READER_SEMICOLON)
		csv_set_delim(&r->csv, ';');
	skip_bom(r);
	if (!(flags & TS_READER_NO_HEADER) && read_header(r, err) < 0) {
		ts_reader_free(r);
		return NULL;
	}
	return r;
}

void
ts_reader_free(struct ts_reader *r)
{
	size_t i;

	if (!r)
		return;
	csv_free(&r->csv);
	for (i = 0; i < r->ncols; i++)
		free(r->cols[i]);
	free(r->cols);
	free(r->source);
	ts_buf_release(&r->raw);
	ts_buf_release(&r->fbuf);
	free(r->foff);
	free(r->flen);
	free(r->fptr);
	free(r);
}

size_t
ts_reader_ncols(const struct ts_reader *r)
{
	return r->ncols;
}

const char *
ts_reader_colname(const struct ts_reader *r, size_t i)
{
	return i < r->ncols ? r->cols[i] : NULL;
}

int
ts_reader_col(const struct ts_reader *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->ncols; i++)
		if (strcmp(r->cols[i], name) == 0)
			return (int)i;
	return -1;
}

const char *
ts_reader_source(const struct ts_reader *r)
{
	return r->source;
}

/* ---- folding header names ---- */

void
ts_rec_fold_name(const char *in, char *out, size_t n)
{
	ts_fold(in, '_', out, n);
}
