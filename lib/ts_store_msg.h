/*
 * ts_store_msg.h - messages and their deliveries in the store (the
 * outbox): the typed functions ts-msg uses; the SQL is in ts_store_msg.c.
 *
 * A message is stored once per (client, ref) when it has a ref: adding it
 * again stores nothing.  Each recipient of a message is one delivery, with
 * its own state:
 *
 *	pending --claim--> sending --> sent
 *	   ^                  |  \---> failed   (refused for good)
 *	   +--- retry later --+   \--> dead     (too many attempts, too old)
 *	pending --cancel--> cancelled;  failed|dead|cancelled --retry--> pending
 *
 * A sender claims due deliveries in one BEGIN IMMEDIATE transaction,
 * setting a lease; a delivery whose lease ran out (its sender was killed)
 * is due again.  The outcome is written only by the sender that still
 * holds the claim.
 */
#ifndef TS_STORE_MSG_H
#define TS_STORE_MSG_H

#include <stddef.h>
#include <stdint.h>

#include "ts_config_msg.h"
#include "ts_msg.h"
#include "ts_store.h"

enum ts_dstate {
	TS_D_PENDING,
	TS_D_SENDING,
	TS_D_SENT,
	TS_D_FAILED,
	TS_D_DEAD,
	TS_D_CANCELLED,
	TS_D_COUNT
};

/* "pending", ...; parse returns -1 when unknown. */
const char *ts_dstate_name(enum ts_dstate st);
int ts_dstate_parse(const char *s, enum ts_dstate *st);

struct ts_delivery {
	int64_t id;		/* 0 until stored */
	int64_t message;	/* the message's id */
	char client[64];
	enum ts_channel ch;
	char to[256];		/* address, E.164 number or webhook name */
	int digest;		/* 1: goes in the client's next digest */
	enum ts_dstate state;
	int attempts;
	int64_t next_at;	/* due from */
	int64_t lease_until;	/* TS_TIME_NONE unless sending */
	int64_t created;
	int64_t sent_at;	/* TS_TIME_NONE until sent */
	int code;		/* last SMTP or HTTP status; 0 none */
	char error[256];	/* the last error; "" none */
};

/*
 * Stores m (m->client set; m->created the time it was taken).  With a ref
 * already stored for that client, stores nothing and returns 0; else sets
 * m->id and returns 1.  -1 with err set.  Inside ts_store_begin/commit.
 */
int ts_store_msg_add(struct ts_store *s, struct ts_msg *m,
    struct ts_error *err);
/* Stores d (d->id set), inside a transaction. */
int ts_store_delivery_add(struct ts_store *s, struct ts_delivery *d,
    struct ts_error *err);

/* Reads message id into m (ts_msg_init'ed): 1, 0 when none, -1. */
int ts_store_msg_get(struct ts_store *s, int64_t id, struct ts_msg *m,
    struct ts_error *err);
/* Reads delivery id: 1, 0 when none, -1. */
int ts_store_delivery_get(struct ts_store *s, int64_t id,
    struct ts_delivery *d, struct ts_error *err);

/* Counts of a message's deliveries by state, and the message's status. */
struct ts_msg_status {
	int n[TS_D_COUNT];
	int total;
};
/* pending (some to go), dead, failed, sent, cancelled, or none. */
const char *ts_msg_status_name(const struct ts_msg_status *ms);

struct ts_msg_query {
	const char *client;	/* NULL: all */
	int64_t from, to;	/* created in [from, to) */
	const char *status;	/* NULL: all; else a ts_msg_status_name */
};

/* Calls fn for each matching message, oldest first; as calls_each. */
int ts_store_msgs_each(struct ts_store *s, const struct ts_msg_query *q,
    int (*fn)(const struct ts_msg *m, const struct ts_msg_status *ms,
    void *ctx), void *ctx, struct ts_error *err);
/* Calls fn for each delivery of message msg (0: every delivery in state
 * st, or all when st is TS_D_COUNT), by id. */
int ts_store_deliveries_each(struct ts_store *s, int64_t msg,
    enum ts_dstate st, const char *client,
    int (*fn)(const struct ts_delivery *d, void *ctx), void *ctx,
    struct ts_error *err);

/*
 * Claims at most max due deliveries (pending with next_at <= now, or
 * sending with a lease over) for worker, in its own transaction: state
 * sending, attempts + 1, lease until now + lease.  Their ids, oldest due
 * first, go to ids (room for max); *n gets the count.
 */
int ts_store_outbox_claim(struct ts_store *s, int64_t now, int64_t lease,
    const char *worker, size_t max, int64_t *ids, size_t *n,
    struct ts_error *err);

/*
 * Records the outcome of a claimed delivery, in its own transaction, only
 * while worker still holds it: state (sent, pending, failed, dead),
 * next_at (for pending), code and error ("" none).  Returns 1, 0 when the
 * claim was lost (the lease ran out and another sender took it), -1.
 */
int ts_store_delivery_done(struct ts_store *s, int64_t id,
    const char *worker, enum ts_dstate state, int64_t next_at, int code,
    const char *error, int64_t now, struct ts_error *err);

/*
 * `ts-msg retry` and `cancel`: every delivery of message id (or the one
 * delivery id when delivery is set) in a state that allows it (retry:
 * failed, dead, cancelled, and pending that waits; cancel: pending) is made
 * pending now with no attempts, or cancelled.  *n gets how many changed.
 * Inside a transaction.
 */
int ts_store_msg_retry(struct ts_store *s, int64_t id, int delivery,
    int64_t now, int *n, struct ts_error *err);
int ts_store_msg_cancel(struct ts_store *s, int64_t id, int delivery,
    int64_t now, int *n, struct ts_error *err);

/* Deliveries by client and state (client NULL: all), for `status`. */
int ts_store_outbox_counts(struct ts_store *s,
    int (*fn)(const char *client, enum ts_dstate st, long n, int64_t oldest,
    void *ctx), void *ctx, struct ts_error *err);

#endif
