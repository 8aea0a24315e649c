"""A deliberately broken HTTP server for GeoRaster's error tests (127.0.0.1, port printed on stdout).

It serves one file with byte ranges, but for every request whose range starts at or beyond
--drop-after it announces the full Content-Length and then closes the connection halfway
through the body. Requests below that offset (the header) are answered correctly, so opening
succeeds and reading tiles fails (use --drop-after 1: only the first request,
which starts at byte 0, is answered in full). Runs until killed.

Usage: geotiff_dropping_server.py FILE --drop-after OFFSET
"""
import re
import signal
import socket
import sys
import threading

# A parent that ignores SIGTERM (test runners may) would pass that on: restore the default.
signal.signal(signal.SIGTERM, signal.SIG_DFL)

path = sys.argv[1]
drop_after = int(sys.argv[sys.argv.index("--drop-after") + 1])
data = open(path, "rb").read()


def handle(conn):
    with conn:
        buffer = b""
        while True:
            while b"\r\n\r\n" not in buffer:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                buffer += chunk
            head, buffer = buffer.split(b"\r\n\r\n", 1)
            text = head.decode("latin-1")
            match = re.search(r"(?im)^range:\s*bytes=(\d+)-(\d*)", text)
            start, end = 0, len(data) - 1
            if match:
                start = int(match.group(1))
                end = min(int(match.group(2)) if match.group(2) else len(data) - 1, len(data) - 1)
            body = data[start:end + 1]
            status = "206 Partial Content" if match else "200 OK"
            headers = (f"HTTP/1.1 {status}\r\nContent-Length: {len(body)}\r\n"
                       f"Content-Range: bytes {start}-{end}/{len(data)}\r\nAccept-Ranges: bytes\r\n\r\n")
            conn.sendall(headers.encode())
            if start >= drop_after:
                conn.sendall(body[: len(body) // 2])
                conn.shutdown(socket.SHUT_RDWR)
                return
            conn.sendall(body)


server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", 0))
server.listen(16)
print(server.getsockname()[1], flush=True)
while True:
    conn, _ = server.accept()
    threading.Thread(target=handle, args=(conn,), daemon=True).start()
