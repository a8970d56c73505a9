"""A raw TCP server on 127.0.0.1 that answers HTTP requests badly, in one chosen way.

For testing clients that must give up in time whatever the other side does: drip the
headers or the body a byte at a time, say nothing, send far too much, redirect, or hang up
halfway. Every connection it accepted is counted.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

HEADERS = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n"


@dataclass
class Misbehaving:
    mode: str
    location: str = ""  # where "redirect" sends the client
    url: str = ""
    accepted: int = 0
    stop: threading.Event = field(default_factory=threading.Event)

    def serve(self, conn: socket.socket) -> None:
        conn.settimeout(30)
        try:
            request = conn.recv(65536)
            if not request:
                return
            getattr(self, "_" + self.mode)(conn)
        except OSError:
            pass  # the client gave up, as it should
        finally:
            conn.close()

    def _drip(self, conn: socket.socket, data: bytes) -> None:
        for index in range(len(data)):
            if self.stop.wait(1.0):
                return
            conn.sendall(data[index : index + 1])

    def _drip_headers(self, conn: socket.socket) -> None:
        self._drip(conn, HEADERS + b'{"id": "timer-drip"}')

    def _drip_body(self, conn: socket.socket) -> None:
        conn.sendall(HEADERS)
        self._drip(conn, b'{"id": "timer-drip"}')

    def _silent(self, conn: socket.socket) -> None:
        self.stop.wait(20)

    def _huge_body(self, conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 50000000\r\n\r\n")
        self._flood(conn)

    def _endless_chunks(self, conn: socket.socket) -> None:
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        chunk = b"4000\r\n" + b" " * 0x4000 + b"\r\n"
        while not self.stop.is_set():
            conn.sendall(chunk)

    def _unsized_flood(self, conn: socket.socket) -> None:
        # No length at all: the body runs until the server closes, which it never does.
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n")
        self._flood(conn)

    def _flood(self, conn: socket.socket) -> None:
        block = b" " * 65536
        while not self.stop.is_set():
            conn.sendall(block)

    def _redirect(self, conn: socket.socket) -> None:
        conn.sendall(
            b"HTTP/1.1 302 Found\r\nLocation: " + self.location.encode() + b"\r\nContent-Length: 0\r\n\r\n"
        )

    def _hang_up(self, conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Ty")

    def _not_json(self, conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n<html")

    def _deep_json(self, conn: socket.socket) -> None:
        body = b"[" * 200000
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body) + body)

    def _bad_status(self, conn: socket.socket) -> None:
        conn.sendall(b"HTCPCP/9 teapot\r\n\r\n")


@contextmanager
def misbehaving(mode: str, location: str = "") -> Iterator[Misbehaving]:
    server = Misbehaving(mode, location)
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)
    server.url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    threads: list[threading.Thread] = []

    def accept() -> None:
        while not server.stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            server.accepted += 1
            thread = threading.Thread(target=server.serve, args=(conn,), daemon=True)
            thread.start()
            threads.append(thread)

    acceptor = threading.Thread(target=accept, daemon=True)
    acceptor.start()
    try:
        yield server
    finally:
        server.stop.set()
        acceptor.join(timeout=5)
        listener.close()
        deadline = time.monotonic() + 5
        for thread in threads:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
