/*
 * ts_transport.c - SMTP, sendmail, SMS gateways and webhooks (see
 * ts_transport.h).
 *
 * SMTP: libcurl's smtp(s):// with one recipient per transaction, so that
 * one refused address does not fail the others (with several RCPT, curl
 * drops a refused one silently).  The outcome is classified from the
 * server's last reply code, not from the CURLcode: a 451 and a 550 both
 * give CURLE_SEND_ERROR.  One easy handle per session keeps the connection
 * open between messages.
 */
#include <errno.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "ts_enc.h"
#include "ts_http.h"
#include "ts_mem.h"
#include "ts_sha256.h"
#include "ts_sms.h"
#include "ts_template.h"
#include "ts_transport.h"
#include "banned.h"

static int
fail(struct ts_sendres *res, int temp, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int
fail(struct ts_sendres *res, int temp, int code, const char *fmt, ...)
{
	va_list ap;

	res->temp = temp;
	res->code = code;
	va_start(ap, fmt);
	vsnprintf(res->error, sizeof res->error, fmt, ap);
	va_end(ap);
	return -1;
}

/* ---- SMTP ---- */

struct ts_smtp {
	const struct ts_smtp_conf *conf;
	CURL *h;
	int reuse;
	char *password;
	int password_read;
	char errbuf[CURL_ERROR_SIZE];
	char url[512];
	int64_t sent;		/* messages over the current connection */
};

struct upload {
	const char *p;
	size_t left;
};

static size_t
on_read(char *buf, size_t size, size_t nmemb, void *ctx)
{
	struct upload *u = ctx;
	size_t n = size * nmemb;

	if (n > u->left)
		n = u->left;
	memcpy(buf, u->p, n);
	u->p += n;
	u->left -= n;
	return n;
}

struct ts_smtp *
ts_smtp_new(const struct ts_smtp_conf *conf, int reuse)
{
	struct ts_smtp *s = ts_xcalloc(1, sizeof *s);

	curl_global_init(CURL_GLOBAL_DEFAULT);
	s->conf = conf;
	s->reuse = reuse;
	snprintf(s->url, sizeof s->url, "%s", conf->url);
	return s;
}

void
ts_smtp_free(struct ts_smtp *s)
{
	if (!s)
		return;
	if (s->h)
		curl_easy_cleanup(s->h);
	ts_secret_free(s->password);
	free(s);
	curl_global_cleanup();
}

static void
smtp_setup(struct ts_smtp *s)
{
	const struct ts_smtp_conf *c = s->conf;
	CURL *h = s->h;

	curl_easy_setopt(h, CURLOPT_URL, s->url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, s->errbuf);
	curl_easy_setopt(h, CURLOPT_USE_SSL, c->tls == TS_TLS_NONE ?
	    (long)CURLUSESSL_NONE : (long)CURLUSESSL_ALL);
	if (c->ca_file)
		curl_easy_setopt(h, CURLOPT_CAINFO, c->ca_file);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)c->timeout);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)c->connect_timeout);
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, c->from);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, on_read);
	if (c->username) {
		curl_easy_setopt(h, CURLOPT_USERNAME, c->username);
		curl_easy_setopt(h, CURLOPT_PASSWORD, s->password ?
		    s->password : "");
	}
	if (!s->reuse) {
		curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, 1L);
		curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
	}
}

static int
smtp_ready(struct ts_smtp *s, struct ts_sendres *res)
{
	struct ts_error err = TS_ERROR_INIT;

	if (s->conf->username && !s->password_read) {
		s->password = ts_secret_read(&s->conf->password, &err);
		if (!s->password)
			return fail(res, 1, 0, "smtp: %s", err.msg);
		s->password_read = 1;
	}
	if (s->h && s->conf->batch > 0 && s->sent >= s->conf->batch) {
		curl_easy_cleanup(s->h);
		s->h = NULL;
	}
	if (!s->h) {
		s->sent = 0;
		if (!(s->h = curl_easy_init()))
			return fail(res, 1, 0, "smtp: cannot start libcurl");
		smtp_setup(s);
	}
	return 0;
}

int
ts_smtp_send(struct ts_smtp *s, const char *rcpt, const char *msg,
    size_t len, struct ts_sendres *res)
{
	struct curl_slist *rl = NULL;
	struct upload u = { msg, len };
	long code = 0;
	CURLcode rc;

	if (smtp_ready(s, res) < 0)
		return -1;
	rl = curl_slist_append(rl, rcpt);
	curl_easy_setopt(s->h, CURLOPT_MAIL_RCPT, rl);
	curl_easy_setopt(s->h, CURLOPT_READDATA, &u);
	curl_easy_setopt(s->h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	s->errbuf[0] = '\0';
	rc = curl_easy_perform(s->h);
	curl_easy_getinfo(s->h, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(rl);
	curl_easy_setopt(s->h, CURLOPT_MAIL_RCPT, NULL);
	s->sent++;
	if (rc == CURLE_OK)
		return 0;
	/* A broken connection must not be reused for the next one. */
	curl_easy_cleanup(s->h);
	s->h = NULL;
	if (code >= 500 && code < 600)
		return fail(res, 0, (int)code, "smtp: the server refused the "
		    "message (%ld)", code);
	if (code >= 400 && code < 500)
		return fail(res, 1, (int)code, "smtp: the server deferred the "
		    "message (%ld)", code);
	if (rc == CURLE_UNSUPPORTED_PROTOCOL || rc == CURLE_URL_MALFORMAT)
		return fail(res, 0, 0, "smtp: %s", curl_easy_strerror(rc));
	return fail(res, 1, (int)code, "smtp: %s", s->errbuf[0] ? s->errbuf :
	    curl_easy_strerror(rc));
}

/* ---- sendmail ---- */

/* Splits command on blanks into argv (room for max - 6 words). */
static size_t
split_words(char *cmd, char **argv, size_t max)
{
	size_t n = 0;
	char *p = cmd;

	while (*p && n < max) {
		while (*p == ' ' || *p == '\t')
			*p++ = '\0';
		if (!*p)
			break;
		argv[n++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
	}
	return n;
}

/* Writes msg with CRLF made LF, as sendmail reads local text. */
static int
write_lf(int fd, const char *msg, size_t len)
{
	struct ts_buf b = TS_BUF_INIT;
	size_t i, off = 0;
	ssize_t w;
	int rc;

	for (i = 0; i < len; i++)
		if (!(msg[i] == '\r' && i + 1 < len && msg[i + 1] == '\n'))
			ts_buf_addch(&b, msg[i]);
	while (off < b.len) {
		w = write(fd, b.buf + off, b.len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			break;
		off += (size_t)w;
	}
	rc = off == b.len ? 0 : -1;
	ts_buf_release(&b);
	return rc;
}

/* Waits for sendmail at most timeout seconds (0: as long as it takes). */
static int
sendmail_wait(pid_t pid, int64_t timeout, struct ts_sendres *res)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	int64_t waited = 0;
	pid_t got;
	int status;

	while ((got = waitpid(pid, &status, WNOHANG)) == 0) {
		if (timeout > 0 && waited >= timeout * 100) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			return fail(res, 1, 0, "sendmail: no answer after "
			    "%lld s", (long long)timeout);
		}
		nanosleep(&tick, NULL);
		waited++;
	}
	if (got < 0)
		return fail(res, 1, 0, "sendmail: wait: %s", strerror(errno));
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (!WIFEXITED(status))
		return fail(res, 1, 0, "sendmail: killed by signal %d",
		    WTERMSIG(status));
	/* sysexits.h: 75 EX_TEMPFAIL, 74 EX_IOERR, 71 EX_OSERR. */
	status = WEXITSTATUS(status);
	return fail(res, status == 75 || status == 74 || status == 71, 0,
	    "sendmail: exit status %d", status);
}

int
ts_sendmail_send(const struct ts_sendmail_conf *conf, const char *rcpt,
    const char *msg, size_t len, struct ts_sendres *res)
{
	char *cmd = ts_xstrdup(conf->command ? conf->command :
	    "/usr/sbin/sendmail");
	char *argv[32];
	size_t n;
	int fd[2], rc;
	pid_t pid;

	n = split_words(cmd, argv, 32 - 6);
	argv[n++] = (char *)"-i";
	argv[n++] = (char *)"-f";
	argv[n++] = conf->from;
	argv[n++] = (char *)"--";
	argv[n++] = (char *)rcpt;
	argv[n] = NULL;
	if (pipe(fd) < 0 || (pid = fork()) < 0) {
		free(cmd);
		return fail(res, 1, 0, "sendmail: %s", strerror(errno));
	}
	if (pid == 0) {
		dup2(fd[0], 0);
		close(fd[0]);
		close(fd[1]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(fd[0]);
	/* A sendmail that exits before reading all of it must not kill the
	 * sender: its exit status says what happened. */
	signal(SIGPIPE, SIG_IGN);
	rc = write_lf(fd[1], msg, len);
	close(fd[1]);
	free(cmd);
	if (sendmail_wait(pid, conf->timeout, res) < 0)
		return -1;
	return rc < 0 ? fail(res, 1, 0, "sendmail: write error") : 0;
}

/* ---- HTTP: SMS and webhooks ---- */

static int
http_outcome(const char *what, long status, const int *ok, size_t nok,
    struct ts_sendres *res)
{
	size_t i;

	for (i = 0; i < nok; i++)
		if (status == ok[i])
			return 0;
	if (!nok && status >= 200 && status < 300)
		return 0;
	return fail(res, status >= 500 || status == 429 || status == 408,
	    (int)status, "%s: the server replied %ld", what, status);
}

static int
http_send(const struct ts_http_opts *o, const char *what, const char *method,
    const char *url, const char *const *headers, const char *body,
    size_t len, const int *ok, size_t nok, struct ts_sendres *res)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_http_resp r;
	long status;

	if (ts_http_request_with(o, method, url, NULL, headers, body, len, 0,
	    &r, &err) < 0)
		return fail(res, err.code != TS_EXIT_USAGE, 0, "%s: %s", what,
		    err.msg);
	status = r.status;
	res->retry_after = r.retry_after > 0 ? r.retry_after : 0;
	ts_http_resp_release(&r);
	return http_outcome(what, status, ok, nok, res);
}

struct sms_look {
	const struct ts_sms_provider *p;
	const char *from, *to, *text, *id, *password, *coding;
	struct ts_http_opts opts;
};

static const char *
sms_lookup(void *ctx, const char *name)
{
	struct sms_look *l = ctx;

	if (strcmp(name, "to") == 0)
		return l->to;
	if (strcmp(name, "from") == 0)
		return l->from ? l->from : "";
	if (strcmp(name, "text") == 0)
		return l->text;
	if (strcmp(name, "id") == 0)
		return l->id;
	if (strcmp(name, "username") == 0)
		return l->p->username ? l->p->username : "";
	if (strcmp(name, "password") == 0)
		return l->password ? l->password : "";
	if (strcmp(name, "coding") == 0)
		return l->coding;
	return NULL;
}

static void
esc_json(struct ts_buf *out, const char *v, size_t n)
{
	ts_json_escape(out, v, n);
}

/* Kannel's sendsms: a GET with the parameters in the query. */
static void
kannel_url(const struct sms_look *l, struct ts_buf *u)
{
	const struct ts_sms_provider *p = l->p;

	ts_buf_addstr(u, p->url);
	ts_buf_addch(u, strchr(p->url, '?') ? '&' : '?');
	ts_buf_addstr(u, "username=");
	ts_percent_encode(u, p->username ? p->username : "",
	    p->username ? strlen(p->username) : 0);
	ts_buf_addstr(u, "&password=");
	if (l->password)
		ts_percent_encode(u, l->password, strlen(l->password));
	ts_buf_addstr(u, "&to=");
	ts_percent_encode(u, l->to, strlen(l->to));
	if (l->from) {
		ts_buf_addstr(u, "&from=");
		ts_percent_encode(u, l->from, strlen(l->from));
	}
	ts_buf_addstr(u, "&charset=UTF-8&coding=");
	ts_buf_addstr(u, strcmp(l->coding, "ucs2") == 0 ? "2" : "0");
	ts_buf_addstr(u, "&text=");
	ts_percent_encode(u, l->text, strlen(l->text));
}

static int
sms_http(const struct sms_look *l, struct ts_sendres *res)
{
	const struct ts_sms_provider *p = l->p;
	struct ts_buf url = TS_BUF_INIT, body = TS_BUF_INIT;
	struct ts_buf hv[16];
	struct ts_error err = TS_ERROR_INIT;
	const char *hdrs[18];
	size_t i, nh = 0;
	int json = p->content_type && strstr(p->content_type, "json"), rc;

	rc = ts_tpl_render(p->url, sms_lookup, (void *)l, ts_percent_encode,
	    &url, &err);
	if (rc == 0 && p->body)
		rc = ts_tpl_render(p->body, sms_lookup, (void *)l, json ?
		    esc_json : ts_percent_encode, &body, &err);
	for (i = 0; rc == 0 && i < p->nheaders && nh < 16; i++) {
		ts_buf_init(&hv[nh]);
		ts_buf_addf(&hv[nh], "%s: ", p->headers[i].name);
		rc = ts_tpl_render(p->headers[i].value, sms_lookup,
		    (void *)l, NULL, &hv[nh], &err);
		hdrs[nh] = hv[nh].buf;
		nh++;
	}
	ts_buf_init(&hv[nh]);
	ts_buf_addf(&hv[nh], "Content-Type: %s", p->content_type);
	hdrs[nh] = hv[nh].buf;
	hdrs[++nh] = NULL;
	if (rc == 0)
		rc = http_send(&l->opts, "sms", p->method, url.buf, hdrs,
		    p->body ? body.buf : NULL, body.len, p->success,
		    p->nsuccess, res);
	else
		rc = fail(res, 0, 0, "sms: %s", err.msg);
	for (i = 0; i < nh; i++)
		ts_buf_release(&hv[i]);
	ts_buf_release(&url);
	ts_buf_release(&body);
	return rc;
}

int
ts_sms_send(const struct ts_sms_provider *p, const char *from,
    const char *to, const char *text, const char *id,
    struct ts_sendres *res)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_buf url = TS_BUF_INIT;
	struct ts_sms_size sz;
	struct sms_look l;
	int rc;

	memset(&l, 0, sizeof l);
	l.p = p;
	l.from = from ? from : p->from;
	l.to = to;
	l.text = text;
	l.id = id;
	ts_sms_measure(text, strlen(text), &sz);
	l.coding = ts_sms_coding_name(sz.coding);
	l.opts.ca_file = p->ca_file;
	l.opts.timeout = (long)p->timeout;
	l.opts.connect_timeout = (long)p->connect_timeout;
	if ((p->password.file || p->password.env) &&
	    !(l.password = ts_secret_read(&p->password, &err)))
		return fail(res, 1, 0, "sms: %s", err.msg);
	if (p->type == TS_SMS_KANNEL) {
		kannel_url(&l, &url);
		rc = http_send(&l.opts, "sms", "GET", url.buf, NULL, NULL, 0,
		    p->success, p->nsuccess, res);
		ts_buf_release(&url);
	} else
		rc = sms_http(&l, res);
	ts_secret_free((char *)l.password);
	return rc;
}

int
ts_webhook_send(const struct ts_webhook_conf *w, const char *id,
    int64_t now, const char *body, size_t len, struct ts_sendres *res)
{
	static const int ok[] = { 200, 201, 202, 204 };
	struct ts_error err = TS_ERROR_INIT;
	unsigned char mac[TS_SHA256_LEN];
	struct ts_buf signed_ = TS_BUF_INIT, h[4 + 16];
	const char *hdrs[4 + 16 + 1];
	const void *parts[2];
	struct ts_http_opts o;
	size_t lens[2];
	char *key;
	size_t i, nh = 0;
	int rc;

	if (!(key = ts_secret_read(&w->secret, &err)))
		return fail(res, 1, 0, "webhook: %s", err.msg);
	ts_buf_addf(&signed_, "%s.%lld.", id, (long long)now);
	parts[0] = signed_.buf;
	lens[0] = signed_.len;
	parts[1] = body;
	lens[1] = len;
	ts_hmac_sha256(key, strlen(key), parts, lens, 2, mac);
	ts_secret_free(key);
	for (i = 0; i < 4; i++)
		ts_buf_init(&h[i]);
	ts_buf_addstr(&h[0], "Content-Type: application/json");
	ts_buf_addf(&h[1], "webhook-id: %s", id);
	ts_buf_addf(&h[2], "webhook-timestamp: %lld", (long long)now);
	ts_buf_addstr(&h[3], "webhook-signature: v1,");
	ts_base64_encode(&h[3], mac, sizeof mac);
	nh = 4;
	for (i = 0; i < w->nheaders && nh < 20; i++, nh++) {
		ts_buf_init(&h[nh]);
		ts_buf_addf(&h[nh], "%s: %s", w->headers[i].name,
		    w->headers[i].value);
	}
	for (i = 0; i < nh; i++)
		hdrs[i] = h[i].buf;
	hdrs[nh] = NULL;
	o.ca_file = w->ca_file;
	o.timeout = (long)w->timeout;
	o.connect_timeout = (long)w->connect_timeout;
	rc = http_send(&o, "webhook", "POST", w->url, hdrs, body, len, ok, 4,
	    res);
	for (i = 0; i < nh; i++)
		ts_buf_release(&h[i]);
	ts_buf_release(&signed_);
	return rc;
}
