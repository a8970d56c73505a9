"""The phrase-key helper tests use: it finds what was said, and only that."""

from __future__ import annotations

from skill.domain.content import load_content
from skill.simulator.phrases import between, phrase, says, says_first, says_in_order

PHRASES = load_content("en-US").phrases


def test_a_placeholder_left_out_may_be_empty() -> None:
    text = PHRASES("dose_hold", seconds=7, times=PHRASES("times_many", sets=3), per_side="")
    assert says(text, "dose_hold", seconds=7)
    assert not says(text, "dose_hold", seconds=8)


def test_a_value_may_be_a_phrase_in_any_of_its_variants() -> None:
    sided = PHRASES("dose_hold", seconds=20, times=PHRASES("times_one"), per_side=PHRASES("per_side"))
    assert says(sided, "dose_hold", seconds=20, times=phrase("times_one"), per_side=phrase("per_side"))
    assert not says(sided, "dose_hold", seconds=20, times=phrase("times_many", sets=2))
    once = PHRASES("dose_hold", seconds=20, times=PHRASES("times_one"), per_side="")
    assert not says(once, "dose_hold", per_side=phrase("per_side"))


def test_phrases_in_order() -> None:
    text = " ".join([PHRASES("hold_start"), "5.", "4.", PHRASES("hold_release"), PHRASES("after_exercise")])
    assert says_in_order(text, (phrase("hold_start"), phrase("rep_number", number=4), phrase("hold_release")))
    assert not says_in_order(text, (phrase("hold_release"), phrase("hold_start")))
    assert not says_in_order(text, (phrase("hold_start"), phrase("rep_number", number=3)))


def test_every_variant_counts_and_an_unknown_key_is_an_error() -> None:
    for variant in PHRASES.variants("welcome_back"):
        assert says(f"Well. {variant} Now.", "welcome_back")
    try:
        says("anything", "no_such_phrase_key")
    except KeyError:
        return
    raise AssertionError("a misspelt key must not pass silently")


def test_what_stands_between_two_phrases() -> None:
    ssml = f'<speak>{PHRASES("hold_start")} <break time="10s"/> {PHRASES("hold_release")}</speak>'
    assert between(ssml, phrase("hold_start"), phrase("hold_release")) == ' <break time="10s"/> '
    assert between(ssml, phrase("hold_release"), phrase("hold_start")) is None


def test_a_phrase_at_the_very_start() -> None:
    text = f"{PHRASES('safety_note')} {PHRASES('not_medical_advice')}"
    assert says_first(text, "safety_note") and says_first("  " + text, "safety_note")
    assert not says_first(text, "not_medical_advice")
