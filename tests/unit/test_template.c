/*
 * test_template.c - the template language of messages: values, sections,
 * escapes, checking names and syntax.
 */
#include <stdio.h>
#include <string.h>

#include "ts_buf.h"
#include "ts_enc.h"
#include "ts_template.h"
#include "tap.h"

static const char *const names[] = { "who", "subject", "empty", NULL };

static const char *
look(void *ctx, const char *name)
{
	(void)ctx;
	if (strcmp(name, "who") == 0)
		return "Mme Lefèvre";
	if (strcmp(name, "subject") == 0)
		return "a&b c";
	if (strcmp(name, "empty") == 0)
		return "";
	return NULL;
}

static void
renders(const char *tpl, ts_tpl_escape *esc, const char *want,
    const char *name)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_buf b = TS_BUF_INIT;

	ok(ts_tpl_check(tpl, names, &err) == 0, name);
	if (ts_tpl_render(tpl, look, NULL, esc, &b, &err) < 0)
		printf("# %s\n", err.msg);
	is_str(b.buf, want, name);
	ts_buf_release(&b);
}

static void
refused(const char *tpl, const char *msg, const char *name)
{
	struct ts_error err = TS_ERROR_INIT;

	struct ts_buf b = TS_BUF_INIT;

	ok(ts_tpl_check(tpl, names, &err) == -1, name);
	ok(strstr(err.msg, msg) != NULL, name);
	if (!strstr(err.msg, msg))
		printf("#   got: %s\n", err.msg);
	/* What the check refuses, the rendering refuses too. */
	ok(ts_tpl_render(tpl, look, NULL, NULL, &b, &err) == -1, name);
	ts_buf_release(&b);
}

int
main(void)
{
	renders("Message de {who}", NULL, "Message de Mme Lefèvre", "a value");
	renders("{#subject}Objet : {subject}{/subject}", NULL,
	    "Objet : a&b c", "a section kept");
	renders("x{#empty}never {who}{/empty}y", NULL, "xy",
	    "a section dropped");
	renders("{^empty}none{/empty}{^who}no{/who}", NULL, "none",
	    "inverted sections");
	renders("{#who}{#subject}{who}: {subject}{/subject}{/who}", NULL,
	    "Mme Lefèvre: a&b c", "nested sections");
	renders("{{\"a\":\"{who}\"}", NULL, "{\"a\":\"Mme Lefèvre\"}",
	    "{{ is a brace, a lone } is literal");
	renders("q={subject}", ts_percent_encode, "q=a%26b%20c",
	    "values escaped, text not");
	refused("{nope}", "nope", "an unknown name");
	refused("{#who}x", "who", "an unclosed section");
	refused("{who", "", "an unclosed placeholder");
	refused("{#who}x{/subject}", "closes", "a section closed by another");
	refused("{#empty}x{/subject}", "closes",
	    "a section left out, closed by another (fuzz_template)");
	return done_testing();
}
