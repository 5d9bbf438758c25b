/*
 * ts_config.h - the configuration file (YAML) as typed structures.
 *
 * One file: --config, else $TS_CONFIG, else $XDG_CONFIG_HOME/ts/config.yaml
 * (~/.config/ts/config.yaml).  It describes the service and each client.
 * The whole file is read and validated before a tool does anything: every
 * error is reported as FILE:LINE:COLUMN: message (1-based), unknown keys are
 * errors with a "did you mean" hint, and the first error stops the load.
 * man/ts-config.5 documents every key; examples/config.yaml uses them all.
 *
 * Loading happens in two steps (lib/ts_config.c): libyaml events become a
 * tree of nodes with positions (aliases expanded, with a bound on the
 * expanded size so that a "billion laughs" file is refused); then each
 * section is read from the tree by the file that owns it
 * (ts_config_client.c for clients, ts_config_hours.c for hours, holidays and
 * closures, ...).  Later sections (routing, messages, agenda, data
 * protection) add their own files and fields.
 *
 * Everything returned is owned by the struct ts_config and lives until
 * ts_config_free.
 */
#ifndef TS_CONFIG_H
#define TS_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "ts_buf.h"
#include "ts_err.h"
#include "ts_phone.h"
#include "ts_time.h"

struct ts_client_msg;
struct ts_outbox_conf;

/* A span of a day in minutes, [from, to); to may be 1440 (midnight). */
struct ts_span {
	int from;
	int to;
};

/* Opening hours: for each ISO weekday (0 = Monday .. 6 = Sunday), sorted
 * non-overlapping spans.  A client without `hours` is always open. */
struct ts_hours {
	int set;			/* 1 when the client has hours */
	struct ts_span *day[7];
	size_t nday[7];
};

enum ts_holidays {
	TS_HOLIDAYS_NONE,
	TS_HOLIDAYS_FR,		/* French public holidays */
	TS_HOLIDAYS_FR_ALSACE	/* plus Good Friday and 26 December */
};

/* A closure: the office is closed from `from` to `to` (instants). */
struct ts_closure {
	int64_t from;
	int64_t to;		/* excluded */
	char *label;		/* "congés d'été"; may be "" */
	long line;		/* where it is written, for messages */
};

/* How the service level is computed (notes/kpi.md section 1.2). */
enum ts_sl_formula {
	TS_SL_NET_OF_SHORT,	/* A(<=T) / (offered - short abandons): default */
	TS_SL_ANSWERED,		/* A(<=T) / A */
	TS_SL_OFFERED,		/* A(<=T) / offered */
	TS_SL_ANSWERED_ABANDONED, /* A(<=T) / (A + Ab) */
	TS_SL_ABANDONS_MET,	/* (A(<=T) + Ab(<=T)) / (A + Ab) */
	TS_SL_LATE_ABANDONS	/* A(<=T) / (A + Ab(>T)) */
};

/* Where the waiting clock starts. */
enum ts_clock_start {
	TS_CLOCK_CALL,		/* when the call reached the service */
	TS_CLOCK_QUEUE		/* when it entered a queue (queue_log) */
};

/* The contract's figures.  A target that is not set is NAN (math.h). */
struct ts_sla {
	int64_t threshold_s;	/* T: answered within T counts; default 20 */
	int64_t short_abandon_s; /* S: abandons shorter are not counted; 5 */
	enum ts_sl_formula formula;
	enum ts_clock_start clock_start;
	double service_level;	/* target fraction, e.g. 0.80 */
	double answer_rate;	/* target answered / offered, e.g. 0.95 */
	double abandon_rate;	/* maximum abandoned / offered */
	double asa_s;		/* maximum average speed of answer */
};

/* How long each class of data is kept (ts-purge).  A duration left at zero
 * means "not set": ts-purge then applies its documented default. */
struct ts_retention {
	struct ts_duration calls;
	struct ts_duration contacts;	/* after the contact's last activity */
	struct ts_duration messages;
	struct ts_duration deliveries;
	struct ts_duration bookings;
	struct ts_duration busy;
	struct ts_duration audit;
	struct ts_duration escalations;	/* ts-route's on-call alerts */
	int legal_hold;			/* 1: purge nothing of this client */
};

/* A list of strings from the configuration. */
struct ts_strlist {
	char **v;
	size_t n;
};

/*
 * What the client, as controller, tells a data subject (GDPR Art. 13-15):
 * ts-export prints it in the README of an access bundle.  NULL or empty
 * when not set (ts-export then writes its documented default).
 */
struct ts_privacy {
	char *controller;	/* the controller's name and address */
	char *contact;		/* where to exercise one's rights, DPO */
	struct ts_strlist purposes;	/* finalités */
	char *legal_basis;	/* base légale */
	struct ts_strlist recipients;	/* destinataires */
	char *source;		/* where the data comes from */
	char *transfers;	/* outside the EU, or "none" */
};
struct ts_agenda;

/* ---- routing (ts-route): caller tags, on-call rotas, rules ---- */

/* A caller tag that rules may name (contacts carry tags, ts_store.h). */
struct ts_tag {
	char *name;		/* folded as contacts' tags are: "bloque" */
	char *about;		/* what it means, for people; may be "" */
};

/* Someone who may be on call. */
struct ts_person {
	char *id;		/* the key under `people:` */
	char *name;		/* "Marc Schmitt" */
	char *number;		/* E.164 */
	char *email;		/* may be NULL */
};

#define TS_WEEK_MIN (7 * 1440)	/* minutes in a week */

/*
 * A weekly shift: [from, to) in minutes from Monday 00:00 local time,
 * wrapping past Sunday midnight when to <= from.  Each week the next
 * person of `people` takes it, in turn.
 */
struct ts_shift {
	int from;
	int to;
	size_t *people;		/* indexes into the rota's people */
	size_t npeople;
	long line;
};

/* Someone standing in for whoever the rotation names, [from, to). */
struct ts_rota_exception {
	int64_t from;
	int64_t to;
	size_t person;		/* index into the rota's people */
	char *label;		/* may be "" */
	long line;
};

enum ts_step_kind {
	TS_STEP_ONCALL,		/* whoever is on call */
	TS_STEP_NEXT,		/* whoever takes over at the next handover */
	TS_STEP_PERSON,		/* one of the rota's people */
	TS_STEP_NUMBER		/* a number (the office, a manager) */
};

/* One step of an escalation chain. */
struct ts_step {
	enum ts_step_kind kind;
	size_t person;		/* TS_STEP_PERSON */
	char *number;		/* TS_STEP_NUMBER: E.164 */
	int64_t wait_s;		/* without acknowledgement, the next step
				 * after this long (the last: give up) */
};

/*
 * An on-call rota (astreinte): its people, a weekly pattern of shifts
 * that covers the whole week (checked when loading: no hole, no
 * overlap), the week the rotation starts from, exceptions, and the
 * escalation chain (at least one step).
 */
struct ts_rota {
	char *name;
	struct ts_person *people;
	size_t npeople;
	struct ts_shift *shifts;	/* sorted by from */
	size_t nshifts;
	int64_t start;		/* day number (ts_days_from_civil) of the
				 * Monday of the week each shift's first
				 * person takes */
	struct ts_rota_exception *exceptions;	/* sorted, disjoint */
	size_t nexceptions;
	struct ts_step *steps;
	size_t nsteps;
	long line;
};

enum ts_action {
	TS_ACTION_ANSWER,	/* a secretary answers with the greeting */
	TS_ACTION_TRANSFER,	/* put through to target */
	TS_ACTION_MESSAGE,	/* take a message for notify */
	TS_ACTION_ESCALATE,	/* alert the person on call of rota target */
	TS_ACTION_VOICEMAIL,	/* to a mailbox */
	TS_ACTION_REJECT,	/* hang up */
	TS_ACTION_COUNT
};

/* Bits of a rule's `state:` condition: 1u << enum ts_open (ts_calendar.h). */
#define TS_STATE_OPEN		0x01u
#define TS_STATE_AFTER_HOURS	0x02u
#define TS_STATE_BREAK		0x04u
#define TS_STATE_HOLIDAY	0x08u
#define TS_STATE_CLOSURE	0x10u
#define TS_STATE_CLOSED		0x1eu	/* any of the four above */

/* Bits of a rule's `caller:` condition. */
#define TS_CALLER_KNOWN		0x1u	/* a contact of the client */
#define TS_CALLER_UNKNOWN	0x2u	/* a number, not a contact */
#define TS_CALLER_WITHHELD	0x4u	/* no number */

/*
 * A routing rule: conditions (all must hold; a list within one means any
 * of its items; an empty condition holds always) and the decision.
 */
struct ts_rule {
	char *name;		/* as written, else its number: "3" */
	long line;
	unsigned states;	/* TS_STATE_* bits; 0: any */
	struct ts_span *times;	/* local spans; from > to wraps midnight */
	size_t ntimes;
	unsigned weekdays;	/* bit 0 = Monday; 0: any */
	char **tags;		/* the caller has one of them */
	size_t ntags;
	unsigned callers;	/* TS_CALLER_* bits; 0: any */
	char **prefixes;	/* the caller's E.164 starts with one */
	size_t nprefixes;
	char **dialled;		/* the number dialled is one (E.164) */
	size_t ndialled;
	char **reasons;		/* the call's reason is one (lowercase) */
	size_t nreasons;
	enum ts_action action;
	char *target;		/* E.164, a channel, a rota's name, a
				 * mailbox; "" when none */
	const struct ts_rota *rota; /* the rota target names, or NULL */
	char *greeting;		/* instead of the client's; may be NULL */
	char *notify;		/* normalised list (ts-route(1)); "" */
	char *note;		/* for the secretary; may be NULL */
};

struct ts_client {
	char *id;		/* under `clients:`: [a-z0-9][a-z0-9_-]{0,62} */
	char *name;		/* "Cabinet médical du Dr Durand" */
	const struct ts_tz *tz;	/* the client's zone (else the service's) */
	char **numbers;		/* its lines (DIDs), E.164 */
	size_t nnumbers;
	char **accountcodes;	/* PBX account codes that mean this client */
	size_t naccountcodes;
	char **queues;		/* PBX queues that serve only this client */
	size_t nqueues;
	char *greeting;		/* what the secretary says; may be NULL */
	char *instructions;	/* the consignes, free text; may be NULL */
	struct ts_hours hours;
	enum ts_holidays holidays;
	struct ts_closure *closures;
	size_t nclosures;
	struct ts_sla sla;
	struct ts_retention retention;
	struct ts_client_msg *msg;	/* messages: (ts_config_msg.h) */
	struct ts_privacy privacy;
	struct ts_agenda *agenda;	/* NULL: no agenda (ts-agenda) */
	long line;		/* where the client is defined */
	struct ts_tag *tags;	/* caller tags rules may name */
	size_t ntags;
	struct ts_rota *rotas;	/* `oncall:` */
	size_t nrotas;
	struct ts_rule *rules;	/* first match wins; none: the default */
	size_t nrules;
};

struct ts_service {
	char *name;		/* the agency's name */
	const struct ts_tz *tz;	/* default zone for clients and input */
	struct ts_phone_country country; /* for national numbers */
	char language[8];	/* "fr" (default) or "en" */
};

/*
 * A secret (an SMTP password, an API token): where it is, never what it
 * is.  The configuration names a file (password_file, refused unless only
 * its owner can read it) or an environment variable (password_env); the
 * value is read only when it is needed, by ts_secret_read.
 */
struct ts_secret {
	char *file;		/* path, or NULL */
	char *env;		/* variable name, or NULL */
};

/*
 * Reads a secret: the file's first line (without its line end), or the
 * variable's value.  Returns a string the caller frees with
 * ts_secret_free (which wipes it), or NULL with err set; the message names
 * the file or the variable, never the value.  A secret with neither is
 * the empty string.
 */
char *ts_secret_read(const struct ts_secret *s, struct ts_error *err);
void ts_secret_free(char *value);

/* The agency as processor (Art. 28, 30(2)): ts-export register. */
struct ts_processor {
	char *name;		/* else the service's name */
	char *address;
	char *contact;		/* its DPO or data protection contact */
	struct ts_strlist security;	/* measures of Art. 32 */
};

/* An appointment type of a client's agenda. */
struct ts_agenda_type {
	char *name;		/* "consultation": what --type takes */
	char *label;		/* "Consultation", for people; never NULL */
	int64_t duration;	/* seconds, > 0 */
};

/* A message template: {placeholders} are filled by ts-agenda. */
struct ts_agenda_template {
	char *subject;		/* never NULL once loaded */
	char *body;		/* never NULL once loaded */
};

/* The client's CalDAV calendar (a collection URL). */
struct ts_agenda_caldav {
	char *url;		/* NULL: no CalDAV */
	char *username;		/* for basic authentication; may be NULL */
	struct ts_secret password;	/* basic authentication */
	struct ts_secret token;		/* bearer token, instead */
};

/* `agenda:` of a client (ts-agenda). */
struct ts_agenda {
	struct ts_agenda_type *types;	/* at least one */
	size_t ntypes;
	int64_t grid;		/* seconds between slot starts; 0: each
				 * type's own duration */
	int64_t buffer;		/* free time kept around each booking */
	int64_t notice;		/* minimum notice before a booking */
	int64_t horizon;	/* how far ahead bookings are taken */
	struct ts_hours hours;	/* hours.set 0: the client's hours */
	char *address;		/* where the appointment is; may be NULL */
	char *cancel;		/* how to cancel, for messages; may be NULL */
	struct ts_agenda_template reminder;
	struct ts_agenda_template confirmation;
	struct ts_agenda_template cancellation;
	struct ts_agenda_caldav caldav;
	char *ca_file;		/* CA certificates for import --url and
				 * sync; NULL: the system's */
	long line;		/* where `agenda:` is, for messages */
};

struct ts_config {
	char *path;		/* the file read; "" when none */
	struct ts_service service;
	struct ts_processor processor;
	struct ts_client *clients;
	size_t nclients;
	/* smtp:, sendmail:, sms:, webhooks:, outbox: (ts_config_msg.h) */
	struct ts_outbox_conf *outbox;
};

/*
 * The configuration's path: opt (from --config) when not NULL, else
 * $TS_CONFIG, else $XDG_CONFIG_HOME/ts/config.yaml, else
 * $HOME/.config/ts/config.yaml.  Appends it to out.  *explicit is set to 1
 * when the path came from opt or $TS_CONFIG (then a missing file is an
 * error), 0 when it is the default location.
 */
int ts_config_path(const char *opt, struct ts_buf *out, int *is_explicit,
    struct ts_error *err);

/*
 * Loads and validates the file at path.  Returns NULL with err set
 * (TS_EXIT_USAGE, with source, line and column) on any error; a file that
 * cannot be opened gives "cannot open 'path': ..." without a position, and
 * a read error TS_EXIT_FAIL.
 */
struct ts_config *ts_config_load(const char *path, struct ts_error *err);

/*
 * The usual way for a tool: resolves the path as ts_config_path does and
 * loads it; when the default file does not exist, returns an empty
 * configuration (no clients; the zone of the environment; France).
 */
struct ts_config *ts_config_open(const char *opt, struct ts_error *err);

/* An empty configuration, as ts_config_open gives without a file. */
struct ts_config *ts_config_empty(void);

void ts_config_free(struct ts_config *cfg);

/* The client with this id, or NULL. */
const struct ts_client *ts_config_client(const struct ts_config *cfg,
    const char *id);
/* The client that owns line e164, or NULL. */
const struct ts_client *ts_config_client_by_number(
    const struct ts_config *cfg, const char *e164);
/* The client of a PBX account code or queue name, or NULL. */
const struct ts_client *ts_config_client_by_accountcode(
    const struct ts_config *cfg, const char *code);
const struct ts_client *ts_config_client_by_queue(
    const struct ts_config *cfg, const char *queue);

/* The zone of a client (NULL: the service's). */
const struct ts_tz *ts_config_tz(const struct ts_config *cfg,
    const struct ts_client *cl);

/*
 * A commented starter configuration (YAML, UTF-8) for `ts init` to write:
 * the service, defaults and one example client.  It loads without error.
 * Borrowed: a static string.
 */
const char *ts_config_starter(void);

#endif
