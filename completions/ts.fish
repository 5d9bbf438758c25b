# fish completion for ts and its tools.
# tests/t001-common.sh checks that every long option of every tool is here.

function __ts_clients
	set -l cfg $TS_CONFIG
	test -n "$cfg"; or set cfg (test -n "$XDG_CONFIG_HOME"; and echo $XDG_CONFIG_HOME; or echo ~/.config)/ts/config.yaml
	test -r $cfg; or return
	awk '/^clients:/ { c = 1; next } /^[^ #]/ { c = 0 }
	    c && /^  [a-z0-9][a-z0-9_-]*:/ { sub(/^  /, ""); sub(/:.*/, ""); print }' $cfg
end

function __ts_zones
	set -l dir /usr/share/zoneinfo
	test -n "$TZDIR"; and set dir $TZDIR
	test -d $dir; or return
	find $dir -type f -name '[A-Z]*' | sed "s|^$dir/||"
end

# ts
complete -c ts -f -n __fish_use_subcommand -a help -d 'list the tools'
complete -c ts -f -n __fish_use_subcommand -a init -d 'create a starter configuration and an empty store'
complete -c ts -f -n __fish_use_subcommand -a import -d 'load call records and contact lists'
complete -c ts -f -n __fish_use_subcommand -a route -d 'decide what to do with a call'
complete -c ts -s h -l help -d 'print the usage'
complete -c ts -s V -l version -d 'print the version'
complete -c ts -s c -l config -r -F -d 'configuration file'
complete -c ts -s d -l db -r -F -d 'store'

# ts-import
complete -c ts-import -f -n __fish_use_subcommand -a calls -d 'load call records'
complete -c ts-import -f -n __fish_use_subcommand -a contacts -d 'load a contact list'
complete -c ts-import -s c -l config -r -F -d 'configuration file'
complete -c ts-import -s d -l db -r -F -d 'store'
complete -c ts-import -s n -l dry-run -d 'store nothing'
complete -c ts-import -s q -l quiet -d 'no summary'
complete -c ts-import -s v -l verbose -d 'more detail'
complete -c ts-import -s h -l help -d 'print the usage'
complete -c ts-import -s V -l version -d 'print the version'
complete -c ts-import -l client -x -a '(__ts_clients)' -d 'client id'
complete -c ts-import -l from-sqlite -r -F -d 'Asterisk cdr_sqlite3 database'
complete -c ts-import -l input-format -x -a 'asterisk asterisk-custom asterisk-table queue-log queue-log-table freeswitch canonical' -d 'format of the input'
complete -c ts-import -l map -x -d 'CSV columns by hand: header=field,...'
complete -c ts-import -l merge-window -x -d 'how long legs of a call may come apart'
complete -c ts-import -l rejects -r -F -d 'keep rejected records'
complete -c ts-import -l source -x -d 'source name of the calls'
complete -c ts-import -l strict -d 'stop at the first bad record'
complete -c ts-import -l table -x -d 'table of the database'
complete -c ts-import -l tz -x -a '(__ts_zones)' -d 'zone of the times in the files'
complete -c ts-import -l utc -d 'times in the files are UTC'

# ts-route
complete -c ts-route -f -n __fish_use_subcommand -a agi -d 'answer an Asterisk dialplan (AGI)'
complete -c ts-route -f -n __fish_use_subcommand -a escalate -d 'move on the escalations that wait too long'
complete -c ts-route -f -n __fish_use_subcommand -a escalations -d 'list the open escalations'
complete -c ts-route -f -n __fish_use_subcommand -a ack -d 'acknowledge an escalation'
complete -c ts-route -f -n __fish_use_subcommand -a calendar -d 'the open, closed and on-call schedule'
complete -c ts-route -f -n __fish_use_subcommand -a sheet -d 'the call sheet for the secretary'
complete -c ts-route -s c -l config -r -F -d 'configuration file'
complete -c ts-route -s d -l db -r -F -d 'store'
complete -c ts-route -s n -l dry-run -d 'record no escalation'
complete -c ts-route -s o -l output -x -a 'csv tsv json table text html' -d 'output format'
complete -c ts-route -s q -l quiet -d 'no summary'
complete -c ts-route -s v -l verbose -d 'more detail'
complete -c ts-route -s h -l help -d 'print the usage'
complete -c ts-route -s V -l version -d 'print the version'
complete -c ts-route -l at -x -d 'when the call comes'
complete -c ts-route -l by -x -d 'who acknowledges'
complete -c ts-route -l caller -x -d 'the caller\'s number'
complete -c ts-route -l client -x -a '(__ts_clients)' -d 'client id'
complete -c ts-route -l days -x -d 'days the calendar shows'
complete -c ts-route -l did -x -d 'the number dialled'
complete -c ts-route -l explain -d 'say why, rule by rule'
complete -c ts-route -l from -x -d 'first day of the calendar'
complete -c ts-route -l input-format -x -a 'asterisk asterisk-custom asterisk-table queue-log queue-log-table freeswitch canonical' -d 'format of the input'
complete -c ts-route -l reason -x -a urgent -d 'why the caller calls'
complete -c ts-route -l rejects -r -F -d 'keep rejected records'
complete -c ts-route -l strict -d 'stop at the first bad record'
complete -c ts-route -l tz -x -a '(__ts_zones)' -d 'zone of the times in the files'
complete -c ts-route -l utc -d 'times in the files are UTC'
