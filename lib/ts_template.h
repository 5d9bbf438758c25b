/*
 * ts_template.h - the small template language of messages.
 *
 *	Message de {who}{#subject} : {subject}{/subject}
 *
 * {name} is replaced by the value of name; {#name}...{/name} is kept only
 * when name's value is not empty, {^name}...{/name} only when it is empty
 * (sections nest); "{{" is a literal '{'.  A '}' on its own is literal.
 * Names are lowercase letters, digits and '_', starting with a letter.
 *
 * The configuration checks each template when it is loaded (unknown names
 * and bad syntax are errors there, with their place); rendering a checked
 * template with a lookup that knows the same names cannot fail.
 */
#ifndef TS_TEMPLATE_H
#define TS_TEMPLATE_H

#include <stddef.h>

#include "ts_buf.h"
#include "ts_err.h"

/* The value of a name ("" when empty), or NULL when the name is unknown. */
typedef const char *ts_tpl_lookup(void *ctx, const char *name);

/* Appends value (n bytes) to out, encoded for where it goes. */
typedef void ts_tpl_escape(struct ts_buf *out, const char *value, size_t n);

/*
 * Checks tpl: syntax, and that every name is in names (NULL-terminated).
 * Returns 0, or -1 with err saying what is wrong and at which character
 * (1-based) of the template.
 */
int ts_tpl_check(const char *tpl, const char *const *names,
    struct ts_error *err);

/*
 * Appends tpl rendered with lookup to out, each value passed through esc
 * when it is not NULL.  Returns 0, or -1 with err set (bad syntax or an
 * unknown name).
 */
int ts_tpl_render(const char *tpl, ts_tpl_lookup *lookup, void *ctx,
    ts_tpl_escape *esc, struct ts_buf *out, struct ts_error *err);

#endif
