"""The simulator's modelling rules: closer to Alexa's NLU, never across a negation."""

from __future__ import annotations

import pytest

from skill.simulator.resolver import FALLBACK, Elicitation, Resolver, spoken_variants, strip_filler


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver.for_locale("en-US")


@pytest.mark.parametrize(
    ("said", "left"),
    [
        ("okay so um stop please", "stop"),
        ("i i need to stop", "i need to stop"),
        ("that's way too hard", "that's too hard"),
        ("not now", "not now"),
        ("don't just stop", "don't just stop"),
        ("no not really", "no not really"),
        ("please", "please"),
        ("okay", "okay"),
        ("next one thanks", "next one"),
        ("no thank you", "no thank you"),
        ("nothing right now thank you", "nothing right now"),
    ],
)
def test_filler_goes_but_never_a_word_after_a_negation(said: str, left: str) -> None:
    assert strip_filler(said) == left


def test_an_is_a_in_english_only() -> None:
    assert "it's about a eight" in spoken_variants("it's about an eight")
    assert spoken_variants("lehn dich an die wand", english=False) == []


def test_an_eight_answers_the_pain_question(resolver: Resolver) -> None:
    asked = Elicitation(intent="PainLevelIntent", slot="level")
    heard = resolver.resolve("it's about an eight", asked)
    assert (heard.intent, heard.slots["level"].value) == ("PainLevelIntent", "8")


def test_spoken_forms_keep_a_negation() -> None:
    assert "i don't want to stop" in spoken_variants("i do not want to stop")
    assert all("don't" in v or "not" in v for v in spoken_variants("i do not want to stop"))


@pytest.mark.parametrize(
    ("said", "intent"),
    [
        ("okay we're finished", "AMAZON.StopIntent"),
        ("let's call it a day", "AMAZON.StopIntent"),
        ("um i need to stop", "AMAZON.StopIntent"),
        ("hold up", "AMAZON.PauseIntent"),
        ("not now", "AMAZON.NoIntent"),
        ("let's do something gentler", "MakeItEasierIntent"),
        ("i want to stop", "AMAZON.StopIntent"),
        ("can i use a heating pad", "IceOrHeatIntent"),
        ("should i use a pain relief cream", "MedicationIntent"),
        ("i can't get down on the ground", "FloorIntent"),
        ("nothing thanks", "AMAZON.NoIntent"),
        ("stop for a sec", "AMAZON.PauseIntent"),
        ("skip this one thanks", "SkipIntent"),
    ],
)
def test_everyday_phrasings_reach_their_intent(resolver: Resolver, said: str, intent: str) -> None:
    assert resolver.resolve(said).intent == intent


@pytest.mark.parametrize(
    "said", ["don't stop", "please don't stop now", "i don't want to stop", "don't pause"]
)
def test_a_negated_command_is_never_the_command(resolver: Resolver, said: str) -> None:
    assert resolver.resolve(said).intent not in {
        "AMAZON.StopIntent",
        "AMAZON.PauseIntent",
        "AMAZON.CancelIntent",
    }


def test_a_carrier_needs_a_listed_value(resolver: Resolver) -> None:
    heard = resolver.resolve("let's do quick relief")
    assert heard.intent == "StartRoutineIntent"
    assert heard.slot_summary() == {"routine": "quick_relief"}
    assert resolver.resolve("let's do to stop").intent != "StartRoutineIntent"
    assert resolver.resolve("do whatever").intent == FALLBACK


def test_a_range_of_pain_fills_both_ends(resolver: Resolver) -> None:
    heard = resolver.resolve("three or four")
    assert heard.intent == "PainLevelIntent"
    assert heard.slot_summary() == {"level": "3", "level_or": "4"}


@pytest.mark.parametrize(
    "said",
    ["i had a nasty fall at work", "i get chest pain when i move", "there's a lump near my spine"],
)
def test_an_unmatched_sentence_with_a_symptom_word_fills_the_symptom_slot(
    resolver: Resolver, said: str
) -> None:
    heard = resolver.resolve(said)
    assert heard.intent == "RedFlagIntent" and heard.sample == "{symptom}"
    assert heard.slots["symptom"].value == said and not heard.slots["symptom"].matched


@pytest.mark.parametrize("said", ["what's the weather like in paris", "i'm slow today", "tell me a joke"])
def test_a_sentence_with_no_symptom_word_stays_unheard(resolver: Resolver, said: str) -> None:
    assert resolver.resolve(said).intent == FALLBACK


def test_a_sentence_that_matches_a_sample_keeps_it_over_the_symptom_slot(resolver: Resolver) -> None:
    # "chest" names a symptom, but this sentence is a sample of the stretch it names.
    assert resolver.resolve("knees to chest").intent != "RedFlagIntent"


@pytest.mark.parametrize(
    ("said", "left"), [("oh god no that's too much", "that's too much"), ("argh that hurts", "that hurts")]
)
def test_a_cry_of_pain_before_the_words_is_filler(said: str, left: str) -> None:
    assert strip_filler(said) == left
