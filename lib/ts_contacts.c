/*
 * ts_contacts.c - a client's contact list from CSV or vCard (see
 * ts_contacts.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ts_buf.h"
#include "ts_call.h"
#include "ts_contacts.h"
#include "ts_mem.h"
#include "ts_rec.h"
#include "banned.h"

enum cfield {
	F_IGNORE, F_NAME, F_FIRST, F_LAST, F_COMPANY, F_PHONE, F_EMAIL,
	F_TAGS, F_NOTE, F_ID
};

static const char *const field_names[] = {
	"-", "name", "first_name", "last_name", "company", "phone", "email",
	"tags", "note", "id"
};

/* Header names (folded by ts_rec_fold_name) and what they hold. */
static const struct {
	const char *header;
	enum cfield field;
} aliases[] = {
	{ "name", F_NAME }, { "nom_complet", F_NAME }, { "full_name", F_NAME },
	{ "fullname", F_NAME }, { "display_name", F_NAME },
	{ "nom_prenom", F_NAME }, { "prenom_nom", F_NAME },
	{ "nom_et_prenom", F_NAME }, { "contact", F_NAME },
	{ "prenom", F_FIRST }, { "prenoms", F_FIRST }, { "first_name", F_FIRST },
	{ "firstname", F_FIRST }, { "given_name", F_FIRST },
	{ "nom", F_LAST }, { "last_name", F_LAST }, { "lastname", F_LAST },
	{ "surname", F_LAST }, { "family_name", F_LAST },
	{ "nom_de_famille", F_LAST },
	{ "societe", F_COMPANY }, { "company", F_COMPANY },
	{ "entreprise", F_COMPANY }, { "organisation", F_COMPANY },
	{ "organization", F_COMPANY }, { "raison_sociale", F_COMPANY },
	{ "etablissement", F_COMPANY },
	{ "tel", F_PHONE }, { "numero", F_PHONE }, { "gsm", F_PHONE },
	{ "fixe", F_PHONE }, { "bureau", F_PHONE }, { "domicile", F_PHONE },
	{ "cell", F_PHONE },
	{ "email", F_EMAIL }, { "e_mail", F_EMAIL }, { "mail", F_EMAIL },
	{ "courriel", F_EMAIL },
	{ "tags", F_TAGS }, { "tag", F_TAGS }, { "etiquettes", F_TAGS },
	{ "etiquette", F_TAGS }, { "categories", F_TAGS },
	{ "categorie", F_TAGS }, { "groupes", F_TAGS }, { "groupe", F_TAGS },
	{ "groups", F_TAGS }, { "labels", F_TAGS },
	{ "group_membership", F_TAGS },
	{ "note", F_NOTE }, { "notes", F_NOTE }, { "commentaire", F_NOTE },
	{ "commentaires", F_NOTE }, { "remarque", F_NOTE },
	{ "remarques", F_NOTE }, { "observations", F_NOTE },
	{ "id", F_ID }, { "uid", F_ID }, { "identifiant", F_ID },
	{ "external_id", F_ID }, { "ref", F_ID }, { "reference", F_ID },
	{ "code_client", F_ID }
};

struct col {
	enum cfield field;
	char label[16];		/* for phones: mobile, work, home, "" */
};

struct ts_contact_reader {
	char source[256];
	char client[64];
	struct ts_phone_country country;
	int vcard;
	/* CSV */
	struct ts_reader *csv;
	struct col *cols;
	size_t ncols;
	struct ts_buf data;	/* the whole input: contact lists are small */
	/* vCard */
	FILE *in;		/* reads data */
	long line;		/* lines read so far */
	struct ts_buf pending;	/* a line read ahead (unfolding) */
	int have_pending;
	struct ts_buf card;	/* the raw card, for rejects */
	struct ts_buf reject;
};

/* ---- shared ---- */

/* Is tag in the comma-separated list? */
static int
has_tag(const char *list, const char *tag)
{
	size_t n = strlen(tag);
	const char *p = list;

	while ((p = strstr(p, tag)) != NULL) {
		if ((p == list || p[-1] == ',') && (p[n] == ',' || !p[n]))
			return 1;
		p += n;
	}
	return 0;
}

/* Does hay contain needle, ignoring ASCII case? */
static int
has(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; hay && *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return 0;
}

void
ts_contact_tags(const char *in, size_t n, char *out, size_t size)
{
	struct ts_buf b = TS_BUF_INIT;
	char one[128], folded[128];
	size_t i = 0, start, len;

	while (i < n) {
		start = i;
		/* Google writes groups as "* myContacts ::: VIP". */
		while (i < n && in[i] != ',' && in[i] != ';' && in[i] != '|' &&
		    !(i + 3 <= n && memcmp(in + i, ":::", 3) == 0))
			i++;
		len = i - start;
		i += i + 3 <= n && memcmp(in + i, ":::", 3) == 0 ? 3 : 1;
		while (len && in[start] == ' ') {
			start++;
			len--;
		}
		/* "* name" is one of Google's own groups, not a tag. */
		if (len && in[start] == '*')
			continue;
		ts_copy_text(one, sizeof one, in + start, len);
		ts_rec_fold_name(one, folded, sizeof folded);
		if (*folded && !has_tag(b.buf, folded)) {
			if (b.len)
				ts_buf_addch(&b, ',');
			ts_buf_addstr(&b, folded);
		}
	}
	ts_copy_text(out, size, b.buf, b.len);
	ts_buf_release(&b);
}

/* Adds a number to c; returns -1 when it is not a telephone number. */
static int
add_phone(struct ts_contact_reader *r, struct ts_contact *c, const char *s,
    size_t n, const char *label)
{
	char e164[TS_PHONE_MAX];
	enum ts_phone_kind kind;
	int i;

	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	if (n >= 4 && strncasecmp(s, "tel:", 4) == 0) {
		s += 4;
		n -= 4;
	}
	if (n == 0)
		return 0;
	kind = ts_phone_normalize(s, n, &r->country, e164);
	if (kind == TS_PHONE_INVALID)
		return -1;
	if (kind == TS_PHONE_WITHHELD)
		return 0;
	for (i = 0; i < c->nphones; i++)
		if (strcmp(c->phones[i], e164) == 0)
			return 0;
	if (c->nphones == TS_CONTACT_PHONES)
		return 0;
	snprintf(c->phones[c->nphones], sizeof c->phones[0], "%s", e164);
	snprintf(c->phone_labels[c->nphones], sizeof c->phone_labels[0], "%s",
	    label);
	c->nphones++;
	return 0;
}

/* The display name: as given, else first and last names, else company. */
static void
complete_name(struct ts_contact *c)
{
	if (c->name[0])
		return;
	if (c->first_name[0] || c->last_name[0])
		snprintf(c->name, sizeof c->name, "%s%s%s", c->first_name,
		    c->first_name[0] && c->last_name[0] ? " " : "",
		    c->last_name);
	else
		snprintf(c->name, sizeof c->name, "%s", c->company);
}

static void
contact_init(struct ts_contact_reader *r, struct ts_contact *c)
{
	memset(c, 0, sizeof *c);
	snprintf(c->client, sizeof c->client, "%s", r->client);
}

/* ---- CSV ---- */

static const char *
phone_label(const char *folded)
{
	if (strstr(folded, "portable") || strstr(folded, "mobile") ||
	    strstr(folded, "gsm") || strstr(folded, "cell"))
		return "mobile";
	if (strstr(folded, "bureau") || strstr(folded, "work") ||
	    strstr(folded, "business") || strstr(folded, "pro"))
		return "work";
	if (strstr(folded, "domicile") || strstr(folded, "home") ||
	    strstr(folded, "fixe") || strstr(folded, "perso"))
		return "home";
	return "";
}

/* What a column holds, from its (folded) header. */
static enum cfield
guess_field(const char *folded)
{
	size_t i;

	for (i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (strcmp(folded, aliases[i].header) == 0)
			return aliases[i].field;
	if (strstr(folded, "fax") || strstr(folded, "type") ||
	    strstr(folded, "label"))
		return F_IGNORE;
	if (strstr(folded, "phone") || strstr(folded, "telephone") ||
	    strstr(folded, "portable") || strstr(folded, "mobile") ||
	    strncmp(folded, "tel_", 4) == 0)
		return F_PHONE;
	if (strstr(folded, "mail"))
		return F_EMAIL;
	return F_IGNORE;
}

static int
parse_field_name(const char *s, size_t n, enum cfield *f)
{
	size_t i;

	for (i = 0; i < sizeof field_names / sizeof field_names[0]; i++) {
		if (strlen(field_names[i]) == n &&
		    strncmp(field_names[i], s, n) == 0) {
			*f = (enum cfield)i;
			return 0;
		}
	}
	return -1;
}

/* Applies --map "HEADER=field,...". */
static int
apply_map(struct ts_contact_reader *r, const char *map, struct ts_error *err)
{
	const char *p = map, *comma, *eq;
	char header[128];
	enum cfield f;
	size_t i;
	int found;

	while (*p) {
		comma = strchr(p, ',');
		if (!comma)
			comma = p + strlen(p);
		eq = memchr(p, '=', (size_t)(comma - p));
		if (!eq)
			return ts_error_set(err, TS_EXIT_USAGE, "--map: "
			    "'%.*s' is not HEADER=field", (int)(comma - p), p);
		if (parse_field_name(eq + 1, (size_t)(comma - eq - 1), &f) < 0)
			return ts_error_set(err, TS_EXIT_USAGE, "--map: "
			    "unknown field '%.*s' (name, first_name, last_name,"
			    " company, phone, email, tags, note, id or -)",
			    (int)(comma - eq - 1), eq + 1);
		ts_copy_text(header, sizeof header, p, (size_t)(eq - p));
		for (found = 0, i = 0; i < r->ncols; i++) {
			if (strcmp(ts_reader_colname(r->csv, i), header) == 0) {
				r->cols[i].field = f;
				found = 1;
			}
		}
		if (!found)
			return ts_error_set(err, TS_EXIT_USAGE, "--map: no "
			    "column '%s' in the header", header);
		p = *comma ? comma + 1 : comma;
	}
	return 0;
}

/*
 * A spreadsheet in a French locale saves "CSV" with semicolons: when the
 * first line has more of them than commas, they separate the fields.
 */
static unsigned
csv_flags(const struct ts_buf *b)
{
	size_t i, commas = 0, semis = 0;

	for (i = 0; i < b->len && b->buf[i] != '\n'; i++) {
		commas += b->buf[i] == ',';
		semis += b->buf[i] == ';';
	}
	return semis > commas ? TS_READER_SEMICOLON : 0;
}

static int
csv_start(struct ts_contact_reader *r, FILE *in, const char *map,
    struct ts_error *err)
{
	char folded[128];
	size_t i;
	int useful = 0, first = 0;

	r->csv = ts_reader_new(in, r->source, csv_flags(&r->data), err);
	if (!r->csv)
		return -1;
	r->ncols = ts_reader_ncols(r->csv);
	r->cols = ts_xcalloc(r->ncols ? r->ncols : 1, sizeof *r->cols);
	for (i = 0; i < r->ncols; i++) {
		ts_rec_fold_name(ts_reader_colname(r->csv, i), folded,
		    sizeof folded);
		r->cols[i].field = guess_field(folded);
		first |= r->cols[i].field == F_FIRST;
		if (r->cols[i].field == F_PHONE)
			snprintf(r->cols[i].label, sizeof r->cols[i].label,
			    "%s", phone_label(folded));
	}
	/* "Nom" alone, with no "Prénom" beside it, is the whole name. */
	for (i = 0; i < r->ncols && !first; i++) {
		ts_rec_fold_name(ts_reader_colname(r->csv, i), folded,
		    sizeof folded);
		if (r->cols[i].field == F_LAST && strcmp(folded, "nom") == 0)
			r->cols[i].field = F_NAME;
	}
	if (map && apply_map(r, map, err) < 0)
		return -1;
	for (i = 0; i < r->ncols; i++)
		useful |= r->cols[i].field == F_NAME ||
		    r->cols[i].field == F_FIRST || r->cols[i].field == F_LAST ||
		    r->cols[i].field == F_PHONE || r->cols[i].field == F_EMAIL ||
		    r->cols[i].field == F_COMPANY;
	if (!useful)
		return ts_error_at(err, TS_EXIT_USAGE, r->source, 1, 0,
		    "no column for a name, a number or an e-mail in the "
		    "header; name them with --map");
	return 0;
}

static int
csv_bad(struct ts_contact_reader *r, const struct ts_rec *rec,
    struct ts_error *err, const char *msg, const char *col)
{
	ts_buf_reset(&r->reject);
	ts_buf_add(&r->reject, rec->raw, rec->rawlen);
	if (col)
		return ts_error_at(err, TS_EXIT_FAIL, r->source, rec->line, 0,
		    "%s in column '%s'", msg, col);
	return ts_error_at(err, TS_EXIT_FAIL, r->source, rec->line, 0, "%s",
	    msg);
}

/* A spreadsheet's empty row (only separators) is not a record. */
static int
all_empty(const struct ts_rec *rec)
{
	size_t i;

	for (i = 0; i < rec->n; i++)
		if (rec->len[i])
			return 0;
	return 1;
}

static int
csv_next(struct ts_contact_reader *r, struct ts_contact *c,
    struct ts_error *err)
{
	struct ts_rec rec;
	size_t i;
	int rc;

	ts_buf_reset(&r->reject);
	do {
		rc = ts_reader_next(r->csv, &rec, err);
		if (rc <= 0)
			return rc;
	} while (all_empty(&rec));
	contact_init(r, c);
	for (i = 0; i < rec.n && i < r->ncols; i++) {
		const char *v = rec.f[i];
		size_t n = rec.len[i];

		switch (r->cols[i].field) {
		case F_NAME:
			ts_copy_text(c->name, sizeof c->name, v, n);
			break;
		case F_FIRST:
			ts_copy_text(c->first_name, sizeof c->first_name, v, n);
			break;
		case F_LAST:
			ts_copy_text(c->last_name, sizeof c->last_name, v, n);
			break;
		case F_COMPANY:
			ts_copy_text(c->company, sizeof c->company, v, n);
			break;
		case F_EMAIL:
			if (!c->email[0])
				ts_copy_text(c->email, sizeof c->email, v, n);
			break;
		case F_TAGS:
			ts_contact_tags(v, n, c->tags, sizeof c->tags);
			break;
		case F_NOTE:
			ts_copy_text(c->note, sizeof c->note, v, n);
			break;
		case F_ID:
			ts_copy_text(c->ext_id, sizeof c->ext_id, v, n);
			break;
		case F_PHONE:
			if (add_phone(r, c, v, n, r->cols[i].label) < 0)
				return csv_bad(r, &rec, err, "not a telephone "
				    "number", ts_reader_colname(r->csv, i));
			break;
		default:
			break;
		}
	}
	complete_name(c);
	if (!c->name[0] && !c->nphones && !c->email[0])
		return csv_bad(r, &rec, err, "no name, number or e-mail", NULL);
	return 1;
}

/* ---- vCard ---- */

/* Reads one physical line into b (without its line end); 0 at EOF. */
static int
read_line(struct ts_contact_reader *r, struct ts_buf *b)
{
	int ch;

	ts_buf_reset(b);
	while ((ch = getc(r->in)) != EOF && ch != '\n')
		if (b->len < TS_READER_MAX_RECORD)
			ts_buf_addch(b, ch);
	if (ch == EOF && b->len == 0)
		return 0;
	if (b->len && b->buf[b->len - 1] == '\r')
		ts_buf_setlen(b, b->len - 1);
	r->line++;
	return 1;
}

/*
 * Reads one logical content line: physical lines that start with a space
 * or a tab continue the one before (RFC 6350 3.2), and a quoted-printable
 * line that ends with '=' goes on in the next.
 */
static int
read_content_line(struct ts_contact_reader *r, struct ts_buf *out,
    long *line)
{
	struct ts_buf next = TS_BUF_INIT;
	int qp;

	if (r->have_pending) {
		ts_buf_reset(out);
		ts_buf_add(out, r->pending.buf, r->pending.len);
		r->have_pending = 0;
		*line = r->line;
	} else {
		if (!read_line(r, out))
			return 0;
		*line = r->line;
	}
	for (;;) {
		qp = out->len && out->buf[out->len - 1] == '=' &&
		    has(out->buf, "QUOTED-PRINTABLE");
		if (!read_line(r, &next))
			break;
		if (next.len && (next.buf[0] == ' ' || next.buf[0] == '\t')) {
			ts_buf_add(out, next.buf + 1, next.len - 1);
		} else if (qp) {
			ts_buf_setlen(out, out->len - 1);
			ts_buf_add(out, next.buf, next.len);
		} else {
			ts_buf_reset(&r->pending);
			ts_buf_add(&r->pending, next.buf, next.len);
			r->have_pending = 1;
			break;
		}
	}
	ts_buf_release(&next);
	return 1;
}

static int
hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

/* Decodes a property value: quoted-printable and Latin-1 if the
 * parameters say so, then vCard escapes (\n \, \; \\). */
static void
decode_value(const char *params, const char *v, size_t n, struct ts_buf *out)
{
	struct ts_buf raw = TS_BUF_INIT;
	size_t i;
	int latin1 = has(params, "ISO-8859-1") || has(params, "WINDOWS-1252");
	int qp = has(params, "QUOTED-PRINTABLE");

	for (i = 0; i < n; i++) {
		if (qp && v[i] == '=' && i + 2 < n && hexval(v[i + 1]) >= 0 &&
		    hexval(v[i + 2]) >= 0) {
			ts_buf_addch(&raw, hexval(v[i + 1]) * 16 +
			    hexval(v[i + 2]));
			i += 2;
		} else {
			ts_buf_addch(&raw, v[i]);
		}
	}
	ts_buf_reset(out);
	for (i = 0; i < raw.len; i++) {
		unsigned char ch = (unsigned char)raw.buf[i];

		if (ch == '\\' && i + 1 < raw.len) {
			ch = (unsigned char)raw.buf[++i];
			ts_buf_addch(out, ch == 'n' || ch == 'N' ? '\n' : ch);
		} else if (latin1 && ch >= 0x80) {
			ts_buf_addch(out, 0xC0 | (ch >> 6));
			ts_buf_addch(out, 0x80 | (ch & 0x3F));
		} else {
			ts_buf_addch(out, ch);
		}
	}
	ts_buf_release(&raw);
}

/* The n-th ';'-separated component of a structured value (escapes
 * already removed is not possible here, so split the raw value). */
static void
component(const char *v, size_t n, int k, char *out, size_t size)
{
	size_t i = 0, start = 0;
	int idx = 0;

	for (; i <= n; i++) {
		if (i == n || (v[i] == ';' && (i == 0 || v[i - 1] != '\\'))) {
			if (idx == k) {
				struct ts_buf b = TS_BUF_INIT;

				decode_value(NULL, v + start, i - start, &b);
				ts_copy_text(out, size, b.buf, b.len);
				ts_buf_release(&b);
				return;
			}
			idx++;
			start = i + 1;
		}
	}
	out[0] = '\0';
}

static const char *
tel_label(const char *params)
{
	if (has(params, "CELL") || has(params, "MOBILE"))
		return "mobile";
	if (has(params, "WORK"))
		return "work";
	if (has(params, "HOME"))
		return "home";
	return "";
}

/* Applies one content line "[group.]NAME[;params]:value" to c. */
static int
vcard_property(struct ts_contact_reader *r, struct ts_contact *c, char *s)
{
	char *colon = strchr(s, ':'), *name = s, *params, *dot, *v;
	struct ts_buf val = TS_BUF_INIT;
	size_t n;
	int rc = 0;

	if (!colon)
		return 0;
	*colon = '\0';
	v = colon + 1;
	n = strlen(v);
	params = strchr(name, ';');
	if (params)
		*params++ = '\0';
	dot = strchr(name, '.');
	if (dot)
		name = dot + 1;
	if (strcasecmp(name, "N") == 0 && has(params, "QUOTED-PRINTABLE")) {
		decode_value(params, v, n, &val);
		component(val.buf, val.len, 0, c->last_name,
		    sizeof c->last_name);
		component(val.buf, val.len, 1, c->first_name,
		    sizeof c->first_name);
	} else if (strcasecmp(name, "N") == 0) {
		component(v, n, 0, c->last_name, sizeof c->last_name);
		component(v, n, 1, c->first_name, sizeof c->first_name);
	} else if (strcasecmp(name, "ORG") == 0) {
		component(v, n, 0, c->company, sizeof c->company);
	} else if (strcasecmp(name, "TEL") == 0) {
		char *ext = strstr(v, ";ext=");

		if (ext)
			*ext = '\0';
		rc = add_phone(r, c, v, strlen(v), tel_label(params));
	} else {
		decode_value(params, v, n, &val);
		if (strcasecmp(name, "FN") == 0)
			ts_copy_text(c->name, sizeof c->name, val.buf, val.len);
		else if (strcasecmp(name, "EMAIL") == 0 && !c->email[0])
			ts_copy_text(c->email, sizeof c->email, val.buf,
			    val.len);
		else if (strcasecmp(name, "UID") == 0)
			ts_copy_text(c->ext_id, sizeof c->ext_id, val.buf,
			    val.len);
		else if (strcasecmp(name, "NOTE") == 0)
			ts_copy_text(c->note, sizeof c->note, val.buf, val.len);
		else if (strcasecmp(name, "CATEGORIES") == 0)
			ts_contact_tags(val.buf, val.len, c->tags,
			    sizeof c->tags);
	}
	ts_buf_release(&val);
	return rc;
}

static int
vcard_bad(struct ts_contact_reader *r, long line, struct ts_error *err,
    const char *msg)
{
	ts_buf_reset(&r->reject);
	ts_buf_add(&r->reject, r->card.buf, r->card.len);
	return ts_error_at(err, TS_EXIT_FAIL, r->source, line, 0, "%s", msg);
}

static int
vcard_next(struct ts_contact_reader *r, struct ts_contact *c,
    struct ts_error *err)
{
	struct ts_buf l = TS_BUF_INIT;
	long line, start = 0;
	int in_card = 0, bad_tel = 0, rc = 0;

	ts_buf_reset(&r->card);
	while (read_content_line(r, &l, &line)) {
		if (!in_card) {
			if (strncasecmp(l.buf, "BEGIN:VCARD", 11) == 0) {
				in_card = 1;
				start = line;
				contact_init(r, c);
				ts_buf_addf(&r->card, "%s\n", l.buf);
			}
			continue;
		}
		ts_buf_addf(&r->card, "%s\n", l.buf);
		if (strncasecmp(l.buf, "END:VCARD", 9) == 0) {
			rc = 1;
			break;
		}
		if (vcard_property(r, c, l.buf) < 0)
			bad_tel = 1;
	}
	ts_buf_release(&l);
	if (in_card && !rc)
		return vcard_bad(r, start, err, "card without END:VCARD");
	if (!rc)
		return 0;
	if (bad_tel)
		return vcard_bad(r, start, err, "not a telephone number in TEL");
	complete_name(c);
	if (!c->name[0] && !c->nphones && !c->email[0])
		return vcard_bad(r, start, err, "no name, number or e-mail");
	return 1;
}

/* ---- the reader ---- */

/* Contact lists are read whole: the format is told from the first bytes,
 * and a pipe cannot be rewound. */
#define CONTACTS_MAX (256 << 20)

static int
slurp(struct ts_contact_reader *r, FILE *in, struct ts_error *err)
{
	char chunk[65536];
	size_t n;

	while ((n = fread(chunk, 1, sizeof chunk, in)) > 0) {
		if (r->data.len + n > CONTACTS_MAX)
			return ts_error_at(err, TS_EXIT_FAIL, r->source, 0, 0,
			    "larger than %d MiB: not a contact list",
			    CONTACTS_MAX >> 20);
		ts_buf_add(&r->data, chunk, n);
	}
	if (ferror(in))
		return ts_error_at(err, TS_EXIT_FAIL, r->source, 0, 0,
		    "read error");
	return 0;
}

static int
is_vcard(const struct ts_buf *b)
{
	size_t i = 0;

	if (b->len >= 3 && memcmp(b->buf, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < b->len && (b->buf[i] == ' ' || b->buf[i] == '\r' ||
	    b->buf[i] == '\n'))
		i++;
	return b->len - i >= 11 &&
	    strncasecmp(b->buf + i, "BEGIN:VCARD", 11) == 0;
}

struct ts_contact_reader *
ts_contact_reader_new(FILE *in, const char *source, const char *client,
    const struct ts_phone_country *country, const char *map,
    struct ts_error *err)
{
	struct ts_contact_reader *r = ts_xcalloc(1, sizeof *r);

	snprintf(r->source, sizeof r->source, "%s", source);
	snprintf(r->client, sizeof r->client, "%s", client);
	r->country = *country;
	ts_buf_init(&r->data);
	ts_buf_init(&r->pending);
	ts_buf_init(&r->card);
	ts_buf_init(&r->reject);
	if (slurp(r, in, err) < 0)
		goto fail;
	r->in = fmemopen(r->data.len ? r->data.buf : (char *)"", r->data.len,
	    "r");
	if (!r->in) {
		ts_error_set(err, TS_EXIT_FAIL, "cannot read '%s'", source);
		goto fail;
	}
	r->vcard = is_vcard(&r->data);
	if (r->vcard && map) {
		ts_error_set(err, TS_EXIT_USAGE, "--map applies to CSV files, "
		    "'%s' is a vCard file", source);
		goto fail;
	}
	if (!r->vcard && csv_start(r, r->in, map, err) < 0)
		goto fail;
	return r;
fail:
	ts_contact_reader_free(r);
	return NULL;
}

void
ts_contact_reader_free(struct ts_contact_reader *r)
{
	if (!r)
		return;
	if (r->csv)
		ts_reader_free(r->csv);
	if (r->in)
		fclose(r->in);
	free(r->cols);
	ts_buf_release(&r->data);
	ts_buf_release(&r->pending);
	ts_buf_release(&r->card);
	ts_buf_release(&r->reject);
	free(r);
}

int
ts_contact_next(struct ts_contact_reader *r, struct ts_contact *c,
    struct ts_error *err)
{
	return r->vcard ? vcard_next(r, c, err) : csv_next(r, c, err);
}

const char *
ts_contact_reject(const struct ts_contact_reader *r, size_t *len)
{
	*len = r->reject.len;
	return r->reject.buf;
}
