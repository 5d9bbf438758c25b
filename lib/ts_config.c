/*
 * ts_config.c - loading the configuration file (see ts_config.h).
 *
 * The file is read whole (it is small, and a bound on its size is a bound
 * on the memory a hostile file can take), checked to be UTF-8, and turned by
 * libyaml's event parser into a tree of nodes that keep their line and
 * column.  An alias becomes a pointer to the node it names: nothing is
 * copied, and the size the tree would have with every alias expanded is
 * counted as it is built, so that a "billion laughs" file is refused after a
 * few events.  Mappings are checked for duplicate keys as they close.
 *
 * Then the sections are read from the tree through key tables
 * (ts_config_read.c): the top-level table is here, the sections' readers in
 * ts_config_client.c and ts_config_hours.c.  Finally sorted indexes are
 * built for the lookups that tools make for every call record.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "ts_config_impl.h"
#include "ts_mem.h"
#include "banned.h"

#define MAX_DEPTH 64	/* the schema needs 6; more is a broken file */

/* ---- pools ---- */

/* Each allocation is preceded by this link, aligned for anything. */
union ts_config_link {
	struct {
		struct ts_config_blk *prev;
		struct ts_config_blk *next;
	} l;
	max_align_t align;
};

struct ts_config_blk {
	union ts_config_link link;
};

void *
ts_config_pool_alloc(struct ts_config_pool *p, size_t n)
{
	struct ts_config_blk *b;

	if (n > SIZE_MAX - sizeof *b)
		n = SIZE_MAX - sizeof *b;	/* ts_xcalloc then fails */
	b = ts_xcalloc(1, sizeof *b + n);
	b->link.l.prev = NULL;
	b->link.l.next = p->head;
	if (p->head)
		p->head->link.l.prev = b;
	p->head = b;
	return b + 1;
}

void *
ts_config_pool_realloc(struct ts_config_pool *p, void *old, size_t n)
{
	struct ts_config_blk *b, *prev, *next;

	if (!old)
		return ts_config_pool_alloc(p, n);
	b = (struct ts_config_blk *)old - 1;
	prev = b->link.l.prev;
	next = b->link.l.next;
	b = ts_xrealloc(b, sizeof *b + n);
	if (prev)
		prev->link.l.next = b;
	else
		p->head = b;
	if (next)
		next->link.l.prev = b;
	return b + 1;
}

char *
ts_config_pool_strndup(struct ts_config_pool *p, const char *s, size_t n)
{
	char *d = ts_config_pool_alloc(p, n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

void
ts_config_pool_release(struct ts_config_pool *p)
{
	struct ts_config_blk *b, *next;

	for (b = p->head; b; b = next) {
		next = b->link.l.next;
		free(b);
	}
	p->head = NULL;
}

void *
ts_config_alloc(struct ts_config_ctx *c, size_t n)
{
	return ts_config_pool_alloc(c->pool, n);
}

char *
ts_config_strndup(struct ts_config_ctx *c, const char *s, size_t n)
{
	return ts_config_pool_strndup(c->pool, s, n);
}

void *
ts_config_scratch(struct ts_config_ctx *c, size_t n)
{
	return ts_config_pool_alloc(&c->tree, n);
}

/* ---- the configuration and its indexes ---- */

/* A key (id, number, account code, queue) and the client it names. */
struct ts_config_ix {
	const char *key;
	const struct ts_client *cl;
};

enum { IX_ID, IX_NUMBER, IX_ACCOUNT, IX_QUEUE, IX_N };

/* What ts_config_load allocates: the public part first, so that a pointer
 * to it is a pointer to the whole (C11 6.7.2.1). */
struct ts_config_own {
	struct ts_config pub;
	struct ts_config_pool pool;
	struct ts_config_ix *ix[IX_N];
	size_t nix[IX_N];
};

static struct ts_config_own *
own_new(void)
{
	struct ts_config_own *o = ts_xcalloc(1, sizeof *o);
	struct ts_service *s = &o->pub.service;

	o->pub.path = ts_config_pool_strndup(&o->pool, "", 0);
	s->name = o->pub.path;
	s->tz = ts_tz_default();
	if (ts_phone_country("FR", &s->country) == -1)
		memset(&s->country, 0, sizeof s->country);
	snprintf(s->language, sizeof s->language, "fr");
	return o;
}

void
ts_config_free(struct ts_config *cfg)
{
	struct ts_config_own *o = (struct ts_config_own *)cfg;
	int i;

	if (!o)
		return;
	for (i = 0; i < IX_N; i++)
		free(o->ix[i]);
	ts_config_pool_release(&o->pool);
	free(o);
}

struct ts_config *
ts_config_empty(void)
{
	return &own_new()->pub;
}

static int
ixcmp(const void *a, const void *b)
{
	return strcmp(((const struct ts_config_ix *)a)->key,
	    ((const struct ts_config_ix *)b)->key);
}

static void
ix_add(struct ts_config_own *o, int which, char **keys, size_t n,
    const struct ts_client *cl, size_t *cap)
{
	size_t i;

	for (i = 0; i < n; i++) {
		TS_GROW(o->ix[which], o->nix[which] + 1, *cap);
		o->ix[which][o->nix[which]].key = keys[i];
		o->ix[which][o->nix[which]].cl = cl;
		o->nix[which]++;
	}
}

/* Duplicates were refused while reading, so each key has one client. */
static void
build_indexes(struct ts_config_own *o)
{
	size_t cap[IX_N] = { 0 }, i;
	struct ts_client *cl;
	int w;

	for (i = 0; i < o->pub.nclients; i++) {
		cl = &o->pub.clients[i];
		ix_add(o, IX_ID, &cl->id, 1, cl, &cap[IX_ID]);
		ix_add(o, IX_NUMBER, cl->numbers, cl->nnumbers, cl,
		    &cap[IX_NUMBER]);
		ix_add(o, IX_ACCOUNT, cl->accountcodes, cl->naccountcodes, cl,
		    &cap[IX_ACCOUNT]);
		ix_add(o, IX_QUEUE, cl->queues, cl->nqueues, cl,
		    &cap[IX_QUEUE]);
	}
	for (w = 0; w < IX_N; w++)
		if (o->nix[w])
			qsort(o->ix[w], o->nix[w], sizeof *o->ix[w], ixcmp);
}

static const struct ts_client *
lookup(const struct ts_config *cfg, int which, const char *key)
{
	const struct ts_config_own *o = (const struct ts_config_own *)cfg;
	struct ts_config_ix k, *hit;

	if (!cfg || !key || !o->nix[which])
		return NULL;
	k.key = key;
	hit = bsearch(&k, o->ix[which], o->nix[which], sizeof k, ixcmp);
	return hit ? hit->cl : NULL;
}

const struct ts_client *
ts_config_client(const struct ts_config *cfg, const char *id)
{
	return lookup(cfg, IX_ID, id);
}

const struct ts_client *
ts_config_client_by_number(const struct ts_config *cfg, const char *e164)
{
	return lookup(cfg, IX_NUMBER, e164);
}

const struct ts_client *
ts_config_client_by_accountcode(const struct ts_config *cfg,
    const char *code)
{
	return lookup(cfg, IX_ACCOUNT, code);
}

const struct ts_client *
ts_config_client_by_queue(const struct ts_config *cfg, const char *queue)
{
	return lookup(cfg, IX_QUEUE, queue);
}

const struct ts_tz *
ts_config_tz(const struct ts_config *cfg, const struct ts_client *cl)
{
	if (cl && cl->tz)
		return cl->tz;
	if (cfg && cfg->service.tz)
		return cfg->service.tz;
	return ts_tz_default();
}

/* ---- where the file is ---- */

int
ts_config_path(const char *opt, struct ts_buf *out, int *is_explicit,
    struct ts_error *err)
{
	const char *env;

	*is_explicit = 1;
	if (opt) {
		ts_buf_addstr(out, opt);
		return 0;
	}
	if ((env = getenv("TS_CONFIG")) && *env) {
		ts_buf_addstr(out, env);
		return 0;
	}
	*is_explicit = 0;
	/* The XDG spec says to ignore a relative XDG_CONFIG_HOME. */
	if ((env = getenv("XDG_CONFIG_HOME")) && env[0] == '/') {
		ts_buf_addf(out, "%s/ts/config.yaml", env);
		return 0;
	}
	if ((env = getenv("HOME")) && *env) {
		ts_buf_addf(out, "%s/.config/ts/config.yaml", env);
		return 0;
	}
	return ts_error_set(err, TS_EXIT_USAGE, "cannot find the "
	    "configuration: neither 'TS_CONFIG' nor 'HOME' is set");
}

/* ---- reading the file ---- */

static int
slurp(const char *path, struct ts_buf *b, struct ts_error *err)
{
	char chunk[8192];
	size_t n;
	int saved;
	FILE *f;

	if (!(f = fopen(path, "rb")))
		return ts_error_set(err, TS_EXIT_USAGE, "cannot open '%s': %s",
		    path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		ts_buf_add(b, chunk, n);
		if (b->len > (size_t)TS_CONFIG_MAX_BYTES) {
			fclose(f);
			return ts_error_at(err, TS_EXIT_USAGE, path, 0, 0,
			    "configuration larger than %ld MiB",
			    TS_CONFIG_MAX_BYTES >> 20);
		}
	}
	if (ferror(f)) {
		saved = errno;
		fclose(f);
		return ts_error_set(err, TS_EXIT_FAIL, "cannot read '%s': %s",
		    path, strerror(saved));
	}
	fclose(f);
	return 0;
}

/* Line and column (1-based, in characters) of byte off of s. */
static void
position(const char *s, size_t off, long *line, long *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off; i++) {
		if (s[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)s[i] & 0xc0) != 0x80) {
			(*col)++;
		}
	}
}

/* The byte at a line and column given by libyaml (0-based). */
static int
byte_at(const char *s, size_t n, size_t line, size_t col)
{
	size_t i = 0;

	for (; line > 0 && i < n; i++)
		if (s[i] == '\n')
			line--;
	for (; i < n; i++) {
		if (((unsigned char)s[i] & 0xc0) == 0x80)
			continue;
		if (col-- == 0)
			return (unsigned char)s[i];
	}
	return -1;
}

/* Returns the offset of the first byte that is not UTF-8, or n. */
static size_t
utf8_bad(const unsigned char *s, size_t n)
{
	size_t i = 0, k, len;
	unsigned long cp;

	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if (s[i] >= 0xc2 && s[i] <= 0xdf)
			len = 2;
		else if (s[i] >= 0xe0 && s[i] <= 0xef)
			len = 3;
		else if (s[i] >= 0xf0 && s[i] <= 0xf4)
			len = 4;
		else
			return i;
		cp = s[i] & (0x7f >> len);
		if (i + len > n)
			return i;
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return i;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		/* Overlong forms, surrogates, past U+10FFFF. */
		if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return i;
		i += len;
	}
	return n;
}

/* ---- libyaml events to the tree ---- */

struct anchor {
	const char *name;
	struct ts_config_node *node;
};

struct loader {
	struct ts_config_ctx *c;
	const char *buf;
	size_t n;
	yaml_parser_t parser;
	struct ts_config_node *stack[MAX_DEPTH];
	size_t depth;
	struct anchor *anchors;		/* open addressing, power of 2 */
	size_t nanchors;
	size_t capanchors;
	size_t total;			/* nodes, aliases expanded */
	struct ts_config_node *root;
	int ndocs;
};

static size_t
hash(const char *s)
{
	size_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static struct anchor *
anchor_slot(struct anchor *v, size_t cap, const char *name)
{
	size_t i = hash(name) & (cap - 1);

	while (v[i].name && strcmp(v[i].name, name) != 0)
		i = (i + 1) & (cap - 1);
	return &v[i];
}

static void
anchor_set(struct loader *ld, const char *name, struct ts_config_node *node)
{
	struct anchor *old = ld->anchors, *slot;
	size_t oldcap = ld->capanchors, i;

	if (2 * (ld->nanchors + 1) > ld->capanchors) {
		ld->capanchors = oldcap ? oldcap * 2 : 64;
		ld->anchors = ts_xcalloc(ld->capanchors, sizeof *ld->anchors);
		for (i = 0; i < oldcap; i++)
			if (old[i].name)
				*anchor_slot(ld->anchors, ld->capanchors,
				    old[i].name) = old[i];
		free(old);
	}
	slot = anchor_slot(ld->anchors, ld->capanchors, name);
	if (!slot->name) {
		/* A redefined anchor replaces the old one (YAML 1.2). */
		slot->name = ts_config_pool_strndup(&ld->c->tree, name,
		    strlen(name));
		ld->nanchors++;
	}
	slot->node = node;
}

static struct ts_config_node *
anchor_get(struct loader *ld, const char *name)
{
	if (!ld->capanchors)
		return NULL;
	return anchor_slot(ld->anchors, ld->capanchors, name)->node;
}

static int __attribute__((format(printf, 3, 4)))
fail_mark(struct loader *ld, yaml_mark_t m, const char *fmt, ...)
{
	char msg[sizeof ld->c->err->msg];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return ts_error_at(ld->c->err, TS_EXIT_USAGE, ld->c->path,
	    (long)m.line + 1, (long)m.column + 1, "%s", msg);
}

static int
count(struct loader *ld, size_t more, yaml_mark_t m)
{
	if (more > TS_CONFIG_MAX_NODES - ld->total)
		return fail_mark(ld, m, "aliases expand to more than %d "
		    "values; refusing what looks like a 'billion laughs' file",
		    TS_CONFIG_MAX_NODES);
	ld->total += more;
	return 0;
}

/* Adds n under the collection being built (or makes it the root). */
static int
attach(struct loader *ld, struct ts_config_node *n, yaml_mark_t m)
{
	struct ts_config_node *p;

	if (!ld->depth) {
		ld->root = n;
		return 0;
	}
	p = ld->stack[ld->depth - 1];
	if (p->type == TS_CONFIG_MAP && p->nkid % 2 == 0 &&
	    n->type != TS_CONFIG_SCALAR)
		return fail_mark(ld, m, "a key must be a plain string, not %s",
		    ts_config_type_name(n));
	if (p->nkid == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 8;
		p->kid = ts_config_pool_realloc(&ld->c->tree, p->kid,
		    p->cap * sizeof *p->kid);
	}
	p->kid[p->nkid++] = n;
	return 0;
}

static struct ts_config_node *
node_new(struct loader *ld, enum ts_config_type type, yaml_mark_t m)
{
	struct ts_config_node *n;

	n = ts_config_pool_alloc(&ld->c->tree, sizeof *n);
	n->type = type;
	n->line = (long)m.line + 1;
	n->col = (long)m.column + 1;
	n->weight = 1;
	return n;
}

static int
on_node(struct loader *ld, yaml_event_t *e, enum ts_config_type type)
{
	struct ts_config_node *n;
	yaml_char_t *anchor;

	if (count(ld, 1, e->start_mark) == -1)
		return -1;
	n = node_new(ld, type, e->start_mark);
	if (type == TS_CONFIG_SCALAR) {
		n->str = ts_config_pool_strndup(&ld->c->tree,
		    (const char *)e->data.scalar.value, e->data.scalar.length);
		n->len = e->data.scalar.length;
		n->plain = e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		n->done = 1;
		if (memchr(n->str, '\0', n->len))
			return fail_mark(ld, e->start_mark, "a value contains "
			    "a NUL character");
		anchor = e->data.scalar.anchor;
	} else if (type == TS_CONFIG_SEQ) {
		anchor = e->data.sequence_start.anchor;
	} else {
		anchor = e->data.mapping_start.anchor;
	}
	if (anchor)
		anchor_set(ld, (const char *)anchor, n);
	if (attach(ld, n, e->start_mark) == -1)
		return -1;
	if (type != TS_CONFIG_SCALAR) {
		if (ld->depth == MAX_DEPTH)
			return fail_mark(ld, e->start_mark, "nested more than "
			    "%d levels deep", MAX_DEPTH);
		ld->stack[ld->depth++] = n;
	}
	return 0;
}

static int
on_alias(struct loader *ld, yaml_event_t *e)
{
	const char *name = (const char *)e->data.alias.anchor;
	struct ts_config_node *n = anchor_get(ld, name);

	if (!n)
		return fail_mark(ld, e->start_mark, "unknown alias '*%s'",
		    name);
	if (!n->done)
		return fail_mark(ld, e->start_mark, "alias '*%s' is inside "
		    "the value it names", name);
	if (count(ld, n->weight, e->start_mark) == -1)
		return -1;
	return attach(ld, n, e->start_mark);
}

/* Orders nodes by position in the file. */
static int
poscmp(const struct ts_config_node *a, const struct ts_config_node *b)
{
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return (a->col > b->col) - (a->col < b->col);
}

static int
keycmp(const void *a, const void *b)
{
	const struct ts_config_node *const *x = a, *const *y = b;
	int d = strcmp((*x)->str, (*y)->str);

	return d ? d : poscmp(*x, *y);
}

/* A mapping just closed: refuses the repeated key that comes first. */
static int
check_dups(struct loader *ld, const struct ts_config_node *map)
{
	const struct ts_config_node **keys, *dup = NULL, *orig = NULL;
	size_t nk = map->nkid / 2, i, g = 0;

	if (nk < 2)
		return 0;
	keys = ts_xmalloc(nk * sizeof *keys);
	for (i = 0; i < nk; i++)
		keys[i] = map->kid[2 * i];
	/* By text, then position: in a group of equal keys the first is the
	 * original and the second the earliest repeat. */
	qsort(keys, nk, sizeof *keys, keycmp);
	for (i = 1; i < nk; i++) {
		if (strcmp(keys[i]->str, keys[g]->str) != 0) {
			g = i;
			continue;
		}
		if (i == g + 1 && (!dup || poscmp(keys[i], dup) < 0)) {
			dup = keys[i];
			orig = keys[g];
		}
	}
	free(keys);
	if (!dup)
		return 0;
	return ts_config_fail(ld->c, dup, "duplicate key '%.60s' (first at "
	    "line %ld)", dup->str, orig->line);
}

static int
on_end(struct loader *ld)
{
	struct ts_config_node *n = ld->stack[--ld->depth];
	size_t i;

	for (i = 0; i < n->nkid; i++)
		n->weight += n->kid[i]->weight;
	n->done = 1;
	if (n->type == TS_CONFIG_MAP)
		return check_dups(ld, n);
	return 0;
}

static int
yaml_fail(struct loader *ld)
{
	yaml_parser_t *p = &ld->parser;
	long line, col;
	int tab;

	if (p->error == YAML_MEMORY_ERROR)
		return ts_error_at(ld->c->err, TS_EXIT_FAIL, ld->c->path, 0, 0,
		    "yaml: out of memory");
	if (p->error == YAML_READER_ERROR) {
		position(ld->buf, p->problem_offset, &line, &col);
		return ts_error_at(ld->c->err, TS_EXIT_USAGE, ld->c->path,
		    line, col, "yaml: %s", p->problem);
	}
	/* Tabs are the commonest cause and libyaml does not always say so. */
	tab = byte_at(ld->buf, ld->n, p->problem_mark.line,
	    p->problem_mark.column) == '\t';
	return ts_error_at(ld->c->err, TS_EXIT_USAGE, ld->c->path,
	    (long)p->problem_mark.line + 1, (long)p->problem_mark.column + 1,
	    "yaml: %s%s%s%s", p->problem ? p->problem : "syntax error",
	    p->context ? " " : "", p->context ? p->context : "",
	    tab ? " (indent with spaces, not tabs)" : "");
}

static int
on_event(struct loader *ld, yaml_event_t *e)
{
	switch (e->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++ld->ndocs > 1)
			return fail_mark(ld, e->start_mark, "more than one "
			    "document in the file");
		return 0;
	case YAML_SCALAR_EVENT:
		return on_node(ld, e, TS_CONFIG_SCALAR);
	case YAML_SEQUENCE_START_EVENT:
		return on_node(ld, e, TS_CONFIG_SEQ);
	case YAML_MAPPING_START_EVENT:
		return on_node(ld, e, TS_CONFIG_MAP);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return on_end(ld);
	case YAML_ALIAS_EVENT:
		return on_alias(ld, e);
	default:
		return 0;
	}
}

/* Builds the tree of buf into ld->root (NULL for an empty stream). */
static int
build_tree(struct loader *ld)
{
	yaml_event_t e;
	int rc = 0, end = 0;

	if (!yaml_parser_initialize(&ld->parser))
		return ts_error_set(ld->c->err, TS_EXIT_FAIL,
		    "yaml: out of memory");
	yaml_parser_set_input_string(&ld->parser,
	    (const unsigned char *)ld->buf, ld->n);
	yaml_parser_set_encoding(&ld->parser, YAML_UTF8_ENCODING);
	while (rc == 0 && !end) {
		if (!yaml_parser_parse(&ld->parser, &e)) {
			rc = yaml_fail(ld);
			break;
		}
		end = e.type == YAML_STREAM_END_EVENT;
		rc = on_event(ld, &e);
		yaml_event_delete(&e);
	}
	yaml_parser_delete(&ld->parser);
	free(ld->anchors);
	return rc;
}

/* ---- the top level ---- */

static const struct ts_config_key top_keys[] = {
	/* Order matters: clients' numbers need the service's country, and
	 * every client reads the defaults. */
	{ "service", ts_config_read_service, 0, 0,
	    "the agency: name, time zone, country, language" },
	/* Before the clients, whose recipients need them. */
	{ "smtp", ts_config_read_smtp, 0, 0, "e-mail through an SMTP server" },
	{ "sendmail", ts_config_read_sendmail, 0, 0,
	    "e-mail through the local sendmail program" },
	{ "sms", ts_config_read_sms, 0, 0, "SMS providers, by name" },
	{ "webhooks", ts_config_read_webhooks, 0, 0, "webhooks, by name" },
	{ "outbox", ts_config_read_outbox, 0, 0,
	    "retries and leases of message deliveries" },
	{ "defaults", ts_config_read_defaults, 0, 0,
	    "client settings that apply to every client" },
	{ "clients", ts_config_read_clients, 0, 0,
	    "each client, by id" },
	{ "processor", ts_config_read_processor, 0, 0,
	    "the agency as processor: contact, security measures" },
	{ NULL, NULL, 0, 0, NULL }
};

static int
read_root(struct ts_config_ctx *c, struct loader *ld)
{
	long line, col;

	if (!ld->root || ts_config_is_null(ld->root)) {
		/* Comments only, or nothing: line 1, where the file starts. */
		line = col = 1;
		if (ld->root) {
			line = ld->root->line;
			col = ld->root->col;
		}
		return ts_error_at(c->err, TS_EXIT_USAGE, c->path, line, col,
		    "the configuration is empty; see ts-config(5)");
	}
	if (ld->root->type != TS_CONFIG_MAP)
		return ts_config_fail(c, ld->root, "the top level must be a "
		    "mapping (service:, defaults:, clients:), not %s",
		    ts_config_type_name(ld->root));
	return ts_config_read_map(c, ld->root, NULL, top_keys, c->cfg, NULL,
	    0);
}

/* Loads buf (n bytes, the contents of path) into a new configuration. */
static struct ts_config *
load_buf(const char *path, const char *buf, size_t n, struct ts_error *err)
{
	struct ts_config_own *o = own_new();
	struct ts_config_ctx c;
	struct loader ld;
	size_t bad;
	long line, col;
	int rc = -1;

	memset(&c, 0, sizeof c);
	c.cfg = &o->pub;
	c.pool = &o->pool;
	c.err = err;
	c.path = path;
	o->pub.path = ts_config_strndup(&c, path, strlen(path));
	memset(&ld, 0, sizeof ld);
	ld.c = &c;
	ld.buf = buf;
	ld.n = n;
	if ((bad = utf8_bad((const unsigned char *)buf, n)) < n) {
		position(buf, bad, &line, &col);
		ts_error_at(err, TS_EXIT_USAGE, path, line, col,
		    "invalid UTF-8 (byte 0x%02x); save the file as UTF-8",
		    (unsigned char)buf[bad]);
	} else if (build_tree(&ld) == 0 && read_root(&c, &ld) == 0) {
		build_indexes(o);
		rc = 0;
	}
	ts_config_pool_release(&c.tree);
	free(c.claims);
	if (rc == -1) {
		ts_config_free(&o->pub);
		return NULL;
	}
	return &o->pub;
}

struct ts_config *
ts_config_load(const char *path, struct ts_error *err)
{
	struct ts_buf b = TS_BUF_INIT;
	struct ts_config *cfg = NULL;

	if (slurp(path, &b, err) == 0)
		cfg = load_buf(path, b.buf, b.len, err);
	ts_buf_release(&b);
	return cfg;
}

struct ts_config *
ts_config_open(const char *opt, struct ts_error *err)
{
	struct ts_buf path = TS_BUF_INIT;
	struct ts_config *cfg = NULL;
	int is_explicit;
	FILE *f = NULL;

	if (ts_config_path(opt, &path, &is_explicit, err) == 0) {
		/* Only a missing default file means "no configuration". */
		if (!is_explicit && !(f = fopen(path.buf, "rb")) &&
		    errno == ENOENT)
			cfg = ts_config_empty();
		else
			cfg = ts_config_load(path.buf, err);
		if (f)
			fclose(f);
	}
	ts_buf_release(&path);
	return cfg;
}

/* ---- the starter file ---- */

/*
 * What `ts init` writes.  Kept short: the keys a new agency fills in on day
 * one, each with a comment; ts-config(5) has the rest.  The unit test loads
 * it, so it always validates.  The number is in the range ARCEP keeps for
 * fiction (01 99 00 xx xx), so a copy left as is never rings anyone.
 */
static const char starter[] =
"# ts configuration: see ts-config(5) for every key.\n"
"# Errors are reported as FILE:LINE:COLUMN and stop the tool.\n"
"\n"
"# The agency (permanence téléphonique, télésecrétariat).\n"
"service:\n"
"  name: Ma permanence            # printed on reports\n"
"  timezone: Europe/Paris         # IANA zone of local times in CDRs\n"
"  country: FR                    # how national numbers are read\n"
"  language: fr                   # fr or en, for reports and messages\n"
"\n"
"# Applied to every client that does not set the key itself.\n"
"defaults:\n"
"  holidays: fr                   # none, fr or fr-alsace\n"
"  sla:\n"
"    threshold: 20s               # answered within 20 s is on time\n"
"    target: 80%                  # ... for 80% of calls\n"
"  retention:\n"
"    calls: 1y                    # ts-purge deletes older call records\n"
"    messages: 1y                 # ... and older messages\n"
"\n"
"# One entry per client; the id (lowercase, digits, '-', '_') is what\n"
"# --client takes.\n"
"clients:\n"
"  cabinet-martin:\n"
"    name: Cabinet du Dr Martin   # shown in reports\n"
"    numbers:                     # the lines forwarded to you\n"
"      - 01 99 00 00 01\n"
"    accountcodes: []             # PBX account codes of this client\n"
"    queues: []                   # PBX queues that serve only it\n"
"    greeting: \"Cabinet du Docteur Martin, bonjour.\"\n"
"    instructions: |              # the consignes, free text\n"
"      Urgences : faire appeler le 15.\n"
"      Rendez-vous : proposer le premier créneau libre.\n"
"    hours:                       # outside them a call is after hours\n"
"      mon-fri: 08:30-12:30, 14:00-19:00\n"
"      sat: 09:00-12:00\n"
"    closures:                    # local days, both included\n"
"      - 2026-08-10..2026-08-21\n";

const char *
ts_config_starter(void)
{
	return starter;
}
