"""A real hands-free audio library for tests (rendered with espeak-ng), and the config serving it."""

from __future__ import annotations

from pathlib import Path

from skill.audio.build import build
from skill.audio.tracks import TrackRef
from skill.config import Config
from skill.domain.content import load_content
from tests.alexa import APPLICATION_ID, Conversation
from tests.conftest import in_process_transport

AUDIO_BASE = "https://audio.example.test"


def build_routine_library(directory: Path, routine_id: str) -> Path:
    """Every exercise of a routine, full and short, built for real into ``directory``."""
    count = len(load_content("en-US").routines[routine_id].exercises)
    refs = [
        TrackRef(routine_id, index, easier=False, full=full)
        for index in range(count)
        for full in (True, False)
    ]
    build(directory, engine="espeak", texts=[], refs=refs, show_progress=False)
    return directory


def build_first_tracks(directory: Path, routine_id: str, count: int = 2) -> Path:
    """Only a routine's first ``count`` full tracks: enough for a test that stops early, and quick."""
    refs = [TrackRef(routine_id, index, easier=False, full=True) for index in range(count)]
    build(directory, engine="espeak", texts=[], refs=refs, show_progress=False)
    return directory


def config_with_library(tmp_path: Path, library: Path) -> Config:
    """The test app's config, serving hands-free audio from ``library``."""
    return Config(
        skill_id=APPLICATION_ID,
        local_dev=True,
        sqlite_path=tmp_path / "skill.sqlite3",
        audio_base_url=AUDIO_BASE,
        audio_dir=library,
    )


def playing_morning_stretches(config: Config) -> tuple[Conversation, str]:
    """A person 15 s into the first hands-free morning-stretches track, and its token.

    Where health data stays in the session the skill screens first, and "no" lets it play.
    """
    echo = Conversation(send=in_process_transport(config), interfaces={"AudioPlayer": {}})
    said = echo.one_shot("HandsFreeRoutineIntent", routine=("morning stretches", "morning_stretches"))
    if not config.keeps_health_data:
        said = echo.say("AMAZON.NoIntent")
    (play,) = [d for d in said.directives if d["type"] == "AudioPlayer.Play"]
    token = play["audioItem"]["stream"]["token"]
    echo.device("AudioPlayer.PlaybackStarted", token=token, offsetInMilliseconds=0)
    echo.player = {"token": token, "offsetInMilliseconds": 15000, "playerActivity": "PLAYING"}
    return echo, token
