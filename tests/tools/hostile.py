#!/usr/bin/python3
"""hostile.py DIR - writes the hostile inputs of tests/t950-hostile.sh
into DIR, one file each, named by what they are (NAME.csv for Asterisk
cdr_csv, NAME.canon for ts's canonical calls, NAME.contacts for a contact
list, NAME.yaml for a configuration).  Deterministic: the same bytes
every time."""
import os
import sys

d = sys.argv[1]
os.makedirs(d, exist_ok=True)

ROW = ['', '0612345001', '0144000001', 'from-trunk',
       '"Alice Test" <0612345001>', 'PJSIP/trunk-00000001',
       'PJSIP/201-00000002', 'Dial', 'PJSIP/201,30', '2026-11-20 09:00:00',
       '2026-11-20 09:00:07', '2026-11-20 09:02:07', '127', '120',
       'ANSWERED', 'DOCUMENTATION']


def quote(f):
    return '"' + f.replace('"', '""') + '"'


def row(**kw):
    """One cdr_csv line (bytes) from ROW with fields replaced by index."""
    r = list(ROW)
    for k, v in kw.items():
        r[int(k[1:])] = v
    return ','.join(f if i in (12, 13) else quote(f)
                    for i, f in enumerate(r))


def good(n, start=0):
    """n good rows of distinct calls (minutes apart)."""
    out = []
    for i in range(start, start + n):
        h, m = divmod(i, 60)
        t = '2026-11-20 %02d:%02d:00' % (10 + h, m)
        out.append(row(c9=t, c10=t[:-2] + '05', c11=t[:-2] + '59',
                       c12='59', c13='54',
                       c1='06123450%02d' % (i % 100)))
    return out


def put(name, text, mode='w'):
    data = text if isinstance(text, bytes) else text.encode('utf-8')
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data)


def lines(rows, end='\n'):
    return end.join(rows) + end


g = good(3)
# Huge and broken lines, each between good rows: the good ones are stored.
put('line-10mb.csv', lines([g[0], row(c4='x' * (10 << 20)), g[1]]))
put('field-1mb.csv', lines([g[0], row(c6='y' * (1 << 20)), g[1]]))
put('nul-bytes.csv', lines([g[0], row(c4='Al\0ice', c1='06\x0012'), g[1]]))
put('bad-utf8.csv', lines([g[0]]).encode() +
    row(c4='Caf\xe9 <x>').encode('latin-1') + b'\n' +
    b'"","06",\xff\xfe\xc3\x28,"from-trunk"\n' + lines([g[1]]).encode())
put('unbalanced-quote.csv', lines([g[0], '"","0612345001,"0144000001",'
                                   '"from-trunk", "open', g[1]]))
put('columns-10000.csv', lines([g[0], ','.join(['"x"'] * 10000), g[1]]))
put('bad-dates.csv', lines([g[0], row(c9='2026-02-30 09:00:00'),
                            row(c9='2026-11-20 24:00:00'), g[1]]))
put('negative-durations.csv', lines([g[0], row(c12='-5', c13='-100'),
                                     g[1]]))
put('digits-40.csv', lines([g[0], row(c1='1' * 40, c2='9' * 40), g[1]]))
# Line ends and BOM: the same three calls as lf.csv.
put('lf.csv', lines(g))
put('crlf.csv', lines(g, '\r\n'))
put('cr.csv', lines(g, '\r'))
put('bom.csv', b'\xef\xbb\xbf' + lines(g).encode())
put('empty.csv', '')
put('header-only.canon', 'call_id,client,did,caller,caller_name,start,'
    'answer,end,wait_s,talk_s,status,agent,queue\n')
# SQL and shell metacharacters in every text field, stored verbatim.
evil = ["'; DROP TABLE calls; --", '$(touch pwned)', '`touch pwned`',
        '"; rm -rf / #', "Robert'); DELETE FROM calls;--", '| tee pwned',
        '%s%n%x', '../../etc/passwd', '=HYPERLINK("http://x")', '\\x00']
rows = []
for i, e in enumerate(evil):
    h = '2026-11-21 10:%02d:00' % i
    rows.append(row(c0=e, c3=e, c4=e + ' <0612345001>', c5=e, c6=e, c7=e,
                    c8=e, c9=h, c10=h, c11=h[:-2] + '30', c12='30',
                    c13='30', c15=e))
put('metachars.csv', lines(rows))
# Contacts.
put('metachars.contacts', 'Nom;Prénom;Portable;Commentaire\n' + ''.join(
    '%s;%s;06 12 34 56 %02d;%s\n' % (e.replace(';', ','),
                                     e.replace(';', ','), i,
                                     e.replace(';', ',')) for i, e in
    enumerate(evil)))
put('columns-10000.contacts', 'Nom;Portable\n' + ';'.join(['x'] * 10000) +
    '\nDupont;06 12 34 56 78\n')
put('nul.contacts', 'Nom;Portable\nDu\0pont;06 12 34 56 78\n'
    'Durand;06 12 34 56 79\n')
# Configurations.
bomb = ['service:', '  name: &a0 [x, x, x, x, x, x, x, x, x, x]']
for i in range(1, 12):
    bomb.append('  k%d: &a%d [%s]' % (i, i, ', '.join(['*a%d' % (i - 1)] * 10)))
put('bomb.yaml', '\n'.join(bomb) + '\n')
put('password.yaml', 'service:\n  name: P\n  timezone: Europe/Paris\n'
    'clients:\n  c1:\n    name: C\n    password: Sup3rSecr3tPassw0rd\n')
put('client-dotdot.yaml', 'service:\n  name: P\n  timezone: Europe/Paris\n'
    'clients:\n  ../../etc:\n    name: C\n')
