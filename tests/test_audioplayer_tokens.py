"""Track tokens and the hands-free coach on their own, and tokens that are not ours."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from skill.audio.build import build
from skill.audio.library import TrackLibrary
from skill.audio.tracks import TrackRef
from skill.coach import handsfree
from skill.coach.turn import Turn
from skill.config import Config
from skill.domain.content import load_content
from tests.alexa import APPLICATION_ID, Conversation

AUDIO = handsfree.Audio(base_url="https://audio.example.test", has_player=True)


def fresh_turn() -> Turn:
    return Turn(
        content=load_content("en-US"), session={}, user={}, now=datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    )


def test_tokens_round_trip_and_junk_is_refused() -> None:
    ref = TrackRef("desk_stretches", 3, easier=True, full=False)
    assert handsfree.decode(handsfree.encode(ref)) == ref
    for junk in (
        None,
        "",
        "hf",
        "hf:desk_stretches:x:01",
        "hf:desk_stretches:1:2",
        "other:desk_stretches:1:01",
        "hf:a:b:c:d",
    ):
        assert handsfree.decode(junk) is None, junk


def test_events_for_unknown_tracks_change_nothing() -> None:
    turn = fresh_turn()
    for token in ("hf:no_such_routine:0:01", "hf:quick_relief:99:01", "someone-elses-token"):
        assert handsfree.started(turn, token).commands == []
        assert handsfree.nearly_finished(turn, AUDIO, token).commands == []
        assert handsfree.finished(turn, token).commands == []
    assert turn.user == {}


def test_the_last_track_queues_nothing_and_finishing_records_the_session() -> None:
    turn = fresh_turn()
    last = handsfree.encode(TrackRef("quick_relief", 3))
    handsfree.started(turn, last)
    assert turn.user["last_routine"]["index"] == 3
    assert handsfree.nearly_finished(turn, AUDIO, last).commands == []
    handsfree.finished(turn, last)
    assert "last_routine" not in turn.user
    assert turn.user["sessions"][-1]["routine"] == "quick_relief"
    assert not handsfree.is_active(turn)


def test_learned_exercises_play_the_short_cue_next_time(tmp_path: Path) -> None:
    refs = [TrackRef("quick_relief", 1, full=True), TrackRef("quick_relief", 1, full=False)]
    build(tmp_path, engine="espeak", texts=[], refs=refs, show_progress=False)
    audio = handsfree.Audio(AUDIO.base_url, has_player=True, library=TrackLibrary(tmp_path))
    turn = fresh_turn()
    first = handsfree.encode(TrackRef("quick_relief", 0, full=True))
    handsfree.started(turn, first)
    (full,) = handsfree.nearly_finished(turn, audio, first).commands
    assert full.token == "hf:quick_relief:1:01" and full.expected_previous == first
    turn.user["learned"].append("knees_to_chest")
    (short,) = handsfree.nearly_finished(turn, audio, first).commands
    assert short.token == "hf:quick_relief:1:00"
    assert full.url != short.url
    assert all((tmp_path / play.url.rsplit("/", 1)[1]).is_file() for play in (full, short))


def test_a_track_missing_from_the_library_queues_nothing(tmp_path: Path) -> None:
    turn = fresh_turn()
    audio = handsfree.Audio(AUDIO.base_url, has_player=True, library=TrackLibrary(tmp_path))
    first = handsfree.encode(TrackRef("quick_relief", 0, full=True))
    handsfree.started(turn, first)
    assert handsfree.nearly_finished(turn, audio, first).commands == []
    # The place is kept, so the routine can be resumed once the audio is built.
    assert turn.user["last_routine"]["index"] == 0


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return Config(
        skill_id=APPLICATION_ID,
        local_dev=True,
        sqlite_path=tmp_path / "skill.sqlite3",
        audio_base_url=AUDIO.base_url,
    )


def test_a_foreign_token_from_the_device_gets_an_empty_answer(talk: Conversation) -> None:
    talk.interfaces = {"AudioPlayer": {}}
    said = talk.device("AudioPlayer.PlaybackNearlyFinished", token="not-ours", offsetInMilliseconds=0)
    assert not said.directives and not said.ssml
    said = talk.device("PlaybackController.NextCommandIssued")
    assert not said.directives and not said.ssml
