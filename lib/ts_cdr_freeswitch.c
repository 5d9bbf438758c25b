/*
 * ts_cdr_freeswitch.c - FreeSWITCH mod_cdr_csv with its stock templates:
 * "example" (15 columns) and the built-in "default" (its first 13):
 *
 *   caller_id_name, caller_id_number, destination_number, context,
 *   start_stamp, answer_stamp, end_stamp, duration, billsec, hangup_cause,
 *   uuid, bleg_uuid, accountcode[, read_codec, write_codec]
 *
 * With legs=ab a call writes two rows that name each other through
 * bleg_uuid; both become one call.  Whether a leg was answered comes from
 * billsec and answer_stamp (hangup causes are Q.850 names, not outcomes);
 * why an unanswered one failed comes from the cause.  Files re-saved by a
 * spreadsheet (unquoted, "2020/2/10 22:41") are read too.
 */
#include <stdio.h>
#include <string.h>

#include "ts_cdr_impl.h"
#include "banned.h"

enum {
	FS_NAME, FS_NUMBER, FS_DEST, FS_CONTEXT, FS_START, FS_ANSWER, FS_END,
	FS_DURATION, FS_BILLSEC, FS_CAUSE, FS_UUID, FS_BLEG, FS_ACCOUNT
};

/* A Q.850 cause name: upper-case letters, digits and underscores. */
static int
looks_cause(const struct ts_csvfield *f)
{
	size_t i;

	if (f->n < 4)
		return 0;
	for (i = 0; i < f->n; i++) {
		char ch = f->s[i];

		if (!((ch >= 'A' && ch <= 'Z') || ch == '_' ||
		    (ch >= '0' && ch <= '9')))
			return 0;
	}
	return 1;
}

int
fs_detect(const struct row *r)
{
	struct ts_csvfield start = row_field(r, FS_START);
	struct ts_csvfield cause = row_field(r, FS_CAUSE);
	struct ts_csvfield uuid = row_field(r, FS_UUID);
	int64_t v;

	if (r->n != 13 && r->n != 15)
		return 0;
	return start.n >= 8 && start.s[0] >= '0' && start.s[0] <= '9' &&
	    looks_cause(&cause) && uuid.n >= 8 &&
	    field_uint(&r->f[FS_DURATION], &v) == 0 &&
	    field_uint(&r->f[FS_BILLSEC], &v) == 0;
}

static enum ts_status
cause_status(const struct ts_csvfield *cause)
{
	static const char *const missed[] = {
		"NORMAL_CLEARING", "NO_ANSWER", "NO_USER_RESPONSE",
		"ALLOTTED_TIMEOUT", "RECOVERY_ON_TIMER_EXPIRE", "LOSE_RACE",
		"PICKED_OFF", "NORMAL_UNSPECIFIED", "ATTENDED_TRANSFER",
		"BLIND_TRANSFER"
	};
	size_t i;

	if (field_is(cause, "ORIGINATOR_CANCEL"))
		return TS_ST_ABANDONED;
	if (field_is(cause, "USER_BUSY"))
		return TS_ST_BUSY;
	for (i = 0; i < sizeof missed / sizeof missed[0]; i++)
		if (field_is(cause, missed[i]))
			return TS_ST_MISSED;
	return TS_ST_FAILED;
}

int
fs_row(struct ts_cdr *cdr, const struct row *r, struct ts_error *err)
{
	struct ts_csvfield f[FS_ACCOUNT + 1];
	struct leg l;
	int64_t dur, billsec;
	int i, rc;

	if (r->n < 13)
		return cdr_bad(cdr, r, err, "%zu columns, FreeSWITCH's "
		    "templates write 13 or 15", r->n);
	for (i = 0; i <= FS_ACCOUNT; i++)
		f[i] = row_field(r, i);
	ts_call_init(&l.c);
	l.hashed = 0;
	l.alt[0] = '\0';
	rc = field_time(cdr, &f[FS_START], &l.c.start);
	if (rc < 0)
		return cdr_bad(cdr, r, err, rc == -2 ? "start time does not "
		    "exist in the input's time zone" : "bad start_stamp");
	if (field_uint(&f[FS_DURATION], &dur) < 0)
		return cdr_bad(cdr, r, err, "bad duration");
	if (field_uint(&f[FS_BILLSEC], &billsec) < 0)
		return cdr_bad(cdr, r, err, "bad billsec");
	if (field_empty(&f[FS_UUID]))
		return cdr_bad(cdr, r, err, "no uuid");
	if (billsec > dur)
		billsec = dur;
	l.c.end = l.c.start + dur;
	if (billsec > 0 || !field_empty(&f[FS_ANSWER])) {
		l.c.status = TS_ST_ANSWERED;
		l.c.answer = l.c.end - billsec;
	} else {
		l.c.status = cause_status(&f[FS_CAUSE]);
	}
	/* The row that names another leg belongs to that leg's call. */
	if (!field_empty(&f[FS_BLEG])) {
		set_text(l.c.call_id, sizeof l.c.call_id, &f[FS_BLEG]);
		set_text(l.alt, sizeof l.alt, &f[FS_UUID]);
	} else {
		set_text(l.c.call_id, sizeof l.c.call_id, &f[FS_UUID]);
	}
	set_caller(cdr, &l.c, &f[FS_NUMBER], NULL);
	/* A name that only repeats the number says nothing. */
	if (!field_empty(&f[FS_NAME]) && !(f[FS_NAME].n == f[FS_NUMBER].n &&
	    memcmp(f[FS_NAME].s, f[FS_NUMBER].s, f[FS_NAME].n) == 0))
		set_text(l.c.caller_name, sizeof l.c.caller_name, &f[FS_NAME]);
	set_did_client(cdr, &l.c, &f[FS_DEST], &f[FS_ACCOUNT]);
	cdr_leg(cdr, &l, r);
	return 1;
}
