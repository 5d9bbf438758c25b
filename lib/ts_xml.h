/*
 * ts_xml.h - a small XML reader for WebDAV replies (multistatus).
 *
 * It builds a tree of elements named by their local name (the namespace
 * prefix is dropped: the DAV, CalDAV and CalendarServer names a sync needs
 * do not collide), with their text (entities and CDATA decoded).
 * Attributes, comments, processing instructions and doctype are skipped.
 * Depth and size are bounded.  It is not a validating parser, and it does
 * not need to be: it reads what servers send and refuses what it cannot
 * read.
 */
#ifndef TS_XML_H
#define TS_XML_H

#include <stddef.h>

#include "ts_err.h"

struct ts_xml {
	char *name;		/* local name: "href", "getetag" */
	char *text;		/* the text directly inside, decoded */
	size_t textlen;
	struct ts_xml **kid;
	size_t nkid;
	size_t cap;
};

/* Parses n bytes of XML.  Returns the root (free with ts_xml_free), or
 * NULL with err set (TS_EXIT_FAIL). */
struct ts_xml *ts_xml_parse(const char *s, size_t n, struct ts_error *err);
void ts_xml_free(struct ts_xml *x);

/* The first child of x named name, or NULL. */
const struct ts_xml *ts_xml_child(const struct ts_xml *x, const char *name);
/* The first element named name at any depth below x (x included). */
const struct ts_xml *ts_xml_find(const struct ts_xml *x, const char *name);
/* The text of the child named name, trimmed, or "" (borrowed from x). */
const char *ts_xml_text(const struct ts_xml *x, const char *name);

#endif
