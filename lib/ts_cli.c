/*
 * ts_cli.c - what every tool does the same way (see ts_cli.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ts_cli.h"
#include "ts_err.h"
#include "banned.h"

#ifndef TS_VERSION
#define TS_VERSION "unknown"
#endif

const char *
ts_cli_command_first(int *argc, char ***argv)
{
	if (*argc < 2 || (*argv)[1][0] == '-')
		return NULL;
	(*argc)--;
	(*argv)++;
	return (*argv)[0];
}

const char *
ts_cli_command_after(int argc, char **argv)
{
	return optind < argc ? argv[optind++] : NULL;
}

void
ts_cli_version(void)
{
	printf("%s %s\n", ts_getprogname(), TS_VERSION);
}

void
ts_cli_usage(const char *text, int code)
{
	fputs(text, code ? stderr : stdout);
	exit(code ? code : ts_finish(0));
}

int
ts_cli_config(const char *opt, struct ts_config **cfg)
{
	struct ts_error err = TS_ERROR_INIT;

	*cfg = ts_config_open(opt, &err);
	return *cfg ? 0 : ts_error_print(&err);
}

int
ts_cli_store(const char *opt, unsigned flags, struct ts_store **st)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_buf path = TS_BUF_INIT;

	*st = NULL;
	if (ts_store_path(opt, &path, &err) == 0)
		*st = ts_store_open(path.buf, flags, &err);
	ts_buf_release(&path);
	return *st ? 0 : ts_error_print(&err);
}

int
ts_cli_now(int64_t *now)
{
	struct ts_error err = TS_ERROR_INIT;

	return ts_now(now, &err) == 0 ? 0 : ts_error_print(&err);
}

int
ts_cli_zone(const char *name, int utc, const struct ts_config *cfg,
    const struct ts_tz **tz)
{
	struct ts_error err = TS_ERROR_INIT;

	if (utc) {
		*tz = ts_tz_utc();
		return 0;
	}
	if (!name) {
		*tz = ts_config_tz(cfg, NULL);
		return 0;
	}
	*tz = ts_tz_load(name, &err);
	return *tz ? 0 : ts_error_print(&err);
}

FILE *
ts_cli_create_private(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *f;

	/* An existing file keeps its mode through O_CREAT: set it. */
	if (fd < 0 || fchmod(fd, 0600) < 0 || !(f = fdopen(fd, "w"))) {
		ts_warn("cannot create '%s'", path);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	return f;
}

void
ts_progress_init(struct ts_progress *p)
{
	p->on = isatty(STDERR_FILENO);
	p->last.tv_sec = 0;
	p->last.tv_nsec = 0;
	p->shown = 0;
}

void
ts_progress_show(struct ts_progress *p, const char *fmt, ...)
{
	struct timespec now;
	va_list ap;

	if (!p->on)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if ((now.tv_sec - p->last.tv_sec) * 1000000000L +
	    (now.tv_nsec - p->last.tv_nsec) < 250000000L)
		return;
	p->last = now;
	fprintf(stderr, "\r%s: ", ts_getprogname());
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\033[K", stderr);
	p->shown = 1;
}

void
ts_progress_done(struct ts_progress *p)
{
	if (p->shown)
		fputs("\r\033[K", stderr);
	p->shown = 0;
}
