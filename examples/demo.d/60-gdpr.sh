# ts-export and ts-purge: a caller's access request, her erasure, the
# nightly retention and the audit (sourced by demo.sh).
# shellcheck disable=SC2154

step "A patient of the practice calls, then asks what the practice holds about her"
cat >"$work/gdpr-calls.csv" <<'CSV'
call_id,did,caller,caller_name,start,answer,end,wait_s,talk_s,status,agent,queue
demo-1,01 44 00 00 01,06 12 34 56 78,DUPRÉ HÉLÈNE,2026-11-20T09:00:00+01:00,2026-11-20T09:00:08+01:00,2026-11-20T09:03:00+01:00,8,172,answered,PJSIP/201,
demo-2,01 44 00 00 01,+33 6 12 34 56 78,Hélène Dupré,2026-11-21T10:00:00+01:00,,2026-11-21T10:00:40+01:00,40,0,abandoned,,
demo-3,01 44 00 00 02,01 45 67 89 00,helene dupre,2026-11-21T11:00:00+01:00,2026-11-21T11:00:05+01:00,2026-11-21T11:02:00+01:00,5,115,answered,PJSIP/202,
CSV
ts import calls "$work/gdpr-calls.csv"
ts export subject --client cabinet-durand --phone '06 12 34 56 78' \
    --name 'Hélène Dupré' --ref DEM-42 --request-date 2026-11-22 \
    --dir "$work/demande-42" -o table
ls -l "$work/demande-42"
sed -n '1,12p' "$work/demande-42/README.txt"

step "She asks to be erased: what would go, then the erasure"
ts purge -n subject --client cabinet-durand --phone 0612345678 -o table
ts purge subject --client cabinet-durand --phone 0612345678 \
    --ref DEM-43 --request-date 2026-11-22 -o table

step "The nightly retention, as a dry run"
ts purge -n -o table

step "The audit trail: counts and dates, never a name or a number"
ts purge audit -o table
