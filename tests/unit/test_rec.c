/*
 * test_rec.c - record streams: the reader (line numbers, raw bytes, bad
 * records, bounded memory, TSV), the writer in every format (quoting,
 * escapes, JSON validity, table alignment, numbers and rates, formula
 * neutralisation, write errors), round trips, and header name folding.
 *
 * Fixtures are in tests/data/rec/ (run from the top of the tree, as make
 * check and prove do); large, binary and NUL inputs are made here.
 */
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ts_rec.h"
#include "tap.h"

#define DATA "tests/data/rec/"

/* ---- helpers ---- */

static FILE *
mem_in(const char *s, size_t n)
{
	FILE *f = fmemopen((void *)(uintptr_t)s, n, "r");

	if (!f) {
		perror("fmemopen");
		exit(2);
	}
	return f;
}

static struct ts_reader *
reader_on(FILE *f, unsigned flags, struct ts_error *err)
{
	ts_error_clear(err);
	return ts_reader_new(f, "test", flags, err);
}

/* The fields of rec joined by '|', for compact comparisons. */
static const char *
joined(const struct ts_rec *rec)
{
	static char buf[4096];
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < rec->n && o < sizeof buf - 1; i++)
		o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s",
		    i ? "|" : "", rec->f[i]);
	return buf;
}

static const char *
raw_of(const struct ts_rec *rec)
{
	static char buf[4096];

	snprintf(buf, sizeof buf, "%.*s", (int)rec->rawlen, rec->raw);
	return buf;
}

/* Everything a writer produced, as a string the caller frees. */
struct capture {
	FILE *f;
	char *buf;
	size_t len;
};

static FILE *
capture_open(struct capture *c)
{
	c->buf = NULL;
	c->len = 0;
	c->f = open_memstream(&c->buf, &c->len);
	if (!c->f) {
		perror("open_memstream");
		exit(2);
	}
	return c->f;
}

static char *
capture_close(struct capture *c)
{
	fclose(c->f);
	return c->buf;
}

/* ---- reading ---- */

static void
test_basic(void)
{
	static const char in[] =
	    " call_id ,client,did\n1,dr-durand,+33144000001\n";
	struct ts_error err;
	struct ts_reader *r;
	struct ts_rec rec;
	FILE *f = mem_in(in, sizeof in - 1);

	r = reader_on(f, 0, &err);
	ok(r != NULL, "reader on a simple stream");
	is_int(ts_reader_ncols(r), 3, "three columns");
	is_int(ts_reader_col(r, "call_id"), 0, "header names are trimmed");
	is_int(ts_reader_col(r, "did"), 2, "column by name");
	is_int(ts_reader_col(r, "caller"), -1, "unknown column");
	is_str(ts_reader_colname(r, 1), "client", "column name");
	ok(ts_reader_colname(r, 3) == NULL, "column name out of range");
	is_str(ts_reader_source(r), "test", "source name kept");
	is_int(ts_reader_next(r, &rec, &err), 1, "one record");
	is_str(joined(&rec), "1|dr-durand|+33144000001", "its fields");
	is_int(rec.len[2], 12, "field length");
	is_int(rec.line, 2, "its line");
	is_str(raw_of(&rec), "1,dr-durand,+33144000001",
	    "raw bytes, no line end");
	is_int(ts_reader_next(r, &rec, &err), 0, "then the end");
	is_int(ts_reader_next(r, &rec, &err), 0, "the end again");
	ts_reader_free(r);
	fclose(f);
}

/* Reads a fixture and checks each record's line and fields. */
static void
check_file(const char *name, unsigned flags, const char *const *want,
    const long *lines, size_t n)
{
	char path[256], msg[300];
	struct ts_error err;
	struct ts_reader *r;
	struct ts_rec rec;
	FILE *f;
	size_t i;

	snprintf(path, sizeof path, DATA "%s", name);
	f = fopen(path, "rb");
	if (!ok(f != NULL, path))
		return;
	r = reader_on(f, flags, &err);
	snprintf(msg, sizeof msg, "%s: header read", name);
	if (!ok(r != NULL, msg)) {
		fclose(f);
		return;
	}
	for (i = 0; i < n; i++) {
		snprintf(msg, sizeof msg, "%s: record %zu", name, i + 1);
		if (!ok(ts_reader_next(r, &rec, &err) == 1, msg))
			break;
		is_str(joined(&rec), want[i], msg);
		snprintf(msg, sizeof msg, "%s: record %zu starts on line %ld",
		    name, i + 1, lines[i]);
		is_int(rec.line, lines[i], msg);
	}
	snprintf(msg, sizeof msg, "%s: end", name);
	is_int(ts_reader_next(r, &rec, &err), 0, msg);
	ts_reader_free(r);
	fclose(f);
}

static void
test_line_ends(void)
{
	static const char *const crlf[] = { "1|Dupont|answered",
	    "2|Martin\r\nsur deux lignes|missed", "3|Durand|busy" };
	static const char *const cr[] = { "1|Dupont|answered",
	    "2|Martin\rsur deux lignes|missed", "3|Durand|busy" };
	static const char *const ml[] = {
	    "1|Rappeler\nle patient\n\"urgent\"|answered", "2|court|missed",
	    "3|fin, ici|busy" };
	static const long crlf_lines[] = { 2, 3, 6 };
	static const long ml_lines[] = { 2, 6, 7 };

	check_file("crlf.csv", 0, crlf, crlf_lines, 3);
	check_file("cr.csv", 0, cr, crlf_lines, 3);
	check_file("multiline.csv", 0, ml, ml_lines, 3);
}

static void
test_raw_multiline(void)
{
	struct ts_error err;
	struct ts_reader *r;
	struct ts_rec rec;
	FILE *f = fopen(DATA "crlf.csv", "rb");

	r = reader_on(f, 0, &err);
	ts_reader_next(r, &rec, &err);
	ts_reader_next(r, &rec, &err);
	is_str(raw_of(&rec), "2,\"Martin\r\nsur deux lignes\",missed",
	    "raw bytes of a record spanning a CRLF");
	ts_reader_next(r, &rec, &err);
	is_str(raw_of(&rec), "3,Durand,busy", "raw bytes after a blank line");
	ts_reader_free(r);
	fclose(f);
}

static void
test_bom_and_empty(void)
{
	static const char half[] = "\xEF\xBBx,y\n";
	struct ts_error err;
	struct ts_reader *r;
	struct ts_rec rec;
	FILE *f;

	f = fopen(DATA "bom.csv", "rb");
	r = reader_on(f, 0, &err);
	is_int(ts_reader_col(r, "call_id"), 0, "byte order mark skipped");
	is_int(ts_reader_next(r, &rec, &err), 1, "record after a BOM");
	is_int(rec.line, 2, "BOM does not shift lines");
	ts_reader_free(r);
	fclose(f);

	f = mem_in(half, sizeof half - 1);
	r = reader_on(f, 0, &err);
	is_str(ts_reader_colname(r, 0), "\xEF\xBBx", "half a BOM is data");
	ts_reader_free(r);
	fclose(f);

	f = fopen(DATA "header-only.csv", "rb");
	r = reader_on(f, 0, &err);
	ok(r != NULL, "header-only input opens");
	is_int(ts_reader_ncols(r), 3, "header-only: its columns");
	is_int(ts_reader_next(r, &rec, &err), 0, "header-only: no records");
	ts_reader_free(r);
	fclose(f);

	f = fopen(DATA "empty.csv", "rb");
	r = reader_on(f, 0, &err);
	ok(r == NULL, "empty input without a header is an error");
	is_str(err.msg, "empty input: no header row", "empty input message");
	is_int(err.code, TS_EXIT_FAIL, "empty input exit code");
	fclose(f);

	f = fopen(DATA "empty.csv", "rb");
	r = reader_on(f, TS_READER_NO_HEADER, &err);
	ok(r != NULL, "empty input without header expected is fine");
	is_int(ts_reader_ncols(r), 0, "no header: no column names");
	is_int(ts_reader_next(r, &rec, &err), 0, "empty input: no records");
	ts_reader_free(r);
	fclose(f);
}

static void
test_unbalanced(void)
{
	struct ts_error err;
	struct ts_reader *r;
	struct ts_rec rec;
	FILE *f = fopen(DATA "unbalanced.csv", "rb");

	r = reader_on(f, 0, &err);
	is_int(ts_reader_next(r, &rec, &err), 1, "record before the bad one");
	is_int(ts_reader_next(r, &rec, &err), -1, "unbalanced quotes: bad");
	is_int(err.line, 3, "unbalanced quotes: line where the record began");
	is_str(err.source, "test", "error names the source");
	ok(strstr(err.msg, "unbalanced quotes") != NULL, "unbalanced message");
	ok(strstr(err.msg, "perdu") == NULL, "message holds no field value");
	is_int(ts_reader_next(r, &rec, &err), 0, "then the end");
	ts_reader_free(r);
	fclose(f);
}

/* A stream of header "a,b", one big record and a last one. */
static char *
big_input(size_t bigsize, int newline, size_t *len)
{
	static const char head[] = "a,b\n", tail[] = ",y\nnext,1\n";
	char *s = malloc(sizeof head + bigsize + sizeof tail);

	memcpy(s, head, sizeof head - 1);
	memset(s + sizeof head - 1, 'x', bigsize);
	*len = sizeof head - 1 + bigsize;
	if (newline) {
		memcpy(s + *len, tail, sizeof tail - 1);
		*len += sizeof tail - 1;
	}
	return s;
}

static void
test_too_long(void)
{
	struct ts_error err;
	struct ts_reader *r;
	struct ts_rec rec;
	size_t len;
	char *s;
	FILE *f;

	s = big_input(2 << 20, 1, &len);
	f = mem_in(s, len);
	r = reader_on(f, 0, &err);
	is_int(ts_reader_next(r, &rec, &err), -1, "2 MiB record: bad");
	is_int(err.line, 2, "2 MiB record: its line");
	ok(strstr(err.msg, "record too long") != NULL, "too long message");
	is_int(ts_reader_next(r, &rec, &err), 1, "record after it is read");
	is_str(joined(&rec), "next|1", "record after it is whole");
	is_int(rec.line, 3, "record after it: its line");
	is_int(ts_reader_next(r, &rec, &err), 0, "then the end");
	ts_reader_free(r);
	fclose(f);
	free(s);

	s = big_input(2 << 20, 0, &len);
	f = mem_in(s, len);
	r = reader_on(f, 0, &err);
	is_int(ts_reader_next(r, &rec, &err), -1, "2 MiB at the end: bad");
	is_int(ts_reader_next(r, &rec, &err), 0, "2 MiB at the end: then 0");
	ts_reader_free(r);
	fclose(f);
	free(s);

	/* "x...x,y" of exactly the limit, then one byte more. */
	s = big_input(TS_READER_MAX_RECORD - 2, 1, &len);
	f = mem_in(s, len);
	r = reader_on(f, 0, &err);
	is_int(ts_reader_next(r, &rec, &err), 1, "record of the limit: read");
	is_int(rec.rawlen, TS_READER_MAX_RECORD, "its raw length");
	ts_reader_free(r);
	fclose(f);
	free(s);

	s = big_input(TS_READER_MAX_RECORD - 1, 1, &len);
	f = mem_in(s, len);
	r = reader_on(f, 0, &err);
	is_int(ts_reader_next(r, &rec, &err), -1, "one byte over: bad");
	is_int(ts_reader_next(r, &rec, &err), 1, "and the next is read");
	ts_reader_free(r);
	fclose(f);
	free(s);
}

/* A record of n one-character fields, then "last,1". */
static char *
wide_input(size_t n, size_t *len)
{
	char *s = malloc(2 * n + 32);
	size_t i, o;

	o = (size_t)snprintf(s, 32, "a,b\n");
	for (i = 0; i < n; i++) {
		s[o++] = 'v';
		s[o++] = i + 1 < n ? ',' : '\n';
	}
	memcpy(s + o, "last,1\n", 7);
	*len = o + 7;
	return s;
}

static void
commas_to_tabs(char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] == ',')
			s[i] = '\t';
}

static void
test_fields_limit(unsigned flags, const char *what)
{
	struct ts_error err;
	struct ts_reader *r;
	struct ts_rec rec;
	char msg[100];
	size_t len;
	char *s;
	FILE *f;

	s = wide_input(10001, &len);
	if (flags & TS_READER_TSV)
		commas_to_tabs(s, len);
	f = mem_in(s, len);
	r = reader_on(f, flags, &err);
	snprintf(msg, sizeof msg, "%s: 10001 fields: bad", what);
	is_int(ts_reader_next(r, &rec, &err), -1, msg);
	snprintf(msg, sizeof msg, "%s: 10001 fields: message", what);
	is_str(err.msg, "more than 10000 fields", msg);
	snprintf(msg, sizeof msg, "%s: next record read", what);
	is_int(ts_reader_next(r, &rec, &err), 1, msg);
	is_int(rec.line, 3, msg);
	ts_reader_free(r);
	fclose(f);
	free(s);

	s = wide_input(10000, &len);
	if (flags & TS_READER_TSV)
		commas_to_tabs(s, len);
	f = mem_in(s, len);
	r = reader_on(f, flags, &err);
	snprintf(msg, sizeof msg, "%s: 10000 fields: read", what);
	is_int(ts_reader_next(r, &rec, &err), 1, msg);
	is_int(rec.n, 10000, msg);
	ts_reader_free(r);
	fclose(f);
	free(s);
}

static void
test_nul(void)
{
	static const char in[] = "a,b\n1,x\0y\n2,3\n";
	static const char tin[] = "a\tb\n1\tx\0y\n2\t3\n";
	struct ts_error err;
	struct ts_reader *r;
	struct ts_rec rec;
	FILE *f;

	f = mem_in(in, sizeof in - 1);
	r = reader_on(f, 0, &err);
	is_int(ts_reader_next(r, &rec, &err), -1, "NUL byte: bad record");
	is_str(err.msg, "nul byte in field 2", "NUL byte: names the field");
	is_int(err.line, 2, "NUL byte: its line");
	is_int(ts_reader_next(r, &rec, &err), 1, "record after a NUL");
	is_str(joined(&rec), "2|3", "record after a NUL: fields");
	ts_reader_free(r);
	fclose(f);

	f = mem_in(tin, sizeof tin - 1);
	r = reader_on(f, TS_READER_TSV, &err);
	is_int(ts_reader_next(r, &rec, &err), -1, "NUL byte in TSV: bad");
	is_int(ts_reader_next(r, &rec, &err), 1, "TSV record after a NUL");
	ts_reader_free(r);
	fclose(f);
}

static void
test_misc_reading(void)
{
	static const char in[] = "a,b\n\n   \n1\n1,2,3\n x , y ,\" z \"\n";
	static const char bad[] = "a,b\n\xff\xfe,caf\xc3\xa9\n";
	struct ts_error err;
	struct ts_reader *r;
	struct ts_rec rec;
	FILE *f;

	f = mem_in(in, sizeof in - 1);
	r = reader_on(f, 0, &err);
	is_int(ts_reader_next(r, &rec, &err), 1, "blank lines skipped");
	is_int(rec.line, 4, "blank lines still counted");
	is_int(rec.n, 1, "short record returned as it is");
	ts_reader_next(r, &rec, &err);
	is_int(rec.n, 3, "long record returned as it is");
	ts_reader_next(r, &rec, &err);
	is_str(joined(&rec), "x|y| z ",
	    "blanks around unquoted fields dropped");
	ts_reader_free(r);
	fclose(f);

	f = mem_in(bad, sizeof bad - 1);
	r = reader_on(f, 0, &err);
	ts_reader_next(r, &rec, &err);
	is_str(joined(&rec), "\xff\xfe|caf\xc3\xa9", "invalid UTF-8 kept");
	ts_reader_free(r);
	fclose(f);
}

static void
test_tsv(void)
{
	static const char *const want[] = {
	    "1|ligne\nsuivante|answered",
	    "2|un\ttab, un \\ et \\q|missed", "3||busy" };
	static const long lines[] = { 2, 3, 5 };
	struct ts_error err;
	struct ts_reader *r;
	struct ts_rec rec;
	FILE *f;

	check_file("tab.tsv", TS_READER_TSV, want, lines, 3);
	f = fopen(DATA "tab.tsv", "rb");
	r = reader_on(f, TS_READER_TSV, &err);
	ts_reader_next(r, &rec, &err);
	is_str(raw_of(&rec), "1\tligne\\nsuivante\tanswered",
	    "TSV raw bytes are the line as read");
	is_int(ts_reader_col(r, "status"), 2, "TSV header");
	ts_reader_free(r);
	fclose(f);
}

/* ---- writing ---- */

static const char *const two[] = { "name", "value" };

static void
test_csv_quoting(void)
{
	static const char *const one[] = { "only" };
	struct capture c;
	struct ts_writer *w;
	char *out;

	w = ts_writer_new(capture_open(&c), TS_FMT_CSV, 0);
	ts_writer_columns(w, two, 2);
	ts_writer_str(w, "a b");
	ts_writer_str(w, " lead");
	ts_writer_end(w);
	ts_writer_str(w, "a,b");
	ts_writer_str(w, "say \"hi\"");
	ts_writer_end(w);
	ts_writer_str(w, "l1\nl2");
	ts_writer_str(w, "trail\t");
	ts_writer_end(w);
	ts_writer_str(w, "");
	ts_writer_end(w);
	ok(ts_writer_finish(w) == 0, "csv finish");
	ts_writer_free(w);
	out = capture_close(&c);
	is_str(out, "name,value\n"
	    "a b,\" lead\"\n"
	    "\"a,b\",\"say \"\"hi\"\"\"\n"
	    "\"l1\nl2\",\"trail\t\"\n"
	    ",\n", "csv quotes only what needs it; missing fields empty");
	free(out);

	w = ts_writer_new(capture_open(&c), TS_FMT_CSV, 0);
	ts_writer_columns(w, one, 1);
	ts_writer_str(w, "");
	ts_writer_end(w);
	ts_writer_null(w);
	ts_writer_end(w);
	ts_writer_free(w);
	out = capture_close(&c);
	is_str(out, "only\n\"\"\n\"\"\n", "lone empty field is \"\", not a "
	    "blank line");
	free(out);
}

static void
test_empty_streams(void)
{
	struct capture c;
	struct ts_writer *w;
	char *out;

	w = ts_writer_new(capture_open(&c), TS_FMT_CSV, 0);
	ts_writer_columns(w, two, 2);
	ts_writer_free(w);
	out = capture_close(&c);
	is_str(out, "name,value\n", "empty csv stream: the header");
	free(out);

	w = ts_writer_new(capture_open(&c), TS_FMT_TSV, TS_WRITER_NO_HEADER);
	ts_writer_columns(w, two, 2);
	ts_writer_str(w, "a");
	ts_writer_end(w);
	ts_writer_finish(w);
	ts_writer_free(w);
	out = capture_close(&c);
	is_str(out, "a\t\n", "tsv without header");
	free(out);

	w = ts_writer_new(capture_open(&c), TS_FMT_JSON, 0);
	ts_writer_columns(w, two, 2);
	ts_writer_finish(w);
	ts_writer_free(w);
	out = capture_close(&c);
	is_str(out, "", "empty json stream: nothing");
	free(out);

	w = ts_writer_new(capture_open(&c), TS_FMT_TABLE, 0);
	ts_writer_columns(w, two, 2);
	ts_writer_str(w, "begun, never ended");
	ts_writer_free(w);
	out = capture_close(&c);
	is_str(out, "name  value\n", "empty table: the header; half a record "
	    "dropped");
	free(out);
}

static void
test_numbers(void)
{
	static const char *const cols[] = { "i", "r1", "r2", "r3", "r4",
	    "rate1", "rate2", "rate3", "rate4" };
	struct capture c;
	struct ts_writer *w;
	char *out;

	w = ts_writer_new(capture_open(&c), TS_FMT_CSV, TS_WRITER_NO_HEADER);
	ts_writer_columns(w, cols, 9);
	ts_writer_int(w, -42);
	ts_writer_real(w, 12.5, 2);
	ts_writer_real(w, 3.0, 3);
	ts_writer_real(w, NAN, 2);
	ts_writer_real(w, -0.0001, 2);
	ts_writer_rate(w, 8523, 10000);
	ts_writer_rate(w, 1, 1);
	ts_writer_rate(w, 5, 0);
	ts_writer_rate(w, 0, 7);
	ts_writer_end(w);
	ts_writer_free(w);
	out = capture_close(&c);
	is_str(out, "-42,12.5,3,,0,0.8523,1.0000,,0.0000\n",
	    "ints, reals trimmed, NaN empty, rates with 4 decimals, x/0 empty");
	free(out);

	w = ts_writer_new(capture_open(&c), TS_FMT_CSV,
	    TS_WRITER_NO_HEADER | TS_WRITER_PERCENT);
	ts_writer_columns(w, cols, 4);
	ts_writer_rate(w, 8523, 10000);
	ts_writer_rate(w, 1, 1);
	ts_writer_rate(w, 0, 0);
	ts_writer_rate(w, -0.0001, 1);
	ts_writer_end(w);
	ts_writer_free(w);
	out = capture_close(&c);
	is_str(out, "85.2 %,100.0 %,,0.0 %\n", "rates as percentages");
	free(out);

	w = ts_writer_new(capture_open(&c), TS_FMT_JSON, 0);
	ts_writer_columns(w, cols, 6);
	ts_writer_int(w, 7);
	ts_writer_real(w, 2.25, 1);
	ts_writer_real(w, INFINITY, 1);
	ts_writer_null(w);
	ts_writer_rate(w, 1, 3);
	ts_writer_rate(w, 1, 0);
	ts_writer_end(w);
	ts_writer_free(w);
	out = capture_close(&c);
	is_str(out, "{\"i\":7,\"r1\":2.2,\"r2\":null,\"r3\":null,"
	    "\"r4\":0.3333,\"rate1\":null}\n", "json numbers and nulls");
	free(out);
}

static void
test_neutralize(void)
{
	static const char *const cols[] = { "+name", "a", "b", "c", "d", "e",
	    "f" };
	struct capture c;
	struct ts_writer *w;
	char *out;

	w = ts_writer_new(capture_open(&c), TS_FMT_CSV, TS_WRITER_NEUTRALIZE);
	ts_writer_columns(w, cols, 7);
	ts_writer_str(w, "+33144000001");
	ts_writer_str(w, "=HYPERLINK(\"http://x\",\"y\")");
	ts_writer_str(w, "@SUM(A1)");
	ts_writer_str(w, "-");
	ts_writer_str(w, "\tx ");
	ts_writer_int(w, -3);
	ts_writer_str(w, "Dupont");
	ts_writer_end(w);
	ts_writer_free(w);
	out = capture_close(&c);
	is_str(out, "'+name,a,b,c,d,e,f\n"
	    "'+33144000001,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","
	    "'@SUM(A1),'-,\"'\tx \",-3,Dupont\n",
	    "formula cells prefixed with an apostrophe, numbers left alone");
	free(out);

	w = ts_writer_new(capture_open(&c), TS_FMT_TSV,
	    TS_WRITER_NEUTRALIZE | TS_WRITER_NO_HEADER);
	ts_writer_columns(w, cols, 2);
	ts_writer_str(w, "=1+2");
	ts_writer_str(w, "1+2");
	ts_writer_end(w);
	ts_writer_free(w);
	out = capture_close(&c);
	is_str(out, "'=1+2\t1+2\n", "tsv neutralised too");
	free(out);

	w = ts_writer_new(capture_open(&c), TS_FMT_JSON, TS_WRITER_NEUTRALIZE);
	ts_writer_columns(w, cols + 1, 1);
	ts_writer_str(w, "=1+2");
	ts_writer_end(w);
	ts_writer_free(w);
	out = capture_close(&c);
	is_str(out, "{\"a\":\"=1+2\"}\n", "json never neutralised");
	free(out);
}

static void
test_json_escapes(void)
{
	static const char *const cols[] = { "k\"ey", "v" };
	struct capture c;
	struct ts_writer *w;
	char *out;

	w = ts_writer_new(capture_open(&c), TS_FMT_JSON, 0);
	ts_writer_columns(w, cols, 2);
	ts_writer_strn(w, "a\"\\\n\r\t\b\f\x01\x1f/\x7f", 12);
	ts_writer_strn(w, "caf\xc3\xa9 \xff \xc3 \xed\xa0\x80 \xf0\x9f\x93\x9e",
	    18);
	ts_writer_end(w);
	ts_writer_free(w);
	out = capture_close(&c);
	is_str(out, "{\"k\\\"ey\":"
	    "\"a\\\"\\\\\\n\\r\\t\\b\\f\\u0001\\u001f/\x7f\","
	    "\"v\":\"caf\xc3\xa9 \xef\xbf\xbd \xef\xbf\xbd \xef\xbf\xbd"
	    "\xef\xbf\xbd\xef\xbf\xbd \xf0\x9f\x93\x9e\"}\n",
	    "json escapes; invalid UTF-8 (stray, cut, surrogate) is U+FFFD");
	free(out);
}

static void
test_table(void)
{
	static const char *const cols[] = { "client", "calls", "rate", "note" };
	struct capture c;
	struct ts_writer *w;
	char *out;

	w = ts_writer_new(capture_open(&c), TS_FMT_TABLE, 0);
	ts_writer_columns(w, cols, 4);
	ts_writer_str(w, "dr-durand");
	ts_writer_int(w, 1234);
	ts_writer_rate(w, 8523, 10000);
	ts_writer_str(w, "ok");
	ts_writer_end(w);
	ts_writer_str(w, "\xc3\x89lo\xc3\xafse");
	ts_writer_int(w, 7);
	ts_writer_rate(w, 1, 0);
	ts_writer_str(w, "l1\nl2\x1b[31m");
	ts_writer_end(w);
	ts_writer_str(w, "x");
	ts_writer_end(w);
	ok(ts_writer_finish(w) == 0, "table finish");
	ts_writer_free(w);
	out = capture_close(&c);
	is_str(out,
	    "client     calls    rate  note\n"
	    "dr-durand   1234  85.2 %  ok\n"
	    "\xc3\x89lo\xc3\xafse" "         7          l1 l2?[31m\n"
	    "x\n",
	    "table: aligned, numbers right, widths in characters, "
	    "controls made harmless, no trailing blanks");
	free(out);
}

/* ---- round trips ---- */

static const char *awkward[] = {
	"plain", "a,b", "say \"hi\"", "\"", ",", "line1\nline2", "cr\ronly",
	"crlf\r\nx", " lead", "trail ", "\tlead tab", "trail tab\t", "",
	"caf\xc3\xa9 cr\xc3\xa8me", "\xff\xfe invalid \xc3", "back\\slash",
	"tab\there", "=1+2", "+33144000001", "'apos", "\\n not a newline",
	"\n", "\r\n", "  ", NULL
};

static char binary[256];

static void
write_awkward(struct ts_writer *w)
{
	size_t i;

	ts_writer_columns(w, two, 2);
	for (i = 0; awkward[i]; i++) {
		ts_writer_str(w, awkward[i]);
		ts_writer_str(w, "end");
		ts_writer_end(w);
	}
	for (i = 0; i < 255; i++)
		binary[i] = (char)(i + 1);
	ts_writer_strn(w, binary, 255);
	ts_writer_str(w, "end");
	ts_writer_end(w);
}

static void
round_trip(enum ts_fmt fmt, unsigned rflags, const char *what)
{
	struct ts_error err;
	struct ts_reader *r;
	struct ts_writer *w;
	struct ts_rec rec;
	struct capture c;
	char msg[200];
	size_t i, good = 0;
	char *out;
	FILE *f;

	w = ts_writer_new(capture_open(&c), fmt, 0);
	write_awkward(w);
	ts_writer_free(w);
	out = capture_close(&c);
	f = mem_in(out, c.len);
	r = reader_on(f, rflags, &err);
	for (i = 0; awkward[i]; i++) {
		if (ts_reader_next(r, &rec, &err) != 1 || rec.n != 2 ||
		    rec.len[0] != strlen(awkward[i]) ||
		    memcmp(rec.f[0], awkward[i], rec.len[0]) != 0) {
			snprintf(msg, sizeof msg, "%s: value %zu comes back",
			    what, i);
			ok(0, msg);
			continue;
		}
		good++;
	}
	snprintf(msg, sizeof msg, "%s: every awkward value comes back", what);
	is_int(good, i, msg);
	snprintf(msg, sizeof msg, "%s: all bytes but NUL come back", what);
	ok(ts_reader_next(r, &rec, &err) == 1 && rec.len[0] == 255 &&
	    memcmp(rec.f[0], binary, 255) == 0 &&
	    strcmp(rec.f[1], "end") == 0, msg);
	snprintf(msg, sizeof msg, "%s: nothing more", what);
	is_int(ts_reader_next(r, &rec, &err), 0, msg);
	ts_reader_free(r);
	fclose(f);
	free(out);
}

/* Every line of the json output parses with Python's json module. */
static void
test_json_valid(void)
{
	char path[] = "/tmp/ts-test-rec-XXXXXX", cmd[200];
	struct ts_writer *w;
	FILE *f;
	int fd, st;

	if ((fd = mkstemp(path)) < 0 || !(f = fdopen(fd, "w"))) {
		ok(0, "temporary file for json");
		return;
	}
	w = ts_writer_new(f, TS_FMT_JSON, 0);
	write_awkward(w);
	ts_writer_free(w);
	fclose(f);
	snprintf(cmd, sizeof cmd, "/usr/bin/python3 -c 'import json,sys; "
	    "n=[json.loads(l) for l in sys.stdin]; sys.exit(len(n) != 25)' "
	    "< %s", path);
	if (access("/usr/bin/python3", X_OK) != 0) {
		ok(1, "# SKIP no /usr/bin/python3");
	} else {
		st = system(cmd);
		ok(st == 0, "json lines: every line is valid JSON (python3)");
	}
	unlink(path);
}

/* ---- misuse and write errors ---- */

static void
extra_field(void)
{
	struct ts_writer *w = ts_writer_new(stdout, TS_FMT_CSV, 0);

	ts_writer_columns(w, two, 2);
	ts_writer_str(w, "a");
	ts_writer_str(w, "b");
	ts_writer_str(w, "c");
}

static void
test_misuse(void)
{
	pid_t pid;
	int st = 0;

	fflush(stdout);
	if ((pid = fork()) == 0) {
		fclose(stderr);		/* the sanitizers' abort report */
		extra_field();
		_exit(0);
	}
	waitpid(pid, &st, 0);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT,
	    "more fields than columns aborts");
}

static void
test_write_errors(void)
{
	struct ts_writer *w;
	FILE *f;
	int i, rc = 0;

	if (!(f = fopen("/dev/full", "w"))) {
		ok(1, "# SKIP no /dev/full");
		ok(1, "# SKIP no /dev/full");
		return;
	}
	w = ts_writer_new(f, TS_FMT_CSV, 0);
	ts_writer_columns(w, two, 2);
	for (i = 0; i < 3; i++) {
		ts_writer_str(w, "x");
		rc |= ts_writer_end(w);
	}
	is_int(ts_writer_finish(w), -1, "write error seen by finish");
	ts_writer_free(w);
	fclose(f);

	f = fopen("/dev/full", "w");
	w = ts_writer_new(f, TS_FMT_JSON, TS_WRITER_UNBUFFERED);
	ts_writer_columns(w, two, 2);
	ts_writer_str(w, "x");
	is_int(ts_writer_end(w), -1, "unbuffered: write error seen by end");
	ts_writer_free(w);
	fclose(f);
}

/* ---- names ---- */

static void
test_fold(void)
{
	static const char *const cases[][2] = {
		{ "T\xc3\xa9l\xc3\xa9phone portable", "telephone_portable" },
		{ "E-mail", "e_mail" },
		{ "Pr\xc3\xa9nom", "prenom" },
		{ "Soci\xc3\xa9t\xc3\xa9", "societe" },
		{ "N\xc2\xb0 de t\xc3\xa9l\xc3\xa9phone", "n_de_telephone" },
		{ "  Date d\xe2\x80\x99" "appel ", "date_d_appel" },
		{ "call_id", "call_id" },
		{ "__Nom & Pr\xc3\xa9nom__", "nom_prenom" },
		{ "Dur\xc3\xa9" "e (s)", "duree_s" },
		{ "\xc3\x86SIR \xc5\x92uvre Stra\xc3\x9f" "e",
		  "aesir_oeuvre_strasse" },
		{ "\xc3\x80\xc3\x82\xc3\x84\xc3\x87\xc3\x89\xc3\x88\xc3\x8a"
		  "\xc3\x8b\xc3\x8e\xc3\x8f\xc3\x94\xc3\x96\xc3\x99\xc3\x9b"
		  "\xc3\x9c\xc5\xb8\xc3\x91", "aaaceeeeiioouuuyn" },
		{ "\xc3\xa0\xc3\xa2\xc3\xa4\xc3\xa1\xc3\xa3\xc3\xa5\xc3\xa7"
		  "\xc3\xa9\xc3\xa8\xc3\xaa\xc3\xab\xc3\xae\xc3\xaf\xc3\xad"
		  "\xc3\xac\xc3\xb4\xc3\xb6\xc3\xb3\xc3\xb2\xc3\xb5\xc3\xb9"
		  "\xc3\xbb\xc3\xbc\xc3\xba\xc3\xbf\xc3\xbd\xc3\xb1\xc5\x93"
		  "\xc3\xa6\xc3\x9f",
		  "aaaaaaceeeeiiiiooooouuuuyynoeaess" },
		{ "Adresse/Ville.Code", "adresse_ville_code" },
		{ "Nom\xc2\xa0" "complet", "nom_complet" },
		{ "\xd0\x98\xd0\xbc\xd1\x8f", "\xd0\x98\xd0\xbc\xd1\x8f" },
		{ "", "" },
		{ " - ", "" },
	};
	char out[64], tiny[5];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ts_rec_fold_name(cases[i][0], out, sizeof out);
		is_str(out, cases[i][1], cases[i][1][0] ? cases[i][1] :
		    "fold to nothing");
	}
	ts_rec_fold_name("Pr\xc3\xa9nom", tiny, sizeof tiny);
	is_str(tiny, "pren", "fold cut to the buffer");
}

static void
test_fmt_names(void)
{
	enum ts_fmt fmt;

	ok(ts_fmt_parse("jsonl", &fmt) == 0 && fmt == TS_FMT_JSON, "jsonl");
	ok(ts_fmt_parse("table", &fmt) == 0 && fmt == TS_FMT_TABLE, "table");
	ok(ts_fmt_parse("xml", &fmt) == -1, "unknown format");
	is_str(ts_fmt_name(TS_FMT_TSV), "tsv", "format name");
}

int
main(void)
{
	test_basic();
	test_line_ends();
	test_raw_multiline();
	test_bom_and_empty();
	test_unbalanced();
	test_too_long();
	test_fields_limit(0, "csv");
	test_fields_limit(TS_READER_TSV, "tsv");
	test_nul();
	test_misc_reading();
	test_tsv();
	test_csv_quoting();
	test_empty_streams();
	test_numbers();
	test_neutralize();
	test_json_escapes();
	test_table();
	round_trip(TS_FMT_CSV, 0, "csv round trip");
	round_trip(TS_FMT_TSV, TS_READER_TSV, "tsv round trip");
	test_json_valid();
	test_misuse();
	test_write_errors();
	test_fold();
	test_fmt_names();
	return done_testing();
}
