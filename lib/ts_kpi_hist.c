/*
 * ts_kpi_hist.c - exact wait-time histograms at one-second resolution
 * (see ts_kpi_impl.h): a dense array for the usual waits, a sorted sparse
 * list for the long ones.
 */
#include <stdlib.h>
#include <string.h>

#include "ts_kpi_impl.h"
#include "ts_mem.h"
#include "banned.h"

static void
grow_dense(struct hist *h, int64_t w)
{
	uint32_t n = h->n ? h->n : 32;

	while (n <= (uint32_t)w)
		n *= 2;
	if (n > HIST_CAP)
		n = HIST_CAP;
	h->c = ts_xreallocarray(h->c, n, sizeof *h->c);
	memset(h->c + h->n, 0, (n - h->n) * sizeof *h->c);
	h->n = n;
}

static void
add_over(struct hist *h, int64_t w, uint64_t count)
{
	size_t lo = 0, hi = h->nover;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (h->over[mid].v < w)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < h->nover && h->over[lo].v == w) {
		h->over[lo].n += count;
		return;
	}
	TS_GROW(h->over, h->nover + 1, h->capover);
	memmove(h->over + lo + 1, h->over + lo,
	    (h->nover - lo) * sizeof *h->over);
	h->over[lo].v = w;
	h->over[lo].n = count;
	h->nover++;
}

void
hist_add(struct hist *h, int64_t w, uint64_t count)
{
	if (w < 0)
		w = 0;
	if (w >= HIST_CAP) {
		add_over(h, w, count);
		return;
	}
	if ((uint32_t)w >= h->n)
		grow_dense(h, w);
	h->c[w] += (uint32_t)count;
}

void
hist_merge(struct hist *dst, const struct hist *src)
{
	uint32_t i;
	size_t j;

	if (src->n > dst->n && src->n > 0)
		grow_dense(dst, src->n - 1);
	for (i = 0; i < src->n; i++)
		dst->c[i] += src->c[i];
	for (j = 0; j < src->nover; j++)
		add_over(dst, src->over[j].v, src->over[j].n);
}

int64_t
hist_rank(const struct hist *h, uint64_t rank)
{
	uint64_t seen = 0;
	uint32_t i;
	size_t j;

	for (i = 0; i < h->n; i++) {
		seen += h->c[i];
		if (seen >= rank)
			return i;
	}
	for (j = 0; j < h->nover; j++) {
		seen += h->over[j].n;
		if (seen >= rank)
			return h->over[j].v;
	}
	return -1;
}

void
hist_release(struct hist *h)
{
	free(h->c);
	free(h->over);
	memset(h, 0, sizeof *h);
}
