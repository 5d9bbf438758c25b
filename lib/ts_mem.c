/*
 * ts_mem.c - allocation that exits only on out-of-memory (see ts_mem.h).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_err.h"
#include "ts_mem.h"
#include "banned.h"

static void __attribute__((noreturn))
oom(void)
{
	/* No stdio formatting that could allocate. */
	fputs(ts_getprogname(), stderr);
	fputs(": out of memory\n", stderr);
	exit(TS_EXIT_FAIL);
}

void *
ts_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom();
	return p;
}

void *
ts_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		oom();
	return p;
}

void *
ts_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		oom();
	return q;
}

void *
ts_xreallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		oom();
	return ts_xrealloc(p, n * size);
}

char *
ts_xstrdup(const char *s)
{
	return ts_xstrndup(s, strlen(s));
}

char *
ts_xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = ts_xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
ts_xasprintf(const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		oom();
	p = ts_xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
