#!/bin/sh
# ts-export subject: one person of one client, found by a number written
# five ways, an address in another case and an accent-free name; records
# found by name only are candidates; the bundle's files, modes, manifest
# digests, README; CSV formula neutralisation; --tar; errors without
# personal data; the audit row.
. "$(dirname "$0")/lib.sh"

D=$DATA/gdpr
E=$DATA/export
TS_CONFIG=$TS_ROOT/examples/config.yaml
TS_DB=$T/ts.db
export TS_CONFIG TS_DB

fill() {
	ts-import -q calls "$D/calls.csv" &&
	    ts-agenda -q book --client cabinet-durand --at '2026-11-24 10:00' \
	    --name 'Hélène DUPRÉ' --phone '06 12 34 56 78' \
	    --email Helene.Dupre@Example.fr --note 'Renouvellement urgent' \
	    >/dev/null &&
	    ts-import -q contacts --client cabinet-durand \
	    "$D/contacts-durand.csv" &&
	    ts-import -q contacts --client cabinet-moreau-avocats \
	    "$D/contacts-moreau.csv"
}
check "the store is filled by ts-import" fill

# no_pd FILE: FILE holds none of the person's data.
no_pd() {
	! grep -a -i -E 'dupr|h.l.ne|612345678|12 34 56 78|example\.fr' "$1"
}

check_out "candidates by name only on stdout, not exported" \
    "$E/candidates.csv" ts-export subject --client cabinet-durand \
    --phone '06 12 34 56 78' --email Helene.Dupre@Example.FR \
    --name 'HÉLÈNE dupré' --ref DEM-42 --request-date 2026-11-20 \
    --dir "$T/b1"
check_err "the summary counts per class" \
    'b1 written: calls 5, contacts 1, bookings 1, manifest sha256 [0-9a-f]{64}$'
check_err "and says one record waits for confirmation" \
    '1 record found by name only not exported'
sha=$(sed -n 's/.*manifest sha256 //p' "$T/err")
check "no personal data on stderr" no_pd "$T/err"
check_same "the bundle's files, owner only" \
    "700 . 600 README.txt 600 bookings.csv 600 bookings.ics 600 calls.csv 600 contacts.csv 600 data.json 600 manifest.json" \
    "$(cd "$T/b1" && stat -c '%a %n' . -- * | tr '\n' ' ' | sed 's/ $//')"
check_out "calls: the number written five ways is one; the lawyer's call \
and the name-only call are not there; cells neutralised" "$E/calls.csv" \
    cat "$T/b1/calls.csv"
check_out "contacts: the practice's card only" "$E/contacts.csv" \
    cat "$T/b1/contacts.csv"
check_grep "her appointment, booked with ts-agenda" \
    "^[^,]*@ts-agenda,0,confirmed,consultation,2026-11-24T10:00:00\\+01:00,.*,Hélène DUPRÉ,'\\+33612345678,Helene.Dupre@Example.fr,Renouvellement urgent," \
    "$T/b1/bookings.csv"
check_grep "and as iCalendar, by ts-agenda's writer, in the client's zone" \
    '^DTSTART;TZID=Europe/Paris:20261124T100000' "$T/b1/bookings.ics"
check_same "one event" 1 "$(grep -c '^BEGIN:VEVENT' "$T/b1/bookings.ics")"
check "data.json is JSON" "$PY" -c \
    'import json, sys; json.load(open(sys.argv[1]))' "$T/b1/data.json"
check_grep "JSON keeps the number verbatim" '"caller": "\+33612345678"' \
    "$T/b1/data.json"
check_grep "JSON describes each field" \
    '"name": "caller", "type": "phone", "description": ' "$T/b1/data.json"
check_grep "and the request's date" '"request_date": "2026-11-20"' \
    "$T/b1/data.json"

manifest_ok() {
	"$PY" - "$1" <<'PYEOF'
import hashlib, json, os, sys
d = sys.argv[1]
m = json.load(open(os.path.join(d, "manifest.json")))
names = sorted(f["name"] for f in m["files"])
assert names == sorted(n for n in os.listdir(d) if n != "manifest.json"), names
for f in m["files"]:
    data = open(os.path.join(d, f["name"]), "rb").read()
    assert hashlib.sha256(data).hexdigest() == f["sha256"], f["name"]
    assert len(data) == f["bytes"], f["name"]
assert m["kind"] == "subject" and m["client"] == "cabinet-durand"
assert m["classes"]["calls"]["records"] == 5
PYEOF
}
check "the manifest lists every file with its SHA-256 and size" \
    manifest_ok "$T/b1"
check_same "the manifest's digest is the one printed" "$sha" \
    "$(sha256sum "$T/b1/manifest.json" | cut -c1-64)"
check "file names hold no personal data" sh -c \
    "ls '$T/b1' | grep -v -i -E 'dupr|612345678|helene' >/dev/null"
check_grep "README: the controller from the client's privacy settings" \
    '^Responsable du traitement : Dr Paul Durand, 12 rue des Lilas' \
    "$T/b1/README.txt"
check_grep "README: the client's retention for calls" \
    '^  - appels reçus : 1 an à compter de l.appel$' "$T/b1/README.txt"
check_grep "README: where to exercise one's rights" \
    'rgpd@cabinet-durand.example' "$T/b1/README.txt"
check_grep "README: the CNIL" 'réclamation auprès de la CNIL' \
    "$T/b1/README.txt"
check_grep "README: the reference" '^Référence : DEM-42$' "$T/b1/README.txt"

check_out "a number of her card that was not given finds a candidate" \
    "$E/candidates.csv" ts-export -q subject --client cabinet-durand \
    --phone 0612345678 --dir "$T/b6"
check_same "not exported" 6 "$(wc -l <"$T/b6/calls.csv")"

check "--confirm adds the candidate" ts-export -q subject \
    --client cabinet-durand --phone 0612345678 --name 'helene DUPRE' \
    --confirm calls:6 --dir "$T/b2"
check_same "6 calls now" 7 "$(wc -l <"$T/b2/calls.csv")"
check_same "nothing left on stdout" "candidate,class,time,name,phone,email" \
    "$(cat "$T/out")"
check "--confirm all" ts-export -q subject --client cabinet-durand \
    --name 'Dupré' --confirm all --dir "$T/b3"
check_same "every Dupré, not Dupréau" "g-01 g-02 g-04 g-06" \
    "$(tail -n +2 "$T/b3/calls.csv" | cut -d, -f1 | tr '\n' ' ' |
    sed 's/ $//')"

check "a subject of the plumber" ts-export -q subject \
    --client dupont-plomberie --phone '06 11 11 11 11' --dir "$T/b4"
check_grep "a formula in a caller's name is neutralised in CSV" \
    "^g-10,.*,\"'=HYPERLINK" "$T/b4/calls.csv"
check_grep "and verbatim in JSON" '"caller_name": "=HYPERLINK' \
    "$T/b4/data.json"

check "--tar writes one archive" ts-export -q subject \
    --client cabinet-durand --phone 0612345678 --tar "$T/dem-42.tar"
check_same "ustar, the files under one directory" \
    "dem-42/ dem-42/calls.csv dem-42/contacts.csv dem-42/bookings.csv dem-42/bookings.ics dem-42/data.json dem-42/README.txt dem-42/manifest.json" \
    "$(tar -tf "$T/dem-42.tar" | tr '\n' ' ' | sed 's/ $//')"
check_same "the archive is the owner's only" 600 \
    "$(stat -c %a "$T/dem-42.tar")"
check_same "members are 0600" "-rw-------" \
    "$(tar -tvf "$T/dem-42.tar" | sed -n 2p | cut -c1-10)"
mkdir -p "$T/x"
check "it extracts" tar -xf "$T/dem-42.tar" -C "$T/x"
check "with the same digests" manifest_ok "$T/x/dem-42"

check_code "an existing target is refused" 1 ts-export subject \
    --client cabinet-durand --phone 0612345678 --dir "$T/b1"
check_err "naming it" "'.*/b1' already exists"
check_code "without an identifier" 2 ts-export subject \
    --client cabinet-durand --dir "$T/b5"
check_code "an unknown client" 2 ts-export subject --client nobody \
    --phone 0612345678 --dir "$T/b5"
check_code "a number that is not one" 2 ts-export subject \
    --client cabinet-durand --phone 'Hélène' --dir "$T/b5"
check "the message does not repeat it" no_pd "$T/err"
check_code "a reference that looks like a number" 2 ts-export subject \
    --client cabinet-durand --phone 0612345678 --ref 0612345678 \
    --dir "$T/b5"
check "nor that one" no_pd "$T/err"
check_code "neither --dir nor --tar" 2 ts-export subject \
    --client cabinet-durand --phone 0612345678
check_same "nothing was written by the failures" "" \
    "$(ls -d "$T"/b5* 2>/dev/null)"

check "the audit keeps the export, with the request's date" \
    ts-purge audit --client cabinet-durand
check_grep "one row per class, no personal data" \
    '^2026-11-23T09:00:00\+01:00,ts-export,[^,]*,export-subject,cabinet-durand,calls,5,,2026-11-20T00:00:00\+01:00,DEM-42,done$' \
    "$T/out"
check "the audit has no personal data" no_pd "$T/out"

done_testing
