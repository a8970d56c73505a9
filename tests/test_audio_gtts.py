"""gTTS renders through its real HTTP client, answered by Google's endpoint on loopback."""

from __future__ import annotations

import json
import logging
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from skill.audio import render_speech
from skill.audio.build import build
from skill.audio.manifest import Manifest, clip_name
from tests.audio_support import FakeGoogle, alexa_format_problems, tone_mp3


@pytest.fixture
def google(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGoogle]:
    audio = tone_mp3(tmp_path / "tone.mp3")
    with FakeGoogle(tmp_path, audio) as server:
        for name in ("https_proxy", "HTTPS_PROXY"):
            monkeypatch.setenv(name, server.url)
        for name in ("no_proxy", "NO_PROXY"):
            monkeypatch.delenv(name, raising=False)
        yield server


def test_gtts_posts_each_phrase_to_google_and_the_clip_is_alexa_ready(
    google: FakeGoogle, tmp_path: Path
) -> None:
    library = tmp_path / "audio"
    report = build(
        library, engine="gtts", texts=["Hold.", "And release. Ease out slowly."], refs=[], show_progress=False
    )
    assert report.engine == "gtts" and report.rendered == 2
    assert set(google.seen.tunnels) == {"translate.google.com:443"}
    sent = []
    for post in google.seen.posts:
        assert post["path"] == "/_/TranslateWebserverUi/data/batchexecute"
        assert post["host"] == "translate.google.com"
        rpc = json.loads(post["form"]["f.req"][0])
        assert rpc[0][0][0] == "jQ1olc"
        text, language = json.loads(rpc[0][0][1])[:2]
        assert language == "en"
        sent.append(text)
    assert sorted(sent) == ["And release. Ease out slowly.", "Hold."]
    for text in sent:
        path = library / clip_name(text, "en-US", "gtts")
        assert path.exists()
        assert alexa_format_problems(path) == []
    assert Manifest(library).clip("Hold.", "en-US", "gtts") is not None


def test_service_errors_are_retried_with_backoff(
    google: FakeGoogle, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    google.statuses = [503]
    path = render_speech("Now switch sides, slowly.", engine="gtts", directory=tmp_path / "audio")
    assert len(google.seen.posts) == 2
    assert "retrying" in caplog.text
    assert alexa_format_problems(path) == []


def test_auto_falls_back_to_the_offline_voice_when_google_cannot_be_reached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    for name in ("https_proxy", "HTTPS_PROXY"):
        monkeypatch.setenv(name, f"http://127.0.0.1:{port}")
    caplog.set_level(logging.INFO)
    path = render_speech("Hold.", engine="auto", directory=tmp_path / "audio")
    # Festival's HTS voice (espeak-ng when Festival is missing: tests/test_audio_festival.py).
    assert "cannot be reached" in caplog.text and "Festival" in caplog.text
    assert path.name == clip_name("Hold.", "en-US", "festival")
    assert alexa_format_problems(path) == []
