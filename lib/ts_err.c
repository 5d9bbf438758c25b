/*
 * ts_err.c - library errors and the tools' diagnostics (see ts_err.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_err.h"
#include "banned.h"

static const char *progname = "ts";

void
ts_error_clear(struct ts_error *e)
{
	if (!e)
		return;
	e->code = 0;
	e->line = 0;
	e->col = 0;
	e->source[0] = '\0';
	e->msg[0] = '\0';
}

int
ts_error_setv(struct ts_error *e, int code, const char *fmt, va_list ap)
{
	char msg[sizeof e->msg];

	if (!e)
		return -1;
	e->code = code ? code : TS_EXIT_FAIL;
	/* Through a copy: the arguments may be e->msg itself ("--since:
	 * %s", err->msg), which vsnprintf must not write while it reads. */
	vsnprintf(msg, sizeof msg, fmt, ap);
	memcpy(e->msg, msg, sizeof msg);
	return -1;
}

int
ts_error_set(struct ts_error *e, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ts_error_setv(e, code, fmt, ap);
	va_end(ap);
	return -1;
}

void
ts_error_locate(struct ts_error *e, const char *source, long line, long col)
{
	if (!e)
		return;
	snprintf(e->source, sizeof e->source, "%s", source ? source : "");
	e->line = line;
	e->col = col;
}

int
ts_error_at(struct ts_error *e, int code, const char *source, long line,
    long col, const char *fmt, ...)
{
	va_list ap;

	ts_error_locate(e, source, line, col);
	va_start(ap, fmt);
	ts_error_setv(e, code, fmt, ap);
	va_end(ap);
	return -1;
}

void
ts_setprogname(const char *argv0)
{
	const char *slash;

	if (!argv0 || !*argv0)
		return;
	slash = strrchr(argv0, '/');
	progname = slash ? slash + 1 : argv0;
}

const char *
ts_getprogname(void)
{
	return progname;
}

/* "prog: [source:line: ]message[: strerror(err)]\n" on stderr. */
static void
vdiag(const char *source, long line, int errnum, const char *fmt,
    va_list ap)
{
	fprintf(stderr, "%s: ", progname);
	if (source && *source) {
		if (line > 0)
			fprintf(stderr, "%s:%ld: ", source, line);
		else
			fprintf(stderr, "%s: ", source);
	}
	vfprintf(stderr, fmt, ap);
	if (errnum)
		fprintf(stderr, ": %s", strerror(errnum));
	fputc('\n', stderr);
}

void
ts_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(NULL, 0, 0, fmt, ap);
	va_end(ap);
}

void
ts_warn(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	vdiag(NULL, 0, saved, fmt, ap);
	va_end(ap);
}

void
ts_warnat(const char *source, long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(source, line, 0, fmt, ap);
	va_end(ap);
}

void
ts_die(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(NULL, 0, 0, fmt, ap);
	va_end(ap);
	exit(code);
}

int
ts_error_print(const struct ts_error *e)
{
	fprintf(stderr, "%s: ", progname);
	if (e->source[0]) {
		fputs(e->source, stderr);
		if (e->line > 0)
			fprintf(stderr, ":%ld", e->line);
		if (e->line > 0 && e->col > 0)
			fprintf(stderr, ":%ld", e->col);
		fputs(": ", stderr);
	}
	fprintf(stderr, "%s\n", e->msg[0] ? e->msg : "unknown error");
	return e->code ? e->code : TS_EXIT_FAIL;
}

int
ts_finish(int rc)
{
	int bad = 0;

	if (fflush(stdout) != 0 || ferror(stdout))
		bad = 1;
	if (fclose(stdout) != 0)
		bad = 1;
	if (bad) {
		/* EPIPE: the reader went away; that is not our failure. */
		if (errno == EPIPE)
			return rc;
		ts_warn("write error: <stdout>");
		return rc ? rc : TS_EXIT_FAIL;
	}
	return rc;
}
