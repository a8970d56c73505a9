"""Opening the skill, help, fallback, stop and cancel, the end of a session, and restarts."""

from __future__ import annotations

import pytest
from flask import Flask

from skill.config import Config
from skill.domain.content import load_content
from skill.web.app import create_app
from tests.alexa import Conversation, phrase
from tests.conftest import http_transport

CONTENT = load_content("en-US")


def test_first_launch_welcomes_with_a_safety_note_and_the_routines(talk: Conversation) -> None:
    said = talk.open()
    assert said.has("welcome_first") and said.has("safety_note")
    assert said.has("menu_first") and all(routine.name in said for routine in CONTENT.routines.values())
    assert not said.ended and said.reprompt_has("menu_reprompt")
    assert said.card["title"] == CONTENT.phrases("card_title")
    assert len(said.text.split()) < 90, "a welcome someone in pain can sit through"


def test_returning_user_without_a_routine_gets_a_short_welcome(talk: Conversation) -> None:
    talk.open()
    talk.say("AMAZON.StopIntent")
    said = talk.open()
    assert said.has("welcome_back") and said.has("menu")
    assert not said.has("safety_note") and not said.has("welcome_first")


def test_returning_user_is_offered_to_continue_and_can_accept(talk: Conversation) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=("desk stretches", "desk_stretches"))
    talk.say("AMAZON.NextIntent")
    said = talk.say("AMAZON.StopIntent")
    assert said.has("stopped_saved") and said.ended
    talk.wait(hours=5)
    said = talk.open()
    assert said.has("welcome_back_continue", exercise="seated cat cow", number=2, routine="desk stretches")
    assert said.reprompt_has("continue_reprompt")
    said = talk.say("AMAZON.YesIntent")
    assert said.has("exercise_heading", number=2, total=6, name="Seated cat cow")


def test_returning_user_can_decline_and_gets_the_menu(talk: Conversation) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=("quick relief", "quick_relief"))
    talk.say("AMAZON.CancelIntent")
    talk.open()
    said = talk.say("AMAZON.NoIntent")
    assert said.has("menu") and not said.ended
    talk.say("AMAZON.StopIntent")
    said = talk.open()
    assert not said.has("welcome_back_continue"), "declining forgets the old place"


@pytest.mark.parametrize("in_routine", [False, True])
def test_help_says_what_to_say(talk: Conversation, in_routine: bool) -> None:
    talk.open()
    if in_routine:
        talk.say("StartRoutineIntent", routine=("quick relief", "quick_relief"))
    said = talk.say("AMAZON.HelpIntent")
    assert said.has("help_routine" if in_routine else "help_menu") and not said.ended and said.reprompt


@pytest.mark.parametrize("intent", ["AMAZON.FallbackIntent", "SomeIntentWeNeverModelled"])
def test_fallback_and_unknown_intents_suggest_something_useful(talk: Conversation, intent: str) -> None:
    talk.open()
    said = talk.say(intent)
    assert said.has("fallback_menu") and not said.ended
    talk.say("StartRoutineIntent", routine=("quick relief", "quick_relief"))
    said = talk.say(intent)
    assert said.has("fallback_routine")


def test_fallback_while_a_question_is_open_repeats_the_question(talk: Conversation) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=("core strength", "core_strength"))
    said = talk.say("AMAZON.FallbackIntent")
    assert said.has_in_order(phrase("fallback_pending"), phrase("ask_onset_reprompt"))


@pytest.mark.parametrize("intent", ["AMAZON.StopIntent", "AMAZON.CancelIntent"])
def test_stop_and_cancel_end_the_session(talk: Conversation, intent: str) -> None:
    talk.open()
    said = talk.say(intent)
    assert said.has("goodbye") and said.ended and not said.reprompt


def test_session_ended_speaks_nothing_and_keeps_the_place(talk: Conversation) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=("quick relief", "quick_relief"))
    talk.say("AMAZON.NextIntent")
    said = talk.end("EXCEEDED_MAX_REPROMPTS")
    assert said.ssml == "" and said.response.get("outputSpeech") is None
    said = talk.open()
    assert said.has("welcome_back_continue", exercise="knees to chest", number=2, routine="quick relief")


def test_repeat_outside_a_routine_says_the_last_thing_again(talk: Conversation) -> None:
    first = talk.open()
    said = talk.say("AMAZON.RepeatIntent")
    assert said.text == first.text


def test_navigate_home_returns_to_the_menu(talk: Conversation) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=("quick relief", "quick_relief"))
    said = talk.say("AMAZON.NavigateHomeIntent")
    assert said.has("menu")


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
    knees = CONTENT.exercises["knees_to_chest"]
    assert said.has("exercise_heading", number=2, total=4, name=knees.name)
    assert knees.cue in said and knees.steps[0] not in said, "still learned"
    for _ in range(3):
        said = again.say("AMAZON.NextIntent")
    again.say("PainLevelIntent", level="4")
    said = again.open()
    said = again.say("ProgressIntent")
    assert said.has("progress_sessions_one") and said.has("trend_down", first=7, latest=4)


@pytest.mark.parametrize(
    ("intent", "slots", "expected", "ends"),
    [
        ("AMAZON.ResumeIntent", {}, "nothing_to_resume", False),
        ("AMAZON.PauseIntent", {}, "paused_nothing", True),
        ("AMAZON.StartOverIntent", {}, "menu", False),
        ("MakeItEasierIntent", {}, "easier_later", False),
        ("StartExerciseIntent", {"exercise": "handstand"}, "detail_which", False),
        ("AMAZON.YesIntent", {}, "menu", False),
        ("AMAZON.NoIntent", {}, "goodbye", True),
    ],
)
def test_routine_words_outside_a_routine_get_a_sensible_answer(
    talk: Conversation, intent: str, slots: dict, expected: str, ends: bool
) -> None:
    talk.open()
    said = talk.say(intent, **slots)
    assert said.has(expected) and said.ended == ends


def test_yes_to_when_did_it_start_asks_for_the_time(talk: Conversation) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=("core strength", "core_strength"))
    said = talk.say("AMAZON.YesIntent")
    assert said.has("ask_onset_again") and not said.ended


def test_easier_chosen_outside_a_routine_applies_to_the_next_one(talk: Conversation) -> None:
    talk.open()
    talk.say("MakeItEasierIntent")
    said = talk.say("StartRoutineIntent", routine=("quick relief", "quick_relief"))
    assert said.has("dose_timed", seconds=30), "deep breathing's easier dose"
