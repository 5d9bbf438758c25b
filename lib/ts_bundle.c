/*
 * ts_bundle.c - export bundles in memory, their manifest, and writing them
 * as a directory or a ustar archive (see ts_bundle.h).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ts_bundle.h"
#include "ts_mem.h"
#include "ts_rec.h"
#include "ts_sha256.h"
#include "banned.h"

struct bfile {
	char name[64];
	char what[96];
	FILE *f;		/* open until sealed */
	char *data;		/* open_memstream's buffer */
	size_t len;
	long count;		/* -1: not a record file */
	char sha[65];
};

struct ts_bundle {
	struct bfile **f;
	size_t n;
	int sealed;
};

struct ts_bundle *
ts_bundle_new(void)
{
	return ts_xcalloc(1, sizeof(struct ts_bundle));
}

void
ts_bundle_free(struct ts_bundle *b)
{
	size_t i;

	if (!b)
		return;
	for (i = 0; i < b->n; i++) {
		if (b->f[i]->f)
			fclose(b->f[i]->f);
		if (b->f[i]->data)	/* personal data: wiped */
			explicit_bzero(b->f[i]->data, b->f[i]->len);
		free(b->f[i]->data);
		free(b->f[i]);
	}
	free(b->f);
	free(b);
}

FILE *
ts_bundle_file(struct ts_bundle *b, const char *name, const char *what)
{
	struct bfile *f = ts_xcalloc(1, sizeof *f);

	snprintf(f->name, sizeof f->name, "%s", name);
	snprintf(f->what, sizeof f->what, "%s", what);
	f->count = -1;
	if (!(f->f = open_memstream(&f->data, &f->len))) {
		perror("open_memstream");
		abort();
	}
	b->f = ts_xreallocarray(b->f, b->n + 1, sizeof *b->f);
	b->f[b->n++] = f;
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

static void
hex(const unsigned char *d, char out[65])
{
	size_t i;

	for (i = 0; i < TS_SHA256_LEN; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static int
close_all(struct ts_bundle *b, struct ts_error *err)
{
	unsigned char d[TS_SHA256_LEN];
	size_t i;
	int bad = 0;

	for (i = 0; i < b->n; i++) {
		struct bfile *f = b->f[i];

		if (!f->f)
			continue;
		bad |= ferror(f->f) | fclose(f->f);
		f->f = NULL;
		ts_sha256(f->data, f->len, d);
		hex(d, f->sha);
	}
	if (bad)
		return ts_error_set(err, TS_EXIT_FAIL, "export: out of memory");
	return 0;
}

int
ts_bundle_seal(struct ts_bundle *b, const char *head, char sha256[65],
    struct ts_error *err)
{
	struct ts_buf m = TS_BUF_INIT;
	unsigned char d[TS_SHA256_LEN];
	struct bfile *mf;
	FILE *out;
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
		    f->len, f->sha);
		if (f->count >= 0)
			ts_buf_addf(&m, ", \"records\": %ld", f->count);
		ts_buf_addf(&m, "}%s\n", i + 1 < b->n ? "," : "");
	}
	ts_buf_addstr(&m, "  ]\n}\n");
	out = ts_bundle_file(b, "manifest.json", "this list of files");
	fwrite(m.buf, 1, m.len, out);
	ts_buf_release(&m);
	if (close_all(b, err) != 0)
		return -1;
	mf = b->f[b->n - 1];
	ts_sha256(mf->data, mf->len, d);
	hex(d, sha256);
	b->sealed = 1;
	return 0;
}

/* ---- writing ---- */

/* Writes all of buf to fd; 0, or -1 with errno. */
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

/* Creates path 0600 (never an existing file or a symbolic link). */
static int
create(const char *path, struct ts_error *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600);

	if (fd < 0)
		ts_error_set(err, TS_EXIT_FAIL, "cannot create '%s': %s",
		    path, strerror(errno));
	return fd;
}

static int
fsync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* The directory part of path ("." when none), in buf. */
static void
parent(const char *path, char *buf, size_t n)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		snprintf(buf, n, ".");
	else if (slash == path)
		snprintf(buf, n, "/");
	else
		snprintf(buf, n, "%.*s", (int)(slash - path), path);
}

static int
exists(const char *path, struct ts_error *err)
{
	struct stat st;

	if (lstat(path, &st) == 0)
		return ts_error_set(err, TS_EXIT_FAIL, "'%s' already exists",
		    path);
	return 0;
}

/* Removes a partial directory (files first). */
static void
remove_dir(struct ts_bundle *b, const char *dir)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		char *p = ts_xasprintf("%s/%s", dir, b->f[i]->name);

		unlink(p);
		free(p);
	}
	rmdir(dir);
}

static int
write_file(const char *path, const char *data, size_t len,
    struct ts_error *err)
{
	int fd = create(path, err);

	if (fd < 0)
		return -1;
	if (write_all(fd, data, len) != 0 || fsync(fd) != 0) {
		ts_error_set(err, TS_EXIT_FAIL, "write error: '%s': %s", path,
		    strerror(errno));
		close(fd);
		return -1;
	}
	if (close(fd) != 0)
		return ts_error_set(err, TS_EXIT_FAIL, "write error: '%s': "
		    "%s", path, strerror(errno));
	return 0;
}

int
ts_bundle_write_dir(struct ts_bundle *b, const char *path,
    struct ts_error *err)
{
	char *tmp, up[4096];
	size_t i;
	int rc = 0;

	if (exists(path, err) != 0)
		return -1;
	tmp = ts_xasprintf("%s.partial-%ld", path, (long)getpid());
	if (mkdir(tmp, 0700) != 0) {
		ts_error_set(err, TS_EXIT_FAIL, "cannot create '%s': %s", tmp,
		    strerror(errno));
		free(tmp);
		return -1;
	}
	for (i = 0; i < b->n && rc == 0; i++) {
		char *p = ts_xasprintf("%s/%s", tmp, b->f[i]->name);

		rc = write_file(p, b->f[i]->data, b->f[i]->len, err);
		free(p);
	}
	if (rc == 0 && (fsync_dir(tmp) != 0 || rename(tmp, path) != 0))
		rc = ts_error_set(err, TS_EXIT_FAIL, "cannot create '%s': %s",
		    path, strerror(errno));
	if (rc != 0)
		remove_dir(b, tmp);
	parent(path, up, sizeof up);
	if (rc == 0)
		fsync_dir(up);
	free(tmp);
	return rc;
}

/* ---- ustar ---- */

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

static int
tar_entry(int fd, const char *name, int dir, const char *data, size_t len,
    int64_t mtime)
{
	static const char zero[512];
	char h[512];

	tar_header(h, name, dir, len, mtime);
	if (write_all(fd, h, 512) != 0 || (len && write_all(fd, data, len)))
		return -1;
	return len % 512 ? write_all(fd, zero, 512 - len % 512) : 0;
}

static int
tar_all(struct ts_bundle *b, int fd, const char *top, int64_t mtime)
{
	static const char zero[1024];
	char name[100];
	size_t i;

	snprintf(name, sizeof name, "%s/", top);
	if (tar_entry(fd, name, 1, NULL, 0, mtime) != 0)
		return -1;
	for (i = 0; i < b->n; i++) {
		snprintf(name, sizeof name, "%s/%s", top, b->f[i]->name);
		if (tar_entry(fd, name, 0, b->f[i]->data, b->f[i]->len,
		    mtime) != 0)
			return -1;
	}
	return write_all(fd, zero, sizeof zero);
}

int
ts_bundle_write_tar(struct ts_bundle *b, const char *path, const char *top,
    int64_t mtime, struct ts_error *err)
{
	char *tmp;
	int fd, rc = 0;

	if (strlen(top) > 60 || !*top || strchr(top, '/'))
		return ts_error_set(err, TS_EXIT_USAGE, "'%s': the archive's "
		    "directory name must be 1 to 60 bytes without '/'", top);
	if (exists(path, err) != 0)
		return -1;
	tmp = ts_xasprintf("%s.partial-%ld", path, (long)getpid());
	if ((fd = create(tmp, err)) < 0) {
		free(tmp);
		return -1;
	}
	if (tar_all(b, fd, top, mtime) != 0 || fsync(fd) != 0)
		rc = ts_error_set(err, TS_EXIT_FAIL, "write error: '%s': %s",
		    path, strerror(errno));
	if (close(fd) != 0 && rc == 0)
		rc = ts_error_set(err, TS_EXIT_FAIL, "write error: '%s': %s",
		    path, strerror(errno));
	if (rc == 0 && rename(tmp, path) != 0)
		rc = ts_error_set(err, TS_EXIT_FAIL, "cannot create '%s': %s",
		    path, strerror(errno));
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	return rc;
}
