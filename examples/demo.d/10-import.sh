# ts-import: two weeks of calls and a patient list (sourced by demo.sh).
# shellcheck disable=SC2154

step "Two weeks of calls on the agency's four lines (Asterisk Master.csv)"
"$build/tests/gencdr" --rows 3000 --dids 4 --days 14 --start 2026-11-09 \
    --callers 400 --legs 0.05 --seed 7 >"$work/Master.csv"
head -n 2 "$work/Master.csv"
echo "... $(wc -l <"$work/Master.csv") rows"


step "ts import calls: legs merged, each call given its client"
ts import calls "$work/Master.csv"

step "Importing the same file again adds nothing"
ts import calls "$work/Master.csv"

step "ts import contacts: the practice's patients, from a French spreadsheet"
ts import contacts --client cabinet-durand "$root/examples/patients-durand.csv"

step "What the store holds, per client"
sqlite3 -header -column "$TS_DB" \
    "select coalesce(client, '(none)') as client, count(*) as calls,
	sum(status = 'answered') as answered,
	sum(status = 'voicemail') as voicemail,
	sum(status not in ('answered', 'voicemail')) as lost
     from calls group by client order by client"

