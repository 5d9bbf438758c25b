/*
 * ts_buf.h - a growable byte buffer, always NUL-terminated.
 *
 * Invariants (as git's strbuf): buf is never NULL (it points at a static
 * empty string until something is added), buf[len] == '\0', and len < cap
 * whenever cap != 0.  A buffer may hold NUL bytes; len is authoritative.
 *
 *	struct ts_buf b = TS_BUF_INIT;
 *	ts_buf_addf(&b, "%d calls", n);
 *	...
 *	ts_buf_release(&b);
 */
#ifndef TS_BUF_H
#define TS_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct ts_buf {
	char *buf;	/* contents; never NULL */
	size_t len;	/* bytes used, excluding the final NUL */
	size_t cap;	/* bytes allocated; 0 while buf is the static "" */
};

extern char ts_buf_empty[];
#define TS_BUF_INIT { ts_buf_empty, 0, 0 }

void ts_buf_init(struct ts_buf *b);
/* Frees the contents; b is ready for use again (empty). */
void ts_buf_release(struct ts_buf *b);
/* Makes room for at least n more bytes. */
void ts_buf_grow(struct ts_buf *b, size_t n);
/* Empties b, keeping its allocation. */
void ts_buf_reset(struct ts_buf *b);
void ts_buf_setlen(struct ts_buf *b, size_t len);
void ts_buf_add(struct ts_buf *b, const void *data, size_t n);
void ts_buf_addstr(struct ts_buf *b, const char *s);
void ts_buf_addch(struct ts_buf *b, int c);
void ts_buf_addf(struct ts_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void ts_buf_vaddf(struct ts_buf *b, const char *fmt, va_list ap);
/* Returns the contents as a malloc'd string the caller frees; b is emptied. */
char *ts_buf_detach(struct ts_buf *b, size_t *len);

#endif
