/*
 * ts_transport.h - the ways a delivery leaves the machine: SMTP through
 * libcurl, the local sendmail program, an SMS gateway over HTTP (Kannel's
 * sendsms or a provider described in the configuration), a webhook.
 *
 * Each send returns 0 when the other side accepted the message, or -1
 * with *res saying whether the failure is temporary (try again later:
 * SMTP 4xx, no connection, timeout, HTTP 5xx, 429) or permanent (SMTP
 * 5xx, other HTTP 4xx), with the status and a message without personal
 * data.  Nothing here touches the store.
 */
#ifndef TS_TRANSPORT_H
#define TS_TRANSPORT_H

#include <stdint.h>

#include "ts_buf.h"
#include "ts_config.h"
#include "ts_config_msg.h"

struct ts_sendres {
	int temp;		/* 1: worth another attempt */
	int code;		/* SMTP reply or HTTP status; 0 none */
	int64_t retry_after;	/* seconds the server asked to wait; 0 */
	char error[256];
};

/* An SMTP session: one connection reused for a batch (when reuse). */
struct ts_smtp;

/* Starts a session with conf; NULL only when libcurl cannot start. */
struct ts_smtp *ts_smtp_new(const struct ts_smtp_conf *conf, int reuse);
void ts_smtp_free(struct ts_smtp *s);
/* Sends the message (whole RFC 5322 bytes) to one recipient. */
int ts_smtp_send(struct ts_smtp *s, const char *rcpt, const char *msg,
    size_t len, struct ts_sendres *res);

int ts_sendmail_send(const struct ts_sendmail_conf *conf, const char *rcpt,
    const char *msg, size_t len, struct ts_sendres *res);

/* Sends text to the E.164 number to through provider p; id names the
 * delivery (for the provider's reference); from may be NULL. */
int ts_sms_send(const struct ts_sms_provider *p, const char *from,
    const char *to, const char *text, const char *id,
    struct ts_sendres *res);

/* Posts the JSON body to webhook w, signed (Standard Webhooks: headers
 * webhook-id, webhook-timestamp and webhook-signature "v1,BASE64" of the
 * HMAC-SHA256 of "id.timestamp.body"). */
int ts_webhook_send(const struct ts_webhook_conf *w, const char *id,
    int64_t now, const char *body, size_t len, struct ts_sendres *res);

#endif
