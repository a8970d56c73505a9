"""Pain check-ins, "it hurts", red flags, and strengthening only after the acute phase."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from skill.config import Config
from skill.domain.content import load_content
from tests.alexa import Conversation

RED_FLAGS = [
    ("my legs are numb", "emergency"),
    ("my legs are weak", "emergency"),
    ("I can't control my bladder", "emergency"),
    ("I have a fever", "doctor_today"),
    ("I fell", "emergency"),
]
PHRASES = load_content("en-US").phrases


def says(said: object, key: str) -> bool:
    """Whether the answer holds the phrase ``key`` (its text up to the first placeholder)."""
    return any(variant.split("{")[0].strip() in str(said) for variant in PHRASES.variants(key))


def stored_user(config: Config) -> dict:
    """What the store holds for the one test user, read straight from the SQLite file."""
    with sqlite3.connect(Path(config.sqlite_path)) as connection:
        row = connection.execute("SELECT attributes FROM user_attributes").fetchone()
    return json.loads(row[0]) if row else {}


def test_pain_before_during_and_after_is_stored(talk: Conversation, config: Config) -> None:
    talk.open()
    said = talk.say("PainLevelIntent", level="6")
    assert "noted your pain as 6 out of ten" in said and "quick relief" in said
    talk.say("StartRoutineIntent", routine=("quick relief", "quick_relief"))
    said = talk.say("PainLevelIntent", level="5")
    assert "5 out of ten" in said and "Say next" in said
    for _ in range(4):
        said = talk.say("AMAZON.NextIntent")
    assert "How is your pain now" in said
    said = talk.say("PainLevelIntent", level="3")
    assert "3 out of ten" in said and said.ended
    log = stored_user(config)["pain_log"]
    assert [(entry["moment"], entry["level"]) for entry in log] == [
        ("before", 6),
        ("during", 5),
        ("after", 3),
    ]
    assert log[1]["routine"] == "quick_relief"


@pytest.mark.parametrize("level", ["11", "-1", "a lot", None])
def test_a_pain_level_outside_zero_to_ten_is_asked_again(talk: Conversation, level: str | None) -> None:
    talk.open()
    said = talk.say("PainLevelIntent", level=level) if level else talk.say("PainLevelIntent")
    assert "number from zero to ten" in said and not said.ended


def test_severe_pain_points_to_a_doctor_and_the_gentlest_routine(talk: Conversation) -> None:
    talk.open()
    said = talk.say("PainLevelIntent", level="9")
    assert says(said, "pain_gentle_only") and "see a doctor" in said
    said = talk.say("StartRoutineIntent", routine=("morning stretches", "morning_stretches"))
    assert says(said, "pain_gentle_only"), "only the gentle routine after a pain of 8 or more"
    said = talk.say("AMAZON.YesIntent")
    assert "Quick relief, 4 exercises" in said


def test_how_am_i_doing_summarises_sessions_and_trend(talk: Conversation) -> None:
    talk.open()
    said = talk.say("ProgressIntent")
    assert "don't have any sessions" in said
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
    assert "finished 2 routines" in said
    assert "come down from 7 to 3" in said
    assert not said.ended


def test_a_rising_trend_suggests_a_doctor(talk: Conversation) -> None:
    talk.open()
    talk.say("PainLevelIntent", level="3")
    talk.say("PainLevelIntent", level="6")
    said = talk.say("ProgressIntent")
    assert "from 3 to 6" in said and "see a doctor" in said


def test_it_hurts_stops_offers_a_gentler_one_and_is_recorded(talk: Conversation, config: Config) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=("morning stretches", "morning_stretches"))
    talk.say("AMAZON.NextIntent")  # pelvic tilt
    said = talk.say("ItHurtsIntent")
    assert "Stop there" in said and "gentler" in said and "knees to chest" in said
    assert "yes or no" in said.reprompt
    said = talk.say("AMAZON.YesIntent")
    assert "Knees to chest." in said and "Hold." in said
    assert "say next to go on with the routine" in said
    said = talk.say("AMAZON.NextIntent")
    assert "exercise 3 of 6: Hip lifts" in said
    said = talk.say("ItHurtsIntent")
    said = talk.say("AMAZON.NoIntent")
    assert "Rest as long as you need" in said and not said.ended
    sharp = [entry for entry in stored_user(config)["pain_log"] if entry["moment"] == "sharp"]
    assert [entry["exercise"] for entry in sharp] == ["pelvic_tilt", "hip_lifts"]
    talk.say("AMAZON.StopIntent")
    talk.open()
    said = talk.say("ProgressIntent")
    assert "sharp pain 2 times" in said


def test_it_hurts_outside_an_exercise_advises_rest(talk: Conversation) -> None:
    talk.open()
    said = talk.say("ItHurtsIntent")
    assert "Rest in a comfortable position" in said and not said.ended


def test_it_hurts_during_the_gentlest_exercise_advises_rest(talk: Conversation) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=("quick relief", "quick_relief"))
    said = talk.say("ItHurtsIntent")
    assert "Rest in a comfortable position and breathe slowly" in said and "gentler" not in said


@pytest.mark.parametrize(("heard", "tier"), RED_FLAGS)
def test_red_flags_end_any_routine_with_no_exercise_offered(
    talk: Conversation, heard: str, tier: str
) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=("morning stretches", "morning_stretches"))
    said = talk.say("RedFlagIntent", symptom=heard)
    assert says(said, f"red_flag_{tier}") and said.ended
    assert "911" in said
    assert not any(word in said.text.lower() for word in ("routine", "exercise 1", "next", "hold."))
    assert said.card["title"] == PHRASES(f"red_flag_card_{tier}")
    said = talk.open()
    assert says(said, "held_once") and not said.ended, "remembered, and no routine offered"


def test_a_red_flag_outside_a_routine_also_ends_the_session(talk: Conversation) -> None:
    said = talk.one_shot("RedFlagIntent", symptom="I think I broke something")
    assert says(said, "red_flag_emergency") and said.ended


def test_strengthening_asks_when_it_started_and_offers_gentle_if_recent(talk: Conversation) -> None:
    talk.open()
    said = talk.say("StartRoutineIntent", routine=("core strength", "core_strength"))
    assert "When did this spasm start?" in said
    said = talk.say("SpasmOnsetIntent", onset_phrase=("this morning", "this_morning"))
    assert "Core strength is for once the pain has settled" in said and "quick relief" in said
    assert says(said, "stay_active"), "the first days: keep moving, no bed rest beyond 48 hours"
    said = talk.say("AMAZON.YesIntent")
    assert "exercise 1 of 4: Deep breathing" in said
    talk.say("AMAZON.StopIntent")
    talk.open()
    talk.say("AMAZON.NoIntent")
    said = talk.say("StartRoutineIntent", routine=("core strength", "core_strength"))
    assert "Core strength is for" in said, "the onset is remembered, not asked again"
    said = talk.say("AMAZON.NoIntent")
    assert "Strengthening can wait" in said and not said.ended
    talk.wait(hours=49)
    talk.open()
    said = talk.say("StartRoutineIntent", routine=("core strength", "core_strength"))
    assert "Core strength is for" in said and not says(said, "stay_active")
    talk.wait(days=6)
    talk.open()
    said = talk.say("StartRoutineIntent", routine=("core strength", "core_strength"))
    assert "exercise 1 of 4: Core tightening" in said


def test_strengthening_three_days_after_the_spasm_starts_is_too_soon(talk: Conversation) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=("core strength", "core_strength"))
    said = talk.say("SpasmOnsetIntent", onset_ago="P3D")
    assert "Core strength is for once the pain has settled" in said
    said = talk.say("AMAZON.YesIntent")
    assert "Quick relief, 4 exercises" in said


def test_strengthening_eight_days_after_the_spasm_starts(talk: Conversation) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=("core strength", "core_strength"))
    said = talk.say("SpasmOnsetIntent", onset_ago="P8D")
    assert "exercise 1 of 4: Core tightening" in said


def test_an_onset_it_cannot_place_is_asked_again(talk: Conversation) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=("core strength", "core_strength"))
    said = talk.say("SpasmOnsetIntent", onset_phrase="a while")
    assert "didn't get when it started" in said and not said.ended


def test_an_onset_said_on_its_own_is_noted(talk: Conversation) -> None:
    talk.open()
    said = talk.say("SpasmOnsetIntent", onset_phrase=("yesterday", "yesterday"))
    assert "first two days" in said and "Which would you like?" in said


def test_moving_on_after_it_hurts_drops_the_gentler_offer(talk: Conversation) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=("morning stretches", "morning_stretches"))
    talk.say("ItHurtsIntent")
    said = talk.say("AMAZON.NextIntent")
    assert "exercise 2 of 6: Pelvic tilt" in said
    said = talk.say("AMAZON.YesIntent")
    assert "Knees to chest." not in said, "a stale offer is not taken up later"
    assert "Say next to go on" in said


def test_a_spasm_of_more_than_two_weeks_suggests_a_doctor(talk: Conversation) -> None:
    talk.open()
    said = talk.say("SpasmOnsetIntent", onset_ago="P3W")
    assert "worth checking with a doctor" in said and not said.ended
    said = talk.say("SpasmOnsetIntent", onset_phrase=("a few days ago", "few_days_ago"))
    assert said.text.startswith("Thanks, I've noted that.") and "doctor" not in said


def test_the_gentler_exercise_stands_in_until_the_routine_moves_on(
    talk: Conversation, config: Config
) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=("morning stretches", "morning_stretches"))
    talk.say("AMAZON.NextIntent")  # pelvic tilt
    talk.say("ItHurtsIntent")
    talk.say("AMAZON.YesIntent")  # knees to chest instead
    said = talk.say("AMAZON.RepeatIntent")
    assert said.text.startswith("Knees to chest.") and "go on with the routine" in said
    said = talk.say("MakeItEasierIntent")
    assert "Knees to chest." in said and "Hold for 5 seconds, 2 times" in said
    said = talk.say("ItHurtsIntent")
    assert "deep breathing" in said, "the gentler one's own gentler exercise"
    said = talk.say("AMAZON.NextIntent")
    assert "exercise 3 of 6: Hip lifts" in said
    said = talk.say("AMAZON.RepeatIntent")
    assert "exercise 3 of 6: Hip lifts" in said
    sharp = [entry["exercise"] for entry in stored_user(config)["pain_log"] if entry["moment"] == "sharp"]
    assert sharp == ["pelvic_tilt", "knees_to_chest"]


@pytest.mark.parametrize(
    "routine_id", ["quick_relief", "morning_stretches", "desk_stretches", "core_strength"]
)
def test_a_red_flag_ends_each_routine_midway(talk: Conversation, routine_id: str) -> None:
    talk.open()
    talk.say("SpasmOnsetIntent", onset_ago="P8D")
    said = talk.say("StartRoutineIntent", routine=(routine_id.replace("_", " "), routine_id))
    assert "exercise 1 of" in said
    talk.say("AMAZON.NextIntent")
    said = talk.say("RedFlagIntent", symptom="my legs feel weak")
    assert says(said, "red_flag_emergency") and said.ended and "Hold." not in said
    said = talk.one_shot("AMAZON.ResumeIntent")
    assert says(said, "held_once") and "exercise" not in said.text.lower().replace("guide exercises", "")
