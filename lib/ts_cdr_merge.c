/*
 * ts_cdr_merge.c - merging the legs of a call within a time window.
 *
 * Legs come in the order the PBX wrote them, which is roughly the order in
 * which calls ended.  Each leg is looked up by its keys (its call id, and
 * for FreeSWITCH the other leg's uuid); a leg that shares a key with a call
 * being merged joins it, else it starts a new call.  Calls wait in arrival
 * order and leave once the input has moved `window` seconds past their end:
 * memory holds the calls of one window, whatever the size of the file.
 *
 * This is the hot path of every CDR reader (ts-kpi reads ten million rows
 * in a benchmark, most of them calls of one leg), so the calls waiting sit
 * in one ring in arrival order rather than in a list of allocations, and
 * the key table holds hashes and ring positions: a lookup of a new key
 * touches one table slot and no call, and a call leaves without a string
 * comparison.
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

/* A hash of a key, eight bytes at a time (for this table only: row ids
 * use ts_map_hash, whose values are stored). */
static uint64_t
key_hash(const char *s, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n, w;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	w = 0;
	memcpy(&w, s, n);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 29;
	return h;
}

void
merger_prefetch(const struct merger *m, struct leg *l)
{
	l->hash = key_hash(l->c.call_id, strlen(l->c.call_id));
	l->hashed = 1;
	if (m->keycap)
		__builtin_prefetch(&m->keys[l->hash & (m->keycap - 1)]);
}

static struct mcall *
slot_of(const struct merger *m, uint64_t seq)
{
	return &m->ring[seq & (m->ringcap - 1)];
}

static int
has_key(const struct mcall *mc, const char *key, size_t len)
{
	size_t i;

	if (strlen(mc->c.call_id) == len && memcmp(mc->c.call_id, key,
	    len) == 0)
		return 1;
	for (i = 0; i < mc->nkeys; i++)
		if (strlen(mc->keys[i]) == len && memcmp(mc->keys[i], key,
		    len) == 0)
			return 1;
	return 0;
}

/* The sequence number of the call that holds key, plus one; 0: none. */
static uint64_t
key_find(const struct merger *m, const char *key, size_t len, uint64_t h)
{
	size_t mask = m->keycap - 1, i;

	if (!m->keycap)
		return 0;
	for (i = h & mask; m->keys[i].seq1; i = (i + 1) & mask)
		if (m->keys[i].hash == h &&
		    has_key(slot_of(m, m->keys[i].seq1 - 1), key, len))
			return m->keys[i].seq1;
	return 0;
}

static void
key_insert(struct mkey *keys, size_t cap, uint64_t h, uint64_t seq1)
{
	size_t mask = cap - 1, i;

	for (i = h & mask; keys[i].seq1; i = (i + 1) & mask)
		;
	keys[i].hash = h;
	keys[i].seq1 = seq1;
}

static void
key_put(struct merger *m, uint64_t h, uint64_t seq1)
{
	/* Keep the load factor under 1/2: probes stay short. */
	if ((m->nkeys + 1) * 2 > m->keycap) {
		struct mkey *old = m->keys;
		size_t oldcap = m->keycap, i;

		m->keycap = oldcap ? oldcap * 2 : 1024;
		m->keys = ts_xcalloc(m->keycap, sizeof *m->keys);
		for (i = 0; i < oldcap; i++)
			if (old[i].seq1)
				key_insert(m->keys, m->keycap, old[i].hash,
				    old[i].seq1);
		free(old);
	}
	key_insert(m->keys, m->keycap, h, seq1);
	m->nkeys++;
}

/* Removes the entry (h, seq1); backward shift keeps probes short
 * without tombstones. */
static void
key_del(struct merger *m, uint64_t h, uint64_t seq1)
{
	size_t mask = m->keycap - 1, i, j, home;

	for (i = h & mask; m->keys[i].seq1; i = (i + 1) & mask)
		if (m->keys[i].hash == h && m->keys[i].seq1 == seq1)
			break;
	if (!m->keys[i].seq1)
		return;
	for (j = (i + 1) & mask; m->keys[j].seq1; j = (j + 1) & mask) {
		home = m->keys[j].hash & mask;
		if (((j - home) & mask) >= ((j - i) & mask)) {
			m->keys[i] = m->keys[j];
			i = j;
		}
	}
	m->keys[i].seq1 = 0;
	m->nkeys--;
}

/*
 * Makes room for one more call at the tail.  The ring doubles in place
 * (realloc moves no bytes for a large block, and memory never holds the
 * old ring and the new one at once): a call stays at its index or moves
 * up by the old size, into the half that was just added.
 */
static void
ring_reserve(struct merger *m)
{
	size_t oldcap = m->ringcap;
	uint64_t seq;

	if (m->tail - m->head < m->ringcap)
		return;
	m->ringcap = oldcap ? oldcap * 2 : 256;
	m->ring = ts_xreallocarray(m->ring, m->ringcap, sizeof *m->ring);
	for (seq = m->head; seq < m->tail; seq++)
		if (seq & oldcap)
			m->ring[seq & (m->ringcap - 1)] =
			    m->ring[seq & (oldcap - 1)];
}

/* Adds key to the call numbered seq, unless it already has it. */
static void
add_key(struct merger *m, uint64_t seq, const char *key)
{
	struct mcall *mc = slot_of(m, seq);
	size_t len = strlen(key);
	uint64_t h;

	if (!len)
		return;
	h = key_hash(key, len);
	if (key_find(m, key, len, h) == seq + 1)
		return;
	mc->keys = ts_xreallocarray(mc->keys, mc->nkeys + 1,
	    sizeof *mc->keys);
	mc->keys[mc->nkeys++] = ts_xstrdup(key);
	key_put(m, h, seq + 1);
}

/* Forgets the keys of the call numbered seq. */
static void
forget_keys(struct merger *m, uint64_t seq)
{
	struct mcall *mc = slot_of(m, seq);
	size_t i;

	key_del(m, mc->hash, seq + 1);
	for (i = 0; i < mc->nkeys; i++) {
		key_del(m, key_hash(mc->keys[i], strlen(mc->keys[i])),
		    seq + 1);
		free(mc->keys[i]);
	}
	free(mc->keys);
	mc->keys = NULL;
	mc->nkeys = 0;
}

/* Two calls turned out to be one (a leg named both): b joins a. */
static void
join(struct merger *m, uint64_t a, uint64_t b)
{
	struct mcall *ma = slot_of(m, a), *mb = slot_of(m, b);
	char **keys = ts_xreallocarray(NULL, mb->nkeys + 1, sizeof *keys);
	size_t i, n = 0;

	ts_call_merge(&ma->c, &mb->c);
	keys[n++] = ts_xstrdup(mb->c.call_id);
	for (i = 0; i < mb->nkeys; i++)
		keys[n++] = ts_xstrdup(mb->keys[i]);
	forget_keys(m, b);
	mb->dead = 1;
	m->open--;
	for (i = 0; i < n; i++) {
		add_key(m, a, keys[i]);
		free(keys[i]);
	}
	free(keys);
}

void
merger_add(struct merger *m, const struct leg *l)
{
	size_t len = strlen(l->c.call_id), alen = strlen(l->alt);
	uint64_t h = l->hashed ? l->hash : key_hash(l->c.call_id, len), a,
	    b = 0, seq;
	struct mcall *mc;

	a = key_find(m, l->c.call_id, len, h);
	if (alen)
		b = key_find(m, l->alt, alen, key_hash(l->alt, alen));
	if (a && b && a != b)
		join(m, a - 1, b - 1);
	if (a || b) {
		seq = (a ? a : b) - 1;
		mc = slot_of(m, seq);
		ts_call_merge(&mc->c, &l->c);
		add_key(m, seq, l->c.call_id);
	} else {
		ring_reserve(m);
		seq = m->tail++;
		mc = slot_of(m, seq);
		mc->c = l->c;
		mc->hash = h;
		mc->keys = NULL;
		mc->nkeys = 0;
		mc->dead = 0;
		key_put(m, h, seq + 1);
		m->open++;
	}
	if (alen)
		add_key(m, seq, l->alt);
	if (leg_time(&l->c) != TS_TIME_NONE && (m->horizon == TS_TIME_NONE ||
	    leg_time(&l->c) > m->horizon))
		m->horizon = leg_time(&l->c);
}

const struct ts_call *
merger_pop(struct merger *m, int all)
{
	struct mcall *mc;
	int64_t t;

	while (m->head < m->tail && slot_of(m, m->head)->dead)
		m->head++;
	if (m->head == m->tail)
		return NULL;
	mc = slot_of(m, m->head);
	t = leg_time(&mc->c);
	if (!all && m->open <= MERGE_MAX_OPEN && t != TS_TIME_NONE &&
	    m->horizon != TS_TIME_NONE && t + m->window >= m->horizon)
		return NULL;
	forget_keys(m, m->head);
	m->head++;
	m->open--;
	/* The next call to leave is known now: fetch its key's slot and
	 * the fields readers use first while the caller works (the calls of
	 * a window and their keys are too many for the cache). */
	if (m->head < m->tail) {
		const struct mcall *next = slot_of(m, m->head);

		__builtin_prefetch(&m->keys[next->hash & (m->keycap - 1)]);
		__builtin_prefetch(next->c.client);
		__builtin_prefetch(next->c.did);
		__builtin_prefetch(&next->c.start);
		__builtin_prefetch(next->c.agent);
		__builtin_prefetch(next->c.queue);
	}
	return &mc->c;
}

void
merger_release(struct merger *m)
{
	uint64_t seq;

	for (seq = m->head; seq < m->tail; seq++)
		if (!slot_of(m, seq)->dead)
			forget_keys(m, seq);
	free(m->ring);
	free(m->keys);
	memset(m, 0, sizeof *m);
}
