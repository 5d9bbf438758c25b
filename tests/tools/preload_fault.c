/*
 * preload_fault.c - an LD_PRELOAD shim that makes the k-th write, sync or
 * allocation of a process fail, for the fault-injection tests
 * (tests/t910-fault.sh), as SQLite's and curl's test suites do: run an
 * operation once per failure point, k = 1, 2, ..., until a run completes
 * without reaching k, and check each time that the program fails cleanly
 * and leaves its data whole.  libfiu cannot fail "the k-th call".
 *
 *	TS_FAULT=write|sync|alloc	which calls are counted (one class)
 *	TS_FAULT_AT=k			the k-th of them fails (0: count only)
 *	TS_FAULT_PERSIST=1		every call from the k-th on fails
 *	TS_FAULT_ERRNO=EIO|ENOSPC|EFBIG|ENOMEM	errno of a failed call
 *					(default EIO, ENOMEM for alloc)
 *	TS_FAULT_LOG=file		appended: "hit k" when the fault is
 *					injected, "calls n" at exit
 *
 * Only the ts tools count (programs named ts or ts-*): the shell that
 * starts them and sqlite3 are left alone, so that a count is the tool's.
 *
 * write counts write, pwrite and pwrite64 on descriptors above 2 (the
 * diagnostics on stderr must get out); sync counts fsync and fdatasync;
 * alloc counts malloc, calloc and realloc, served by glibc's __libc_*
 * entry points so that no dlsym (which allocates) is needed for them.
 * The shim is built without sanitizers: ASan's runtime must come first,
 * so the fault tests skip under SANITIZE=1.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#include "banned.h"

enum fault_class { F_NONE, F_WRITE, F_SYNC, F_ALLOC };

void *__libc_malloc(size_t n);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *p, size_t n);

static enum fault_class fault_class;
static long fault_at;		/* 0: never */
static int fault_persist;
static int fault_errno = EIO;
static int fault_log = -1;
static long fault_calls;
static int fault_ready;

/* Writes to the log without going through the counted write(). */
static void
log_line(const char *what, long n)
{
	char buf[64];
	int len;

	if (fault_log < 0)
		return;
	len = snprintf(buf, sizeof buf, "%s %ld\n", what, n);
	if (len > 0)
		syscall(SYS_write, fault_log, buf, (size_t)len);
}

static int
errno_named(const char *s, int dflt)
{
	if (!s || !*s)
		return dflt;
	if (strcmp(s, "ENOSPC") == 0)
		return ENOSPC;
	if (strcmp(s, "EFBIG") == 0)
		return EFBIG;
	if (strcmp(s, "ENOMEM") == 0)
		return ENOMEM;
	if (strcmp(s, "EDQUOT") == 0)
		return EDQUOT;
	return EIO;
}

/* Reads the environment once; getenv does not allocate. */
static void
setup(void)
{
	const char *c = getenv("TS_FAULT"), *v;

	fault_ready = 1;
	if (!c || strncmp(program_invocation_short_name, "ts", 2) != 0 ||
	    (program_invocation_short_name[2] != '\0' &&
	    program_invocation_short_name[2] != '-'))
		return;
	if (strcmp(c, "write") == 0)
		fault_class = F_WRITE;
	else if (strcmp(c, "sync") == 0)
		fault_class = F_SYNC;
	else if (strcmp(c, "alloc") == 0)
		fault_class = F_ALLOC;
	if ((v = getenv("TS_FAULT_AT")))
		fault_at = strtol(v, NULL, 10);
	fault_persist = (v = getenv("TS_FAULT_PERSIST")) && *v == '1';
	fault_errno = errno_named(getenv("TS_FAULT_ERRNO"),
	    fault_class == F_ALLOC ? ENOMEM : EIO);
	if ((v = getenv("TS_FAULT_LOG")) && *v)
		fault_log = (int)syscall(SYS_openat, AT_FDCWD, v,
		    O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
}

/* Counts one call of class c; 1 when it must fail. */
static int
fail_now(enum fault_class c)
{
	if (!fault_ready)
		setup();
	if (c != fault_class)
		return 0;
	fault_calls++;
	if (fault_at <= 0 || fault_calls < fault_at)
		return 0;
	if (fault_calls > fault_at && !fault_persist)
		return 0;
	if (fault_calls == fault_at)
		log_line("hit", fault_calls);
	errno = fault_errno;
	return 1;
}

static void __attribute__((destructor))
report(void)
{
	if (fault_class != F_NONE)
		log_line("calls", fault_calls);
}

/* ---- the calls ---- */

static void *
next(const char *name)
{
	void *f = dlsym(RTLD_NEXT, name);

	if (!f)
		abort();
	return f;
}

ssize_t
write(int fd, const void *buf, size_t n)
{
	static ssize_t (*real)(int, const void *, size_t);

	if (fd > 2 && fail_now(F_WRITE))
		return -1;
	if (!real)
		real = next("write");
	return real(fd, buf, n);
}

ssize_t
pwrite(int fd, const void *buf, size_t n, off_t off)
{
	static ssize_t (*real)(int, const void *, size_t, off_t);

	if (fd > 2 && fail_now(F_WRITE))
		return -1;
	if (!real)
		real = next("pwrite");
	return real(fd, buf, n, off);
}

ssize_t
pwrite64(int fd, const void *buf, size_t n, off64_t off)
{
	static ssize_t (*real)(int, const void *, size_t, off64_t);

	if (fd > 2 && fail_now(F_WRITE))
		return -1;
	if (!real)
		real = next("pwrite64");
	return real(fd, buf, n, off);
}

int
fsync(int fd)
{
	static int (*real)(int);

	if (fail_now(F_SYNC))
		return -1;
	if (!real)
		real = next("fsync");
	return real(fd);
}

int
fdatasync(int fd)
{
	static int (*real)(int);

	if (fail_now(F_SYNC))
		return -1;
	if (!real)
		real = next("fdatasync");
	return real(fd);
}

void *
malloc(size_t n)
{
	if (fail_now(F_ALLOC))
		return NULL;
	return __libc_malloc(n);
}

void *
calloc(size_t n, size_t size)
{
	if (fail_now(F_ALLOC))
		return NULL;
	return __libc_calloc(n, size);
}

void *
realloc(void *p, size_t n)
{
	/* realloc(p, 0) frees: it cannot fail. */
	if (n > 0 && fail_now(F_ALLOC))
		return NULL;
	return __libc_realloc(p, n);
}
