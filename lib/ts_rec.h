/*
 * ts_rec.h - record streams: reading CSV/TSV with a header, writing csv,
 * tsv, json (JSON Lines) and table through one writer.
 *
 * Every tool speaks records (man/ts-records.5, format version
 * TS_RECORDS_VERSION).  A reader maps header names to column indexes, so
 * tools find their columns by name and pass the others through, in order.
 * A writer takes fields one by one, typed, and each output format renders
 * them (notmuch's "sprinter" idea): a tool writes a record once and gets
 * every -o format.
 */
#ifndef TS_REC_H
#define TS_REC_H

#include <stddef.h>
#include <stdio.h>

#include "ts_err.h"

#define TS_RECORDS_VERSION 1

/* ---- output formats ---- */

enum ts_fmt {
	TS_FMT_CSV,	/* RFC 4180, LF line ends, a header row */
	TS_FMT_TSV,	/* tab-separated; \t \n \r \\ escaped; a header row */
	TS_FMT_JSON,	/* JSON Lines: one object per record */
	TS_FMT_TABLE	/* aligned columns for a person */
};

/* "csv", "tsv", "json" (or "jsonl"), "table"; -1 if unknown. */
int ts_fmt_parse(const char *name, enum ts_fmt *fmt);
const char *ts_fmt_name(enum ts_fmt fmt);

/* ---- reading ---- */

enum ts_reader_flags {
	TS_READER_TSV = 1 << 0,		/* tab-separated instead of CSV */
	TS_READER_NO_HEADER = 1 << 1,	/* columns are numbered, not named */
	TS_READER_SEMICOLON = 1 << 2	/* ';' between fields (French Excel) */
};

/* One record, valid until the next call on its reader. */
struct ts_rec {
	size_t n;		/* number of fields */
	char **f;		/* fields, each NUL-terminated */
	size_t *len;		/* their lengths (a field may hold NUL) */
	long line;		/* line where the record starts, 1-based */
	const char *raw;	/* the record's bytes as read, for --rejects, */
	size_t rawlen;		/* without the line end that closed it */
};

struct ts_reader;

/*
 * Starts reading records from in.  `source` names the input in messages
 * ("calls.csv", "<stdin>"); it is copied.  Unless TS_READER_NO_HEADER, the
 * first record is the header: a UTF-8 byte order mark before it is skipped,
 * and an empty input is an error.  Returns NULL with err set on failure.
 * The caller keeps ownership of in and closes it after ts_reader_free.
 */
struct ts_reader *ts_reader_new(FILE *in, const char *source, unsigned flags,
    struct ts_error *err);
void ts_reader_free(struct ts_reader *r);

/* Header: the number of columns and their names as written. */
size_t ts_reader_ncols(const struct ts_reader *r);
const char *ts_reader_colname(const struct ts_reader *r, size_t i);
/* Index of the column named `name` (exact match after trimming), or -1. */
int ts_reader_col(const struct ts_reader *r, const char *name);
const char *ts_reader_source(const struct ts_reader *r);

/*
 * Reads the next record.  Returns 1 with a record in *rec, 0 at the end,
 * -1 for a bad record (err says why and where; the reader has moved past it
 * and the caller may go on), -2 for a fatal error (I/O).  Bad records are:
 * unbalanced quotes at end of input, a NUL byte, more than 10000 fields, a
 * record longer than TS_READER_MAX_RECORD bytes (memory stays bounded: the
 * rest of it is skipped).  A record whose field count differs from the
 * header's is returned as it is: the caller decides.
 */
#define TS_READER_MAX_RECORD (1 << 20)
int ts_reader_next(struct ts_reader *r, struct ts_rec *rec,
    struct ts_error *err);

/*
 * Folds a header name for matching by meaning: lowercase, accents removed
 * (Latin-1 supplement and Latin Extended-A letters in UTF-8), runs of
 * spaces, dashes, dots and apostrophes turned into one '_', trimmed.
 * "Téléphone portable" -> "telephone_portable", "E-mail" -> "e_mail".
 */
void ts_rec_fold_name(const char *in, char *out, size_t n);

/* ---- writing ---- */

enum ts_writer_flags {
	TS_WRITER_NO_HEADER = 1 << 0,	/* csv/tsv without the header row */
	TS_WRITER_UNBUFFERED = 1 << 1,	/* flush after each record */
	TS_WRITER_NEUTRALIZE = 1 << 2,	/* csv for spreadsheets: see below */
	TS_WRITER_PERCENT = 1 << 3	/* rates as "85.2 %" (set for table) */
};

struct ts_writer;

/*
 * A writer of records to out in format fmt.  The caller keeps out.
 * TS_WRITER_NEUTRALIZE (csv and tsv) prefixes with an apostrophe every
 * string field that begins with '=', '+', '-', '@', a tab, a carriage
 * return or a line feed, and every such column name, so that a
 * spreadsheet shows it as text instead of running it as a formula
 * ("+33144000001" becomes "'+33144000001"); numbers written with
 * ts_writer_int/real are left alone.
 */
struct ts_writer *ts_writer_new(FILE *out, enum ts_fmt fmt, unsigned flags);
/*
 * Frees w; table output, which must see every row to align them, is
 * written here if ts_writer_finish was not called.
 */
void ts_writer_free(struct ts_writer *w);

/*
 * Declares the columns (names are copied).  Must be called once before the
 * first field.  For csv and tsv the header row is written with the first
 * record, or by ts_writer_finish when there is none.
 */
void ts_writer_columns(struct ts_writer *w, const char *const *names,
    size_t n);

/* The next field of the current record, by type. */
void ts_writer_str(struct ts_writer *w, const char *s);	/* NULL: null */
void ts_writer_strn(struct ts_writer *w, const char *s, size_t n);
void ts_writer_int(struct ts_writer *w, long long v);
/* A number with at most `decimals` decimals, trailing zeros dropped. */
void ts_writer_real(struct ts_writer *w, double v, int decimals);
/* An empty value: "" in csv/tsv/table, null in json. */
void ts_writer_null(struct ts_writer *w);
/*
 * A rate num/den: a fraction with 4 decimals (0.8523) in csv, tsv and json,
 * a percentage with one decimal ("85.2 %") in table or with
 * TS_WRITER_PERCENT; null when den is 0.
 */
void ts_writer_rate(struct ts_writer *w, double num, double den);

/*
 * Ends the record.  Missing fields are written as null; extra fields are a
 * programming error (abort).  Returns 0, or -1 when writing failed (errno).
 */
int ts_writer_end(struct ts_writer *w);

/*
 * Ends the output: writes the header of an empty csv/tsv stream and the
 * whole table.  Returns 0, or -1 when writing failed.
 */
int ts_writer_finish(struct ts_writer *w);

/*
 * Appends s (n bytes) to b as a JSON string, quotes included, as the json
 * format writes it (invalid UTF-8 bytes become U+FFFD): for tools that
 * write a JSON document rather than records.
 */
struct ts_buf;
void ts_rec_json_string(struct ts_buf *b, const char *s, size_t n);

#endif
