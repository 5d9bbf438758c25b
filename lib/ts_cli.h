/*
 * ts_cli.h - what every tool does the same way: version, opening the
 * configuration and the store with a diagnostic, the clock, private files,
 * progress on a terminal.  For cmd/ only: these print on stderr.
 */
#ifndef TS_CLI_H
#define TS_CLI_H

#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "ts_config.h"
#include "ts_store.h"

/* Long options without a short letter start here in every tool. */
#define TS_OPT_LONG 256

/*
 * The command of a tool with subcommands, which takes "ts-X CMD [options]"
 * (the usual order) and "ts-X [options] CMD" alike:
 *
 *	cmd = ts_cli_command_first(&argc, &argv);
 *	parse(argc, argv, &o);		(getopt_long)
 *	if (!cmd && !(cmd = ts_cli_command_after(argc, argv)))
 *		usage(TS_EXIT_USAGE);
 *
 * The first takes a leading word and shifts argv past it, so that getopt
 * sees the options; the second takes the first operand after them.  Both
 * return NULL when there is none; operands then start at optind.
 */
const char *ts_cli_command_first(int *argc, char ***argv);
const char *ts_cli_command_after(int argc, char **argv);

/* Prints "prog VERSION" on stdout. */
void ts_cli_version(void);

/*
 * Prints text, the tool's usage: on stdout and exits 0 for --help (code
 * 0), else on stderr and exits code.
 */
void ts_cli_usage(const char *text, int code) __attribute__((noreturn));

/* Each returns 0, or prints the error and returns the exit code. */
int ts_cli_config(const char *opt, struct ts_config **cfg);
int ts_cli_store(const char *opt, unsigned flags, struct ts_store **st);
int ts_cli_now(int64_t *now);
/* The zone of --tz (or UTC with --utc), else the configuration's. */
int ts_cli_zone(const char *name, int utc, const struct ts_config *cfg,
    const struct ts_tz **tz);

/*
 * Creates (or truncates) a file readable by its owner only (0600, whatever
 * the umask): rejects files and exports hold personal data.  Prints the
 * error and returns NULL on failure.
 */
FILE *ts_cli_create_private(const char *path);

/* Progress on stderr, only when stderr is a terminal, at most 4 times a
 * second; ts_progress_done clears the line. */
struct ts_progress {
	int on;
	struct timespec last;
	int shown;
};

void ts_progress_init(struct ts_progress *p);
void ts_progress_show(struct ts_progress *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void ts_progress_done(struct ts_progress *p);

#endif
