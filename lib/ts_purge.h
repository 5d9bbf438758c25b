/*
 * ts_purge.h - what ts-purge does to the store: retention per client and
 * data class, erasure of one person (GDPR art. 17), deletion of a whole
 * client at contract end, legal holds; each in one transaction with its
 * audit rows, then a WAL checkpoint with truncation so that the deleted
 * bytes leave the disk (secure_delete is on for every connection).
 *
 * The data classes are the registry's (ts_gdpr.h), deleted in its order.
 * The audit keeps counts, dates, classes and the operator's request
 * reference; never a name, number or address.
 */
#ifndef TS_PURGE_H
#define TS_PURGE_H

#include <stdint.h>

#include "ts_config.h"
#include "ts_err.h"
#include "ts_gdpr.h"
#include "ts_store.h"

/* One line of a purge's report: no personal data. */
struct ts_purge_line {
	const char *client;	/* NULL: calls that no client owns */
	const char *dclass;
	const char *retention;	/* "1y"; NULL when not a retention */
	int64_t cutoff;		/* TS_TIME_NONE when not a retention */
	int64_t count;
	const char *status;	/* "deleted", "to delete", "held" */
};

struct ts_purge {
	struct ts_store *store;
	const struct ts_config *cfg;
	int64_t now;
	int dry_run;
	const char *ref;		/* request reference, or NULL */
	int64_t request_date;		/* subject's request, or NONE */
	int tries;			/* checkpoint attempts (5) */
	/* Each line of the report; non-zero stops with that value. */
	int (*report)(void *ctx, const struct ts_purge_line *l);
	void *ctx;
	int64_t total;			/* out: rows deleted (or to be) */
	unsigned long touched;		/* out: bit i, class i lost rows */
	int64_t export_at;		/* out, client: last export */
	char export_sha256[65];		/* out, client: its manifest */
};

/*
 * Deletes what is past its retention, for client only (NULL: every
 * client and the calls of none).  A client under legal hold is reported
 * "held" and kept; rows of a held person are kept.
 */
int ts_purge_retention(struct ts_purge *p, const char *client,
    struct ts_error *err);

/*
 * Erases one person's data of client cl, found by number or address.
 * Fails with TS_EXIT_NO when one of them is under legal hold.
 */
int ts_purge_subject(struct ts_purge *p, const struct ts_client *cl,
    const struct ts_subject *s, struct ts_error *err);

/*
 * Deletes every row of client cl (the audit excepted: it is the proof).
 * Fails with TS_EXIT_NO when the client or one of its people is under
 * legal hold, or, unless no_export, when no export of the client was made
 * since its data last changed.
 */
int ts_purge_client(struct ts_purge *p, const struct ts_client *cl,
    int no_export, struct ts_error *err);

/* Sets (on) or lifts a legal hold on a person's data of client cl. */
int ts_purge_hold(struct ts_purge *p, const struct ts_client *cl,
    const struct ts_subject *s, int on, struct ts_error *err);

/*
 * After a purge that deleted something: VACUUM when asked, then the WAL
 * checkpoint.  Fails with TS_EXIT_TEMPFAIL when readers kept the
 * checkpoint from finishing (copies of deleted data may remain in the
 * -wal file until it does).
 */
int ts_purge_finish(struct ts_purge *p, int vacuum, struct ts_error *err);

#endif
