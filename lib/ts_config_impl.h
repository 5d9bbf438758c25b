/*
 * ts_config_impl.h - internals shared by the files of the configuration
 * module: the node tree, the loading context, key tables and typed readers.
 * Only lib/ts_config*.c include it.
 *
 * The loader (ts_config.c) turns the YAML file into a tree of nodes that
 * know their line and column; aliases point at the node they name (shared,
 * never copied), and the size of the tree as if every alias were expanded is
 * bounded by TS_CONFIG_MAX_NODES.  The section readers then walk the tree.
 *
 * Every mapping is read through a table of allowed keys (struct
 * ts_config_key), so that an unknown key is an error with a "did you mean"
 * hint, and so that a new section adds its keys by adding lines to a table:
 *
 *	static const struct ts_config_key client_keys[] = {
 *		{ "greeting", ts_config_key_str, CL(greeting), 0,
 *		    "what the secretary says on answering" },
 *		{ "routes", ts_config_read_routes, 0, 0, "routing rules" },
 *		{ NULL, NULL, 0, 0, NULL }
 *	};
 *
 * Keys are read in table order, not file order, so a key whose reader
 * depends on another (closures need the client's zone) comes after it.
 *
 * Files: ts_config.c (loader, top-level table, public functions),
 * ts_config_read.c (key tables, typed readers), ts_config_client.c
 * (service, defaults, clients: the client table), ts_config_hours.c
 * (hours, holidays, closures), ts_config_oncall.c (on-call rotas),
 * ts_config_rules.c (caller tags and routing rules).  A new client key
 * adds a line to client_keys; a new top-level section (smtp:, sms:) a
 * line to top_keys.
 *
 * Memory: everything a reader stores in the configuration comes from the
 * context's pool (ts_config_alloc and friends) and is freed with it by
 * ts_config_free, so readers never free and a failed load leaks nothing.
 * Scratch memory that dies with the load comes from the tree's pool
 * (ts_config_scratch).
 */
#ifndef TS_CONFIG_IMPL_H
#define TS_CONFIG_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "ts_config.h"

/* Refuse files larger than this, and trees larger than this once aliases
 * are expanded (a "billion laughs" file is a few lines long). */
#define TS_CONFIG_MAX_BYTES	(4L << 20)
#define TS_CONFIG_MAX_NODES	500000

/* ---- allocation ---- */

/* A list of allocations freed together.  Zero-initialise it. */
struct ts_config_pool {
	struct ts_config_blk *head;
};

void *ts_config_pool_alloc(struct ts_config_pool *p, size_t n);
void *ts_config_pool_realloc(struct ts_config_pool *p, void *old, size_t n);
char *ts_config_pool_strndup(struct ts_config_pool *p, const char *s,
    size_t n);
void ts_config_pool_release(struct ts_config_pool *p);

/* ---- the tree ---- */

enum ts_config_type {
	TS_CONFIG_SCALAR,
	TS_CONFIG_SEQ,
	TS_CONFIG_MAP
};

struct ts_config_node {
	enum ts_config_type type;
	int plain;		/* a scalar written without quotes */
	int done;		/* its end was seen: an alias may name it */
	long line;		/* 1-based */
	long col;		/* 1-based, in characters */
	const char *str;	/* a scalar's text, NUL-terminated */
	size_t len;		/* its length in bytes */
	struct ts_config_node **kid; /* items; a mapping: key, value, ... */
	size_t nkid;
	size_t cap;
	size_t weight;		/* size with aliases expanded */
};

/* ---- the loading context ---- */

/* A number, account code or queue that a client claims as its own. */
struct ts_config_claim {
	int kind;		/* 0 number, 1 account code, 2 queue */
	const char *value;
	const char *client;	/* the client's id */
	long line;
	long col;
};

struct ts_config_ctx {
	struct ts_config *cfg;		/* being filled */
	struct ts_config_pool *pool;	/* owns what cfg points to */
	struct ts_config_pool tree;	/* nodes, scratch: die with load */
	struct ts_error *err;
	const char *path;		/* the file, for messages */
	const struct ts_config_node *defaults; /* `defaults:`, or NULL */
	const char *key;		/* the key being read, for messages */
	const char *where;		/* "client 'x'", for messages */
	struct ts_config_claim *claims;
	size_t nclaims;
	size_t capclaims;
};

void *ts_config_alloc(struct ts_config_ctx *c, size_t n);
char *ts_config_strndup(struct ts_config_ctx *c, const char *s, size_t n);
void *ts_config_scratch(struct ts_config_ctx *c, size_t n);

/*
 * Sets the error at node n (file, line, column) and returns -1.  The
 * message follows ts_err.h: lowercase, no final full stop, subject quoted.
 */
int ts_config_fail(struct ts_config_ctx *c, const struct ts_config_node *n,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The same with the message of an error another module set. */
int ts_config_fail_with(struct ts_config_ctx *c,
    const struct ts_config_node *n, const struct ts_error *inner);

/* ---- key tables ---- */

struct ts_config_key;

/*
 * Reads node n, the value of key k, into obj (the struct the table is for:
 * struct ts_client for the client table).  Returns 0, or -1 with the error
 * set.  A reader may run twice on the same obj (defaults, then the client),
 * so it replaces what it sets without freeing (the pool does).
 */
typedef int ts_config_reader(struct ts_config_ctx *c,
    const struct ts_config_node *n, void *obj, const struct ts_config_key *k);

#define TS_CONFIG_REQUIRED	0x1u	/* missing is an error */
#define TS_CONFIG_NODEFAULT	0x2u	/* not in `defaults:` */
#define TS_CONFIG_MERGE		0x4u	/* merged key by key */

struct ts_config_key {
	const char *name;
	ts_config_reader *read;
	size_t off;		/* offsetof the field, for generic readers */
	unsigned flags;
	const char *help;	/* one line, for people; may be NULL */
};

/* The field a generic reader fills: obj plus k->off, as a type *. */
#define TS_CONFIG_FIELD(obj, k, type) \
	((type *)(void *)((char *)(obj) + (k)->off))

/*
 * Reads mapping map with the table keys into obj.  Unknown keys are errors
 * with a "did you mean" hint; `what` names the mapping in messages ("client
 * 'x'", "'service'").  When fallback is not NULL (the `defaults:` mapping),
 * a key the map lacks is read from fallback instead, and a TS_CONFIG_MERGE
 * key is read from fallback first and then from map.  A null value ("key:"
 * with nothing after it) counts as an empty mapping.  With how set to
 * TS_CONFIG_AS_DEFAULTS the map is the `defaults:` mapping itself: required
 * keys may be missing and TS_CONFIG_NODEFAULT keys are refused.  `what` is
 * NULL for the top level.
 */
#define TS_CONFIG_AS_DEFAULTS	0x1u
int ts_config_read_map(struct ts_config_ctx *c,
    const struct ts_config_node *map, const struct ts_config_node *fallback,
    const struct ts_config_key *keys, void *obj, const char *what,
    unsigned how);

/* The value of key in mapping map, or NULL. */
const struct ts_config_node *ts_config_get(const struct ts_config_node *map,
    const char *key);
/* 1 when n is a null scalar: nothing, "~" or "null" without quotes. */
int ts_config_is_null(const struct ts_config_node *n);
/* "a string", "a list" or "a mapping", for messages. */
const char *ts_config_type_name(const struct ts_config_node *n);

/* The name in names (NULL-terminated) closest to s, within 2 edits. */
const char *ts_config_suggest(const char *s, const char *const *names);
/* Damerau-Levenshtein (optimal string alignment) distance, capped at 99. */
int ts_config_distance(const char *a, const char *b);

/* ---- typed readers: node to value ---- */

/* A string (any scalar but null); *dst points into the pool. */
int ts_config_str(struct ts_config_ctx *c, const struct ts_config_node *n,
    char **dst);
/* true, false, yes or no, in any case. */
int ts_config_bool(struct ts_config_ctx *c, const struct ts_config_node *n,
    int *dst);
/* A decimal integer in [min, max]. */
int ts_config_int(struct ts_config_ctx *c, const struct ts_config_node *n,
    int64_t min, int64_t max, int64_t *dst);
/* A decimal number ("12", "-0.5"): no exponent, the same in every locale. */
int ts_config_number(struct ts_config_ctx *c, const struct ts_config_node *n,
    double *dst);
/* "80%", "80 %" or 0.8 give 0.8; negative or over 100% is an error. */
int ts_config_percent(struct ts_config_ctx *c,
    const struct ts_config_node *n, double *dst);
/* A duration with calendar units allowed ("6mo"), through ts_time. */
int ts_config_duration(struct ts_config_ctx *c,
    const struct ts_config_node *n, struct ts_duration *dst);
/* A fixed duration in seconds ("20s", "1m30s", "20"). */
int ts_config_seconds(struct ts_config_ctx *c,
    const struct ts_config_node *n, int64_t *dst);
/* An IANA zone name. */
int ts_config_zone(struct ts_config_ctx *c, const struct ts_config_node *n,
    const struct ts_tz **dst);
/* One of names (NULL-terminated); *dst is its index. */
int ts_config_enum(struct ts_config_ctx *c, const struct ts_config_node *n,
    const char *const *names, int *dst);

/* One item of a list: a slice of a scalar's text and the node it is in. */
struct ts_config_item {
	const char *s;		/* not NUL-terminated */
	size_t len;
	const struct ts_config_node *node;
};

#define TS_CONFIG_LIST_COMMA	0x1u	/* "a, b" is a list of two */

/*
 * The items of a list: a YAML sequence of scalars, or one scalar taken as a
 * list of one (or, with TS_CONFIG_LIST_COMMA, split at commas, items
 * trimmed).  An empty item is an error.  *items is scratch memory.
 */
int ts_config_items(struct ts_config_ctx *c, const struct ts_config_node *n,
    unsigned flags, struct ts_config_item **items, size_t *nitems);
/* The same, copied as NUL-terminated strings into the pool. */
int ts_config_strlist(struct ts_config_ctx *c, const struct ts_config_node *n,
    unsigned flags, char ***dst, size_t *ndst);
/* A phone number normalised to E.164 with the service's country. */
int ts_config_phone(struct ts_config_ctx *c, const struct ts_config_item *it,
    char out[TS_PHONE_MAX]);

/* ---- generic key readers: the field at k->off ---- */

ts_config_reader ts_config_key_str;	/* char * */
ts_config_reader ts_config_key_bool;	/* int */
ts_config_reader ts_config_key_percent;	/* double */
ts_config_reader ts_config_key_seconds;	/* int64_t */
ts_config_reader ts_config_key_positive;	/* int64_t, at least 1 s */
ts_config_reader ts_config_key_minutes;	/* int64_t, at least 1 min */
ts_config_reader ts_config_key_file;	/* char *: an existing file */
ts_config_reader ts_config_key_duration; /* struct ts_duration */
ts_config_reader ts_config_key_zone;	/* const struct ts_tz * */
/* ts_config_secret.c: the field is a struct ts_secret. */
ts_config_reader ts_config_key_secret_file;	/* "password_file" */
ts_config_reader ts_config_key_secret_env;	/* "password_env" */
/* Put under "password" (or "token") in a table: always refuses, saying
 * where secrets go instead. */
ts_config_reader ts_config_key_inline_secret;

/* ---- sections (one file each) ---- */

/* ts_config_client.c: the top-level sections, struct ts_config as obj. */
ts_config_reader ts_config_read_service;
ts_config_reader ts_config_read_defaults;
ts_config_reader ts_config_read_clients;

/* ts_config_privacy.c: `processor:` (struct ts_config as obj) and a
 * client's `privacy:` (struct ts_client as obj). */
ts_config_reader ts_config_read_processor;
ts_config_reader ts_config_read_privacy;

/* ts_config_hours.c: keys of a client, struct ts_client as obj. */
ts_config_reader ts_config_read_hours;
ts_config_reader ts_config_read_holidays;
ts_config_reader ts_config_read_closures;

/* ts_config_msg.c: message delivery, top level (obj unused). */
ts_config_reader ts_config_read_smtp;
ts_config_reader ts_config_read_sendmail;
ts_config_reader ts_config_read_sms;
ts_config_reader ts_config_read_webhooks;
ts_config_reader ts_config_read_outbox;
/* ts_config_messages.c: a client's `messages:`, struct ts_client. */
ts_config_reader ts_config_read_messages;
/* 1 when s is a name as client ids are: [a-z0-9][a-z0-9_-]{0,62}. */
int ts_config_name_ok(const char *s, size_t len);
/* A template (ts_template.h) whose names are all in names. */
int ts_config_template(struct ts_config_ctx *c,
    const struct ts_config_node *n, char **dst, const char *const *names);
/* ts_config_agenda.c: `agenda` of a client (ts-agenda). */
ts_config_reader ts_config_read_agenda;

/*
 * Helpers of ts_config_hours.c that other sections share.  A weekday spec
 * ("mon", "mon-fri", "sat,sun", "weekdays", "weekend") in node kn to a
 * mask (bit 0 = Monday); errors name the key being read.
 */
int ts_config_weekdays(struct ts_config_ctx *c,
    const struct ts_config_node *kn, unsigned *mask);
/* "HH:MM" or "H:MM" (len bytes at s) to minutes of the day, or -1;
 * 24:00 only when end is set. */
int ts_config_clock(const char *s, size_t len, int end);
/* A date or an "A..B" period in zone tz, as closures read them, to
 * [*from, *to); `what` names it in messages ("closure"). */
int ts_config_dates(struct ts_config_ctx *c, const struct ts_config_node *at,
    const char *text, const struct ts_tz *tz, const char *what,
    int64_t *from, int64_t *to);

/* [a-z0-9][a-z0-9_-]{0,62}: a name a client, a rule or a person can be
 * called by; safe in file names, URLs and CSV cells. */
int ts_config_word(const char *s, size_t len);

/* ts_config_oncall.c and ts_config_rules.c: keys of a client (routing). */
ts_config_reader ts_config_read_tags;
ts_config_reader ts_config_read_oncall;
ts_config_reader ts_config_read_rules;

#endif
