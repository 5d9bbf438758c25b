"""smtpsink.py PORT DIR - an SMTP server for the tests (aiosmtpd).

Each message accepted is written to DIR/N.eml with the envelope in
X-Test-MailFrom / X-Test-RcptTo headers before it.  A recipient whose
local part starts with "bad" is refused for good (550), one starting
with "tmp" for now (451).  With SINK_DELAY=SECONDS each DATA waits that
long before answering (to kill a sender in the middle); with
SINK_COUNT_ONLY=1 messages are counted in DIR/count, not written (the
benchmark).  With SINK_TLS_CERT and SINK_TLS_KEY, STARTTLS is offered and
required; with SINK_AUTH=USER:PASSWORD, AUTH PLAIN/LOGIN is required (after
STARTTLS when there is TLS).  Prints "ready"
once listening; stops on SIGTERM or SIGINT.
"""
import os
import signal
import sys
import time

import ssl

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Handler:
    def __init__(self, outdir):
        self.outdir = outdir
        self.n = 0
        self.delay = float(os.environ.get("SINK_DELAY", "0"))
        self.count_only = os.environ.get("SINK_COUNT_ONLY") == "1"

    async def handle_RCPT(self, server, session, envelope, address, opts):
        if address.startswith("bad"):
            return "550 5.1.1 No such user"
        if address.startswith("tmp"):
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            time.sleep(self.delay)
        self.n += 1
        if self.count_only:
            with open(os.path.join(self.outdir, "count"), "w") as f:
                f.write("%d\n" % self.n)
            return "250 OK queued"
        path = os.path.join(self.outdir, "%06d.eml" % self.n)
        with open(path + ".tmp", "wb") as f:
            f.write(b"X-Test-MailFrom: " + envelope.mail_from.encode() +
                    b"\r\n")
            f.write(b"X-Test-RcptTo: " +
                    ",".join(envelope.rcpt_tos).encode() + b"\r\n")
            f.write(envelope.original_content)
        os.rename(path + ".tmp", path)
        return "250 OK queued"


def main():
    port, outdir = int(sys.argv[1]), sys.argv[2]
    kw = {}
    if os.environ.get("SINK_TLS_CERT"):
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(os.environ["SINK_TLS_CERT"],
                            os.environ["SINK_TLS_KEY"])
        kw.update(tls_context=ctx, require_starttls=True)
    if os.environ.get("SINK_AUTH"):
        user, password = os.environ["SINK_AUTH"].encode().split(b":", 1)

        def auth(server, session, envelope, mechanism, data):
            good = (isinstance(data, LoginPassword) and
                    data.login == user and data.password == password)
            return AuthResult(success=good, handled=False)
        kw.update(authenticator=auth, auth_required=True,
                  auth_require_tls="tls_context" in kw)
    c = Controller(Handler(outdir), hostname="127.0.0.1", port=port, **kw)
    c.start()
    print("ready", flush=True)
    signal.sigwait({signal.SIGINT, signal.SIGTERM})
    c.stop()


main()
