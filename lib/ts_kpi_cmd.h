/*
 * ts_kpi_cmd.h - the runs of the ts-kpi command, for cmd/ts-kpi.c only:
 * like ts_cli.h, these print diagnostics on stderr and return exit codes.
 * The figures themselves are made by the library (ts_kpi.h, ts_erlang.h).
 */
#ifndef TS_KPI_CMD_H
#define TS_KPI_CMD_H

#include <stddef.h>

/* The command line, as given (NULL: not given). */
struct ts_kpi_opts {
	const char *command;	/* NULL (report), merge, lost, staffing,
				 * explain */
	const char *config, *db, *output, *by, *client, *format, *window;
	const char *period, *since, *until, *rejects, *tz, *lang;
	const char *formula, *short_abandon, *threshold;
	const char *agents, *aht, *calls, *patience, *target, *within;
	const char *wrap_up, *call_id;
	int use_db, check, partial, print_settings, quiet, verbose;
	int strict, utc;
	char **files;
	size_t nfiles;
};

/* 1 when s names a command: merge, lost, staffing, explain. */
int ts_kpi_is_command(const char *s);

/* Runs the command; returns the exit code. */
int ts_kpi_main(const struct ts_kpi_opts *o);

#endif
