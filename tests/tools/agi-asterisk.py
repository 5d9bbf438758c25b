#!/usr/bin/python3
# agi-asterisk.py - plays Asterisk's side of an AGI session, as res_agi.c
# does: runs the program with pipes on its stdin and stdout, sends the
# agi_ variables (from VARS_FILE, one "agi_name: value" line each) and
# the empty line, then reads each command line and answers it.  Prints
# the transcript ("> " what the program sent, "< " the reply) on stdout
# and exits with the program's status.
#
#   agi-asterisk.py [--hangup-after N] [--refuse N] VARS_FILE PROGRAM ARG...
#
# --hangup-after N: after the Nth command, the caller hangs up: "HANGUP"
# is sent before the reply (what Asterisk does with AGISIGHUP=no).
# --refuse N: the Nth command gets "510 Invalid or unknown command".
import subprocess
import sys

args = sys.argv[1:]
hangup_after = refuse = 0
while args and args[0].startswith("--"):
    opt = args.pop(0)
    if opt == "--hangup-after":
        hangup_after = int(args.pop(0))
    elif opt == "--refuse":
        refuse = int(args.pop(0))
    else:
        sys.exit("agi-asterisk.py: unknown option " + opt)
with open(args[0], "rb") as f:
    env = f.read()
p = subprocess.Popen(args[1:], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
p.stdin.write(env + b"\n")
p.stdin.flush()
n = 0
out = sys.stdout.buffer
while True:
    line = p.stdout.readline()
    if not line:
        break
    n += 1
    out.write(b"> " + line)
    if refuse and n == refuse:
        reply = b"510 Invalid or unknown command\n"
    elif hangup_after and n > hangup_after:
        reply = (b"511 Command Not Permitted on a dead channel"
                 b" or intercept routine\n")
    else:
        reply = b"200 result=1\n"
    if hangup_after and n == hangup_after:
        reply = b"HANGUP\n" + reply
    out.write(b"< " + reply.replace(b"\n", b"\n< ", reply.count(b"\n") - 1))
    try:
        p.stdin.write(reply)
        p.stdin.flush()
    except BrokenPipeError:
        break
p.stdin.close()
sys.exit(p.wait())
