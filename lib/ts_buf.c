/*
 * ts_buf.c - growable byte buffer (see ts_buf.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_buf.h"
#include "ts_mem.h"
#include "banned.h"

char ts_buf_empty[1];

void
ts_buf_init(struct ts_buf *b)
{
	b->buf = ts_buf_empty;
	b->len = 0;
	b->cap = 0;
}

void
ts_buf_release(struct ts_buf *b)
{
	if (b->cap)
		free(b->buf);
	ts_buf_init(b);
}

void
ts_buf_grow(struct ts_buf *b, size_t n)
{
	size_t need = b->len + n + 1;
	size_t cap;

	if (need <= b->cap)
		return;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	if (b->cap) {
		b->buf = ts_xrealloc(b->buf, cap);
	} else {
		b->buf = ts_xmalloc(cap);
		b->buf[0] = '\0';
	}
	b->cap = cap;
}

void
ts_buf_reset(struct ts_buf *b)
{
	ts_buf_setlen(b, 0);
}

void
ts_buf_setlen(struct ts_buf *b, size_t len)
{
	if (!b->cap) {
		if (len == 0)
			return;
		ts_buf_grow(b, len);
	}
	b->len = len;
	b->buf[len] = '\0';
}

void
ts_buf_add(struct ts_buf *b, const void *data, size_t n)
{
	if (n == 0)
		return;
	ts_buf_grow(b, n);
	memcpy(b->buf + b->len, data, n);
	b->len += n;
	b->buf[b->len] = '\0';
}

void
ts_buf_addstr(struct ts_buf *b, const char *s)
{
	ts_buf_add(b, s, strlen(s));
}

void
ts_buf_addch(struct ts_buf *b, int c)
{
	ts_buf_grow(b, 1);
	b->buf[b->len++] = (char)c;
	b->buf[b->len] = '\0';
}

void
ts_buf_vaddf(struct ts_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(b->buf + b->len, b->cap ? b->cap - b->len : 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if ((size_t)n >= (b->cap ? b->cap - b->len : 0)) {
		ts_buf_grow(b, (size_t)n);
		vsnprintf(b->buf + b->len, b->cap - b->len, fmt, ap);
	}
	b->len += (size_t)n;
}

void
ts_buf_addf(struct ts_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ts_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

char *
ts_buf_detach(struct ts_buf *b, size_t *len)
{
	char *s;

	if (!b->cap)
		ts_buf_grow(b, 0);
	s = b->buf;
	if (len)
		*len = b->len;
	ts_buf_init(b);
	return s;
}
