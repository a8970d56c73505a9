"""A real HTTP server on 127.0.0.1 that plays the Alexa Timers and Reminders APIs.

Tests pass its ``url`` as the request envelope's apiEndpoint. It records every request
(method, path, headers, JSON body) and answers with scripted statuses; by default it
answers like Alexa does when all is well.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class Scripted:
    status: int
    body: Any = None
    delay: float = 0.0


@dataclass
class LoopbackAlexaApi:
    url: str = ""
    requests: list[Recorded] = field(default_factory=list)
    # (method, path prefix) -> answers to give in turn; the last one repeats.
    script: dict[tuple[str, str], list[Scripted]] = field(default_factory=dict)
    reminders: dict[str, dict[str, Any]] = field(default_factory=dict)
    _ids: int = 0

    def answer(self, method: str, path: str, status: int, body: Any = None, delay: float = 0.0) -> None:
        """From now on, ``method`` on ``path`` (a prefix) answers ``status``."""
        self.script[(method, path)] = [Scripted(status, body, delay)]

    def calls(self, method: str, path: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == method and r.path.startswith(path)]

    def respond(self, method: str, path: str, body: Any) -> Scripted:
        self.requests.append(Recorded(method, path, {}, body))
        for (m, prefix), answers in self.script.items():
            if m == method and path.startswith(prefix):
                return answers[0] if len(answers) == 1 else answers.pop(0)
        return self._default(method, path, body)

    def _default(self, method: str, path: str, body: Any) -> Scripted:
        self._ids += 1
        if method == "POST" and path == "/v1/alerts/timers":
            return Scripted(
                200, {"id": f"timer-{self._ids}", "status": "ON", "duration": body.get("duration")}
            )
        if method == "POST" and path == "/v1/alerts/reminders":
            token = f"reminder-{self._ids}"
            self.reminders[token] = {"alertToken": token, "status": "ON", **body}
            return Scripted(201, {"alertToken": token, "status": "ON"})
        if method == "GET" and path == "/v1/alerts/reminders":
            alerts = list(self.reminders.values())
            return Scripted(200, {"totalCount": str(len(alerts)), "alerts": alerts})
        if method == "DELETE":
            return Scripted(200, {})
        return Scripted(404, {"message": "unknown path"})


def _handler(api: LoopbackAlexaApi) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else None
            scripted = api.respond(self.command, self.path, body)
            api.requests[-1].headers = {k: v for k, v in self.headers.items()}
            if scripted.delay:
                time.sleep(scripted.delay)
            payload = json.dumps(scripted.body).encode() if scripted.body is not None else b""
            try:
                self.send_response(scripted.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the skill gave up waiting, as it should

        do_GET = do_POST = do_DELETE = do_PUT = _serve

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler


@contextmanager
def running() -> Iterator[LoopbackAlexaApi]:
    api = LoopbackAlexaApi()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(api))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    api.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield api
    finally:
        server.shutdown()
        server.server_close()
