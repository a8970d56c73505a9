"""Shared fixtures: the app on a temporary SQLite store, and conversations with it."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from ask_sdk_model import RequestEnvelope
from flask import Flask
from werkzeug.serving import make_server

# Phrases with several variants pick one repeatably in tests (before the content loads).
os.environ.setdefault("SKILL_PHRASE_SEED", "0")

from skill.alexa.builder import build_skill
from skill.config import Config
from skill.web.app import create_app
from tests.alexa import APPLICATION_ID, Conversation

Transport = Callable[[dict[str, Any]], dict[str, Any]]


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return Config(skill_id=APPLICATION_ID, local_dev=True, sqlite_path=tmp_path / "skill.sqlite3")


@pytest.fixture
def app(config: Config) -> Flask:
    return create_app(config)


def http_transport(app: Flask) -> Transport:
    client = app.test_client()

    def send(body: dict[str, Any]) -> dict[str, Any]:
        reply = client.post("/alexa", json=body)
        assert reply.status_code == 200, reply.get_data(as_text=True)
        return reply.get_json()

    return send


def in_process_transport(config: Config) -> Transport:
    skill = build_skill(config)

    def send(body: dict[str, Any]) -> dict[str, Any]:
        request = skill.serializer.deserialize(payload=json.dumps(body), obj_type=RequestEnvelope)
        return skill.serializer.serialize(skill.invoke(request_envelope=request, context=None))

    return send


@pytest.fixture(params=["http", "in_process"])
def transport(request: pytest.FixtureRequest, app: Flask, config: Config) -> Transport:
    return http_transport(app) if request.param == "http" else in_process_transport(config)


@pytest.fixture
def talk(transport: Transport) -> Iterator[Conversation]:
    """A conversation with the skill, over HTTP and in-process (each test runs both)."""
    yield Conversation(send=transport)


@pytest.fixture
def http_talk(app: Flask) -> Conversation:
    """A conversation over the Flask endpoint only."""
    return Conversation(send=http_transport(app))


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    """The development server on loopback, as `make run` starts it; yields its base URL."""
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{http.server_port}"
    http.shutdown()
    thread.join()
