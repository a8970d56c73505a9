"""The browser simulator's JSON API: what the page at /simulator talks to."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from skill.config import Config
from skill.domain.content import Phrases
from skill.simulator.phrases import says
from skill.simulator.render import Segment
from skill.web.app import create_app
from skill.web.simulator import pause_labels
from tests.alexa import APPLICATION_ID


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def say(client: FlaskClient, text: str, session: str = "", **extra: object) -> dict:
    reply = client.post("/simulator/api/say", json={"text": text, "session": session, **extra})
    assert reply.status_code == 200, reply.get_json()
    return reply.get_json()


def test_the_page_and_its_files_are_served_without_external_resources(client: FlaskClient) -> None:
    page = client.get("/simulator")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "/simulator/static/app.js" in html
    for name in ("app.js", "style.css"):
        body = client.get(f"/simulator/static/{name}").get_data(as_text=True)
        assert "http://" not in body and "https://" not in body, name
    assert "https://" not in html and "http://" not in html


def test_a_conversation_through_the_api(client: FlaskClient) -> None:
    opened = say(client, "open back spasm helper")
    assert opened["intent"] == "LaunchRequest" and opened["session_open"]
    assert says(opened["text"], "welcome_first")
    started = say(client, "start quick relief", opened["session"])
    assert started["session"] == opened["session"]
    assert started["slots"] == {"routine": "quick_relief"}
    assert started["card"]["title"] == "Deep breathing"
    # The moment to get into position, labelled for the page's countdown.
    assert {"kind": "pause", "text": "", "seconds": 10.0, "label": "Get into position"} in started["segments"]
    assert started["request"]["session"]["new"] is False
    assert started["response"]["response"]["shouldEndSession"] is False
    stopped = say(client, "stop", opened["session"])
    assert not stopped["session_open"]


def test_the_device_can_have_a_screen(client: FlaskClient) -> None:
    opened = say(client, "open back spasm helper", interfaces=["screen"])
    interfaces = opened["request"]["context"]["System"]["device"]["supportedInterfaces"]
    assert "Alexa.Presentation.APL" in interfaces


def test_time_travel_through_the_api(client: FlaskClient) -> None:
    opened = say(client, "open back spasm helper")
    reply = client.post("/simulator/api/advance", json={"session": opened["session"], "span": "20 minutes"})
    assert reply.status_code == 200
    assert reply.get_json()["timed_out"] and not reply.get_json()["session_open"]
    bad = client.post("/simulator/api/advance", json={"session": opened["session"], "span": "eventually"})
    assert bad.status_code == 400 and "time span" in bad.get_json()["error"]
    assert client.post("/simulator/api/advance", json={"session": "nope"}).status_code == 404


@pytest.mark.parametrize("body", [None, {}, {"text": 5}, {"text": "  "}, {"text": "x" * 501}])
def test_bad_input_gets_a_clear_error(client: FlaskClient, body: object) -> None:
    reply = (
        client.post("/simulator/api/say", json=body)
        if body is not None
        else client.post("/simulator/api/say", data="not json", content_type="text/plain")
    )
    assert reply.status_code == 400
    assert reply.get_json()["error"]


def test_the_simulator_is_only_on_the_development_server(tmp_path: Path) -> None:
    production = create_app(Config(skill_id=APPLICATION_ID, local_dev=False, sqlite_path=tmp_path / "s.db"))
    assert production.test_client().get("/simulator").status_code == 404
    assert production.test_client().post("/simulator/api/say", json={"text": "hi"}).status_code == 404


def test_server_rendered_speech_uses_the_skills_own_voice(
    app: Flask, client: FlaskClient, tmp_path: Path
) -> None:
    pytest.importorskip("skill.audio.engines")
    app.config.update(SIMULATOR_SPEECH_ENGINE="espeak", SIMULATOR_AUDIO_DIR=str(tmp_path / "clips"))
    reply = client.post("/simulator/api/speech", json={"text": "Hold. And release."})
    assert reply.status_code == 200, reply.get_data(as_text=True)
    assert reply.mimetype == "audio/mpeg"
    assert reply.data[:3] == b"ID3" or reply.data[:2] in {b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"}
    assert client.post("/simulator/api/speech", json={"text": ""}).status_code == 400


def test_the_pages_countdown_knows_every_phrasing_of_a_cue() -> None:
    cues = Phrases(
        {
            "hold_start": ["Hold.", "And hold."],
            "timed_start": "Begin.",
            "hold_release": ["And release.", "Let go."],
            "timed_end": "And rest.",
            "get_ready": ["Get into position.", "Settle in."],
        }
    )
    said = [
        Segment("say", "Settle in."),
        Segment("pause", seconds=5),
        Segment("say", "And hold."),
        Segment("pause", seconds=7),
        Segment("say", "Let go."),
        Segment("pause", seconds=2),
    ]
    labels = [item.get("label") for item in pause_labels(said, cues) if item["kind"] == "pause"]
    assert labels == ["Get into position", "Hold", "Pause"]
