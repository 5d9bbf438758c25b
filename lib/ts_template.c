/*
 * ts_template.c - placeholders and sections in message templates (see
 * ts_template.h).  Templates are short; rendering scans them directly.
 */
#include <string.h>

#include "ts_template.h"
#include "banned.h"

#define NAME_MAX_LEN 32
#define DEPTH_MAX 8

enum tok {
	TOK_TEXT,	/* a literal byte (or "{{") */
	TOK_VALUE,	/* {name} */
	TOK_OPEN,	/* {#name} */
	TOK_NOT,	/* {^name} */
	TOK_CLOSE,	/* {/name} */
	TOK_END
};

struct scan {
	const char *s;
	size_t i;		/* where the next token starts */
	size_t at;		/* where the last one started */
	char name[NAME_MAX_LEN + 1];
	struct ts_error *err;
};

static int
name_char(char c, int first)
{
	return (c >= 'a' && c <= 'z') || (!first && ((c >= '0' && c <= '9') ||
	    c == '_'));
}

static int
bad(struct scan *sc, const char *what)
{
	return ts_error_set(sc->err, TS_EXIT_USAGE, "%s at character %zu of "
	    "the template", what, sc->at + 1);
}

/* Reads the next token; -1 on a bad placeholder. */
static int
next(struct scan *sc, enum tok *t)
{
	const char *s = sc->s;
	size_t j, n;

	sc->at = sc->i;
	if (!s[sc->i]) {
		*t = TOK_END;
		return 0;
	}
	if (s[sc->i] != '{' || s[sc->i + 1] == '{') {
		sc->i += s[sc->i] == '{' ? 2 : 1;
		*t = TOK_TEXT;
		return 0;
	}
	j = sc->i + 1;
	*t = TOK_VALUE;
	if (s[j] == '#' || s[j] == '^' || s[j] == '/') {
		*t = s[j] == '#' ? TOK_OPEN : s[j] == '^' ? TOK_NOT : TOK_CLOSE;
		j++;
	}
	for (n = 0; name_char(s[j + n], n == 0); n++)
		if (n == NAME_MAX_LEN)
			return bad(sc, "placeholder name too long");
	if (n == 0 || s[j + n] != '}')
		return bad(sc, "'{' that does not start a placeholder (write "
		    "'{{' for a brace)");
	memcpy(sc->name, s + j, n);
	sc->name[n] = '\0';
	sc->i = j + n + 1;
	return 0;
}

static int
known(const char *name, const char *const *names)
{
	for (; *names; names++)
		if (strcmp(*names, name) == 0)
			return 1;
	return 0;
}

int
ts_tpl_check(const char *tpl, const char *const *names, struct ts_error *err)
{
	struct scan sc = { tpl, 0, 0, "", err };
	char stack[DEPTH_MAX][NAME_MAX_LEN + 1];
	size_t depth = 0;
	enum tok t;

	for (;;) {
		if (next(&sc, &t) == -1)
			return -1;
		if (t == TOK_END)
			break;
		if (t == TOK_TEXT)
			continue;
		if (!known(sc.name, names))
			return ts_error_set(err, TS_EXIT_USAGE, "unknown "
			    "placeholder '{%s}' at character %zu of the "
			    "template", sc.name, sc.at + 1);
		if (t == TOK_OPEN || t == TOK_NOT) {
			if (depth == DEPTH_MAX)
				return bad(&sc, "sections nested too deep");
			memcpy(stack[depth++], sc.name, sizeof sc.name);
		} else if (t == TOK_CLOSE) {
			if (depth == 0 || strcmp(stack[depth - 1], sc.name))
				return bad(&sc, "'{/' that closes no open "
				    "section");
			depth--;
		}
	}
	if (depth > 0)
		return ts_error_set(err, TS_EXIT_USAGE, "section '{#%s}' is "
		    "not closed with '{/%s}'", stack[depth - 1],
		    stack[depth - 1]);
	return 0;
}

struct render {
	ts_tpl_lookup *lookup;
	void *ctx;
	ts_tpl_escape *esc;
	struct ts_buf *out;
};

static const char *
value(const struct render *r, struct scan *sc)
{
	const char *v = r->lookup(r->ctx, sc->name);

	if (!v)
		ts_error_set(sc->err, TS_EXIT_USAGE, "unknown placeholder "
		    "'{%s}'", sc->name);
	return v;
}

/*
 * Renders from sc's position up to the {/name} that closes the section
 * `open` it is in (or the end, at depth 0), writing only when `on`.
 * Returns 0 or -1: what ts_tpl_check refuses is refused here too, even in
 * a section left out.
 */
static int
render(struct render *r, struct scan *sc, int on, size_t depth,
    const char *open)
{
	char name[NAME_MAX_LEN + 1];
	const char *v;
	enum tok t;
	int keep;

	for (;;) {
		if (next(sc, &t) == -1)
			return -1;
		switch (t) {
		case TOK_END:
			return depth ? bad(sc, "section not closed") : 0;
		case TOK_CLOSE:
			return depth && strcmp(sc->name, open) == 0 ? 0 :
			    bad(sc, "'{/' that closes no open section");
		case TOK_TEXT:
			if (on)
				ts_buf_addch(r->out, sc->s[sc->at]);
			break;
		case TOK_VALUE:
			if (!(v = value(r, sc)))
				return -1;
			if (on && r->esc)
				r->esc(r->out, v, strlen(v));
			else if (on)
				ts_buf_addstr(r->out, v);
			break;
		default:
			if (depth == DEPTH_MAX)
				return bad(sc, "sections nested too deep");
			if (!(v = value(r, sc)))
				return -1;
			keep = (*v != '\0') == (t == TOK_OPEN);
			memcpy(name, sc->name, sizeof name);
			if (render(r, sc, on && keep, depth + 1, name) == -1)
				return -1;
		}
	}
}

int
ts_tpl_render(const char *tpl, ts_tpl_lookup *lookup, void *ctx,
    ts_tpl_escape *esc, struct ts_buf *out, struct ts_error *err)
{
	struct render r = { lookup, ctx, esc, out };
	struct scan sc = { tpl, 0, 0, "", err };

	return render(&r, &sc, 1, 0, "");
}
