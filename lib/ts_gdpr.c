/*
 * ts_gdpr.c - the registry of data classes (see ts_gdpr.h), how their
 * values read for people, the vCard form of contacts, and a data
 * subject's identifiers.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "ts_gdpr.h"
#include "ts_mem.h"
#include "ts_phone.h"
#include "ts_time.h"
#include "banned.h"

#define RT(f)	offsetof(struct ts_retention, f)

/* ---- calls ---- */

static const struct ts_gdpr_field call_fields[] = {
	{ "call_id", TS_FIELD_TEXT, "identifiant de l'appel dans le standard" },
	{ "source", TS_FIELD_TEXT, "journal d'où vient l'appel" },
	{ "start", TS_FIELD_TIME, "début de l'appel" },
	{ "answer", TS_FIELD_TIME, "décroché (vide : sans réponse)" },
	{ "end", TS_FIELD_TIME, "fin de l'appel" },
	{ "did", TS_FIELD_TEXT, "numéro appelé (ligne du client)" },
	{ "caller", TS_FIELD_PHONE, "numéro de l'appelant (E.164)" },
	{ "caller_name", TS_FIELD_NAME,
	    "nom de l'appelant transmis par le réseau" },
	{ "status", TS_FIELD_TEXT, "issue : answered, abandoned, timeout, "
	    "voicemail, busy, failed, missed" },
	{ "wait_s", TS_FIELD_INT, "attente avant réponse, en secondes" },
	{ "talk_s", TS_FIELD_INT, "durée de conversation, en secondes" },
	{ "agent", TS_FIELD_TEXT, "poste ou secrétaire qui a répondu" },
	{ "queue", TS_FIELD_TEXT, "file d'attente" },
	{ "queued", TS_FIELD_TIME, "entrée dans la file d'attente" },
};

/* ---- contacts ---- */

static const struct ts_gdpr_field contact_fields[] = {
	{ "ext_id", TS_FIELD_TEXT, "identifiant dans le fichier d'origine" },
	{ "name", TS_FIELD_NAME, "nom affiché" },
	{ "first_name", TS_FIELD_NAME, "prénom" },
	{ "last_name", TS_FIELD_NAME, "nom de famille" },
	{ "company", TS_FIELD_TEXT, "société" },
	{ "email", TS_FIELD_EMAIL, "adresse électronique" },
	{ "phones", TS_FIELD_PHONE, "numéros de téléphone (E.164), séparés "
	    "par des espaces" },
	{ "tags", TS_FIELD_TEXT, "étiquettes (vip, patient...)" },
	{ "note", TS_FIELD_TEXT, "note libre" },
	{ "created_at", TS_FIELD_TIME, "création de la fiche" },
	{ "updated_at", TS_FIELD_TIME, "dernière modification de la fiche" },
};

/* RFC 6350 text value: backslash, comma, semicolon and newlines escaped. */
static void
vcard_text(struct ts_buf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '\\' || s[i] == ',' || s[i] == ';')
			ts_buf_addch(b, '\\');
		if (s[i] == '\n')
			ts_buf_addstr(b, "\\n");
		else if (s[i] != '\r')
			ts_buf_addch(b, s[i]);
	}
}

/* Ends a content line, folded at 75 octets on character boundaries. */
static void
vcard_line(struct ts_buf *out, struct ts_buf *line)
{
	size_t i = 0, col = 0, k;
	const unsigned char *s = (const unsigned char *)line->buf;

	while (i < line->len) {
		for (k = 1; i + k < line->len && (s[i + k] & 0xC0) == 0x80; k++)
			;
		if (col + k > 75) {
			ts_buf_addstr(out, "\r\n ");
			col = 1;
		}
		ts_buf_add(out, s + i, k);
		col += k;
		i += k;
	}
	ts_buf_addstr(out, "\r\n");
	ts_buf_reset(line);
}

/* One property NAME:value from field i of r, unless it is empty. */
static void
vcard_prop(struct ts_buf *out, struct ts_buf *line, const char *name,
    const struct ts_store_row *r, size_t i)
{
	if (r->v[i].null || r->v[i].len == 0)
		return;
	ts_buf_addf(line, "%s:", name);
	vcard_text(line, r->v[i].s, r->v[i].len);
	vcard_line(out, line);
}

/* A contact as a vCard 4.0 (fields in contact_fields order). */
static void
contact_vcard(struct ts_buf *out, const struct ts_gdpr_class *c,
    const struct ts_store_row *r)
{
	struct ts_buf line = TS_BUF_INIT;
	const char *p, *e;

	(void)c;
	ts_buf_addstr(out, "BEGIN:VCARD\r\nVERSION:4.0\r\n");
	ts_buf_addstr(&line, "FN:");
	if (!r->v[1].null)
		vcard_text(&line, r->v[1].s, r->v[1].len);
	vcard_line(out, &line);
	ts_buf_addstr(&line, "N:");
	vcard_text(&line, r->v[3].s, r->v[3].len);
	ts_buf_addch(&line, ';');
	vcard_text(&line, r->v[2].s, r->v[2].len);
	ts_buf_addstr(&line, ";;;");
	vcard_line(out, &line);
	vcard_prop(out, &line, "UID", r, 0);
	vcard_prop(out, &line, "ORG", r, 4);
	vcard_prop(out, &line, "EMAIL", r, 5);
	for (p = r->v[6].s; !r->v[6].null && *p; p = e + (*e == ' ')) {
		if (!(e = strchr(p, ' ')))
			e = p + strlen(p);
		ts_buf_addf(&line, "TEL;VALUE=uri:tel:%.*s", (int)(e - p), p);
		vcard_line(out, &line);
	}
	vcard_prop(out, &line, "CATEGORIES", r, 7);
	vcard_prop(out, &line, "NOTE", r, 8);
	ts_buf_addstr(out, "END:VCARD\r\n");
	ts_buf_release(&line);
}

/* ---- bookings and busy time (ts-agenda) ---- */

static const struct ts_gdpr_field booking_fields[] = {
	{ "uid", TS_FIELD_TEXT, "identifiant iCalendar du rendez-vous" },
	{ "sequence", TS_FIELD_INT, "nombre de modifications" },
	{ "status", TS_FIELD_TEXT, "confirmed ou cancelled" },
	{ "type", TS_FIELD_TEXT, "type de rendez-vous" },
	{ "start", TS_FIELD_TIME, "début du rendez-vous" },
	{ "end", TS_FIELD_TIME, "fin du rendez-vous" },
	{ "name", TS_FIELD_NAME, "nom de la personne" },
	{ "phone", TS_FIELD_PHONE, "son numéro (E.164)" },
	{ "email", TS_FIELD_EMAIL, "son adresse électronique" },
	{ "note", TS_FIELD_TEXT, "note pour le client" },
	{ "created_at", TS_FIELD_TIME, "prise du rendez-vous" },
	{ "updated_at", TS_FIELD_TIME, "dernière modification" },
};

static const struct ts_gdpr_field busy_fields[] = {
	{ "source", TS_FIELD_TEXT, "agenda d'où vient le créneau" },
	{ "ref", TS_FIELD_TEXT, "identifiant de l'événement dans cet agenda" },
	{ "start", TS_FIELD_TIME, "début du créneau occupé" },
	{ "end", TS_FIELD_TIME, "fin du créneau occupé" },
	{ "imported_at", TS_FIELD_TIME, "date de l'import" },
};

/* ---- messages, the outbox, escalations (ts-msg, ts-route) ---- */

static const struct ts_gdpr_field message_fields[] = {
	{ "kind", TS_FIELD_TEXT, "message, reminder ou confirmation" },
	{ "urgent", TS_FIELD_INT, "1 : message urgent" },
	{ "ref", TS_FIELD_TEXT, "référence du message" },
	{ "caller", TS_FIELD_PHONE, "numéro de l'appelant (E.164)" },
	{ "caller_name", TS_FIELD_NAME, "nom de l'appelant" },
	{ "caller_email", TS_FIELD_EMAIL, "adresse électronique de "
	    "l'appelant" },
	{ "taken_by", TS_FIELD_TEXT, "secrétaire qui a pris le message" },
	{ "reason", TS_FIELD_TEXT, "motif de l'appel" },
	{ "notify", TS_FIELD_TEXT, "destinataires demandés" },
	{ "call_id", TS_FIELD_TEXT, "identifiant de l'appel" },
	{ "start", TS_FIELD_TIME, "heure de l'appel" },
	{ "subject", TS_FIELD_TEXT, "objet du message" },
	{ "body", TS_FIELD_TEXT, "texte du message" },
	{ "created_at", TS_FIELD_TIME, "prise du message" },
};

static const struct ts_gdpr_field delivery_fields[] = {
	{ "message", TS_FIELD_INT, "numéro du message envoyé" },
	{ "channel", TS_FIELD_TEXT, "canal : email, sms ou webhook" },
	{ "recipient", TS_FIELD_TEXT, "destinataire (adresse, numéro ou "
	    "URL)" },
	{ "digest", TS_FIELD_INT, "1 : envoyé dans un récapitulatif" },
	{ "state", TS_FIELD_TEXT, "état : pending, sending, sent, failed, "
	    "dead, cancelled" },
	{ "attempts", TS_FIELD_INT, "nombre de tentatives" },
	{ "code", TS_FIELD_INT, "code de la dernière réponse du serveur" },
	{ "error", TS_FIELD_TEXT, "dernière erreur" },
	{ "created_at", TS_FIELD_TIME, "mise en file" },
	{ "sent_at", TS_FIELD_TIME, "envoi" },
	{ "updated_at", TS_FIELD_TIME, "dernière modification" },
};

static const struct ts_gdpr_field escalation_fields[] = {
	{ "call_ref", TS_FIELD_TEXT, "référence de l'appel" },
	{ "rota", TS_FIELD_TEXT, "astreinte alertée" },
	{ "rule", TS_FIELD_TEXT, "règle qui a déclenché l'alerte" },
	{ "caller", TS_FIELD_PHONE, "numéro de l'appelant (E.164)" },
	{ "reason", TS_FIELD_TEXT, "motif de l'appel" },
	{ "call_at", TS_FIELD_TIME, "heure de l'appel" },
	{ "step", TS_FIELD_INT, "étape de l'escalade" },
	{ "alerted", TS_FIELD_TEXT, "personnes d'astreinte alertées" },
	{ "next_at", TS_FIELD_TIME, "prochaine alerte prévue" },
	{ "status", TS_FIELD_TEXT, "open, acknowledged ou exhausted" },
	{ "acked_at", TS_FIELD_TIME, "prise en charge" },
	{ "acked_by", TS_FIELD_TEXT, "personne qui a pris en charge" },
	{ "created_at", TS_FIELD_TIME, "début de l'escalade" },
	{ "updated_at", TS_FIELD_TIME, "dernière modification" },
};

/* ---- the audit ---- */

static const struct ts_gdpr_field audit_fields[] = {
	{ "at", TS_FIELD_TIME, "date de l'opération" },
	{ "tool", TS_FIELD_TEXT, "outil" },
	{ "version", TS_FIELD_TEXT, "version de l'outil" },
	{ "command", TS_FIELD_TEXT, "opération : retention, subject, "
	    "client, export-subject, export-client, hold, release" },
	{ "client", TS_FIELD_TEXT, "client concerné" },
	{ "class", TS_FIELD_TEXT, "catégorie de données" },
	{ "count", TS_FIELD_INT, "nombre d'enregistrements" },
	{ "cutoff", TS_FIELD_TIME, "durée de conservation : limite appliquée" },
	{ "request_date", TS_FIELD_TIME, "date de la demande de la personne" },
	{ "ref", TS_FIELD_TEXT, "référence de la demande" },
	{ "outcome", TS_FIELD_TEXT, "résultat" },
};

#define FIELDS(a)	a, sizeof a / sizeof a[0]

/*
 * The registry.  Order matters: classes are exported in this order and
 * deleted in it too, so a class whose rows refer to another's comes first
 * (deliveries before messages, which they are found through).  The audit is last: a
 * purge writes its own rows after deleting the others.
 */
const struct ts_gdpr_class ts_gdpr_classes[] = {
	{ "calls", "appels reçus", "Les appels reçus pour le client, tels que "
	    "le standard téléphonique les a enregistrés.",
	    FIELDS(call_fields), &ts_store_class_calls,
	    TS_BY_PHONE | TS_BY_NAME,
	    TS_DC_SUBJECT | TS_DC_CLIENT | TS_DC_NOCLIENT,
	    RT(calls), "1y", "à compter de l'appel", NULL, NULL, NULL },
	{ "contacts", "fiches contacts", "Les fiches des correspondants du "
	    "client : nom, numéros, adresse électronique, notes.",
	    FIELDS(contact_fields), &ts_store_class_contacts,
	    TS_BY_PHONE | TS_BY_EMAIL | TS_BY_NAME,
	    TS_DC_SUBJECT | TS_DC_CLIENT,
	    RT(contacts), "3y", "à compter du dernier contact",
	    "contacts.vcf", contact_vcard, NULL },
	{ "bookings", "rendez-vous", "Les rendez-vous pris pour le client : "
	    "date, type, nom, numéro et adresse de la personne, note.",
	    FIELDS(booking_fields), &ts_store_class_bookings,
	    TS_BY_PHONE | TS_BY_EMAIL | TS_BY_NAME,
	    TS_DC_SUBJECT | TS_DC_CLIENT,
	    RT(bookings), "2y", "à compter du rendez-vous", "bookings.ics",
	    NULL, ts_gdpr_bookings_ics },
	{ "busy", "créneaux occupés de l'agenda du client", "Les créneaux "
	    "occupés importés de l'agenda du client (sans le détail des "
	    "événements).",
	    FIELDS(busy_fields), &ts_store_class_busy, 0, TS_DC_CLIENT,
	    RT(busy), "1mo", "à compter de la fin du créneau", NULL, NULL,
	    NULL },
	{ "deliveries", "envois des messages", "Les envois des messages "
	    "(courriel, SMS, webhook) : destinataire, état, dates.",
	    FIELDS(delivery_fields), &ts_store_class_deliveries,
	    TS_BY_PHONE | TS_BY_EMAIL, TS_DC_SUBJECT | TS_DC_CLIENT,
	    RT(deliveries), "3mo", "à compter de la mise en file", NULL,
	    NULL, NULL },
	{ "messages", "messages pris", "Les messages pris pour le client : "
	    "appelant, motif, texte.",
	    FIELDS(message_fields), &ts_store_class_messages,
	    TS_BY_PHONE | TS_BY_EMAIL | TS_BY_NAME,
	    TS_DC_SUBJECT | TS_DC_CLIENT,
	    RT(messages), "1y", "à compter de la prise du message", NULL,
	    NULL, NULL },
	{ "escalations", "alertes d'astreinte", "Les alertes envoyées aux "
	    "personnes d'astreinte pour un appel urgent.",
	    FIELDS(escalation_fields), &ts_store_class_escalations,
	    TS_BY_PHONE, TS_DC_SUBJECT | TS_DC_CLIENT,
	    RT(escalations), "1y", "à compter de l'appel", NULL, NULL,
	    NULL },
	{ "audit", "journal des purges et exports", "Ce que les purges et "
	    "exports ont fait : dates, catégories, nombres ; aucune donnée "
	    "personnelle.",
	    FIELDS(audit_fields), &ts_store_class_audit, 0,
	    TS_DC_CLIENT | TS_DC_NOCLIENT,
	    RT(audit), "1y", "à compter de l'opération", NULL, NULL, NULL },
};
const size_t ts_gdpr_nclasses =
    sizeof ts_gdpr_classes / sizeof ts_gdpr_classes[0];

/* ts_purge keeps one bit per class. */
_Static_assert(sizeof ts_gdpr_classes / sizeof ts_gdpr_classes[0] <=
    sizeof(unsigned long) * 8, "too many data classes for ts_purge");

const struct ts_gdpr_class *
ts_gdpr_class(const char *name)
{
	size_t i;

	for (i = 0; i < ts_gdpr_nclasses; i++)
		if (strcmp(ts_gdpr_classes[i].name, name) == 0)
			return &ts_gdpr_classes[i];
	return NULL;
}

void
ts_gdpr_retention(const struct ts_gdpr_class *c, const struct ts_client *cl,
    struct ts_duration *d)
{
	const struct ts_duration *own = NULL;

	if (cl)
		own = (const struct ts_duration *)(const void *)
		    ((const char *)&cl->retention + c->retention);
	if (own && (own->seconds || own->months)) {
		*d = *own;
		return;
	}
	/* The defaults are constants of this file: they parse. */
	if (ts_duration_parse(c->retention_default, d, NULL) != 0)
		abort();
}

int
ts_gdpr_value(const struct ts_gdpr_field *f, const struct ts_store_val *v,
    const struct ts_tz *z, struct ts_buf *out)
{
	char iso[TS_ISO_MAX];

	if (v->null)
		return 0;
	switch (f->kind) {
	case TS_FIELD_TIME:
		ts_time_iso(v->i, z, iso);
		ts_buf_addstr(out, iso);
		break;
	case TS_FIELD_INT:
		ts_buf_addf(out, "%lld", (long long)v->i);
		break;
	default:
		ts_buf_add(out, v->s, v->len);
		break;
	}
	return 1;
}

/* ---- a data subject ---- */

static void
list_add(struct ts_strlist *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return;
	l->v = ts_xreallocarray(l->v, l->n + 1, sizeof *l->v);
	l->v[l->n++] = ts_xstrdup(s);
}

int
ts_subject_add(struct ts_subject *s, int kind, const char *text,
    const struct ts_phone_country *c, struct ts_error *err)
{
	char e164[TS_PHONE_MAX], *low;
	size_t i, n = strlen(text);

	if (kind == 'p') {
		if (ts_phone_normalize(text, n, c, e164) != TS_PHONE_E164)
			return ts_error_set(err, TS_EXIT_USAGE, "--phone: not "
			    "a telephone number");
		list_add(&s->phones, e164);
		return 0;
	}
	while (n && isspace((unsigned char)text[n - 1]))
		n--;
	while (n && isspace((unsigned char)*text))
		text++, n--;
	if (kind == 'e') {
		if (!memchr(text, '@', n) || n > 254)
			return ts_error_set(err, TS_EXIT_USAGE, "--email: not "
			    "an e-mail address");
		low = ts_xstrndup(text, n);
		for (i = 0; low[i]; i++)
			low[i] = (char)tolower((unsigned char)low[i]);
		list_add(&s->emails, low);
		free(low);
		return 0;
	}
	if (n == 0 || n > 200)
		return ts_error_set(err, TS_EXIT_USAGE, "--name: empty or "
		    "longer than 200 bytes");
	low = ts_xstrndup(text, n);
	list_add(&s->names, low);
	free(low);
	return 0;
}

static void
list_free(struct ts_strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

void
ts_subject_args_add(struct ts_subject_args *a, int kind, const char *text)
{
	a->v = ts_xreallocarray(a->v, a->n + 1, sizeof *a->v);
	a->v[a->n].kind = kind;
	a->v[a->n++].text = text;
}

int
ts_subject_add_args(struct ts_subject *s, const struct ts_subject_args *a,
    const struct ts_phone_country *c, struct ts_error *err)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		if (ts_subject_add(s, a->v[i].kind, a->v[i].text, c, err) != 0)
			return -1;
	return 0;
}

void
ts_subject_free(struct ts_subject *s)
{
	list_free(&s->phones);
	list_free(&s->emails);
	list_free(&s->names);
}

int
ts_gdpr_check_ref(const char *ref, struct ts_error *err)
{
	size_t i, digits = 0, run = 0;

	if (!ref)
		return 0;
	for (i = 0; ref[i]; i++) {
		unsigned char ch = (unsigned char)ref[i];

		if (!isalnum(ch) && !strchr("-_./:#", ch))
			return ts_error_set(err, TS_EXIT_USAGE, "--ref: use "
			    "letters, digits and '-_./:#' only (a ticket "
			    "number, never a name)");
		run = isdigit(ch) ? run + 1 : 0;
		if (run > digits)
			digits = run;
	}
	if (i == 0 || i > 64)
		return ts_error_set(err, TS_EXIT_USAGE, "--ref: 1 to 64 "
		    "characters");
	if (digits >= 8)
		return ts_error_set(err, TS_EXIT_USAGE, "--ref: 8 digits in a "
		    "row look like a telephone number; the audit keeps no "
		    "personal data");
	return 0;
}
