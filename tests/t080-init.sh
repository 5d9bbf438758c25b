#!/bin/sh
# ts init: a starter configuration and an empty store, never overwritten.
. "$(dirname "$0")/lib.sh"

cfg=$XDG_CONFIG_HOME/ts/config.yaml
db=$XDG_DATA_HOME/ts/ts.db

check "ts init on a new laptop" ts init
check_err "says it created the configuration" "created the configuration '$cfg'"
check_err "and the store" "created the store '$db'"
check_same "the configuration is 0600" "-rw-------" \
    "$(mode_of "$cfg")"
check_same "its directory is 0700" "drwx------" \
    "$(mode_of "$XDG_CONFIG_HOME/ts")"
check_same "the store is 0600" "-rw-------" "$(mode_of "$db")"
check "the starter configuration is valid" ts-import -n calls \
    "$DATA/import/ast16.csv"

echo "# mine" >>"$cfg"
check "ts init again" ts init
check_err "keeps the configuration" "kept the configuration"
check_err "and the store" "kept the store"
check_grep "the configuration is untouched" '^# mine$' "$cfg"

check "--config and --db choose the places" ts init -c "$T/x/c.yaml" \
    -d "$T/y/s.db"
check_same "both made" "yes yes" \
    "$([ -f "$T/x/c.yaml" ] && echo yes) $([ -f "$T/y/s.db" ] && echo yes)"
check_code "ts init with an operand exits 2" 2 ts init extra

done_testing
