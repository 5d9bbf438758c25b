/*
 * ts_mem.h - allocation that cannot fail silently.
 *
 * Every function here either succeeds or, on out-of-memory, prints
 * "prog: out of memory" and exits with status 1: the one place where the
 * library exits, as in sbase's ealloc and tmux's xmalloc.  Callers never test
 * for NULL.  Returned memory is owned by the caller and freed with free().
 */
#ifndef TS_MEM_H
#define TS_MEM_H

#include <stddef.h>

void *ts_xmalloc(size_t n);
void *ts_xcalloc(size_t n, size_t size);
void *ts_xrealloc(void *p, size_t n);
/* realloc to n * size, checking the product for overflow. */
void *ts_xreallocarray(void *p, size_t n, size_t size);
char *ts_xstrdup(const char *s);
/* Copies at most n bytes of s and adds a NUL. */
char *ts_xstrndup(const char *s, size_t n);
/* printf into a new string. */
char *ts_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grows an array: if *cap < need, sets *cap to at least need (doubling). */
#define TS_GROW(ptr, need, cap) do { \
	if ((size_t)(need) > (cap)) { \
		size_t ts_nc_ = (cap) ? (cap) : 8; \
		while (ts_nc_ < (size_t)(need)) \
			ts_nc_ *= 2; \
		(ptr) = ts_xreallocarray((ptr), ts_nc_, sizeof *(ptr)); \
		(cap) = ts_nc_; \
	} \
} while (0)

#endif
