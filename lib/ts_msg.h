/*
 * ts_msg.h - a message taken for a client, and the placeholders its
 * templates may use.
 *
 * A message is what the secretary wrote (who called, their number, what
 * they want, how urgent), or what another tool produced (ts-route's
 * decision for a missed call, ts-agenda's reminder): one row of the
 * `messages` table.  Delivering it is the outbox's job (ts_outbox.h).
 */
#ifndef TS_MSG_H
#define TS_MSG_H

#include <stddef.h>
#include <stdint.h>

#include "ts_config.h"
#include "ts_config_msg.h"
#include "ts_phone.h"

enum ts_msg_kind {
	TS_KIND_MESSAGE,	/* a message taken for the client */
	TS_KIND_REMINDER,	/* an appointment reminder, to the caller */
	TS_KIND_CONFIRMATION,	/* an appointment confirmation, to the caller */
	TS_KIND_COUNT
};

struct ts_msg {
	int64_t id;			/* 0 until stored */
	char client[64];
	enum ts_msg_kind kind;
	int urgent;
	char ref[256];			/* idempotency key; "" none */
	char caller[TS_PHONE_MAX];	/* E.164, an extension, or "" */
	char caller_name[128];
	char caller_email[256];		/* Reply-To; "" when unknown */
	char taken_by[64];
	char reason[128];
	char notify[512];		/* recipients asked for; "" default */
	char call_id[128];
	int64_t start;			/* the call or appointment;
					 * TS_TIME_NONE */
	int64_t created;		/* when it was taken */
	char *subject;			/* never NULL; owned */
	char *body;			/* never NULL; owned */
};

/* Empty strings, no times. */
void ts_msg_init(struct ts_msg *m);
/* Frees subject and body (ts_msg_init makes m usable again). */
void ts_msg_release(struct ts_msg *m);
/* Replaces subject or body with a copy of the n bytes at s. */
void ts_msg_set_subject(struct ts_msg *m, const char *s, size_t n);
void ts_msg_set_body(struct ts_msg *m, const char *s, size_t n);

/* "message", "reminder", "confirmation"; parse returns -1 if unknown. */
const char *ts_msg_kind_name(enum ts_msg_kind k);
int ts_msg_kind_parse(const char *s, size_t n, enum ts_msg_kind *k);

/*
 * A yes/no as people write it in a CSV cell: true/false, 1/0, yes/no,
 * oui/non, y/n, o/n, in any case; empty is no.  Returns 0 or -1.
 */
int ts_msg_parse_bool(const char *s, size_t n, int *v);

/* The names templates may use (NULL-terminated), for ts_tpl_check. */
extern const char *const ts_msg_fields[];	/* a message */
extern const char *const ts_digest_fields[];	/* a digest */
extern const char *const ts_sender_fields[];	/* sender_name */
extern const char *const ts_sms_provider_fields[];	/* sms: http */

#endif
