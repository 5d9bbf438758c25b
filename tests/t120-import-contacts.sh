#!/bin/sh
# ts-import contacts: French CSV (semicolons), Google's CSV export, vCard
# 2.1/3.0/4.0; upserts by external id or number; tags; --map; rejects.
. "$(dirname "$0")/lib.sh"

D=$DATA/import
TS_CONFIG=$D/config.yaml
TS_DB=$T/ts.db
export TS_CONFIG TS_DB

q() {
	sqlite3 "$TS_DB" "$1"
}

check_code "contacts of an unknown client exit 2" 2 \
    ts-import contacts --client nobody "$D/contacts-fr.csv"
check_err "naming it" "no client 'nobody'"

check_code "a French spreadsheet export with two bad rows" 1 \
    ts-import contacts --client cabinet-a "$D/contacts-fr.csv"
check_err "the short number is named by line and column" \
    "contacts-fr.csv:6: not a telephone number in column 'Téléphone fixe'$"
check_err "4 stored, 1 rejected (the empty row is skipped)" \
    '4 contacts: 4 added, 0 updated, 0 already there; 1 rejected$'
check_same "Nom and Prénom make the name" "Anne Lefèvre" \
    "$(q "select name from contacts where last_name = 'Lefèvre'")"
check_same "numbers to E.164 with their kind" \
    "+33145678900:home +33611223344:mobile" \
    "$(q "select group_concat(phone || ':' || label, ' ') from
	(select * from contact_phones join contacts on contact = id
	 where last_name = 'Lefèvre' order by phone)")"
check_same "a quoted field holds the semicolon; tags folded" \
    "vip,patiente" "$(q "select tags from contacts where first_name = 'Anne'")"
check_same "+33 (0)1 ... is read" "+33140000001" \
    "$(q "select phone from contact_phones join contacts on contact = id
	where last_name = 'Martin'")"
check_same "accents folded out of tags" "bloque" \
    "$(q "select tags from contacts where last_name = 'Dupré'")"

check_code "the same file again" 1 ts-import contacts --client cabinet-a \
    "$D/contacts-fr.csv"
check_grep "is already there" '4 contacts: 0 added, 0 updated, 4 already there' \
    "$T/err"

check "Google's CSV export" ts-import contacts --client cabinet-a \
    "$D/contacts-google.csv"
check_grep "Anne is found by her numbers (unchanged), the firm added" \
    '2 contacts: 1 added, 0 updated, 1 already there' "$T/err"
check_same "Google's system group is not a tag" "vip,patiente" \
    "$(q "select tags from contacts where first_name = 'Anne'")"

check_code "vCards 2.1, 3.0 and 4.0, one with a bad number" 1 \
    ts-import contacts --client cabinet-a "$D/contacts.vcf"
check_err "the bad card is named by its BEGIN line" \
    "contacts.vcf:25: not a telephone number in TEL$"
check_same "the 3.0 card's UID is kept" \
    "urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1" \
    "$(q "select ext_id from contacts where first_name = 'Anne'")"
check_same "escapes and newlines in NOTE" \
    "Préfère être rappelée le matin, avant 10h.|Allergique" \
    "$(q "select substr(replace(note, char(10), '|'), 1, 53) from contacts
	where first_name = 'Anne'")"
check_same "a folded 4.0 line, tel: URIs, ;ext= dropped" \
    "Société Dupont Plomberie|+33144000004 +33612345099" \
    "$(q "select name, group_concat(phone, ' ') from contacts join
	contact_phones on contact = id where company = 'Dupont Plomberie'
	group by id")"
check_same "2.1 quoted-printable Latin-1 joins Hélène by her number" \
    "1|Hélène" "$(q "select count(*), first_name from contacts
	where last_name = 'Dupré'")"

# Two clients with the same number stay apart.
check "the same list for another client" ts-import contacts \
    --client cabinet-b "$D/contacts-google.csv"
check_same "is stored apart" 2 \
    "$(q "select count(*) from contacts where client = 'cabinet-b'")"

# --map names an odd column.
printf 'Qui,Ligne directe\nDr Brun,01 47 00 00 00\n' >"$T/odd.csv"
check_code "a header with no known column exits 2" 2 \
    ts-import contacts --client cabinet-b "$T/odd.csv"
check_err "and suggests --map" "name them with --map"
check "--map names them" ts-import contacts --client cabinet-b \
    --map 'Qui=name,Ligne directe=phone' "$T/odd.csv"
check_same "Dr Brun stored" "+33147000000" \
    "$(q "select phone from contact_phones join contacts on contact = id
	where name = 'Dr Brun'")"
check_code "--map with an unknown field exits 2" 2 ts-import contacts \
    --client cabinet-b --map 'Qui=nom' "$T/odd.csv"
check_code "--map with an unknown column exits 2" 2 ts-import contacts \
    --client cabinet-b --map 'Nom=name' "$T/odd.csv"
check_code "--strict stops at the bad row" 1 ts-import contacts \
    --client cabinet-b --strict --db "$T/strict.db" "$D/contacts-fr.csv"
check_same "and stores nothing" 0 \
    "$(sqlite3 "$T/strict.db" 'select count(*) from contacts')"
if grep -q -e Lefèvre -e 0123 "$T/err"; then
	not_ok "no name or number in the messages"
else
	ok "no name or number in the messages"
fi

done_testing
