"""Log lines: one JSON object per request, written before the answer leaves the worker."""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from skill.logfmt import LINE_FORMAT, configure_logging, line
from tests.alexa import envelope, launch_request

ROOT = Path(__file__).resolve().parent.parent
# Straight to loopback, whatever proxy the environment names.
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def test_a_structured_line_is_one_json_object_without_empty_fields() -> None:
    text = line(
        "handled",
        request_id="amzn1.echo-api.request.1",
        ms=0.31,
        ends=False,
        intent=None,
        when=datetime(2026, 11, 23, tzinfo=UTC),
    )
    assert "\n" not in text
    assert json.loads(text) == {
        "event": "handled",
        "request_id": "amzn1.echo-api.request.1",
        "ms": 0.31,
        "ends": False,
        "when": "2026-11-23 00:00:00+00:00",
    }
    assert text.startswith('{"event":"handled",')


def test_the_server_logs_through_a_plain_stream_handler() -> None:
    """The standard library's handler writes and flushes each record as it is logged."""
    root = logging.getLogger()
    saved, saved_level = root.handlers[:], root.level
    root.handlers.clear()
    try:
        configure_logging("INFO")
        (handler,) = root.handlers
        assert type(handler) is logging.StreamHandler
        assert handler.formatter is not None and handler.formatter._fmt == LINE_FORMAT
    finally:
        root.handlers[:] = saved
        root.setLevel(saved_level)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _workers_of(master: int) -> list[int]:
    """The worker processes of a gunicorn master (Linux /proc)."""
    return [
        int(child)
        for task in Path(f"/proc/{master}/task").iterdir()
        for child in (task / "children").read_text().split()
    ]


def test_a_request_line_is_written_before_the_answer_so_a_killed_worker_loses_nothing(tmp_path: Path) -> None:
    port = _free_port()
    log_path = tmp_path / "gunicorn.log"
    env = {
        **os.environ,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "2",
        "SKILL_LOCAL_DEV": "1",
        "SKILL_LOG_LEVEL": "INFO",
        "SKILL_SQLITE_PATH": str(tmp_path / "skill.sqlite3"),
    }
    with open(log_path, "w") as log_file:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                with NO_PROXY.open(base + "/healthz", timeout=2):
                    break
            except OSError:
                assert server.poll() is None, log_path.read_text()
                assert time.monotonic() < deadline, "gunicorn did not start within 60 s"
                time.sleep(0.1)
        body = envelope(launch_request(), new=True, now=datetime.now(UTC))
        posted = urllib.request.Request(
            base + "/alexa", data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
        )
        with NO_PROXY.open(posted, timeout=10) as reply:
            assert reply.status == 200
        workers = _workers_of(server.pid)
        assert workers
        for worker in workers:
            os.kill(worker, signal.SIGKILL)  # no shutdown, no flush: only what was written
    finally:
        server.terminate()
        server.wait(timeout=30)
    handled = [
        json.loads(text[text.index("{") :])
        for text in log_path.read_text().splitlines()
        if '"event":"handled"' in text
    ]
    assert [entry["request_id"] for entry in handled] == [body["request"]["requestId"]]
