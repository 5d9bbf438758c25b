/*
 * test_merge.c - the CDR leg merger: legs of one call, a leg naming two
 * calls, the window, arrival order while the ring grows, and a
 * differential run against a plain list under many legs.
 */
#include <stdio.h>
#include <stdlib.h>

#include "ts_cdr_impl.h"
#include "tap.h"

static void
leg(struct leg *l, const char *id, const char *alt, int64_t start,
    int64_t end)
{
	ts_call_init(&l->c);
	snprintf(l->c.call_id, sizeof l->c.call_id, "%s", id);
	snprintf(l->alt, sizeof l->alt, "%s", alt);
	l->c.start = start;
	l->c.end = end;
	l->c.status = TS_ST_MISSED;
	l->c.legs = 1;
	l->hashed = 0;
}

static void
test_legs_and_join(void)
{
	struct merger m;
	struct leg l;
	const struct ts_call *c;

	merger_init(&m, 60);
	leg(&l, "a", "", 0, 10);
	merger_add(&m, &l);
	leg(&l, "a", "", 5, 20);
	merger_add(&m, &l);
	leg(&l, "b", "", 30, 40);
	merger_add(&m, &l);
	ok(merger_pop(&m, 0) == NULL, "nothing leaves inside the window");
	/* A leg named c with alt a: a third key for call a. */
	leg(&l, "c", "a", 30, 45);
	merger_add(&m, &l);
	/* A leg named b with alt c: calls a and b are one. */
	leg(&l, "b", "c", 31, 46);
	merger_add(&m, &l);
	c = merger_pop(&m, 1);
	ok(c != NULL, "a call comes out");
	is_int(c ? c->legs : 0, 5, "five legs merged into one call");
	is_int(c ? c->start : 0, 0, "earliest start");
	is_int(c ? c->end : 0, 46, "latest end");
	ok(merger_pop(&m, 1) == NULL, "the joined call is gone");
	/* Its keys are forgotten: a new leg a is a new call. */
	leg(&l, "a", "", 100, 110);
	merger_add(&m, &l);
	c = merger_pop(&m, 1);
	is_int(c ? c->legs : 0, 1, "a key of a finished call starts anew");
	merger_release(&m);
}

static void
test_window_and_order(void)
{
	struct merger m;
	struct leg l;
	const struct ts_call *c;
	char id[32];
	int i, inorder = 1, n = 0;

	merger_init(&m, 100);
	/* 5000 calls open at once: the ring doubles several times. */
	for (i = 0; i < 5000; i++) {
		snprintf(id, sizeof id, "%d.%d", 1700000000 + i / 100, i);
		leg(&l, id, "", 0, 50);
		merger_add(&m, &l);
	}
	ok(merger_pop(&m, 0) == NULL, "all 5000 inside the window");
	/* Every other call gets a second leg while they wait. */
	for (i = 0; i < 5000; i += 2) {
		snprintf(id, sizeof id, "%d.%d", 1700000000 + i / 100, i);
		leg(&l, id, "", 10, 60);
		if (i % 4 == 0)
			merger_prefetch(&m, &l);	/* hashed early */
		merger_add(&m, &l);
	}
	leg(&l, "late", "", 200, 200);
	merger_add(&m, &l);
	for (i = 0; (c = merger_pop(&m, 0)); i++) {
		snprintf(id, sizeof id, "%d.%d", 1700000000 + i / 100, i);
		if (strcmp(c->call_id, id) != 0 || c->legs != 1 + (i % 2 == 0))
			inorder = 0;
		n++;
	}
	is_int(n, 5000, "the input moved past the window: 5000 leave");
	ok(inorder, "in arrival order, second legs merged");
	c = merger_pop(&m, 1);
	is_str(c ? c->call_id : "", "late", "the last call leaves at the end");
	merger_release(&m);
}

/* Many legs over few ids, against a count kept by hand. */
static void
test_many(void)
{
	enum { IDS = 3000, LEGS = 200000 };
	static int legs[IDS];
	struct merger m;
	struct leg l;
	const struct ts_call *c;
	char id[32];
	int i, total = 0, calls = 0, ids = 0;

	merger_init(&m, 1000000);
	srand(11);
	for (i = 0; i < LEGS; i++) {
		int k = rand() % IDS;

		snprintf(id, sizeof id, "id-%d", k);
		leg(&l, id, "", i, i);
		merger_add(&m, &l);
		legs[k]++;
	}
	while ((c = merger_pop(&m, 1))) {
		int k = atoi(c->call_id + 3);

		total += c->legs == legs[k];
		calls++;
	}
	for (i = 0; i < IDS; i++)
		ids += legs[i] > 0;
	is_int(calls, ids, "one call per id");
	is_int(total, ids, "each call has all its legs");
	merger_release(&m);
}

int
main(void)
{
	test_legs_and_join();
	test_window_and_order();
	test_many();
	return done_testing();
}
