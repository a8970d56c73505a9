"""Slow and idle clients cannot starve the production stack (nginx in front of gunicorn).

A latency probe, on loopback only: while 50 connections send their headers one byte a
second and 50 more connect and send nothing, normal signed requests must still be
answered, nearly all of them within a second, and none refused.
"""

from __future__ import annotations

import http.client
import json
import selectors
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.alexa import APPLICATION_ID, envelope, launch_request
from tests.production_stack import Gunicorn, Nginx
from tests.signing import ChainServer, TestAuthority, pem

ATTACK_SECONDS = 20.0
SLOW_CLIENTS = 50
IDLE_CLIENTS = 50
NORMAL_CLIENTS = 2  # each sends one request after another
SLOW_HEADER = (
    b"POST /alexa HTTP/1.1\r\nHost: skill\r\nContent-Type: application/json\r\n"
    + b"X-Padding: "
    + b"a" * 4000
)


@dataclass
class Attack:
    """Keeps ``slow`` dripping and ``idle`` silent connections open, reopening any closed."""

    port: int
    slow: int
    idle: int
    reopened: int = 0
    stop: threading.Event = field(default_factory=threading.Event)

    def _open(self, selector: selectors.DefaultSelector, dripping: bool) -> None:
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=2)
        sock.setblocking(False)
        selector.register(sock, selectors.EVENT_READ, {"dripping": dripping, "sent": 0})

    def run(self) -> None:
        selector = selectors.DefaultSelector()
        for index in range(self.slow + self.idle):
            self._open(selector, dripping=index < self.slow)
        next_drip = time.monotonic()
        while not self.stop.is_set():
            for key, _ in selector.select(timeout=0.1):
                # Readable means the server answered or closed it: either way, reopen it.
                self._replace(selector, key)
            if time.monotonic() >= next_drip:
                next_drip += 1.0
                for key in list(selector.get_map().values()):
                    state = key.data
                    if not state["dripping"]:
                        continue
                    byte = SLOW_HEADER[state["sent"] % len(SLOW_HEADER) :][:1]
                    try:
                        key.fileobj.send(byte)  # type: ignore[union-attr]
                        state["sent"] += 1
                    except OSError:
                        self._replace(selector, key)
        for key in list(selector.get_map().values()):
            key.fileobj.close()  # type: ignore[union-attr]
        selector.close()

    def _replace(self, selector: selectors.DefaultSelector, key: selectors.SelectorKey) -> None:
        selector.unregister(key.fileobj)
        key.fileobj.close()  # type: ignore[union-attr]
        self.reopened += 1
        self._open(selector, dripping=key.data["dripping"])


@dataclass
class Probe:
    port: int
    ca: TestAuthority
    seconds: list[float] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def one(self) -> None:
        body = json.dumps(envelope(launch_request(), new=True, now=datetime.now(UTC))).encode()
        headers = {"Content-Type": "application/json", **self.ca.headers(body)}
        started = time.monotonic()
        try:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
            connection.request("POST", "/alexa", body=body, headers=headers)
            reply = connection.getresponse()
            answer = json.loads(reply.read())
            connection.close()
        except (OSError, http.client.HTTPException, ValueError) as error:
            self.refused.append(type(error).__name__)
            return
        self.seconds.append(time.monotonic() - started)
        if reply.status != 200 or "response" not in answer:
            self.refused.append(f"HTTP {reply.status}")

    def run(self, until: float) -> None:
        while time.monotonic() < until:
            self.one()
            time.sleep(0.05)


@pytest.fixture(scope="module")
def ca() -> Iterator[TestAuthority]:
    chains = ChainServer()
    yield TestAuthority(server=chains)
    chains.close()


def attack_and_probe(port: int, ca: TestAuthority) -> tuple[Probe, Attack]:
    attack = Attack(port, SLOW_CLIENTS, IDLE_CLIENTS)
    attacker = threading.Thread(target=attack.run, daemon=True)
    attacker.start()
    time.sleep(1.0)  # every attacking connection is open before the first probe
    probe = Probe(port, ca)
    until = time.monotonic() + ATTACK_SECONDS - 1.0
    clients = [threading.Thread(target=probe.run, args=(until,)) for _ in range(NORMAL_CLIENTS)]
    for client in clients:
        client.start()
    for client in clients:
        client.join()
    attack.stop.set()
    attacker.join(timeout=10)
    return probe, attack


def test_slow_and_idle_clients_do_not_starve_normal_requests(tmp_path: Path, ca: TestAuthority) -> None:
    root = tmp_path / "root.pem"
    root.write_bytes(pem(ca.root))
    env = {
        "SKILL_ID": APPLICATION_ID,
        "SKILL_SQLITE_PATH": str(tmp_path / "skill.sqlite3"),
        "SKILL_LOG_LEVEL": "WARNING",
        "SKILL_LOCAL_DEV": "",
        "HOST": "127.0.0.1",
        "BENCH_ROOT_PEM": str(root),
        "BENCH_CHAIN_PORT": str(ca.server.port),
    }
    app = Gunicorn(env, tmp_path / "gunicorn.log", "benchmarks.signed_app:create()")
    try:
        proxy = Nginx(app.port)
        try:
            probe, attack = attack_and_probe(proxy.port, ca)
        finally:
            proxy.stop()
    finally:
        app.stop()
    answered = len(probe.seconds)
    fast = sum(1 for seconds in probe.seconds if seconds <= 1.0)
    summary = (
        f"{answered} answered, {fast} within 1 s, refused: {probe.refused}, "
        f"slowest {max(probe.seconds, default=0):.2f} s, "
        f"attacking connections reopened after the proxy closed them: {attack.reopened}"
    )
    print(summary)
    assert not probe.refused, summary
    assert answered >= 20, summary
    assert fast >= 0.95 * answered, summary
    # nginx closed the drippers at its header timeout: the attack really reached it.
    assert attack.reopened >= SLOW_CLIENTS, summary
