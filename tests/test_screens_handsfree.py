"""Hands-free on a screen: the Now Playing screen shows the exercise, routine and position."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from skill.audio.build import build
from skill.audio.tracks import TrackRef
from skill.config import Config
from skill.domain.content import load_content
from skill.simulator.envelopes import interfaces_for
from tests.alexa import APPLICATION_ID, Conversation
from tests.screen_support import RENDER

AUDIO_BASE = "https://audio.example.test"
MORNING = ("morning stretches", "morning_stretches")


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first two morning stretches built for real (espeak-ng)."""
    directory = tmp_path_factory.mktemp("audio")
    refs = [
        TrackRef("morning_stretches", index, easier=False, full=full)
        for index in range(2)
        for full in (True, False)
    ]
    build(directory, engine="espeak", texts=[], refs=refs, show_progress=False)
    return directory


@pytest.fixture
def config(tmp_path: Path, library: Path) -> Config:
    return Config(
        skill_id=APPLICATION_ID,
        local_dev=True,
        sqlite_path=tmp_path / "skill.sqlite3",
        audio_base_url=AUDIO_BASE,
        audio_dir=library,
    )


def test_play_directives_carry_title_subtitle_and_art(talk: Conversation) -> None:
    talk.interfaces = interfaces_for(["screen", "audio"])
    said = talk.one_shot("HandsFreeRoutineIntent", routine=MORNING)
    (play,) = [d for d in said.directives if d["type"] == "AudioPlayer.Play"]
    metadata = play["audioItem"]["metadata"]
    content = load_content("en-US")
    routine = content.routines["morning_stretches"]
    assert metadata["title"] == content.routine_exercises(routine.id)[0].name
    assert metadata["subtitle"] == content.phrases(
        "screen_now_playing", routine=routine.name, number=1, total=len(routine.exercises)
    )
    assert metadata["art"]["sources"] == [{"url": f"{AUDIO_BASE}/art/now-playing.png"}]
    # The player's own Now Playing screen shows it; no document goes with a Play.
    assert not [d for d in said.directives if d["type"] == RENDER]


def test_the_art_is_served_and_nothing_else_is(app: Flask) -> None:
    client = app.test_client()
    found = client.get("/art/now-playing.png")
    assert found.status_code == 200 and found.mimetype == "image/png"
    assert found.data.startswith(b"\x89PNG\r\n\x1a\n")
    for name in ("../app.py", "missing.png", "now-playing.PNG", "now-playing.png.bak"):
        assert client.get(f"/art/{name}").status_code == 404
