#!/bin/sh
# examples/contract-end.sh - a client leaves: hand back all its data, check
# what was handed back, delete it, keep the certificate (GDPR art. 28(3)(g),
# the réversibilité of French contracts).
#
#	contract-end.sh CLIENT DIRECTORY
#
# Writes DIRECTORY/CLIENT.tar (every class as CSV, JSON Lines and vCard,
# README.txt, manifest.json with SHA-256 digests) and, once every digest
# checks, deletes the client from the store and writes the deletion
# certificate to DIRECTORY/certificat.csv.  Stops at the first failure
# with its exit status: 3 when ts-purge refuses (a legal hold).
# TS_CONFIG and TS_DB say which configuration and store, as for any tool.
set -eu

client=$1
dir=$2
umask 077
mkdir -p "$dir"

# 1. Export.
ts-export -q client --client "$client" --tar "$dir/$client.tar"

# 2. Check: every file of the archive against the manifest's digests.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tar -xf "$dir/$client.tar" -C "$tmp"
sed -n 's/.*"name": "\([^"]*\)".*"sha256": "\([0-9a-f]*\)".*/\2  \1/p' \
    "$tmp/$client/manifest.json" >"$tmp/sums"
test -s "$tmp/sums"
(cd "$tmp/$client" && sha256sum --quiet -c ../sums)

# 3. Delete, keeping the certificate (no personal data in it).
ts-purge client --client "$client" -o csv >"$dir/certificat.csv"
echo "$client: exported to $dir/$client.tar, deleted;" \
    "certificate in $dir/certificat.csv" >&2
