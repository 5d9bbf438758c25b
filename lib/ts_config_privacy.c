/*
 * ts_config_privacy.c - the data protection keys: `processor:` at the top
 * (the agency, for its record of processing) and `privacy:` in a client
 * or in `defaults:` (what the controller tells its callers; merged key by
 * key with the defaults, as `retention` is).
 */
#include <stddef.h>
#include <stdio.h>

#include "ts_config_impl.h"
#include "banned.h"

#define PV(f)	offsetof(struct ts_privacy, f)
#define PR(f)	offsetof(struct ts_processor, f)

/* A list of strings (a sequence, or one string) into a struct ts_strlist. */
static int
key_list(struct ts_config_ctx *c, const struct ts_config_node *n, void *obj,
    const struct ts_config_key *k)
{
	struct ts_strlist *l = TS_CONFIG_FIELD(obj, k, struct ts_strlist);

	return ts_config_strlist(c, n, 0, &l->v, &l->n);
}

static const struct ts_config_key privacy_keys[] = {
	{ "controller", ts_config_key_str, PV(controller), 0,
	    "the controller: the client's legal name and address" },
	{ "contact", ts_config_key_str, PV(contact), 0,
	    "where callers exercise their rights (the client's DPO)" },
	{ "purposes", key_list, PV(purposes), 0,
	    "why the data is processed" },
	{ "legal_basis", ts_config_key_str, PV(legal_basis), 0,
	    "the legal basis of the processing (Art. 6)" },
	{ "recipients", key_list, PV(recipients), 0,
	    "who receives the data" },
	{ "source", ts_config_key_str, PV(source), 0,
	    "where the data comes from" },
	{ "transfers", ts_config_key_str, PV(transfers), 0,
	    "transfers outside the European Union, if any" },
	{ NULL, NULL, 0, 0, NULL }
};

int
ts_config_read_privacy(struct ts_config_ctx *c,
    const struct ts_config_node *n, void *obj, const struct ts_config_key *k)
{
	struct ts_client *cl = obj;
	char what[160];

	snprintf(what, sizeof what, "'%s' of %s", k->name, c->where ?
	    c->where : "the configuration");
	return ts_config_read_map(c, n, NULL, privacy_keys, &cl->privacy,
	    what, 0);
}

static const struct ts_config_key processor_keys[] = {
	{ "name", ts_config_key_str, PR(name), 0,
	    "the agency's legal name (the service's name)" },
	{ "address", ts_config_key_str, PR(address), 0,
	    "its postal address" },
	{ "contact", ts_config_key_str, PR(contact), 0,
	    "its data protection officer or contact" },
	{ "security", key_list, PR(security), 0,
	    "technical and organisational security measures (Art. 32)" },
	{ NULL, NULL, 0, 0, NULL }
};

int
ts_config_read_processor(struct ts_config_ctx *c,
    const struct ts_config_node *n, void *obj, const struct ts_config_key *k)
{
	struct ts_config *cfg = obj;

	(void)k;
	return ts_config_read_map(c, n, NULL, processor_keys,
	    &cfg->processor, "'processor'", 0);
}
