/*
 * ts_cdr_impl.h - internals shared by the files of the CDR module:
 * ts_cdr.c (inputs, detection, dispatch, shared field helpers),
 * ts_cdr_merge.c (the leg merger) and one file per source family.
 * Not for use outside lib/ts_cdr*.c.
 */
#ifndef TS_CDR_IMPL_H
#define TS_CDR_IMPL_H

#include <stdint.h>

#include "ts_buf.h"
#include "ts_cdr.h"
#include "ts_csvscan.h"
#include "ts_map.h"

#define CDR_MAXF 64		/* fields kept per row; more are counted */

/* One input row, split into fields. */
struct row {
	struct ts_csvfield f[CDR_MAXF];
	size_t n;		/* number of fields (may exceed CDR_MAXF) */
	long line;
	const char *raw;
	size_t rawlen;
};

/* A leg on its way to the merger: a call and an optional second key. */
struct leg {
	struct ts_call c;
	char alt[TS_CALL_ID_MAX];	/* FreeSWITCH: the other leg's uuid */
	int hashed;			/* 1: hash is c.call_id's (0 to start) */
	uint64_t hash;
};

/* A call being merged: one slot of the merger's ring. */
struct mcall {
	struct ts_call c;		/* c.call_id is the first key */
	uint64_t hash;			/* of c.call_id */
	char **keys;			/* further keys, each malloc'd */
	size_t nkeys;
	int dead;			/* joined into a later call */
};

/* A key of the merger's table: its hash and the ring sequence number of
 * its call plus one (0: an empty slot). */
struct mkey {
	uint64_t hash;
	uint64_t seq1;
};

/*
 * Calls wait in a ring, in arrival order, numbered by a sequence that only
 * grows ([head, tail) are in the ring at seq & (ringcap - 1)); the key
 * table maps each key's hash to that number.  Arrival order is memory
 * order, so the merger streams through memory instead of chasing pointers.
 */
struct merger {
	struct mcall *ring;
	size_t ringcap;			/* a power of two, or 0 */
	uint64_t head, tail;
	struct mkey *keys;
	size_t keycap, nkeys;		/* keycap: a power of two, or 0 */
	size_t open;			/* live calls in the ring */
	int64_t horizon;		/* latest end (or start) seen */
	int64_t window;
};

/* Columns of the Asterisk cdr table, found by position or by name. */
enum ast_col {
	AST_ACCOUNTCODE, AST_SRC, AST_DST, AST_DCONTEXT, AST_CLID,
	AST_CHANNEL, AST_DSTCHANNEL, AST_LASTAPP, AST_LASTDATA, AST_START,
	AST_ANSWER, AST_END, AST_DURATION, AST_BILLSEC, AST_DISPOSITION,
	AST_AMAFLAGS, AST_UNIQUEID, AST_USERFIELD, AST_PEERACCOUNT,
	AST_LINKEDID, AST_SEQUENCE, AST_DID,
	AST_NCOLS
};

/* Columns of a queue_log table with a header. */
enum ql_col {
	QL_TIME, QL_CALLID, QL_QUEUE, QL_AGENT, QL_EVENT, QL_DATA,
	QL_DATA1, QL_DATA2, QL_DATA3, QL_DATA4, QL_DATA5,
	QL_NCOLS
};

/* Columns of the canonical call record. */
enum canon_col {
	CN_CALL_ID, CN_CLIENT, CN_DID, CN_CALLER, CN_CALLER_NAME, CN_START,
	CN_ANSWER, CN_END, CN_WAIT, CN_TALK, CN_STATUS, CN_AGENT, CN_QUEUE,
	CN_QUEUED, CN_SOURCE,
	CN_NCOLS
};

/* A number seen in the input, normalised once (DIDs repeat a lot). */
struct numinfo {
	char *raw;				/* the key */
	char e164[TS_PHONE_MAX];
	const struct ts_client *client;		/* owner of the line, or NULL */
};

struct qstate;

struct ts_cdr {
	struct ts_cdr_opts opts;
	const struct ts_config *cfg;
	const struct ts_tz *tz;
	struct ts_tzconv conv;
	enum ts_cdr_format fmt;
	char source[32];
	char name[256];

	/* input */
	int fd;				/* -1: none or a database */
	char *buf;
	size_t cap, len;		/* buffer size, bytes in it */
	int eof;			/* the fd has no more bytes */
	int started;			/* format known, reading rows */
	int done;			/* the current input is finished */
	int finishing;			/* ts_cdr_finish was called */
	struct ts_csvscan sc;
	size_t pos;			/* queue_log: next unread byte */
	long line;			/* queue_log: line of buf[pos] */
	struct sqlsrc *sql;		/* an open database input */

	/* formats */
	int ast_col[AST_NCOLS];		/* column index, -1 when absent */
	int ql_col[QL_NCOLS];
	int cn_col[CN_NCOLS];
	struct ts_map qcalls;		/* queue_log callid -> struct qstate */
	struct qstate *qfree;

	struct merger merge;
	struct ts_map numbers;		/* raw text -> struct numinfo */
	struct numinfo scratch;		/* a number when the cache is full */
	struct ts_buf reject;
	struct ts_cdr_stats stats;
	int pending_bad;		/* a leg was rejected: report it */
};

/* ---- ts_cdr.c: shared helpers for the formats ---- */

/* A header name and the column it means. */
struct colname {
	const char *name;
	int col;
};

/*
 * Maps a header row: cols[c] is the index of the first field whose name
 * (ASCII case ignored) means column c, or -1.
 */
void map_header(const struct row *r, const struct colname *names,
    size_t nnames, int *cols, int ncols);

/* Sets err to a bad-row error at row r: "message" with its line. */
int cdr_bad(struct ts_cdr *cdr, const struct row *r, struct ts_error *err,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* 1 when field f equals the NUL-terminated s, ignoring ASCII case. */
int field_is(const struct ts_csvfield *f, const char *s);
/* The field at index i of r, or an empty field. */
struct ts_csvfield row_field(const struct row *r, int i);
/* A non-negative integer field (an optional fraction is dropped). */
int field_uint(const struct ts_csvfield *f, int64_t *v);
/* A CDR timestamp in the input's zone: "YYYY-MM-DD HH:MM:SS", with an
 * optional fraction, or a spreadsheet's "YYYY/M/D H:MM[:SS]". */
int field_time(struct ts_cdr *cdr, const struct ts_csvfield *f, int64_t *t);
/* Empty, or the text "NULL" that database exports write for it. */
int field_empty(const struct ts_csvfield *f);
/* Copies a field into a call's text. */
void set_text(char *dst, size_t size, const struct ts_csvfield *f);
/* Normalises a number, remembers it, and returns its info. */
const struct numinfo *cdr_number(struct ts_cdr *cdr, const char *s,
    size_t n);
/* Sets the caller and caller_name of c from a number and a caller id
 * ("Name" <number>) either of which may be empty. */
void set_caller(struct ts_cdr *cdr, struct ts_call *c,
    const struct ts_csvfield *num, const struct ts_csvfield *clid);
/* Sets c->did, and c->client from it (or from an account code or queue
 * given, in that order) unless c->client is already set. */
void set_did_client(struct ts_cdr *cdr, struct ts_call *c,
    const struct ts_csvfield *did, const struct ts_csvfield *account);
/* An agent from a channel name: "SIP/201-0000000a" -> "SIP/201". */
void set_agent_from_channel(struct ts_call *c, const struct ts_csvfield *ch);
/* Hands a leg to the merger (and to opts.on_leg). */
void cdr_leg(struct ts_cdr *cdr, struct leg *l, const struct row *r);
/* The digest of a row, as a call id for sources without one. */
void row_digest(const struct row *r, char *out, size_t size);

/* ---- the formats ---- */

/* Each returns 1 when the row was used, 0 when it was not a call, -1 for a
 * bad row (err set). */
int ast_header(struct ts_cdr *cdr, const struct row *r, struct ts_error *err);
int ast_row(struct ts_cdr *cdr, const struct row *r, struct ts_error *err);
int ast_detect(const struct row *r, enum ts_cdr_format *fmt);
int fs_row(struct ts_cdr *cdr, const struct row *r, struct ts_error *err);
int fs_detect(const struct row *r);
int ql_line(struct ts_cdr *cdr, const struct row *r, struct ts_error *err);
int ql_header(struct ts_cdr *cdr, const struct row *r, struct ts_error *err);
int ql_table_row(struct ts_cdr *cdr, const struct row *r,
    struct ts_error *err);
void ql_finish(struct ts_cdr *cdr);
void ql_release(struct ts_cdr *cdr);
int canon_header(struct ts_cdr *cdr, const struct row *r,
    struct ts_error *err);
int canon_row(struct ts_cdr *cdr, const struct row *r, struct ts_error *err);
/* Does a header row name the columns of this format? */
int ast_is_header(const struct row *r);
int ql_is_header(const struct row *r);
int canon_is_header(const struct row *r);

/* ---- ts_cdr_sqlite.c ---- */
struct sqlsrc *sqlsrc_open(const char *path, const char *table,
    struct ts_error *err);
/* Fills r with the next row (fields by the header row given first);
 * returns 1, 0 at the end, -1 on error. */
int sqlsrc_next(struct sqlsrc *s, struct row *r, struct ts_error *err);
void sqlsrc_close(struct sqlsrc *s);

/* ---- ts_cdr_merge.c ---- */
void merger_init(struct merger *m, int64_t window);
void merger_add(struct merger *m, const struct leg *l);
/* Hashes l's call id (l->hash) and starts fetching the table slot that
 * merger_add will look at: call it as soon as the id is known. */
void merger_prefetch(const struct merger *m, struct leg *l);
/* A finished call (any call when `all`), or NULL.  It stays valid until
 * the next merger_add. */
const struct ts_call *merger_pop(struct merger *m, int all);
void merger_release(struct merger *m);

#endif
