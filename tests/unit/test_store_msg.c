/*
 * test_store_msg.c - messages and the outbox in the store: one message per
 * (client, ref), claims that never overlap, leases taken over after a
 * crash, outcomes recorded only by the sender that holds the claim,
 * retry and cancel.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ts_store_msg.h"
#include "tap.h"

#define NOW 1795420800

static char path[4096], dir[64];

static struct ts_store *
open_store(void)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_store *s;

	snprintf(dir, sizeof dir, "/tmp/test_store_msg.XXXXXX");
	if (!mkdtemp(dir)) {
		printf("Bail out! %s\n", strerror(errno));
		exit(1);
	}
	snprintf(path, sizeof path, "%s/ts.db", dir);
	if (!(s = ts_store_open(path, 0, &err)))
		printf("Bail out! %s\n", err.msg);
	return s;
}

static int64_t
add(struct ts_store *s, const char *ref, int ndeliveries)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_delivery d;
	struct ts_msg m;
	int64_t id = 0;
	int i, rc;

	ts_msg_init(&m);
	snprintf(m.client, sizeof m.client, "durand");
	snprintf(m.ref, sizeof m.ref, "%s", ref);
	ts_msg_set_subject(&m, "Sujet", 5);
	m.created = NOW;
	ts_store_begin(s, &err);
	rc = ts_store_msg_add(s, &m, &err);
	for (i = 0; rc == 1 && i < ndeliveries; i++) {
		memset(&d, 0, sizeof d);
		d.message = m.id;
		snprintf(d.client, sizeof d.client, "durand");
		d.ch = TS_CH_EMAIL;
		snprintf(d.to, sizeof d.to, "r%d@example.org", i);
		d.next_at = NOW;
		d.created = NOW;
		ts_store_delivery_add(s, &d, &err);
	}
	ts_store_commit(s, &err);
	if (rc == 1)
		id = m.id;
	ts_msg_release(&m);
	return id;
}

static int
disjoint(const int64_t *a, size_t na, const int64_t *b, size_t nb)
{
	size_t i, j;

	for (i = 0; i < na; i++)
		for (j = 0; j < nb; j++)
			if (a[i] == b[j])
				return 0;
	return 1;
}

int
main(void)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_store *s = open_store(), *s2;
	struct ts_delivery d;
	int64_t a[10], b[10];
	size_t na, nb;
	int n;

	if (!s)
		return 1;
	s2 = ts_store_open(path, 0, &err);
	ok(add(s, "r1", 4) > 0, "a message with 4 deliveries");
	is_int((long)add(s, "r1", 4), 0, "the same ref again: nothing");
	ok(add(s, "", 1) > 0 && add(s, "", 1) > 0, "no ref: always stored");

	ok(ts_store_outbox_claim(s, NOW, 60, "A", 3, a, &na, &err) == 0 &&
	    na == 3, "A claims 3");
	ok(ts_store_outbox_claim(s2, NOW, 60, "B", 10, b, &nb, &err) == 0 &&
	    nb == 3, "B, on another connection, gets the other 3");
	ok(disjoint(a, na, b, nb), "never the same ones");
	ok(ts_store_outbox_claim(s, NOW, 60, "C", 10, b + 3, &nb, &err) ==
	    0 && nb == 0, "nothing left to claim");

	is_int(ts_store_delivery_done(s, a[0], "A", TS_D_SENT, 0, 250, "",
	    NOW, &err), 1, "A records a sent one");
	is_int(ts_store_delivery_done(s, a[1], "B", TS_D_SENT, 0, 250, "",
	    NOW, &err), 0, "B cannot record what A holds");
	/* A dies; after its lease, C takes over A's remaining claims. */
	ok(ts_store_outbox_claim(s2, NOW + 30, 60, "C", 10, b, &nb, &err) ==
	    0 && nb == 0, "not before the lease runs out");
	ok(ts_store_outbox_claim(s2, NOW + 60, 60, "C", 10, b, &nb, &err) ==
	    0 && nb == 2 + 3, "after it, A's and B's other claims");
	is_int(ts_store_delivery_done(s, a[1], "A", TS_D_SENT, 0, 250, "",
	    NOW, &err), 0, "A, back, lost its claim");
	ok(ts_store_delivery_get(s, a[1], &d, &err) == 1 && d.attempts == 2 &&
	    d.state == TS_D_SENDING, "claimed twice: 2 attempts");
	is_int(ts_store_delivery_done(s, a[1], "C", TS_D_PENDING, NOW + 500,
	    451, "smtp: deferred", NOW + 60, &err), 1, "C defers it");
	ok(ts_store_delivery_get(s, a[1], &d, &err) == 1 &&
	    d.state == TS_D_PENDING && d.next_at == NOW + 500 &&
	    d.code == 451 && strcmp(d.error, "smtp: deferred") == 0,
	    "pending, with the time, code and error");

	ts_store_begin(s, &err);
	ok(ts_store_msg_cancel(s, a[1], 1, NOW, &n, &err) == 0 && n == 1,
	    "cancel: the pending one");
	ok(ts_store_msg_cancel(s, a[0], 1, NOW, &n, &err) == 0 && n == 0,
	    "cancel: not a sent one");
	ok(ts_store_msg_retry(s, a[1], 1, NOW, &n, &err) == 0 && n == 1,
	    "retry: the cancelled one");
	ts_store_commit(s, &err);
	ok(ts_store_delivery_get(s, a[1], &d, &err) == 1 &&
	    d.state == TS_D_PENDING && d.attempts == 0 && d.next_at == NOW,
	    "due now, attempts reset");
	ok(ts_store_msg_cancel(s, 1, 0, NOW, &n, &err) == -1,
	    "changes need a transaction");

	ts_store_close(s2);
	ts_store_close(s);
	unlink(path);
	rmdir(dir);
	return done_testing();
}
