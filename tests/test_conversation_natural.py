"""Answers in context, spoken slot values, everyday phrasings and routines across sessions."""

from __future__ import annotations

import pytest

from skill.alexa.ssml import spoken_seconds
from skill.domain.guide import GET_READY_SECONDS
from tests.alexa import Conversation, phrase

QUICK = ("quick relief", "quick_relief")
MORNING = ("morning stretches", "morning_stretches")


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
    assert said.has("pain_noted", level=level) and said.ended


@pytest.mark.parametrize("heard", ["PT30S", "thirty seconds", "30 seconds"])
def test_countdown_durations_arrive_canonical_or_spoken(talk: Conversation, heard: str) -> None:
    talk.open()
    said = talk.say("CountdownIntent", duration=heard)
    assert said.has("countdown_intro", seconds=phrase("seconds_only", seconds=30))


# Eight days: strengthening waits until the pain has settled (the phase rule), about a week.
@pytest.mark.parametrize("heard", ["P8D", "eight days"])
def test_onset_durations_arrive_canonical_or_spoken(talk: Conversation, heard: str) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=("core strength", "core_strength"))
    said = talk.say("SpasmOnsetIntent", onset_ago=heard)
    assert said.has("exercise_heading", number=1, total=4)


def test_spoken_rep_counts_are_counted(talk: Conversation) -> None:
    talk.open()
    assert talk.say("CountRepsIntent", count="five").has("reps_intro", reps=5)


def test_a_slower_pace_stretches_the_repetitions_but_not_a_holds_seconds(talk: Conversation) -> None:
    talk.open()
    usual_reps = spoken_seconds(talk.say("CountRepsIntent", count="3").ssml)
    usual_hold = spoken_seconds(talk.say("CountdownIntent", duration="PT10S").ssml)
    said = talk.say("PaceIntent", pace=("slower", "slower"))
    assert said.has("pace_slower")
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
    assert first.has("floor_how")
    again = talk.say("AMAZON.NextIntent")
    assert not again.has("floor_how")


def test_a_paused_routine_answers_in_a_new_session(talk: Conversation) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=MORNING)
    assert talk.say("AMAZON.PauseIntent").ended
    assert talk.one_shot("HowManyLeftIntent").has("many_left", left=5, total=6)
    assert talk.one_shot("WhatsNextIntent").has("next_is", name="pelvic tilt")
    assert talk.one_shot("AMAZON.NextIntent").has("exercise_heading", number=2, total=6)


def test_an_exercise_that_hurt_is_never_offered_again_as_it_was(talk: Conversation) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=MORNING)
    talk.say("AMAZON.NextIntent")  # pelvic tilt; its gentler one is knees to chest
    talk.say("ItHurtsIntent")
    talk.say("AMAZON.StopIntent")
    welcome = talk.open()
    assert welcome.has("welcome_back_gentler", exercise="pelvic tilt", gentler="knees to chest")
    resumed = talk.say("AMAZON.YesIntent")
    assert resumed.has("resuming_gentler", gentler="knees to chest", exercise="pelvic tilt")
    assert not resumed.has("exercise_heading", number=2, total=6)
    assert talk.say("AMAZON.NextIntent").has("exercise_heading", number=3, total=6)


def test_a_one_shot_resume_after_it_hurt_takes_the_gentler_one(talk: Conversation) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=MORNING)
    talk.say("AMAZON.NextIntent")
    talk.say("ItHurtsIntent")
    talk.say("AMAZON.StopIntent")
    resumed = talk.one_shot("AMAZON.ResumeIntent")
    assert resumed.has("resuming_gentler", gentler="knees to chest", exercise="pelvic tilt")
    assert not resumed.has("exercise_heading", number=2, total=6)


def test_how_am_i_doing_counts_a_score_from_a_moment_ago(talk: Conversation) -> None:
    talk.open()
    talk.say("PainLevelIntent", level="6")
    said = talk.say("ProgressIntent")
    assert said.has("trend_one", latest=6)


def test_i_cant_get_on_the_floor_offers_seated_and_starts_no_floor_routine(talk: Conversation) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=MORNING)
    offer = talk.say("FloorIntent")
    assert offer.has("floor_offer_seated") and not offer.has("get_ready")
    started = talk.say("AMAZON.YesIntent")
    assert started.has("routine_intro", name="Desk stretches", total=6)


def test_medication_questions_get_no_advice_and_no_dose(talk: Conversation) -> None:
    talk.open()
    said = talk.say("MedicationIntent", medication=("ibuprofen", "ibuprofen"))
    assert said.has("medication_ask_professional")
    # Words of a dose must never be said, in whatever phrase: this checks the wording itself.
    for word in ("ibuprofen", "milligram", "tablet", "dose", "every"):
        assert word not in said.text.lower()


def test_thanks_mid_routine_closes_kindly_and_keeps_the_place(talk: Conversation) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=QUICK)
    said = talk.say("ThanksIntent")
    assert said.ended and said.has("thanks_saved")
    assert talk.one_shot("AMAZON.ResumeIntent").has("exercise_heading", number=1, total=4)


def test_time_left_is_in_minutes(talk: Conversation) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=MORNING)
    said = talk.say("TimeLeftIntent")
    assert said.has("time_left", left=5)


def test_back_pain_asks_one_question_then_offers_quick_relief(talk: Conversation) -> None:
    talk.open()
    asked = talk.say("BackPainHelpIntent")
    assert asked.has("back_help_question") and not asked.has("get_ready")
    offered = talk.say("AMAZON.NoIntent")
    assert offered.has("back_help_offer") and not offered.ended
    assert talk.say("AMAZON.YesIntent").has("routine_intro", name="Quick relief", total=4)
