"""calproxy.py PORT TARGET - an HTTP(S) front for the ts-agenda tests.

TARGET is either an http:// URL, where each request is forwarded (a
reverse proxy, as a bearer-token gateway in front of a CalDAV server), or
a directory whose files are served to GET (a published calendar).

Environment:
  PROXY_TOKEN_FILE  a request without "Authorization: Bearer <the token
                    in that file>" gets 401; the others are forwarded
                    with "X-Remote-User: PROXY_USER" (Radicale's
                    http_x_remote_user authentication) and without the
                    Authorization header.
  PROXY_USER        the user name forwarded (durand).
  PROXY_TLS_CERT, PROXY_TLS_KEY  serve HTTPS with this certificate.

Each request is logged on stdout as "METHOD PATH STATUS".  Prints "ready";
stops on SIGTERM.
"""
import http.client
import os
import signal
import ssl
import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(sys.argv[1])
TARGET = sys.argv[2]
TOKEN = None
if os.environ.get("PROXY_TOKEN_FILE"):
    with open(os.environ["PROXY_TOKEN_FILE"]) as f:
        TOKEN = f.read().strip()
USER = os.environ.get("PROXY_USER", "durand")
HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer",
       "upgrade", "proxy-authorization", "proxy-authenticate"}


class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, headers, body):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        print(self.command, urllib.parse.urlsplit(self.path).path, status,
              flush=True)

    def serve_file(self):
        name = os.path.basename(urllib.parse.urlsplit(self.path).path)
        path = os.path.join(TARGET, name)
        if self.command != "GET" or not name or not os.path.isfile(path):
            return self.reply(404, [], b"")
        with open(path, "rb") as f:
            body = f.read()
        self.reply(200, [("Content-Type", "text/calendar")], body)

    def forward(self, body):
        u = urllib.parse.urlsplit(TARGET)
        c = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() not in HOP and
                   k.lower() not in ("authorization", "host")}
        headers["X-Remote-User"] = USER
        headers["Host"] = u.netloc
        c.request(self.command, self.path, body=body, headers=headers)
        r = c.getresponse()
        data = r.read()
        c.close()
        self.reply(r.status, [(k, v) for k, v in r.getheaders()
                              if k.lower() not in HOP and
                              k.lower() != "content-length"], data)

    def handle_any(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else None
        if TOKEN is not None and \
                self.headers.get("Authorization") != "Bearer " + TOKEN:
            return self.reply(401, [("WWW-Authenticate",
                                     'Bearer realm="calendar"')], b"")
        if TARGET.startswith("http://"):
            return self.forward(body)
        return self.serve_file()

    do_GET = do_HEAD = do_PUT = do_DELETE = do_OPTIONS = handle_any
    do_PROPFIND = do_REPORT = do_MKCALENDAR = do_POST = handle_any


def main():
    srv = ThreadingHTTPServer(("127.0.0.1", PORT), H)
    if os.environ.get("PROXY_TLS_CERT"):
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(os.environ["PROXY_TLS_CERT"],
                            os.environ["PROXY_TLS_KEY"])
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
    print("ready", flush=True)
    srv.serve_forever()


main()
