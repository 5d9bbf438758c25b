/*
 * ts_err.h - exit codes, library errors and the tools' diagnostics.
 *
 * Library functions never print and never exit.  A function that can fail
 * returns -1 (or NULL) and fills a caller-provided struct ts_error with an
 * exit code from enum ts_exit, a message without personal data, and where
 * known the source (file name), line and column the error is about.
 *
 * The diagnostic functions (ts_warnx, ts_error_print, ...) are for cmd/ only:
 * they write "ts-X: SOURCE:LINE: message" on stderr, the format every tool
 * shares.
 */
#ifndef TS_ERR_H
#define TS_ERR_H

#include <stdarg.h>

/* Exit codes shared by every tool; man/ts.7 documents them. */
enum ts_exit {
	TS_EXIT_OK = 0,		/* done */
	TS_EXIT_FAIL = 1,	/* failure: bad data, I/O, permanent error */
	TS_EXIT_USAGE = 2,	/* bad option, operand or configuration */
	TS_EXIT_NO = 3,		/* a definite "no": SLA breached, slot taken */
	TS_EXIT_TEMPFAIL = 75	/* temporary: store busy, network; retry */
};

struct ts_error {
	int code;		/* enum ts_exit; 0 when no error was set */
	long line;		/* line in source, 1-based; 0 when none */
	long col;		/* column in source, 1-based; 0 when none */
	char source[256];	/* file name, "<stdin>", or "" */
	char msg[512];		/* lowercase, no final full stop */
};

#define TS_ERROR_INIT { 0, 0, 0, "", "" }

/* Resets e to "no error". */
void ts_error_clear(struct ts_error *e);

/*
 * Sets e's code and message; leaves source, line and column as they are so
 * that a caller that already knows the position can set it first.
 * Returns -1, so that "return ts_error_set(err, ...);" reads naturally.
 * e may be NULL (the error is then dropped).
 */
int ts_error_set(struct ts_error *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int ts_error_setv(struct ts_error *e, int code, const char *fmt, va_list ap);

/* Like ts_error_set, with the position. source may be NULL. */
int ts_error_at(struct ts_error *e, int code, const char *source, long line,
    long col, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Sets the position of an error already set (for callers that add it). */
void ts_error_locate(struct ts_error *e, const char *source, long line,
    long col);

/* ---- diagnostics, for cmd/ only ---- */

/* Sets the name printed before every diagnostic (basename of argv0). */
void ts_setprogname(const char *argv0);
const char *ts_getprogname(void);

/* "prog: message\n" on stderr. */
void ts_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "prog: message: strerror(errno)\n" on stderr. */
void ts_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "prog: source:line: message\n"; line 0 omits it. */
void ts_warnat(const char *source, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Prints like ts_warnx, then exits with code. */
void ts_die(int code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));

/* Prints e as "prog: source:line:col: msg" and returns e->code (1 if 0). */
int ts_error_print(const struct ts_error *e);

/*
 * Flushes and closes stdout.  On a write error prints
 * "prog: write error: <stdout>: ..." and returns 1 if rc was 0; otherwise
 * returns rc.  Every tool returns ts_finish(rc) from main.
 */
int ts_finish(int rc);

#endif
