/*
 * test_call.c - the canonical call: status names, text copy, leg merging.
 */
#include <string.h>

#include "ts_call.h"
#include "ts_time.h"
#include "tap.h"

static struct ts_call
leg(int64_t start, int64_t answer, int64_t end, enum ts_status st,
    const char *caller, const char *agent)
{
	struct ts_call c;

	ts_call_init(&c);
	c.start = start;
	c.answer = answer;
	c.end = end;
	c.status = st;
	c.legs = 1;
	snprintf(c.caller, sizeof c.caller, "%s", caller);
	snprintf(c.agent, sizeof c.agent, "%s", agent);
	ts_call_derive(&c);
	return c;
}

int
main(void)
{
	enum ts_status st;
	char buf[8];
	struct ts_call a, b, c, ab, ba, abb;

	is_str(ts_status_name(TS_ST_ABANDONED), "abandoned", "status name");
	ok(ts_status_parse("voicemail", 9, &st) == 0 && st == TS_ST_VOICEMAIL,
	    "status parse");
	ok(ts_status_parse("answer", 6, &st) == -1, "status prefix refused");

	is_int(ts_copy_text(buf, sizeof buf, "abcdefghij", 10), 7, "cut length");
	is_str(buf, "abcdefg", "cut text");
	/* "abcdeé" is 7 bytes: the é (2 bytes) would be cut in half. */
	ts_copy_text(buf, 7, "abcde\xc3\xa9", 7);
	is_str(buf, "abcde", "cut on a character boundary");

	a = leg(1000, 1010, 1100, TS_ST_MISSED, "+33612345678", "");
	a.answer = TS_TIME_NONE;
	ts_call_derive(&a);
	is_int(a.wait_s, 100, "unanswered wait is end - start");
	b = leg(1002, 1020, 1300, TS_ST_ANSWERED, "", "SIP/201");
	is_int(b.wait_s, 18, "answered wait");
	is_int(b.talk_s, 280, "answered talk");

	ab = a;
	ok(ts_call_merge(&ab, &b) == 1, "merge changes a");
	ba = b;
	ts_call_merge(&ba, &a);
	is_int(ab.start, 1000, "earliest start");
	is_int(ab.end, 1300, "latest end");
	ok(ab.status == TS_ST_ANSWERED, "answered wins");
	is_str(ab.caller, "+33612345678", "caller from the leg that has one");
	is_str(ab.agent, "SIP/201", "agent of the answer");
	is_int(ab.wait_s, 20, "merged wait");
	ok(ab.start == ba.start && ab.end == ba.end && ab.status == ba.status &&
	    strcmp(ab.caller, ba.caller) == 0 && ab.answer == ba.answer,
	    "merge is commutative");
	abb = ab;
	ok(ts_call_merge(&abb, &b) == 0, "merging a merged leg changes nothing");
	c = leg(990, 995, 1001, TS_ST_VOICEMAIL, "+33699999999", "");
	ts_call_merge(&abb, &c);
	ok(abb.status == TS_ST_ANSWERED && abb.start == 990,
	    "voicemail loses to answered but moves start");
	return done_testing();
}
