/*
 * ts_xml.c - a small XML reader for WebDAV replies (see ts_xml.h).
 */
#include <stdlib.h>
#include <string.h>

#include "ts_buf.h"
#include "ts_mem.h"
#include "ts_xml.h"
#include "banned.h"

#define MAX_DEPTH 64

struct parser {
	const char *p, *end;
	struct ts_error *err;
};

static int
fail(struct parser *ps, const char *why)
{
	return ts_error_set(ps->err, TS_EXIT_FAIL, "xml: %s", why);
}

static int
starts(const struct parser *ps, const char *s)
{
	size_t n = strlen(s);

	return (size_t)(ps->end - ps->p) >= n && memcmp(ps->p, s, n) == 0;
}

/* Moves past the first occurrence of s; -1 if there is none. */
static int
skip_past(struct parser *ps, const char *s)
{
	size_t n = strlen(s);

	while ((size_t)(ps->end - ps->p) >= n) {
		if (memcmp(ps->p, s, n) == 0) {
			ps->p += n;
			return 0;
		}
		ps->p++;
	}
	return fail(ps, "unterminated markup");
}

/* Appends a UTF-8 code point. */
static void
add_utf8(struct ts_buf *b, unsigned long c)
{
	if (c < 0x80) {
		ts_buf_addch(b, (int)c);
	} else if (c < 0x800) {
		ts_buf_addch(b, (int)(0xc0 | (c >> 6)));
		ts_buf_addch(b, (int)(0x80 | (c & 0x3f)));
	} else if (c < 0x10000) {
		ts_buf_addch(b, (int)(0xe0 | (c >> 12)));
		ts_buf_addch(b, (int)(0x80 | ((c >> 6) & 0x3f)));
		ts_buf_addch(b, (int)(0x80 | (c & 0x3f)));
	} else {
		ts_buf_addch(b, (int)(0xf0 | (c >> 18)));
		ts_buf_addch(b, (int)(0x80 | ((c >> 12) & 0x3f)));
		ts_buf_addch(b, (int)(0x80 | ((c >> 6) & 0x3f)));
		ts_buf_addch(b, (int)(0x80 | (c & 0x3f)));
	}
}

/* Decodes the entity at ps->p ('&'). */
static int
entity(struct parser *ps, struct ts_buf *b)
{
	static const struct {
		const char *name;
		char c;
	} named[] = {
		{ "&lt;", '<' }, { "&gt;", '>' }, { "&amp;", '&' },
		{ "&quot;", '"' }, { "&apos;", '\'' }
	};
	const char *semi = memchr(ps->p, ';', (size_t)(ps->end - ps->p));
	unsigned long c;
	char *e;
	size_t i;

	for (i = 0; i < sizeof named / sizeof named[0]; i++) {
		if (starts(ps, named[i].name)) {
			ts_buf_addch(b, named[i].c);
			ps->p += strlen(named[i].name);
			return 0;
		}
	}
	if (!semi || ps->p[1] != '#' || semi - ps->p > 12)
		return fail(ps, "unknown entity");
	c = ps->p[2] == 'x' ? strtoul(ps->p + 3, &e, 16) :
	    strtoul(ps->p + 2, &e, 10);
	if (e != semi || c == 0 || c > 0x10ffff)
		return fail(ps, "bad character reference");
	add_utf8(b, c);
	ps->p = semi + 1;
	return 0;
}

static struct ts_xml *
new_node(const char *name, size_t len)
{
	struct ts_xml *x = ts_xcalloc(1, sizeof *x);
	const char *colon = memchr(name, ':', len);

	if (colon) {
		len -= (size_t)(colon + 1 - name);
		name = colon + 1;
	}
	x->name = ts_xstrndup(name, len);
	return x;
}

static int parse_element(struct parser *ps, struct ts_xml **out, int depth);

/* The content of x up to its end tag. */
static int
parse_content(struct parser *ps, struct ts_xml *x, int depth)
{
	struct ts_buf text = TS_BUF_INIT;
	struct ts_xml *kid;

	while (ps->p < ps->end) {
		if (starts(ps, "</")) {
			if (skip_past(ps, ">") != 0)
				break;
			x->textlen = text.len;
			x->text = ts_buf_detach(&text, NULL);
			return 0;
		} else if (starts(ps, "<!--")) {
			if (skip_past(ps, "-->") != 0)
				break;
		} else if (starts(ps, "<![CDATA[")) {
			const char *s = ps->p + 9;

			if (skip_past(ps, "]]>") != 0)
				break;
			ts_buf_add(&text, s, (size_t)(ps->p - 3 - s));
		} else if (starts(ps, "<?")) {
			if (skip_past(ps, "?>") != 0)
				break;
		} else if (*ps->p == '<') {
			if (parse_element(ps, &kid, depth + 1) != 0)
				break;
			TS_GROW(x->kid, x->nkid + 1, x->cap);
			x->kid[x->nkid++] = kid;
		} else if (*ps->p == '&') {
			if (entity(ps, &text) != 0)
				break;
		} else {
			ts_buf_addch(&text, *ps->p++);
		}
	}
	ts_buf_release(&text);
	return ps->err->code ? -1 : fail(ps, "unexpected end");
}

/* Skips the attributes of a start tag: quoted values may hold '>'. */
static int
skip_attributes(struct parser *ps, int *empty)
{
	char q;

	while (ps->p < ps->end && *ps->p != '>') {
		if (*ps->p == '"' || *ps->p == '\'') {
			q = *ps->p++;
			while (ps->p < ps->end && *ps->p != q)
				ps->p++;
			if (ps->p == ps->end)
				return fail(ps, "unterminated attribute");
		}
		ps->p++;
	}
	if (ps->p == ps->end)
		return fail(ps, "unterminated tag");
	*empty = ps->p[-1] == '/';
	ps->p++;
	return 0;
}

static int
parse_element(struct parser *ps, struct ts_xml **out, int depth)
{
	const char *name;
	size_t len;
	int empty = 0;

	if (depth > MAX_DEPTH)
		return fail(ps, "too deep");
	name = ++ps->p;
	/* Not strcspn: the reply is n bytes, not a C string. */
	for (len = 0; name + len < ps->end &&
	    !strchr(" \t\r\n/>", name[len]); len++)
		continue;
	if (len == 0 || name + len >= ps->end)
		return fail(ps, "bad tag");
	ps->p = name + len;
	*out = new_node(name, len);
	if (skip_attributes(ps, &empty) != 0 ||
	    (!empty && parse_content(ps, *out, depth) != 0)) {
		ts_xml_free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

struct ts_xml *
ts_xml_parse(const char *s, size_t n, struct ts_error *err)
{
	struct parser ps = { s, s + n, err };
	struct ts_xml *root = NULL;

	err->code = 0;
	while (ps.p < ps.end) {
		if (starts(&ps, "<?") || starts(&ps, "<!")) {
			if (skip_past(&ps, ">") != 0)
				return NULL;
		} else if (*ps.p == '<') {
			if (parse_element(&ps, &root, 0) != 0)
				return NULL;
			return root;
		} else {
			ps.p++;
		}
	}
	fail(&ps, "no element");
	return NULL;
}

void
ts_xml_free(struct ts_xml *x)
{
	size_t i;

	if (!x)
		return;
	for (i = 0; i < x->nkid; i++)
		ts_xml_free(x->kid[i]);
	free(x->kid);
	free(x->name);
	free(x->text);
	free(x);
}

const struct ts_xml *
ts_xml_child(const struct ts_xml *x, const char *name)
{
	size_t i;

	for (i = 0; x && i < x->nkid; i++)
		if (strcmp(x->kid[i]->name, name) == 0)
			return x->kid[i];
	return NULL;
}

const struct ts_xml *
ts_xml_find(const struct ts_xml *x, const char *name)
{
	const struct ts_xml *f;
	size_t i;

	if (!x)
		return NULL;
	if (strcmp(x->name, name) == 0)
		return x;
	for (i = 0; i < x->nkid; i++)
		if ((f = ts_xml_find(x->kid[i], name)) != NULL)
			return f;
	return NULL;
}

const char *
ts_xml_text(const struct ts_xml *x, const char *name)
{
	const struct ts_xml *k = ts_xml_child(x, name);
	char *t;
	size_t n;

	if (!k || !k->text)
		return "";
	/* Trim in place: the text is ours to change. */
	t = k->text;
	while (*t == ' ' || *t == '\t' || *t == '\r' || *t == '\n')
		t++;
	n = strlen(t);
	while (n && (t[n - 1] == ' ' || t[n - 1] == '\t' ||
	    t[n - 1] == '\r' || t[n - 1] == '\n'))
		t[--n] = '\0';
	return t;
}
