"""Pain check-ins, "it hurts", red flags, and strengthening only after the acute phase."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from skill.config import Config
from skill.domain.content import load_content
from tests.alexa import Conversation, Said, phrase

RED_FLAGS = [
    ("my legs are numb", "emergency"),
    ("my legs are weak", "emergency"),
    ("I can't control my bladder", "emergency"),
    ("I have a fever", "doctor_today"),
    ("I fell", "emergency"),
]
PHRASES = load_content("en-US").phrases
SETTLED = phrase("phase_later_settled")


def stored_user(config: Config) -> dict:
    """What the store holds for the one test user, read straight from the SQLite file."""
    with sqlite3.connect(Path(config.sqlite_path)) as connection:
        row = connection.execute("SELECT attributes FROM user_attributes").fetchone()
    return json.loads(row[0]) if row else {}


def test_pain_before_during_and_after_is_stored(talk: Conversation, config: Config) -> None:
    talk.open()
    said = talk.say("PainLevelIntent", level="6")
    assert said.has("pain_noted", level=6) and said.has("pain_before_menu")
    talk.say("StartRoutineIntent", routine=("quick relief", "quick_relief"))
    said = talk.say("PainLevelIntent", level="5")
    assert said.has("pain_noted", level=5) and said.reprompt_has("routine_reprompt")
    for _ in range(4):
        said = talk.say("AMAZON.NextIntent")
    assert said.has("routine_done")
    said = talk.say("PainLevelIntent", level="3")
    assert said.has("pain_noted", level=3) and said.ended
    log = stored_user(config)["pain_log"]
    assert [(entry["moment"], entry["level"]) for entry in log] == [
        ("before", 6),
        ("during", 5),
        ("after", 3),
    ]
    assert log[1]["routine"] == "quick_relief"


def finish_quick_relief(talk: Conversation, before: str | None = None) -> None:
    talk.open()
    if before:
        talk.say("PainLevelIntent", level=before)
    talk.say("StartRoutineIntent", routine=("quick relief", "quick_relief"))
    for _ in range(4):
        said = talk.say("AMAZON.NextIntent")
    assert said.has("routine_done")


def asks_for_the_number(said: Said) -> bool:
    return any(d["type"] == "Dialog.ElicitSlot" and d["slotToElicit"] == "level" for d in said.directives)


@pytest.mark.parametrize(
    ("heard", "change"), [("a bit better", "better"), ("worse", "worse"), ("the same", "same")]
)
def test_a_change_said_instead_of_a_number_is_heard_then_the_number_asked(
    talk: Conversation, config: Config, heard: str, change: str
) -> None:
    finish_quick_relief(talk)  # no score before, so "the same" has nothing to be the same as
    said = talk.say("PainLevelIntent", change=(heard, change))
    assert said.has(f"pain_change_{change}") and not said.ended and asks_for_the_number(said)
    said = talk.say("PainLevelIntent", level="3")
    assert said.has("pain_noted", level=3) and said.ended
    assert [(e["moment"], e["level"]) for e in stored_user(config)["pain_log"]] == [("after", 3)]


def test_the_same_as_before_the_routine_is_noted_as_that_score(talk: Conversation, config: Config) -> None:
    finish_quick_relief(talk, before="4")
    said = talk.say("PainLevelIntent", change=("about the same", "same"))
    assert said.has("pain_noted", level=4) and said.ended
    assert stored_user(config)["pain_log"][-1]["level"] == 4


def test_no_pain_at_all_is_a_zero(talk: Conversation) -> None:
    finish_quick_relief(talk)
    said = talk.say("PainLevelIntent", change=("it's all gone", "gone"))
    assert said.has("pain_noted", level=0) and said.ended


def test_it_hurts_after_the_routine_answers_the_pain_question(talk: Conversation, config: Config) -> None:
    finish_quick_relief(talk)
    said = talk.say("ItHurtsIntent")
    assert said.has("pain_change_worse") and asks_for_the_number(said)
    assert not said.has("hurts_stop"), "no stretch is going on to stop"
    said = talk.say("PainLevelIntent", level="7")
    assert said.has("pain_noted", level=7)
    assert [e["moment"] for e in stored_user(config)["pain_log"]] == ["sharp", "after"]


@pytest.mark.parametrize("level", ["11", "-1", "a lot", None])
def test_a_pain_level_outside_zero_to_ten_is_asked_again(talk: Conversation, level: str | None) -> None:
    talk.open()
    said = talk.say("PainLevelIntent", level=level) if level else talk.say("PainLevelIntent")
    assert said.has("pain_invalid") and not said.ended


def test_severe_pain_points_to_a_doctor_and_the_gentlest_routine(talk: Conversation) -> None:
    talk.open()
    said = talk.say("PainLevelIntent", level="9")
    assert said.has("pain_gentle_only")
    said = talk.say("StartRoutineIntent", routine=("morning stretches", "morning_stretches"))
    assert said.has("pain_gentle_only"), "only the gentle routine after a pain of 8 or more"
    said = talk.say("AMAZON.YesIntent")
    assert said.has("routine_intro", name="Quick relief", total=4)


def test_how_am_i_doing_summarises_sessions_and_trend(talk: Conversation) -> None:
    talk.open()
    said = talk.say("ProgressIntent")
    assert said.has("progress_nothing")
    for level_before, level_after in (("7", "5"), ("5", "3")):
        talk.open()
        talk.say("PainLevelIntent", level=level_before)
        talk.say("StartRoutineIntent", routine=("quick relief", "quick_relief"))
        for _ in range(4):
            talk.say("SkipIntent")
        talk.say("PainLevelIntent", level=level_after)
        talk.wait(hours=20)
    talk.open()
    said = talk.say("ProgressIntent")
    assert said.has("progress_sessions", count=2)
    assert said.has("trend_down", first=7, latest=3)
    assert not said.ended


def test_a_rising_trend_suggests_a_doctor(talk: Conversation) -> None:
    talk.open()
    talk.say("PainLevelIntent", level="3")
    talk.say("PainLevelIntent", level="6")
    said = talk.say("ProgressIntent")
    assert said.has("trend_up", first=3, latest=6)


def test_it_hurts_stops_offers_a_gentler_one_and_is_recorded(talk: Conversation, config: Config) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=("morning stretches", "morning_stretches"))
    talk.say("AMAZON.NextIntent")  # pelvic tilt
    said = talk.say("ItHurtsIntent")
    assert said.has("hurts_stop") and said.has("hurts_offer_gentler", name="knees to chest")
    assert said.reprompt_has("hurts_offer_reprompt")
    said = talk.say("AMAZON.YesIntent")
    assert said.has("single_heading", name="Knees to chest") and said.has("hold_start")
    assert said.has("gentler_after_routine")
    said = talk.say("AMAZON.NextIntent")
    assert said.has("exercise_heading", number=3, total=6, name="Hip lifts")
    said = talk.say("ItHurtsIntent")
    said = talk.say("AMAZON.NoIntent")
    assert said.has("rest_then_next") and not said.ended
    sharp = [entry for entry in stored_user(config)["pain_log"] if entry["moment"] == "sharp"]
    assert [entry["exercise"] for entry in sharp] == ["pelvic_tilt", "hip_lifts"]
    talk.say("AMAZON.StopIntent")
    talk.open()
    said = talk.say("ProgressIntent")
    assert said.has("progress_sharp", count=2)


def test_it_hurts_outside_an_exercise_advises_rest(talk: Conversation) -> None:
    talk.open()
    said = talk.say("ItHurtsIntent")
    assert said.has("hurts_no_exercise") and not said.ended


def test_it_hurts_during_the_gentlest_exercise_advises_rest(talk: Conversation) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=("quick relief", "quick_relief"))
    said = talk.say("ItHurtsIntent")
    assert said.has("hurts_rest") and not said.has("hurts_offer_gentler")


@pytest.mark.parametrize(("heard", "tier"), RED_FLAGS)
def test_red_flags_end_any_routine_with_no_exercise_offered(
    talk: Conversation, heard: str, tier: str
) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=("morning stretches", "morning_stretches"))
    said = talk.say("RedFlagIntent", symptom=heard)
    assert said.has(f"red_flag_{tier}", number=PHRASES("emergency_number")) and said.ended
    routine_words = ("routine_intro", "exercise_heading", "hold_start", "after_exercise", "menu")
    assert not any(said.has(key) for key in routine_words)
    assert said.card["title"] == PHRASES(f"red_flag_card_{tier}")
    said = talk.open()
    held = "held_once_emergency" if tier == "emergency" else "held_once"
    assert said.has(held) and not said.ended, "remembered, and no routine offered"


def test_a_red_flag_outside_a_routine_also_ends_the_session(talk: Conversation) -> None:
    said = talk.one_shot("RedFlagIntent", symptom="I think I broke something")
    assert said.has("red_flag_emergency") and said.ended


def test_not_sure_when_it_started_is_taken_as_a_fresh_spasm(talk: Conversation) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=("core strength", "core_strength"))
    said = talk.say("SpasmOnsetIntent", onset_phrase=("no idea", "unknown"))
    assert said.begins_with("onset_unknown")
    assert said.has("too_soon", name="Core strength", later=SETTLED), "no strength work on a guess"


def test_strengthening_asks_when_it_started_and_offers_gentle_if_recent(talk: Conversation) -> None:
    talk.open()
    said = talk.say("StartRoutineIntent", routine=("core strength", "core_strength"))
    assert said.has("ask_onset_for_strength")
    said = talk.say("SpasmOnsetIntent", onset_phrase=("this morning", "this_morning"))
    assert said.has("too_soon", name="Core strength", later=SETTLED)
    assert said.has("too_soon_offer_routine", gentle="quick relief")
    assert said.has("stay_active"), "the first days: keep moving, no bed rest beyond 48 hours"
    said = talk.say("AMAZON.YesIntent")
    assert said.has("exercise_heading", number=1, total=4, name="Deep breathing")
    talk.say("AMAZON.StopIntent")
    talk.open()
    talk.say("AMAZON.NoIntent")
    said = talk.say("StartRoutineIntent", routine=("core strength", "core_strength"))
    assert said.has("too_soon", name="Core strength"), "the onset is remembered, not asked again"
    said = talk.say("AMAZON.NoIntent")
    assert said.has("strength_later") and not said.ended
    talk.wait(hours=49)
    talk.open()
    said = talk.say("StartRoutineIntent", routine=("core strength", "core_strength"))
    assert said.has("too_soon", name="Core strength") and not said.has("stay_active")
    talk.wait(days=6)
    talk.open()
    said = talk.say("StartRoutineIntent", routine=("core strength", "core_strength"))
    assert said.has("exercise_heading", number=1, total=4, name="Core tightening")


def test_strengthening_three_days_after_the_spasm_starts_is_too_soon(talk: Conversation) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=("core strength", "core_strength"))
    said = talk.say("SpasmOnsetIntent", onset_ago="P3D")
    assert said.has("too_soon", name="Core strength", later=SETTLED)
    said = talk.say("AMAZON.YesIntent")
    assert said.has("routine_intro", name="Quick relief", total=4)


def test_strengthening_eight_days_after_the_spasm_starts(talk: Conversation) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=("core strength", "core_strength"))
    said = talk.say("SpasmOnsetIntent", onset_ago="P8D")
    assert said.has("exercise_heading", number=1, total=4, name="Core tightening")


def test_an_onset_it_cannot_place_is_asked_again(talk: Conversation) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=("core strength", "core_strength"))
    said = talk.say("SpasmOnsetIntent", onset_phrase="a while")
    assert said.has("onset_not_understood") and not said.ended


def test_an_onset_said_on_its_own_is_noted(talk: Conversation) -> None:
    talk.open()
    said = talk.say("SpasmOnsetIntent", onset_phrase=("yesterday", "yesterday"))
    # The first days allow only the gentle routine: it is offered, not a menu it would refuse.
    assert said.has("onset_noted_recent") and said.has("onset_offer_quick_relief")
    assert not said.has("menu")
    said = talk.say("AMAZON.YesIntent")
    assert said.has("exercise_heading", number=1, total=4, name="Deep breathing")


def test_an_onset_of_a_week_ago_is_noted_with_the_menu(talk: Conversation) -> None:
    talk.open()
    said = talk.say("SpasmOnsetIntent", onset_phrase=("about a week", "about_a_week"))
    assert said.has("onset_noted_later") and said.has("menu")


def test_moving_on_after_it_hurts_drops_the_gentler_offer(talk: Conversation) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=("morning stretches", "morning_stretches"))
    talk.say("ItHurtsIntent")
    said = talk.say("AMAZON.NextIntent")
    assert said.has("exercise_heading", number=2, total=6, name="Pelvic tilt")
    said = talk.say("AMAZON.YesIntent")
    assert not said.has("single_heading", name="Knees to chest"), "a stale offer is not taken up later"
    assert said.has("routine_reprompt")


def test_a_spasm_of_more_than_two_weeks_suggests_a_doctor(talk: Conversation) -> None:
    talk.open()
    said = talk.say("SpasmOnsetIntent", onset_ago="P3W")
    assert said.has("onset_noted_long") and not said.ended
    said = talk.say("SpasmOnsetIntent", onset_phrase=("a few days ago", "few_days_ago"))
    assert said.has("onset_noted_later") and not said.has("onset_noted_long")


def test_the_gentler_exercise_stands_in_until_the_routine_moves_on(
    talk: Conversation, config: Config
) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=("morning stretches", "morning_stretches"))
    talk.say("AMAZON.NextIntent")  # pelvic tilt
    talk.say("ItHurtsIntent")
    talk.say("AMAZON.YesIntent")  # knees to chest instead
    said = talk.say("AMAZON.RepeatIntent")
    assert said.has("single_heading", name="Knees to chest") and said.has("gentler_after_routine")
    said = talk.say("MakeItEasierIntent")
    assert said.has("single_heading", name="Knees to chest")
    assert said.has("dose_hold", seconds=5, times=phrase("times_many", sets=2))
    said = talk.say("ItHurtsIntent")
    assert said.has("hurts_offer_gentler", name="deep breathing"), "the gentler one's own gentler one"
    said = talk.say("AMAZON.NextIntent")
    assert said.has("exercise_heading", number=3, total=6, name="Hip lifts")
    said = talk.say("AMAZON.RepeatIntent")
    assert said.has("exercise_heading", number=3, total=6, name="Hip lifts")
    sharp = [entry["exercise"] for entry in stored_user(config)["pain_log"] if entry["moment"] == "sharp"]
    assert sharp == ["pelvic_tilt", "knees_to_chest"]


@pytest.mark.parametrize(
    "routine_id", ["quick_relief", "morning_stretches", "desk_stretches", "core_strength"]
)
def test_a_red_flag_ends_each_routine_midway(talk: Conversation, routine_id: str) -> None:
    talk.open()
    talk.say("SpasmOnsetIntent", onset_ago="P8D")
    said = talk.say("StartRoutineIntent", routine=(routine_id.replace("_", " "), routine_id))
    assert said.has("exercise_heading", number=1)
    talk.say("AMAZON.NextIntent")
    said = talk.say("RedFlagIntent", symptom="my legs feel weak")
    assert said.has("red_flag_emergency") and said.ended and not said.has("hold_start")
    said = talk.one_shot("AMAZON.ResumeIntent")
    assert said.has("held_once_emergency") and not said.has("exercise_heading") and not said.has("resuming")


def test_a_can_fulfill_query_changes_nothing_and_says_nothing(talk: Conversation, config: Config) -> None:
    # Speculative: Alexa asks whether the skill could take a request, and nothing may happen.
    intent = {"name": "RedFlagIntent", "slots": {"symptom": {"name": "symptom", "value": "my legs are numb"}}}
    said = talk.device("CanFulfillIntentRequest", intent=intent)
    assert not said.ssml
    assert "red_flag" not in stored_user(config)


def test_help_while_the_pain_question_is_open_says_how_to_answer_it(talk: Conversation) -> None:
    finish_quick_relief(talk)
    said = talk.say("AMAZON.HelpIntent")
    assert said.has("pain_after_reprompt") and asks_for_the_number(said) and not said.has("help_menu")
    said = talk.say("PainLevelIntent", level="2")
    assert said.has("pain_noted", level=2) and said.ended
