/*
 * ts_rec_write.c - writing records as csv, tsv, json (JSON Lines) or an
 * aligned table, through one typed interface (see ts_rec.h and
 * man/ts-records.5, which says exactly how each format renders).
 *
 * Each field is rendered as it comes into the current record's buffer
 * (csv, tsv, json), and the record is written with one fwrite at
 * ts_writer_end, so a record is never half-written by this module.  A table
 * must see every row to size its columns: its cells are kept, already made
 * safe for a terminal, and written by ts_writer_finish.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_buf.h"
#include "ts_mem.h"
#include "ts_rec.h"
#include "banned.h"

/* How a table cell is aligned: numbers to the right. */
enum cell_kind {
	CELL_TEXT,
	CELL_NUMBER,
	CELL_NULL
};

struct ts_writer {
	FILE *out;
	enum ts_fmt fmt;
	unsigned flags;
	char **cols;		/* column names; NULL until declared */
	char **keys;		/* json: "name": escaped, ready to write */
	size_t ncols;
	size_t i;		/* fields in the current record so far */
	int header_done;
	int wrote;		/* csv, tsv: bytes are out (header or record) */
	int finished;
	struct ts_buf rec;	/* the current record, rendered */

	/* Table only: every cell, row after row. */
	char **cells;
	unsigned char *kinds;
	size_t ncells, capcells, capkinds;
};

/* Characters a spreadsheet reads as the start of a formula. */
static const char formula_start[] = "=+-@\t\r\n";

struct ts_writer *
ts_writer_new(FILE *out, enum ts_fmt fmt, unsigned flags)
{
	struct ts_writer *w = ts_xcalloc(1, sizeof *w);

	w->out = out;
	w->fmt = fmt;
	w->flags = flags;
	if (fmt == TS_FMT_TABLE)
		w->flags |= TS_WRITER_PERCENT;
	ts_buf_init(&w->rec);
	return w;
}

/* ---- UTF-8 ---- */

/*
 * Length of the valid UTF-8 sequence at s (n bytes available), or 0 when
 * it is not one: overlong forms, surrogates and code points past U+10FFFF
 * are invalid (RFC 3629).
 */
static size_t
utf8_valid(const unsigned char *s, size_t n)
{
	unsigned char lo = 0x80, hi = 0xBF;
	size_t len, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		len = 2;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		len = 3;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		len = 4;
	else
		return 0;
	if (s[0] == 0xE0)
		lo = 0xA0;
	else if (s[0] == 0xED)
		hi = 0x9F;
	else if (s[0] == 0xF0)
		lo = 0x90;
	else if (s[0] == 0xF4)
		hi = 0x8F;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	return len;
}

static const char replacement[] = "\xEF\xBF\xBD";	/* U+FFFD */

/* ---- csv ---- */

static int
csv_needs_quotes(const char *s, size_t n)
{
	size_t i;

	if (n > 0 && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' ||
	    s[n - 1] == '\t'))
		return 1;
	for (i = 0; i < n; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			return 1;
	return 0;
}

/* Appends a csv field; apos puts the neutralising apostrophe first. */
static void
put_csv(struct ts_buf *b, const char *s, size_t n, int apos)
{
	size_t i;

	/* With the apostrophe first, only a trailing blank can matter. */
	if (!csv_needs_quotes(s, n) && !(apos && n > 0 &&
	    csv_needs_quotes(s + n - 1, 1))) {
		if (apos)
			ts_buf_addch(b, '\'');
		ts_buf_add(b, s, n);
		return;
	}
	ts_buf_addch(b, '"');
	if (apos)
		ts_buf_addch(b, '\'');
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			ts_buf_addch(b, '"');
		ts_buf_addch(b, s[i]);
	}
	ts_buf_addch(b, '"');
}

/* ---- tsv ---- */

static void
put_tsv(struct ts_buf *b, const char *s, size_t n, int apos)
{
	size_t i;

	if (apos)
		ts_buf_addch(b, '\'');
	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '\\':
			ts_buf_add(b, "\\\\", 2);
			break;
		case '\t':
			ts_buf_add(b, "\\t", 2);
			break;
		case '\n':
			ts_buf_add(b, "\\n", 2);
			break;
		case '\r':
			ts_buf_add(b, "\\r", 2);
			break;
		default:
			ts_buf_addch(b, s[i]);
		}
	}
}

/* ---- json ---- */

/* The short escape of a byte (RFC 8259), or 0. */
static int
json_short_escape(unsigned char c)
{
	switch (c) {
	case '"':
		return '"';
	case '\\':
		return '\\';
	case '\n':
		return 'n';
	case '\r':
		return 'r';
	case '\t':
		return 't';
	case '\b':
		return 'b';
	case '\f':
		return 'f';
	default:
		return 0;
	}
}

/* Appends a JSON string; invalid UTF-8 bytes become U+FFFD. */
void
ts_rec_json_string(struct ts_buf *b, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, k;
	int e;

	ts_buf_addch(b, '"');
	while (i < n) {
		if ((e = json_short_escape(s[i]))) {
			ts_buf_addch(b, '\\');
			ts_buf_addch(b, e);
			i++;
		} else if (s[i] < 0x20) {
			ts_buf_addf(b, "\\u%04x", s[i]);
			i++;
		} else if ((k = utf8_valid(s + i, n - i)) == 0) {
			ts_buf_addstr(b, replacement);
			i++;
		} else {
			ts_buf_add(b, s + i, k);
			i += k;
		}
	}
	ts_buf_addch(b, '"');
}

/* ---- table cells ---- */

/*
 * A cell as a terminal may show it: valid UTF-8 (U+FFFD for bad bytes),
 * tab, CR and LF as a space, other control characters (C0, DEL, C1: an
 * escape sequence from a caller's name must not reach the terminal) as '?'.
 */
static char *
table_text(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	struct ts_buf b = TS_BUF_INIT;
	size_t i = 0, k;

	while (i < n) {
		k = utf8_valid(s + i, n - i);
		if (k == 0)
			ts_buf_addstr(&b, replacement);
		else if (s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
			ts_buf_addch(&b, ' ');
		else if (s[i] < 0x20 || s[i] == 0x7F ||
		    (k == 2 && s[i] == 0xC2 && s[i + 1] < 0xA0))
			ts_buf_addch(&b, '?');
		else
			ts_buf_add(&b, s + i, k);
		i += k ? k : 1;
	}
	return ts_buf_detach(&b, NULL);
}

static void
add_cell(struct ts_writer *w, char *text, enum cell_kind kind)
{
	TS_GROW(w->cells, w->ncells + 1, w->capcells);
	TS_GROW(w->kinds, w->ncells + 1, w->capkinds);
	w->cells[w->ncells] = text;
	w->kinds[w->ncells] = (unsigned char)kind;
	w->ncells++;
}

/* ---- columns and fields ---- */

void
ts_writer_columns(struct ts_writer *w, const char *const *names, size_t n)
{
	struct ts_buf k = TS_BUF_INIT;
	size_t i;

	if (w->cols)
		abort();	/* declared twice: a programming error */
	w->cols = ts_xcalloc(n + 1, sizeof *w->cols);
	w->keys = ts_xcalloc(n + 1, sizeof *w->keys);
	for (i = 0; i < n; i++) {
		w->cols[i] = ts_xstrdup(names[i]);
		ts_rec_json_string(&k, names[i], strlen(names[i]));
		ts_buf_addch(&k, ':');
		w->keys[i] = ts_buf_detach(&k, NULL);
	}
	w->ncols = n;
}

/*
 * Starts the next field: the separator, or the key in json.  A field
 * beyond the declared columns is a programming error.
 */
static void
field_begin(struct ts_writer *w)
{
	if (!w->cols || w->i >= w->ncols || w->finished)
		abort();
	switch (w->fmt) {
	case TS_FMT_CSV:
		if (w->i > 0)
			ts_buf_addch(&w->rec, ',');
		break;
	case TS_FMT_TSV:
		if (w->i > 0)
			ts_buf_addch(&w->rec, '\t');
		break;
	case TS_FMT_JSON:
		ts_buf_addch(&w->rec, w->i > 0 ? ',' : '{');
		ts_buf_addstr(&w->rec, w->keys[w->i]);
		break;
	case TS_FMT_TABLE:
		break;
	}
}

static int
neutralize(const struct ts_writer *w, const char *s, size_t n)
{
	return (w->flags & TS_WRITER_NEUTRALIZE) && n > 0 &&
	    memchr(formula_start, s[0], sizeof formula_start - 1) != NULL;
}

void
ts_writer_strn(struct ts_writer *w, const char *s, size_t n)
{
	if (!s) {
		ts_writer_null(w);
		return;
	}
	field_begin(w);
	switch (w->fmt) {
	case TS_FMT_CSV:
		put_csv(&w->rec, s, n, neutralize(w, s, n));
		break;
	case TS_FMT_TSV:
		put_tsv(&w->rec, s, n, neutralize(w, s, n));
		break;
	case TS_FMT_JSON:
		ts_rec_json_string(&w->rec, s, n);
		break;
	case TS_FMT_TABLE:
		add_cell(w, table_text(s, n), CELL_TEXT);
		break;
	}
	w->i++;
}

void
ts_writer_str(struct ts_writer *w, const char *s)
{
	ts_writer_strn(w, s, s ? strlen(s) : 0);
}

void
ts_writer_null(struct ts_writer *w)
{
	field_begin(w);
	if (w->fmt == TS_FMT_JSON)
		ts_buf_add(&w->rec, "null", 4);
	else if (w->fmt == TS_FMT_TABLE)
		add_cell(w, NULL, CELL_NULL);
	w->i++;
}

/* A number, already formatted: never quoted nor neutralised. */
static void
put_number(struct ts_writer *w, const char *num)
{
	field_begin(w);
	if (w->fmt == TS_FMT_TABLE)
		add_cell(w, ts_xstrdup(num), CELL_NUMBER);
	else
		ts_buf_addstr(&w->rec, num);
	w->i++;
}

void
ts_writer_int(struct ts_writer *w, long long v)
{
	char num[32];

	snprintf(num, sizeof num, "%lld", v);
	put_number(w, num);
}

/* Turns "-0", "-0.0000" or "-0.0 %" into the same without the sign. */
static void
drop_minus_zero(char *num)
{
	size_t digits = strcspn(num + 1, " ");

	if (num[0] == '-' && strspn(num + 1, "0.") == digits)
		memmove(num, num + 1, strlen(num));
}

void
ts_writer_real(struct ts_writer *w, double v, int decimals)
{
	char num[512];		/* DBL_MAX has 309 digits */
	char *end;

	if (!isfinite(v)) {
		ts_writer_null(w);
		return;
	}
	if (decimals < 0)
		decimals = 0;
	if (decimals > 15)
		decimals = 15;
	snprintf(num, sizeof num, "%.*f", decimals, v);
	if (strchr(num, '.')) {
		end = num + strlen(num);
		while (end[-1] == '0')
			*--end = '\0';
		if (end[-1] == '.')
			end[-1] = '\0';
	}
	drop_minus_zero(num);
	put_number(w, num);
}

void
ts_writer_rate(struct ts_writer *w, double num, double den)
{
	double q = den != 0 ? num / den : NAN;
	char s[512];

	if (!isfinite(q)) {
		ts_writer_null(w);
		return;
	}
	if (!(w->flags & TS_WRITER_PERCENT)) {
		snprintf(s, sizeof s, "%.4f", q);
		drop_minus_zero(s);
		put_number(w, s);
		return;
	}
	snprintf(s, sizeof s, "%.1f %%", q * 100);
	drop_minus_zero(s);
	if (w->fmt != TS_FMT_JSON) {
		put_number(w, s);
		return;
	}
	field_begin(w);		/* "85.2 %" is no JSON number: a string */
	ts_rec_json_string(&w->rec, s, strlen(s));
	w->i++;
}

/* ---- records ---- */

/* The header row of csv and tsv, written before the first record. */
static int
write_header(struct ts_writer *w)
{
	struct ts_buf h = TS_BUF_INIT;
	const char *name;
	size_t i, n;
	int rc = 0;

	w->header_done = 1;
	if (w->flags & TS_WRITER_NO_HEADER)
		return 0;
	w->wrote = 1;
	for (i = 0; i < w->ncols; i++) {
		if (i > 0)
			ts_buf_addch(&h, w->fmt == TS_FMT_CSV ? ',' : '\t');
		name = w->cols[i];
		n = strlen(name);
		if (w->fmt == TS_FMT_CSV)
			put_csv(&h, name, n, neutralize(w, name, n));
		else
			put_tsv(&h, name, n, neutralize(w, name, n));
	}
	if (w->ncols == 1 && h.len == 0 && w->fmt == TS_FMT_CSV)
		ts_buf_add(&h, "\"\"", 2);
	ts_buf_addch(&h, '\n');
	if (fwrite(h.buf, 1, h.len, w->out) != h.len)
		rc = -1;
	ts_buf_release(&h);
	return rc;
}

/*
 * Writes the rendered record.  Readers drop a byte order mark at the very
 * start of their input: a first field that begins with U+FEFF there gets
 * one more, so that it reads back whole (found by fuzz_rec).
 */
static int
emit(struct ts_writer *w)
{
	static const char bom[] = "\xEF\xBB\xBF";
	int rc = 0;

	if ((w->fmt == TS_FMT_CSV || w->fmt == TS_FMT_TSV) &&
	    !w->header_done && write_header(w) < 0)
		rc = -1;
	if ((w->fmt == TS_FMT_CSV || w->fmt == TS_FMT_TSV) && !w->wrote &&
	    w->rec.len >= 3 && memcmp(w->rec.buf, bom, 3) == 0 &&
	    fwrite(bom, 1, 3, w->out) != 3)
		rc = -1;
	w->wrote = 1;
	if (fwrite(w->rec.buf, 1, w->rec.len, w->out) != w->rec.len)
		rc = -1;
	ts_buf_reset(&w->rec);
	if ((w->flags & TS_WRITER_UNBUFFERED) && fflush(w->out) != 0)
		rc = -1;
	return rc < 0 || ferror(w->out) ? -1 : 0;
}

int
ts_writer_end(struct ts_writer *w)
{
	if (!w->cols || w->finished)
		abort();
	while (w->i < w->ncols)
		ts_writer_null(w);
	w->i = 0;
	switch (w->fmt) {
	case TS_FMT_CSV:
		/* A lone empty field would be a blank line: readers skip it. */
		if (w->ncols == 1 && w->rec.len == 0)
			ts_buf_add(&w->rec, "\"\"", 2);
		ts_buf_addch(&w->rec, '\n');
		break;
	case TS_FMT_TSV:
		ts_buf_addch(&w->rec, '\n');
		break;
	case TS_FMT_JSON:
		if (w->ncols == 0)
			ts_buf_addch(&w->rec, '{');
		ts_buf_add(&w->rec, "}\n", 2);
		break;
	case TS_FMT_TABLE:
		return 0;
	}
	return emit(w);
}

/* ---- the table ---- */

/* Width of valid UTF-8 text in characters (not terminal columns). */
static size_t
text_width(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* Appends text padded to width, on the right of the cell when right. */
static void
put_cell(struct ts_buf *b, const char *text, size_t width, int right)
{
	size_t pad = width - text_width(text);

	if (right)
		while (pad-- > 0)
			ts_buf_addch(b, ' ');
	ts_buf_addstr(b, text);
	if (!right)
		while (pad-- > 0)
			ts_buf_addch(b, ' ');
}

/* Writes one line of the table, without trailing blanks. */
static int
put_row(struct ts_writer *w, char *const *text, const size_t *width,
    const int *right)
{
	struct ts_buf b = TS_BUF_INIT;
	size_t j;
	int rc = 0;

	for (j = 0; j < w->ncols; j++) {
		if (j > 0)
			ts_buf_add(&b, "  ", 2);
		put_cell(&b, text[j] ? text[j] : "", width[j], right[j]);
	}
	while (b.len > 0 && b.buf[b.len - 1] == ' ')
		b.len--;
	ts_buf_addch(&b, '\n');
	if (fwrite(b.buf, 1, b.len, w->out) != b.len)
		rc = -1;
	ts_buf_release(&b);
	return rc;
}

/*
 * Column widths, and which columns are numeric (every value written is a
 * number): their header is right-aligned too.
 */
static void
table_layout(struct ts_writer *w, char **head, size_t *width, int *numeric)
{
	size_t j, c, wd;
	int seen_num, seen_text;

	for (j = 0; j < w->ncols; j++) {
		width[j] = head ? text_width(head[j]) : 0;
		seen_num = seen_text = 0;
		for (c = j; c < w->ncells; c += w->ncols) {
			if (w->kinds[c] == CELL_NUMBER)
				seen_num = 1;
			else if (w->kinds[c] == CELL_TEXT)
				seen_text = 1;
			if (w->cells[c] && (wd = text_width(w->cells[c])) >
			    width[j])
				width[j] = wd;
		}
		numeric[j] = seen_num && !seen_text;
	}
}

static int
write_table(struct ts_writer *w)
{
	size_t *width = ts_xcalloc(w->ncols + 1, sizeof *width);
	int *numeric = ts_xcalloc(w->ncols + 1, sizeof *numeric);
	int *right = ts_xcalloc(w->ncols + 1, sizeof *right);
	char **head = NULL;
	size_t j, r, nrows = w->ncols ? w->ncells / w->ncols : 0;
	int rc = 0;

	if (!(w->flags & TS_WRITER_NO_HEADER)) {
		head = ts_xcalloc(w->ncols + 1, sizeof *head);
		for (j = 0; j < w->ncols; j++)
			head[j] = table_text(w->cols[j], strlen(w->cols[j]));
	}
	table_layout(w, head, width, numeric);
	if (head && put_row(w, head, width, numeric) < 0)
		rc = -1;
	for (r = 0; r < nrows; r++) {
		for (j = 0; j < w->ncols; j++)
			right[j] = w->kinds[r * w->ncols + j] == CELL_NUMBER;
		if (put_row(w, w->cells + r * w->ncols, width, right) < 0)
			rc = -1;
	}
	for (j = 0; head && j < w->ncols; j++)
		free(head[j]);
	free(head);
	free(width);
	free(numeric);
	free(right);
	return rc;
}

/* ---- the end ---- */

/* Forgets a record that was begun but not ended. */
static void
drop_partial(struct ts_writer *w)
{
	if (w->fmt == TS_FMT_TABLE)
		while (w->i > 0) {
			w->i--;
			free(w->cells[--w->ncells]);
		}
	w->i = 0;
	ts_buf_reset(&w->rec);
}

int
ts_writer_finish(struct ts_writer *w)
{
	int rc = 0;

	if (!w->finished) {
		w->finished = 1;
		drop_partial(w);
		if (w->cols && (w->fmt == TS_FMT_CSV ||
		    w->fmt == TS_FMT_TSV) && !w->header_done)
			rc = write_header(w);
		if (w->cols && w->fmt == TS_FMT_TABLE && write_table(w) < 0)
			rc = -1;
	}
	if (fflush(w->out) != 0 || ferror(w->out))
		rc = -1;
	return rc;
}

void
ts_writer_free(struct ts_writer *w)
{
	size_t i;

	if (!w)
		return;
	if (!w->finished)
		ts_writer_finish(w);
	for (i = 0; i < w->ncols; i++) {
		free(w->cols[i]);
		free(w->keys[i]);
	}
	free(w->cols);
	free(w->keys);
	for (i = 0; i < w->ncells; i++)
		free(w->cells[i]);
	free(w->cells);
	free(w->kinds);
	ts_buf_release(&w->rec);
	free(w);
}
