/*
 * ts_config_agenda.c - a client's `agenda:` (ts-agenda): appointment
 * types, the slot grid, buffer, notice and horizon, the agenda's own hours,
 * the address and cancellation instructions, the message templates and the
 * CalDAV account.
 *
 * Templates are checked here, when the file is loaded, so that a misspelt
 * placeholder is reported with its line and column instead of being sent
 * to a patient as "{dtae}".  Secrets (the CalDAV password or token) are
 * only located here; ts_secret_read reads them when a sync needs them.
 */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ts_config_impl.h"
#include "banned.h"

#define AG(f)	offsetof(struct ts_agenda, f)
#define TY(f)	offsetof(struct ts_agenda_type, f)
#define TP(f)	offsetof(struct ts_agenda_template, f)
#define DV(f)	offsetof(struct ts_agenda_caldav, f)

#define DEFAULT_HORIZON	(90 * 86400)

/* The placeholders a template may use (ts_agenda.c fills them). */
static const char *const placeholders[] = {
	"name", "date", "time", "end", "type", "duration", "address",
	"cancel", "client", "phone", NULL
};

static const char default_reminder_subject[] =
	"Rappel : rendez-vous le {date} à {time}";
static const char default_reminder_body[] =
	"Bonjour {name}, nous vous rappelons votre rendez-vous ({type}) "
	"avec {client} le {date} à {time}, {address}. {cancel}";
static const char default_confirmation_subject[] =
	"Rendez-vous confirmé le {date} à {time}";
static const char default_confirmation_body[] =
	"Bonjour {name}, votre rendez-vous ({type}) avec {client} est "
	"confirmé le {date} à {time}, {address}. {cancel}";
static const char default_cancellation_subject[] =
	"Rendez-vous du {date} annulé";
static const char default_cancellation_body[] =
	"Bonjour {name}, votre rendez-vous du {date} à {time} avec {client} "
	"est annulé.";

/* Checks every {word} of a template against placeholders[]. */
static int
check_template(struct ts_config_ctx *c, const struct ts_config_node *n,
    const char *s)
{
	const char *open, *close, *hint;
	char word[32];
	size_t i, len;

	for (; (open = strchr(s, '{')) != NULL; s = close + 1) {
		close = strchr(open, '}');
		if (!close)
			return ts_config_fail(c, n, "'{' without '}' in a "
			    "template");
		len = (size_t)(close - open - 1);
		snprintf(word, sizeof word, "%.*s", (int)(len < 31 ? len : 31),
		    open + 1);
		for (i = 0; placeholders[i]; i++)
			if (strcmp(word, placeholders[i]) == 0)
				break;
		if (placeholders[i])
			continue;
		hint = ts_config_suggest(word, placeholders);
		if (hint)
			return ts_config_fail(c, n, "unknown placeholder "
			    "'{%s}' in a template; did you mean '{%s}'?", word,
			    hint);
		return ts_config_fail(c, n, "unknown placeholder '{%s}' in a "
		    "template", word);
	}
	return 0;
}

static int
read_text(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	char **dst = TS_CONFIG_FIELD(obj, k, char *);

	if (ts_config_str(c, n, dst) == -1)
		return -1;
	return check_template(c, n, *dst);
}

static const struct ts_config_key template_keys[] = {
	{ "subject", read_text, TP(subject), 0,
	    "the message's subject (e-mail) or first line" },
	{ "body", read_text, TP(body), 0,
	    "the message's text" },
	{ NULL, NULL, 0, 0, NULL }
};

static int
read_template(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	struct ts_agenda_template *t = TS_CONFIG_FIELD(obj, k,
	    struct ts_agenda_template);
	char what[64];

	snprintf(what, sizeof what, "'%s' of the agenda", k->name);
	return ts_config_read_map(c, n, NULL, template_keys, t, what, 0);
}

/* ---- types ---- */

static const struct ts_config_key type_keys[] = {
	{ "duration", ts_config_key_seconds, TY(duration),
	    TS_CONFIG_REQUIRED, "how long the appointment lasts" },
	{ "label", ts_config_key_str, TY(label), 0,
	    "its name for people (the type's id)" },
	{ NULL, NULL, 0, 0, NULL }
};

/* The same rule as client ids: safe on a command line and in CSV. */
static int
valid_name(const char *s, size_t len)
{
	size_t i;

	if (len < 1 || len > 63)
		return 0;
	for (i = 0; i < len; i++) {
		if ((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') ||
		    (i > 0 && (s[i] == '-' || s[i] == '_')))
			continue;
		return 0;
	}
	return 1;
}

static int
read_type(struct ts_config_ctx *c, const struct ts_config_node *kn,
    const struct ts_config_node *vn, struct ts_agenda_type *t)
{
	static const struct ts_config_key dur = { "duration",
	    ts_config_key_seconds, TY(duration), 0, NULL };
	char what[96];

	if (!valid_name(kn->str, kn->len))
		return ts_config_fail(c, kn, "invalid appointment type "
		    "'%.60s': use lowercase letters, digits, '-' and '_'",
		    kn->str);
	memset(t, 0, sizeof *t);
	t->name = ts_config_strndup(c, kn->str, kn->len);
	snprintf(what, sizeof what, "appointment type '%s'", t->name);
	if (vn->type == TS_CONFIG_MAP) {
		if (ts_config_read_map(c, vn, NULL, type_keys, t, what, 0)
		    == -1)
			return -1;
	} else if (ts_config_key_seconds(c, vn, t, &dur) == -1) {
		return -1;
	}
	if (t->duration < 60)
		return ts_config_fail(c, vn, "appointment type '%s' must last "
		    "at least 1m", t->name);
	if (!t->label)
		t->label = t->name;
	return 0;
}

static int
read_types(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	struct ts_agenda *ag = obj;
	size_t i, nt;

	(void)k;
	if (n->type != TS_CONFIG_MAP || n->nkid == 0)
		return ts_config_fail(c, n, "'types' must be a mapping from "
		    "appointment types to durations, not %s",
		    ts_config_type_name(n));
	nt = n->nkid / 2;
	ag->types = ts_config_alloc(c, nt * sizeof *ag->types);
	for (i = 0; i < nt; i++)
		if (read_type(c, n->kid[2 * i], n->kid[2 * i + 1],
		    &ag->types[i]) == -1)
			return -1;
	ag->ntypes = nt;
	return 0;
}

/* ---- hours, durations ---- */

/* The agenda's own hours: the client's reader, on a scratch client. */
static int
read_agenda_hours(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	struct ts_agenda *ag = obj;
	struct ts_client scratch;

	memset(&scratch, 0, sizeof scratch);
	if (ts_config_read_hours(c, n, &scratch, k) == -1)
		return -1;
	ag->hours = scratch.hours;
	return 0;
}

/* ---- caldav ---- */

static int
read_url(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	char **url = TS_CONFIG_FIELD(obj, k, char *);

	if (ts_config_str(c, n, url) == -1)
		return -1;
	if (strncmp(*url, "https://", 8) != 0 &&
	    strncmp(*url, "http://", 7) != 0)
		return ts_config_fail(c, n, "'%s' must be an http:// or "
		    "https:// address", k->name);
	if (strchr(*url, '@'))
		return ts_config_fail(c, n, "'%s' must not hold a user name "
		    "or a password: use 'username' and 'password_file'",
		    k->name);
	return 0;
}

static const struct ts_config_key caldav_keys[] = {
	{ "url", read_url, DV(url), TS_CONFIG_REQUIRED,
	    "the calendar collection's address" },
	{ "username", ts_config_key_str, DV(username), 0,
	    "user name for basic authentication" },
	{ "password", ts_config_key_inline_secret, 0, 0,
	    "refused: use password_file or password_env" },
	{ "password_file", ts_config_key_secret_file, DV(password), 0,
	    "file holding the password (mode 0600)" },
	{ "password_env", ts_config_key_secret_env, DV(password), 0,
	    "environment variable holding the password" },
	{ "token", ts_config_key_inline_secret, 0, 0,
	    "refused: use token_file or token_env" },
	{ "token_file", ts_config_key_secret_file, DV(token), 0,
	    "file holding a bearer token (OAuth), mode 0600" },
	{ "token_env", ts_config_key_secret_env, DV(token), 0,
	    "environment variable holding a bearer token" },
	{ NULL, NULL, 0, 0, NULL }
};

static int
read_caldav(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	struct ts_agenda *ag = obj;
	struct ts_agenda_caldav *dv = &ag->caldav;

	(void)k;
	if (ts_config_read_map(c, n, NULL, caldav_keys, dv,
	    "'caldav' of the agenda", 0) == -1)
		return -1;
	if ((dv->password.file || dv->password.env) &&
	    (dv->token.file || dv->token.env))
		return ts_config_fail(c, n, "'caldav' takes a password or a "
		    "token, not both");
	if ((dv->password.file || dv->password.env) && !dv->username)
		return ts_config_fail(c, n, "'caldav' has a password but no "
		    "'username'");
	return 0;
}

/* ---- the agenda ---- */

static const struct ts_config_key agenda_keys[] = {
	{ "types", read_types, 0, TS_CONFIG_REQUIRED,
	    "appointment types and their durations" },
	{ "grid", ts_config_key_minutes, AG(grid), 0,
	    "time between slot starts (each type's duration)" },
	{ "buffer", ts_config_key_seconds, AG(buffer), 0,
	    "free time kept after and before each booking (0)" },
	{ "notice", ts_config_key_seconds, AG(notice), 0,
	    "minimum notice before an appointment (0)" },
	{ "horizon", ts_config_key_minutes, AG(horizon), 0,
	    "how far ahead appointments are taken (90d)" },
	{ "hours", read_agenda_hours, 0, 0,
	    "hours for appointments (the client's hours)" },
	{ "address", ts_config_key_str, AG(address), 0,
	    "where the appointments take place" },
	{ "cancel", ts_config_key_str, AG(cancel), 0,
	    "how a patient cancels, for messages" },
	{ "reminder", read_template, AG(reminder), 0,
	    "the reminder message: subject and body" },
	{ "confirmation", read_template, AG(confirmation), 0,
	    "the confirmation message: subject and body" },
	{ "cancellation", read_template, AG(cancellation), 0,
	    "the cancellation message: subject and body" },
	{ "caldav", read_caldav, 0, 0,
	    "the client's CalDAV calendar" },
	{ "ca_file", ts_config_key_file, AG(ca_file), 0,
	    "CA certificates for import --url and sync (the system's)" },
	{ NULL, NULL, 0, 0, NULL }
};

/* Built-in text for what the file leaves out (the pool owns nothing). */
static void
agenda_defaults(struct ts_agenda *ag)
{
	struct {
		struct ts_agenda_template *t;
		const char *subject, *body;
	} d[] = {
		{ &ag->reminder, default_reminder_subject,
		    default_reminder_body },
		{ &ag->confirmation, default_confirmation_subject,
		    default_confirmation_body },
		{ &ag->cancellation, default_cancellation_subject,
		    default_cancellation_body },
	};
	size_t i;

	for (i = 0; i < sizeof d / sizeof d[0]; i++) {
		if (!d[i].t->subject)
			d[i].t->subject = (char *)d[i].subject;
		if (!d[i].t->body)
			d[i].t->body = (char *)d[i].body;
	}
	if (!ag->horizon)
		ag->horizon = DEFAULT_HORIZON;
}

int
ts_config_read_agenda(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	struct ts_client *cl = obj;
	struct ts_agenda *ag;
	char what[100];

	(void)k;
	if (n->type != TS_CONFIG_MAP)
		return ts_config_fail(c, n, "'agenda' must be a mapping, not "
		    "%s", ts_config_type_name(n));
	ag = ts_config_alloc(c, sizeof *ag);
	memset(ag, 0, sizeof *ag);
	ag->line = n->line;
	snprintf(what, sizeof what, "'agenda' of %s", c->where ? c->where :
	    "the defaults");
	if (ts_config_read_map(c, n, NULL, agenda_keys, ag, what, 0) == -1)
		return -1;
	agenda_defaults(ag);
	cl->agenda = ag;
	return 0;
}
