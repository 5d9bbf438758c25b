# ts-msg: messages taken at the desk, delivered to a local maildir through
# a stand-in for sendmail(8), so that the demonstration needs no server
# (sourced by demo.sh).
# shellcheck disable=SC2154,SC2016

# The example configuration, with e-mail through "sendmail" instead of the
# agency's SMTP server.
awk '/^smtp:/ { skip = 1; next } /^[a-z]/ { skip = 0 } !skip' \
    "$TS_CONFIG" >"$work/msg.yaml"
printf 'sendmail:\n  command: %s\n  from: %s\n' "$work/sendmail" \
    accueil@permanence.example >>"$work/msg.yaml"
printf '%s\n' '#!/bin/sh' '# A stand-in for sendmail(8): each message into a maildir.' \
    'dir=$(dirname "$0")/maildir' 'mkdir -p "$dir/tmp" "$dir/new"' \
    'f=$(date +%s).$$.demo' \
    'cat >"$dir/tmp/$f" && mv "$dir/tmp/$f" "$dir/new/$f"' \
    >"$work/sendmail"
chmod +x "$work/sendmail"

step "ts msg add: an urgent message for the Dr Durand, by e-mail at once"
ts msg add -c "$work/msg.yaml" --client cabinet-durand --urgent \
    --notify email --name 'M. Bernard' --caller '06 11 22 33 55' \
    --reason 'douleur thoracique' --subject 'Douleur' \
    --body "Douleur depuis ce matin, demande à être rappelé avant midi." \
    --taken-by claire

step "Two normal messages from a record stream: they wait for the 12:00 digest"
printf '%s\n' 'client,caller,name,subject,body,ref' \
    'cabinet-durand,0611223344,Mme Lefèvre,Ordonnance,Renouvellement à préparer,demo-1' \
    'cabinet-durand,0611223366,M. Petit,Rendez-vous,Avancer le RDV de jeudi,demo-2' |
    ts msg add -c "$work/msg.yaml" -

step "ts msg send at 08:30: the urgent one goes"
ts msg send -c "$work/msg.yaml"
ts msg status -c "$work/msg.yaml" -o table

step "ts msg send at 12:00: the digest, one e-mail per recipient"
TS_NOW=2026-11-23T12:00:00+01:00 ts msg send -c "$work/msg.yaml"
ts msg list -c "$work/msg.yaml" -o table

step "The maildir: $(find "$work/maildir/new" -type f | wc -l) e-mails; the headers of the digest"
f=$(grep -l 'digest' "$work"/maildir/new/* | head -n 1)
sed -n '/^From:/p; /^To:/p; /^Message-ID:/p' "$f"
