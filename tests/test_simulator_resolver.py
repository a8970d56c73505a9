"""The simulator understands what people say, the way Alexa would with this interaction model."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from skill.domain.spoken import parse_date, parse_duration, parse_number, parse_time
from skill.simulator.resolver import (
    BUILT_IN_PHRASES,
    FALLBACK,
    MATCH,
    MODELS_DIR,
    NO_MATCH,
    Elicitation,
    Resolver,
)
from tests.alexa import APPLICATION_ID

TODAY = date(2026, 11, 23)  # a Monday


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver.for_locale("en-US", APPLICATION_ID, today=TODAY)


def _model() -> dict:
    return json.loads((MODELS_DIR / "en-US.json").read_text(encoding="utf-8"))


def _every_sample() -> list[tuple[str, str, dict[str, str]]]:
    language = _model()["interactionModel"]["languageModel"]
    return [
        (intent["name"], sample, {s["name"]: s["type"] for s in intent.get("slots", [])})
        for intent in language["intents"]
        for sample in intent.get("samples", [])
    ]


def test_every_sample_utterance_resolves_back_to_its_own_intent(resolver: Resolver) -> None:
    wrong = []
    for intent, sample, slot_types in _every_sample():
        spoken = re.sub(r"\{(\w+)\}", lambda m, t=slot_types: resolver.example_value(t[m.group(1)]), sample)
        got = resolver.resolve(spoken)
        if got.intent != intent:
            wrong.append(f"{sample!r} said as {spoken!r} -> {got.intent}")
    assert not wrong, "\n".join(wrong)
    assert len(_every_sample()) > 100


def test_a_custom_slot_synonym_resolves_to_its_id_as_alexa_reports_it(resolver: Resolver) -> None:
    said = resolver.resolve("let's do the morning routine routine")
    assert said.intent == "StartRoutineIntent"
    routine = said.slots["routine"]
    assert (routine.value, routine.status, routine.resolved_id, routine.resolved_name) == (
        "morning routine",
        MATCH,
        "morning_stretches",
        "Morning stretches",
    )
    assert resolver.authority("ROUTINE_NAME") == f"amzn1.er-authority.echo-sdk.{APPLICATION_ID}.ROUTINE_NAME"


def test_an_unknown_value_after_a_carrier_phrase_is_heard_but_not_matched(resolver: Resolver) -> None:
    said = resolver.resolve("start the banana routine")
    assert said.intent == "StartRoutineIntent"
    assert said.slots["routine"].status == NO_MATCH
    assert said.slots["routine"].value == "banana"


@pytest.mark.parametrize(
    ("words", "intent"),
    [
        ("next", "AMAZON.NextIntent"),
        ("go back", "AMAZON.PreviousIntent"),
        ("say that again", "AMAZON.RepeatIntent"),
        ("hold on", "AMAZON.PauseIntent"),
        ("resume", "AMAZON.ResumeIntent"),
        ("start over", "AMAZON.StartOverIntent"),
        ("what can i say", "AMAZON.HelpIntent"),
        ("stop", "AMAZON.StopIntent"),
        ("never mind", "AMAZON.CancelIntent"),
        ("yes please", "AMAZON.YesIntent"),
        ("no thanks", "AMAZON.NoIntent"),
        ("Next!", "AMAZON.NextIntent"),
    ],
)
def test_built_in_intents_have_their_usual_phrasings(resolver: Resolver, words: str, intent: str) -> None:
    assert resolver.resolve(words).intent == intent


def test_a_custom_sample_wins_over_a_built_in_phrasing(resolver: Resolver) -> None:
    assert resolver.resolve("move on to the next one").intent == "SkipIntent"


def test_nothing_matching_goes_to_the_fallback_intent(resolver: Resolver) -> None:
    assert resolver.resolve("what's the capital of peru").intent == FALLBACK
    assert resolver.resolve("banana").intent == FALLBACK  # a bare slot sample needs a known value


def test_open_ask_and_tell_with_the_invocation_name(resolver: Resolver) -> None:
    opened = resolver.resolve("Alexa, open Back Spasm Helper")
    assert (opened.request_type, opened.opens_skill) == ("LaunchRequest", True)
    one_shot = resolver.resolve("ask back spasm helper to start desk stretches")
    assert (one_shot.intent, one_shot.opens_skill) == ("StartRoutineIntent", True)
    assert one_shot.slots["routine"].resolved_id == "desk_stretches"
    told = resolver.resolve("tell back spasm helper my pain is a six")
    assert (told.intent, told.slots["level"].value) == ("PainLevelIntent", "6")
    assert resolver.resolve("start quick relief using back spasm helper").opens_skill


def test_built_in_slot_types_take_spoken_forms(resolver: Resolver) -> None:
    assert resolver.resolve("my pain is twenty five").slots["level"].value == "25"
    assert resolver.resolve("count 12 reps").slots["count"].value == "12"
    assert resolver.resolve("count down twenty minutes").slots["duration"].value == "PT20M"
    assert resolver.resolve("hold for an hour and a half").slots["duration"].value == "PT1H30M"
    assert resolver.resolve("since yesterday").slots["onset_date"].value == "2026-11-22"
    assert resolver.resolve("it started three days ago").slots["onset_ago"].value == "P3D"


def test_an_elicited_slot_is_filled_by_the_next_answer(resolver: Resolver) -> None:
    asked = Elicitation("CountdownIntent", "duration", {"duration": ""})
    answer = resolver.resolve("thirty seconds", asked)
    assert (answer.intent, answer.dialog_state, answer.slots["duration"].value) == (
        "CountdownIntent",
        "IN_PROGRESS",
        "PT30S",
    )
    assert resolver.resolve("for 2 minutes", asked).slots["duration"].value == "PT2M"
    # Something that is not a duration is understood on its own, as on a device.
    assert resolver.resolve("stop", asked).intent == "AMAZON.StopIntent"


def test_exit_ends_the_session(resolver: Resolver) -> None:
    assert resolver.resolve("exit").request_type == "SessionEndedRequest"


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("twenty five", "25"),
        ("6", "6"),
        ("one hundred and five", "105"),
        ("a hundred", "100"),
        ("three thousand two hundred", "3200"),
        ("zero", "0"),
    ],
)
def test_spoken_numbers(words: str, value: str) -> None:
    assert parse_number(words) == value


@pytest.mark.parametrize("words", ["five five", "banana", "", "and"])
def test_words_that_are_not_one_number(words: str) -> None:
    assert parse_number(words) is None


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("twenty minutes", "PT20M"),
        ("an hour and a half", "PT1H30M"),
        ("half an hour", "PT30M"),
        ("a minute and a half", "PT1M30S"),
        ("ninety seconds", "PT90S"),
        ("two and a half minutes", "PT2M30S"),
        ("30 seconds", "PT30S"),
        ("three days", "P3D"),
        ("1 hour 20 minutes", "PT1H20M"),
        ("a couple of hours", "PT2H"),
        ("two weeks", "P2W"),
    ],
)
def test_spoken_durations(words: str, value: str) -> None:
    assert parse_duration(words) == value


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("yesterday", "2026-11-22"),
        ("today", "2026-11-23"),
        ("the day before yesterday", "2026-11-21"),
        ("last monday", "2026-11-16"),
        ("friday", "2026-11-27"),
        ("november twenty fifth", "2026-11-25"),
        ("the 3rd of march", "2026-03-03"),
        ("this week", "2026-W48"),
        ("banana", None),
    ],
)
def test_spoken_dates(words: str, value: str | None) -> None:
    assert parse_date(words, TODAY) == value


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("7:30", "07:30"),
        ("seven thirty pm", "19:30"),
        ("noon", "12:00"),
        ("8 pm", "20:00"),
        ("eight oh five am", "08:05"),
        ("nine o'clock", "09:00"),
        ("this evening", "EV"),
        ("25:00", None),
        ("banana", None),
    ],
)
def test_spoken_times(words: str, value: str | None) -> None:
    assert parse_time(words) == value


def test_every_built_in_intent_in_the_model_has_a_way_to_be_said(resolver: Resolver) -> None:
    language = _model()["interactionModel"]["languageModel"]
    for name in {intent["name"] for intent in language["intents"]} & set(BUILT_IN_PHRASES):
        assert resolver.resolve(BUILT_IN_PHRASES[name][0]).intent == name


def test_a_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no interaction model"):
        Resolver.for_locale("xx-XX", models_dir=tmp_path)


def test_a_sample_with_an_undeclared_slot_is_a_clear_error() -> None:
    model = {
        "interactionModel": {
            "languageModel": {
                "invocationName": "x",
                "intents": [{"name": "OddIntent", "samples": ["do {thing}"]}],
            }
        }
    }
    with pytest.raises(ValueError, match="undeclared slot"):
        Resolver(model)
