#!/bin/sh
# ts-purge client, at contract end: refused without an export made since
# the client's data last changed (or --no-export); the certificate ties
# the deletion to the export's manifest; the other clients, and the audit,
# stay; a client under legal hold is refused.  The contract-end script of
# examples/ runs the whole sequence.
. "$(dirname "$0")/lib.sh"

D=$DATA/gdpr
E=$DATA/purge
TS_CONFIG=$TS_ROOT/examples/config.yaml
TS_DB=$T/ts.db
export TS_CONFIG TS_DB

fill() {
	ts-import -q calls "$D/calls.csv" &&
	    ts-import -q contacts --client cabinet-durand \
	    "$D/contacts-durand.csv" &&
	    ts-import -q contacts --client cabinet-moreau-avocats \
	    "$D/contacts-moreau.csv"
}
check "the store is filled by ts-import" fill
q() {
	sqlite3 "$TS_DB" "$1"
}

check_code "never exported: refused" 3 ts-purge client \
    --client cabinet-moreau-avocats
check_err "saying what to do" \
    "client 'cabinet-moreau-avocats' was never exported: run 'ts-export client' first, or give --no-export"
check "the export" ts-export -q client --client cabinet-moreau-avocats \
    --tar "$T/moreau.tar"
sha=$(tar -xOf "$T/moreau.tar" moreau/manifest.json | sha256sum | cut -c1-64)

check "a change after the export" env TS_NOW=2026-11-23T10:00:00+01:00 \
    ts-import -q contacts --client cabinet-moreau-avocats \
    "$D/contacts-durand.csv"
check_code "is refused" 3 env TS_NOW=2026-11-23T10:05:00+01:00 ts-purge \
    client --client cabinet-moreau-avocats
check_err "saying so" \
    "client 'cabinet-moreau-avocats' changed since its last export"
check "exported again" env TS_NOW=2026-11-23T10:10:00+01:00 ts-export -q \
    client --client cabinet-moreau-avocats --tar "$T/moreau2.tar"
sha=$(tar -xOf "$T/moreau2.tar" moreau2/manifest.json | sha256sum |
    cut -c1-64)
check "--dry-run" env TS_NOW=2026-11-23T10:15:00+01:00 ts-purge -n client \
    --client cabinet-moreau-avocats
check_same "deletes nothing" 2 \
    "$(q "select count(*) from contacts where client = 'cabinet-moreau-avocats'")"
check "the deletion" env TS_NOW=2026-11-23T10:15:00+01:00 ts-purge \
    client --client cabinet-moreau-avocats --ref FIN-2026-01
sed -e "s/@SHA@/$sha/" -e "s/@VERSION@/$(cat "$TS_ROOT/VERSION")/" \
    "$E/certificate.csv" >"$T/certificate.csv"
check_same "the certificate: classes, counts, dates, the export's manifest" \
    "$(cat "$T/certificate.csv")" "$(cat "$T/out")"
check "and no personal data in it" sh -c \
    "! grep -a -i -E 'dupr|612345678|example|martin' '$T/out'"
check_same "nothing of the client is left" "0 0 0" \
    "$(q "select (select count(*) from calls
	where client = 'cabinet-moreau-avocats'),
	(select count(*) from contacts where client = 'cabinet-moreau-avocats'),
	(select count(*) from contact_phones
	where client = 'cabinet-moreau-avocats')" | tr '|' ' ')"
check_same "the practice keeps the same patient, her card and calls" "1 5" \
    "$(q "select (select count(*) from contacts where client = 'cabinet-durand'
	and last_name = 'Dupré'), (select count(*) from calls
	where client = 'cabinet-durand' and caller = '+33612345678')" |
    tr '|' ' ')"
check_same "the audit of the client stays, one row per class: it is the proof" 7 \
    "$(q "select count(*) from audit where client = 'cabinet-moreau-avocats'
	and command = 'client'")"

check "--no-export deletes what was never exported" ts-purge -q client \
    --client dupont-plomberie --no-export
check_same "the plumber's calls" 0 \
    "$(q "select count(*) from calls where client = 'dupont-plomberie'")"

check "a legal hold on one of the practice's patients" ts-purge -q hold \
    --client cabinet-durand --phone 0698765432
check_code "refuses the client's deletion" 3 ts-purge client \
    --client cabinet-durand --no-export
check_err "saying why" "client 'cabinet-durand' has 1 legal holds"

check_code "the contract-end script (export, check, delete) stops on it" 3 env TS_NOW=2026-11-23T11:00:00+01:00 \
    sh "$TS_ROOT/examples/contract-end.sh" cabinet-durand "$T/end2"
check "once released" ts-purge -q release --client cabinet-durand \
    --phone 0698765432
check "it goes through" env TS_NOW=2026-11-23T11:10:00+01:00 \
    sh "$TS_ROOT/examples/contract-end.sh" cabinet-durand "$T/end3"
check "with the archive and the certificate" test -s \
    "$T/end3/cabinet-durand.tar" -a -s "$T/end3/certificat.csv"
check_same "and the practice is gone" 0 \
    "$(q "select count(*) from calls where client = 'cabinet-durand'")"

done_testing
