"""Whatever arrives at the endpoint, the answer is a valid Alexa response or a 400, never a 500."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skill.config import Config
from skill.web.app import create_app
from tests.alexa import (
    APPLICATION_ID,
    alexa_rule_problems,
    envelope,
    intent_request,
    launch_request,
    session_ended_request,
)

FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)

REQUESTS = [
    launch_request(),
    intent_request("PainLevelIntent", level="6"),
    intent_request("CountdownIntent", duration="PT30S"),
    intent_request("StartRoutineIntent", routine=("quick relief", "quick_relief")),
    intent_request("AMAZON.NextIntent"),
    session_ended_request(),
    {"type": "AlexaSkillEvent.SkillDisabled", "body": {}},
    {"type": "AudioPlayer.PlaybackStopped", "token": "x", "offsetInMilliseconds": 5},
    {"type": "Made.Up.RequestType"},
]


@pytest.fixture(scope="module")
def local_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    path: Path = tmp_path_factory.mktemp("fuzz") / "skill.sqlite3"
    return create_app(Config(skill_id=APPLICATION_ID, local_dev=True, sqlite_path=path))


@pytest.fixture(scope="module")
def verifying_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    path: Path = tmp_path_factory.mktemp("fuzz-verified") / "skill.sqlite3"
    return create_app(Config(skill_id=APPLICATION_ID, sqlite_path=path))


def answered_properly(app: Flask, body: bytes, headers: dict[str, str] | None = None) -> None:
    reply = app.test_client().post(
        "/alexa", data=body, headers=headers or {"Content-Type": "application/json"}
    )
    text = reply.get_data(as_text=True)
    assert reply.status_code in (200, 400), (reply.status_code, text)
    assert "Traceback" not in text
    answer = reply.get_json()
    if reply.status_code == 400:
        assert isinstance(answer["error"], str) and answer["error"]
        return
    assert answer["version"] == "1.0" and isinstance(answer["response"], dict)
    assert not alexa_rule_problems(answer)


def _set_path(document: Any, path: list[str | int], value: Any) -> None:
    for key in path[:-1]:
        document = document[key]
    document[path[-1]] = value


def _paths(document: Any, prefix: list[str | int] | None = None) -> list[list[str | int]]:
    prefix = prefix or []
    found = []
    items = (
        document.items()
        if isinstance(document, dict)
        else (enumerate(document) if isinstance(document, list) else [])
    )
    for key, value in items:
        found.append([*prefix, key])
        found += _paths(value, [*prefix, key])
    return found


@st.composite
def mangled_envelopes(draw: st.DrawFn) -> bytes:
    """A real envelope with one part replaced by a wrong type, removed, or cut short."""
    body = envelope(
        copy.deepcopy(draw(st.sampled_from(REQUESTS))),
        new=draw(st.booleans()),
        attributes=draw(st.sampled_from([{}, {"routine": "x"}, {"_unsaved_user": 3}])),
    )
    paths = _paths(body)
    path = draw(st.sampled_from(paths))
    action = draw(st.sampled_from(["replace", "delete", "truncate"]))
    if action == "replace":
        _set_path(body, path, draw(json_values))
    elif action == "delete":
        parent = body
        for key in path[:-1]:
            parent = parent[key]
        del parent[path[-1]]
    text = json.dumps(body)
    if action == "truncate":
        text = text[: draw(st.integers(0, len(text)))]
    return text.encode()


@FUZZ
@given(body=mangled_envelopes())
def test_mangled_envelopes_never_break_the_endpoint(local_app: Flask, body: bytes) -> None:
    answered_properly(local_app, body)


@FUZZ
@given(body=st.binary(max_size=300) | json_values.map(lambda v: json.dumps(v).encode()))
def test_garbage_never_breaks_the_endpoint(local_app: Flask, body: bytes) -> None:
    answered_properly(local_app, body)


@FUZZ
@given(
    body=mangled_envelopes(),
    signature=st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=40),
    url=st.sampled_from(
        [
            "",
            "https://s3.amazonaws.com/echo.api/x.pem",
            "ftp://x",
            "::::",
            "https://s3.amazonaws.com:bad/echo.api/x",
            "http://[::1",
        ]
    ),
)
def test_unsigned_garbage_is_refused_by_a_verifying_server(
    verifying_app: Flask, body: bytes, signature: str, url: str
) -> None:
    headers = {"Content-Type": "application/json", "Signature-256": signature, "SignatureCertChainUrl": url}
    if url.startswith("https://s3"):
        headers["SignatureCertChainUrl"] = "https://s3.amazonaws.com/echo.api/../x.pem"
    reply = verifying_app.test_client().post("/alexa", data=body, headers=headers)
    assert reply.status_code == 400
    assert reply.get_json()["error"]
