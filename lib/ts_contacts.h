/*
 * ts_contacts.h - reading a client's contact list: CSV or vCard.
 *
 * Agencies receive contact lists as whatever the client has: a spreadsheet
 * export with French headers ("Nom", "Prénom", "Téléphone portable",
 * "E-mail", "Société"), a Google or Outlook CSV export, or vCards (.vcf,
 * versions 2.1, 3.0 and 4.0, folded lines, several numbers per card).
 * This module turns each into struct ts_contact records (ts_store.h): names,
 * numbers in E.164, e-mail, company, tags, note, and an external id when
 * the source has one.  CSV columns are found by the meaning of their header
 * (accents, case and punctuation ignored), or named by hand with a map.
 */
#ifndef TS_CONTACTS_H
#define TS_CONTACTS_H

#include <stdio.h>

#include "ts_err.h"
#include "ts_phone.h"
#include "ts_store.h"

struct ts_contact_reader;

/*
 * Starts reading contacts of `client` from in (the caller keeps in).  The
 * format is told from the first bytes: "BEGIN:VCARD" is vCard, anything
 * else CSV with a header.  `map`, for CSV, names columns by hand:
 * "HEADER=field,HEADER=field" where field is one of name, first_name,
 * last_name, company, phone, email, tags, note, id, or "-" to ignore the
 * column.  Fails when the CSV header has no column for a name, a number or
 * an e-mail, or when the map names an unknown column or field.
 */
struct ts_contact_reader *ts_contact_reader_new(FILE *in, const char *source,
    const char *client, const struct ts_phone_country *country,
    const char *map, struct ts_error *err);
void ts_contact_reader_free(struct ts_contact_reader *r);

/*
 * The next contact: 1 with *c filled, 0 at the end, -1 for a bad record
 * (err says where and why, without the record's values; the reader has
 * moved past it), -2 for a fatal error.  A record is bad when it has no
 * name, number or e-mail, or a number that is not a telephone number.
 */
int ts_contact_next(struct ts_contact_reader *r, struct ts_contact *c,
    struct ts_error *err);

/* The raw bytes of the last bad record (for --rejects). */
const char *ts_contact_reject(const struct ts_contact_reader *r,
    size_t *len);

/* Lower-cases and folds a tag list ("VIP; Bloqué" -> "vip,bloque"). */
void ts_contact_tags(const char *in, size_t n, char *out, size_t size);

#endif
