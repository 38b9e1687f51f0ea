#!/usr/bin/env python3
"""A scripted HTTP(S) server for portdb's network tests. It listens on
127.0.0.1 only, on a free port, and prints "PORT <n>" once it is ready.
The test that starts it stops it (SIGTERM).

--routes FILE is JSON: {"/path": [RESPONSE, ...]}. Each request to a path
takes the next RESPONSE; the last one repeats. A RESPONSE may have:
  status         HTTP status (200)
  file / body    the body, from a file or inline
  etag           sent as ETag; a request with that If-None-Match gets a 304
  last_modified  sent as Last-Modified; a matching If-Modified-Since gets a 304
  headers        more headers, {"Name": "value"}
  gzip           true: gzip the body (Content-Encoding: gzip)
  truncate       send only this many body bytes after a full Content-Length, then close
  stall          seconds to hold the connection after the first 64 body bytes
  trickle        send the body at this many bytes per second (in tenths of a second)
  raw            send this text as the whole answer, with no status line or headers
                 (HTTP/0.9), then close
  delay          seconds to wait before answering
  location       Location header (give a 3xx status with it)
--log FILE gets one JSON line per request (path and request headers).
--cert/--key serve HTTPS with that certificate.
"""
import argparse
import gzip
import json
import signal
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--routes", required=True)
    parser.add_argument("--log")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    args = parser.parse_args()
    with open(args.routes) as f:
        routes = json.load(f)
    counters = {}
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_):
            pass

        def do_GET(self):
            try:
                self.answer()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client went away (the tests kill it on purpose)

        def answer(self):
            with lock:
                if args.log:
                    with open(args.log, "a") as log:
                        log.write(json.dumps({"path": self.path, "headers": dict(self.headers)}) + "\n")
                script = routes.get(self.path.split("?")[0])
                if script is None:
                    response = {"status": 404, "body": "no such route\n"}
                else:
                    n = counters.get(self.path, 0)
                    counters[self.path] = n + 1
                    response = script[min(n, len(script) - 1)]
            time.sleep(response.get("delay", 0))
            if "raw" in response:
                self.wfile.write(response["raw"].encode())
                self.wfile.flush()
                self.close_connection = True
                return
            body = response.get("body", "").encode()
            if "file" in response:
                with open(response["file"], "rb") as f:
                    body = f.read()
            etag = response.get("etag")
            modified = response.get("last_modified")
            if (etag and self.headers.get("If-None-Match") == etag) or (
                    modified and self.headers.get("If-Modified-Since") == modified):
                self.send_response(304)
                if etag:
                    self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if response.get("gzip") and "gzip" in self.headers.get("Accept-Encoding", ""):
                body = gzip.compress(body)
                self.headers_extra = {"Content-Encoding": "gzip"}
            else:
                self.headers_extra = {}
            self.send_response(response.get("status", 200))
            if etag:
                self.send_header("ETag", etag)
            if modified:
                self.send_header("Last-Modified", modified)
            if "location" in response:
                self.send_header("Location", response["location"])
            for name, value in {**self.headers_extra, **response.get("headers", {})}.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if "truncate" in response:
                self.wfile.write(body[:response["truncate"]])
                self.wfile.flush()
                self.close_connection = True
                return
            if "trickle" in response:
                step = max(1, response["trickle"] // 10)
                for start in range(0, len(body), step):
                    self.wfile.write(body[start:start + step])
                    self.wfile.flush()
                    time.sleep(0.1)
                return
            if "stall" in response:
                self.wfile.write(body[:64])
                self.wfile.flush()
                time.sleep(response["stall"])
                self.close_connection = True
                return
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if args.cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.cert, args.key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print("PORT", server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
