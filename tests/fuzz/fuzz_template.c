/*
 * fuzz_template.c - libFuzzer target: the message templates of the
 * configuration (ts_template: {name}, {#name}...{/name}, {^name}...{/name},
 * "{{"), checked as the configuration checks them and rendered as ts-msg
 * renders them.
 *
 * The first byte chooses the names (a message's, a digest's, a sender
 * name's, an SMS provider's: bits 0-1), the escaping (none, URL, JSON,
 * a marker: bits 2-3) and the values (empty, short, long, holding
 * template syntax: bits 4-5); the rest is the template, up to a NUL.
 * Promises: the check and the rendering agree (a template that passes the
 * check renders; one that fails does not, and both say why); a value is
 * never read as template text; the output is bounded by the template and
 * the values; the same input renders the same bytes twice.
 */
#include "fuzz.h"
#include "ts_buf.h"
#include "ts_enc.h"
#include "ts_msg.h"
#include "ts_template.h"
#include "banned.h"

struct fctx {
	const char *const *names;
	const char *value;
};

static const char *const values[] = {
	"",
	"Zoé",
	"{subject}{#body}{{x}}{/body}{^ref}}{/ref}%\"\\\n\t<>&",
	"0123456789012345678901234567890123456789012345678901234567890123"
};

/* Every name of the list has the chosen value; any other is unknown. */
static const char *
lookup(void *ctx, const char *name)
{
	const struct fctx *c = ctx;
	size_t i;

	for (i = 0; c->names[i]; i++)
		if (strcmp(c->names[i], name) == 0)
			return c->value;
	return NULL;
}

/* Wraps each value in 0x01 ... 0x02, so that it can be told apart. */
static void
marker(struct ts_buf *out, const char *s, size_t n)
{
	ts_buf_addch(out, '\001');
	ts_buf_add(out, s, n);
	ts_buf_addch(out, '\002');
}

static ts_tpl_escape *const escapes[] = {
	NULL, ts_percent_encode, ts_json_escape, marker
};

static void
render_twice(const char *tpl, struct fctx *c, ts_tpl_escape *esc,
    int checked)
{
	struct ts_error err = TS_ERROR_INIT, err2 = TS_ERROR_INIT;
	struct ts_buf a = TS_BUF_INIT, b = TS_BUF_INIT;
	size_t braces = 0, vlen = strlen(c->value), i;
	int rc;

	rc = ts_tpl_render(tpl, lookup, c, esc, &a, &err);
	if (checked && rc != 0)
		fuzz_die("a checked template does not render");
	if (!checked && rc == 0)
		fuzz_die("a template the check refuses renders");
	if (rc != 0 && err.msg[0] == '\0')
		fuzz_die("a rendering failed without a message");
	if (rc == 0) {
		for (i = 0; tpl[i]; i++)
			braces += tpl[i] == '{';
		/* Each placeholder holds at least "{x}"; a value escaped
		 * grows at most 6 times (JSON's \u00XX), plus 2 markers. */
		if (esc == NULL && a.len > i + braces * vlen)
			fuzz_die("the output is longer than template and values");
		if (a.len > i + braces * (6 * vlen + 2))
			fuzz_die("the escaped output is too long");
		if (ts_tpl_render(tpl, lookup, c, esc, &b, &err2) != 0 ||
		    a.len != b.len || memcmp(a.buf, b.buf, a.len) != 0)
			fuzz_die("the same template renders twice otherwise");
	}
	ts_buf_release(&a);
	ts_buf_release(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const *const lists[4] = {
		ts_msg_fields, ts_digest_fields, ts_sender_fields,
		ts_sms_provider_fields
	};
	struct ts_error err = TS_ERROR_INIT;
	struct fctx c;
	char *tpl;
	int opt, rc;

	if (size == 0)
		return 0;
	opt = data[0];
	tpl = fuzz_str(data + 1, size - 1);
	c.names = lists[opt & 3];
	c.value = values[(opt >> 4) & 3];
	rc = ts_tpl_check(tpl, c.names, &err);
	if (rc != 0 && (rc != -1 || err.msg[0] == '\0'))
		fuzz_die("a template refused without a message");
	render_twice(tpl, &c, escapes[(opt >> 2) & 3], rc == 0);
	/* Values holding template syntax are not read again: with them, a
	 * checked template still renders, and to the same length bound. */
	c.value = values[2];
	render_twice(tpl, &c, escapes[(opt >> 2) & 3], rc == 0);
	free(tpl);
	return 0;
}
