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
complete -c ts -f -n __fish_use_subcommand -a msg -d 'take messages and deliver them'
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

# ts-msg
complete -c ts-msg -f -n __fish_use_subcommand -a add -d 'store a message and queue its deliveries'
complete -c ts-msg -f -n __fish_use_subcommand -a send -d 'deliver what is due'
complete -c ts-msg -f -n __fish_use_subcommand -a list -d 'list messages'
complete -c ts-msg -f -n __fish_use_subcommand -a show -d 'show one message'
complete -c ts-msg -f -n __fish_use_subcommand -a status -d 'the outbox'
complete -c ts-msg -f -n __fish_use_subcommand -a retry -d 'send again'
complete -c ts-msg -f -n __fish_use_subcommand -a cancel -d 'cancel pending deliveries'
complete -c ts-msg -s c -l config -r -F -d 'configuration file'
complete -c ts-msg -s d -l db -r -F -d 'store'
complete -c ts-msg -s n -l dry-run -d 'store or send nothing'
complete -c ts-msg -s o -l output -x -a 'csv tsv json table' -d 'output format'
complete -c ts-msg -s q -l quiet -d 'no summary'
complete -c ts-msg -s v -l verbose -d 'more detail'
complete -c ts-msg -s h -l help -d 'print the usage'
complete -c ts-msg -s V -l version -d 'print the version'
complete -c ts-msg -l all -d 'every delivery, sent ones too'
complete -c ts-msg -l body -x -d 'the message'
complete -c ts-msg -l call-id -x -d 'the call it is about'
complete -c ts-msg -l caller -x -d 'caller number'
complete -c ts-msg -l phone -x -d 'caller number'
complete -c ts-msg -l client -x -a '(__ts_clients)' -d 'client id'
complete -c ts-msg -l delivery -d 'the id is a delivery'
complete -c ts-msg -l email -x -d 'caller e-mail address'
complete -c ts-msg -l interval -x -d 'between two rounds of --watch'
complete -c ts-msg -l kind -x -a 'message reminder confirmation' -d 'kind of message'
complete -c ts-msg -l limit -x -d 'deliveries at most'
complete -c ts-msg -l name -x -d 'caller name'
complete -c ts-msg -l no-reuse -d 'one SMTP connection per message'
complete -c ts-msg -l notify -x -d 'recipients'
complete -c ts-msg -l period -x -d 'period'
complete -c ts-msg -l reason -x -d 'why it is urgent'
complete -c ts-msg -l ref -x -d 'idempotency key'
complete -c ts-msg -l rejects -r -F -d 'keep rejected records'
complete -c ts-msg -l since -x -d 'from'
complete -c ts-msg -l start -x -d 'time of the call or appointment'
complete -c ts-msg -l status -x -a 'pending sent failed dead cancelled' -d 'status'
complete -c ts-msg -l strict -d 'stop at the first bad record'
complete -c ts-msg -l subject -x -d 'subject'
complete -c ts-msg -l taken-by -x -d 'who took it'
complete -c ts-msg -l tz -x -a '(__ts_zones)' -d 'zone of times'
complete -c ts-msg -l until -x -d 'until'
complete -c ts-msg -l urgent -d 'send at once, to the urgent recipients'
complete -c ts-msg -l utc -d 'times in UTC'
complete -c ts-msg -l watch -d 'keep sending'
