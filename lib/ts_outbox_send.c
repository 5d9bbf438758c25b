/*
 * ts_outbox_send.c - `ts-msg send`: claim what is due, render, send,
 * record (see ts_outbox.h).
 *
 * Deliveries are claimed a batch at a time (outbox.batch), each batch in
 * one short transaction; sending happens outside any transaction, and
 * each outcome is recorded in its own, so that a sender killed at any
 * point loses at most the outcomes of what it was sending: those
 * deliveries are claimed again when their lease runs out.  Digest
 * deliveries of one client, channel and recipient claimed together go
 * out as one e-mail or SMS.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ts_call.h"
#include "ts_mem.h"
#include "ts_outbox.h"
#include "ts_sms.h"
#include "ts_transport.h"
#include "banned.h"

struct run {
	struct ts_outbox *ob;
	const struct ts_send_opts *o;
	const struct ts_outbox_conf *oc;
	struct ts_smtp *smtp;
	uint64_t rng;
};

/* xorshift64*: jitter only, no need for more. */
static uint64_t
rnd(struct run *r)
{
	r->rng ^= r->rng >> 12;
	r->rng ^= r->rng << 25;
	r->rng ^= r->rng >> 27;
	return r->rng * 2685821657736338717ULL;
}

/* retry_min * 2^(attempts - 1), at most retry_max, then "equal jitter":
 * half of it fixed, half random, so retries of many deliveries spread. */
static int64_t
backoff(struct run *r, int attempts)
{
	int64_t d = r->oc->retry_min;
	int i;

	for (i = 1; i < attempts && d < r->oc->retry_max; i++)
		d *= 2;
	if (d > r->oc->retry_max)
		d = r->oc->retry_max;
	return d / 2 + (int64_t)(rnd(r) % (uint64_t)(d / 2 + 1));
}

/* Records one outcome; a retry is due at next (one time for a whole
 * digest, so that it is retried as one). */
static int
record(struct run *r, const struct ts_delivery *d, int rc,
    const struct ts_sendres *res, int64_t next, struct ts_error *err)
{
	struct ts_outbox *ob = r->ob;
	enum ts_dstate st;
	int done;

	if (rc == 0)
		st = TS_D_SENT;
	else if (!res->temp)
		st = TS_D_FAILED;
	else if (d->attempts >= r->oc->max_attempts ||
	    ob->now - d->created >= r->oc->max_age)
		st = TS_D_DEAD;
	else
		st = TS_D_PENDING;
	done = ts_store_delivery_done(ob->store, d->id, r->o->worker, st,
	    next, rc == 0 ? 0 : res->code, rc == 0 ? "" : res->error,
	    ob->now, err);
	if (done < 0)
		return -1;
	if (done == 0) {
		ob->lost++;
		return 0;
	}
	ob->sent += st == TS_D_SENT;
	ob->retry += st == TS_D_PENDING;
	ob->failed += st == TS_D_FAILED;
	ob->dead += st == TS_D_DEAD;
	if (ob->attempt)
		ob->attempt(ob->ctx, d, st, rc == 0 ? "" : res->error);
	return 0;
}

static int
send_email(struct run *r, const struct ts_delivery *d,
    const struct ts_rendered *rd, struct ts_sendres *res)
{
	if (r->smtp)
		return ts_smtp_send(r->smtp, d->to, rd->wire.buf, rd->wire.len,
		    res);
	if (r->oc->sendmail)
		return ts_sendmail_send(r->oc->sendmail, d->to, rd->wire.buf,
		    rd->wire.len, res);
	res->temp = 0;
	snprintf(res->error, sizeof res->error, "e-mail: no 'smtp' or "
	    "'sendmail' in the configuration");
	return -1;
}

static int
send_sms(struct run *r, const struct ts_delivery *d,
    const struct ts_rendered *rd, struct ts_sendres *res)
{
	const struct ts_client *cl = ts_config_client(r->ob->cfg, d->client);
	const struct ts_sms_provider *p = ts_client_sms(r->ob->cfg, cl);
	struct ts_buf lit = TS_BUF_INIT, fit = TS_BUF_INIT;
	char id[32];
	int rc;

	if (!p) {
		res->temp = 0;
		snprintf(res->error, sizeof res->error, "sms: no provider "
		    "under 'sms' in the configuration");
		return -1;
	}
	if (p->transliterate)
		ts_sms_transliterate(rd->text.buf, rd->text.len, &lit);
	else
		ts_buf_add(&lit, rd->text.buf, rd->text.len);
	ts_sms_fit(lit.buf, lit.len, (int)p->max_segments, &fit);
	snprintf(id, sizeof id, "%lld", (long long)d->id);
	rc = ts_sms_send(p, ts_client_msg(cl)->sms_from, d->to, fit.buf, id,
	    res);
	ts_buf_release(&lit);
	ts_buf_release(&fit);
	return rc;
}

static int
send_webhook(struct run *r, const struct ts_delivery *d,
    const struct ts_rendered *rd, struct ts_sendres *res)
{
	const struct ts_webhook_conf *w = ts_outbox_webhook(r->oc, d->to);
	char id[160];
	size_t n = strlen(rd->msgid);

	if (!w) {
		res->temp = 0;
		snprintf(res->error, sizeof res->error, "webhook: '%.60s' is "
		    "no longer in the configuration", d->to);
		return -1;
	}
	/* The Message-ID without its angle brackets. */
	snprintf(id, sizeof id, "%.*s", n > 2 ? (int)n - 2 : 0,
	    rd->msgid + 1);
	return ts_webhook_send(w, id, r->ob->now, rd->text.buf, rd->text.len,
	    res);
}

/* Sends one delivery (or a digest: the group g[0..n)). */
static int
send_group(struct run *r, struct ts_delivery *g, size_t n,
    struct ts_error *err)
{
	struct ts_error e = TS_ERROR_INIT;
	struct ts_sendres res;
	struct ts_rendered rd;
	struct ts_msg *msgs = ts_xcalloc(n, sizeof *msgs);
	int64_t next;
	size_t i, nm = 0;
	int rc = 0, got;

	memset(&res, 0, sizeof res);
	for (i = 0; i < n; i++) {
		ts_msg_init(&msgs[nm]);
		if ((got = ts_store_msg_get(r->ob->store, g[i].message,
		    &msgs[nm], err)) < 0)
			rc = -2;
		nm++;
		if (got <= 0)
			break;
	}
	ts_rendered_init(&rd);
	if (rc == 0 && ts_outbox_render(r->ob->cfg, &g[0], msgs, nm, &rd,
	    &e) < 0) {
		rc = -1;
		res.temp = 0;
		ts_copy_text(res.error, sizeof res.error, e.msg,
		    strlen(e.msg));
	} else if (rc == 0) {
		if (g[0].ch == TS_CH_EMAIL)
			rc = send_email(r, &g[0], &rd, &res);
		else if (g[0].ch == TS_CH_SMS)
			rc = send_sms(r, &g[0], &rd, &res);
		else
			rc = send_webhook(r, &g[0], &rd, &res);
	}
	next = r->ob->now + backoff(r, g[0].attempts);
	/* A server that says when to come back (429, 503) is believed. */
	if (rc == -1 && res.retry_after > 0 && res.retry_after < 86400 &&
	    r->ob->now + res.retry_after > next)
		next = r->ob->now + res.retry_after;
	for (i = 0; rc != -2 && i < n; i++)
		if (record(r, &g[i], rc, &res, next, err) < 0)
			rc = -2;
	ts_rendered_release(&rd);
	for (i = 0; i < nm; i++) {
		ts_msg_release(&msgs[i]);
	}
	free(msgs);
	return rc == -2 ? -1 : 0;
}

static int
same_digest(const struct ts_delivery *a, const struct ts_delivery *b)
{
	return a->digest && b->digest && a->ch == b->ch &&
	    strcmp(a->client, b->client) == 0 && strcmp(a->to, b->to) == 0;
}

static int
send_batch(struct run *r, const int64_t *ids, size_t n,
    struct ts_error *err)
{
	struct ts_delivery *ds = ts_xcalloc(n, sizeof *ds);
	struct ts_delivery *g = ts_xcalloc(n, sizeof *g);
	char *used = ts_xcalloc(n, 1);
	size_t i, j, ng, nd = 0;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++)
		if ((rc = ts_store_delivery_get(r->ob->store, ids[i], &ds[nd],
		    err)) > 0) {
			nd++;
			rc = 0;
		}
	for (i = 0; i < nd && rc == 0; i++) {
		if (used[i])
			continue;
		g[0] = ds[i];
		ng = 1;
		for (j = i + 1; j < nd; j++)
			if (!used[j] && same_digest(&ds[i], &ds[j])) {
				g[ng++] = ds[j];
				used[j] = 1;
			}
		rc = send_group(r, g, ng, err);
	}
	free(ds);
	free(g);
	free(used);
	return rc < 0 ? -1 : 0;
}

int
ts_outbox_send(struct ts_outbox *ob, const struct ts_send_opts *o,
    struct ts_error *err)
{
	struct run r;
	int64_t *ids;
	size_t n, max;
	long total = 0;
	int rc = 0;

	memset(&r, 0, sizeof r);
	r.ob = ob;
	r.o = o;
	r.oc = ts_outbox_conf(ob->cfg);
	r.rng = (uint64_t)ob->now * 6364136223846793005ULL ^
	    (uint64_t)getpid() ^ 0x9e3779b97f4a7c15ULL;
	if (r.oc->smtp)
		r.smtp = ts_smtp_new(r.oc->smtp, o->reuse);
	ids = ts_xcalloc((size_t)r.oc->batch, sizeof *ids);
	for (;;) {
		max = (size_t)r.oc->batch;
		if (o->limit && o->limit - total < (long)max)
			max = (size_t)(o->limit - total);
		if (max == 0)
			break;
		if ((rc = ts_store_outbox_claim(ob->store, ob->now,
		    r.oc->lease, o->worker, max, ids, &n, err)) < 0 || n == 0)
			break;
		if ((rc = send_batch(&r, ids, n, err)) < 0)
			break;
		total += (long)n;
	}
	free(ids);
	ts_smtp_free(r.smtp);
	return rc;
}
