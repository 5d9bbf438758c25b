/*
 * test_map.c - the hash map against a plain array, under many insertions
 * and deletions.
 */
#include <stdio.h>
#include <stdlib.h>

#include "ts_map.h"
#include "tap.h"

#define N 20000

int
main(void)
{
	static char keys[N][16];
	static int present[N];
	struct ts_map m = TS_MAP_INIT;
	const struct ts_map_slot *slot;
	size_t i, it, count = 0, seen = 0;
	int k, bad = 0;

	for (i = 0; i < N; i++)
		snprintf(keys[i], sizeof keys[i], "call-%zu", i);
	srand(7);
	for (k = 0; k < 400000; k++) {
		i = (size_t)rand() % N;
		if (rand() % 3) {
			ts_map_put(&m, keys[i], strlen(keys[i]), keys[i]);
			count += !present[i];
			present[i] = 1;
		} else {
			void *v = ts_map_del(&m, keys[i], strlen(keys[i]));

			if ((v != NULL) != present[i])
				bad++;
			count -= present[i];
			present[i] = 0;
		}
	}
	ok(bad == 0, "deletions find exactly the keys present");
	is_int(m.count, count, "count");
	for (i = 0; i < N; i++) {
		void *v = ts_map_get(&m, keys[i], strlen(keys[i]));

		if ((v == keys[i]) != present[i])
			bad++;
	}
	ok(bad == 0, "lookups agree after 400000 operations");
	for (it = 0; ts_map_next(&m, &it, &slot);)
		seen++;
	is_int(seen, count, "iteration visits every entry once");
	ok(ts_map_get(&m, "nope", 4) == NULL, "missing key");
	ts_map_release(&m);
	return done_testing();
}
