"""A loopback proxy in front of the S3 test service that injects faults, for S3StorageTests.

    s3_fault_proxy.py UPSTREAM_URL LOG_FILE RULE...

RULE is METHOD:FAULT:COUNT[:EVERY] (METHOD may be ANY): the first COUNT matching requests get
FAULT, or with EVERY, COUNT of them spread out: every EVERY-th matching request (so a request
and its retries are not all hit); others are forwarded unchanged (the Host header too, so SigV4
signatures stay valid). The first rule that fires for a request decides.
    ignore-conditions   (PUT only) answer every conditional write 200 without storing it
FAULT is one of
    500        HTTP 500 InternalError
    slowdown   HTTP 503 SlowDown (S3's throttling answer)
    skew       HTTP 403 RequestTimeTooSkewed
    drop       read half of the request body, then close the connection without answering
    outage     (COUNT is milliseconds, EVERY the request that starts it) from that request on,
               close every connection at once for COUNT ms, as a server being restarted
Prints the port on its first line; stops when its standard input closes. Every request is
logged to LOG_FILE as "METHOD PATH [SIGNED-HEADERS] -> OUTCOME" (the SignedHeaders of its
Authorization header, empty when unsigned).
"""
import http.client
import http.server
import socketserver
import sys
import threading
import time
import urllib.parse

upstream = urllib.parse.urlsplit(sys.argv[1])
log_path = sys.argv[2]
rules = []
for text in sys.argv[3:]:
    method, fault, count, *every = text.split(":")
    rules.append({"method": method.upper(), "fault": fault, "left": int(count), "every": int(every[0]) if every else 1, "seen": 0})
lock = threading.Lock()
outage_until = 0.0  # time.monotonic() until which every request is refused (an "outage" rule fired)

ERRORS = {
    "500": (500, "InternalError", "We encountered an internal error. Please try again."),
    "slowdown": (503, "SlowDown", "Please reduce your request rate."),
    "skew": (403, "RequestTimeTooSkewed", "The difference between the request time and the current time is too large."),
}


def log(line):
    with lock, open(log_path, "a") as f:
        f.write(line + "\n")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def describe(self):
        auth = self.headers.get("Authorization") or ""
        signed = auth.split("SignedHeaders=", 1)[1].split(",", 1)[0] if "SignedHeaders=" in auth else ""
        return f"{self.command} {self.path} [{signed}]"

    def take_fault(self):
        global outage_until
        with lock:
            if time.monotonic() < outage_until:
                return "down"
            for rule in rules:
                if rule["fault"] == "outage" and rule["left"] > 0 and rule["method"] in ("ANY", self.command):
                    rule["seen"] += 1
                    if rule["seen"] == rule["every"]:
                        outage_until = time.monotonic() + rule["left"] / 1000
                        rule["left"] = 0
                        return "down"
            fired = None
            for rule in rules:
                if rule["fault"] != "outage" and rule["left"] > 0 and rule["method"] in ("ANY", self.command):
                    rule["seen"] += 1
                    if fired is None and rule["seen"] % rule["every"] == 0:
                        rule["left"] -= 1
                        fired = rule["fault"]
            return fired

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        fault = self.take_fault()
        if fault == "down":
            log(f"{self.describe()} -> down")
            self.close_connection = True
            self.connection.shutdown(2)
            return
        if fault == "drop":
            self.rfile.read(length // 2)
            log(f"{self.describe()} -> drop")
            self.close_connection = True
            self.connection.shutdown(2)
            return
        body = self.rfile.read(length) if length else b""
        if fault == "ignore-conditions" and self.command == "PUT" and (
                "If-None-Match" in self.headers or "If-Match" in self.headers):
            # A server that ignores conditional headers: every conditional write "succeeds".
            log(f"{self.describe()} -> 200 (condition ignored)")
            self.send_response(200)
            self.send_header("ETag", '"00000000000000000000000000000001"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            with lock:
                for rule in rules:
                    if rule["fault"] == "ignore-conditions":
                        rule["left"] += 1  # applies to every conditional write
            return
        if fault == "ignore-conditions":
            fault = None
        if fault in ERRORS:
            status, code, message = ERRORS[fault]
            payload = (f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code>'
                       f"<Message>{message}</Message></Error>").encode()
            log(f"{self.describe()} -> {status} {code}")  # before answering: the test may read the log at once
            self.send_response(status)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)
            return
        conn = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=60)
        conn.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
        for name, value in self.headers.items():
            conn.putheader(name, value)
        conn.endheaders(body)
        response = conn.getresponse()
        data = response.read()
        log(f"{self.describe()} -> {response.status}")
        self.send_response(response.status)
        for name, value in response.getheaders():
            if name.lower() not in ("content-length", "transfer-encoding", "connection", "date", "server"):
                self.send_header(name, value)
        # A HEAD answer's length is the object's, not that of the (empty) body.
        length = response.getheader("Content-Length") if self.command == "HEAD" else None
        self.send_header("Content-Length", length or str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        conn.close()

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = handle_any


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


server = Server(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
threading.Thread(target=server.serve_forever, daemon=True).start()
sys.stdin.read()  # the test closed our input: stop
