"""A loopback HTTP server whose endpoints misbehave on purpose, for transport tests.

Prints the port it listens on (127.0.0.1) as its first line, then serves until killed.
Standard library only, so it runs without the venv.

Endpoints:
  /ok                         200, small JSON body
  /echo                       200, JSON of the request (method, path, headers, body)
  /flaky/KEY/N/STATUS         answers STATUS the first N times for KEY, then 200
  /ratelimit/KEY/SECONDS      429 with Retry-After: SECONDS the first time for KEY, then 200
  /slow/SECONDS               sleeps, then 200
  /truncated                  promises 100000 bytes, sends 1000, closes
  /drop                       closes the connection without answering
  /status/CODE                answers CODE
  /bytes/N                    N deterministic bytes (i % 251), honouring a single Range
  /norange/N                  the same bytes, ignoring Range (always 200)
  /wrongrange/N               206 with the first bytes of the object, whatever Range asked for
                              (also for a suffix range bytes=-n)
  /gzip                       a gzip-encoded JSON body (Content-Encoding: gzip)
  /redirect                   302 to /ok
  /count/KEY                  how many requests KEY has seen so far
"""
import gzip
import json
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

counts = {}
lock = threading.Lock()


def bump(key):
    with lock:
        counts[key] = counts.get(key, 0) + 1
        return counts[key]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body=b"", headers=None):
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self):
        self.do_GET()

    def do_POST(self):
        self.do_GET()

    def do_GET(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parts = [p for p in self.path.split("?")[0].split("/") if p]
        bump("/".join(parts[:2]))
        route = parts[0] if parts else ""
        if route == "ok":
            return self.reply(200, b'{"ok": true}', {"Content-Type": "application/json"})
        if route == "echo":
            payload = {"method": self.command, "path": self.path,
                       "headers": {k.lower(): v for k, v in self.headers.items()},
                       "body": body.decode("utf-8", "replace")}
            return self.reply(200, json.dumps(payload).encode(), {"Content-Type": "application/json"})
        if route == "flaky":
            key, failures, status = parts[1], int(parts[2]), int(parts[3])
            if bump("flaky-" + key) <= failures:
                return self.reply(status, b"try again")
            return self.reply(200, b"recovered")
        if route == "ratelimit":
            key, seconds = parts[1], parts[2]
            if bump("ratelimit-" + key) == 1:
                return self.reply(429, b"slow down", {"Retry-After": seconds})
            return self.reply(200, b"welcome back")
        if route == "slow":
            time.sleep(float(parts[1]))
            return self.reply(200, b"finally")
        if route == "truncated":
            self.send_response(200)
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(b"x" * 1000)
            self.wfile.flush()
            self.close_connection = True
            return
        if route == "drop":
            self.close_connection = True
            self.connection.shutdown(2)
            return
        if route == "status":
            return self.reply(int(parts[1]), b'{"error": "as requested"}')
        if route in ("bytes", "norange"):
            size = int(parts[1])
            data = bytes(i % 251 for i in range(size))
            match = re.fullmatch(r"bytes=(\d+)-(\d*)", self.headers.get("Range") or "")
            if route == "bytes" and match:
                start = int(match.group(1))
                end = min(int(match.group(2)) if match.group(2) else size - 1, size - 1)
                if start >= size:
                    return self.reply(416, b"", {"Content-Range": f"bytes */{size}"})
                return self.reply(206, data[start:end + 1],
                                  {"Content-Range": f"bytes {start}-{end}/{size}", "Accept-Ranges": "bytes"})
            return self.reply(200, data)
        if route == "wrongrange":
            size = int(parts[1])
            data = bytes(i % 251 for i in range(size))
            match = re.fullmatch(r"bytes=(\d*)-(\d+)", self.headers.get("Range") or "")
            if match and not match.group(1):
                length = int(match.group(2))
            else:
                length = int(match.group(2)) - int(match.group(1)) + 1 if match else size
            return self.reply(206, data[:length], {"Content-Range": f"bytes 0-{length - 1}/{size}"})
        if route == "gzip":
            raw = json.dumps({"compressed": True, "filler": "a" * 1000}).encode()
            return self.reply(200, gzip.compress(raw), {"Content-Encoding": "gzip", "Content-Type": "application/json"})
        if route == "redirect":
            return self.reply(302, b"", {"Location": "/ok"})
        if route == "count":
            with lock:
                n = counts.get("/".join(parts[1:3]), 0)
            return self.reply(200, str(n).encode())
        return self.reply(404, b"no such endpoint")


def main():
    # Tests run in parallel against one server: socketserver's listen backlog of 5 would drop
    # connection attempts, which the client then resends only after 1 s.
    ThreadingHTTPServer.request_queue_size = 128
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
