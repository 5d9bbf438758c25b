/*
 * ts_cdr_asterisk.c - Asterisk CDRs: cdr_csv's Master.csv (no header,
 * 16 to 21 columns), cdr_custom's stock template, and cdr tables with a
 * header (database exports, cdr_sqlite3) read by column name.  All three
 * are mapped onto the same named columns, then one function makes the leg.
 *
 * Status comes from the disposition only: a NO ANSWER row may carry an
 * answer time (a Local channel, a machine), and ANSWERED may mean an
 * announcement answered.  VoiceMail as the last application means a
 * machine took the call.  Durations are authoritative (notes/telephony.md):
 * the end is start + duration and the answer end - billsec, so that the
 * local wall times of the file matter only once, for the start.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ts_cdr_impl.h"
#include "banned.h"

/* Named columns of one row. */
struct ast_fields {
	struct ts_csvfield v[AST_NCOLS];
};

/* Header names of cdr tables, and the columns they mean. */
static const struct colname header_names[] = {
	{ "accountcode", AST_ACCOUNTCODE }, { "src", AST_SRC },
	{ "dst", AST_DST }, { "dcontext", AST_DCONTEXT },
	{ "clid", AST_CLID }, { "channel", AST_CHANNEL },
	{ "dstchannel", AST_DSTCHANNEL }, { "lastapp", AST_LASTAPP },
	{ "lastdata", AST_LASTDATA }, { "calldate", AST_START },
	{ "start", AST_START }, { "answer", AST_ANSWER }, { "end", AST_END },
	{ "duration", AST_DURATION }, { "billsec", AST_BILLSEC },
	{ "disposition", AST_DISPOSITION }, { "amaflags", AST_AMAFLAGS },
	{ "uniqueid", AST_UNIQUEID }, { "userfield", AST_USERFIELD },
	{ "peeraccount", AST_PEERACCOUNT }, { "linkedid", AST_LINKEDID },
	{ "sequence", AST_SEQUENCE }, { "did", AST_DID }
};

/* cdr_custom.conf.sample's legacy mapping, in order. */
static const enum ast_col custom_order[] = {
	AST_CLID, AST_SRC, AST_DST, AST_DCONTEXT, AST_CHANNEL, AST_DSTCHANNEL,
	AST_LASTAPP, AST_LASTDATA, AST_START, AST_ANSWER, AST_END,
	AST_DURATION, AST_BILLSEC, AST_DISPOSITION, AST_AMAFLAGS,
	AST_ACCOUNTCODE, AST_UNIQUEID, AST_USERFIELD, AST_SEQUENCE
};

static const char *const dispositions[] = {
	"ANSWERED", "NO ANSWER", "BUSY", "FAILED", "CONGESTION", "CANCEL",
	"UNKNOWN"
};

static int
is_disposition(const struct ts_csvfield *f)
{
	size_t i;

	for (i = 0; i < sizeof dispositions / sizeof dispositions[0]; i++)
		if (field_is(f, dispositions[i]))
			return 1;
	return 0;
}

/* Starts like a date: four digits and a dash or slash. */
static int
looks_time(const struct ts_csvfield *f)
{
	int i;

	if (f->n < 8)
		return 0;
	for (i = 0; i < 4; i++)
		if (f->s[i] < '0' || f->s[i] > '9')
			return 0;
	return f->s[4] == '-' || f->s[4] == '/';
}

/* A uniqueid: [system-]epoch.sequence */
static int
looks_uniqueid(const struct ts_csvfield *f)
{
	const char *dash = memchr(f->s, '-', f->n);
	const char *s = dash ? dash + 1 : f->s;
	size_t n = f->n - (size_t)(s - f->s), i, dots = 0;

	if (n < 3)
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] == '.')
			dots++;
		else if (s[i] < '0' || s[i] > '9')
			return 0;
	}
	return dots == 1;
}

int
ast_detect(const struct row *r, enum ts_cdr_format *fmt)
{
	struct ts_csvfield a = row_field(r, 9), b = row_field(r, 14);
	struct ts_csvfield c = row_field(r, 8), d = row_field(r, 13);

	if (r->n < 16)
		return 0;
	if (looks_time(&a) && is_disposition(&b)) {
		*fmt = TS_CDR_ASTERISK;
		return 1;
	}
	if (looks_time(&c) && is_disposition(&d)) {
		*fmt = TS_CDR_ASTERISK_CUSTOM;
		return 1;
	}
	return 0;
}

#define NNAMES (sizeof header_names / sizeof header_names[0])

int
ast_is_header(const struct row *r)
{
	int cols[AST_NCOLS];

	map_header(r, header_names, NNAMES, cols, AST_NCOLS);
	return cols[AST_START] >= 0 && cols[AST_DISPOSITION] >= 0;
}

int
ast_header(struct ts_cdr *cdr, const struct row *r, struct ts_error *err)
{
	map_header(r, header_names, NNAMES, cdr->ast_col, AST_NCOLS);
	if (cdr->ast_col[AST_START] < 0 || cdr->ast_col[AST_DISPOSITION] < 0 ||
	    (cdr->ast_col[AST_DURATION] < 0 && cdr->ast_col[AST_END] < 0))
		return ts_error_at(err, TS_EXIT_FAIL, cdr->name, r->line, 0,
		    "the header names no 'calldate' (or 'start'), "
		    "'disposition' and 'duration' columns");
	return 0;
}

/*
 * cdr_csv's optional columns depend on three settings; the column count
 * tells which (notes/telephony.md 1).  17 is ambiguous: uniqueid or
 * userfield, told apart by the look of the value.
 */
static void
map_cdr_csv(const struct row *r, struct ast_fields *a)
{
	static const enum ast_col tail[] = {
		AST_UNIQUEID, AST_USERFIELD, AST_PEERACCOUNT, AST_LINKEDID,
		AST_SEQUENCE
	};
	size_t i, n = r->n;
	int first = 0, last = 0;	/* range of tail[] present */

	for (i = 0; i < 16; i++)
		a->v[i] = row_field(r, (int)i);
	if (n == 17) {
		struct ts_csvfield f = row_field(r, 16);

		first = looks_uniqueid(&f) ? 0 : 1;
		last = first + 1;
	} else if (n == 18) {
		last = 2;
	} else if (n == 19) {
		first = 2;
		last = 5;
	} else if (n == 20) {
		struct ts_csvfield f = row_field(r, 16);

		a->v[looks_uniqueid(&f) ? AST_UNIQUEID : AST_USERFIELD] = f;
		for (i = 2; i < 5; i++)
			a->v[tail[i]] = row_field(r, (int)(15 + i));
		return;
	} else if (n >= 21) {
		last = 5;
	}
	for (i = (size_t)first; i < (size_t)last; i++)
		a->v[tail[i]] = row_field(r, (int)(16 + i - (size_t)first));
}

static void
map_row(struct ts_cdr *cdr, const struct row *r, struct ast_fields *a)
{
	size_t i;

	memset(a, 0, sizeof *a);
	for (i = 0; i < AST_NCOLS; i++)
		a->v[i].s = "";
	if (cdr->fmt == TS_CDR_ASTERISK) {
		map_cdr_csv(r, a);
	} else if (cdr->fmt == TS_CDR_ASTERISK_CUSTOM) {
		for (i = 0; i < sizeof custom_order / sizeof custom_order[0];
		    i++)
			a->v[custom_order[i]] = row_field(r, (int)i);
	} else {
		for (i = 0; i < AST_NCOLS; i++)
			a->v[i] = row_field(r, cdr->ast_col[i]);
	}
}

/* Status from the disposition (and the last application). */
static int
ast_status(const struct ast_fields *a, int64_t billsec, enum ts_status *st)
{
	const struct ts_csvfield *d = &a->v[AST_DISPOSITION];
	int machine = field_is(&a->v[AST_LASTAPP], "VoiceMail");

	if (field_is(d, "ANSWERED"))
		*st = machine ? TS_ST_VOICEMAIL : TS_ST_ANSWERED;
	else if (field_is(d, "NO ANSWER"))
		*st = machine && billsec > 0 ? TS_ST_VOICEMAIL : TS_ST_MISSED;
	else if (field_is(d, "BUSY"))
		*st = TS_ST_BUSY;
	else if (field_is(d, "FAILED") || field_is(d, "CONGESTION"))
		*st = TS_ST_FAILED;
	else if (field_is(d, "CANCEL"))
		*st = TS_ST_ABANDONED;
	else if (field_is(d, "UNKNOWN"))
		*st = TS_ST_MISSED;
	else
		return -1;
	return 0;
}

/* Start, end and answer of the leg, from start, duration and billsec. */
static int
ast_times(struct ts_cdr *cdr, const struct row *r, const struct ast_fields *a,
    struct ts_call *c, int64_t *billsec, struct ts_error *err)
{
	int64_t dur, end;
	int rc = field_time(cdr, &a->v[AST_START], &c->start);

	if (rc == -2)
		return cdr_bad(cdr, r, err, "start time does not exist in %s "
		    "(clocks go forward then): is the file in UTC? see --utc",
		    ts_tz_name(cdr->tz));
	if (rc < 0)
		return cdr_bad(cdr, r, err, "bad start time");
	if (field_uint(&a->v[AST_DURATION], &dur) < 0) {
		if (field_empty(&a->v[AST_DURATION]) &&
		    field_time(cdr, &a->v[AST_END], &end) == 0 &&
		    end >= c->start)
			dur = end - c->start;
		else
			return cdr_bad(cdr, r, err, "bad duration");
	}
	if (field_empty(&a->v[AST_BILLSEC]))
		*billsec = 0;
	else if (field_uint(&a->v[AST_BILLSEC], billsec) < 0)
		return cdr_bad(cdr, r, err, "bad billsec");
	if (*billsec > dur)
		*billsec = dur;
	c->end = c->start + dur;
	return 0;
}

/* The call id: linkedid, else uniqueid, else a digest of the row. */
static void
ast_key(const struct row *r, const struct ast_fields *a, char *id, size_t n)
{
	if (!field_empty(&a->v[AST_LINKEDID]))
		set_text(id, n, &a->v[AST_LINKEDID]);
	else if (!field_empty(&a->v[AST_UNIQUEID]))
		set_text(id, n, &a->v[AST_UNIQUEID]);
	else
		row_digest(r, id, n);
}

int
ast_row(struct ts_cdr *cdr, const struct row *r, struct ts_error *err)
{
	struct ast_fields a;
	struct leg l;
	int64_t billsec;
	const char *comma;

	if (cdr->fmt == TS_CDR_ASTERISK && r->n < 16)
		return cdr_bad(cdr, r, err, "%zu columns, Asterisk writes "
		    "16 to 21", r->n);
	if (cdr->fmt == TS_CDR_ASTERISK_CUSTOM && r->n < 14)
		return cdr_bad(cdr, r, err, "%zu columns, cdr_custom's "
		    "template has 19", r->n);
	map_row(cdr, r, &a);
	ts_call_init(&l.c);
	l.alt[0] = '\0';
	l.hashed = 0;
	if (ast_times(cdr, r, &a, &l.c, &billsec, err) < 0)
		return -1;
	if (ast_status(&a, billsec, &l.c.status) < 0)
		return cdr_bad(cdr, r, err, "unknown disposition");
	if (l.c.status == TS_ST_ANSWERED || l.c.status == TS_ST_VOICEMAIL)
		l.c.answer = l.c.end - billsec;
	ast_key(r, &a, l.c.call_id, sizeof l.c.call_id);
	merger_prefetch(&cdr->merge, &l);
	if (field_is(&a.v[AST_LASTAPP], "Queue")) {
		comma = memchr(a.v[AST_LASTDATA].s, ',', a.v[AST_LASTDATA].n);
		ts_copy_text(l.c.queue, sizeof l.c.queue, a.v[AST_LASTDATA].s,
		    comma ? (size_t)(comma - a.v[AST_LASTDATA].s) :
		    a.v[AST_LASTDATA].n);
	}
	set_caller(cdr, &l.c, &a.v[AST_SRC], &a.v[AST_CLID]);
	set_did_client(cdr, &l.c, field_empty(&a.v[AST_DID]) ?
	    &a.v[AST_DST] : &a.v[AST_DID], &a.v[AST_ACCOUNTCODE]);
	if (l.c.status == TS_ST_ANSWERED)
		set_agent_from_channel(&l.c, &a.v[AST_DSTCHANNEL]);
	cdr_leg(cdr, &l, r);
	return 1;
}
