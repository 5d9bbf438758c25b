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
complete -c ts -f -n __fish_use_subcommand -a export -d "hand over a person's or a client's data"
complete -c ts -f -n __fish_use_subcommand -a purge -d 'retention, erasure, legal holds, audit'
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

# ts-export
complete -c ts-export -f -n __fish_use_subcommand -a subject -d "one person's data (GDPR art. 15, 20)"
complete -c ts-export -f -n __fish_use_subcommand -a client -d "a client's whole data (contract end)"
complete -c ts-export -f -n __fish_use_subcommand -a register -d 'draft record of processing (art. 30)'
complete -c ts-export -s c -l config -r -F -d 'configuration file'
complete -c ts-export -s d -l db -r -F -d 'store'
complete -c ts-export -s o -l output -x -a 'csv tsv json table' -d 'format of the candidates'
complete -c ts-export -s q -l quiet -d 'no summary'
complete -c ts-export -s h -l help -d 'print the usage'
complete -c ts-export -s V -l version -d 'print the version'
complete -c ts-export -l client -x -a '(__ts_clients)' -d 'client id'
complete -c ts-export -l confirm -x -d 'export a candidate found by name (class:id or all)'
complete -c ts-export -l dir -r -F -d 'write the bundle as this directory'
complete -c ts-export -l email -x -d 'an address of the person'
complete -c ts-export -l name -x -d 'a name of the person'
complete -c ts-export -l phone -x -d 'a number of the person'
complete -c ts-export -l ref -x -d 'request reference'
complete -c ts-export -l request-date -x -d 'date of the request'
complete -c ts-export -l tar -r -F -d 'write the bundle as this archive'

# ts-purge
complete -c ts-purge -f -n __fish_use_subcommand -a subject -d 'erase one person (GDPR art. 17)'
complete -c ts-purge -f -n __fish_use_subcommand -a client -d 'delete a client at contract end'
complete -c ts-purge -f -n __fish_use_subcommand -a hold -d 'set a legal hold on a person'
complete -c ts-purge -f -n __fish_use_subcommand -a release -d 'lift a legal hold'
complete -c ts-purge -f -n __fish_use_subcommand -a audit -d 'list the audit trail'
complete -c ts-purge -s c -l config -r -F -d 'configuration file'
complete -c ts-purge -s d -l db -r -F -d 'store'
complete -c ts-purge -s n -l dry-run -d 'count, delete nothing'
complete -c ts-purge -s o -l output -x -a 'csv tsv json table' -d 'output format'
complete -c ts-purge -s q -l quiet -d 'no summary'
complete -c ts-purge -s h -l help -d 'print the usage'
complete -c ts-purge -s V -l version -d 'print the version'
complete -c ts-purge -l client -x -a '(__ts_clients)' -d 'client id'
complete -c ts-purge -l email -x -d 'an address of the person'
complete -c ts-purge -l no-export -d 'delete a client never exported'
complete -c ts-purge -l phone -x -d 'a number of the person'
complete -c ts-purge -l ref -x -d 'request reference'
complete -c ts-purge -l request-date -x -d 'date of the request'
complete -c ts-purge -l since -x -d 'audit from'
complete -c ts-purge -l until -x -d 'audit before'
complete -c ts-purge -l vacuum -d 'rebuild the file after deleting'
