"""Sharp pain said while a hands-free routine plays stops the audio, not only the words.

"It hurts" (or a sentence the triage reads as sharp pain) during a hands-free track: the
track stops, the pain is recorded against the exercise that was playing, and the coach
offers that exercise's gentler one and carries on in the spoken mode. Without the stop
the device would play the rest of the painful exercise once the answer ends.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from skill.config import Config
from skill.store.sqlite import SQLiteStore
from tests.alexa import DEFAULT_USER, Conversation, Said
from tests.conftest import in_process_transport
from tests.library_support import build_first_tracks, config_with_library, playing_morning_stretches

SHARP = ("ow that's really sharp", "sharp_pain")


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_first_tracks(tmp_path_factory.mktemp("audio"), "morning_stretches")


@pytest.fixture
def config(tmp_path: Path, library: Path) -> Config:
    return replace(config_with_library(tmp_path, library), health_data="store")


def directive_types(said: Said) -> list[str]:
    return [d["type"] for d in said.directives]


def stored(config: Config) -> dict[str, Any]:
    return SQLiteStore(config.sqlite_path).get(DEFAULT_USER)


@pytest.mark.parametrize("says", [("ItHurtsIntent", {}), ("RedFlagIntent", {"symptom": SHARP})])
def test_it_hurts_while_a_track_plays_stops_it_and_offers_the_gentler_one(
    config: Config, says: tuple[str, dict[str, Any]]
) -> None:
    echo, _ = playing_morning_stretches(config)
    intent, slots = says
    said = echo.one_shot(intent, **slots)
    assert said.has("hurts_stop")
    assert said.has("hurts_offer_gentler", name="deep breathing")
    assert directive_types(said) == ["AudioPlayer.Stop"], "the painful exercise must not play on"
    assert not said.ended
    state = stored(config)
    assert state["handsfree"]["status"] == "stopped"
    assert state["pain_log"][-1]["moment"] == "sharp"
    assert state["pain_log"][-1]["exercise"] == "knees_to_chest"

    said = echo.say("AMAZON.YesIntent")
    assert said.has("single_heading", name="Deep breathing") and said.has("gentler_after_routine")
    assert "AudioPlayer.Play" not in directive_types(said), "the coach guides it by voice now"
    said = echo.say("AMAZON.NextIntent")
    assert said.has("exercise_heading", number=2, total=6, name="Pelvic tilt")


def test_it_hurts_with_no_routine_playing_sends_no_player_directive(config: Config) -> None:
    echo = Conversation(send=in_process_transport(config), interfaces={"AudioPlayer": {}})
    said = echo.one_shot("ItHurtsIntent")
    assert said.has("hurts_stop") and said.has("hurts_no_exercise")
    assert directive_types(said) == []
