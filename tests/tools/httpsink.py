"""httpsink.py PORT DIR - an HTTP server for the tests: SMS provider and
webhook receiver.

Each request is written to DIR/N.req as JSON (method, path, headers,
body).  The status answered: 503 when the path contains "fail503" (or
"flaky" for the first request of that path), 400 when it contains
"fail400", 429 with Retry-After: 900 when it contains "slow429", else 202 for paths under /cgi-bin/ (as Kannel) and 200
otherwise.  With HTTP_TLS_CERT and HTTP_TLS_KEY it speaks HTTPS only.
Prints "ready"; stops on SIGTERM.
"""
import json
import os
import signal
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

OUT = sys.argv[2]
COUNT = [0]
SEEN = set()


class H(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def handle_any(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else b""
        COUNT[0] += 1
        rec = {"method": self.command, "path": self.path,
               "headers": {k.lower(): v for k, v in self.headers.items()},
               "body": body.decode("utf-8", "replace")}
        path = os.path.join(OUT, "%06d.req" % COUNT[0])
        with open(path + ".tmp", "w") as f:
            json.dump(rec, f)
        os.rename(path + ".tmp", path)
        status = 202 if self.path.startswith("/cgi-bin/") else 200
        if "fail503" in self.path:
            status = 503
        elif "slow429" in self.path:
            status = 429
        elif "fail400" in self.path:
            status = 400
        elif "flaky" in self.path and self.path not in SEEN:
            SEEN.add(self.path)
            status = 503
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        if status == 429:
            self.send_header("Retry-After", "900")
        self.end_headers()
        self.wfile.write(b"0: Accepted for delivery\n")

    do_GET = handle_any
    do_POST = handle_any


srv = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H)
if os.environ.get("HTTP_TLS_CERT"):
    import ssl
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(os.environ["HTTP_TLS_CERT"],
                        os.environ["HTTP_TLS_KEY"])
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
print("ready", flush=True)
try:
    srv.serve_forever()
except SystemExit:
    pass
