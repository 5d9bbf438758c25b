/*
 * cdrcat - a test helper: reads CDR files with the CDR module and prints
 * the canonical calls (csv), then a line of counts on stderr:
 *	rows N legs N calls N rejects N open N
 *
 *	cdrcat [-c config] [-f format] [-z zone] [-s sqlite.db] [file ...]
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ts_cdr.h"
#include "ts_cli.h"
#include "ts_rec.h"
#include "banned.h"

static void
drain(struct ts_cdr *cdr, struct ts_writer *w, const struct ts_tz *tz)
{
	const struct ts_call *c;
	struct ts_error err = TS_ERROR_INIT;
	int rc;

	while ((rc = ts_cdr_next(cdr, &c, &err)) != TS_CDR_END) {
		if (rc == TS_CDR_CALL) {
			ts_call_write(w, c, tz);
			ts_writer_end(w);
		} else if (ts_error_print(&err) && rc == TS_CDR_FATAL)
			exit(1);
		ts_error_clear(&err);
	}
}

int
main(int argc, char **argv)
{
	struct ts_cdr_opts o = { 0 };
	struct ts_config *cfg;
	struct ts_error err = TS_ERROR_INIT;
	struct ts_writer *w;
	struct ts_cdr *cdr;
	const struct ts_cdr_stats *st;
	const char *config = NULL, *zone = NULL, *sqlite = NULL;
	int c, i, fd;

	ts_setprogname("cdrcat");
	while ((c = getopt(argc, argv, "c:f:s:z:")) != -1) {
		if (c == 'c')
			config = optarg;
		else if (c == 'f' && ts_cdr_format_parse(optarg, &o.format))
			ts_die(2, "bad format");
		else if (c == 'z')
			zone = optarg;
		else if (c == 's')
			sqlite = optarg;
		else if (c != 'f')
			ts_die(2, "usage: cdrcat [-c config] [-f format] "
			    "[-z zone] [-s db] [file ...]");
	}
	if (ts_cli_config(config, &cfg) || ts_cli_zone(zone, 0, cfg, &o.tz))
		return 2;
	o.cfg = cfg;
	cdr = ts_cdr_new(&o);
	w = ts_writer_new(stdout, TS_FMT_CSV, 0);
	ts_writer_columns(w, ts_call_columns, ts_call_ncolumns);
	if (sqlite) {
		if (ts_cdr_open_sqlite(cdr, sqlite, NULL, &err) < 0)
			return ts_error_print(&err);
		drain(cdr, w, o.tz);
	}
	for (i = optind; i < argc || (i == optind && !sqlite); i++) {
		fd = i < argc ? open(argv[i], O_RDONLY) : 0;
		if (fd < 0 || ts_cdr_open_fd(cdr, fd, i < argc ? argv[i] :
		    "<stdin>", &err) < 0)
			return ts_error_print(&err);
		drain(cdr, w, o.tz);
		if (fd > 0)
			close(fd);
	}
	ts_cdr_finish(cdr);
	drain(cdr, w, o.tz);
	ts_writer_finish(w);
	ts_writer_free(w);
	st = ts_cdr_stats(cdr);
	fprintf(stderr, "rows %ld legs %ld calls %ld rejects %ld open %ld\n",
	    st->rows, st->legs, st->calls, st->rejects, st->open);
	ts_cdr_free(cdr);
	ts_config_free(cfg);
	return ts_finish(0);
}
