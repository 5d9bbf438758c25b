/*
 * ts_call.h - the canonical call record (DESIGN.md, man/ts-records.5).
 *
 * Whatever a PBX wrote (Asterisk cdr_csv, cdr_custom, cdr_sqlite3,
 * queue_log, FreeSWITCH), a call becomes one struct ts_call: one call, its
 * legs merged.  Fields are fixed-size so that millions of calls can stream
 * through without an allocation each; text that does not fit is cut at a
 * UTF-8 character boundary.
 */
#ifndef TS_CALL_H
#define TS_CALL_H

#include <stddef.h>
#include <stdint.h>

#include "ts_phone.h"

enum ts_status {
	TS_ST_ANSWERED,		/* a person answered */
	TS_ST_VOICEMAIL,	/* answered by a machine */
	TS_ST_ABANDONED,	/* the caller hung up while waiting */
	TS_ST_TIMEOUT,		/* left the queue unanswered (timeout, key, empty) */
	TS_ST_MISSED,		/* unanswered, nothing finer known */
	TS_ST_BUSY,
	TS_ST_FAILED,
	TS_ST_COUNT
};

/* "answered", "voicemail", ... */
const char *ts_status_name(enum ts_status s);
/* Parses a status name; returns 0 or -1. */
int ts_status_parse(const char *s, size_t n, enum ts_status *out);

#define TS_CALL_ID_MAX 128
#define TS_CALL_TEXT_MAX 128

struct ts_call {
	char source[32];		/* what wrote it: "asterisk", ... */
	char call_id[TS_CALL_ID_MAX];	/* stable id within source */
	char client[64];		/* client id, "" when unknown */
	char did[TS_PHONE_MAX];		/* number dialled, E.164 or as written */
	char caller[TS_PHONE_MAX];	/* E.164, an extension, or "" */
	char caller_name[TS_CALL_TEXT_MAX];
	int64_t start;			/* instant the call reached us */
	int64_t answer;			/* TS_TIME_NONE when not answered */
	int64_t end;
	int32_t wait_s;			/* before answer, or before hang-up */
	int32_t talk_s;
	enum ts_status status;
	char agent[64];
	char queue[64];
	int64_t queued;			/* entered a queue; TS_TIME_NONE */
	/* Not part of the record: where it came from, for messages. */
	long line;			/* first line of its first leg */
	int legs;			/* rows merged into it */
};

/* Zeroes c and sets the times to TS_TIME_NONE. */
void ts_call_init(struct ts_call *c);

/*
 * Sets wait_s and talk_s from start, answer and end: wait is answer - start
 * when answered (by a person or a machine), else end - start; talk is
 * end - answer when answered, else 0.  Negative results become 0.
 */
void ts_call_derive(struct ts_call *c);

/*
 * Merges call b into a: two legs of one call, or a stored call and the same
 * call read again.  Every field is chosen by a fixed order over the two
 * (earliest start, latest end; the "best" outcome, answered before
 * voicemail before abandoned ... before failed, and within it the earliest
 * answer, with its agent and queue; caller, name, number dialled and client
 * from the earliest leg that has them), so merging is commutative and
 * idempotent: merging a leg already merged changes nothing.  Then derives
 * wait_s and talk_s.  Returns 1 when a changed, 0 when not.
 */
int ts_call_merge(struct ts_call *a, const struct ts_call *b);

/* Copies at most size-1 bytes of s (n bytes) into dst, cut on a UTF-8
 * boundary, NUL-terminated.  Returns the length written. */
size_t ts_copy_text(char *dst, size_t size, const char *s, size_t n);

/* The canonical columns, in order (DESIGN.md). */
extern const char *const ts_call_columns[];
extern const size_t ts_call_ncolumns;

struct ts_writer;
struct ts_tz;

/*
 * Writes c as one record of the canonical columns (after
 * ts_writer_columns(w, ts_call_columns, ts_call_ncolumns)), its instants
 * in ISO 8601 with tz's offset; does not end the record.
 */
void ts_call_write(struct ts_writer *w, const struct ts_call *c,
    const struct ts_tz *tz);

/*
 * The seconds c waited by the clock start chosen: from its start, or
 * (queue_clock) from when it entered a queue, when that is known: until
 * it was answered, else until it ended.  0 when the times are missing.
 */
int32_t ts_call_wait(const struct ts_call *c, int queue_clock);

#endif
