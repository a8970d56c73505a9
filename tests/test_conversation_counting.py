"""Standalone countdowns and rep counts: "count down thirty seconds", "count ten reps"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from skill.alexa.ssml import problems
from skill.simulator.render import spoken_seconds
from tests.alexa import Conversation, Said

MODEL = Path(__file__).resolve().parents[1] / "interaction_models" / "en-US.json"


def elicits(said: Said, slot_name: str) -> bool:
    return any(d["type"] == "Dialog.ElicitSlot" and d["slotToElicit"] == slot_name for d in said.directives)


def test_count_down_thirty_seconds(talk: Conversation) -> None:
    talk.open()
    said = talk.say("CountdownIntent", duration="PT30S")
    assert said.text.startswith("Counting 30 seconds. Hold.")
    assert "Halfway" in said and "5. 4. 3. 2. 1. And release." in said
    assert "10s" in said.ssml and not problems(said.ssml), "long silences as breaks of 10 s at most"
    # From "Hold." to "And release" takes the 30 seconds asked for, by the speech-time estimate.
    held = said.ssml.split("Hold.", 1)[1].split("And release", 1)[0]
    assert spoken_seconds(f"<speak>{held}</speak>") == pytest.approx(30, abs=0.75)
    assert not said.ended and "count down thirty seconds" in said.reprompt


def test_hold_for_twenty_seconds_as_a_one_shot(talk: Conversation) -> None:
    said = talk.one_shot("CountdownIntent", duration="PT20S")
    assert "Counting 20 seconds" in said and "1. And release." in said


@pytest.mark.parametrize(
    ("duration", "spoken"),
    [
        ("PT1M", "one minute"),
        ("PT2M", "2 minutes"),
        ("PT1M30S", "one minute and 30 seconds"),
        ("PT5S", "5 seconds"),
    ],
)
def test_durations_are_read_back(talk: Conversation, duration: str, spoken: str) -> None:
    said = talk.one_shot("CountdownIntent", duration=duration)
    assert f"Counting {spoken}." in said


def test_no_duration_asks_how_long_then_counts(talk: Conversation) -> None:
    talk.open()
    said = talk.say("CountdownIntent")
    assert "How long should I count" in said and elicits(said, "duration")
    said = talk.say("CountdownIntent", duration="PT10S")
    assert "Counting 10 seconds" in said


@pytest.mark.parametrize("duration", ["PT10M", "PT0S", "P1D"])
def test_out_of_range_durations_are_explained(talk: Conversation, duration: str) -> None:
    talk.open()
    said = talk.say("CountdownIntent", duration=duration)
    assert "up to five minutes" in said and elicits(said, "duration") and not said.ended


def test_unintelligible_duration_asks_again(talk: Conversation) -> None:
    talk.open()
    said = talk.say("CountdownIntent", duration="?")
    assert "How long should I count" in said


def test_count_ten_reps(talk: Conversation) -> None:
    talk.open()
    said = talk.say("CountRepsIntent", count="10")
    assert said.text.startswith("Counting 10 repetitions, slowly. 1.")
    assert "10. That's 10. Relax." in said
    # An unhurried pace: each repetition, number and pause, takes four seconds.
    counted = said.ssml.split("slowly.", 1)[1].split("That's 10", 1)[0]
    assert spoken_seconds(f"<speak>{counted}</speak>") == pytest.approx(40, abs=1)


@pytest.mark.parametrize("count", [None, "0", "31", "lots"])
def test_rep_count_missing_or_out_of_range_asks(talk: Conversation, count: str | None) -> None:
    talk.open()
    said = talk.say("CountRepsIntent", count=count) if count else talk.say("CountRepsIntent")
    assert "How many" in said and elicits(said, "count") and not said.ended


def test_counting_inside_a_routine_keeps_the_place(talk: Conversation) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=("quick relief", "quick_relief"))
    talk.say("CountdownIntent", duration="PT15S")
    said = talk.say("AMAZON.NextIntent")
    assert "exercise 2 of 4" in said


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
