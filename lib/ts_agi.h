/*
 * ts_agi.h - the Asterisk Gateway Interface, as a program run by
 * AGI() speaks it on its stdin and stdout.
 *
 * Asterisk first sends the channel's variables, one "agi_name: value"
 * line each, ended by an empty line; then the program sends one command a
 * line and reads one reply a line: "200 result=N [data]" when the command
 * ran, "510 Invalid or unknown command", "511 Command Not Permitted on a
 * dead channel", "520 ..." (usage, possibly several lines ending with
 * "520 End of proper usage."), or "HANGUP" when the caller hung up
 * (sent before the reply when AGISIGHUP is not "no").  Source: Asterisk's
 * res/res_agi.c (setup_env, agi_handle_command, parse_args).
 */
#ifndef TS_AGI_H
#define TS_AGI_H

#include <stdio.h>

#include "ts_err.h"

#define TS_AGI_MAXVARS 64

struct ts_agi {
	FILE *in;		/* from Asterisk; the caller's */
	FILE *out;		/* to Asterisk; the caller's */
	char *names[TS_AGI_MAXVARS];	/* without "agi_" */
	char *values[TS_AGI_MAXVARS];
	size_t nvars;
	int hungup;		/* a HANGUP line was read */
	long line;		/* lines read, for messages */
};

/* Reads the variables up to the empty line.  Returns 0, or -1 with err
 * set (input ended first, a line that is not "agi_name: value"). */
int ts_agi_start(struct ts_agi *a, FILE *in, FILE *out,
    struct ts_error *err);

/* The value of variable name (without "agi_"), or "" when not sent. */
const char *ts_agi_var(const struct ts_agi *a, const char *name);

/*
 * Sends SET VARIABLE name "value" (value quoted as parse_args reads it:
 * '"' and '\' escaped, line ends made spaces) and checks the reply is
 * "200 result=1".  Returns 0; 1 when the caller hung up (a->hungup; the
 * variable may not be set); -1 with err set for any other reply, or when
 * writing or reading failed.
 */
int ts_agi_set(struct ts_agi *a, const char *name, const char *value,
    struct ts_error *err);

/* Sends VERBOSE "text" level (for the Asterisk console), checked the
 * same way. */
int ts_agi_verbose(struct ts_agi *a, const char *text, int level,
    struct ts_error *err);

void ts_agi_release(struct ts_agi *a);

#endif
