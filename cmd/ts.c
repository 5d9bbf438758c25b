/*
 * ts - the front command: `ts import ...` runs `ts-import ...`, as git does
 * for its commands; `ts help` lists the tools; `ts init` creates a
 * commented starter configuration and an empty store for a freelance on a
 * laptop, and never overwrites either.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ts_cli.h"
#include "ts_config.h"
#include "ts_store.h"
#include "banned.h"

static const struct {
	const char *name;
	const char *what;
} tools[] = {
	{ "agenda", "bookings, free slots, iCalendar and CalDAV, reminders" },
	{ "export", "a caller's or a client's data, for GDPR requests" },
	{ "import", "load call records and contact lists into the store" },
	{ "init", "create a starter configuration and an empty store" },
	{ "kpi", "activity and SLA reports, contract checks, staffing" },
	{ "msg", "messages taken for clients, delivered by e-mail, SMS" },
	{ "purge", "retention and erasure, with an audit trail" },
	{ "route", "the client's instructions as a decision for a call" },
};

static const char usage_text[] =
"usage: ts [-hV] command [argument ...]\n"
"       ts init [-c config] [-d db]\n"
"       ts help\n";

/* The tool's usage, then exit (ts_cli_usage). */
#define usage(code) ts_cli_usage(usage_text, (code))

/* The directory this program runs from, where its siblings are. */
static int
exec_dir(char *dir, size_t n)
{
	ssize_t len = readlink("/proc/self/exe", dir, n - 1);
	char *slash;

	if (len <= 0)
		return -1;
	dir[len] = '\0';
	slash = strrchr(dir, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	return 0;
}

/* Is ts-<name> next to ts or on PATH? */
static int
installed(const char *dir, const char *name)
{
	char path[PATH_MAX + 80];
	const char *p = getenv("PATH");

	snprintf(path, sizeof path, "%s/ts-%s", dir, name);
	if (access(path, X_OK) == 0)
		return 1;
	while (p && *p) {
		const char *colon = strchr(p, ':');
		size_t len = colon ? (size_t)(colon - p) : strlen(p);

		snprintf(path, sizeof path, "%.*s/ts-%s", (int)len, p, name);
		if (len && access(path, X_OK) == 0)
			return 1;
		p = colon ? colon + 1 : NULL;
	}
	return 0;
}

static int
help(void)
{
	char dir[PATH_MAX] = ".";
	size_t i;

	exec_dir(dir, sizeof dir);
	fputs(usage_text, stdout);
	puts("\ncommands:");
	for (i = 0; i < sizeof tools / sizeof tools[0]; i++) {
		int here = strcmp(tools[i].name, "init") == 0 ||
		    installed(dir, tools[i].name);

		printf("  %-8s %s%s\n", tools[i].name, tools[i].what,
		    here ? "" : " (not installed)");
	}
	puts("\nsee ts(7) and ts-<command>(1)");
	return ts_finish(0);
}

/* Creates the directories of path, mode 0700. */
static int
make_parents(const char *path)
{
	char buf[PATH_MAX];
	char *p;

	snprintf(buf, sizeof buf, "%s", path);
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0700) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return 0;
}

/*
 * Writes text to a new file path, whole or not at all: into a temporary
 * file beside it, synced, then linked to its name (which fails if the
 * name exists: a configuration is never overwritten).  A failed write or
 * a crash leaves no half configuration that a rerun would keep.
 * 0 written, 1 path existed, -1 error (errno set).
 */
static int
write_new_file(const char *path, const char *text)
{
	struct ts_buf tmp = TS_BUF_INIT;
	size_t n = strlen(text);
	int fd, rc = -1, saved;

	ts_buf_addf(&tmp, "%s.XXXXXX", path);
	if ((fd = mkstemp(tmp.buf)) < 0) {
		ts_buf_release(&tmp);
		return -1;
	}
	if (write(fd, text, n) == (ssize_t)n && fsync(fd) == 0 &&
	    close(fd) == 0) {
		fd = -1;
		if (link(tmp.buf, path) == 0)
			rc = 0;
		else if (errno == EEXIST)
			rc = 1;
	}
	saved = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp.buf);
	ts_buf_release(&tmp);
	errno = saved;
	return rc;
}

static int
init_config(const char *opt)
{
	struct ts_buf path = TS_BUF_INIT;
	struct ts_error err = TS_ERROR_INIT;
	struct stat sb;
	int is_explicit, rc = 0;

	if (ts_config_path(opt, &path, &is_explicit, &err) < 0)
		return ts_error_print(&err);
	if (make_parents(path.buf) < 0) {
		ts_warn("cannot create the directory of '%s'", path.buf);
		rc = TS_EXIT_FAIL;
	} else if (lstat(path.buf, &sb) == 0) {
		ts_warnx("kept the configuration '%s'", path.buf);
	} else {
		switch (write_new_file(path.buf, ts_config_starter())) {
		case 0:
			ts_warnx("created the configuration '%s': edit it",
			    path.buf);
			break;
		case 1:
			ts_warnx("kept the configuration '%s'", path.buf);
			break;
		default:
			ts_warn("cannot write '%s'", path.buf);
			rc = TS_EXIT_FAIL;
		}
	}
	ts_buf_release(&path);
	return rc;
}

static int
init_store(const char *opt)
{
	struct ts_buf path = TS_BUF_INIT;
	struct ts_error err = TS_ERROR_INIT;
	struct ts_store *st;
	struct stat sb;
	int existed;

	if (ts_store_path(opt, &path, &err) < 0)
		return ts_error_print(&err);
	existed = stat(path.buf, &sb) == 0;
	st = ts_store_open(path.buf, 0, &err);
	if (!st) {
		ts_buf_release(&path);
		return ts_error_print(&err);
	}
	ts_warnx("%s the store '%s'", existed ? "kept" : "created", path.buf);
	ts_store_close(st);
	ts_buf_release(&path);
	return 0;
}

static int
init(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "db", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 }
	};
	const char *config = NULL, *db = NULL;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "c:d:", longopts, NULL)) != -1) {
		if (c == 'c')
			config = optarg;
		else if (c == 'd')
			db = optarg;
		else
			usage(TS_EXIT_USAGE);
	}
	if (optind != argc)
		usage(TS_EXIT_USAGE);
	rc = init_config(config);
	if (rc == 0)
		rc = init_store(db);
	return ts_finish(rc);
}

static int
run_tool(char **argv)
{
	char dir[PATH_MAX], path[PATH_MAX + 80], name[64];

	snprintf(name, sizeof name, "ts-%s", argv[0]);
	if (strchr(argv[0], '/'))
		ts_die(TS_EXIT_USAGE, "unknown command '%s'", argv[0]);
	argv[0] = name;
	if (exec_dir(dir, sizeof dir) == 0) {
		snprintf(path, sizeof path, "%s/%s", dir, name);
		if (access(path, X_OK) == 0)
			execv(path, argv);
	}
	execvp(name, argv);
	if (errno == ENOENT)
		ts_die(TS_EXIT_USAGE, "unknown command '%s'; see 'ts help'",
		    name + 3);
	ts_die(TS_EXIT_FAIL, "cannot run '%s': %s", name, strerror(errno));
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	ts_setprogname(argv[0]);
	/* Options of ts itself come before the command: stop at it. */
	while ((c = getopt_long(argc, argv, "+hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(0);
		case 'V':
			ts_cli_version();
			return ts_finish(0);
		default:
			usage(TS_EXIT_USAGE);
		}
	}
	if (optind >= argc)
		usage(TS_EXIT_USAGE);
	argc -= optind;
	argv += optind;
	if (strcmp(argv[0], "help") == 0)
		return help();
	if (strcmp(argv[0], "init") == 0)
		return init(argc, argv);
	return run_tool(argv);
}
