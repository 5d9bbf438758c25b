/*
 * ts_msg.c - a message taken for a client (see ts_msg.h): its life in
 * memory, its kinds, and the names its templates may use.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "ts_mem.h"
#include "ts_msg.h"
#include "ts_time.h"
#include "banned.h"

static const char *const kind_names[TS_KIND_COUNT] = {
	"message", "reminder", "confirmation"
};

/* Keep in step with the lookup of ts_outbox_render.c and ts-config(5). */
const char *const ts_msg_fields[] = {
	"id", "client", "client_name", "kind", "urgent", "caller",
	"caller_name", "who", "caller_email", "subject", "body", "taken_by",
	"reason", "call_id", "start", "date", "ref", NULL
};

const char *const ts_digest_fields[] = {
	"client", "client_name", "count", "messages", "date", NULL
};

const char *const ts_sender_fields[] = { "client", "client_name", NULL };

const char *const ts_sms_provider_fields[] = {
	"to", "from", "text", "id", "username", "password", "coding", NULL
};

void
ts_msg_init(struct ts_msg *m)
{
	memset(m, 0, sizeof *m);
	m->start = TS_TIME_NONE;
	m->created = TS_TIME_NONE;
	m->subject = ts_xstrdup("");
	m->body = ts_xstrdup("");
}

void
ts_msg_release(struct ts_msg *m)
{
	free(m->subject);
	free(m->body);
	m->subject = NULL;
	m->body = NULL;
}

void
ts_msg_set_subject(struct ts_msg *m, const char *s, size_t n)
{
	free(m->subject);
	m->subject = ts_xstrndup(s, n);
}

void
ts_msg_set_body(struct ts_msg *m, const char *s, size_t n)
{
	free(m->body);
	m->body = ts_xstrndup(s, n);
}

const char *
ts_msg_kind_name(enum ts_msg_kind k)
{
	return (unsigned)k < TS_KIND_COUNT ? kind_names[k] : "?";
}

int
ts_msg_kind_parse(const char *s, size_t n, enum ts_msg_kind *k)
{
	int i;

	for (i = 0; i < TS_KIND_COUNT; i++)
		if (strlen(kind_names[i]) == n &&
		    memcmp(kind_names[i], s, n) == 0) {
			*k = (enum ts_msg_kind)i;
			return 0;
		}
	return -1;
}

static int
word_is(const char *s, size_t n, const char *w)
{
	size_t i;

	if (strlen(w) != n)
		return 0;
	for (i = 0; i < n; i++)
		if ((s[i] | 0x20) != w[i])
			return 0;
	return 1;
}

int
ts_msg_parse_bool(const char *s, size_t n, int *v)
{
	static const char *const yes[] = { "true", "1", "yes", "oui", "y",
	    "o", "x", NULL };
	static const char *const no[] = { "false", "0", "no", "non", "n",
	    NULL };
	size_t i;

	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	*v = 0;
	if (n == 0)
		return 0;
	for (i = 0; yes[i]; i++)
		if (word_is(s, n, yes[i])) {
			*v = 1;
			return 0;
		}
	for (i = 0; no[i]; i++)
		if (word_is(s, n, no[i]))
			return 0;
	return -1;
}
