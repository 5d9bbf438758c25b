/*
 * fuzz_xml.c - libFuzzer target: the XML reader of CalDAV replies
 * (ts_xml_parse: a WebDAV multistatus as a server sends it to ts-agenda
 * sync).  A reply refused carries a message; a tree handed out is walked
 * as the sync walks it (find, child, text) and freed whole.
 */
#include "fuzz.h"
#include "ts_xml.h"
#include "banned.h"

/* Walks every element; each must have a name and its counts agree. */
static void
walk(const struct ts_xml *x, int depth)
{
	size_t i;

	if (!x->name || depth > 10000)
		fuzz_die("an element without a name, or too deep");
	if (x->nkid > x->cap && x->cap != 0)
		fuzz_die("more children than room");
	if (x->text && strlen(x->text) > x->textlen)
		fuzz_die("a text longer than its length");
	for (i = 0; i < x->nkid; i++)
		walk(x->kid[i], depth + 1);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_xml *x = ts_xml_parse((const char *)data, size, &err);
	const struct ts_xml *r;

	if (!x) {
		if (err.msg[0] == '\0')
			fuzz_die("XML refused without a message");
		return 0;
	}
	walk(x, 0);
	if ((r = ts_xml_find(x, "response")) != NULL) {
		(void)ts_xml_text(r, "href");
		(void)ts_xml_child(r, "propstat");
	}
	(void)ts_xml_text(x, "sync-token");
	ts_xml_free(x);
	return 0;
}
