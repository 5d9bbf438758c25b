/*
 * ts_outbox_render.c - what a delivery says: the subject and body of an
 * e-mail (then the whole MIME message), the text of an SMS, the JSON of a
 * webhook, from the message(s) and the client's templates or the French
 * defaults below.
 *
 * Rendering is a pure function of the stored message, the delivery and
 * the configuration: every attempt of a delivery sends the same bytes,
 * with the same Date (when the message was taken) and Message-ID.
 */
#include <stdio.h>
#include <string.h>

#include "ts_enc.h"
#include "ts_mime.h"
#include "ts_outbox.h"
#include "ts_phone.h"
#include "ts_sms.h"
#include "ts_template.h"
#include "ts_time.h"
#include "banned.h"

/* The defaults, by kind and part (digest items are rendered as messages). */
static const char *const dflt[TS_TPL_NKINDS][TS_TPL_NPARTS] = {
	[TS_TPL_MESSAGE] = {
		"Message{#who} de {who}{/who}{#subject} : {subject}{/subject}",
		"Message pour {client_name}, pris le {date}"
		"{#taken_by} par {taken_by}{/taken_by}.\n\n"
		"{#who}De : {who}{#caller_name}{#caller} ({caller}){/caller}"
		"{/caller_name}\n{/who}"
		"{#caller_email}E-mail : {caller_email}\n{/caller_email}"
		"{#subject}Objet : {subject}\n{/subject}"
		"{#reason}Motif : {reason}\n{/reason}"
		"{#body}\n{body}\n{/body}",
		"{client_name} : message{#who} de {who}{/who}{#caller_name}"
		"{#caller} {caller}{/caller}{/caller_name}{#subject} - {subject}"
		"{/subject}{#body} : {body}{/body}",
		NULL, NULL
	},
	[TS_TPL_URGENT] = {
		"URGENT - Message{#who} de {who}{/who}{#subject} : {subject}"
		"{/subject}",
		"URGENT{#reason} ({reason}){/reason}\n\n"
		"Message pour {client_name}, pris le {date}"
		"{#taken_by} par {taken_by}{/taken_by}.\n\n"
		"{#who}De : {who}{#caller_name}{#caller} ({caller}){/caller}"
		"{/caller_name}\n{/who}"
		"{#caller_email}E-mail : {caller_email}\n{/caller_email}"
		"{#subject}Objet : {subject}\n{/subject}"
		"{#body}\n{body}\n{/body}",
		"URGENT {client_name}{#who} : {who}{/who}{#caller_name}"
		"{#caller} {caller}{/caller}{/caller_name}{#subject} - {subject}"
		"{/subject}{#body} : {body}{/body}",
		NULL, NULL
	},
	[TS_TPL_REMINDER] = {
		"Rappel : votre rendez-vous{#start} du {start}{/start}",
		"Bonjour{#caller_name} {caller_name}{/caller_name},\n\n"
		"Nous vous rappelons votre rendez-vous avec {client_name}"
		"{#start} le {start}{/start}.\n{#body}\n{body}\n{/body}",
		"Rappel : RDV avec {client_name}{#start} le {start}{/start}."
		"{#body} {body}{/body}",
		NULL, NULL
	},
	[TS_TPL_CONFIRMATION] = {
		"Confirmation de votre rendez-vous{#start} du {start}{/start}",
		"Bonjour{#caller_name} {caller_name}{/caller_name},\n\n"
		"Votre rendez-vous avec {client_name}{#start} le {start}"
		"{/start} est confirmé.\n{#body}\n{body}\n{/body}",
		"RDV confirmé avec {client_name}{#start} le {start}{/start}."
		"{#body} {body}{/body}",
		NULL, NULL
	},
	[TS_TPL_DIGEST] = {
		"{count} message(s) pour {client_name}",
		"Messages pour {client_name} ({date}) :\n\n{messages}",
		"{client_name} : {count} message(s). {messages}",
		"- {date}{#who} : {who}{/who}{#caller_name}{#caller} ({caller}){/caller}"
		"{/caller_name}{#subject} - {subject}{/subject}\n"
		"{#body}  {body}\n{/body}\n",
		"{#who}{who} {/who}{#subject}({subject}){/subject}; "
	}
};

/* "23/11/2026 09:15" in zone tz. */
static void
fr_time(int64_t t, const struct ts_tz *tz, char *buf, size_t n)
{
	char iso[TS_ISO_MAX];

	if (t == TS_TIME_NONE) {
		buf[0] = '\0';
		return;
	}
	ts_time_local(t, tz, iso);
	/* iso: "2026-11-23 09:15" */
	snprintf(buf, n, "%.2s/%.2s/%.4s %.5s", iso + 8, iso + 5, iso,
	    iso + 11);
}

struct look {
	const struct ts_config *cfg;
	const struct ts_client *cl;
	const struct ts_msg *m;
	char id[24], date[32], start[32], caller[48], count[24];
	const char *messages;
};

static void
look_msg(struct look *lk, const struct ts_msg *m)
{
	const struct ts_tz *tz = ts_config_tz(lk->cfg, lk->cl);

	lk->m = m;
	snprintf(lk->id, sizeof lk->id, "%lld", (long long)m->id);
	fr_time(m->created, tz, lk->date, sizeof lk->date);
	fr_time(m->start, tz, lk->start, sizeof lk->start);
	lk->caller[0] = '\0';
	if (m->caller[0] == '+')
		ts_phone_display(m->caller, &lk->cfg->service.country,
		    lk->caller, sizeof lk->caller);
	else
		ts_copy_text(lk->caller, sizeof lk->caller, m->caller,
		    strlen(m->caller));
}

static const char *
msg_value(const struct look *lk, const char *name)
{
	const struct ts_msg *m = lk->m;
	static const struct {
		const char *name;
		size_t off;
	} text[] = {
		{ "client", offsetof(struct ts_msg, client) },
		{ "caller_name", offsetof(struct ts_msg, caller_name) },
		{ "caller_email", offsetof(struct ts_msg, caller_email) },
		{ "taken_by", offsetof(struct ts_msg, taken_by) },
		{ "reason", offsetof(struct ts_msg, reason) },
		{ "call_id", offsetof(struct ts_msg, call_id) },
		{ "ref", offsetof(struct ts_msg, ref) },
	};
	size_t i;

	for (i = 0; i < sizeof text / sizeof text[0]; i++)
		if (strcmp(name, text[i].name) == 0)
			return (const char *)m + text[i].off;
	if (strcmp(name, "subject") == 0)
		return m->subject;
	if (strcmp(name, "body") == 0)
		return m->body;
	if (strcmp(name, "kind") == 0)
		return ts_msg_kind_name(m->kind);
	if (strcmp(name, "urgent") == 0)
		return m->urgent ? "urgent" : "";
	if (strcmp(name, "who") == 0)
		return m->caller_name[0] ? m->caller_name : lk->caller[0] ?
		    lk->caller : "";
	return NULL;
}

static const char *
lookup(void *ctx, const char *name)
{
	struct look *lk = ctx;

	if (strcmp(name, "client_name") == 0)
		return lk->cl && lk->cl->name ? lk->cl->name : "";
	if (strcmp(name, "client") == 0 && !lk->m)
		return lk->cl ? lk->cl->id : "";
	if (strcmp(name, "count") == 0)
		return lk->count;
	if (strcmp(name, "messages") == 0)
		return lk->messages ? lk->messages : "";
	if (strcmp(name, "id") == 0)
		return lk->id;
	if (strcmp(name, "date") == 0)
		return lk->date;
	if (strcmp(name, "start") == 0)
		return lk->start;
	if (strcmp(name, "caller") == 0)
		return lk->caller;
	if (!lk->m)
		return "";
	return msg_value(lk, name);
}

static const char *
tpl(const struct ts_client *cl, enum ts_tpl_kind k, enum ts_tpl_part p)
{
	const struct ts_client_msg *cm = ts_client_msg(cl);

	if (cm->tpl[k][p])
		return cm->tpl[k][p];
	return dflt[k][p];
}

static enum ts_tpl_kind
kind_of(const struct ts_msg *m)
{
	if (m->kind == TS_KIND_REMINDER)
		return TS_TPL_REMINDER;
	if (m->kind == TS_KIND_CONFIRMATION)
		return TS_TPL_CONFIRMATION;
	return m->urgent ? TS_TPL_URGENT : TS_TPL_MESSAGE;
}

static int
render(const char *t, struct look *lk, ts_tpl_escape *esc,
    struct ts_buf *out, struct ts_error *err)
{
	return ts_tpl_render(t, lookup, lk, esc, out, err);
}

/* The digest's {messages}: each message through the item template. */
static int
render_items(struct look *lk, const struct ts_msg *msgs, size_t n,
    enum ts_tpl_part part, struct ts_buf *out, struct ts_error *err)
{
	size_t i;

	for (i = 0; i < n; i++) {
		look_msg(lk, &msgs[i]);
		if (render(tpl(lk->cl, TS_TPL_DIGEST, part), lk, NULL, out,
		    err) < 0)
			return -1;
	}
	lk->m = NULL;
	return 0;
}

static int
render_parts(struct look *lk, const struct ts_delivery *d,
    const struct ts_msg *msgs, size_t n, struct ts_rendered *r,
    struct ts_error *err)
{
	struct ts_buf items = TS_BUF_INIT;
	enum ts_tpl_part tp = d->ch == TS_CH_SMS ? TS_TPL_SMS : TS_TPL_BODY;
	int rc = 0;

	if (!d->digest) {
		look_msg(lk, &msgs[0]);
		if (d->ch == TS_CH_EMAIL && render(tpl(lk->cl, kind_of(msgs),
		    TS_TPL_SUBJECT), lk, NULL, &r->subject, err) < 0)
			return -1;
		return render(tpl(lk->cl, kind_of(msgs), tp), lk, NULL,
		    &r->text, err);
	}
	snprintf(lk->count, sizeof lk->count, "%zu", n);
	if (render_items(lk, msgs, n, d->ch == TS_CH_SMS ? TS_TPL_SMS_ITEM :
	    TS_TPL_ITEM, &items, err) < 0) {
		ts_buf_release(&items);
		return -1;
	}
	lk->messages = items.buf;
	fr_time(d->next_at, ts_config_tz(lk->cfg, lk->cl), lk->date,
	    sizeof lk->date);
	if (d->ch == TS_CH_EMAIL)
		rc = render(tpl(lk->cl, TS_TPL_DIGEST, TS_TPL_SUBJECT), lk,
		    NULL, &r->subject, err);
	if (rc == 0)
		rc = render(tpl(lk->cl, TS_TPL_DIGEST, tp), lk, NULL,
		    &r->text, err);
	lk->messages = NULL;
	ts_buf_release(&items);
	return rc;
}

/* The domain of the sender's address, for Message-IDs. */
static const char *
sender_domain(const struct ts_config *cfg)
{
	const struct ts_outbox_conf *oc = ts_outbox_conf(cfg);
	const char *from = oc->smtp ? oc->smtp->from : oc->sendmail ?
	    oc->sendmail->from : NULL;
	const char *at = from ? strchr(from, '@') : NULL;

	return at ? at + 1 : "ts.invalid";
}

static void
make_msgid(const struct ts_config *cfg, const struct ts_delivery *d,
    const struct ts_msg *msgs, size_t n, struct ts_rendered *r)
{
	if (d->digest)
		snprintf(r->msgid, sizeof r->msgid, "<ts.%lld.%lld.digest."
		    "%lld-%lld.%zu.%.60s@%s>", (long long)d->created,
		    (long long)d->id, (long long)msgs[0].id,
		    (long long)msgs[n - 1].id, n, d->client,
		    sender_domain(cfg));
	else
		snprintf(r->msgid, sizeof r->msgid, "<ts.%lld.%lld.%.60s@%s>",
		    (long long)d->created, (long long)d->id, d->client,
		    sender_domain(cfg));
}

static void
json_field(struct ts_buf *o, const char *name, const char *v, int comma)
{
	ts_buf_addf(o, "%s\"%s\":\"", comma ? "," : "", name);
	ts_json_escape(o, v, strlen(v));
	ts_buf_addch(o, '"');
}

/* The webhook's JSON: the message's fields, and the client's name. */
static void
render_json(const struct ts_config *cfg, const struct ts_client *cl,
    const struct ts_delivery *d, const struct ts_msg *m, struct ts_buf *o)
{
	const struct ts_tz *tz = ts_config_tz(cfg, cl);
	char iso[TS_ISO_MAX];

	ts_buf_addf(o, "{\"type\":\"%s\",\"id\":%lld,\"delivery\":%lld",
	    ts_msg_kind_name(m->kind), (long long)m->id, (long long)d->id);
	json_field(o, "client", m->client, 1);
	json_field(o, "client_name", cl && cl->name ? cl->name : "", 1);
	ts_buf_addf(o, ",\"urgent\":%s", m->urgent ? "true" : "false");
	ts_time_iso(m->created, tz, iso);
	json_field(o, "created", iso, 1);
	json_field(o, "caller", m->caller, 1);
	json_field(o, "caller_name", m->caller_name, 1);
	json_field(o, "caller_email", m->caller_email, 1);
	json_field(o, "subject", m->subject, 1);
	json_field(o, "body", m->body, 1);
	json_field(o, "taken_by", m->taken_by, 1);
	json_field(o, "reason", m->reason, 1);
	json_field(o, "call_id", m->call_id, 1);
	json_field(o, "ref", m->ref, 1);
	iso[0] = '\0';
	if (m->start != TS_TIME_NONE)
		ts_time_iso(m->start, tz, iso);
	json_field(o, "start", iso, 1);
	ts_buf_addstr(o, "}");
}

static void
render_mime(const struct ts_config *cfg, struct look *lk,
    const struct ts_delivery *d, const struct ts_msg *msgs, size_t n,
    struct ts_rendered *r)
{
	const struct ts_outbox_conf *oc = ts_outbox_conf(cfg);
	const struct ts_client_msg *cm = ts_client_msg(lk->cl);
	struct ts_buf sender = TS_BUF_INIT;
	struct ts_error err = TS_ERROR_INIT;
	struct ts_mime mm;

	lk->m = NULL;
	if (ts_tpl_render(cm->sender_name ? cm->sender_name :
	    "{client_name}", lookup, lk, NULL, &sender, &err) < 0)
		ts_buf_reset(&sender);
	memset(&mm, 0, sizeof mm);
	mm.from_name = sender.buf;
	mm.from = oc->smtp ? oc->smtp->from : oc->sendmail->from;
	mm.to = d->to;
	mm.reply_to = n == 1 && msgs[0].caller_email[0] ?
	    msgs[0].caller_email : NULL;
	mm.subject = r->subject.buf;
	mm.message_id = r->msgid;
	mm.date = d->digest ? d->next_at : msgs[0].created;
	mm.tz = ts_config_tz(cfg, lk->cl);
	mm.urgent = !d->digest && msgs[0].urgent;
	mm.client = d->client;
	mm.body = r->text.buf;
	ts_mime_build(&mm, &r->wire);
	ts_buf_release(&sender);
}

void
ts_rendered_init(struct ts_rendered *r)
{
	ts_buf_init(&r->subject);
	ts_buf_init(&r->text);
	ts_buf_init(&r->wire);
	r->msgid[0] = '\0';
}

void
ts_rendered_release(struct ts_rendered *r)
{
	ts_buf_release(&r->subject);
	ts_buf_release(&r->text);
	ts_buf_release(&r->wire);
}

int
ts_outbox_render(const struct ts_config *cfg, const struct ts_delivery *d,
    const struct ts_msg *msgs, size_t n, struct ts_rendered *r,
    struct ts_error *err)
{
	struct look lk;

	memset(&lk, 0, sizeof lk);
	lk.cfg = cfg;
	lk.cl = ts_config_client(cfg, d->client);
	if (!lk.cl)
		return ts_error_set(err, TS_EXIT_FAIL, "client '%s' is no "
		    "longer in the configuration", d->client);
	make_msgid(cfg, d, msgs, n, r);
	if (d->ch == TS_CH_WEBHOOK) {
		render_json(cfg, lk.cl, d, &msgs[0], &r->text);
		return 0;
	}
	if (render_parts(&lk, d, msgs, n, r, err) < 0)
		return -1;
	if (d->ch == TS_CH_EMAIL)
		render_mime(cfg, &lk, d, msgs, n, r);
	return 0;
}
