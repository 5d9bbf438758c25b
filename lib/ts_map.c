/*
 * ts_map.c - a hash map from byte strings to pointers (see ts_map.h).
 */
#include <stdlib.h>
#include <string.h>

#include "ts_map.h"
#include "ts_mem.h"
#include "banned.h"

uint64_t
ts_map_hash(const char *key, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)key[i];
		h *= 0x100000001b3ULL;
	}
	/* Mix the high bits down: slots are chosen from the low bits. */
	h ^= h >> 32;
	return h;
}

static struct ts_map_slot *
find(const struct ts_map *m, const char *key, size_t len, uint64_t h)
{
	size_t mask = m->cap - 1, i = h & mask;

	if (!m->cap)
		return NULL;
	for (;; i = (i + 1) & mask) {
		struct ts_map_slot *s = &m->slots[i];

		if (!s->key)
			return s;
		if (s->hash == h && s->len == len &&
		    memcmp(s->key, key, len) == 0)
			return s;
	}
}

static void
grow(struct ts_map *m)
{
	struct ts_map_slot *old = m->slots;
	size_t oldcap = m->cap, i;

	m->cap = oldcap ? oldcap * 2 : 64;
	m->slots = ts_xcalloc(m->cap, sizeof *m->slots);
	for (i = 0; i < oldcap; i++) {
		if (old[i].key)
			*find(m, old[i].key, old[i].len, old[i].hash) = old[i];
	}
	free(old);
}

void *
ts_map_get(const struct ts_map *m, const char *key, size_t len)
{
	struct ts_map_slot *s = find(m, key, len, ts_map_hash(key, len));

	return s && s->key ? s->value : NULL;
}

void
ts_map_put(struct ts_map *m, const char *key, size_t len, void *value)
{
	uint64_t h = ts_map_hash(key, len);
	struct ts_map_slot *s;

	/* Keep the load factor under 1/2: probes stay short. */
	if ((m->count + 1) * 2 > m->cap)
		grow(m);
	s = find(m, key, len, h);
	if (!s->key) {
		s->key = key;
		s->len = len;
		s->hash = h;
		m->count++;
	}
	s->key = key;
	s->value = value;
}

void *
ts_map_del(struct ts_map *m, const char *key, size_t len)
{
	struct ts_map_slot *s = find(m, key, len, ts_map_hash(key, len));
	size_t mask = m->cap - 1, i, j, home;
	void *value;

	if (!s || !s->key)
		return NULL;
	value = s->value;
	i = (size_t)(s - m->slots);
	/* Backward shift: pull later entries of the run into the hole. */
	for (j = (i + 1) & mask; m->slots[j].key; j = (j + 1) & mask) {
		home = m->slots[j].hash & mask;
		if (((j - home) & mask) >= ((j - i) & mask)) {
			m->slots[i] = m->slots[j];
			i = j;
		}
	}
	m->slots[i].key = NULL;
	m->count--;
	return value;
}

void
ts_map_release(struct ts_map *m)
{
	free(m->slots);
	m->slots = NULL;
	m->cap = 0;
	m->count = 0;
}

int
ts_map_next(const struct ts_map *m, size_t *i,
    const struct ts_map_slot **slot)
{
	for (; *i < m->cap; (*i)++) {
		if (m->slots[*i].key) {
			*slot = &m->slots[(*i)++];
			return 1;
		}
	}
	return 0;
}
