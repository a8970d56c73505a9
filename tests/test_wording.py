"""Wording a calm voice would use, and answers that follow what was just said."""

from __future__ import annotations

from skill.domain.content import load_content
from tests.alexa import Conversation

PHRASES = load_content("en-US").phrases
CORE = ("core strength", "core_strength")


def test_the_fallback_in_a_routine_does_not_say_stopping_hurts(talk: Conversation) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=("quick relief", "quick_relief"))
    said = talk.say("AMAZON.FallbackIntent")
    assert said.has("fallback_routine")
    # A wording fix: the exact words are the point, so they are checked as text.
    assert "or it hurts to stop" not in said and "if something hurts, say: it hurts" in said


def test_no_exercise_text_tells_someone_in_a_chair_to_lie_still() -> None:
    for key in sorted(PHRASES.keys()):
        for variant in PHRASES.variants(key):
            assert "lie still" not in variant.lower(), key


def test_after_core_strength_is_declined_the_menu_leaves_it_out(talk: Conversation) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=CORE)
    talk.say("SpasmOnsetIntent", onset_phrase=("this morning", "this_morning"))
    said = talk.say("AMAZON.NoIntent")
    assert said.has("menu_without_strength") and not said.has("menu") and not said.has("menu_first")


def test_correcting_the_onset_decides_ice_or_heat_again(talk: Conversation) -> None:
    talk.open()
    first = talk.say("IceOrHeatIntent", onset_phrase=("this morning", "this_morning"))
    assert first.has("thermal_advice_ice")
    corrected = talk.say("SpasmOnsetIntent", onset_ago="P8D")
    assert corrected.has("thermal_advice_heat")


def test_timers_and_reminders_say_what_will_happen(talk: Conversation) -> None:
    talk.open()
    said = talk.say("StartApplicationIntent", kind=("ice pack", "ice"))
    assert said.has("thermal_timer_local")
    # Wording fixes ("noted a timer", a reminder's text run on): the exact words are the point.
    assert "noted a timer" not in said and "tell you when to take it off" in said
    said = talk.say("AMAZON.YesIntent")
    assert said.has("thermal_reminder_local")
    assert "noted a reminder" not in said and "I'll remind you in" in said
    listed = talk.say("ListRemindersIntent").text
    assert "minutes: you can use your ice pack again" in listed
    assert ", You" not in listed and "again now" not in listed
