/*
 * ts_config_read.c - the configuration's key tables and typed readers.
 *
 * Every value of the file goes through one of the readers here, so that
 * every error names the file, line and column of the offending node and
 * reads the same way ("'target' must be ..."), and every mapping goes
 * through ts_config_read_map, so that unknown keys are caught with a hint.
 * See ts_config_impl.h for the contracts.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ts_buf.h"
#include "ts_config_impl.h"
#include "ts_mem.h"
#include "banned.h"

/* Longest value quoted in a message: enough to recognise it. */
#define QUOTE_MAX 60

/* ---- errors ---- */

int
ts_config_fail(struct ts_config_ctx *c, const struct ts_config_node *n,
    const char *fmt, ...)
{
	char msg[sizeof c->err->msg];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return ts_error_at(c->err, TS_EXIT_USAGE, c->path, n ? n->line : 0,
	    n ? n->col : 0, "%s", msg);
}

int
ts_config_fail_with(struct ts_config_ctx *c, const struct ts_config_node *n,
    const struct ts_error *inner)
{
	/* The other module's message quotes the value; we add where it is. */
	return ts_config_fail(c, n, "%s", inner->msg[0] ? inner->msg :
	    "invalid value");
}

static const char *
keyname(const struct ts_config_ctx *c)
{
	return c->key ? c->key : "value";
}

/* ---- nodes ---- */

const struct ts_config_node *
ts_config_get(const struct ts_config_node *map, const char *key)
{
	size_t i;

	if (!map || map->type != TS_CONFIG_MAP)
		return NULL;
	for (i = 0; i + 1 < map->nkid; i += 2)
		if (strcmp(map->kid[i]->str, key) == 0)
			return map->kid[i + 1];
	return NULL;
}

int
ts_config_is_null(const struct ts_config_node *n)
{
	if (n->type != TS_CONFIG_SCALAR || !n->plain)
		return 0;
	return n->len == 0 || strcmp(n->str, "~") == 0 ||
	    strcmp(n->str, "null") == 0 || strcmp(n->str, "Null") == 0 ||
	    strcmp(n->str, "NULL") == 0;
}

const char *
ts_config_type_name(const struct ts_config_node *n)
{
	if (n->type == TS_CONFIG_SEQ)
		return "a list";
	if (n->type == TS_CONFIG_MAP)
		return "a mapping";
	return ts_config_is_null(n) ? "nothing" : "a string";
}

/* ---- "did you mean" ---- */

int
ts_config_distance(const char *a, const char *b)
{
	/* Optimal string alignment: Levenshtein plus adjacent swaps, which
	 * is what a typing slip produces ("gretting", "taregt"). */
	enum { M = 64 };
	int d[3][M + 1], *pp, *p, *cur, i, j, v;
	size_t la = strlen(a), lb = strlen(b);

	if (la > M || lb > M)
		return 99;
	pp = d[0];
	p = d[1];
	cur = d[2];
	for (j = 0; j <= (int)lb; j++)
		p[j] = j;
	for (i = 1; i <= (int)la; i++) {
		cur[0] = i;
		for (j = 1; j <= (int)lb; j++) {
			v = p[j - 1] + (a[i - 1] != b[j - 1]);
			if (p[j] + 1 < v)
				v = p[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			cur[j] = v;
		}
		/* Rotate the three rows. */
		{ int *t = pp; pp = p; p = cur; cur = t; }
	}
	return p[lb] > 99 ? 99 : p[lb];
}

const char *
ts_config_suggest(const char *s, const char *const *names)
{
	const char *best = NULL;
	int bestd = 3, dist;
	size_t len = strlen(s);

	for (; *names; names++) {
		dist = ts_config_distance(s, *names);
		if (strcasecmp(s, *names) == 0)
			dist = 0;
		/* Two edits on a two-letter word is any other word. */
		if (dist < bestd && (size_t)dist < len) {
			best = *names;
			bestd = dist;
		}
	}
	return best;
}

/* ---- mappings through key tables ---- */

static const struct ts_config_key *
find_key(const struct ts_config_key *keys, const char *name)
{
	for (; keys->name; keys++)
		if (strcmp(keys->name, name) == 0)
			return keys;
	return NULL;
}

static int
unknown_key(struct ts_config_ctx *c, const struct ts_config_node *kn,
    const struct ts_config_key *keys, const char *what)
{
	const char **names, *hint;
	char where[200];
	size_t n = 0, i;

	if (what)
		snprintf(where, sizeof where, "in %s", what);
	else
		snprintf(where, sizeof where, "at the top level");
	if (strcmp(kn->str, "<<") == 0)
		return ts_config_fail(c, kn, "merge keys ('<<') are not "
		    "supported %s; use 'defaults' or an alias", where);
	while (keys[n].name)
		n++;
	names = ts_config_scratch(c, (n + 1) * sizeof *names);
	for (i = 0; i < n; i++)
		names[i] = keys[i].name;
	names[n] = NULL;
	hint = ts_config_suggest(kn->str, names);
	if (hint)
		return ts_config_fail(c, kn, "unknown key '%.*s' %s; "
		    "did you mean '%s'?", QUOTE_MAX, kn->str, where, hint);
	return ts_config_fail(c, kn, "unknown key '%.*s' %s", QUOTE_MAX,
	    kn->str, where);
}

static int
check_keys(struct ts_config_ctx *c, const struct ts_config_node *map,
    const struct ts_config_key *keys, const char *what, unsigned how)
{
	const struct ts_config_key *k;
	size_t i;

	for (i = 0; i < map->nkid; i += 2) {
		k = find_key(keys, map->kid[i]->str);
		if (!k)
			return unknown_key(c, map->kid[i], keys, what);
		if ((how & TS_CONFIG_AS_DEFAULTS) &&
		    (k->flags & TS_CONFIG_NODEFAULT))
			return ts_config_fail(c, map->kid[i], "'%s' cannot be "
			    "set in 'defaults', only in each client", k->name);
	}
	return 0;
}

static int
read_one(struct ts_config_ctx *c, const struct ts_config_node *map,
    const struct ts_config_node *fallback, const struct ts_config_key *k,
    void *obj, const char *what, unsigned how)
{
	const struct ts_config_node *n, *fb;

	n = ts_config_get(map, k->name);
	fb = (k->flags & TS_CONFIG_NODEFAULT) ? NULL :
	    ts_config_get(fallback, k->name);
	if (!n && !fb) {
		if ((k->flags & TS_CONFIG_REQUIRED) &&
		    !(how & TS_CONFIG_AS_DEFAULTS))
			return ts_config_fail(c, map, "missing key '%s' in %s",
			    k->name, what ? what : "the configuration");
		return 0;
	}
	c->key = k->name;
	if (fb && (!n || (k->flags & TS_CONFIG_MERGE)) &&
	    k->read(c, fb, obj, k) == -1)
		return -1;
	c->key = k->name;	/* the reader may have read sub-keys */
	if (n && k->read(c, n, obj, k) == -1)
		return -1;
	return 0;
}

int
ts_config_read_map(struct ts_config_ctx *c, const struct ts_config_node *map,
    const struct ts_config_node *fallback, const struct ts_config_key *keys,
    void *obj, const char *what, unsigned how)
{
	const char *okey = c->key, *owhere = c->where;
	const struct ts_config_key *k;
	int rc = 0;

	if (ts_config_is_null(map))
		map = NULL;
	else if (map->type != TS_CONFIG_MAP)
		return ts_config_fail(c, map, "'%s' must be a mapping, not %s",
		    keyname(c), ts_config_type_name(map));
	if (map && check_keys(c, map, keys, what, how) == -1)
		return -1;
	c->where = what;
	for (k = keys; k->name && rc == 0; k++)
		rc = read_one(c, map, fallback, k, obj, what, how);
	c->key = okey;
	c->where = owhere;
	return rc;
}

/* ---- scalars ---- */

static int
need_scalar(struct ts_config_ctx *c, const struct ts_config_node *n,
    const char *want)
{
	if (n->type == TS_CONFIG_SCALAR && !ts_config_is_null(n))
		return 0;
	if (ts_config_is_null(n))
		return ts_config_fail(c, n, "'%s' has no value", keyname(c));
	return ts_config_fail(c, n, "'%s' must be %s, not %s", keyname(c),
	    want, ts_config_type_name(n));
}

int
ts_config_str(struct ts_config_ctx *c, const struct ts_config_node *n,
    char **dst)
{
	if (need_scalar(c, n, "a string") == -1)
		return -1;
	*dst = ts_config_strndup(c, n->str, n->len);
	return 0;
}

int
ts_config_bool(struct ts_config_ctx *c, const struct ts_config_node *n,
    int *dst)
{
	if (need_scalar(c, n, "true or false") == -1)
		return -1;
	if (strcasecmp(n->str, "true") == 0 || strcasecmp(n->str, "yes") == 0)
		*dst = 1;
	else if (strcasecmp(n->str, "false") == 0 ||
	    strcasecmp(n->str, "no") == 0)
		*dst = 0;
	else
		return ts_config_fail(c, n, "'%s' must be true or false, "
		    "not '%.*s'", keyname(c), QUOTE_MAX, n->str);
	return 0;
}

int
ts_config_int(struct ts_config_ctx *c, const struct ts_config_node *n,
    int64_t min, int64_t max, int64_t *dst)
{
	long long v;
	char *end;

	if (need_scalar(c, n, "a whole number") == -1)
		return -1;
	/* strtoll skips blanks and takes '+': not what a person wrote. */
	errno = 0;
	v = strtoll(n->str, &end, 10);
	if (end == n->str || *end || errno == ERANGE ||
	    (n->str[0] != '-' && (n->str[0] < '0' || n->str[0] > '9')))
		return ts_config_fail(c, n, "'%s' must be a whole number, "
		    "not '%.*s'", keyname(c), QUOTE_MAX, n->str);
	if (v < min || v > max)
		return ts_config_fail(c, n, "'%s' must be between %lld and "
		    "%lld, not %lld", keyname(c), (long long)min,
		    (long long)max, v);
	*dst = v;
	return 0;
}

/*
 * Reads [-]digits[.digits] from s (n bytes) exactly: strtod would depend
 * on LC_NUMERIC, and a configuration must not change meaning with it.
 */
static int
decimal(const char *s, size_t n, double *out)
{
	unsigned long long mant = 0;
	int neg = 0, digits = 0, scale = 0, frac = 0;
	size_t i = 0;
	double v;

	if (i < n && s[i] == '-') {
		neg = 1;
		i++;
	}
	for (; i < n; i++) {
		if (s[i] == '.' && !frac) {
			frac = 1;
			continue;
		}
		if (s[i] < '0' || s[i] > '9')
			return -1;
		if (digits++ >= 18)
			return -1;
		mant = mant * 10 + (unsigned)(s[i] - '0');
		scale += frac;
	}
	if (digits == 0)
		return -1;
	v = (double)mant;
	while (scale-- > 0)
		v /= 10;
	*out = neg ? -v : v;
	return 0;
}

int
ts_config_number(struct ts_config_ctx *c, const struct ts_config_node *n,
    double *dst)
{
	if (need_scalar(c, n, "a number") == -1)
		return -1;
	if (decimal(n->str, n->len, dst) == -1)
		return ts_config_fail(c, n, "'%s' must be a number, not "
		    "'%.*s'", keyname(c), QUOTE_MAX, n->str);
	return 0;
}

int
ts_config_percent(struct ts_config_ctx *c, const struct ts_config_node *n,
    double *dst)
{
	size_t len;
	double v;
	int pct = 0;

	if (need_scalar(c, n, "a percentage") == -1)
		return -1;
	len = n->len;
	while (len > 0 && n->str[len - 1] == ' ')
		len--;
	if (len > 0 && n->str[len - 1] == '%') {
		pct = 1;
		len--;
		while (len > 0 && n->str[len - 1] == ' ')
			len--;
	}
	if (decimal(n->str, len, &v) == -1)
		return ts_config_fail(c, n, "'%s' must be a percentage such as "
		    "'80%%', not '%.*s'", keyname(c), QUOTE_MAX, n->str);
	if (pct)
		v /= 100;
	if (v < 0 || v > 1)
		return ts_config_fail(c, n, "'%s' must be between 0%% and "
		    "100%%, not '%.*s'%s", keyname(c), QUOTE_MAX, n->str,
		    pct ? "" : " (a bare number is a fraction: 0.8 is 80%)");
	*dst = v;
	return 0;
}

int
ts_config_duration(struct ts_config_ctx *c, const struct ts_config_node *n,
    struct ts_duration *dst)
{
	struct ts_error inner = TS_ERROR_INIT;

	if (need_scalar(c, n, "a duration") == -1)
		return -1;
	if (ts_duration_parse(n->str, dst, &inner) == -1)
		return ts_config_fail_with(c, n, &inner);
	return 0;
}

int
ts_config_seconds(struct ts_config_ctx *c, const struct ts_config_node *n,
    int64_t *dst)
{
	struct ts_error inner = TS_ERROR_INIT;

	if (need_scalar(c, n, "a duration") == -1)
		return -1;
	if (ts_duration_seconds(n->str, dst, &inner) == -1)
		return ts_config_fail_with(c, n, &inner);
	if (*dst < 0)
		return ts_config_fail(c, n, "'%s' cannot be negative",
		    keyname(c));
	return 0;
}

int
ts_config_zone(struct ts_config_ctx *c, const struct ts_config_node *n,
    const struct ts_tz **dst)
{
	struct ts_error inner = TS_ERROR_INIT;
	const struct ts_tz *z;

	if (need_scalar(c, n, "a time zone") == -1)
		return -1;
	z = ts_tz_load(n->str, &inner);
	if (!z)
		return ts_config_fail_with(c, n, &inner);
	*dst = z;
	return 0;
}

int
ts_config_enum(struct ts_config_ctx *c, const struct ts_config_node *n,
    const char *const *names, int *dst)
{
	struct ts_buf all = TS_BUF_INIT;
	const char *hint;
	int i;

	if (need_scalar(c, n, "a word") == -1)
		return -1;
	for (i = 0; names[i]; i++)
		if (strcmp(n->str, names[i]) == 0) {
			*dst = i;
			return 0;
		}
	hint = ts_config_suggest(n->str, names);
	if (hint)
		return ts_config_fail(c, n, "invalid value '%.*s' for '%s'; "
		    "did you mean '%s'?", QUOTE_MAX, n->str, keyname(c), hint);
	for (i = 0; names[i]; i++)
		ts_buf_addf(&all, "%s%s", i ? ", " : "", names[i]);
	ts_config_fail(c, n, "invalid value '%.*s' for '%s'; use one of: %s",
	    QUOTE_MAX, n->str, keyname(c), all.buf);
	ts_buf_release(&all);
	return -1;
}

/* ---- lists ---- */

static int
add_item(struct ts_config_ctx *c, const struct ts_config_node *n,
    const char *s, size_t len, struct ts_config_item **v, size_t *nv,
    size_t *cap)
{
	while (len > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len == 0)
		return ts_config_fail(c, n, "empty item in '%s'", keyname(c));
	if (*nv == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		*v = ts_config_pool_realloc(&c->tree, *v, *cap * sizeof **v);
	}
	(*v)[*nv].s = s;
	(*v)[*nv].len = len;
	(*v)[*nv].node = n;
	(*nv)++;
	return 0;
}

static int
split_items(struct ts_config_ctx *c, const struct ts_config_node *n,
    struct ts_config_item **v, size_t *nv, size_t *cap)
{
	const char *s = n->str, *comma;

	while ((comma = memchr(s, ',', n->len - (size_t)(s - n->str)))) {
		if (add_item(c, n, s, (size_t)(comma - s), v, nv, cap) == -1)
			return -1;
		s = comma + 1;
	}
	return add_item(c, n, s, n->len - (size_t)(s - n->str), v, nv, cap);
}

int
ts_config_items(struct ts_config_ctx *c, const struct ts_config_node *n,
    unsigned flags, struct ts_config_item **items, size_t *nitems)
{
	const struct ts_config_node *it;
	size_t cap = 0, i;

	*items = NULL;
	*nitems = 0;
	if (n->type == TS_CONFIG_MAP || ts_config_is_null(n))
		return need_scalar(c, n, "a list");
	if (n->type == TS_CONFIG_SCALAR) {
		if (flags & TS_CONFIG_LIST_COMMA)
			return split_items(c, n, items, nitems, &cap);
		return add_item(c, n, n->str, n->len, items, nitems, &cap);
	}
	for (i = 0; i < n->nkid; i++) {
		it = n->kid[i];
		if (it->type != TS_CONFIG_SCALAR || ts_config_is_null(it))
			return ts_config_fail(c, it, "items of '%s' must be "
			    "strings, not %s", keyname(c),
			    ts_config_type_name(it));
		if (add_item(c, it, it->str, it->len, items, nitems, &cap)
		    == -1)
			return -1;
	}
	return 0;
}

int
ts_config_strlist(struct ts_config_ctx *c, const struct ts_config_node *n,
    unsigned flags, char ***dst, size_t *ndst)
{
	struct ts_config_item *items;
	size_t nitems, i;

	if (ts_config_items(c, n, flags, &items, &nitems) == -1)
		return -1;
	*dst = ts_config_alloc(c, (nitems ? nitems : 1) * sizeof **dst);
	for (i = 0; i < nitems; i++)
		(*dst)[i] = ts_config_strndup(c, items[i].s, items[i].len);
	*ndst = nitems;
	return 0;
}

int
ts_config_phone(struct ts_config_ctx *c, const struct ts_config_item *it,
    char out[TS_PHONE_MAX])
{
	enum ts_phone_kind kind;

	kind = ts_phone_normalize(it->s, it->len, &c->cfg->service.country,
	    out);
	if (kind == TS_PHONE_E164)
		return 0;
	if (kind == TS_PHONE_EXTENSION)
		return ts_config_fail(c, it->node, "'%.*s' in '%s' is an "
		    "extension, not a full phone number", (int)it->len, it->s,
		    keyname(c));
	return ts_config_fail(c, it->node, "invalid phone number '%.*s' in "
	    "'%s'", (int)(it->len > QUOTE_MAX ? QUOTE_MAX : it->len), it->s,
	    keyname(c));
}

/* ---- generic key readers ---- */

int
ts_config_key_str(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	return ts_config_str(c, n, TS_CONFIG_FIELD(obj, k, char *));
}

int
ts_config_key_bool(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	return ts_config_bool(c, n, TS_CONFIG_FIELD(obj, k, int));
}

int
ts_config_key_percent(struct ts_config_ctx *c,
    const struct ts_config_node *n, void *obj, const struct ts_config_key *k)
{
	return ts_config_percent(c, n, TS_CONFIG_FIELD(obj, k, double));
}

int
ts_config_key_seconds(struct ts_config_ctx *c,
    const struct ts_config_node *n, void *obj, const struct ts_config_key *k)
{
	return ts_config_seconds(c, n, TS_CONFIG_FIELD(obj, k, int64_t));
}

/* ts_config_seconds, then at least min seconds, named as unit says. */
static int
seconds_at_least(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k, int64_t min, const char *unit)
{
	int64_t *v = TS_CONFIG_FIELD(obj, k, int64_t);

	if (ts_config_seconds(c, n, v) == -1)
		return -1;
	if (*v < min)
		return ts_config_fail(c, n, "'%s' must be at least 1%s",
		    k->name, unit);
	return 0;
}

int
ts_config_key_positive(struct ts_config_ctx *c,
    const struct ts_config_node *n, void *obj, const struct ts_config_key *k)
{
	return seconds_at_least(c, n, obj, k, 1, "s");
}

int
ts_config_key_minutes(struct ts_config_ctx *c,
    const struct ts_config_node *n, void *obj, const struct ts_config_key *k)
{
	return seconds_at_least(c, n, obj, k, 60, "m");
}

int
ts_config_key_file(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	char **dst = TS_CONFIG_FIELD(obj, k, char *);
	struct stat sb;

	if (ts_config_str(c, n, dst) == -1)
		return -1;
	if (stat(*dst, &sb) < 0 || !S_ISREG(sb.st_mode))
		return ts_config_fail(c, n, "'%s': no such file '%s'",
		    k->name, *dst);
	return 0;
}

int
ts_config_key_duration(struct ts_config_ctx *c,
    const struct ts_config_node *n, void *obj, const struct ts_config_key *k)
{
	struct ts_duration *d = TS_CONFIG_FIELD(obj, k, struct ts_duration);

	if (ts_config_duration(c, n, d) == -1)
		return -1;
	/* Zero means "not set" in the structures (ts_config.h), so a zero
	 * written in the file would silently mean the default. */
	if (d->seconds < 0 || d->months < 0 ||
	    (d->seconds == 0 && d->months == 0))
		return ts_config_fail(c, n, "'%s' must be longer than zero",
		    keyname(c));
	return 0;
}

int
ts_config_key_zone(struct ts_config_ctx *c, const struct ts_config_node *n,
    void *obj, const struct ts_config_key *k)
{
	return ts_config_zone(c, n, TS_CONFIG_FIELD(obj, k,
	    const struct ts_tz *));
}
