/*
 * fuzz_contacts.h - the body of the contact targets: one input read by
 * ts_contact_reader over a stream, as `ts-import contacts` reads a file,
 * every contact drained.  The first byte of a CSV input picks a --map
 * (none, or one of a few) and a default country, so that both the
 * automatic header matching and the map are exercised.
 */
#ifndef TS_FUZZ_CONTACTS_H
#define TS_FUZZ_CONTACTS_H

#include "fuzz.h"
#include "ts_contacts.h"
#include "ts_phone.h"

static const char *const fuzz_maps[] = {
	NULL, NULL, NULL, NULL,
	"Nom=last_name,Prenom=first_name,Tel=phone,Mail=email",
	"a=name,b=phone,c=phone,d=tags,e=note,f=id",
	"x=-,name=company,tel=phone",
	"Who=name,Number=phone,Extra=-,Id=id,Groups=tags",
};

static const char *const fuzz_countries[] = { "FR", "BE", "MQ", "US" };

static void
fuzz_contacts_drain(struct ts_contact_reader *r)
{
	struct ts_contact c;
	struct ts_error err = TS_ERROR_INIT;
	enum ts_store_put put;
	size_t len;
	int rc;

	for (;;) {
		ts_error_clear(&err);
		rc = ts_contact_next(r, &c, &err);
		if (rc == 0 || rc == -2)
			return;
		if (rc == -1) {
			if (err.msg[0] == '\0')
				fuzz_die("a bad contact without a message");
			(void)ts_contact_reject(r, &len);
			continue;
		}
		if (!c.name[0] && !c.nphones && !c.email[0])
			fuzz_die("a contact without name, number or e-mail");
		if (ts_store_contact_put(fuzz_store(), &c, 1795000000, &put,
		    &err) < 0)
			fuzz_store_failed(&err);
	}
}

static int
fuzz_contacts_run(const uint8_t *data, size_t size, int csv)
{
	struct ts_phone_country country;
	struct ts_error err = TS_ERROR_INIT;
	struct ts_contact_reader *r;
	const char *map = NULL;
	FILE *in;

	if (csv) {
		if (size == 0)
			return 0;
		map = fuzz_maps[data[0] % 8];
		ts_phone_country(fuzz_countries[(data[0] >> 3) % 4], &country);
		data++;
		size--;
	} else {
		ts_phone_country("FR", &country);
	}
	in = fuzz_fmemopen(data, size);
	r = ts_contact_reader_new(in, "fuzz", "cabinet-a", &country, map,
	    &err);
	if (ts_store_begin(fuzz_store(), &err) < 0)
		fuzz_store_failed(&err);
	if (r)
		fuzz_contacts_drain(r);
	ts_store_rollback(fuzz_store());
	ts_contact_reader_free(r);
	fclose(in);
	return 0;
}

#endif
