"""The triage classifier on its own: tiers, negations, near-misses, and the model's values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from skill.domain import triage
from skill.domain.triage import Triage

ROOT = Path(__file__).parents[1]
RULES = triage.for_locale("en-US")
CORPUS = yaml.safe_load((ROOT / "tests" / "corpus" / "triage_en-US.yaml").read_text("utf-8"))
MODEL = json.loads((ROOT / "interaction_models" / "en-US.json").read_text("utf-8"))


def red_flag_cases() -> list[tuple[str, str]]:
    return [(category, text) for category, texts in CORPUS["red_flags"].items() for text in texts]


@pytest.mark.parametrize(("category", "text"), red_flag_cases())
def test_every_corpus_red_flag_gets_its_tier(category: str, text: str) -> None:
    verdict = RULES.classify(text)
    assert verdict.at_least(RULES.tier(category)), (text, verdict)


@pytest.mark.parametrize("text", CORPUS["harmless"])
def test_harmless_near_misses_are_harmless(text: str) -> None:
    assert RULES.classify(text).outcome == triage.HARMLESS, (text, RULES.classify(text))


@pytest.mark.parametrize("text", CORPUS["spreading"])
def test_pain_down_a_leg_is_spreading(text: str) -> None:
    assert RULES.classify(text).at_least(triage.SPREADING)


@pytest.mark.parametrize("text", CORPUS["sharp"])
def test_sharp_pain_is_sharp(text: str) -> None:
    assert RULES.classify(text).at_least(triage.SHARP)


@pytest.mark.parametrize(
    ("text", "outcome", "category"),
    [
        ("my groin is numb", triage.EMERGENCY, "saddle_numbness"),
        ("my legs are numb", triage.EMERGENCY, "both_legs"),
        ("my leg is numb", triage.DOCTOR_TODAY, "leg_nerve"),
        ("I can't breathe", triage.EMERGENCY, "chest_breathing"),
        ("I have a fever", triage.DOCTOR_TODAY, "fever"),
        ("it shoots down my leg", triage.SPREADING, ""),
        ("my leg tingles and it shoots down to my foot", triage.DOCTOR_TODAY, "leg_nerve"),
        ("that hurts", triage.SHARP, ""),
        ("my arm feels numb", triage.UNCLEAR, ""),
        ("I feel a bit weird", triage.UNCLEAR, ""),
    ],
)
def test_tiers_and_categories(text: str, outcome: str, category: str) -> None:
    verdict = RULES.classify(text)
    assert (verdict.outcome, verdict.category) == (outcome, category)


@pytest.mark.parametrize(
    "text",
    [
        "no numbness",
        "not numb",
        "I can feel my legs fine",
        "my legs aren't numb at all",
        "I don't have a fever",
        "I didn't fall",
        "I fell asleep",
        "I have a question",
        "my legs feel tight after that stretch",
        "stiff",
        "tight",
        "tired",
        "a dull ache",
        "I need to pee",
        "knees to chest",
        "I want to lose weight",
    ],
)
def test_negations_and_near_misses_raise_nothing(text: str) -> None:
    assert RULES.classify(text).outcome == triage.HARMLESS


@pytest.mark.parametrize(
    "text",
    ["my legs are n\u200bumb", "\uff4d\uff59 \uff4c\uff45\uff47\uff53 are numb", "my le\u00adgs are numb"],
)
def test_invisible_and_full_width_characters_hide_nothing(text: str) -> None:
    assert RULES.classify(text).outcome == triage.EMERGENCY, text


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("en-US", "my doctor said come back if my legs go numb"),
        ("en-US", "what if my legs go numb"),
        ("en-US", "the doctor told me to call if I lose control of my bladder"),
        ("en-US", "what should I watch out for, like numbness in my groin"),
        ("de-DE", "mein Arzt hat gesagt, ich soll wiederkommen, wenn die Beine taub werden"),
        ("de-DE", "was ist, wenn die Blase nicht mehr geht"),
    ],
)
def test_a_possibility_gets_the_screening_question_not_the_alarm(locale: str, text: str) -> None:
    assert triage.for_locale(locale).classify(text).outcome == triage.UNCLEAR, text


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("en-US", "my legs are numb, what should I do if it gets worse"),  # said first: so it is now
        ("en-US", "if I stand up my legs go numb"),  # a plain "if" is when it happens
        ("en-US", "when I walk my foot drags"),
        ("de-DE", "meine Beine sind taub, was soll ich tun, wenn es schlimmer wird"),
    ],
)
def test_a_symptom_told_as_it_is_keeps_its_alarm(locale: str, text: str) -> None:
    assert triage.for_locale(locale).classify(text).is_red_flag, text


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        ("ich komm nich hoch, kann nich mal stehen", triage.DOCTOR_TODAY),
        ("koa Fieber, koa Kribbeln, bloß verspannt", triage.HARMLESS),
        ("bin nich gestürzt, hab mich nur verhoben", triage.HARMLESS),
    ],
)
def test_german_spoken_forms_read_as_their_standard_spelling(text: str, outcome: str) -> None:
    assert triage.for_locale("de-DE").classify(text).outcome == outcome, text


def test_a_negation_only_covers_its_own_words() -> None:
    assert RULES.classify("no numbness in my legs but I wet myself").outcome == triage.EMERGENCY
    assert RULES.classify("I didn't fall but my groin is numb").category == "saddle_numbness"


def test_empty_text_is_harmless_and_unknown_terms_are_refused() -> None:
    assert RULES.classify("").outcome == triage.HARMLESS
    assert RULES.classify(None).outcome == triage.HARMLESS
    with pytest.raises(ValueError, match="unknown term"):
        Triage({"categories": {"x": {"tier": "emergency", "patterns": ["{nope}"]}}})
    with pytest.raises(ValueError, match="unknown tier"):
        Triage({"categories": {"x": {"tier": "later", "patterns": ["numb"]}}})
    with pytest.raises(ValueError, match="gap"):
        Triage({"categories": {"x": {"tier": "emergency", "patterns": ["... numb"]}}})


def _language() -> dict:
    return MODEL["interactionModel"]["languageModel"]


def _intent(name: str) -> dict:
    return next(i for i in _language()["intents"] if i["name"] == name)


EXPECTED_BY_VALUE = {"spreading_leg_pain": triage.SPREADING, "sharp_pain": triage.SHARP}


def test_every_listed_symptom_value_classifies_to_its_category() -> None:
    symptoms = next(t for t in _language()["types"] if t["name"] == "RED_FLAG_SYMPTOM")
    for value in symptoms["values"]:
        expected = EXPECTED_BY_VALUE.get(value["id"]) or RULES.tier(value["id"])
        for phrase in [value["name"]["value"], *value["name"].get("synonyms", [])]:
            assert RULES.classify(phrase).at_least(expected), (value["id"], phrase)


def test_every_red_flag_slot_has_a_sense() -> None:
    for slot in _intent("RedFlagIntent")["slots"]:
        if slot["name"] != "symptom":
            assert slot["name"] in RULES.slot_senses, slot["name"]
    assert "pain_where" in RULES.slot_senses


def test_the_model_has_no_generic_openings_and_enough_sentences_per_category() -> None:
    samples = _intent("RedFlagIntent")["samples"]
    for generic in (
        "i have {symptom}",
        "i've been {symptom}",
        "i've got {symptom}",
        "i've had {symptom}",
        "i'm having {symptom}",
        "i'm getting {symptom}",
    ):
        assert generic not in samples
    # Whole sentences the NLU learns from: samples with an example in each slot, and the
    # sentences listed as values of the symptom slot.
    examples = {
        "BODY_PART": {
            "numb_part": ["groin", "legs", "foot"],
            "weak_part": ["legs", "leg"],
            "pain_part": ["leg"],
            "control_part": ["bladder"],
        }
    }
    sentences: list[str] = []
    for sample in samples:
        if sample == "{symptom}" or "{" not in sample:
            continue
        slot_name = sample.split("{")[1].split("}")[0]
        for word in examples["BODY_PART"].get(slot_name, ["numb", "a fever"]):
            sentences.append(sample.replace("{" + slot_name + "}", word))
    symptoms = next(t for t in _language()["types"] if t["name"] == "RED_FLAG_SYMPTOM")
    for value in symptoms["values"]:
        sentences += [value["name"]["value"], *value["name"].get("synonyms", [])]
    per_category: dict[str, int] = {}
    for sentence in set(sentences):
        verdict = RULES.classify(sentence)
        if verdict.category:
            per_category[verdict.category] = per_category.get(verdict.category, 0) + 1
    for category in RULES.tiers:
        assert per_category.get(category, 0) >= 15, (category, per_category.get(category, 0))


def test_symptom_slot_values_cover_body_parts_and_sensations() -> None:
    parts = next(t for t in _language()["types"] if t["name"] == "BODY_PART")
    heard = {p for v in parts["values"] for p in [v["name"]["value"], *v["name"]["synonyms"]]}
    assert {"groin", "legs", "leg", "foot", "toes", "bottom", "bladder", "inner thighs"} <= heard


# Rule 8 of the simulator sends any unmatched sentence with a symptom word here, so the
# classifier itself must leave everyday sentences that use those words alone.
EVERYDAY = [
    "I need to walk the dog",
    "I need a minute to walk around",
    "the baby is crawling everywhere",
    "I'm crawling into bed after this",
    "I heard a crack of thunder",
    "I did the whole leg stretch",
    "my whole leg feels looser now",
    "from my hip to my knee it feels fine",
    "I've been sitting still all day at work",
    "I slept right through the night for once",
    "that was the worst ever",
    "I'm not dieting at the moment",
    "I'd give that stretch ten out of ten",
    "I cut myself with a knife cooking",
    "I walked down the stairs fine",
    "my phone fell off the table",
    "nothing comes out of the tap",
    "the ice pack won't shift",
    "my dog knocked off my glasses",
    "my son fell off his bike",
    "my husband had a car accident last year",
    "my mum has breast cancer",
    "the cat is sitting on my chest",
    "I'm breathing in slowly",
]


GERMAN_EVERYDAY = [
    "mein Handy ist abgestürzt",
    "ich mache die Übung mit Festhalten am Stuhl",
    "ich esse kaum Fleisch",
    "ich mache keine Diät",
    "ich möchte fünf Kilo weniger wiegen",
    "es kommt nichts im Fernsehen",
    "ich habe ein Foto geschossen",
    "ich lasse den Fuß hängen",
    "ich laufe nächste Woche beim Spendenlauf für die Krebshilfe mit",
]


@pytest.mark.parametrize(
    ("locale", "text"), [("en-US", text) for text in EVERYDAY] + [("de-DE", text) for text in GERMAN_EVERYDAY]
)
def test_everyday_sentences_with_symptom_words_raise_nothing(locale: str, text: str) -> None:
    verdict = triage.for_locale(locale).classify(text)
    assert verdict.outcome == triage.HARMLESS, (text, verdict)
