/*
 * fuzz_csvdiff.c - libFuzzer target: the fast CSV scanner of the CDR path
 * (lib/ts_csvscan.c) against libcsv, the reference it promises to match
 * (ts_csvscan.h): same records, same fields, same line numbers, whatever
 * the input and however it is cut into chunks.
 *
 * libcsv is fed one byte at a time so that the line where each record
 * starts is known, as tests/unit/test_csvscan.c does; the scanner is fed
 * the whole input at once, then again in chunks whose sizes come from the
 * first byte of the input.  Both results are flattened to one string
 * (fields joined by 0x1f, records ended by 0x1e, each prefixed with its
 * line) and compared.
 */
#include "fuzz.h"	/* first: it sets _GNU_SOURCE */

#include <csv.h>

#include "ts_buf.h"
#include "ts_csvscan.h"
#include "banned.h"

#define MAXF 64

struct ref {
	struct ts_buf out;
	long line;
	long rec_line;
	int in_rec;
	size_t nf;		/* fields of the record so far */
};

static void
ref_field(void *s, size_t n, void *data)
{
	struct ref *r = data;

	/* The scanner hands out the first MAXF fields of a record. */
	if (r->nf++ >= MAXF)
		return;
	if (!r->in_rec) {
		ts_buf_addf(&r->out, "%ld:", r->rec_line);
		r->in_rec = 1;
	} else {
		ts_buf_addch(&r->out, 0x1f);
	}
	ts_buf_add(&r->out, s, n);
}

static void
ref_record(int c, void *data)
{
	struct ref *r = data;

	(void)c;
	ts_buf_addch(&r->out, 0x1e);
	r->in_rec = 0;
	r->nf = 0;
}

static void
parse_ref(const char *in, size_t n, struct ts_buf *out)
{
	struct csv_parser p;
	struct ref r = { TS_BUF_INIT, 1, 1, 0, 0 };
	size_t i;
	int prev_cr = 0;

	if (csv_init(&p, 0) != 0)
		fuzz_die("csv_init");
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];

		if (!r.in_rec && p.pstate == 0 && c != ' ' && c != '\t' &&
		    c != '\r' && c != '\n')
			r.rec_line = r.line;
		if (csv_parse(&p, in + i, 1, ref_field, ref_record, &r) != 1)
			fuzz_die("csv_parse");
		if (c == '\n' && !prev_cr)
			r.line++;
		if (c == '\r')
			r.line++;
		prev_cr = c == '\r';
	}
	csv_fini(&p, ref_field, ref_record, &r);
	csv_free(&p);
	*out = r.out;
}

/* Scans in, fed in chunks of 1 + (the next step) bytes; step 0: whole. */
static void
parse_scan(const char *in, size_t n, unsigned step, struct ts_buf *out)
{
	struct ts_csvscan sc;
	struct ts_csvfield f[MAXF];
	struct ts_csvrec rec;
	struct ts_buf buf = TS_BUF_INIT, nb;
	size_t fed = 0, i, keep, chunk;

	ts_csvscan_init(&sc, in, step ? 0 : n, step ? n == 0 : 1);
	fed = step ? 0 : n;
	for (;;) {
		while (ts_csvscan_next(&sc, f, MAXF, &rec)) {
			ts_buf_addf(out, "%ld:", rec.line);
			for (i = 0; i < rec.nfields && i < MAXF; i++) {
				if (i)
					ts_buf_addch(out, 0x1f);
				ts_buf_add(out, f[i].s, f[i].n);
			}
			ts_buf_addch(out, 0x1e);
		}
		if (sc.eof)
			break;
		keep = (size_t)(sc.end - sc.p);
		chunk = 1 + step % 13;
		step = step * 1103515245u + 12345u;
		if (chunk > n - fed)
			chunk = n - fed;
		ts_buf_init(&nb);
		ts_buf_add(&nb, sc.p, keep);
		ts_buf_add(&nb, in + fed, chunk);
		fed += chunk;
		ts_buf_release(&buf);
		buf = nb;
		ts_csvscan_feed(&sc, buf.buf, buf.len, fed == n);
	}
	ts_buf_release(&buf);
	ts_csvscan_release(&sc);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ts_buf a = TS_BUF_INIT, b = TS_BUF_INIT, c = TS_BUF_INIT;
	unsigned step;
	const char *in;

	if (size == 0)
		return 0;
	step = data[0] | 1u;
	in = (const char *)data + 1;
	size--;
	parse_ref(in, size, &a);
	parse_scan(in, size, 0, &b);
	parse_scan(in, size, step, &c);
	if (a.len != b.len || memcmp(a.buf, b.buf, a.len) != 0)
		fuzz_die("the scanner and libcsv disagree");
	if (b.len != c.len || memcmp(b.buf, c.buf, b.len) != 0)
		fuzz_die("the scanner gives another result fed in chunks");
	ts_buf_release(&a);
	ts_buf_release(&b);
	ts_buf_release(&c);
	return 0;
}
