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

cp "$cfg" "$cfg.orig"
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

# A disk that cannot take the configuration: no half file that the next
# ts init would keep (the file is written aside, then linked).
# (ulimit -f 0 in a subshell whose stderr is a pipe: the message gets out.)
full=$T/full
check_code "ts init on a full disk exits 1" 1 sh -c "trap '' XFSZ
    { (ulimit -f 0; exec ts init -c '$full/c.yaml' -d '$full/s.db') 2>&1
      echo \$? >'$T/rc'; } | cat >&2
    exit \$(cat '$T/rc')"
check_err "and says it cannot write" "cannot write '$full/c.yaml'"
check_same "it leaves no configuration behind" "" "$(ls "$full")"
check "ts init again, with room" ts init -c "$full/c.yaml" -d "$full/s.db"
check_err "creates the configuration" "created the configuration"
check "which is whole" cmp -s "$full/c.yaml" "$cfg.orig"

done_testing
