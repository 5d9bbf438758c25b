/*
 * ts_cdr_merge.c - merging the legs of a call within a time window.
 *
 * Legs come in the order the PBX wrote them, which is roughly the order in
 * which calls ended.  Each leg is looked up by its keys (its call id, and
 * for FreeSWITCH the other leg's uuid); a leg that shares a key with a call
 * being merged joins it, else it starts a new call.  Calls wait in arrival
 * order and leave once the input has moved `window` seconds past their end:
 * memory holds the calls of one window, whatever the size of the file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_cdr_impl.h"
#include "ts_mem.h"
#include "banned.h"

/* Beyond this many calls in the window, the oldest leave early. */
#define MERGE_MAX_OPEN 1000000

void
merger_init(struct merger *m, int64_t window)
{
	memset(m, 0, sizeof *m);
	m->horizon = TS_TIME_NONE;
	m->window = window;
}

static int64_t
leg_time(const struct ts_call *c)
{
	return c->end != TS_TIME_NONE ? c->end : c->start;
}

static struct mcall *
mcall_new(struct merger *m)
{
	struct mcall *mc = m->pool;

	if (mc)
		m->pool = mc->next;
	else
		mc = ts_xcalloc(1, sizeof *mc);
	mc->nkeys = 0;
	mc->next = NULL;
	return mc;
}

static void
add_key(struct merger *m, struct mcall *mc, const char *key)
{
	char *k;

	if (!*key || ts_map_get(&m->keys, key, strlen(key)) == mc)
		return;
	k = ts_xstrdup(key);
	mc->keys = ts_xreallocarray(mc->keys, mc->nkeys + 1, sizeof *mc->keys);
	mc->keys[mc->nkeys++] = k;
	ts_map_put(&m->keys, k, strlen(k), mc);
}

static void
fifo_unlink(struct merger *m, struct mcall *mc)
{
	struct mcall **pp, *prev = NULL;

	for (pp = &m->head; *pp; prev = *pp, pp = &(*pp)->next) {
		if (*pp == mc) {
			*pp = mc->next;
			if (m->tail == mc)
				m->tail = prev;
			return;
		}
	}
}

/* Forgets mc's keys and puts it back in the pool. */
static void
mcall_drop(struct merger *m, struct mcall *mc)
{
	size_t i;

	ts_map_del(&m->keys, mc->c.call_id, strlen(mc->c.call_id));
	for (i = 0; i < mc->nkeys; i++) {
		ts_map_del(&m->keys, mc->keys[i], strlen(mc->keys[i]));
		free(mc->keys[i]);
	}
	mc->nkeys = 0;
	mc->next = m->pool;
	m->pool = mc;
	m->open--;
}

/* Two calls turned out to be one (a leg named both): b joins a. */
static void
join(struct merger *m, struct mcall *a, struct mcall *b)
{
	char **keys = ts_xreallocarray(NULL, b->nkeys + 1, sizeof *keys);
	size_t i, n = 0;

	ts_call_merge(&a->c, &b->c);
	keys[n++] = ts_xstrdup(b->c.call_id);
	for (i = 0; i < b->nkeys; i++)
		keys[n++] = ts_xstrdup(b->keys[i]);
	fifo_unlink(m, b);
	mcall_drop(m, b);
	for (i = 0; i < n; i++) {
		add_key(m, a, keys[i]);
		free(keys[i]);
	}
	free(keys);
}

void
merger_add(struct merger *m, const struct leg *l)
{
	struct mcall *a, *b = NULL, *mc;

	a = ts_map_get(&m->keys, l->c.call_id, strlen(l->c.call_id));
	if (l->alt[0])
		b = ts_map_get(&m->keys, l->alt, strlen(l->alt));
	if (a && b && a != b)
		join(m, a, b);
	mc = a ? a : b;
	if (mc) {
		ts_call_merge(&mc->c, &l->c);
		add_key(m, mc, l->c.call_id);
	} else {
		mc = mcall_new(m);
		mc->c = l->c;
		ts_map_put(&m->keys, mc->c.call_id, strlen(mc->c.call_id), mc);
		if (m->tail)
			m->tail->next = mc;
		else
			m->head = mc;
		m->tail = mc;
		m->open++;
	}
	add_key(m, mc, l->alt);
	if (leg_time(&l->c) != TS_TIME_NONE && (m->horizon == TS_TIME_NONE ||
	    leg_time(&l->c) > m->horizon))
		m->horizon = leg_time(&l->c);
}

int
merger_pop(struct merger *m, int all, struct ts_call *out)
{
	struct mcall *mc = m->head;
	int64_t t;

	if (!mc)
		return 0;
	t = leg_time(&mc->c);
	if (!all && m->open <= MERGE_MAX_OPEN && t != TS_TIME_NONE &&
	    m->horizon != TS_TIME_NONE && t + m->window >= m->horizon)
		return 0;
	m->head = mc->next;
	if (!m->head)
		m->tail = NULL;
	*out = mc->c;
	mcall_drop(m, mc);
	return 1;
}

void
merger_release(struct merger *m)
{
	struct mcall *mc, *next;
	size_t i;

	for (mc = m->head; mc; mc = next) {
		next = mc->next;
		for (i = 0; i < mc->nkeys; i++)
			free(mc->keys[i]);
		free(mc->keys);
		free(mc);
	}
	for (mc = m->pool; mc; mc = next) {
		next = mc->next;
		free(mc->keys);
		free(mc);
	}
	ts_map_release(&m->keys);
	memset(m, 0, sizeof *m);
}
