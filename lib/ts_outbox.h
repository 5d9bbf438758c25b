/*
 * ts_outbox.h - taking messages and delivering them (ts-msg's logic).
 *
 * Adding a message stores it and queues one delivery per recipient: the
 * `notify` it names, else the client's routing for normal or urgent
 * messages.  A normal message waits for the client's next digest time
 * (when it has digests) and for the end of quiet hours; an urgent one goes
 * at once.  Sending claims due deliveries (ts_store_msg.h), renders each
 * from the message and the client's templates, sends it over SMTP (one
 * connection for a batch), sendmail, an SMS gateway or a webhook, and
 * records the outcome: sent, retried later with exponential backoff and
 * jitter, failed for good, or dead after too many attempts or too long.
 *
 * Delivery is at least once: a sender killed after the server accepted a
 * message and before the outcome was recorded sends it again once its
 * lease runs out, with the same Message-ID (and, for webhooks, the same
 * webhook-id) so that the receiver can drop the copy.
 */
#ifndef TS_OUTBOX_H
#define TS_OUTBOX_H

#include <stdint.h>
#include <stdio.h>

#include "ts_buf.h"
#include "ts_config.h"
#include "ts_config_msg.h"
#include "ts_err.h"
#include "ts_msg.h"
#include "ts_store.h"
#include "ts_store_msg.h"

struct ts_outbox {
	const struct ts_config *cfg;
	struct ts_store *store;
	int64_t now;
	int dry_run;		/* add: check, store nothing; send: claim
				 * nothing, show what is due */
	/* add */
	long rows, added, same, skipped, rejected, queued;
	/* send */
	long sent, retry, failed, dead, lost;
	/* Called for each bad record of a stream (the error locates it). */
	void (*bad)(void *ctx, const struct ts_error *err);
	/* Called after each delivery attempt (for -v and --dry-run). */
	void (*attempt)(void *ctx, const struct ts_delivery *d,
	    enum ts_dstate st, const char *error);
	void *ctx;
};

/*
 * Checks m (its client known, the recipients resolved), stores it and its
 * deliveries in one transaction.  Returns 1 when added, 0 when its ref was
 * already stored, -1 with err set (TS_EXIT_FAIL for bad data,
 * TS_EXIT_USAGE for an unknown client).
 */
int ts_outbox_add(struct ts_outbox *ob, struct ts_msg *m,
    struct ts_error *err);

/*
 * Reads a record stream (CSV with a header) of messages, the columns
 * described in ts-msg(1), and adds each in one transaction for the whole
 * stream.  Bad records are reported through ob->bad and counted in
 * ob->rejected; with strict, the first one stops everything (nothing is
 * stored).  Returns 0 or -1 with err set.
 */
int ts_outbox_add_stream(struct ts_outbox *ob, FILE *in, const char *source,
    int strict, struct ts_error *err);

struct ts_send_opts {
	const char *worker;	/* who claims: "host:pid" */
	long limit;		/* deliveries at most; 0 no limit */
	int reuse;		/* 1: one SMTP connection per batch */
};

/*
 * Sends what is due now.  Returns 0, or -1 with err set when the store or
 * the configuration stopped the run (delivery failures are counted in ob,
 * not errors).
 */
int ts_outbox_send(struct ts_outbox *ob, const struct ts_send_opts *o,
    struct ts_error *err);

/*
 * The rendered parts of a delivery (ts_outbox_render.c): for e-mail the
 * whole RFC 5322 message, for SMS the text, for a webhook the JSON body;
 * msgid the stable Message-ID / webhook-id.  msgs[0..n) are the messages
 * of a digest (n > 1, or d->digest), or the one message.
 */
struct ts_rendered {
	struct ts_buf subject;
	struct ts_buf text;	/* body, SMS text or JSON */
	struct ts_buf wire;	/* e-mail: the whole message */
	char msgid[160];
};

void ts_rendered_init(struct ts_rendered *r);
void ts_rendered_release(struct ts_rendered *r);
int ts_outbox_render(const struct ts_config *cfg, const struct ts_delivery *d,
    const struct ts_msg *msgs, size_t n, struct ts_rendered *r,
    struct ts_error *err);

#endif
