#!/usr/bin/env python3
"""A misbehaving STAC API for fault-injection tests, on 127.0.0.1 (free port).

Prints its base URL on the first line of stdout, then serves until stdin closes (at most an
hour). Each path selects one behaviour; a `?key=K` query parameter gives separate
attempt counters per test, so tests can run in parallel:

  /ok/search              a valid one-page ItemCollection (one item), echoing the request
                          headers, method and path as foreign members
  /flaky500/search        500 on the first 2 attempts, then the valid page
  /always500/search       always 500
  /ratelimit/search       429 with Retry-After: 1 on the first attempt, then the page
                          (GET /ratelimit/attempts?key=K reports the attempt times)
  /slow/search            sleeps 5 s before answering
  /truncated/search       declares Content-Length larger than the body sent
  /invalidjson/search     200 with a body that is not JSON
  /notstac/search         200 with JSON that is not an ItemCollection
  /notfound/search        404
  /loop/search            a page whose `next` link points to itself
  /loop2/search           page A -> page B -> page A
  /samepage/search        the same page again and again, each with a fresh `next` token
  /files/<absolute path>  serves a file below the temporary directory (static catalogs over HTTP)
  /postpaging/search      POST pagination: `next` links with method POST, body {"page": n}
                          and merge true; 3 pages; records the request bodies
                          (GET /postpaging/bodies?key=K)
"""
import json
import os
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

attempts = {}
bodies = {}
lock = threading.Lock()


def item(i):
    return {
        "type": "Feature", "stac_version": "1.0.0", "id": f"item-{i}", "collection": "FAULT",
        "geometry": None, "properties": {"datetime": "2021-01-01T00:00:00Z"}, "links": [],
        "assets": {"VV": {"href": f"data/item-{i}_VV.tif"}},
    }


def page(base, features, next_link=None):
    links = [{"rel": "self", "href": base}]
    if next_link:
        links.append(next_link)
    return {"type": "FeatureCollection", "features": features, "links": links}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send_json(self, status, obj, extra=None):
        body = json.dumps(obj).encode() if not isinstance(obj, bytes) else obj
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def send_file(self, path):
        real = os.path.realpath(path)
        root = os.path.realpath(tempfile.gettempdir())
        if not real.startswith(root + os.sep) or not os.path.isfile(real):
            return self.send_json(404, {"code": "NotFound", "description": path})
        with open(real, "rb") as f:
            body = f.read()
        return self.send_json(200, body)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.body = self.rfile.read(length) if length else b""
        self.handle_any()

    def do_GET(self):
        self.body = b""
        self.handle_any()

    def handle_any(self):
        u = urlparse(self.path)
        q = parse_qs(u.query)
        key = q.get("key", ["default"])[0]
        parts = u.path.strip("/").split("/")
        mode = parts[0] if parts else ""
        tail = parts[1] if len(parts) > 1 else ""
        if mode == "files":
            return self.send_file(u.path[len("/files"):])
        host = f"http://{self.headers.get('Host')}"
        base = f"{host}/{mode}/search?key={key}"
        with lock:
            counter = (mode, key)
            if tail == "search":
                attempts.setdefault(counter, []).append(time.time())
            n = len(attempts.get(counter, []))
        if tail == "attempts":
            return self.send_json(200, attempts.get(counter, []))
        if tail == "bodies":
            return self.send_json(200, bodies.get(counter, []))
        if tail == "headers":
            return self.send_json(200, dict(self.headers))
        if tail != "search":
            return self.send_json(404, {"code": "NotFound", "description": self.path})
        if mode == "ok":
            body = page(base, [item(1)])
            body["request_headers"] = {k.lower(): v for k, v in self.headers.items()}
            body["request_method"] = self.command
            body["request_path"] = self.path
            return self.send_json(200, body)
        if mode == "flaky500":
            if n <= 2:
                return self.send_json(500, {"code": "ServerError", "description": "flaky"})
            return self.send_json(200, page(base, [item(1)]))
        if mode == "always500":
            return self.send_json(500, {"code": "ServerError", "description": "always broken"})
        if mode == "ratelimit":
            if n <= 1:
                return self.send_json(429, {"code": "TooManyRequests"}, {"Retry-After": "1"})
            return self.send_json(200, page(base, [item(1)]))
        if mode == "slow":
            time.sleep(5)
            return self.send_json(200, page(base, [item(1)]))
        if mode == "truncated":
            body = json.dumps(page(base, [item(i) for i in range(50)])).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        if mode == "invalidjson":
            return self.send_json(200, b'{"type": "FeatureCollection", "features": [ {"id": ')
        if mode == "notstac":
            return self.send_json(200, {"message": "hello", "results": [1, 2, 3]})
        if mode == "notfound":
            return self.send_json(404, {"code": "NotFound", "description": "no such search"})
        if mode == "loop":
            return self.send_json(200, page(base, [item(1)], {"rel": "next", "href": base}))
        if mode == "loop2":
            p = q.get("p", ["a"])[0]
            other = "b" if p == "a" else "a"
            return self.send_json(200, page(base, [item(p)], {"rel": "next", "href": f"{base}&p={other}"}))
        if mode == "samepage":
            return self.send_json(200, page(base, [item(1), item(2)], {"rel": "next", "href": f"{base}&token={n}"}))
        if mode == "postpaging":
            body = json.loads(self.body or b"{}")
            with lock:
                bodies.setdefault(counter, []).append(body)
            p = int(body.get("page", 1))
            nxt = None
            if p < 3:
                nxt = {"rel": "next", "href": base, "method": "POST", "body": {"page": p + 1}, "merge": True}
            return self.send_json(200, page(base, [item(10 * p), item(10 * p + 1)], nxt))
        return self.send_json(404, {"code": "NotFound", "description": self.path})


def main():
    # The suite's tests all talk to this one server at once: a listen backlog of 5 (socketserver's
    # default) drops connection attempts, whose SYN the client then resends only after 1 s.
    ThreadingHTTPServer.request_queue_size = 128
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(f"http://127.0.0.1:{server.server_address[1]}", flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    # Stop when the parent closes our stdin (or dies), and in any case after an hour.
    watcher = threading.Thread(target=lambda: sys.stdin.read(), daemon=True)
    watcher.start()
    watcher.join(timeout=3600)
    server.shutdown()


if __name__ == "__main__":
    main()
