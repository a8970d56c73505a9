"""The Flask app: health check, the Alexa endpoint, bad input, and app.py's PORT."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from flask import Flask

from skill.config import Config
from skill.web.app import create_app
from tests.alexa import Said, envelope, launch_request

ROOT = Path(__file__).resolve().parents[1]
# Straight to loopback, whatever proxy the environment names.
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def test_healthz_answers_200(app: Flask) -> None:
    reply = app.test_client().get("/healthz")
    assert reply.status_code == 200 and reply.get_json() == {"status": "ok"}


def test_post_alexa_works_in_local_development(app: Flask) -> None:
    reply = app.test_client().post("/alexa", json=envelope(launch_request(), new=True))
    assert reply.status_code == 200
    assert Said(reply.get_json()).has("welcome_first")


def test_without_local_dev_an_unsigned_request_is_refused(config: Config) -> None:
    app = create_app(config.with_overrides(local_dev=False))
    reply = app.test_client().post("/alexa", json=envelope(launch_request(), new=True))
    assert reply.status_code == 400
    assert reply.is_json and reply.get_json()["error"]


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"{not json", "not JSON"),
        (b"\xff\xfe", "not JSON"),
        (b"[1, 2]", "not a JSON object"),
        (b'"launch"', "not a JSON object"),
        (b"{}", "no request type"),
        (b'{"request": {"type": 3}}', "no request type"),
        (b'{"request": "LaunchRequest"}', "no request type"),
        (b'{"request": {"type": "LaunchRequest"}}', "request.timestamp"),
        (b'{"request": {"type": "LaunchRequest", "timestamp": "2026-11-23T09:00:00"}}', "time zone"),
        (
            b'{"request": {"type": "LaunchRequest", "timestamp": "2026-11-23T09:00:00Z"}, "context": []}',
            "no context.System",
        ),
    ],
)
def test_malformed_bodies_get_a_400_with_a_json_reason(app: Flask, body: bytes, reason: str) -> None:
    reply = app.test_client().post("/alexa", data=body, content_type="application/json")
    assert reply.status_code == 400
    assert reason in reply.get_json()["error"]


def test_an_envelope_the_sdk_cannot_read_is_a_400(app: Flask) -> None:
    body = envelope(launch_request(), new=True)
    body["request"]["timestamp"] = "yesterday-ish"
    reply = app.test_client().post("/alexa", json=body)
    assert reply.status_code == 400 and "could not be read" in reply.get_json()["error"]
    body = envelope(launch_request(), new=True)
    body["session"]["attributes"] = "oops"
    assert app.test_client().post("/alexa", json=body).status_code == 400


def test_an_intent_request_without_an_intent_gets_the_fallback(app: Flask) -> None:
    reply = app.test_client().post("/alexa", json=envelope({"type": "IntentRequest"}, new=True))
    assert reply.status_code == 200
    response = reply.get_json()["response"]
    assert Said(reply.get_json()).has("fallback_menu")
    assert response["reprompt"] and not response.get("shouldEndSession")


def test_a_body_over_the_limit_is_refused(config: Config) -> None:
    app = create_app(config.with_overrides(max_body_bytes=1024))
    reply = app.test_client().post("/alexa", data=b"{" + b" " * 2048 + b"}", content_type="application/json")
    assert reply.status_code == 413 and reply.get_json()["error"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_app_py_serves_on_the_port_in_PORT(tmp_path: Path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "SKILL_LOCAL_DEV": "1",
        "SKILL_SQLITE_PATH": str(tmp_path / "skill.sqlite3"),
        "SKILL_LOG_LEVEL": "WARNING",
    }
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "app.py")],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with NO_PROXY.open(f"http://127.0.0.1:{port}/healthz", timeout=2) as reply:
                    assert reply.status == 200
                    assert json.loads(reply.read()) == {"status": "ok"}
                    break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
                assert time.monotonic() < deadline, "app.py did not start within 30 s"
                time.sleep(0.1)
        assert (tmp_path / "skill.sqlite3").exists(), "the store is created on first run"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_server_starts_without_what_serving_does_not_need(tmp_path: Path) -> None:
    """Speech rendering (gTTS, requests), DynamoDB (boto3), the simulator and the models of
    rarer directives (APL, audio player, dialog, permissions) load on use only."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from skill.config import Config\n"
        "from skill.web.app import create_app\n"
        f"create_app(Config(skill_id='x', sqlite_path=Path({str(tmp_path / 's.db')!r})))\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    loaded = set(done.stdout.split())
    assert "skill.web.app" in loaded and "flask_ask_sdk.skill_adapter" in loaded
    for unneeded in ("gtts", "requests", "boto3", "botocore", "skill.simulator"):
        assert unneeded not in loaded, f"{unneeded} is imported at start"
    rarer_models = [
        "ask_sdk_model.interfaces.alexa.presentation.apl",
        "ask_sdk_model.interfaces.audioplayer",
        "ask_sdk_model.dialog",
        "ask_sdk_model.interfaces.connections",
        "ask_sdk_model.slu.entityresolution",
    ]
    assert [name for name in rarer_models if name in loaded] == []
