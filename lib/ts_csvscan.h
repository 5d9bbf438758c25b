/*
 * ts_csvscan.h - a fast CSV scanner over memory, for the CDR hot path.
 *
 * Record streams are read with libcsv (ts_rec.h).  CDR files are large
 * (ts-kpi reads ten million rows in a benchmark) and libcsv's byte-at-a-time
 * callbacks would dominate the time, so CDR formats are split with this
 * scanner instead.  It gives exactly the fields libcsv 3.0.3 gives with its
 * default, lenient options: blanks (space, tab) before a field and after an
 * unquoted field are dropped; a doubled quote inside a quoted field is one
 * quote; a quote that does not close a field is kept as text; CR, LF and
 * CRLF end a record; empty lines are skipped; input that ends inside a
 * quoted field ends the field.  A differential fuzz target
 * (tests/fuzz/fuzz_csvscan.c) checks the agreement on arbitrary input.
 *
 * Fields point into the input buffer when they need no unescaping, else
 * into the scanner's scratch buffer; either way they are valid until the
 * next call.  Fields are not NUL-terminated.
 */
#ifndef TS_CSVSCAN_H
#define TS_CSVSCAN_H

#include <stddef.h>

#include "ts_buf.h"

struct ts_csvfield {
	const char *s;
	size_t n;
};

struct ts_csvscan {
	const char *p;		/* next byte to scan */
	const char *end;	/* end of the bytes available */
	int eof;		/* 1: nothing follows end */
	long line;		/* line of the next byte, 1-based */
	int after_cr;		/* the last byte consumed was a CR */
	char sep;		/* field separator, ',' by default */
	struct ts_buf scratch;	/* unescaped fields of the current record */
	unsigned char cls[256];	/* byte classes for sep (internal) */
	int cls_sep;		/* the sep of cls, -1 before the first scan */
};

/* Prepares sc to scan [p, p + n); eof says whether more input follows. */
void ts_csvscan_init(struct ts_csvscan *sc, const char *p, size_t n, int eof);
void ts_csvscan_release(struct ts_csvscan *sc);
/* Gives sc more input: [p, p + n) continues where the last call stopped.
 * The caller keeps the bytes from the start of an unfinished record. */
void ts_csvscan_feed(struct ts_csvscan *sc, const char *p, size_t n, int eof);

/* The result of scanning one record. */
struct ts_csvrec {
	long line;		/* line where the record starts */
	const char *raw;	/* its bytes, terminator excluded */
	size_t rawlen;
	size_t nfields;		/* fields in the record (may exceed maxf) */
};

/*
 * Scans the next record into f[0 .. maxf-1].  Returns 1 with a record,
 * 0 when the input is exhausted (at eof) or when the bytes left do not hold
 * a whole record and more may come (then sc->p points at the start of the
 * unfinished record: keep those bytes, feed more).
 */
int ts_csvscan_next(struct ts_csvscan *sc, struct ts_csvfield *f,
    size_t maxf, struct ts_csvrec *rec);

#endif
