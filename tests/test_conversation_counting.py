"""Standalone countdowns and rep counts: "count down thirty seconds", "count ten reps"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from skill.alexa.ssml import problems
from skill.simulator.phrases import Phrase
from skill.simulator.render import spoken_seconds
from tests.alexa import Conversation, Said, phrase

MODEL = Path(__file__).resolve().parents[1] / "interaction_models" / "en-US.json"
HOLD, RELEASE = phrase("hold_start"), phrase("hold_release")


def counting(seconds: int) -> Phrase:
    return phrase("countdown_intro", seconds=phrase("seconds_only", seconds=seconds))


def elicits(said: Said, slot_name: str) -> bool:
    return any(d["type"] == "Dialog.ElicitSlot" and d["slotToElicit"] == slot_name for d in said.directives)


def test_count_down_thirty_seconds(talk: Conversation) -> None:
    talk.open()
    said = talk.say("CountdownIntent", duration="PT30S")
    assert said.has_in_order(counting(30), HOLD)
    last_five = [phrase("rep_number", number=number) for number in (5, 4, 3, 2, 1)]
    assert said.has("midway_cue") and said.has_in_order(*last_five, RELEASE)
    assert "10s" in said.ssml and not problems(said.ssml), "long silences as breaks of 10 s at most"
    # From "Hold." to "And release" takes the 30 seconds asked for, by the speech-time estimate.
    held = said.ssml_between(HOLD, RELEASE)
    assert spoken_seconds(f"<speak>{held}</speak>") == pytest.approx(30, abs=0.75)
    assert not said.ended and said.reprompt_has("standalone_reprompt")


def test_hold_for_twenty_seconds_as_a_one_shot(talk: Conversation) -> None:
    said = talk.one_shot("CountdownIntent", duration="PT20S")
    assert said.has_in_order(counting(20), HOLD, phrase("rep_number", number=1), RELEASE)


@pytest.mark.parametrize(
    ("duration", "spoken"),
    [
        ("PT1M", phrase("one_minute")),
        ("PT2M", phrase("minutes_only", minutes=2)),
        ("PT1M30S", phrase("one_minute_and_seconds", seconds=30)),
        ("PT5S", phrase("seconds_only", seconds=5)),
    ],
)
def test_durations_are_read_back(talk: Conversation, duration: str, spoken: Phrase) -> None:
    said = talk.one_shot("CountdownIntent", duration=duration)
    assert said.has("countdown_intro", seconds=spoken)


def test_no_duration_asks_how_long_then_counts(talk: Conversation) -> None:
    talk.open()
    said = talk.say("CountdownIntent")
    assert said.has("countdown_how_long") and elicits(said, "duration")
    said = talk.say("CountdownIntent", duration="PT10S")
    assert said.has_in_order(counting(10), HOLD)


@pytest.mark.parametrize("duration", ["PT10M", "PT0S", "P1D"])
def test_out_of_range_durations_are_explained(talk: Conversation, duration: str) -> None:
    talk.open()
    said = talk.say("CountdownIntent", duration=duration)
    assert said.has("countdown_out_of_range") and elicits(said, "duration") and not said.ended


def test_unintelligible_duration_asks_again(talk: Conversation) -> None:
    talk.open()
    said = talk.say("CountdownIntent", duration="?")
    assert said.has("countdown_how_long")


def test_count_ten_reps(talk: Conversation) -> None:
    talk.open()
    said = talk.say("CountRepsIntent", count="10")
    intro, done = phrase("reps_intro", reps=10), phrase("reps_done", reps=10)
    assert said.has_in_order(intro, phrase("rep_number", number=1), phrase("rep_number", number=10), done)
    # An unhurried pace: each repetition, number and pause, takes four seconds.
    counted = said.ssml_between(intro, done)
    assert spoken_seconds(f"<speak>{counted}</speak>") == pytest.approx(40, abs=1)


@pytest.mark.parametrize(
    ("count", "question"),
    [
        (None, "reps_how_many"),
        ("0", "reps_out_of_range"),
        ("31", "reps_out_of_range"),
        ("lots", "reps_how_many"),
    ],
)
def test_rep_count_missing_or_out_of_range_asks(talk: Conversation, count: str | None, question: str) -> None:
    talk.open()
    said = talk.say("CountRepsIntent", count=count) if count else talk.say("CountRepsIntent")
    assert said.has(question) and elicits(said, "count") and not said.ended


def test_counting_inside_a_routine_keeps_the_place(talk: Conversation) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=("quick relief", "quick_relief"))
    talk.say("CountdownIntent", duration="PT15S")
    said = talk.say("AMAZON.NextIntent")
    assert said.has("exercise_heading", number=2, total=4)


@pytest.mark.parametrize(
    ("intent", "slot_name"), [("CountdownIntent", "duration"), ("CountRepsIntent", "count")]
)
def test_every_slot_the_skill_elicits_has_a_dialog_model(intent: str, slot_name: str) -> None:
    """Alexa rejects Dialog.ElicitSlot for a slot the model's dialog section does not cover."""
    model = json.loads(MODEL.read_text(encoding="utf-8"))["interactionModel"]
    dialog = {entry["name"]: entry for entry in model["dialog"]["intents"]}
    slot = next(s for s in dialog[intent]["slots"] if s["name"] == slot_name)
    prompt_ids = {prompt["id"] for prompt in model["prompts"]}
    assert slot["elicitationRequired"] and slot["prompts"]["elicitation"] in prompt_ids
