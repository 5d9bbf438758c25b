/*
 * fuzz_cdr.h - the body of the CDR targets: one input, read through a
 * memfd exactly as ts-import reads a file (ts_cdr_open_fd, every call
 * drained, then ts_cdr_finish and the calls still held), in the format the
 * including file names (FUZZ_CDR_FORMAT; TS_CDR_AUTO runs the detector).
 * Every call handed out is checked for what the store relies on.
 */
#ifndef TS_FUZZ_CDR_H
#define TS_FUZZ_CDR_H

#include "fuzz.h"
#include "ts_cdr.h"

/* What ts_store_call_put needs of a call: a hard failure here is a bug. */
static void
fuzz_check_call(const struct ts_call *c)
{
	if (c->call_id[0] == '\0')
		fuzz_die("a call without a call id");
	if (c->start == TS_TIME_NONE)
		fuzz_die("a call without a start");
	if (c->wait_s < 0 || c->talk_s < 0)
		fuzz_die("a negative wait or talk time");
	if ((int)c->status < 0 || !ts_status_name(c->status))
		fuzz_die("a call without a status");
}

/* The fields of the record (line and legs are not part of it). */
static int
fuzz_same_call(const struct ts_call *a, const struct ts_call *b)
{
	return strcmp(a->source, b->source) == 0 &&
	    strcmp(a->call_id, b->call_id) == 0 &&
	    strcmp(a->client, b->client) == 0 &&
	    strcmp(a->did, b->did) == 0 &&
	    strcmp(a->caller, b->caller) == 0 &&
	    strcmp(a->caller_name, b->caller_name) == 0 &&
	    a->start == b->start && a->answer == b->answer &&
	    a->end == b->end && a->wait_s == b->wait_s &&
	    a->talk_s == b->talk_s && a->status == b->status &&
	    strcmp(a->agent, b->agent) == 0 && strcmp(a->queue, b->queue) == 0;
}

/*
 * The store merges a call read again into the stored one: importing a
 * file twice must change nothing (idempotent) and the order of two legs
 * must not matter (commutative).  Checked on each call and the one before.
 */
static void
fuzz_check_merge(const struct ts_call *c, const struct ts_call *prev)
{
	struct ts_call x = *c, y;

	if (ts_call_merge(&x, c) != 0 || !fuzz_same_call(&x, c))
		fuzz_die("merging a call with itself changed it");
	if (!prev)
		return;
	/* Merging keeps the key of the call merged into. */
	x = *prev;
	y = *c;
	memcpy(y.source, x.source, sizeof y.source);
	memcpy(y.call_id, x.call_id, sizeof y.call_id);
	ts_call_merge(&x, c);
	ts_call_merge(&y, prev);
	if (!fuzz_same_call(&x, &y))
		fuzz_die("merging two calls depends on their order");
}

static void
fuzz_drain(struct ts_cdr *cdr)
{
	const struct ts_call *c;
	struct ts_call prev;
	struct ts_error err = TS_ERROR_INIT;
	enum ts_store_put put;
	size_t len;
	int rc, have_prev = 0;

	for (;;) {
		ts_error_clear(&err);
		rc = ts_cdr_next(cdr, &c, &err);
		if (rc == TS_CDR_END || rc == TS_CDR_FATAL)
			return;
		if (rc == TS_CDR_BAD) {
			if (err.msg[0] == '\0' || err.line <= 0)
				fuzz_die("a bad row without a message or line");
			(void)ts_cdr_reject(cdr, &len);
			continue;
		}
		fuzz_check_call(c);
		if (ts_store_call_put(fuzz_store(), c, 1795000000, &put,
		    &err) < 0)
			fuzz_store_failed(&err);
		fuzz_check_merge(c, have_prev ? &prev : NULL);
		prev = *c;
		have_prev = 1;
	}
}

static int
fuzz_cdr_run(enum ts_cdr_format format, const uint8_t *data, size_t size)
{
	struct ts_cdr_opts o = { 0 };
	struct ts_error err = TS_ERROR_INIT;
	struct ts_cdr *cdr;
	int fd;

	o.format = format;
	o.cfg = fuzz_config();
	cdr = ts_cdr_new(&o);
	if (ts_store_begin(fuzz_store(), &err) < 0)
		fuzz_store_failed(&err);
	fd = fuzz_memfd(data, size);
	if (ts_cdr_open_fd(cdr, fd, "fuzz", &err) == 0)
		fuzz_drain(cdr);
	ts_cdr_finish(cdr);
	fuzz_drain(cdr);
	close(fd);
	ts_cdr_free(cdr);
	ts_store_rollback(fuzz_store());
	return 0;
}

#endif
