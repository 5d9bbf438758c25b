/*
 * ts_route_filter.h - ts-route as a filter: call records in, the same
 * records with the decision out.
 *
 * An input is either a CSV with a header that has a `caller` column and an
 * `at` or `start` column (ts's canonical call records, or rows of
 * client,caller,at,reason written by a person or a script), read with the
 * record reader so that every column passes through, in order; or call
 * records in any format the CDR module knows (Asterisk, FreeSWITCH,
 * queue_log...), whose calls are written as canonical call records.  The
 * decision columns (TS_ROUTE_COLUMNS) are appended, or replaced where the
 * input already has them, so that a file can be routed again.
 *
 * A call routed to `escalate` is also recorded in the store as an open
 * escalation (ts_route_escalate.h), unless it is a dry run or the call is
 * older than its rota's whole escalation chain; a run's escalations are
 * one transaction, committed by ts_route_filter_finish.
 */
#ifndef TS_ROUTE_FILTER_H
#define TS_ROUTE_FILTER_H

#include <stdint.h>
#include <stdio.h>

#include "ts_cdr.h"
#include "ts_config.h"
#include "ts_err.h"
#include "ts_rec.h"
#include "ts_route.h"
#include "ts_store.h"

/* The columns a filter adds, in order. */
extern const char *const ts_route_columns[];
#define TS_ROUTE_NCOLUMNS 5

/* How an input is read. */
enum ts_route_input {
	TS_ROUTE_IN_AUTO,	/* told from the first line */
	TS_ROUTE_IN_RECORDS,	/* CSV with a header, columns kept */
	TS_ROUTE_IN_CDR		/* the CDR module, format below */
};

struct ts_route_filter {
	const struct ts_config *cfg;
	struct ts_route *rt;		/* decides, with the contacts */
	struct ts_store *store;		/* escalations are recorded here;
					 * NULL: not recorded */
	FILE *out;
	enum ts_fmt fmt;
	unsigned wflags;		/* enum ts_writer_flags */
	enum ts_route_input input;
	enum ts_cdr_format cdr_format;	/* with TS_ROUTE_IN_CDR */
	const struct ts_tz *tz;		/* zone of CDR local times; NULL:
					 * the configuration's */
	int64_t now;
	int strict;			/* the first bad record stops */
	int dry_run;			/* record no escalation */
	/* Told of each bad record; may be NULL. */
	void (*bad)(void *ctx, const struct ts_error *err, const char *raw,
	    size_t len);
	void *ctx;
	struct {
		long records;		/* records (or calls) read */
		long routed;
		long rejected;
		long escalations;	/* escalations recorded */
	} st;
	struct ts_route_filter_state *priv;
};

/*
 * Routes the input read from fd (named `name` in messages; fd stays the
 * caller's).  Inputs after the first must give the same columns.  Returns
 * 0 (bad records may have been skipped: st.rejected), or -1 with err set
 * when the input cannot be read, the store failed, output failed (errno
 * kept in err's message), or under strict a record was bad.
 */
int ts_route_filter_fd(struct ts_route_filter *f, int fd, const char *name,
    struct ts_error *err);

/*
 * Ends the run: commits the escalations recorded, all in one transaction
 * (none when an input failed), ends the output (header of an empty
 * stream, a table) and frees what the filter holds.  Returns 0, or -1
 * with err set when the store or writing failed.
 */
int ts_route_filter_finish(struct ts_route_filter *f, struct ts_error *err);

/*
 * A digest naming a call that has no id: "h" and 16 hex digits of the
 * client, caller and instant.  out has at least 18 bytes.
 */
void ts_route_call_ref(const char *client, const char *caller, int64_t at,
    char *out, size_t size);

#endif
