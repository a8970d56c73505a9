"""Helpers for the audio tests: reading MP3 headers, and Google's TTS endpoint on loopback.

gTTS always posts to https://translate.google.com and honours the standard proxy
variables, so the tests run a small HTTPS-intercepting proxy on 127.0.0.1: it accepts
CONNECT, answers TLS with a throwaway certificate (gTTS does not verify certificates)
and replies as the batchexecute endpoint does. Nothing in the code under test changes.
"""

from __future__ import annotations

import base64
import http.server
import json
import socketserver
import ssl
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs

from mutagen.mp3 import MP3

ALLOWED_RATES = {16000, 22050, 24000}


def alexa_format_problems(path: Path) -> list[str]:
    """How an MP3 file breaks Alexa's rule for SSML audio (MPEG-2 layer 3, 48 kbps)."""
    info = MP3(path).info
    found = []
    if info.version != 2:
        found.append(f"MPEG version {info.version}, not 2")
    if info.layer != 3:
        found.append(f"layer {info.layer}, not 3")
    if info.bitrate != 48000:
        found.append(f"{info.bitrate} bps, not 48000")
    if info.sample_rate not in ALLOWED_RATES:
        found.append(f"{info.sample_rate} Hz is not an allowed rate")
    return found


def tone_mp3(path: Path, seconds: float = 0.5) -> bytes:
    """A short MP3 to stand in for Google's voice (44.1 kHz, as Google's is not Alexa's format)."""
    subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency=440:duration={seconds}",
            "-ar",
            "44100",
            "-b:a",
            "64k",
            str(path),
        ],
        check=True,
    )
    return path.read_bytes()


@dataclass
class Seen:
    tunnels: list[str] = field(default_factory=list)
    posts: list[dict[str, object]] = field(default_factory=list)


class _Google(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        server = self.server
        server.seen.posts.append(
            {"path": self.path, "host": self.headers.get("Host"), "form": parse_qs(body)}
        )
        status = server.statuses.pop(0) if server.statuses else 200
        if status != 200:
            self.send_response(status)
            self.end_headers()
            return
        audio = base64.b64encode(server.audio).decode()
        payload = json.dumps(
            [["wrb.fr", "jQ1olc", json.dumps([audio]), None, None, None, "generic"]], separators=(",", ":")
        )
        reply = f")]}}'\n\n{len(payload)}\n{payload}\n".encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args: object) -> None:
        pass


class _Tunnel(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        request_line = self.rfile.readline().decode().split()
        while self.rfile.readline() not in (b"\r\n", b"\n", b""):
            pass
        self.server.seen.tunnels.append(request_line[1] if len(request_line) > 1 else "")
        self.wfile.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        self.wfile.flush()
        secure = self.server.tls.wrap_socket(self.connection, server_side=True)
        _Google(secure, self.client_address, self.server)


class FakeGoogle(socketserver.ThreadingTCPServer):
    """An HTTPS proxy on loopback that plays translate.google.com."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, workdir: Path, audio: bytes) -> None:
        super().__init__(("127.0.0.1", 0), _Tunnel)
        key, cert = workdir / "key.pem", workdir / "cert.pem"
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                str(key),
                "-out",
                str(cert),
                "-days",
                "1",
                "-subj",
                "/CN=translate.google.com",
            ],
            check=True,
            capture_output=True,
        )
        self.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.tls.load_cert_chain(cert, key)
        self.audio = audio
        self.seen = Seen()
        self.statuses: list[int] = []
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self) -> FakeGoogle:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()
