"""Hands-free routines through the endpoint: the device plays, reports, and is steered."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from skill.audio.tracks import CHIME
from skill.config import Config
from tests.alexa import Conversation, Said, audio_player_context
from tests.library_support import AUDIO_BASE, build_routine_library, config_with_library

PLAYER = {"AudioPlayer": {}}
MORNING = ("morning stretches", "morning_stretches")


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The morning stretches built for real (espeak-ng): every exercise, full and short."""
    return build_routine_library(tmp_path_factory.mktemp("audio"), "morning_stretches")


@pytest.fixture
def config(tmp_path: Path, library: Path) -> Config:
    return config_with_library(tmp_path, library)


@pytest.fixture
def echo(talk: Conversation) -> Conversation:
    """A speaker that can play audio."""
    talk.interfaces = PLAYER
    return talk


def plays(said: Said) -> list[dict[str, Any]]:
    return [d for d in said.directives if d["type"] == "AudioPlayer.Play"]


def stream(said: Said) -> dict[str, Any]:
    (play,) = plays(said)
    return play["audioItem"]["stream"]


def start_hands_free(echo: Conversation) -> dict[str, Any]:
    said = echo.one_shot("HandsFreeRoutineIntent", routine=MORNING)
    assert said.has("handsfree_starting", name="morning stretches") and said.has("handsfree_stop_if_sharp")
    assert said.ended
    # The skill's chime leads the speech, as an HTTPS clip from the same library.
    assert f'<audio src="{AUDIO_BASE}/audio/{CHIME.name}"/>' in said.ssml
    first = stream(said)
    assert plays(said)[0]["playBehavior"] == "REPLACE_ALL"
    assert first["url"].startswith(AUDIO_BASE + "/audio/track-") and first["url"].endswith(".mp3")
    assert first["offsetInMilliseconds"] == 0
    echo.player = audio_player_context(first["token"], 0, "PLAYING")
    return first


def test_a_routine_plays_to_the_end_without_a_word(echo: Conversation, library: Path) -> None:
    track = start_hands_free(echo)
    seen = [track["url"]]
    for number in range(1, 7):
        echo.device("AudioPlayer.PlaybackStarted", token=track["token"], offsetInMilliseconds=0)
        said = echo.device(
            "AudioPlayer.PlaybackNearlyFinished", token=track["token"], offsetInMilliseconds=60000
        )
        assert not said.ssml, "player events never speak"
        if number < 6:
            (play,) = plays(said)
            assert play["playBehavior"] == "ENQUEUE"
            following = play["audioItem"]["stream"]
            assert following["expectedPreviousToken"] == track["token"]
            assert following["url"] not in seen
            seen.append(following["url"])
        else:
            assert not plays(said), "nothing is queued after the last exercise"
        echo.device("AudioPlayer.PlaybackFinished", token=track["token"], offsetInMilliseconds=60000)
        if number < 6:
            track = following
    # Every URL names a track the library built.
    assert all((library / url.rsplit("/", 1)[1]).is_file() for url in seen)
    # The routine is finished: nothing is left to resume, and it counts as a session done.
    said = echo.one_shot("AMAZON.ResumeIntent")
    assert said.has("nothing_to_resume")
    assert not plays(said)


def test_nothing_more_is_queued_after_a_red_flag_told_meanwhile(echo: Conversation) -> None:
    first = start_hands_free(echo)
    echo.device("AudioPlayer.PlaybackStarted", token=first["token"], offsetInMilliseconds=0)
    playing = echo.player
    # Told while the track was paused here (so no Stop went out), or on another device.
    echo.player = audio_player_context(first["token"], 5000, "STOPPED")
    said = echo.one_shot("RedFlagIntent", symptom="my legs are numb")
    assert said.has("red_flag_emergency") and said.ended
    echo.player = playing
    said = echo.device("AudioPlayer.PlaybackNearlyFinished", token=first["token"], offsetInMilliseconds=60000)
    assert not plays(said), "the track plays out and nothing follows it"


def test_pause_and_resume_from_the_same_place(echo: Conversation) -> None:
    first = start_hands_free(echo)
    echo.device("AudioPlayer.PlaybackStarted", token=first["token"], offsetInMilliseconds=0)
    echo.player["offsetInMilliseconds"] = 41250
    said = echo.one_shot("AMAZON.PauseIntent")
    assert [d["type"] for d in said.directives] == ["AudioPlayer.Stop"]
    echo.device("AudioPlayer.PlaybackStopped", token=first["token"], offsetInMilliseconds=41300)
    echo.player["playerActivity"] = "STOPPED"

    said = echo.one_shot("AMAZON.ResumeIntent")
    resumed = stream(said)
    assert resumed["token"] == first["token"]
    assert resumed["offsetInMilliseconds"] == 41300


def test_device_buttons_pause_play_next_and_previous(echo: Conversation) -> None:
    first = start_hands_free(echo)
    echo.device("AudioPlayer.PlaybackStarted", token=first["token"], offsetInMilliseconds=0)
    echo.player["offsetInMilliseconds"] = 5000
    said = echo.device("PlaybackController.PauseCommandIssued")
    assert [d["type"] for d in said.directives] == ["AudioPlayer.Stop"]
    echo.player["offsetInMilliseconds"] = 5200
    said = echo.device("PlaybackController.PlayCommandIssued")
    assert stream(said)["offsetInMilliseconds"] == 5200
    assert not said.ssml

    said = echo.device("PlaybackController.NextCommandIssued")
    second = stream(said)
    assert second["token"].split(":")[2] == "1"
    assert second["offsetInMilliseconds"] == 0
    echo.device("AudioPlayer.PlaybackStarted", token=second["token"], offsetInMilliseconds=0)
    said = echo.device("PlaybackController.PreviousCommandIssued")
    assert stream(said)["token"].split(":")[2] == "0"


def test_next_previous_and_stop_by_voice_keep_the_place(echo: Conversation) -> None:
    first = start_hands_free(echo)
    echo.device("AudioPlayer.PlaybackStarted", token=first["token"], offsetInMilliseconds=0)
    said = echo.one_shot("AMAZON.NextIntent")
    second = stream(said)
    assert second["token"].split(":")[:3] == ["hf", "morning_stretches", "1"]
    echo.device("AudioPlayer.PlaybackStarted", token=second["token"], offsetInMilliseconds=0)
    said = echo.one_shot("AMAZON.PreviousIntent")
    assert stream(said)["token"].split(":")[2] == "0"
    said = echo.one_shot("AMAZON.NextIntent")
    echo.device("AudioPlayer.PlaybackStarted", token=stream(said)["token"], offsetInMilliseconds=0)

    said = echo.one_shot("AMAZON.StopIntent")
    assert said.has("handsfree_stopped")
    assert said.ended
    assert [d["type"] for d in said.directives] == ["AudioPlayer.Stop"]

    # Tomorrow, on a speaker with no audio player, the spoken mode carries on at exercise 2.
    echo.interfaces = {}
    echo.player = {}
    echo.wait(days=1)
    said = echo.one_shot("AMAZON.ResumeIntent")
    assert said.has("exercise_heading", number=2, total=6)
    assert not plays(said)


def test_a_failed_stream_keeps_the_place_and_clears_the_queue(echo: Conversation) -> None:
    first = start_hands_free(echo)
    echo.device("AudioPlayer.PlaybackStarted", token=first["token"], offsetInMilliseconds=0)
    said = echo.device(
        "AudioPlayer.PlaybackFailed",
        token=first["token"],
        error={"type": "MEDIA_ERROR_SERVICE_UNAVAILABLE", "message": "404"},
        currentPlaybackState={
            "token": first["token"],
            "offsetInMilliseconds": 0,
            "playerActivity": "STOPPED",
        },
    )
    assert [d["type"] for d in said.directives] == ["AudioPlayer.ClearQueue"]
    assert said.directives[0]["clearBehavior"] == "CLEAR_ENQUEUED"
    said = echo.device(
        "System.ExceptionEncountered",
        error={"type": "INVALID_RESPONSE", "message": "bad directive"},
        cause={"requestId": "amzn1.echo-api.request.1"},
    )
    assert not said.ssml and not said.directives
    said = echo.one_shot("AMAZON.ResumeIntent")
    assert stream(said)["token"] == first["token"]


def test_loop_and_shuffle_are_declined_kindly(echo: Conversation) -> None:
    start_hands_free(echo)
    for intent in (
        "AMAZON.LoopOnIntent",
        "AMAZON.ShuffleOnIntent",
        "AMAZON.LoopOffIntent",
        "AMAZON.ShuffleOffIntent",
    ):
        said = echo.one_shot(intent)
        assert said.has("handsfree_no_loop")
        assert not plays(said)


def test_a_device_without_audio_player_gets_the_spoken_mode(talk: Conversation) -> None:
    said = talk.one_shot("HandsFreeRoutineIntent", routine=MORNING)
    assert said.has("handsfree_no_player")
    assert said.has("exercise_heading", number=1, total=6)
    assert not plays(said)
    said = talk.say("AMAZON.NextIntent")
    assert said.has("exercise_heading", number=2, total=6)


def test_the_hands_free_preference_makes_start_play_audio(echo: Conversation) -> None:
    said = echo.one_shot("HandsFreeOnIntent")
    assert said.has("handsfree_on")
    said = echo.one_shot("StartRoutineIntent", routine=MORNING)
    assert plays(said)
    said = echo.one_shot("HandsFreeOffIntent")
    assert said.has("handsfree_off")
    said = echo.one_shot("StartRoutineIntent", routine=MORNING)
    assert not plays(said)
    assert said.has("exercise_heading", number=1, total=6)
    # A spoken routine in this session is not taken over by the paused hands-free one.
    said = echo.say("AMAZON.NextIntent")
    assert said.has("exercise_heading", number=2, total=6) and not plays(said)


def test_with_the_preference_resume_my_routine_plays_from_the_saved_exercise(echo: Conversation) -> None:
    echo.one_shot("HandsFreeOnIntent")
    first = start_hands_free(echo)
    echo.device("AudioPlayer.PlaybackStarted", token=first["token"], offsetInMilliseconds=0)
    echo.device("AudioPlayer.PlaybackFinished", token=first["token"], offsetInMilliseconds=90000)
    # The device went quiet before the next track started; tomorrow the place is exercise 2.
    echo.player = {}
    echo.wait(days=1)
    said = echo.one_shot("AMAZON.ResumeIntent")
    assert said.has("handsfree_resuming", name="morning stretches")
    assert stream(said)["token"].split(":")[:3] == ["hf", "morning_stretches", "1"]
    assert stream(said)["offsetInMilliseconds"] == 0


def test_on_a_screen_each_play_names_the_exercise_routine_and_position(talk: Conversation) -> None:
    from skill.domain.content import load_content
    from skill.simulator.envelopes import interfaces_for

    talk.interfaces = interfaces_for(["screen", "audio"])
    said = talk.one_shot("HandsFreeRoutineIntent", routine=MORNING)
    (play,) = plays(said)
    metadata = play["audioItem"]["metadata"]
    content = load_content("en-US")
    routine = content.routines["morning_stretches"]
    assert metadata["title"] == content.routine_exercises(routine.id)[0].name
    assert metadata["subtitle"] == content.phrases(
        "screen_now_playing", routine=routine.name, number=1, total=len(routine.exercises)
    )
    assert metadata["art"]["sources"] == [{"url": f"{AUDIO_BASE}/art/now-playing.png"}]
    # The player's own Now Playing screen shows it; no APL document goes with a Play.
    assert not [d for d in said.directives if d["type"] == "Alexa.Presentation.APL.RenderDocument"]


def test_how_many_are_left_while_it_plays_counts_the_playing_routine(echo: Conversation) -> None:
    first = start_hands_free(echo)
    echo.device("AudioPlayer.PlaybackStarted", token=first["token"], offsetInMilliseconds=0)
    said = echo.one_shot("HowManyLeftIntent")
    assert said.has("many_left", left=5, total=6)
    # Asking leaves the audio alone: no player command, and "next" still steers the track.
    assert not plays(said)
    assert stream(echo.one_shot("AMAZON.NextIntent"))["token"] != first["token"]
