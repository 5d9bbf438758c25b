/*
 * ts_config_msg.c - the configuration of messages and their delivery:
 * the top-level `smtp:`, `sendmail:`, `sms:`, `webhooks:` and `outbox:`
 * sections, and each client's `messages:` (see ts_config_msg.h).
 *
 * The top-level sections are read before `defaults:` and `clients:`, so
 * that a client's recipients are checked against what can reach them: an
 * e-mail address needs `smtp:` or `sendmail:`, a number an SMS provider, a
 * webhook its definition.  `messages:` is merged key by key with the one
 * in `defaults:` (templates, digest times, quiet hours are agency-wide);
 * recipients, groups and routing belong to each client and are refused in
 * `defaults:`, which is what lets each client's routing be resolved and
 * checked as soon as its own `messages:` is read.
 *
 * Transports must use TLS: plain text is accepted only to a loopback
 * address, and only with `allow_plaintext_loopback: true` (a test server,
 * a local relay).  Secrets are named by *_file or *_env, never written.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_config_impl.h"
#include "ts_config_msg.h"
#include "ts_mem.h"
#include "ts_mime.h"
#include "ts_msg.h"
#include "ts_template.h"
#include "banned.h"

#define SM(f)	offsetof(struct ts_smtp_conf, f)
#define SE(f)	offsetof(struct ts_sendmail_conf, f)
#define SP(f)	offsetof(struct ts_sms_provider, f)
#define WH(f)	offsetof(struct ts_webhook_conf, f)
#define OB(f)	offsetof(struct ts_outbox_conf, f)
#define CM(f)	offsetof(struct ts_client_msg, f)

static const char *const channel_names[] = { "email", "sms", "webhook", NULL };

/* ---- accessors ---- */

static const struct ts_outbox_conf default_outbox = {
	NULL, NULL, NULL, 0, NULL, 0, 8, 2 * 86400, 60, 3600, 300, 50
};

static const struct ts_client_msg empty_msg;

const struct ts_outbox_conf *
ts_outbox_conf(const struct ts_config *cfg)
{
	return cfg && cfg->outbox ? cfg->outbox : &default_outbox;
}

const struct ts_client_msg *
ts_client_msg(const struct ts_client *cl)
{
	return cl && cl->msg ? cl->msg : &empty_msg;
}

const struct ts_sms_provider *
ts_client_sms(const struct ts_config *cfg, const struct ts_client *cl)
{
	const struct ts_outbox_conf *ob = ts_outbox_conf(cfg);
	const struct ts_client_msg *cm = ts_client_msg(cl);

	if (cm->sms)
		return cm->sms;
	return ob->nsms ? &ob->sms[0] : NULL;
}

const struct ts_webhook_conf *
ts_outbox_webhook(const struct ts_outbox_conf *ob, const char *name)
{
	size_t i;

	for (i = 0; i < ob->nwebhooks; i++)
		if (strcmp(ob->webhooks[i].name, name) == 0)
			return &ob->webhooks[i];
	return NULL;
}

const struct ts_group *
ts_client_group(const struct ts_client_msg *cm, const char *name, size_t len)
{
	enum ts_channel ch;
	size_t i;

	if (ts_channel_parse(name, len, &ch) == 0)
		return &cm->chan[ch];
	for (i = 0; i < cm->ngroups; i++)
		if (strlen(cm->groups[i].name) == len &&
		    memcmp(cm->groups[i].name, name, len) == 0)
			return &cm->groups[i];
	return NULL;
}

const char *
ts_channel_name(enum ts_channel ch)
{
	return (unsigned)ch < TS_CH_COUNT ? channel_names[ch] : "?";
}

int
ts_channel_parse(const char *s, size_t n, enum ts_channel *ch)
{
	int i;

	for (i = 0; i < TS_CH_COUNT; i++)
		if (strlen(channel_names[i]) == n &&
		    memcmp(channel_names[i], s, n) == 0) {
			*ch = (enum ts_channel)i;
			return 0;
		}
	return -1;
}

/* Needs the transport a channel uses; err says what is missing. */
static int
channel_ready(const struct ts_outbox_conf *ob, enum ts_channel ch,
    struct ts_error *err)
{
	if (ch == TS_CH_EMAIL && !ob->smtp && !ob->sendmail)
		return ts_error_set(err, TS_EXIT_USAGE, "e-mail recipients "
		    "need 'smtp' or 'sendmail' in the configuration");
	if (ch == TS_CH_SMS && !ob->nsms)
		return ts_error_set(err, TS_EXIT_USAGE, "SMS recipients need "
		    "a provider under 'sms' in the configuration");
	return 0;
}

int
ts_target_parse(const char *s, size_t n,
    const struct ts_phone_country *country, const struct ts_outbox_conf *ob,
    struct ts_target *t, char *buf, size_t size, struct ts_error *err)
{
	const char *colon = memchr(s, ':', n), *v;
	size_t len;

	if (!colon || ts_channel_parse(s, (size_t)(colon - s), &t->ch) < 0)
		return 1;
	v = colon + 1;
	len = n - (size_t)(v - s);
	while (len > 0 && *v == ' ') {
		v++;
		len--;
	}
	if (channel_ready(ob, t->ch, err) < 0)
		return -1;
	if (len == 0 || len >= size)
		return ts_error_set(err, TS_EXIT_FAIL, "empty or too long "
		    "%s recipient", ts_channel_name(t->ch));
	if (t->ch == TS_CH_EMAIL) {
		if (!ts_mime_addr_valid(v, len))
			return ts_error_set(err, TS_EXIT_FAIL, "invalid e-mail "
			    "address");
		memcpy(buf, v, len);
		buf[len] = '\0';
	} else if (t->ch == TS_CH_SMS) {
		if (size < TS_PHONE_MAX || ts_phone_normalize(v, len, country,
		    buf) != TS_PHONE_E164)
			return ts_error_set(err, TS_EXIT_FAIL, "invalid mobile "
			    "number for SMS");
	} else {
		memcpy(buf, v, len);
		buf[len] = '\0';
		if (!ts_outbox_webhook(ob, buf))
			return ts_error_set(err, TS_EXIT_FAIL, "unknown webhook "
			    "'%.*s'", (int)(len > 60 ? 60 : len), v);
	}
	t->to = buf;
	return 0;
}

/* ---- small readers ---- */

static struct ts_outbox_conf *
outbox(struct ts_config_ctx *c)
{
	if (!c->cfg->outbox) {
		c->cfg->outbox = ts_config_alloc(c, sizeof *c->cfg->outbox);
		*c->cfg->outbox = default_outbox;
	}
	return c->cfg->outbox;
}

/* [a-z0-9][a-z0-9_-]{0,62}, as client ids: safe in messages and files. */
int
ts_config_name_ok(const char *s, size_t len)
{
	size_t i;

	if (len < 1 || len > 63)
		return 0;
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') ||
		    (i > 0 && (s[i] == '-' || s[i] == '_'))))
			return 0;
	return 1;
}

static int
read_int(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k, int64_t min, int64_t max)
{
	return ts_config_int(c, n, min, max, TS_CONFIG_FIELD(obj, k,
	    int64_t));
}

static int
read_port(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	return read_int(c, n, obj, k, 1, 65535);
}

static int
read_attempts(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	return read_int(c, n, obj, k, 1, 1000);
}

static int
read_batch(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	return read_int(c, n, obj, k, 1, 10000);
}

static int
read_segments(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	return read_int(c, n, obj, k, 1, 16);
}

/* A string without line breaks or control characters. */
static int
read_line(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	char **dst = TS_CONFIG_FIELD(obj, k, char *);
	size_t i;

	if (ts_config_str(c, n, dst) == -1)
		return -1;
	for (i = 0; (*dst)[i]; i++)
		if ((unsigned char)(*dst)[i] < 0x20)
			return ts_config_fail(c, n, "'%s' must be one line "
			    "without control characters", k->name);
	return 0;
}

static int
read_address(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	char **dst = TS_CONFIG_FIELD(obj, k, char *);

	if (ts_config_str(c, n, dst) == -1)
		return -1;
	if (!ts_mime_addr_valid(*dst, strlen(*dst)))
		return ts_config_fail(c, n, "'%s' must be an e-mail address "
		    "such as accueil@example.org", k->name);
	return 0;
}

int
ts_config_template(struct ts_config_ctx *c, const struct ts_config_node *n,
    char **dst, const char *const *names)
{
	struct ts_error inner = TS_ERROR_INIT;

	if (ts_config_str(c, n, dst) == -1)
		return -1;
	if (ts_tpl_check(*dst, names, &inner) == -1)
		return ts_config_fail(c, n, "'%s': %s", c->key ? c->key :
		    "template", inner.msg);
	return 0;
}

/* Headers: a mapping of names to one-line values. */
static int
read_headers(struct ts_config_ctx *c, const struct ts_config_node *n,
    struct ts_header **hv, size_t *nh, const char *const *names)
{
	const struct ts_config_node *kn, *vn;
	size_t i, j, nk;

	if (n->type != TS_CONFIG_MAP)
		return ts_config_fail(c, n, "'headers' must be a mapping of "
		    "header names to values, not %s", ts_config_type_name(n));
	nk = n->nkid / 2;
	*hv = ts_config_alloc(c, (nk ? nk : 1) * sizeof **hv);
	for (i = 0; i < nk; i++) {
		kn = n->kid[2 * i];
		vn = n->kid[2 * i + 1];
		for (j = 0; j < kn->len; j++)
			if (!((kn->str[j] >= 'A' && kn->str[j] <= 'Z') ||
			    (kn->str[j] >= 'a' && kn->str[j] <= 'z') ||
			    (kn->str[j] >= '0' && kn->str[j] <= '9') ||
			    kn->str[j] == '-'))
				return ts_config_fail(c, kn, "invalid header "
				    "name '%.40s'", kn->str);
		(*hv)[i].name = ts_config_strndup(c, kn->str, kn->len);
		c->key = (*hv)[i].name;
		if (names && ts_config_template(c, vn, &(*hv)[i].value,
		    names) < 0)
			return -1;
		if (!names && ts_config_str(c, vn, &(*hv)[i].value) < 0)
			return -1;
		if (strpbrk((*hv)[i].value, "\r\n"))
			return ts_config_fail(c, vn, "header '%s' must be one "
			    "line", (*hv)[i].name);
	}
	*nh = nk;
	return 0;
}

/* ---- URLs and TLS ---- */

static int
loopback(const char *host)
{
	return strcmp(host, "localhost") == 0 || strcmp(host, "::1") == 0 ||
	    strcmp(host, "[::1]") == 0 || strncmp(host, "127.", 4) == 0;
}

/*
 * Splits "scheme://host[:port][/...]" (host may be [v6]).  The host is
 * copied into host; *port is 0 when not given.  Returns 0 or -1.
 */
static int
split_url(const char *url, char *scheme, size_t ss, char *host, size_t hs,
    long *port, const char **rest)
{
	const char *p = strstr(url, "://"), *h, *e;
	char *end;

	if (!p || (size_t)(p - url) >= ss || p == url)
		return -1;
	memcpy(scheme, url, (size_t)(p - url));
	scheme[p - url] = '\0';
	h = p + 3;
	if (*h == '[')
		e = strchr(h, ']') ? strchr(h, ']') + 1 : h;
	else
		e = h + strcspn(h, ":/?#{");
	if (e == h || (size_t)(e - h) >= hs)
		return -1;
	memcpy(host, h, (size_t)(e - h));
	host[e - h] = '\0';
	*port = 0;
	if (*e == ':') {
		*port = strtol(e + 1, &end, 10);
		if (end == e + 1 || *port < 1 || *port > 65535)
			return -1;
		e = end;
	}
	if (*e && *e != '/' && *e != '?')
		return -1;
	*rest = e;
	return 0;
}

/* An http(s) URL (the host not a placeholder), TLS unless allowed. */
static int
check_http_url(struct ts_config_ctx *c, const struct ts_config_node *n,
    const char *url, int allow_plain)
{
	char scheme[16], host[256];
	const char *rest;
	long port;

	if (split_url(url, scheme, sizeof scheme, host, sizeof host, &port,
	    &rest) < 0 || (strcmp(scheme, "http") && strcmp(scheme, "https")))
		return ts_config_fail(c, n, "'url' must be an http:// or "
		    "https:// URL whose host is written out");
	if (strcmp(scheme, "http") == 0 && !(allow_plain && loopback(host)))
		return ts_config_fail(c, n, "'url' must use https: plain http "
		    "is accepted only to a loopback address with "
		    "'allow_plaintext_loopback: true'");
	return 0;
}

/* ---- smtp ---- */

static int
read_tls(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	static const char *const names[] = { "starttls", "implicit", "none",
	    NULL };
	struct ts_smtp_conf *s = obj;
	int i;

	(void)k;
	if (ts_config_enum(c, n, names, &i) == -1)
		return -1;
	s->tls = (enum ts_tls)i;
	return 0;
}

static const struct ts_config_key smtp_keys[] = {
	{ "url", read_line, SM(url), 0,
	    "smtp://host:587 (STARTTLS) or smtps://host:465" },
	{ "host", read_line, SM(host), 0, "the server, instead of url" },
	{ "port", read_port, SM(port), 0, "its port (587, or 465)" },
	{ "tls", read_tls, 0, 0, "starttls, implicit or none" },
	{ "allow_plaintext_loopback", ts_config_key_bool,
	    SM(allow_plaintext_loopback), 0,
	    "true: no TLS to a server on 127.0.0.1" },
	{ "ca_file", ts_config_key_file, SM(ca_file), 0,
	    "CA certificates to trust instead of the system's" },
	{ "username", read_line, SM(username), 0, "to log in" },
	{ "password_file", ts_config_key_secret_file, SM(password), 0,
	    "file holding the password (mode 0600)" },
	{ "password_env", ts_config_key_secret_env, SM(password), 0,
	    "environment variable holding the password" },
	{ "password", ts_config_key_inline_secret, 0, 0, NULL },
	{ "from", read_address, SM(from), TS_CONFIG_REQUIRED,
	    "sender address" },
	{ "helo", read_line, SM(helo), 0, "EHLO name" },
	{ "timeout", ts_config_key_positive, SM(timeout), 0, "per message (5m)" },
	{ "connect_timeout", ts_config_key_positive, SM(connect_timeout), 0,
	    "to connect (30s)" },
	{ "batch", read_batch, SM(batch), 0,
	    "messages over one connection (100)" },
	{ NULL, NULL, 0, 0, NULL }
};

/* The URL libcurl takes, from url or host, port and tls. */
static int
smtp_url(struct ts_config_ctx *c, const struct ts_config_node *n,
    struct ts_smtp_conf *s, int tls_set)
{
	char scheme[16], host[256];
	const char *rest;
	long port;

	if (s->url && s->host)
		return ts_config_fail(c, n, "'smtp' has both 'url' and "
		    "'host'; keep one");
	if (!s->url && !s->host)
		return ts_config_fail(c, n, "'smtp' needs 'url' or 'host'");
	if (s->url) {
		if (split_url(s->url, scheme, sizeof scheme, host,
		    sizeof host, &port, &rest) < 0 ||
		    (strcmp(scheme, "smtp") && strcmp(scheme, "smtps")))
			return ts_config_fail(c, n, "'url' must be smtp://HOST"
			    "[:PORT] or smtps://HOST[:PORT]");
		if (strcmp(scheme, "smtps") == 0)
			s->tls = TS_TLS_IMPLICIT;
		else if (!tls_set || s->tls == TS_TLS_IMPLICIT)
			s->tls = TS_TLS_STARTTLS;
		s->host = ts_config_strndup(c, host, strlen(host));
		s->port = port ? port : s->tls == TS_TLS_IMPLICIT ? 465 : 587;
	} else if (!s->port) {
		s->port = s->tls == TS_TLS_IMPLICIT ? 465 : 587;
	}
	if (!tls_set && !s->url && s->port == 465)
		s->tls = TS_TLS_IMPLICIT;
	if (s->tls == TS_TLS_NONE && !(s->allow_plaintext_loopback &&
	    loopback(s->host)))
		return ts_config_fail(c, n, "'smtp' without TLS is accepted "
		    "only to a loopback address with "
		    "'allow_plaintext_loopback: true'");
	if (!s->helo)
		s->helo = strchr(s->from, '@') + 1;
	s->url = ts_config_alloc(c, strlen(s->host) + strlen(s->helo) + 32);
	snprintf(s->url, strlen(s->host) + strlen(s->helo) + 32,
	    "%s://%s:%ld/%s", s->tls == TS_TLS_IMPLICIT ? "smtps" : "smtp",
	    s->host, (long)s->port, s->helo);
	return 0;
}

int
ts_config_read_smtp(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	struct ts_outbox_conf *ob = outbox(c);
	struct ts_smtp_conf *s = ts_config_alloc(c, sizeof *s);

	(void)obj;
	(void)k;
	if (ts_config_is_null(n))
		return 0;
	s->tls = TS_TLS_STARTTLS;
	s->timeout = 300;
	s->connect_timeout = 30;
	s->batch = 100;
	if (ts_config_read_map(c, n, NULL, smtp_keys, s, "'smtp'", 0) == -1)
		return -1;
	if (smtp_url(c, n, s, ts_config_get(n, "tls") != NULL) == -1)
		return -1;
	if (s->username && !s->password.file && !s->password.env)
		return ts_config_fail(c, n, "'smtp' has a 'username' but no "
		    "'password_file' or 'password_env'");
	ob->smtp = s;
	return 0;
}

/* ---- sendmail ---- */

static const struct ts_config_key sendmail_keys[] = {
	{ "command", read_line, SE(command), 0,
	    "the sendmail program (/usr/sbin/sendmail)" },
	{ "from", read_address, SE(from), TS_CONFIG_REQUIRED,
	    "sender address" },
	{ "timeout", ts_config_key_positive, SE(timeout), 0, "per message (1m)" },
	{ NULL, NULL, 0, 0, NULL }
};

int
ts_config_read_sendmail(struct ts_config_ctx *c,
    const struct ts_config_node *n, void *obj, const struct ts_config_key *k)
{
	struct ts_outbox_conf *ob = outbox(c);
	struct ts_sendmail_conf *s = ts_config_alloc(c, sizeof *s);

	(void)obj;
	(void)k;
	if (ts_config_is_null(n))
		return 0;
	if (ob->smtp)
		return ts_config_fail(c, n, "'smtp' and 'sendmail' are both "
		    "set; e-mail goes one way: keep one");
	s->command = ts_config_strndup(c, "/usr/sbin/sendmail", 18);
	s->timeout = 60;
	if (ts_config_read_map(c, n, NULL, sendmail_keys, s, "'sendmail'", 0)
	    == -1)
		return -1;
	if (s->command[0] != '/')
		return ts_config_fail(c, n, "'command' must be an absolute "
		    "path");
	ob->sendmail = s;
	return 0;
}

/* ---- sms ---- */

static int
read_sms_type(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	static const char *const names[] = { "kannel", "http", NULL };
	struct ts_sms_provider *p = obj;
	int i;

	(void)k;
	if (ts_config_enum(c, n, names, &i) == -1)
		return -1;
	p->type = (enum ts_sms_type)i;
	return 0;
}

static int
read_method(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	static const char *const names[] = { "POST", "GET", NULL };
	struct ts_sms_provider *p = obj;
	int i;

	(void)k;
	if (ts_config_enum(c, n, names, &i) == -1)
		return -1;
	p->method = (char *)names[i];
	return 0;
}

static int
read_sms_url(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	struct ts_sms_provider *p = obj;

	(void)k;
	return ts_config_template(c, n, &p->url, ts_sms_provider_fields);
}

static int
read_sms_body(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	struct ts_sms_provider *p = obj;

	(void)k;
	return ts_config_template(c, n, &p->body, ts_sms_provider_fields);
}

static int
read_sms_headers(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	struct ts_sms_provider *p = obj;

	(void)k;
	return read_headers(c, n, &p->headers, &p->nheaders,
	    ts_sms_provider_fields);
}

static int
read_success(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	struct ts_sms_provider *p = obj;
	struct ts_config_item *items;
	struct ts_config_node one;
	size_t nitems, i;
	int64_t v;

	(void)k;
	if (ts_config_items(c, n, TS_CONFIG_LIST_COMMA, &items, &nitems) < 0)
		return -1;
	p->success = ts_config_alloc(c, (nitems ? nitems : 1) *
	    sizeof *p->success);
	for (i = 0; i < nitems; i++) {
		one = *items[i].node;
		one.type = TS_CONFIG_SCALAR;
		one.str = ts_config_strndup(c, items[i].s, items[i].len);
		one.len = items[i].len;
		one.plain = 1;
		if (ts_config_int(c, &one, 100, 599, &v) == -1)
			return -1;
		p->success[i] = (int)v;
	}
	p->nsuccess = nitems;
	return 0;
}

static const struct ts_config_key sms_keys[] = {
	{ "type", read_sms_type, 0, TS_CONFIG_REQUIRED, "kannel or http" },
	{ "url", read_sms_url, 0, TS_CONFIG_REQUIRED,
	    "Kannel's sendsms URL, or the provider's (a template)" },
	{ "method", read_method, 0, 0, "http: POST (default) or GET" },
	{ "headers", read_sms_headers, 0, 0, "http: headers (templates)" },
	{ "body", read_sms_body, 0, 0, "http: the request body (template)" },
	{ "content_type", read_line, SP(content_type), 0,
	    "http: the body's type (form)" },
	{ "username", read_line, SP(username), 0, "account" },
	{ "password_file", ts_config_key_secret_file, SP(password), 0,
	    "file holding the password or token" },
	{ "password_env", ts_config_key_secret_env, SP(password), 0,
	    "variable holding the password or token" },
	{ "password", ts_config_key_inline_secret, 0, 0, NULL },
	{ "from", read_line, SP(from), 0, "sender id shown on phones" },
	{ "success", read_success, 0, 0, "HTTP statuses meaning accepted" },
	{ "max_segments", read_segments, SP(max_segments), 0,
	    "parts per SMS at most (3)" },
	{ "transliterate", ts_config_key_bool, SP(transliterate), 0,
	    "true: replace letters GSM-7 lacks" },
	{ "ca_file", ts_config_key_file, SP(ca_file), 0, "CA certificates" },
	{ "allow_plaintext_loopback", ts_config_key_bool,
	    SP(allow_plaintext_loopback), 0, "true: http:// to 127.0.0.1" },
	{ "timeout", ts_config_key_positive, SP(timeout), 0, "per request (30s)" },
	{ "connect_timeout", ts_config_key_positive, SP(connect_timeout), 0,
	    "to connect (10s)" },
	{ NULL, NULL, 0, 0, NULL }
};

static int
sms_defaults(struct ts_config_ctx *c, const struct ts_config_node *n,
    struct ts_sms_provider *p)
{
	static int kannel_ok[] = { 202, 200 }, http_ok[] = { 200, 201, 202 };

	if (!p->method)
		p->method = ts_config_strndup(c,
		    p->type == TS_SMS_KANNEL ? "GET" : "POST", 4);
	if (!p->nsuccess) {
		p->success = p->type == TS_SMS_KANNEL ? kannel_ok : http_ok;
		p->nsuccess = p->type == TS_SMS_KANNEL ? 2 : 3;
	}
	if (!p->content_type)
		p->content_type = ts_config_strndup(c,
		    "application/x-www-form-urlencoded", 33);
	if (p->type == TS_SMS_KANNEL && (p->body || p->nheaders ||
	    strchr(p->url, '{')))
		return ts_config_fail(c, n, "a 'kannel' provider takes the "
		    "sendsms URL as it is: no placeholders, 'body' or "
		    "'headers' (use type 'http' for those)");
	if (p->type == TS_SMS_HTTP && strcmp(p->method, "POST") == 0 &&
	    !p->body)
		return ts_config_fail(c, n, "an 'http' provider with method "
		    "POST needs a 'body' template");
	return check_http_url(c, ts_config_get(n, "url"), p->url,
	    p->allow_plaintext_loopback);
}

static int
read_provider(struct ts_config_ctx *c, const struct ts_config_node *kn,
    const struct ts_config_node *vn, struct ts_sms_provider *p)
{
	char what[100];

	if (!ts_config_name_ok(kn->str, kn->len))
		return ts_config_fail(c, kn, "invalid SMS provider name "
		    "'%.40s': use lowercase letters, digits, '-' and '_'",
		    kn->str);
	memset(p, 0, sizeof *p);
	p->name = ts_config_strndup(c, kn->str, kn->len);
	p->max_segments = 3;
	p->timeout = 30;
	p->connect_timeout = 10;
	snprintf(what, sizeof what, "SMS provider '%s'", p->name);
	if (ts_config_read_map(c, vn, NULL, sms_keys, p, what, 0) == -1)
		return -1;
	return sms_defaults(c, vn, p);
}

int
ts_config_read_sms(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	struct ts_outbox_conf *ob = outbox(c);
	size_t i, np;

	(void)obj;
	(void)k;
	if (ts_config_is_null(n))
		return 0;
	if (n->type != TS_CONFIG_MAP)
		return ts_config_fail(c, n, "'sms' must be a mapping from "
		    "provider names to their settings, not %s",
		    ts_config_type_name(n));
	np = n->nkid / 2;
	ob->sms = ts_config_alloc(c, (np ? np : 1) * sizeof *ob->sms);
	for (i = 0; i < np; i++)
		if (read_provider(c, n->kid[2 * i], n->kid[2 * i + 1],
		    &ob->sms[i]) == -1)
			return -1;
	ob->nsms = np;
	return 0;
}

/* ---- webhooks ---- */

static int
read_wh_url(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	return read_line(c, n, obj, k);
}

static int
read_wh_headers(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	struct ts_webhook_conf *w = obj;

	(void)k;
	return read_headers(c, n, &w->headers, &w->nheaders, NULL);
}

static const struct ts_config_key webhook_keys[] = {
	{ "url", read_wh_url, WH(url), TS_CONFIG_REQUIRED,
	    "where the JSON is posted" },
	{ "secret_file", ts_config_key_secret_file, WH(secret), 0,
	    "file holding the HMAC key (mode 0600)" },
	{ "secret_env", ts_config_key_secret_env, WH(secret), 0,
	    "variable holding the HMAC key" },
	{ "secret", ts_config_key_inline_secret, 0, 0, NULL },
	{ "headers", read_wh_headers, 0, 0, "more headers" },
	{ "ca_file", ts_config_key_file, WH(ca_file), 0, "CA certificates" },
	{ "allow_plaintext_loopback", ts_config_key_bool,
	    WH(allow_plaintext_loopback), 0, "true: http:// to 127.0.0.1" },
	{ "timeout", ts_config_key_positive, WH(timeout), 0, "per request (30s)" },
	{ "connect_timeout", ts_config_key_positive, WH(connect_timeout), 0,
	    "to connect (10s)" },
	{ NULL, NULL, 0, 0, NULL }
};

static int
read_webhook(struct ts_config_ctx *c, const struct ts_config_node *kn,
    const struct ts_config_node *vn, struct ts_webhook_conf *w)
{
	char what[100];

	if (!ts_config_name_ok(kn->str, kn->len))
		return ts_config_fail(c, kn, "invalid webhook name '%.40s': "
		    "use lowercase letters, digits, '-' and '_'", kn->str);
	memset(w, 0, sizeof *w);
	w->name = ts_config_strndup(c, kn->str, kn->len);
	w->timeout = 30;
	w->connect_timeout = 10;
	snprintf(what, sizeof what, "webhook '%s'", w->name);
	if (ts_config_read_map(c, vn, NULL, webhook_keys, w, what, 0) == -1)
		return -1;
	if (!w->secret.file && !w->secret.env)
		return ts_config_fail(c, vn, "webhook '%s' needs "
		    "'secret_file' or 'secret_env': its requests are signed",
		    w->name);
	return check_http_url(c, ts_config_get(vn, "url"), w->url,
	    w->allow_plaintext_loopback);
}

int
ts_config_read_webhooks(struct ts_config_ctx *c,
    const struct ts_config_node *n, void *obj, const struct ts_config_key *k)
{
	struct ts_outbox_conf *ob = outbox(c);
	size_t i, nw;

	(void)obj;
	(void)k;
	if (ts_config_is_null(n))
		return 0;
	if (n->type != TS_CONFIG_MAP)
		return ts_config_fail(c, n, "'webhooks' must be a mapping from "
		    "webhook names to their settings, not %s",
		    ts_config_type_name(n));
	nw = n->nkid / 2;
	ob->webhooks = ts_config_alloc(c, (nw ? nw : 1) *
	    sizeof *ob->webhooks);
	for (i = 0; i < nw; i++)
		if (read_webhook(c, n->kid[2 * i], n->kid[2 * i + 1],
		    &ob->webhooks[i]) == -1)
			return -1;
	ob->nwebhooks = nw;
	return 0;
}

/* ---- outbox ---- */

static const struct ts_config_key outbox_keys[] = {
	{ "max_attempts", read_attempts, OB(max_attempts), 0,
	    "attempts before a delivery is dead (8)" },
	{ "max_age", ts_config_key_positive, OB(max_age), 0,
	    "age at which a delivery is dead (2d)" },
	{ "retry_min", ts_config_key_positive, OB(retry_min), 0,
	    "first delay before a retry (1m)" },
	{ "retry_max", ts_config_key_positive, OB(retry_max), 0,
	    "longest delay between retries (1h)" },
	{ "lease", ts_config_key_positive, OB(lease), 0,
	    "how long a sender holds what it claimed (5m)" },
	{ "batch", read_batch, OB(batch), 0,
	    "deliveries claimed at once (50)" },
	{ NULL, NULL, 0, 0, NULL }
};

int
ts_config_read_outbox(struct ts_config_ctx *c,
    const struct ts_config_node *n, void *obj, const struct ts_config_key *k)
{
	struct ts_outbox_conf *ob = outbox(c);

	(void)obj;
	(void)k;
	if (ts_config_read_map(c, n, NULL, outbox_keys, ob, "'outbox'", 0)
	    == -1)
		return -1;
	if (ob->retry_max < ob->retry_min)
		return ts_config_fail(c, n, "'retry_max' is shorter than "
		    "'retry_min'");
	return 0;
}
