/*
 * ts_agi.c - the AGI protocol (see ts_agi.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_agi.h"
#include "ts_buf.h"
#include "ts_mem.h"
#include "banned.h"

#define LINE_MAX_AGI 8192

/* Reads one line without its end into buf; 0 at the end of input. */
static int
read_line(struct ts_agi *a, char *buf, size_t size)
{
	size_t n;

	if (!fgets(buf, (int)size, a->in))
		return 0;
	a->line++;
	n = strlen(buf);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	return 1;
}

static int
add_var(struct ts_agi *a, char *line, struct ts_error *err)
{
	char *colon = strchr(line, ':');
	char *v;

	if (strncmp(line, "agi_", 4) != 0 || !colon)
		return ts_error_at(err, TS_EXIT_FAIL, "<agi>", a->line, 0,
		    "not an AGI variable line");
	if (a->nvars == TS_AGI_MAXVARS)
		return 0;	/* more than Asterisk sends: ignored */
	*colon = '\0';
	v = colon + 1;
	if (*v == ' ')
		v++;
	a->names[a->nvars] = ts_xstrdup(line + 4);
	a->values[a->nvars] = ts_xstrdup(v);
	a->nvars++;
	return 0;
}

int
ts_agi_start(struct ts_agi *a, FILE *in, FILE *out, struct ts_error *err)
{
	char line[LINE_MAX_AGI];

	memset(a, 0, sizeof *a);
	a->in = in;
	a->out = out;
	for (;;) {
		if (!read_line(a, line, sizeof line))
			return ts_error_at(err, TS_EXIT_FAIL, "<agi>", a->line,
			    0, "the AGI variables end without an empty line");
		if (!*line)
			return 0;
		if (add_var(a, line, err) < 0)
			return -1;
	}
}

const char *
ts_agi_var(const struct ts_agi *a, const char *name)
{
	size_t i;

	for (i = 0; i < a->nvars; i++)
		if (strcmp(a->names[i], name) == 0)
			return a->values[i];
	return "";
}

/* Appends s quoted as res_agi's parse_args reads an argument. */
static void
quote(struct ts_buf *b, const char *s)
{
	ts_buf_addch(b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			ts_buf_addch(b, '\\');
		ts_buf_addch(b, *s == '\n' || *s == '\r' ? ' ' : *s);
	}
	ts_buf_addch(b, '"');
}

/* Skips a multi-line 520 usage text up to its last line. */
static void
skip_usage(struct ts_agi *a, char *line, size_t size)
{
	while (strncmp(line, "520-", 4) == 0 || strncmp(line, "520 ", 4) != 0)
		if (!read_line(a, line, size))
			return;
}

/* Sends command b and checks its reply. */
static int
command(struct ts_agi *a, const struct ts_buf *b, struct ts_error *err)
{
	char line[LINE_MAX_AGI];

	if (fwrite(b->buf, 1, b->len, a->out) != b->len ||
	    fflush(a->out) == EOF)
		return ts_error_set(err, TS_EXIT_FAIL, "write error: <agi>: "
		    "%s", strerror(errno));
	do {
		if (!read_line(a, line, sizeof line)) {
			if (a->hungup)
				return 1;
			return ts_error_at(err, TS_EXIT_FAIL, "<agi>",
			    a->line, 0, "Asterisk closed the session "
			    "without replying");
		}
		if (strcmp(line, "HANGUP") == 0)
			a->hungup = 1;
	} while (strcmp(line, "HANGUP") == 0);
	if (strncmp(line, "200 result=1", 12) == 0 &&
	    (line[12] == '\0' || line[12] == ' '))
		return a->hungup;
	if (strncmp(line, "520-", 4) == 0)
		skip_usage(a, line, sizeof line);
	if (strncmp(line, "511 ", 4) == 0)
		a->hungup = 1;
	return ts_error_at(err, TS_EXIT_FAIL, "<agi>", a->line, 0,
	    "Asterisk refused a command: '%.3s'", line);
}

int
ts_agi_set(struct ts_agi *a, const char *name, const char *value,
    struct ts_error *err)
{
	struct ts_buf b = TS_BUF_INIT;
	int rc;

	ts_buf_addf(&b, "SET VARIABLE %s ", name);
	quote(&b, value);
	ts_buf_addch(&b, '\n');
	rc = command(a, &b, err);
	ts_buf_release(&b);
	return rc;
}

int
ts_agi_verbose(struct ts_agi *a, const char *text, int level,
    struct ts_error *err)
{
	struct ts_buf b = TS_BUF_INIT;
	int rc;

	ts_buf_addstr(&b, "VERBOSE ");
	quote(&b, text);
	ts_buf_addf(&b, " %d\n", level);
	rc = command(a, &b, err);
	ts_buf_release(&b);
	return rc;
}

void
ts_agi_release(struct ts_agi *a)
{
	size_t i;

	for (i = 0; i < a->nvars; i++) {
		free(a->names[i]);
		free(a->values[i]);
	}
	a->nvars = 0;
}
