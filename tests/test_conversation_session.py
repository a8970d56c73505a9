"""Opening the skill, help, fallback, stop and cancel, the end of a session, and restarts."""

from __future__ import annotations

import pytest
from flask import Flask

from skill.config import Config
from skill.web.app import create_app
from tests.alexa import Conversation
from tests.conftest import http_transport

MENU = ["quick relief", "morning stretches", "desk stretches", "core strength"]


def test_first_launch_welcomes_with_a_safety_note_and_the_routines(talk: Conversation) -> None:
    said = talk.open()
    assert "Welcome to Back Spasm Helper" in said
    assert "stop if pain turns sharp" in said and "see a doctor" in said
    assert all(name in said for name in MENU)
    assert not said.ended and "quick relief" in said.reprompt
    assert said.card["title"] == "Back Spasm Helper"
    assert len(said.text.split()) < 90, "a welcome someone in pain can sit through"


def test_returning_user_without_a_routine_gets_a_short_welcome(talk: Conversation) -> None:
    talk.open()
    talk.say("AMAZON.StopIntent")
    said = talk.open()
    assert said.text.startswith("Welcome back.")
    assert "safety" not in said and "Welcome to" not in said


def test_returning_user_is_offered_to_continue_and_can_accept(talk: Conversation) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=("desk stretches", "desk_stretches"))
    talk.say("AMAZON.NextIntent")
    said = talk.say("AMAZON.StopIntent")
    assert "saved your place" in said and said.ended
    talk.wait(hours=5)
    said = talk.open()
    assert "stopped at seated cat cow, exercise 2 of desk stretches" in said
    assert "yes or no" in said.reprompt
    said = talk.say("AMAZON.YesIntent")
    assert "exercise 2 of 6: Seated cat cow" in said


def test_returning_user_can_decline_and_gets_the_menu(talk: Conversation) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=("quick relief", "quick_relief"))
    talk.say("AMAZON.CancelIntent")
    talk.open()
    said = talk.say("AMAZON.NoIntent")
    assert "Which would you like?" in said and not said.ended
    talk.say("AMAZON.StopIntent")
    said = talk.open()
    assert "Last time" not in said, "declining forgets the old place"


@pytest.mark.parametrize("in_routine", [False, True])
def test_help_says_what_to_say(talk: Conversation, in_routine: bool) -> None:
    talk.open()
    if in_routine:
        talk.say("StartRoutineIntent", routine=("quick relief", "quick_relief"))
    said = talk.say("AMAZON.HelpIntent")
    expected = ["next, previous, repeat"] if in_routine else ["count down thirty seconds", "ice or heat"]
    assert all(words in said for words in expected) and not said.ended and said.reprompt


@pytest.mark.parametrize("intent", ["AMAZON.FallbackIntent", "SomeIntentWeNeverModelled"])
def test_fallback_and_unknown_intents_suggest_something_useful(talk: Conversation, intent: str) -> None:
    talk.open()
    said = talk.say(intent)
    assert "didn't catch that" in said and "quick relief" in said and not said.ended
    talk.say("StartRoutineIntent", routine=("quick relief", "quick_relief"))
    said = talk.say(intent)
    assert "Say next to go on" in said and "it hurts" in said


def test_fallback_while_a_question_is_open_repeats_the_question(talk: Conversation) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=("core strength", "core_strength"))
    said = talk.say("AMAZON.FallbackIntent")
    assert "didn't catch that" in said and "When did the spasm start" in said


@pytest.mark.parametrize("intent", ["AMAZON.StopIntent", "AMAZON.CancelIntent"])
def test_stop_and_cancel_end_the_session(talk: Conversation, intent: str) -> None:
    talk.open()
    said = talk.say(intent)
    assert "Goodbye" in said and said.ended and not said.reprompt


def test_session_ended_speaks_nothing_and_keeps_the_place(talk: Conversation) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=("quick relief", "quick_relief"))
    talk.say("AMAZON.NextIntent")
    said = talk.end("EXCEEDED_MAX_REPROMPTS")
    assert said.ssml == "" and said.response.get("outputSpeech") is None
    said = talk.open()
    assert "stopped at knees to chest, exercise 2 of quick relief" in said


def test_repeat_outside_a_routine_says_the_last_thing_again(talk: Conversation) -> None:
    first = talk.open()
    said = talk.say("AMAZON.RepeatIntent")
    assert said.text == first.text


def test_navigate_home_returns_to_the_menu(talk: Conversation) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=("quick relief", "quick_relief"))
    said = talk.say("AMAZON.NavigateHomeIntent")
    assert "Which would you like?" in said


def test_a_server_restart_loses_nothing(config: Config) -> None:
    """A new app on the same SQLite file still knows the place, what was learned, the pain log."""
    first = Conversation(send=http_transport(create_app(config)))
    first.open()
    first.say("PainLevelIntent", level="7")
    first.say("StartRoutineIntent", routine=("quick relief", "quick_relief"))
    first.say("AMAZON.NextIntent")
    first.say("AMAZON.PauseIntent")

    restarted: Flask = create_app(config)
    again = Conversation(send=http_transport(restarted), now=first.now)
    said = again.one_shot("AMAZON.ResumeIntent")
    assert "exercise 2 of 4: Knees to chest" in said
    assert "Hug your knees in" in said and "Wrap your arms" not in said, "still learned"
    for _ in range(3):
        said = again.say("AMAZON.NextIntent")
    again.say("PainLevelIntent", level="4")
    said = again.open()
    said = again.say("ProgressIntent")
    assert "finished one routine" in said and "from 7 to 4" in said


@pytest.mark.parametrize(
    ("intent", "slots", "expected", "ends"),
    [
        ("AMAZON.ResumeIntent", {}, "no routine to pick up", False),
        ("AMAZON.PauseIntent", {}, "nothing to pause", True),
        ("AMAZON.StartOverIntent", {}, "Which would you like?", False),
        ("MakeItEasierIntent", {}, "keep the holds shorter", False),
        ("StartExerciseIntent", {"exercise": "handstand"}, "Which exercise", False),
        ("AMAZON.YesIntent", {}, "Which would you like?", False),
        ("AMAZON.NoIntent", {}, "Goodbye", True),
    ],
)
def test_routine_words_outside_a_routine_get_a_sensible_answer(
    talk: Conversation, intent: str, slots: dict, expected: str, ends: bool
) -> None:
    talk.open()
    said = talk.say(intent, **slots)
    assert expected in said and said.ended == ends


def test_yes_to_when_did_it_start_asks_for_the_time(talk: Conversation) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=("core strength", "core_strength"))
    said = talk.say("AMAZON.YesIntent")
    assert "When did it start?" in said and not said.ended


def test_easier_chosen_outside_a_routine_applies_to_the_next_one(talk: Conversation) -> None:
    talk.open()
    talk.say("MakeItEasierIntent")
    said = talk.say("StartRoutineIntent", routine=("quick relief", "quick_relief"))
    assert "For 30 seconds." in said, "deep breathing's easier dose"
