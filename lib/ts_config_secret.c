/*
 * ts_config_secret.c - secrets in the configuration: where they are
 * (password_file, password_env), checked when the file is loaded, and read
 * only when a tool needs them.  A secret's value never appears in a
 * message, and a password written in the configuration itself is refused:
 * configuration files get copied, mailed and committed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ts_buf.h"
#include "ts_config_impl.h"
#include "ts_mem.h"
#include "banned.h"

#define SECRET_MAX 4096

/* Refuses a secret file that others could read. */
static int
check_file_mode(const char *path, struct ts_error *err)
{
	struct stat sb;

	if (stat(path, &sb) < 0)
		return ts_error_set(err, TS_EXIT_USAGE, "cannot read the secret "
		    "file '%s': %s", path, strerror(errno));
	if (!S_ISREG(sb.st_mode))
		return ts_error_set(err, TS_EXIT_USAGE, "the secret file '%s' "
		    "is not a regular file", path);
	if (sb.st_mode & (S_IRWXG | S_IRWXO))
		return ts_error_set(err, TS_EXIT_USAGE, "the secret file '%s' "
		    "can be read by others (mode %03o): chmod 600 it",
		    path, (unsigned)(sb.st_mode & 0777));
	return 0;
}

int
ts_config_key_secret_file(struct ts_config_ctx *c,
    const struct ts_config_node *n, void *obj, const struct ts_config_key *k)
{
	struct ts_secret *s = TS_CONFIG_FIELD(obj, k, struct ts_secret);
	struct ts_error inner = TS_ERROR_INIT;

	if (ts_config_str(c, n, &s->file) < 0)
		return -1;
	if (check_file_mode(s->file, &inner) < 0)
		return ts_config_fail_with(c, n, &inner);
	return 0;
}

int
ts_config_key_secret_env(struct ts_config_ctx *c,
    const struct ts_config_node *n, void *obj, const struct ts_config_key *k)
{
	struct ts_secret *s = TS_CONFIG_FIELD(obj, k, struct ts_secret);
	size_t i;

	if (ts_config_str(c, n, &s->env) < 0)
		return -1;
	for (i = 0; s->env[i]; i++) {
		char ch = s->env[i];

		if (!(ch == '_' || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= 'a' && ch <= 'z') || (i && ch >= '0' && ch <= '9')))
			return ts_config_fail(c, n, "'%s' is not the name of "
			    "an environment variable", s->env);
	}
	return i ? 0 : ts_config_fail(c, n, "empty variable name");
}

int
ts_config_key_inline_secret(struct ts_config_ctx *c,
    const struct ts_config_node *n, void *obj, const struct ts_config_key *k)
{
	(void)obj;
	return ts_config_fail(c, n, "a secret does not belong in the "
	    "configuration: put it in a file only you can read and name it "
	    "with '%s_file', or in the environment with '%s_env'", k->name,
	    k->name);
}

static char *
read_first_line(const char *path, struct ts_error *err)
{
	struct ts_buf b = TS_BUF_INIT;
	char chunk[256];
	ssize_t n;
	int fd;

	if (check_file_mode(path, err) < 0)
		return NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ts_error_set(err, TS_EXIT_USAGE, "cannot read the secret file "
		    "'%s': %s", path, strerror(errno));
		return NULL;
	}
	while ((n = read(fd, chunk, sizeof chunk)) > 0 &&
	    b.len < SECRET_MAX)
		ts_buf_add(&b, chunk, (size_t)n);
	explicit_bzero(chunk, sizeof chunk);
	close(fd);
	if (n < 0) {
		ts_secret_free(ts_buf_detach(&b, NULL));
		ts_error_set(err, TS_EXIT_USAGE, "cannot read the secret file "
		    "'%s'", path);
		return NULL;
	}
	/* The first line only: editors add a line end. */
	b.len = strcspn(b.buf, "\r\n");
	b.buf[b.len] = '\0';
	return ts_buf_detach(&b, NULL);
}

char *
ts_secret_read(const struct ts_secret *s, struct ts_error *err)
{
	const char *v;

	if (s->file)
		return read_first_line(s->file, err);
	if (s->env) {
		v = getenv(s->env);
		if (!v) {
			ts_error_set(err, TS_EXIT_USAGE, "the environment "
			    "variable '%s' is not set", s->env);
			return NULL;
		}
		return ts_xstrdup(v);
	}
	return ts_xstrdup("");
}

void
ts_secret_free(char *value)
{
	if (!value)
		return;
	explicit_bzero(value, strlen(value));
	free(value);
}
