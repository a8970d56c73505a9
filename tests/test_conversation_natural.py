"""Answers in context, spoken slot values, everyday phrasings and routines across sessions."""

from __future__ import annotations

import pytest

from skill.alexa.ssml import spoken_seconds
from skill.domain.content import load_content
from skill.domain.guide import GET_READY_SECONDS
from tests.alexa import Conversation

QUICK = ("quick relief", "quick_relief")
MORNING = ("morning stretches", "morning_stretches")
PHRASES = load_content("en-US").phrases


def template_start(key: str) -> str:
    """The words of a phrase up to its first placeholder, to find it in what was said."""
    return PHRASES.template(key).split("{")[0].strip().lower()


def finish_quick_relief(talk: Conversation):
    talk.open()
    talk.say("StartRoutineIntent", routine=QUICK)
    for _ in range(3):
        talk.say("AMAZON.NextIntent")
    return talk.say("AMAZON.NextIntent")


def test_the_pain_question_listens_for_a_bare_number(talk: Conversation) -> None:
    said = finish_quick_relief(talk)
    (elicit,) = [d for d in said.directives if d["type"] == "Dialog.ElicitSlot"]
    assert elicit["slotToElicit"] == "level"
    assert elicit["updatedIntent"]["name"] == "PainLevelIntent"
    assert not said.ended


@pytest.mark.parametrize(("heard", "level"), [("3", 3), ("three", 3), ("a three", 3), ("Seven", 7)])
def test_pain_levels_arrive_canonical_or_spoken(talk: Conversation, heard: str, level: int) -> None:
    finish_quick_relief(talk)
    said = talk.say("PainLevelIntent", level=heard)
    assert f"noted your pain as {level} out of ten" in said and said.ended


@pytest.mark.parametrize("heard", ["PT30S", "thirty seconds", "30 seconds"])
def test_countdown_durations_arrive_canonical_or_spoken(talk: Conversation, heard: str) -> None:
    talk.open()
    said = talk.say("CountdownIntent", duration=heard)
    assert "counting 30 seconds" in said


# Eight days: strengthening waits until the pain has settled (the phase rule), about a week.
@pytest.mark.parametrize("heard", ["P8D", "eight days"])
def test_onset_durations_arrive_canonical_or_spoken(talk: Conversation, heard: str) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=("core strength", "core_strength"))
    said = talk.say("SpasmOnsetIntent", onset_ago=heard)
    assert "exercise 1 of 4" in said


def test_spoken_rep_counts_are_counted(talk: Conversation) -> None:
    talk.open()
    assert "counting 5 repetitions" in talk.say("CountRepsIntent", count="five")


def test_a_slower_pace_stretches_the_repetitions_but_not_a_holds_seconds(talk: Conversation) -> None:
    talk.open()
    usual_reps = spoken_seconds(talk.say("CountRepsIntent", count="3").ssml)
    usual_hold = spoken_seconds(talk.say("CountdownIntent", duration="PT10S").ssml)
    said = talk.say("PaceIntent", pace=("slower", "slower"))
    assert template_start("pace_slower") in said.text.lower()
    assert spoken_seconds(talk.say("CountRepsIntent", count="3").ssml) > usual_reps
    assert spoken_seconds(talk.say("CountdownIntent", duration="PT10S").ssml) == usual_hold
    talk.say("PaceIntent", pace=("faster", "faster"))
    talk.say("PaceIntent", pace=("faster", "faster"))
    assert spoken_seconds(talk.say("CountRepsIntent", count="3").ssml) < usual_reps


def test_get_into_position_gives_ten_seconds_and_the_first_floor_exercise_says_how(
    talk: Conversation,
) -> None:
    assert GET_READY_SECONDS >= 10
    talk.open()
    first = talk.say("StartRoutineIntent", routine=MORNING)
    assert 'time="10s"' in first.ssml or 'time="10000ms"' in first.ssml
    assert "roll onto your side" in first
    again = talk.say("AMAZON.NextIntent")
    assert "roll onto your side" not in again


def test_a_paused_routine_answers_in_a_new_session(talk: Conversation) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=MORNING)
    assert talk.say("AMAZON.PauseIntent").ended
    assert "5 more exercises" in talk.one_shot("HowManyLeftIntent")
    assert "next is pelvic tilt" in talk.one_shot("WhatsNextIntent")
    assert "exercise 2 of 6" in talk.one_shot("AMAZON.NextIntent")


def test_an_exercise_that_hurt_is_never_offered_again_as_it_was(talk: Conversation) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=MORNING)
    talk.say("AMAZON.NextIntent")  # pelvic tilt; its gentler one is knees to chest
    talk.say("ItHurtsIntent")
    talk.say("AMAZON.StopIntent")
    welcome = talk.open()
    assert "pelvic tilt hurt" in welcome and "knees to chest instead" in welcome
    resumed = talk.say("AMAZON.YesIntent")
    assert "knees to chest" in resumed and "exercise 2 of 6" not in resumed
    assert "exercise 3 of 6" in talk.say("AMAZON.NextIntent")


def test_a_one_shot_resume_after_it_hurt_takes_the_gentler_one(talk: Conversation) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=MORNING)
    talk.say("AMAZON.NextIntent")
    talk.say("ItHurtsIntent")
    talk.say("AMAZON.StopIntent")
    resumed = talk.one_shot("AMAZON.ResumeIntent")
    assert "instead of pelvic tilt" in resumed and "exercise 2 of 6" not in resumed


def test_how_am_i_doing_counts_a_score_from_a_moment_ago(talk: Conversation) -> None:
    talk.open()
    talk.say("PainLevelIntent", level="6")
    said = talk.say("ProgressIntent")
    assert "latest pain score is 6 out of ten" in said


def test_i_cant_get_on_the_floor_offers_seated_and_starts_no_floor_routine(talk: Conversation) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=MORNING)
    offer = talk.say("FloorIntent")
    assert "sitting in a chair" in offer and template_start("get_ready") not in offer.text.lower()
    started = talk.say("AMAZON.YesIntent")
    assert "desk stretches, 6 exercises" in started


def test_medication_questions_get_no_advice_and_no_dose(talk: Conversation) -> None:
    talk.open()
    said = talk.say("MedicationIntent", medication=("ibuprofen", "ibuprofen"))
    assert "doctor or pharmacist" in said
    for word in ("ibuprofen", "milligram", "tablet", "dose", "every"):
        assert word not in said.text.lower()


def test_thanks_mid_routine_closes_kindly_and_keeps_the_place(talk: Conversation) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=QUICK)
    said = talk.say("ThanksIntent")
    assert said.ended and "saved your place" in said
    assert "exercise 1 of 4" in talk.one_shot("AMAZON.ResumeIntent")


def test_time_left_is_in_minutes(talk: Conversation) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=MORNING)
    said = talk.say("TimeLeftIntent")
    assert "minutes left, with 5 more after this one" in said


def test_back_pain_asks_one_question_then_offers_quick_relief(talk: Conversation) -> None:
    talk.open()
    asked = talk.say("BackPainHelpIntent")
    assert "numbness or weakness" in asked and template_start("get_ready") not in asked.text.lower()
    offered = talk.say("AMAZON.NoIntent")
    assert "quick relief" in offered and not offered.ended
    assert "quick relief, 4 exercises" in talk.say("AMAZON.YesIntent")
