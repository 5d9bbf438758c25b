/*
 * ts_cdr.h - call detail records: every PBX format to the canonical call.
 *
 * A struct ts_cdr reads one or more inputs in turn (files, pipes, an
 * Asterisk cdr_sqlite3 database), detects each one's format from its first
 * line unless told, turns each row into a leg (a struct ts_call), merges the
 * legs of one call (Asterisk linkedid, else uniqueid; FreeSWITCH uuid and
 * bleg_uuid; queue_log callid) and hands out whole calls.  notes/telephony.md
 * describes the formats; man/ts-records.5 the canonical record.
 *
 * Merging is done in memory over a window: a call is handed out once no leg
 * of it can still come, that is when the input has moved `window` seconds
 * past the call's end (legs of one call are written within seconds of each
 * other), or when the inputs end.  Memory thus grows with the calls in the
 * window, not with the file.  A leg that arrives later still is handed out
 * as a call of its own; the store merges it into its call (ts_call_merge),
 * a report from files counts it apart (raise --merge-window).
 *
 * Bad rows are reported one by one (ts_cdr_next returns TS_CDR_BAD with the
 * source, line and reason in err, and the row's bytes in ts_cdr_reject) and
 * skipped; the stream goes on.
 */
#ifndef TS_CDR_H
#define TS_CDR_H

#include <stddef.h>
#include <stdint.h>

#include "ts_call.h"
#include "ts_config.h"
#include "ts_err.h"
#include "ts_time.h"

enum ts_cdr_format {
	TS_CDR_AUTO,		/* detect from the first line */
	TS_CDR_ASTERISK,	/* cdr_csv Master.csv: no header, 16-21 columns */
	TS_CDR_ASTERISK_CUSTOM,	/* cdr_custom's stock template (clid first) */
	TS_CDR_ASTERISK_TABLE,	/* a cdr table with a header (calldate, ...) */
	TS_CDR_QUEUE_LOG,	/* time|callid|queue|agent|event|data... */
	TS_CDR_QUEUE_LOG_TABLE,	/* a queue_log table with a header */
	TS_CDR_FREESWITCH,	/* mod_cdr_csv, example and default templates */
	TS_CDR_CANONICAL,	/* ts's call records, with their header */
	TS_CDR_FORMAT_COUNT
};

/* "auto", "asterisk", "asterisk-custom", "asterisk-table", "queue-log",
 * "queue-log-table", "freeswitch", "canonical". */
const char *ts_cdr_format_name(enum ts_cdr_format f);
int ts_cdr_format_parse(const char *name, enum ts_cdr_format *f);

struct ts_cdr_opts {
	enum ts_cdr_format format;	/* TS_CDR_AUTO to detect */
	const struct ts_config *cfg;	/* clients, country, zone; required */
	const struct ts_tz *tz;		/* zone of local times in the input;
					 * NULL: the configuration's */
	const char *source;		/* NULL: by format ("asterisk", ...) */
	int64_t window;			/* merge window in seconds; 0: 7200 */
	/* Called for every leg before merging (ts-kpi explain); may be NULL. */
	void (*on_leg)(void *ctx, const struct ts_call *leg,
	    const char *raw, size_t rawlen);
	void *ctx;
};

struct ts_cdr_stats {
	long rows;		/* rows read (header and blank lines excluded) */
	long legs;		/* rows that became legs */
	long ignored;		/* rows that are not calls (queue_log noise) */
	long rejects;		/* bad rows */
	long calls;		/* calls handed out */
	long open;		/* queue_log calls never finished, not counted */
};

enum ts_cdr_result {
	TS_CDR_CALL = 1,	/* a call */
	TS_CDR_END = 0,		/* this input is done (or, after
				 * ts_cdr_finish, everything is) */
	TS_CDR_BAD = -1,	/* a bad row was skipped: err says where */
	TS_CDR_FATAL = -2	/* reading failed: err says why */
};

struct ts_cdr;

/* A reader with these options (copied).  Never fails. */
struct ts_cdr *ts_cdr_new(const struct ts_cdr_opts *opts);
void ts_cdr_free(struct ts_cdr *cdr);

/*
 * Starts reading the file descriptor fd, named `name` in messages.  The
 * previous input must have returned TS_CDR_END.  fd stays the caller's.
 * Fails (TS_EXIT_USAGE) when the format cannot be detected.
 */
int ts_cdr_open_fd(struct ts_cdr *cdr, int fd, const char *name,
    struct ts_error *err);

/*
 * The same when the first n bytes of the input, head, were already read
 * from fd (to look at them before choosing a reader): they are read
 * first.  head is copied.
 */
int ts_cdr_open_fd_head(struct ts_cdr *cdr, int fd, const char *head,
    size_t n, const char *name, struct ts_error *err);

/*
 * Starts reading the `cdr` table of an Asterisk cdr_sqlite3 database (any
 * table given by name), columns found by name.  The file is opened
 * read-only.
 */
int ts_cdr_open_sqlite(struct ts_cdr *cdr, const char *path,
    const char *table, struct ts_error *err);

/* The format of the current input (after detection). */
enum ts_cdr_format ts_cdr_format(const struct ts_cdr *cdr);

/*
 * The next call.  On TS_CDR_CALL *call points at a call owned by cdr, valid
 * until the next call to ts_cdr_next.  Calls come out when complete, not in
 * the order of the file.
 */
int ts_cdr_next(struct ts_cdr *cdr, const struct ts_call **call,
    struct ts_error *err);

/* No more inputs: from now on ts_cdr_next hands out the calls still held. */
void ts_cdr_finish(struct ts_cdr *cdr);

/* The bytes of the last bad row (for --rejects); valid until the next
 * ts_cdr_next. */
const char *ts_cdr_reject(const struct ts_cdr *cdr, size_t *len);

const struct ts_cdr_stats *ts_cdr_stats(const struct ts_cdr *cdr);

#endif
