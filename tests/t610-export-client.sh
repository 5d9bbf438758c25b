#!/bin/sh
# ts-export client (réversibilité) and register: every class of one
# client as CSV, JSON Lines and vCard, with README and manifest; a contact
# shared by two clients goes only with its client; the export is recorded
# for ts-purge client; the draft record of processing.
. "$(dirname "$0")/lib.sh"

D=$DATA/gdpr
E=$DATA/export
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

check "the lawyer's whole data" ts-export client \
    --client cabinet-moreau-avocats --ref FIN-2026-01 --dir "$T/moreau"
check_err "the summary" \
    'moreau written: calls 1, contacts 1, manifest sha256 [0-9a-f]{64}$'
check_same "one file per class and format" \
    "README.txt audit.csv audit.jsonl bookings.csv bookings.jsonl busy.csv busy.jsonl calls.csv calls.jsonl contacts.csv contacts.jsonl contacts.vcf deliveries.csv deliveries.jsonl escalations.csv escalations.jsonl manifest.json messages.csv messages.jsonl" \
    "$(cd "$T/moreau" && printf '%s ' -- * | sed 's/^-- //; s/ $//')"
check_out "calls.csv: its call only, neutralised" "$E/moreau-calls.csv" \
    cat "$T/moreau/calls.csv"
check_out "calls.jsonl: verbatim JSON Lines" "$E/moreau-calls.jsonl" \
    cat "$T/moreau/calls.jsonl"
check_out "contacts.vcf: vCard 4.0, CRLF, escaped" "$E/moreau.vcf" \
    cat "$T/moreau/contacts.vcf"
check_grep "the shared contact goes with this client's own note" \
    "Dossier prud'hommes" "$T/moreau/contacts.csv"
check "and not the practice's note" sh -c \
    "! grep -q 'rappelée le matin' '$T/moreau/contacts.csv'"
check_grep "README: restitution at contract end" \
    '^Restitution des données du client \(fin de contrat\)$' \
    "$T/moreau/README.txt"
check_grep "README: the defaults' controller is the client's name" \
    '^Responsable du traitement : Moreau & Associés, avocats$' \
    "$T/moreau/README.txt"
check "every line of JSON Lines parses" "$PY" -c '
import json, sys
for line in open(sys.argv[1]):
    json.loads(line)' "$T/moreau/calls.jsonl"
check "the manifest's digests" "$PY" -c '
import hashlib, json, os, sys
d = sys.argv[1]
m = json.load(open(os.path.join(d, "manifest.json")))
for f in m["files"]:
    data = open(os.path.join(d, f["name"]), "rb").read()
    assert hashlib.sha256(data).hexdigest() == f["sha256"], f["name"]
assert m["kind"] == "client"
assert [c for c in m["classes"]] == ["calls", "contacts", "bookings",
    "busy", "deliveries", "messages", "escalations", "audit"]' \
    "$T/moreau"

check "the practice, as an archive" ts-export -q client \
    --client cabinet-durand --tar "$T/durand.tar"
check_same "its calls, and the header" 10 \
    "$(tar -xOf "$T/durand.tar" durand/calls.csv | wc -l)"
check_same "tar(1) reads the same bytes the manifest describes" \
    "$(tar -xOf "$T/durand.tar" durand/manifest.json |
    sed -n 's/.*"name": "calls.csv".*"sha256": "\([0-9a-f]*\)".*/\1/p')" \
    "$(tar -xOf "$T/durand.tar" durand/calls.csv | sha256sum | cut -c1-64)"

check "the export is recorded in the audit" ts-purge audit \
    --client cabinet-moreau-avocats -o tsv
check_grep "one row per class" \
    'ts-export	[^	]*	export-client	cabinet-moreau-avocats	calls	1			FIN-2026-01	done' \
    "$T/out"

check_out "register: the draft record of processing" "$E/register.md" \
    ts-export register
check_code "register needs no store" 0 env TS_DB="$T/none.db" \
    ts-export register
check_same "and makes none" "" "$(ls "$T/none.db" 2>/dev/null)"
check_code "client without --client" 2 ts-export client --dir "$T/x"
check_code "an unknown command" 2 ts-export everything
check_code "no store" 1 env TS_DB="$T/none.db" ts-export client \
    --client cabinet-durand --dir "$T/x"
check_err "says so" "the store does not exist"

done_testing
