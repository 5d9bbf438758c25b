#!/bin/sh
# What every tool does the same way: -h, an unknown option, --version, a
# full stdout, the man page's SYNOPSIS against the usage text, each long
# option in the man page and in the bash, zsh and fish completions, and a
# place in ts(7).  A new tool is covered as soon as it is built.
. "$(dirname "$0")/lib.sh"

version=$(cat "$TS_ROOT/VERSION")
tools=$(cd "$TS_BUILD" && ls ts ts-* 2>/dev/null)
[ -n "$tools" ] || skip_all "no tools built in $TS_BUILD"

# opts_of TEXT_FILE: the options named in a usage text or a SYNOPSIS, one
# per line, sorted: -x for each letter of "[-nqv]", and --long.
opts_of() {
	sed 's/[][|]/ /g' "$1" | tr ' ' '\n' | sed -n \
	    -e 's/^\(--[a-z][a-z-]*\).*/\1/p' \
	    -e 's/^-\([a-zA-Z][a-zA-Z]*\)$/\1/p' |
	    while read -r o; do
		case $o in
		--*) echo "$o" ;;
		*) echo "$o" | fold -w1 | sed 's/^/-/' ;;
		esac
	    done | sort -u
}

# The long options a tool accepts, from its getopt_long table.
longopts_of() {
	sed -n '/struct option longopts/,/^};/p' "$TS_ROOT/cmd/$1.c" |
	    sed -n 's/^[[:space:]]*{ "\([a-z-]*\)".*/--\1/p' | sort -u
}

for t in $tools; do
	check_code "$t -h exits 0" 0 "$t" -h
	check_grep "$t -h prints the usage on stdout" '^usage: ' "$T/out"
	check_code "$t with an unknown option exits 2" 2 "$t" --no-such-option
	check_err "$t prints the usage on stderr for it" '^usage: '
	check_code "$t --version exits 0" 0 "$t" --version
	check_same "$t --version" "$t $version" "$(cat "$T/out")"
	"$t" --version >/dev/full 2>"$T/err"
	check_same "$t --version >/dev/full exits 1" 1 "$?"
	check_err "$t says write error" "^$t: write error"

	man=$TS_ROOT/man/$t.1
	if [ ! -f "$man" ]; then
		not_ok "$t has a man page"
		continue
	fi
	ok "$t has a man page"
	mandoc -Tascii "$man" 2>/dev/null | col -b >"$T/man.txt"
	sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' "$T/man.txt" >"$T/synopsis"
	"$t" -h >"$T/usage"
	opts_of "$T/usage" >"$T/u.opts"
	opts_of "$T/synopsis" >"$T/s.opts"
	if cmp -s "$T/u.opts" "$T/s.opts"; then
		ok "$t: SYNOPSIS and usage name the same options"
	else
		not_ok "$t: SYNOPSIS and usage name the same options"
		diff "$T/u.opts" "$T/s.opts" | sed 's/^/#   /'
	fi
	check_grep "$t has a place in ts(7)" "^\\.Xr $t 1" \
	    "$TS_ROOT/man/ts.7"
	missing=
	for o in $(longopts_of "$t"); do
		grep -q -- "$o" "$T/man.txt" || missing="$missing man:$o"
		sed -n "/^_ts_opts_$(echo "$t" | tr - _)=/,/'/p" \
		    "$TS_ROOT/completions/ts.bash" | grep -q -- "$o" ||
		    missing="$missing bash:$o"
		grep -q -- "$o" "$TS_ROOT/completions/_ts" ||
		    missing="$missing zsh:$o"
		grep -q -- "-c $t .*-l ${o#--}" "$TS_ROOT/completions/ts.fish" ||
		    missing="$missing fish:$o"
	done
	check_same "$t: every long option in the man page and completions" \
	    "" "$missing"
	grep -q "compdef.* $t\\b" "$TS_ROOT/completions/_ts"
	check_same "$t is in zsh's #compdef line" 0 "$?"
	grep -q "complete -F _ts_complete.* $t\\b" \
	    "$TS_ROOT/completions/ts.bash"
	check_same "$t is registered for bash completion" 0 "$?"
done

# The front command runs its siblings.
check_code "ts import -h runs ts-import" 0 ts import -h
check_grep "ts import -h prints ts-import's usage" '^usage: ts-import' \
    "$T/out"
check_code "ts nosuchtool exits 2" 2 ts nosuchtool
check_err "and says so" "unknown command 'nosuchtool'"
check "ts help lists the tools" ts help
check_grep "ts help names import" '^  import ' "$T/out"

if need_cmd zsh; then
	check "zsh completion parses" zsh -n "$TS_ROOT/completions/_ts"
else
	skip "zsh completion parses" "zsh is not installed"
fi
if need_cmd fish; then
	check "fish completion parses" fish -n "$TS_ROOT/completions/ts.fish"
else
	skip "fish completion parses" "fish is not installed"
fi
check "bash completion parses" bash -n "$TS_ROOT/completions/ts.bash"

# complete WORDS...: what bash completion offers for the last word.
complete_bash() {
	bash -c '. "$1/completions/ts.bash"; shift
	    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _ts_complete
	    printf "%s\n" "${COMPREPLY[@]}"' sh "$TS_ROOT" "$@" | sort | tr '\n' ' '
}
check_same "bash completes ts-import's commands" "calls contacts " \
    "$(complete_bash ts-import c)"
check_same "bash completes a long option" "--client --config " \
    "$(complete_bash ts-import contacts --c)"
check_same "bash completes the configuration's clients" \
    "cabinet-durand cabinet-moreau-avocats " \
    "$(TS_CONFIG=$TS_ROOT/examples/config.yaml complete_bash ts-import \
    contacts --client cab)"
check_same "bash completes through ts" "calls contacts " \
    "$(complete_bash ts import c)"

done_testing
