/*
 * ts_kpi_source.c - calls for the reports: CDR files and pipes through the
 * CDR module, or the store (see ts_kpi.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "ts_kpi_impl.h"
#include "banned.h"

/* A bad record: stops the run under --strict, else is reported. */
static int
bad_record(struct ts_kpi_source *src, struct ts_cdr *cdr,
    const struct ts_error *rec, struct ts_error *err)
{
	const char *raw;
	size_t len;

	src->rejects++;
	if (src->strict) {
		*err = *rec;
		return -1;
	}
	raw = ts_cdr_reject(cdr, &len);
	if (src->bad)
		src->bad(src->ctx, rec, raw, len);
	return 0;
}

/* Hands every call the reader has to fn until it says TS_CDR_END. */
static int
drain(struct ts_kpi_source *src, struct ts_cdr *cdr,
    int (*fn)(const struct ts_call *, void *), void *ctx,
    struct ts_error *err)
{
	const struct ts_call *c;
	struct ts_error rec = TS_ERROR_INIT;
	int rc;

	for (;;) {
		ts_error_clear(&rec);
		rc = ts_cdr_next(cdr, &c, &rec);
		if (rc == TS_CDR_END)
			return 0;
		if (rc == TS_CDR_FATAL) {
			*err = rec;
			return -1;
		}
		if (rc == TS_CDR_BAD) {
			if (bad_record(src, cdr, &rec, err) < 0)
				return -1;
			continue;
		}
		src->calls++;
		if ((rc = fn(c, ctx)) != 0)
			return rc;
	}
}

static int
open_input(const char *path, int *fd, struct ts_error *err)
{
	if (strcmp(path, "-") == 0) {
		*fd = STDIN_FILENO;
		return 0;
	}
	*fd = open(path, O_RDONLY | O_CLOEXEC);
	if (*fd < 0)
		return ts_error_set(err, TS_EXIT_FAIL, "cannot open '%s': %s",
		    path, strerror(errno));
	return 0;
}

static void
take_stats(struct ts_kpi_source *src, const struct ts_cdr *cdr)
{
	const struct ts_cdr_stats *st = ts_cdr_stats(cdr);

	src->rows += st->rows;
	src->open += st->open;
}

/* Every file in turn through one reader. */
static int
files_each(struct ts_kpi_source *src,
    int (*fn)(const struct ts_call *, void *), void *ctx,
    struct ts_error *err)
{
	static char dash[] = "-";
	char *const std_in[] = { dash };
	char *const *files = src->nfiles ? src->files : std_in;
	size_t nfiles = src->nfiles ? src->nfiles : 1, i;
	struct ts_cdr *cdr = ts_cdr_new(&src->cdr);
	int fd, rc = 0;

	for (i = 0; i < nfiles && rc == 0; i++) {
		if ((rc = open_input(files[i], &fd, err)) < 0)
			break;
		rc = ts_cdr_open_fd(cdr, fd, strcmp(files[i], "-") == 0 ?
		    "<stdin>" : files[i], err);
		if (rc == 0)
			rc = drain(src, cdr, fn, ctx, err);
		if (fd != STDIN_FILENO)
			close(fd);
	}
	if (rc == 0) {
		ts_cdr_finish(cdr);
		rc = drain(src, cdr, fn, ctx, err);
	}
	take_stats(src, cdr);
	ts_cdr_free(cdr);
	return rc;
}

struct store_ctx {
	struct ts_kpi_source *src;
	int (*fn)(const struct ts_call *, void *);
	void *ctx;
};

static int
store_one(const struct ts_call *c, void *p)
{
	struct store_ctx *sc = p;

	sc->src->rows++;
	sc->src->calls++;
	return sc->fn(c, sc->ctx);
}

int
ts_kpi_source_each(struct ts_kpi_source *src,
    int (*fn)(const struct ts_call *c, void *ctx), void *ctx,
    struct ts_error *err)
{
	struct store_ctx sc = { src, fn, ctx };

	if (src->store)
		return ts_store_calls_each(src->store, &src->query, store_one,
		    &sc, err);
	return files_each(src, fn, ctx, err);
}

struct sink {
	struct ts_kpi *const *k;
	size_t nk;
};

static int
add_one(const struct ts_call *c, void *p)
{
	const struct sink *s = p;
	size_t i;

	for (i = 0; i < s->nk; i++)
		ts_kpi_add(s->k[i], c);
	return 0;
}

int
ts_kpi_source_read(struct ts_kpi_source *src, struct ts_kpi *const *k,
    size_t nk, struct ts_error *err)
{
	struct sink s = { k, nk };

	return ts_kpi_source_each(src, add_one, &s, err);
}
