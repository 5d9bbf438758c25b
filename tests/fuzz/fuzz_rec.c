/*
 * fuzz_rec.c - libFuzzer target: the record reader (ts_reader: CSV with a
 * header, TSV, semicolons, no header), and the writer against it.
 *
 * The first byte picks the reader's flags and an output format; the rest
 * is the input.  Every record read is written again with ts_writer: in
 * csv and tsv it must read back to the same fields, byte for byte (a
 * filter never changes the data it passes through); json and table must
 * merely not fail.  Records holding a NUL byte cannot be read, so they are
 * not written; nor is a lone empty field in tsv, which is an empty line
 * there and so skipped (ts-records(5) says so).
 */
#include "fuzz.h"
#include "ts_rec.h"
#include "banned.h"

struct out {
	char *buf;
	size_t len;
	FILE *f;
	struct ts_writer *w;
};

static void
out_open(struct out *o, enum ts_fmt fmt, size_t ncols)
{
	static const char *const names[] = { "a", "b", "c", "d", "e", "f" };
	const char *cols[64];
	size_t i;

	o->f = open_memstream(&o->buf, &o->len);
	if (!o->f)
		fuzz_die("open_memstream");
	o->w = ts_writer_new(o->f, fmt, TS_WRITER_NO_HEADER);
	for (i = 0; i < ncols; i++)
		cols[i] = names[i % 6];
	ts_writer_columns(o->w, cols, ncols);
}

static void
out_close(struct out *o)
{
	if (ts_writer_finish(o->w) < 0)
		fuzz_die("writing to memory failed");
	ts_writer_free(o->w);
	fclose(o->f);
}

/* Reads buf back without a header and checks it holds rec's fields. */
static void
check_back(const struct out *o, unsigned flags, const struct ts_rec *want)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_reader *r;
	struct ts_rec got;
	FILE *in = fuzz_fmemopen((const uint8_t *)o->buf, o->len);
	size_t i;

	r = ts_reader_new(in, "back", flags | TS_READER_NO_HEADER, &err);
	if (!r || ts_reader_next(r, &got, &err) != 1)
		fuzz_die("a record written could not be read back");
	if (got.n != want->n)
		fuzz_die("a record read back has another number of fields");
	for (i = 0; i < got.n; i++)
		if (got.len[i] != want->len[i] ||
		    memcmp(got.f[i], want->f[i], got.len[i]) != 0)
			fuzz_die("a field read back differs");
	if (ts_reader_next(r, &got, &err) != 0)
		fuzz_die("one record written, more read back");
	ts_reader_free(r);
	fclose(in);
}

static int
has_nul(const struct ts_rec *rec)
{
	size_t i;

	for (i = 0; i < rec->n; i++)
		if (memchr(rec->f[i], '\0', rec->len[i]))
			return 1;
	return 0;
}

/* Writes rec alone in fmt; csv and tsv must give it back. */
static void
write_one(const struct ts_rec *rec, unsigned flags, enum ts_fmt fmt)
{
	struct out o;
	size_t i;

	if (rec->n == 0 || rec->n > 64 || has_nul(rec))
		return;
	out_open(&o, fmt, rec->n);
	for (i = 0; i < rec->n; i++)
		ts_writer_strn(o.w, rec->f[i], rec->len[i]);
	if (ts_writer_end(o.w) < 0)
		fuzz_die("writing to memory failed");
	out_close(&o);
	if (fmt == TS_FMT_CSV && !(flags & (TS_READER_TSV |
	    TS_READER_SEMICOLON)))
		check_back(&o, 0, rec);
	else if (fmt == TS_FMT_TSV && !(rec->n == 1 && rec->len[0] == 0))
		check_back(&o, TS_READER_TSV, rec);
	free(o.buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_reader *r;
	struct ts_rec rec;
	unsigned flags;
	enum ts_fmt fmt;
	char folded[64];
	size_t i;
	FILE *in;
	int rc;

	if (size == 0)
		return 0;
	flags = data[0] & 7;
	fmt = (enum ts_fmt)((data[0] >> 3) & 3);
	in = fuzz_fmemopen(data + 1, size - 1);
	r = ts_reader_new(in, "fuzz", flags, &err);
	if (r) {
		for (i = 0; i < ts_reader_ncols(r); i++)
			ts_rec_fold_name(ts_reader_colname(r, i), folded,
			    sizeof folded);
		(void)ts_reader_col(r, "call_id");
		while ((rc = ts_reader_next(r, &rec, &err)) != 0 && rc != -2) {
			if (rc == 1)
				write_one(&rec, flags, fmt);
			else if (err.line <= 0)
				fuzz_die("a bad record without its line");
		}
	}
	ts_reader_free(r);
	fclose(in);
	return 0;
}
