"""Hands-free finds its tracks through the audio library's manifest.

A rebuild with another engine gives tracks new file names, which the endpoint picks up
without a restart; a track the library has not built means the spoken mode instead.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from skill.audio.build import build
from skill.audio.engines import EspeakEngine
from skill.audio.manifest import Manifest
from skill.audio.tracks import TrackRef, phrases, track_script
from skill.config import Config
from skill.domain.content import load_content
from tests.alexa import Conversation, Said, audio_player_context
from tests.library_support import AUDIO_BASE, config_with_library

QUICK = ("quick relief", "quick_relief")
FIRST = TrackRef("quick_relief", 0, easier=False, full=True)


class SecondVoice(EspeakEngine):
    """espeak-ng under another engine name, as a build with another engine would be."""

    name = "espeak-second-voice"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Only the first quick-relief track, by espeak-ng; the second voice's clips are ready too."""
    directory = tmp_path_factory.mktemp("audio")
    build(directory, engine="espeak", texts=[], refs=[FIRST], show_progress=False)
    words = phrases(track_script(load_content("en-US"), FIRST))
    build(directory, engine=SecondVoice(), texts=words, refs=[], show_progress=False)
    return directory


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return config_with_library(tmp_path, tmp_path / "audio")


@pytest.fixture
def echo(talk: Conversation) -> Conversation:
    talk.interfaces = {"AudioPlayer": {}}
    return talk


def played(said: Said) -> dict[str, Any] | None:
    plays = [d for d in said.directives if d["type"] == "AudioPlayer.Play"]
    return plays[0]["audioItem"]["stream"] if plays else None


def test_after_a_rebuild_with_another_engine_play_names_the_new_file(
    echo: Conversation, config: Config, built: Path
) -> None:
    shutil.copytree(built, config.audio_dir)
    before = played(echo.one_shot("HandsFreeRoutineIntent", routine=QUICK))
    assert before is not None

    report = build(config.audio_dir, engine=SecondVoice(), texts=[], refs=[FIRST], show_progress=False)
    assert (report.rendered, report.tracks_built) == (0, 1)
    after = played(echo.one_shot("HandsFreeRoutineIntent", routine=QUICK))
    assert after is not None and after["token"] == before["token"]
    assert after["url"] != before["url"]
    new_file = after["url"].removeprefix(f"{AUDIO_BASE}/audio/")
    assert (config.audio_dir / new_file).is_file()
    entry = Manifest(config.audio_dir).track(new_file)
    assert entry is not None and entry["engine"] == SecondVoice.name


def test_without_a_built_library_hands_free_speaks_the_routine(echo: Conversation) -> None:
    said = echo.one_shot("HandsFreeRoutineIntent", routine=QUICK)
    assert said.has("handsfree_not_built")
    assert said.has("exercise_heading", number=1, total=4)
    assert played(said) is None and not said.ended
    said = echo.say("AMAZON.NextIntent")
    assert said.has("exercise_heading", number=2, total=4)


def test_a_track_missing_mid_routine_is_not_queued_and_resume_speaks_it(
    echo: Conversation, config: Config, built: Path
) -> None:
    shutil.copytree(built, config.audio_dir)
    first = played(echo.one_shot("HandsFreeRoutineIntent", routine=QUICK))
    assert first is not None
    echo.device("AudioPlayer.PlaybackStarted", token=first["token"], offsetInMilliseconds=0)
    said = echo.device("AudioPlayer.PlaybackNearlyFinished", token=first["token"], offsetInMilliseconds=60000)
    assert not said.directives, "exercise 2 is not built, so nothing is queued"
    echo.device("AudioPlayer.PlaybackFinished", token=first["token"], offsetInMilliseconds=60000)

    said = echo.one_shot("AMAZON.ResumeIntent")
    assert said.has("handsfree_not_built")
    assert said.has("exercise_heading", number=2, total=4)
    assert played(said) is None


def test_next_by_voice_to_a_missing_track_stops_the_audio_and_speaks_it(
    echo: Conversation, config: Config, built: Path
) -> None:
    shutil.copytree(built, config.audio_dir)
    first = played(echo.one_shot("HandsFreeRoutineIntent", routine=QUICK))
    assert first is not None
    echo.player = audio_player_context(first["token"], 1000, "PLAYING")
    echo.device("AudioPlayer.PlaybackStarted", token=first["token"], offsetInMilliseconds=0)
    # The device's own next button cannot be answered in speech: the track plays on.
    said = echo.device("PlaybackController.NextCommandIssued")
    assert not said.directives
    said = echo.one_shot("AMAZON.NextIntent")
    assert said.has("handsfree_not_built")
    assert said.has("exercise_heading", number=2, total=4)
    assert [d["type"] for d in said.directives] == ["AudioPlayer.Stop"]
    assert not said.ended
