/*
 * ts_bundle.c - export bundles: staged files, their manifest, and putting
 * them in place as a directory or a ustar archive (see ts_bundle.h).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ts_buf.h"
#include "ts_bundle.h"
#include "ts_mem.h"
#include "ts_rec.h"
#include "ts_sha256.h"
#include "banned.h"

/*
 * Stream buffer of each file: rows are small, files large, and a system
 * call costs (with glibc's default 4 KiB, 108 MB of calls took 26,000
 * writes and 2.5 s on the test VM).
 */
#define BUF_SIZE (1 << 18)

struct bfile {
	char name[64];
	char what[96];
	FILE *f;		/* open until sealed */
	char *buf;		/* its buffer */
	int bad;		/* could not be created */
	long count;		/* -1: not a record file */
	size_t size;
	char sha[65];
};

struct ts_bundle {
	char *target;
	char *stage;		/* staging directory */
	char top[64];
	int tar;
	int committed;
	struct bfile **f;
	size_t n;
	char err[200];		/* the first error while writing */
};

static char *
path_in(const struct ts_bundle *b, const char *name)
{
	return ts_xasprintf("%s/%s", b->stage, name);
}

/*
 * The bundles being written, whose staging files go if the program exits
 * before they are committed or freed (out of memory: ts_xmalloc exits).
 */
#define LIVE_MAX 4
static struct ts_bundle *live[LIVE_MAX];
static void unstage(struct ts_bundle *b);

static void
unstage_live(void)
{
	size_t i;

	for (i = 0; i < LIVE_MAX; i++)
		if (live[i] && !live[i]->committed)
			unstage(live[i]);
}

static void
live_set(struct ts_bundle *b, struct ts_bundle *to)
{
	static int registered;
	size_t i;

	if (!registered && to)
		registered = atexit(unstage_live) == 0;
	for (i = 0; i < LIVE_MAX; i++)
		if (live[i] == b) {
			live[i] = to;
			return;
		}
}

struct ts_bundle *
ts_bundle_new(const char *target, int tar, const char *top,
    struct ts_error *err)
{
	struct ts_bundle *b;
	struct stat st;

	if (tar && (strlen(top) < 1 || strlen(top) > 60 || strchr(top, '/'))) {
		ts_error_set(err, TS_EXIT_USAGE, "'%s': the archive's directory "
		    "name must be 1 to 60 bytes without '/'", top);
		return NULL;
	}
	if (lstat(target, &st) == 0) {
		ts_error_set(err, TS_EXIT_FAIL, "'%s' already exists", target);
		return NULL;
	}
	b = ts_xcalloc(1, sizeof *b);
	b->target = ts_xstrdup(target);
	b->stage = ts_xasprintf("%s.partial-%ld", target, (long)getpid());
	b->tar = tar;
	snprintf(b->top, sizeof b->top, "%s", top ? top : "");
	if (mkdir(b->stage, 0700) != 0) {
		ts_error_set(err, TS_EXIT_FAIL, "cannot create '%s': %s",
		    b->stage, strerror(errno));
		free(b->stage);
		b->stage = NULL;
		ts_bundle_free(b);
		return NULL;
	}
	live_set(NULL, b);
	return b;
}

/* Removes the staged files and directory (and an archive being written),
 * allocating nothing: it also runs at exit when memory ran out. */
static void
unstage(struct ts_bundle *b)
{
	char p[4096];
	size_t i;

	if (!b->stage)
		return;
	for (i = 0; i < b->n; i++)
		if ((size_t)snprintf(p, sizeof p, "%s/%s", b->stage,
		    b->f[i]->name) < sizeof p)
			unlink(p);
	if ((size_t)snprintf(p, sizeof p, "%s.tar", b->stage) < sizeof p)
		unlink(p);
	rmdir(b->stage);
}

void
ts_bundle_free(struct ts_bundle *b)
{
	size_t i;

	if (!b)
		return;
	live_set(b, NULL);
	for (i = 0; i < b->n; i++)
		if (b->f[i]->f)
			fclose(b->f[i]->f);
	if (!b->committed)
		unstage(b);
	for (i = 0; i < b->n; i++) {
		free(b->f[i]->buf);
		free(b->f[i]);
	}
	free(b->f);
	free(b->target);
	free(b->stage);
	free(b);
}

static void
fail(struct ts_bundle *b, const char *what, const char *name)
{
	if (!b->err[0])
		snprintf(b->err, sizeof b->err, "%s '%s/%s': %s", what,
		    b->target, name, strerror(errno));
}

FILE *
ts_bundle_file(struct ts_bundle *b, const char *name, const char *what)
{
	struct bfile *f = ts_xcalloc(1, sizeof *f);
	char *p = path_in(b, name);
	int fd;

	snprintf(f->name, sizeof f->name, "%s", name);
	snprintf(f->what, sizeof f->what, "%s", what);
	f->count = -1;
	/* Listed before it is created, so that unstage finds it. */
	f->buf = ts_xmalloc(BUF_SIZE);
	b->f = ts_xreallocarray(b->f, b->n + 1, sizeof *b->f);
	b->f[b->n++] = f;
	fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	free(p);
	if (fd < 0 || !(f->f = fdopen(fd, "w"))) {
		fail(b, "cannot create", name);
		if (fd >= 0)
			close(fd);
		f->bad = 1;
		if (!(f->f = fopen("/dev/null", "w")))
			abort();
	}
	setvbuf(f->f, f->buf, _IOFBF, BUF_SIZE);
	return f->f;
}

void
ts_bundle_count(struct ts_bundle *b, const char *name, long n)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		if (strcmp(b->f[i]->name, name) == 0)
			b->f[i]->count = n;
}

/* Reads a staged file back for its digest and size. */
static int
digest(struct ts_bundle *b, struct bfile *f)
{
	unsigned char d[TS_SHA256_LEN], *buf;
	struct ts_sha256 c;
	char *p = path_in(b, f->name);
	int fd = open(p, O_RDONLY | O_CLOEXEC);
	ssize_t n;
	size_t i;

	free(p);
	if (fd < 0)
		return -1;
	buf = ts_xmalloc(BUF_SIZE);
	ts_sha256_init(&c);
	f->size = 0;
	while ((n = read(fd, buf, BUF_SIZE)) > 0) {
		ts_sha256_update(&c, buf, (size_t)n);
		f->size += (size_t)n;
	}
	free(buf);
	close(fd);
	if (n < 0)
		return -1;
	ts_sha256_final(&c, d);
	for (i = 0; i < TS_SHA256_LEN; i++)
		snprintf(f->sha + 2 * i, 3, "%02x", d[i]);
	return 0;
}

/* Flushes, syncs and closes each open stream, then digests it. */
static int
close_all(struct ts_bundle *b, struct ts_error *err)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		struct bfile *f = b->f[i];
		int bad;

		if (!f->f)
			continue;
		bad = fflush(f->f) != 0 || ferror(f->f) ||
		    (!f->bad && fsync(fileno(f->f)) != 0);
		if ((fclose(f->f) != 0 || bad) && !f->bad)
			fail(b, "write error:", f->name);
		f->f = NULL;
		free(f->buf);
		f->buf = NULL;
		if (!f->bad && !b->err[0] && digest(b, f) != 0)
			fail(b, "cannot read", f->name);
	}
	if (b->err[0])
		return ts_error_set(err, TS_EXIT_FAIL, "%s", b->err);
	return 0;
}

int
ts_bundle_seal(struct ts_bundle *b, const char *head, char sha256[65],
    struct ts_error *err)
{
	struct ts_buf m = TS_BUF_INIT;
	size_t i;

	if (close_all(b, err) != 0)
		return -1;
	ts_buf_addf(&m, "{\n  %s\n  \"files\": [\n", head);
	for (i = 0; i < b->n; i++) {
		struct bfile *f = b->f[i];

		ts_buf_addstr(&m, "    {\"name\": ");
		ts_rec_json_string(&m, f->name, strlen(f->name));
		ts_buf_addstr(&m, ", \"description\": ");
		ts_rec_json_string(&m, f->what, strlen(f->what));
		ts_buf_addf(&m, ", \"bytes\": %zu, \"sha256\": \"%s\"",
		    f->size, f->sha);
		if (f->count >= 0)
			ts_buf_addf(&m, ", \"records\": %ld", f->count);
		ts_buf_addf(&m, "}%s\n", i + 1 < b->n ? "," : "");
	}
	ts_buf_addstr(&m, "  ]\n}\n");
	fwrite(m.buf, 1, m.len, ts_bundle_file(b, "manifest.json",
	    "this list of files"));
	ts_buf_release(&m);
	if (close_all(b, err) != 0)
		return -1;
	memcpy(sha256, b->f[b->n - 1]->sha, 65);
	return 0;
}

/* ---- putting it in place ---- */

static int
write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, p, n)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static void
fsync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* The directory that holds path. */
static void
fsync_parent(const char *path)
{
	char *dir = ts_xstrdup(path), *slash = strrchr(dir, '/');

	if (!slash)
		fsync_dir(".");
	else {
		slash[slash == dir] = '\0';
		fsync_dir(dir);
	}
	free(dir);
}

/* An octal field of n bytes: n - 1 digits and a NUL. */
static void
octal(char *dst, size_t n, unsigned long long v)
{
	size_t i;

	dst[n - 1] = '\0';
	for (i = n - 1; i > 0; i--, v >>= 3)
		dst[i - 1] = (char)('0' + (v & 7));
}

static void
tar_header(char h[512], const char *name, int dir, size_t size,
    int64_t mtime)
{
	unsigned sum = 0;
	size_t i;

	memset(h, 0, 512);
	snprintf(h, 100, "%s", name);
	octal(h + 100, 8, dir ? 0700 : 0600);
	octal(h + 108, 8, 0);
	octal(h + 116, 8, 0);
	octal(h + 124, 12, size);
	octal(h + 136, 12, (unsigned long long)(mtime < 0 ? 0 : mtime));
	memset(h + 148, ' ', 8);
	h[156] = dir ? '5' : '0';
	memcpy(h + 257, "ustar", 6);
	memcpy(h + 263, "00", 2);
	for (i = 0; i < 512; i++)
		sum += (unsigned char)h[i];
	octal(h + 148, 7, sum);	/* six digits, NUL, and the space */
}

/* One staged file into the archive: header, bytes, padding. */
static int
tar_file(struct ts_bundle *b, int out, const struct bfile *f,
    int64_t mtime)
{
	static const char zero[512];
	char h[512], name[160], *buf = NULL, *p;
	size_t left = f->size;
	ssize_t n;
	int in;

	/* ustar names: 99 bytes (top is at most 60, our names short). */
	if ((size_t)snprintf(name, sizeof name, "%s/%s", b->top, f->name) >
	    99) {
		errno = ENAMETOOLONG;
		return -1;
	}
	tar_header(h, name, 0, f->size, mtime);
	p = path_in(b, f->name);
	in = open(p, O_RDONLY | O_CLOEXEC);
	free(p);
	if (in < 0 || write_all(out, h, 512) != 0)
		goto fail;
	buf = ts_xmalloc(BUF_SIZE);
	while (left > 0 && (n = read(in, buf, BUF_SIZE)) > 0) {
		if ((size_t)n > left || write_all(out, buf, (size_t)n) != 0)
			goto fail;
		left -= (size_t)n;
	}
	free(buf);
	close(in);
	if (left)
		return -1;
	return f->size % 512 ? write_all(out, zero, 512 - f->size % 512) : 0;
fail:
	free(buf);
	if (in >= 0)
		close(in);
	return -1;
}

static int
tar_all(struct ts_bundle *b, int out, int64_t mtime)
{
	static const char zero[1024];
	char h[512], name[100];
	size_t i;

	snprintf(name, sizeof name, "%s/", b->top);
	tar_header(h, name, 1, 0, mtime);
	if (write_all(out, h, 512) != 0)
		return -1;
	for (i = 0; i < b->n; i++)
		if (tar_file(b, out, b->f[i], mtime) != 0)
			return -1;
	return write_all(out, zero, sizeof zero);
}

static int
commit_tar(struct ts_bundle *b, int64_t mtime, struct ts_error *err)
{
	char *tmp = ts_xasprintf("%s.tar", b->stage);
	int fd, rc = 0;

	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd < 0) {
		rc = ts_error_set(err, TS_EXIT_FAIL, "cannot create '%s': %s",
		    tmp, strerror(errno));
		free(tmp);
		return rc;
	}
	if (tar_all(b, fd, mtime) != 0 || fsync(fd) != 0)
		rc = ts_error_set(err, TS_EXIT_FAIL, "write error: '%s': %s",
		    b->target, strerror(errno));
	if (close(fd) != 0 && rc == 0)
		rc = ts_error_set(err, TS_EXIT_FAIL, "write error: '%s': %s",
		    b->target, strerror(errno));
	if (rc == 0 && rename(tmp, b->target) != 0)
		rc = ts_error_set(err, TS_EXIT_FAIL, "cannot create '%s': %s",
		    b->target, strerror(errno));
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	return rc;
}

int
ts_bundle_commit(struct ts_bundle *b, int64_t mtime, struct ts_error *err)
{
	if (b->tar) {
		if (commit_tar(b, mtime, err) != 0)
			return -1;
		unstage(b);
	} else {
		fsync_dir(b->stage);
		if (rename(b->stage, b->target) != 0)
			return ts_error_set(err, TS_EXIT_FAIL, "cannot create "
			    "'%s': %s", b->target, strerror(errno));
	}
	b->committed = 1;
	fsync_parent(b->target);
	return 0;
}

void
ts_bundle_withdraw(struct ts_bundle *b)
{
	if (!b->committed)
		return;
	if (b->tar)
		unlink(b->target);
	else if (rename(b->target, b->stage) == 0)
		unstage(b);
	fsync_parent(b->target);
	b->committed = 0;
}
