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
complete -c ts -f -n __fish_use_subcommand -a kpi -d 'activity and service-level reports'
complete -c ts -f -n __fish_use_subcommand -a agenda -d 'bookings, free slots, iCalendar and CalDAV, reminders'
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

# ts-kpi
complete -c ts-kpi -f -n __fish_use_subcommand -a merge -d 'partial aggregates to a report'
complete -c ts-kpi -f -n __fish_use_subcommand -a lost -d 'unanswered calls and callbacks'
complete -c ts-kpi -f -n __fish_use_subcommand -a staffing -d 'agents needed (Erlang C, A)'
complete -c ts-kpi -f -n __fish_use_subcommand -a explain -d 'how one call was counted'
complete -c ts-kpi -s c -l config -r -F -d 'configuration file'
complete -c ts-kpi -s d -l db -r -F -d 'store'
complete -c ts-kpi -s o -l output -x -a 'csv tsv json table html' -d 'output format'
complete -c ts-kpi -s q -l quiet -d 'no warnings'
complete -c ts-kpi -s v -l verbose -d 'more detail'
complete -c ts-kpi -s h -l help -d 'print the usage'
complete -c ts-kpi -s V -l version -d 'print the version'
complete -c ts-kpi -l agents -x -d 'staffing: agents on duty'
complete -c ts-kpi -l aht -x -d 'staffing: average handle time'
complete -c ts-kpi -l by -x -a 'client did queue agent hour day week month weekday hour-of-day' -d 'group by'
complete -c ts-kpi -l calls -x -d 'staffing: calls per hour'
complete -c ts-kpi -l check -d 'compare with the contract targets'
complete -c ts-kpi -l client -x -a '(__ts_clients)' -d 'client id'
complete -c ts-kpi -l formula -x -a 'net-of-short answered offered answered-and-abandoned abandons-met late-abandons' -d 'service-level formula'
complete -c ts-kpi -l input-format -x -a 'asterisk asterisk-custom asterisk-table queue-log queue-log-table freeswitch canonical' -d 'format of the input'
complete -c ts-kpi -l lang -x -a 'en fr' -d 'labels of table and html'
complete -c ts-kpi -l merge-window -x -d 'how long legs of a call may come apart'
complete -c ts-kpi -l partial -d 'write mergeable aggregates'
complete -c ts-kpi -l patience -x -d 'staffing: mean patience, Erlang A'
complete -c ts-kpi -l period -x -a 'today yesterday this-week last-week this-month last-month this-year last-year' -d 'period'
complete -c ts-kpi -l print-settings -d 'write the settings'
complete -c ts-kpi -l rejects -r -F -d 'keep rejected records'
complete -c ts-kpi -l short-abandon -x -d 'S: short abandon'
complete -c ts-kpi -l since -x -d 'first time'
complete -c ts-kpi -l strict -d 'stop at the first bad record'
complete -c ts-kpi -l target -x -d 'staffing: service level to reach'
complete -c ts-kpi -l threshold -x -d 'T: service-level threshold'
complete -c ts-kpi -l tz -x -a '(__ts_zones)' -d 'zone of the times'
complete -c ts-kpi -l until -x -d 'end time'
complete -c ts-kpi -l utc -d 'times are UTC'
complete -c ts-kpi -l within -x -d 'lost: callback window'
complete -c ts-kpi -l wrap-up -x -d 'staffing: wrap-up time'

# ts-agenda
complete -c ts-agenda -f -n __fish_use_subcommand -a slots -d 'free slots'
complete -c ts-agenda -f -n __fish_use_subcommand -a book -d 'book a slot'
complete -c ts-agenda -f -n __fish_use_subcommand -a move -d 'move a booking'
complete -c ts-agenda -f -n __fish_use_subcommand -a cancel -d 'cancel a booking'
complete -c ts-agenda -f -n __fish_use_subcommand -a list -d 'list the bookings'
complete -c ts-agenda -f -n __fish_use_subcommand -a busy -d 'list the imported busy time'
complete -c ts-agenda -f -n __fish_use_subcommand -a show -d 'show a booking'
complete -c ts-agenda -f -n __fish_use_subcommand -a export -d 'write an iCalendar file'
complete -c ts-agenda -f -n __fish_use_subcommand -a import -d 'read a calendar as busy time'
complete -c ts-agenda -f -n __fish_use_subcommand -a sync -d 'synchronise with the CalDAV calendar'
complete -c ts-agenda -f -n __fish_use_subcommand -a remind -d 'write the reminders for ts-msg'
complete -c ts-agenda -s c -l config -r -F -d 'configuration file'
complete -c ts-agenda -s d -l db -r -F -d 'store'
complete -c ts-agenda -s n -l dry-run -d 'store nothing'
complete -c ts-agenda -s o -l output -x -a 'csv tsv json table' -d 'output format'
complete -c ts-agenda -s q -l quiet -d 'no summary'
complete -c ts-agenda -s v -l verbose -d 'more detail'
complete -c ts-agenda -s h -l help -d 'print the usage'
complete -c ts-agenda -s V -l version -d 'print the version'
complete -c ts-agenda -l at -x -d 'start of the appointment'
complete -c ts-agenda -l client -x -a '(__ts_clients)' -d 'client id'
complete -c ts-agenda -l confirm -d 'write the confirmation message'
complete -c ts-agenda -l days -x -d 'how many days of slots'
complete -c ts-agenda -l email -x -d 'the caller\'s e-mail address'
complete -c ts-agenda -l force -d 'outside the hours, notice or horizon'
complete -c ts-agenda -l from -x -d 'first day of the slots'
complete -c ts-agenda -l name -x -d 'the caller\'s name'
complete -c ts-agenda -l note -x -d 'a note for the client'
complete -c ts-agenda -l notify -d 'write the cancellation message'
complete -c ts-agenda -l phone -x -d 'the caller\'s number'
complete -c ts-agenda -l pull-only -d 'only read the calendar'
complete -c ts-agenda -l push-only -d 'only send the bookings'
complete -c ts-agenda -l since -x -d 'first start included'
complete -c ts-agenda -l source -x -d 'name of the imported busy time'
complete -c ts-agenda -l type -x -d 'appointment type'
complete -c ts-agenda -l until -x -d 'first start excluded'
complete -c ts-agenda -l url -x -d 'address of a published calendar'
complete -c ts-agenda -l within -x -d 'how far ahead reminders go'
