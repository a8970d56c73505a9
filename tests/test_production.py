"""The production command: gunicorn with the repository's config, verification on."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from skill.logfmt import user_hash
from tests.alexa import APPLICATION_ID, DEFAULT_USER, envelope, launch_request
from tests.signing import ChainServer, TestAuthority, pem

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, app: str | None, env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
        self._out = open(log, "w")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            command + ([app] if app else []),
            cwd=ROOT,
            stdout=self._out,
            stderr=subprocess.STDOUT,
            env={
                **os.environ,
                **env,
                "HOST": "127.0.0.1",
                "PORT": str(self.port),
                "WEB_CONCURRENCY": "1",
                "GUNICORN_THREADS": "2",
            },
        )
        for _ in range(300):  # until it answers, or the process has given up
            if self.process.poll() is not None:
                raise RuntimeError(log.read_text())
            try:
                self.get("/healthz")
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(log.read_text())

    def get(self, path: str) -> tuple[int, dict]:
        with urllib.request.urlopen(self.base + path, timeout=5) as reply:
            return reply.status, json.loads(reply.read())

    def post(self, body: bytes, headers: dict[str, str]) -> tuple[int, dict]:
        request = urllib.request.Request(
            self.base + "/alexa",
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", **headers},
        )
        try:
            with urllib.request.urlopen(request, timeout=5) as reply:
                return reply.status, json.loads(reply.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def stop(self) -> str:
        self.process.terminate()
        self.process.wait(timeout=20)
        self._out.close()
        return self.log.read_text()


@pytest.fixture(scope="module")
def ca() -> Iterator[TestAuthority]:
    chains = ChainServer()
    yield TestAuthority(server=chains)
    chains.close()


def production_env(tmp_path: Path) -> dict[str, str]:
    return {
        "SKILL_ID": APPLICATION_ID,
        "SKILL_SQLITE_PATH": str(tmp_path / "skill.sqlite3"),
        "SKILL_LOG_LEVEL": "INFO",
        "SKILL_LOCAL_DEV": "",
    }


def test_the_production_command_serves_health_and_refuses_unsigned_requests(tmp_path: Path) -> None:
    server = Server(None, production_env(tmp_path), tmp_path / "gunicorn.log")
    try:
        assert server.get("/healthz") == (200, {"status": "ok"})
        body = json.dumps(envelope(launch_request(), new=True, now=datetime.now(UTC))).encode()
        status, answer = server.post(body, {})
        assert status == 400 and "missing" in answer["error"]
        status, answer = server.post(b"\x00garbage", {})
        assert status == 400 and answer["error"] == "body is not JSON"
    finally:
        log = server.stop()
    assert "NOT verified" not in log
    assert '"event":"refused"' in log


def test_signed_requests_are_answered_and_logged_without_the_user_id(
    tmp_path: Path, ca: TestAuthority
) -> None:
    root = tmp_path / "root.pem"
    root.write_bytes(pem(ca.root))
    env = {**production_env(tmp_path), "BENCH_ROOT_PEM": str(root), "BENCH_CHAIN_PORT": str(ca.server.port)}
    server = Server("benchmarks.signed_app:create()", env, tmp_path / "gunicorn.log")
    try:
        opening = envelope(launch_request(), new=True, now=datetime.now(UTC))
        body = json.dumps(opening).encode()
        status, answer = server.post(body, ca.headers(body))
        assert status == 200 and answer["response"]["outputSpeech"]["ssml"].startswith("<speak>")
    finally:
        log = server.stop()
    handled = [
        json.loads(line[line.index("{") :]) for line in log.splitlines() if '"event":"handled"' in line
    ]
    assert handled == [
        {
            "event": "handled",
            "request_id": opening["request"]["requestId"],
            "type": "LaunchRequest",
            "user": user_hash(DEFAULT_USER),
            "ms": handled[0]["ms"],
            "ends": False,
        }
    ]
    assert DEFAULT_USER not in log
