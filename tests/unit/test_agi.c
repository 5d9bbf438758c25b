/*
 * test_agi.c - the AGI protocol module: the variables read up to the
 * empty line, arguments quoted as Asterisk's parse_args reads them, and
 * every kind of reply (200, HANGUP first, 510, a multi-line 520, 511).
 */
#include <stdio.h>
#include <string.h>

#include "ts_agi.h"
#include "tap.h"

/* A FILE holding text, for reading. */
static FILE *
input(const char *text)
{
	FILE *f = tmpfile();

	fputs(text, f);
	rewind(f);
	return f;
}

/* What was written to f. */
static const char *
written(FILE *f)
{
	static char buf[4096];
	size_t n;

	rewind(f);
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	return buf;
}

static void
variables(void)
{
	struct ts_agi a;
	struct ts_error err = TS_ERROR_INIT;
	FILE *in = input("agi_request: ts-route\nagi_callerid: 0612345678\n"
	    "agi_accountcode: \nagi_arg_1: agi\n\n200 result=1\n");
	FILE *out = tmpfile();

	ok(ts_agi_start(&a, in, out, &err) == 0, "the variables are read");
	is_str(ts_agi_var(&a, "callerid"), "0612345678", "agi_callerid");
	is_str(ts_agi_var(&a, "accountcode"), "", "an empty value");
	is_str(ts_agi_var(&a, "dnid"), "", "a variable not sent is empty");
	ok(ts_agi_set(&a, "TS_GREETING", "Dupont \"Plomberie\", \\ bonjour\n",
	    &err) == 0, "SET VARIABLE with quotes, a backslash, a line end");
	is_str(written(out), "SET VARIABLE TS_GREETING "
	    "\"Dupont \\\"Plomberie\\\", \\\\ bonjour \"\n",
	    "quoted as parse_args reads it");
	ts_agi_release(&a);
	fclose(in);
	fclose(out);
}

/* reply: runs SET VARIABLE against the replies given; returns its code. */
static int
reply(const char *replies, int *hungup, struct ts_error *err)
{
	struct ts_agi a;
	char text[512];
	FILE *in, *out = tmpfile();
	int rc;

	snprintf(text, sizeof text, "agi_request: x\n\n%s", replies);
	in = input(text);
	ts_error_clear(err);
	rc = ts_agi_start(&a, in, out, err);
	if (rc == 0)
		rc = ts_agi_set(&a, "X", "1", err);
	*hungup = a.hungup;
	ts_agi_release(&a);
	fclose(in);
	fclose(out);
	return rc;
}

static void
replies(void)
{
	struct ts_error err = TS_ERROR_INIT;
	int hungup;

	ok(reply("200 result=1\n", &hungup, &err) == 0 && !hungup, "200");
	ok(reply("HANGUP\n200 result=1\n", &hungup, &err) == 1 && hungup,
	    "HANGUP before the reply: 1");
	ok(reply("HANGUP\n", &hungup, &err) == 1, "HANGUP then the end: 1");
	ok(reply("510 Invalid or unknown command\n", &hungup, &err) == -1,
	    "510 is an error");
	is_str(err.msg, "Asterisk refused a command: '510'", "saying so");
	ok(reply("520-Invalid command syntax.  Proper usage follows:\n"
	    "Usage: SET VARIABLE <variablename> <value>\n"
	    "520 End of proper usage.\n", &hungup, &err) == -1,
	    "a multi-line 520 is an error");
	ok(err.line == 5, "read to its last line");
	ok(reply("511 Command Not Permitted on a dead channel\n", &hungup,
	    &err) == -1 && hungup, "511: the channel is gone");
	ok(reply("200 result=0\n", &hungup, &err) == -1, "result=0 is not 1");
	ok(reply("", &hungup, &err) == -1, "no reply at all");
	is_str(err.msg, "Asterisk closed the session without replying",
	    "saying so");
}

static void
bad_input(void)
{
	struct ts_agi a;
	struct ts_error err = TS_ERROR_INIT;
	FILE *in = input("agi_request: x\n"), *out = tmpfile();

	ok(ts_agi_start(&a, in, out, &err) == -1, "no empty line");
	is_str(err.msg, "the AGI variables end without an empty line",
	    "says so");
	ts_agi_release(&a);
	fclose(in);
	in = input("hello\n\n");
	ok(ts_agi_start(&a, in, out, &err) == -1 && err.line == 1,
	    "a line that is no variable, with its line");
	ts_agi_release(&a);
	fclose(in);
	fclose(out);
}

int
main(void)
{
	variables();
	replies();
	bad_input();
	return done_testing();
}
