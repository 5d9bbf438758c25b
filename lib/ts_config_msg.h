/*
 * ts_config_msg.h - what the configuration says about messages and their
 * delivery (read by lib/ts_config_msg.c; man/ts-config.5 documents every
 * key).
 *
 * Service level: how e-mail leaves the machine (`smtp:` through libcurl,
 * or `sendmail:`), the SMS providers (`sms:`, Kannel or any HTTP API), the
 * webhooks (`webhooks:`) and the outbox's retry policy (`outbox:`).  Per
 * client (`messages:`): who receives messages on which channel, groups of
 * recipients, the routing of normal and urgent messages, digest times,
 * quiet hours, the sender's name and the templates.
 *
 * Everything is owned by the struct ts_config it was loaded with.  A
 * configuration without these sections gets the defaults below through
 * ts_outbox_conf and ts_client_msg, never NULL.
 */
#ifndef TS_CONFIG_MSG_H
#define TS_CONFIG_MSG_H

#include <stddef.h>
#include <stdint.h>

#include "ts_config.h"

/* The channels a message goes out on. */
enum ts_channel {
	TS_CH_EMAIL,
	TS_CH_SMS,
	TS_CH_WEBHOOK,
	TS_CH_COUNT
};

/* One recipient: an e-mail address, an E.164 number, a webhook's name. */
struct ts_target {
	enum ts_channel ch;
	const char *to;
};

/* Named recipients: a group of `messages:`, or a channel's list. */
struct ts_group {
	const char *name;
	struct ts_target *t;
	size_t n;
};

/* How a transport meets TLS. */
enum ts_tls {
	TS_TLS_STARTTLS,	/* smtp:// upgraded, required */
	TS_TLS_IMPLICIT,	/* smtps:// or https:// */
	TS_TLS_NONE		/* only to loopback, only when allowed */
};

struct ts_smtp_conf {
	char *url;		/* smtp[s]://host:port/helo, as libcurl takes */
	char *host;
	int64_t port;
	enum ts_tls tls;
	int allow_plaintext_loopback;
	char *ca_file;		/* NULL: the system's CAs */
	char *username;		/* NULL: no authentication */
	struct ts_secret password;
	char *from;		/* sender address, envelope and header */
	char *helo;		/* EHLO name; the domain of `from` */
	int64_t timeout;	/* seconds for one message */
	int64_t connect_timeout;
	int64_t batch;		/* messages over one connection */
};

struct ts_sendmail_conf {
	char *command;		/* "/usr/sbin/sendmail" */
	char *from;
	int64_t timeout;
};

enum ts_sms_type {
	TS_SMS_KANNEL,		/* Kannel's sendsms interface */
	TS_SMS_HTTP		/* any provider: a URL and body template */
};

/* An HTTP header; the value may be a template (SMS providers). */
struct ts_header {
	char *name;
	char *value;
};

struct ts_sms_provider {
	char *name;
	enum ts_sms_type type;
	char *url;		/* a template for TS_SMS_HTTP */
	char *method;		/* "GET" or "POST" */
	struct ts_header *headers;
	size_t nheaders;
	char *body;		/* template; NULL: none */
	char *content_type;
	char *username;
	struct ts_secret password;
	char *from;		/* sender id; NULL: the provider's */
	int *success;		/* HTTP statuses meaning "accepted" */
	size_t nsuccess;
	int64_t max_segments;
	int transliterate;	/* GSM-7 look-alikes for ê, ç, ... */
	char *ca_file;
	int allow_plaintext_loopback;
	int64_t timeout;
	int64_t connect_timeout;
};

struct ts_webhook_conf {
	char *name;
	char *url;
	struct ts_secret secret;	/* key of the HMAC-SHA256 signature */
	struct ts_header *headers;
	size_t nheaders;
	char *ca_file;
	int allow_plaintext_loopback;
	int64_t timeout;
	int64_t connect_timeout;
};

struct ts_outbox_conf {
	struct ts_smtp_conf *smtp;	/* NULL when not configured */
	struct ts_sendmail_conf *sendmail;
	struct ts_sms_provider *sms;	/* in file order; the first is the
					 * default provider */
	size_t nsms;
	struct ts_webhook_conf *webhooks;
	size_t nwebhooks;
	int64_t max_attempts;	/* 8 */
	int64_t max_age;	/* seconds; 2 days */
	int64_t retry_min;	/* first delay; 1 minute */
	int64_t retry_max;	/* largest delay; 1 hour */
	int64_t lease;		/* a claimed delivery's lease; 5 minutes */
	int64_t batch;		/* deliveries claimed at once; 50 */
};

/* The templates of a client, by kind and part; NULL: the default. */
enum ts_tpl_kind {
	TS_TPL_MESSAGE,
	TS_TPL_URGENT,
	TS_TPL_REMINDER,
	TS_TPL_CONFIRMATION,
	TS_TPL_DIGEST,
	TS_TPL_NKINDS
};

enum ts_tpl_part {
	TS_TPL_SUBJECT,
	TS_TPL_BODY,
	TS_TPL_SMS,
	TS_TPL_ITEM,		/* digest: one message in the e-mail */
	TS_TPL_SMS_ITEM,	/* digest: one message in the SMS */
	TS_TPL_NPARTS
};

#define TS_MSG_DIGESTS 24
#define TS_MSG_QUIET 8

struct ts_client_msg {
	char *sender_name;		/* template; NULL: {client_name} */
	struct ts_group chan[TS_CH_COUNT];	/* email:, sms:, webhook: */
	struct ts_group *groups;
	size_t ngroups;
	struct ts_target *route[2];	/* [0] normal, [1] urgent */
	size_t nroute[2];
	int route_set[2];		/* 0: the default routing */
	int digest[TS_MSG_DIGESTS];	/* minutes of the day, sorted */
	size_t ndigest;
	struct ts_span quiet[TS_MSG_QUIET];	/* from > to: over midnight */
	size_t nquiet;
	const struct ts_sms_provider *sms;	/* NULL: the first provider */
	char *sms_from;			/* NULL: the provider's */
	char *tpl[TS_TPL_NKINDS][TS_TPL_NPARTS];
};

/* The service's delivery settings, or the defaults; never NULL. */
const struct ts_outbox_conf *ts_outbox_conf(const struct ts_config *cfg);
/* A client's message settings, or empty ones; never NULL. */
const struct ts_client_msg *ts_client_msg(const struct ts_client *cl);

/* The SMS provider a client uses, or NULL when none is configured. */
const struct ts_sms_provider *ts_client_sms(const struct ts_config *cfg,
    const struct ts_client *cl);
/* The webhook named name, or NULL. */
const struct ts_webhook_conf *ts_outbox_webhook(
    const struct ts_outbox_conf *ob, const char *name);
/* The group named name ("email", "sms", "webhook" or one of `groups`),
 * or NULL. */
const struct ts_group *ts_client_group(const struct ts_client_msg *cm,
    const char *name, size_t len);

/* "email", "sms", "webhook"; ts_channel_parse returns -1 if unknown. */
const char *ts_channel_name(enum ts_channel ch);
int ts_channel_parse(const char *s, size_t n, enum ts_channel *ch);

/*
 * Reads one explicit recipient, "email:ADDRESS", "sms:NUMBER" or
 * "webhook:NAME", into *t: the address checked, the number normalised to
 * E.164 with country, the webhook looked up in ob.  The text of t->to is
 * written to buf (size at least 256).  Returns 0; 1 when s has no channel
 * prefix (a group name, for the caller to look up); -1 with err set (no
 * value quoted: it may be personal data).
 */
int ts_target_parse(const char *s, size_t n,
    const struct ts_phone_country *country, const struct ts_outbox_conf *ob,
    struct ts_target *t, char *buf, size_t size, struct ts_error *err);

#endif
