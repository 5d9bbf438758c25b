/*
 * test_csvscan.c - the fast CSV scanner gives what libcsv gives.
 *
 * Each input is parsed by libcsv (the reference, default options) and by
 * ts_csvscan fed in random chunk sizes; records, fields and line numbers
 * must be identical.  Inputs: hand-written edge cases, then random strings
 * over an alphabet of the characters that matter.
 */
#include <csv.h>
#include <stdlib.h>
#include <string.h>

#include "ts_buf.h"
#include "ts_csvscan.h"
#include "tap.h"

/* A parse result flattened to one string: fields joined by \x1f,
 * records ended by \x1e and prefixed with their line numbers. */
struct ref {
	struct ts_buf out;
	long line;		/* current line while feeding libcsv */
	long rec_line;		/* line where the current record started */
	int in_rec;
};

static void
ref_field(void *s, size_t n, void *data)
{
	struct ref *r = data;

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
}

/*
 * libcsv does not report lines, so the reference feeds one byte at a time
 * and notes the line at the first byte that starts a record.
 */
static void
parse_ref(const char *in, size_t n, struct ts_buf *out)
{
	struct csv_parser p;
	struct ref r = { TS_BUF_INIT, 1, 1, 0 };
	size_t i;
	int prev_cr = 0;

	csv_init(&p, 0);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];

		if (!r.in_rec && p.pstate == 0 && c != ' ' && c != '\t' &&
		    c != '\r' && c != '\n')
			r.rec_line = r.line;
		csv_parse(&p, in + i, 1, ref_field, ref_record, &r);
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

/* Parses with the scanner, feeding chunks of random sizes (seed). */
static void
parse_scan(const char *in, size_t n, unsigned seed, struct ts_buf *out)
{
	struct ts_csvscan sc;
	struct ts_csvfield f[64];
	struct ts_csvrec rec;
	struct ts_buf buf = TS_BUF_INIT;
	size_t fed = 0, i, keep;

	ts_csvscan_init(&sc, in, 0, n == 0);
	for (;;) {
		while (ts_csvscan_next(&sc, f, 64, &rec)) {
			ts_buf_addf(out, "%ld:", rec.line);
			for (i = 0; i < rec.nfields && i < 64; i++) {
				if (i)
					ts_buf_addch(out, 0x1f);
				ts_buf_add(out, f[i].s, f[i].n);
			}
			ts_buf_addch(out, 0x1e);
		}
		if (sc.eof)
			break;
		/* Keep the unfinished record, append a chunk of new input. */
		keep = (size_t)(sc.end - sc.p);
		{
			struct ts_buf nb = TS_BUF_INIT;
			size_t chunk = seed ? 1 + (size_t)rand() % 7 : n;

			if (chunk > n - fed)
				chunk = n - fed;
			ts_buf_add(&nb, sc.p, keep);
			ts_buf_add(&nb, in + fed, chunk);
			fed += chunk;
			ts_buf_release(&buf);
			buf = nb;
		}
		ts_csvscan_feed(&sc, buf.buf, buf.len, fed == n);
	}
	ts_buf_release(&buf);
	ts_csvscan_release(&sc);
}

static int
same(const char *in, size_t n, unsigned seed)
{
	struct ts_buf a = TS_BUF_INIT, b = TS_BUF_INIT;
	int eq;

	parse_ref(in, n, &a);
	parse_scan(in, n, seed, &b);
	eq = a.len == b.len && memcmp(a.buf, b.buf, a.len) == 0;
	if (!eq) {
		size_t i;

		printf("# input:");
		for (i = 0; i < n; i++)
			printf(" %02x", (unsigned char)in[i]);
		printf("\n# libcsv:");
		for (i = 0; i < a.len; i++)
			printf(" %02x", (unsigned char)a.buf[i]);
		printf("\n# scan:  ");
		for (i = 0; i < b.len; i++)
			printf(" %02x", (unsigned char)b.buf[i]);
		printf("\n");
	}
	ts_buf_release(&a);
	ts_buf_release(&b);
	return eq;
}

static const char *const cases[] = {
	"a,b,c\n1,2,3\n",
	"\"a\",\"b\"\"c\",d\r\n\"e,f\",g\r\n",
	"  a  ,  \"b\"  , c\t\n",
	"\"\"\"Dupont, J.\"\" <0612345678>\",x\n",
	"\"ab\"c,d\",e\n",
	"\"a\" \"b\",c\n",
	"\"a\"  \n",
	"x,\"multi\nline\r\nfield\",y\nz\n",
	"\n\n  \n\r\r\na\n",
	"a,\n,\n,,\n",
	"\"unterminated,field\nstill",
	"last,\"q\"",
	"last,\"q\" ",
	"ab\"cd,\"e\n",
	"\"\"\"Ramana Ulsa\" <1115>\",1115\n",
	"a\rb\rc",
	"\"a\rb\",c\r\nd",
	"\"\",\"\"\"\",\"\"\"\"\"\"\"\n",
	"",
	" ",
	"\"",
	"\"\"",
	",",
};

int
main(void)
{
	size_t i, k, n;
	char in[64];
	static const char alphabet[] = "a \",,\"\r\n\tb";
	int bad = 0;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char name[64];

		snprintf(name, sizeof name, "case %zu agrees with libcsv", i);
		ok(same(cases[i], strlen(cases[i]), 0) &&
		    same(cases[i], strlen(cases[i]), 1), name);
	}
	srand(42);
	for (k = 0; k < 200000 && bad < 3; k++) {
		n = (size_t)rand() % sizeof in;
		for (i = 0; i < n; i++)
			in[i] = alphabet[rand() % (sizeof alphabet - 1)];
		if (!same(in, n, (unsigned)k | 1))
			bad++;
	}
	ok(bad == 0, "200000 random inputs agree with libcsv");
	return done_testing();
}
