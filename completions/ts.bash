# bash completion for ts and its tools.  Installed once per tool name
# (bash-completion loads completions by command name).
#
# Each tool has a line of long options and, where it has them, commands.
# tests/t001-common.sh checks that every long option of every tool is here.

_ts_opts_ts='--config --db --help --version'
_ts_cmds_ts='help init import kpi agenda route msg export purge'
_ts_opts_ts_import='--client --config --db --dry-run --from-sqlite --help
    --input-format --map --merge-window --quiet --rejects --source --strict
    --table --tz --utc --verbose --version'
_ts_cmds_ts_import='calls contacts'
_ts_opts_ts_route='--at --by --caller --client --config --days --db --did
    --dry-run --explain --from --help --input-format --output --quiet
    --reason --rejects --strict --tz --utc --verbose --version'
_ts_cmds_ts_route='agi escalate escalations ack calendar sheet'
_ts_opts_ts_msg='--all --body --call-id --caller --client --config --db
    --delivery --dry-run --email --help --interval --kind --limit --name
    --no-reuse --notify --output --period --phone --quiet --reason --ref
    --rejects --since --start --status --strict --subject --taken-by --tz
    --until --urgent --utc --verbose --version --watch'
_ts_cmds_ts_msg='add send list show status retry cancel'
_ts_opts_ts_kpi='--agents --aht --by --calls --check --client --config --db
    --formula --help --input-format --lang --merge-window --output
    --partial --patience --period --print-settings --quiet --rejects
    --short-abandon --since --strict --target --threshold --tz --until --utc
    --verbose --version --within --wrap-up'
_ts_cmds_ts_kpi='merge lost staffing explain'
_ts_opts_ts_agenda='--at --client --config --confirm --days --db --dry-run
    --email --force --from --help --name --note --notify --output --phone
    --pull-only --push-only --quiet --since --source --type --until --url
    --verbose --version --within'
_ts_cmds_ts_agenda='slots book move cancel list busy show export import sync
    remind'
_ts_opts_ts_export='--client --config --confirm --db --dir --email --help
    --name --output --phone --quiet --ref --request-date --tar --version'
_ts_cmds_ts_export='subject client register'
_ts_opts_ts_purge='--client --config --db --dry-run --email --help
    --no-export --output --phone --quiet --ref --request-date --since
    --until --vacuum --version'
_ts_cmds_ts_purge='subject client hold release audit'

# The client ids of the configuration (keys under "clients:").
_ts_clients() {
	local cfg=${TS_CONFIG:-${XDG_CONFIG_HOME:-$HOME/.config}/ts/config.yaml}
	local i
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-c|--config) cfg=${COMP_WORDS[i + 1]} ;;
		esac
	done
	[[ -r $cfg ]] || return
	awk '/^clients:/ { in_c = 1; next }
	    /^[^ #]/ { in_c = 0 }
	    in_c && /^  [a-z0-9][a-z0-9_-]*:/ { sub(/^  /, ""); sub(/:.*/, ""); print }' \
	    "$cfg"
}

_ts_zones() {
	local dir=${TZDIR:-/usr/share/zoneinfo}
	[[ -d $dir ]] || return
	(cd "$dir" && find . -type f -name '[A-Z]*' | sed 's|^\./||' |
	    grep -v -e '^posix' -e '^right')
}

_ts_complete() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
	local tool=${COMP_WORDS[0]##*/} first=1 opts cmds var
	if [[ $tool == ts && $COMP_CWORD -gt 1 && ${COMP_WORDS[1]} != -* &&
	    ${COMP_WORDS[1]} != init && ${COMP_WORDS[1]} != help ]]; then
		tool=ts-${COMP_WORDS[1]}
		first=2
	fi
	var=_ts_opts_${tool//-/_}
	opts=${!var}
	var=_ts_cmds_${tool//-/_}
	cmds=${!var}
	case $prev in
	-c|--config|-d|--db|--rejects|--from-sqlite|--dir|--tar)
		mapfile -t COMPREPLY < <(compgen -f -- "$cur"); return ;;
	--client)
		mapfile -t COMPREPLY < <(compgen -W "$(_ts_clients)" -- "$cur")
		return ;;
	--tz)
		mapfile -t COMPREPLY < <(compgen -W "$(_ts_zones)" -- "$cur")
		return ;;
	--input-format)
		mapfile -t COMPREPLY < <(compgen -W "asterisk asterisk-custom
		    asterisk-table queue-log queue-log-table freeswitch
		    canonical" -- "$cur")
		return ;;
	-o|--output)
		mapfile -t COMPREPLY < <(compgen -W "csv tsv json table" -- "$cur")
		return ;;
	--kind)
		mapfile -t COMPREPLY < <(compgen -W "message reminder
		    confirmation" -- "$cur")
		return ;;
	--status)
		mapfile -t COMPREPLY < <(compgen -W "pending sent failed dead
		    cancelled" -- "$cur")
		return ;;
	--map|--merge-window|--source|--table|--ref|--request-date|--confirm)
		return ;;
	--at|--days|--email|--from|--name|--note|--phone|--since|--type|\
	--until|--url|--within)
		return ;;
	--by|--caller|--did|--reason)
		return ;;
	esac
	if [[ $COMP_CWORD -eq $first && -n $cmds && $cur != -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$cmds" -- "$cur")
	elif [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
	else
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
	fi
}

complete -F _ts_complete ts ts-import ts-kpi ts-agenda ts-route ts-msg ts-export ts-purge
