/*
 * ts_map.h - a hash map from byte strings to pointers.
 *
 * Open addressing with linear probing and backward-shift deletion, so that
 * a map that sees millions of insertions and deletions (the CDR leg merger)
 * keeps short probe sequences without tombstones.  The map does not copy
 * keys: a key must stay valid and unchanged while its entry exists (the
 * usual case: the key lives inside the value).
 */
#ifndef TS_MAP_H
#define TS_MAP_H

#include <stddef.h>
#include <stdint.h>

struct ts_map_slot {
	const char *key;	/* NULL: empty slot */
	size_t len;
	uint64_t hash;
	void *value;
};

struct ts_map {
	struct ts_map_slot *slots;
	size_t cap;		/* a power of two, or 0 */
	size_t count;
};

#define TS_MAP_INIT { NULL, 0, 0 }

/* The hash the map uses (64-bit FNV-1a). */
uint64_t ts_map_hash(const char *key, size_t len);

/* The value stored for key, or NULL. */
void *ts_map_get(const struct ts_map *m, const char *key, size_t len);
/* Stores value for key, replacing any previous value. */
void ts_map_put(struct ts_map *m, const char *key, size_t len, void *value);
/* Removes key; returns its value, or NULL when it was not there. */
void *ts_map_del(struct ts_map *m, const char *key, size_t len);
/* Frees the slots (not the keys or values). */
void ts_map_release(struct ts_map *m);

/* Iteration: for (i = 0; ts_map_next(m, &i, &slot); ) ... (no changes). */
int ts_map_next(const struct ts_map *m, size_t *i,
    const struct ts_map_slot **slot);

#endif
