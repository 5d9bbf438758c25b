/*
 * ts_csvscan.c - a fast CSV scanner that agrees with libcsv (see
 * ts_csvscan.h).
 *
 * libcsv 3.0.3's lenient state machine, restated: at the start of a field
 * blanks are skipped; a field that starts with a quote is quoted.  In a
 * quoted field every byte is data until a quote; after that quote
 * ("might have ended"): a separator or a line end closes the field, blanks
 * are held back (dropped if the field then closes), a second quote right
 * after it is one literal quote, a quote after blanks is literal and keeps
 * the state, and any other byte makes the quote literal and the field goes
 * on as quoted.  In an unquoted field quotes are data, a separator or a line
 * end closes it, and trailing blanks are dropped.  A line end outside a
 * field with no field yet seen is skipped (empty and blank lines).
 *
 * The common shapes (plain unquoted fields, quoted fields closed by a quote
 * followed by a separator or line end, doubled quotes) are scanned with
 * tight loops; anything else in a quoted field falls back to a byte-by-byte
 * replica of the state machine.
 */
#include <stdint.h>
#include <string.h>

#include "ts_csvscan.h"
#include "ts_mem.h"
#include "banned.h"

enum term {
	T_SEP,		/* a separator: another field follows */
	T_EOL,		/* a line end: the record is complete */
	T_END,		/* the end of the input: the record is complete */
	T_MORE		/* the bytes ran out before the record ended */
};

/* Byte classes. */
enum {
	C_TEXT = 0,
	C_BLANK,
	C_SEP,
	C_QUOTE,
	C_EOL
};

/* The state of one scan, committed to the scanner when a record ends. */
struct scan {
	struct ts_csvscan *sc;
	const char *p;
	long line;
	const unsigned char *cls;	/* sc->cls */
};

/*
 * Word-at-a-time search (SWAR): the position of the first byte of [q, end)
 * equal to a, b or c.  Fields are short and mostly plain, so eight bytes
 * are tested at once where the byte order allows it; the lowest match of
 * the bit trick below is always exact (borrows only spill upwards).
 */
#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

static inline uint64_t
bytes_equal(uint64_t w, uint64_t pattern)
{
	uint64_t v = w ^ pattern;

	return (v - ONES) & ~v & HIGHS;
}

static inline const char *
find3(const char *q, const char *end, char a, char b, char c)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t pa = ONES * (unsigned char)a, pb = ONES * (unsigned char)b,
	    pc = ONES * (unsigned char)c, w, m;

	for (; end - q >= 8; q += 8) {
		memcpy(&w, q, 8);
		m = bytes_equal(w, pa) | bytes_equal(w, pb) |
		    bytes_equal(w, pc);
		if (m)
			return q + (__builtin_ctzll(m) >> 3);
	}
#endif
	while (q < end && *q != a && *q != b && *q != c)
		q++;
	return q;
}

static int
is_blank(int c)
{
	return c == ' ' || c == '\t';
}

void
ts_csvscan_init(struct ts_csvscan *sc, const char *p, size_t n, int eof)
{
	sc->p = p;
	sc->end = p + n;
	sc->eof = eof;
	sc->line = 1;
	sc->after_cr = 0;
	sc->sep = ',';
	sc->cls_sep = -1;
	ts_buf_init(&sc->scratch);
}

void
ts_csvscan_release(struct ts_csvscan *sc)
{
	ts_buf_release(&sc->scratch);
}

void
ts_csvscan_feed(struct ts_csvscan *sc, const char *p, size_t n, int eof)
{
	sc->p = p;
	sc->end = p + n;
	sc->eof = eof;
}

/* The byte classes for sc->sep, built when it is first seen. */
static void
init_classes(struct ts_csvscan *sc)
{
	if (sc->cls_sep == (unsigned char)sc->sep)
		return;
	memset(sc->cls, C_TEXT, sizeof sc->cls);
	sc->cls[' '] = C_BLANK;
	sc->cls['\t'] = C_BLANK;
	sc->cls['"'] = C_QUOTE;
	sc->cls['\r'] = C_EOL;
	sc->cls['\n'] = C_EOL;
	sc->cls[(unsigned char)sc->sep] = C_SEP;
	sc->cls_sep = (unsigned char)sc->sep;
}

/*
 * Consumes the line end at st->p (CR, LF or CRLF) that ends a record.  A CR
 * that is the last byte available may be followed by an LF in the next
 * input: remember it so that the LF is not counted as a second line.
 */
static void
take_eol(struct scan *st)
{
	const char *end = st->sc->end;

	st->line++;
	if (*st->p++ == '\r') {
		if (st->p < end && *st->p == '\n')
			st->p++;
		else if (st->p == end)
			st->sc->after_cr = 1;
	}
}

/*
 * Skips line ends and blanks before a record.  Returns 1 when a record
 * starts at st->p, 0 when the bytes ran out first.
 */
static int
skip_to_record(struct scan *st, const char **line_start)
{
	struct ts_csvscan *sc = st->sc;
	const char *p = st->p, *end = sc->end;

	*line_start = p;
	for (; p < end; p++) {
		if (*p == '\n') {
			if (!sc->after_cr)
				st->line++;
			sc->after_cr = 0;
			*line_start = p + 1;
		} else if (*p == '\r') {
			st->line++;
			sc->after_cr = 1;
			*line_start = p + 1;
		} else if (is_blank((unsigned char)*p)) {
			sc->after_cr = 0;
		} else {
			sc->after_cr = 0;
			break;
		}
	}
	st->p = p;
	return p < end;
}

/* Ends a field at st->p: the separator or line end that follows it. */
static enum term
field_end(struct scan *st)
{
	if (st->p == st->sc->end)
		return st->sc->eof ? T_END : T_MORE;
	if (st->cls[(unsigned char)*st->p] == C_SEP) {
		st->p++;
		return T_SEP;
	}
	take_eol(st);
	return T_EOL;
}

static enum term
scan_unquoted(struct scan *st, struct ts_csvfield *f)
{
	const char *s = st->p, *q, *end = st->sc->end;

	/* Text, blanks and quotes are data: only a separator or a line end
	 * stops an unquoted field. */
	q = find3(s, end, st->sc->sep, '\r', '\n');
	st->p = q;
	while (q > s && is_blank((unsigned char)q[-1]))
		q--;
	f->s = s;
	f->n = (size_t)(q - s);
	return field_end(st);
}

/*
 * The exact state machine for a quoted field whose bytes start at s (after
 * the opening quote).  Appends the field to the scratch buffer.
 */
static enum term
scan_quoted_slow(struct scan *st, const char *s, struct ts_csvfield *f)
{
	struct ts_buf *b = &st->sc->scratch;
	const char *p = s, *end = st->sc->end;
	size_t start = b->len, spaces = 0;
	int might_end = 0, cls;

	for (; p < end; p++) {
		cls = st->cls[(unsigned char)*p];
		if (!might_end) {
			if (cls == C_QUOTE)
				might_end = 1;
			else if (cls == C_EOL && (*p == '\n' || p + 1 == end ||
			    p[1] != '\n'))
				st->line++;
			ts_buf_addch(b, *p);
			spaces = 0;
			continue;
		}
		if (cls == C_SEP || cls == C_EOL)
			break;
		if (cls == C_BLANK) {
			ts_buf_addch(b, *p);
			spaces++;
		} else if (cls == C_QUOTE && spaces) {
			ts_buf_addch(b, *p);
			spaces = 0;
		} else if (cls == C_QUOTE) {
			might_end = 0;
		} else {
			might_end = 0;
			spaces = 0;
			ts_buf_addch(b, *p);
		}
	}
	if (p == end && !st->sc->eof)
		return T_MORE;
	if (might_end)
		ts_buf_setlen(b, b->len - spaces - 1);
	f->s = NULL;		/* in scratch: resolved by the caller */
	f->n = b->len - start;
	st->p = p;
	return field_end(st);
}

/*
 * A quoted field, st->p at its opening quote.  The fast path handles a
 * closing quote followed by a separator or line end, and doubled quotes;
 * anything else goes to the exact slow path from the field's start.
 */
static enum term
scan_quoted(struct scan *st, struct ts_csvfield *f)
{
	const char *s = st->p + 1, *q = s, *end = st->sc->end, *seg = s;
	struct ts_buf *b = &st->sc->scratch;
	long line0 = st->line;
	size_t start = b->len;
	int copied = 0, c2;

	for (;;) {
		q = find3(q, end, '"', '\r', '\n');
		if (q == end || q + 1 == end)
			break;
		if (*q != '"') {
			if (*q == '\n' || q[1] != '\n')
				st->line++;
			q++;
			continue;
		}
		c2 = st->cls[(unsigned char)q[1]];
		if (c2 == C_SEP || c2 == C_EOL) {
			if (copied) {
				ts_buf_add(b, seg, (size_t)(q - seg));
				f->s = NULL;
				f->n = b->len - start;
			} else {
				f->s = s;
				f->n = (size_t)(q - s);
			}
			st->p = q + 1;
			return field_end(st);
		}
		if (c2 != C_QUOTE)
			break;
		/* A doubled quote: one quote of data. */
		ts_buf_add(b, seg, (size_t)(q + 1 - seg));
		copied = 1;
		q += 2;
		seg = q;
	}
	/* Unusual or unfinished: redo this field exactly. */
	ts_buf_setlen(b, start);
	st->line = line0;
	return scan_quoted_slow(st, s, f);
}

static enum term
scan_field(struct scan *st, struct ts_csvfield *f)
{
	const char *end = st->sc->end;

	while (st->p < end && st->cls[(unsigned char)*st->p] == C_BLANK)
		st->p++;
	if (st->p == end) {
		f->s = st->p;
		f->n = 0;
		return st->sc->eof ? T_END : T_MORE;
	}
	switch (st->cls[(unsigned char)*st->p]) {
	case C_QUOTE:
		return scan_quoted(st, f);
	case C_SEP:
	case C_EOL:
		f->s = st->p;
		f->n = 0;
		return field_end(st);
	default:
		return scan_unquoted(st, f);
	}
}

int
ts_csvscan_next(struct ts_csvscan *sc, struct ts_csvfield *f, size_t maxf,
    struct ts_csvrec *rec)
{
	struct scan st;
	struct ts_csvfield tmp, *cur;
	const char *line_start;
	size_t n = 0, i;
	enum term t;

	st.sc = sc;
	st.p = sc->p;
	st.line = sc->line;
	init_classes(sc);
	st.cls = sc->cls;
	ts_buf_reset(&sc->scratch);
	if (!skip_to_record(&st, &line_start)) {
		/* Only line ends and blanks: nothing to keep. */
		sc->p = st.p;
		sc->line = st.line;
		return 0;
	}
	rec->line = st.line;
	rec->raw = line_start;
	do {
		cur = n < maxf ? &f[n] : &tmp;
		t = scan_field(&st, cur);
		n++;
		if (t == T_MORE) {
			/* Keep the record's bytes; the lines before it are done. */
			sc->p = line_start;
			sc->line = rec->line;
			sc->after_cr = 0;
			return 0;
		}
	} while (t == T_SEP);
	/* Fields kept in scratch are resolved now that it cannot move. */
	{
		size_t off = 0;

		for (i = 0; i < n && i < maxf; i++) {
			if (f[i].s == NULL) {
				f[i].s = sc->scratch.buf + off;
				off += f[i].n;
			}
		}
	}
	rec->rawlen = (size_t)(st.p - line_start);
	while (rec->rawlen > 0 && (line_start[rec->rawlen - 1] == '\n' ||
	    line_start[rec->rawlen - 1] == '\r'))
		rec->rawlen--;
	rec->nfields = n;
	sc->p = st.p;
	sc->line = st.line;
	return 1;
}
