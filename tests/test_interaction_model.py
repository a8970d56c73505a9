"""The en-US interaction model is valid and agrees with the content YAML."""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
import yaml

from tools.slot_types import stale_models

ROOT = Path(__file__).parents[1]
MODEL_PATH = ROOT / "interaction_models" / "en-US.json"
CONTENT = ROOT / "skill" / "content" / "en"

SLOT_RE = re.compile(r"\{([^{}]*)\}")
SAMPLE_RE = re.compile(r"^[a-z' ]*(\{[A-Za-z_]+\}[a-z' ]*)*$")
SPOKEN_FORBIDDEN = re.compile(r"[()\[\]{}<>&%/*#@+=_|~^$\\\d]")
ABBREVIATIONS = re.compile(r"(?<!')\b(s|sec|secs|min|mins|e\.g|i\.e|etc|approx|reps)\b", re.IGNORECASE)
SOURCE_RE = re.compile(r"^(general knowledge|\d{3}(, \d{3})*(, general knowledge)?)$")


@cache
def model() -> dict:
    return json.loads(MODEL_PATH.read_text(encoding="utf-8"))


@cache
def exercises() -> dict:
    return yaml.safe_load((CONTENT / "exercises.yaml").read_text(encoding="utf-8"))["exercises"]


@cache
def routines() -> dict:
    return yaml.safe_load((CONTENT / "routines.yaml").read_text(encoding="utf-8"))["routines"]


def language_model() -> dict:
    return model()["interactionModel"]["languageModel"]


def intents() -> list[dict]:
    return language_model()["intents"]


def custom_intents() -> list[dict]:
    return [i for i in intents() if not i["name"].startswith("AMAZON.")]


def model_intent_names() -> set[str]:
    return {i["name"] for i in intents()}


def slot_type(name: str) -> dict:
    for t in language_model()["types"]:
        if t["name"] == name:
            return t
    raise AssertionError(f"slot type {name} is missing")


def all_names(value: dict) -> list[str]:
    return [value["name"]["value"], *value["name"].get("synonyms", [])]


# --- the model on its own -------------------------------------------------------------


def test_json_is_valid_and_pretty_printed():
    text = MODEL_PATH.read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


def test_invocation_name():
    name = language_model()["invocationName"]
    assert name == name.lower()
    assert 2 <= len(name.split()) <= 3
    assert re.fullmatch(r"[a-z ]+", name)


def test_intent_names_unique():
    names = [i["name"] for i in intents()]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(
    "name",
    [
        "AMAZON.NextIntent",
        "AMAZON.PreviousIntent",
        "AMAZON.RepeatIntent",
        "AMAZON.PauseIntent",
        "AMAZON.ResumeIntent",
        "AMAZON.StartOverIntent",
        "AMAZON.HelpIntent",
        "AMAZON.StopIntent",
        "AMAZON.CancelIntent",
        "AMAZON.FallbackIntent",
        "AMAZON.YesIntent",
        "AMAZON.NoIntent",
        "AMAZON.NavigateHomeIntent",
    ],
)
def test_builtin_intents_present(name):
    assert name in model_intent_names()


def test_slot_types_exist():
    declared = {t["name"] for t in language_model().get("types", [])}
    for intent in intents():
        for slot in intent.get("slots", []):
            assert slot["type"] in declared or slot["type"].startswith("AMAZON."), (
                intent["name"],
                slot,
            )


def test_slot_names_unique_within_intent():
    for intent in intents():
        names = [s["name"] for s in intent.get("slots", [])]
        assert len(names) == len(set(names)), intent["name"]


def test_no_sample_in_two_intents():
    owner: dict[str, str] = {}
    for intent in intents():
        for sample in intent.get("samples", []):
            key = sample.lower()
            assert key not in owner or owner[key] == intent["name"], (
                f"{sample!r} is in {owner.get(key)} and {intent['name']}"
            )
            owner[key] = intent["name"]


def test_no_duplicate_sample_within_intent():
    for intent in intents():
        samples = [s.lower() for s in intent.get("samples", [])]
        dupes = [s for s, n in Counter(samples).items() if n > 1]
        assert not dupes, (intent["name"], dupes)


def test_custom_intents_have_enough_samples():
    for intent in custom_intents():
        assert len(intent.get("samples", [])) >= 10, intent["name"]


def test_samples_are_lowercase_and_plain():
    for intent in intents():
        for sample in intent.get("samples", []):
            assert SAMPLE_RE.fullmatch(sample), (intent["name"], sample)
            assert sample == sample.strip() and "  " not in sample, (intent["name"], sample)
            assert "}{" not in sample.replace(" ", ""), (intent["name"], sample)


def test_sample_slots_are_declared():
    for intent in intents():
        declared = {s["name"] for s in intent.get("slots", [])}
        for sample in intent.get("samples", []):
            for slot in SLOT_RE.findall(sample):
                assert slot in declared, (intent["name"], sample)
        for slot in intent.get("slots", []):
            for sample in slot.get("samples", []):
                assert set(SLOT_RE.findall(sample)) <= declared, (intent["name"], sample)


def test_slot_values_have_unique_ids_and_names():
    for t in language_model()["types"]:
        ids = [v["id"] for v in t["values"]]
        assert len(ids) == len(set(ids)), t["name"]
        seen: dict[str, str] = {}
        for value in t["values"]:
            for phrase in all_names(value):
                key = phrase.lower()
                assert key not in seen, (
                    f"{t['name']}: {phrase!r} is in both {seen.get(key)} and {value['id']}"
                )
                seen[key] = value["id"]


def test_routine_and_exercise_names_do_not_overlap():
    routine_phrases = {p.lower() for v in slot_type("ROUTINE_NAME")["values"] for p in all_names(v)}
    exercise_phrases = {p.lower() for v in slot_type("EXERCISE_NAME")["values"] for p in all_names(v)}
    assert not routine_phrases & exercise_phrases


@pytest.mark.parametrize(
    ("type_name", "ids"),
    [
        (
            "RED_FLAG_SYMPTOM",
            {
                "saddle_numbness",
                "bladder_bowel",
                "both_legs",
                "chest_breathing",
                "major_trauma",
                "fever",
                "leg_nerve",
                "foot_drop",
                "trouble_walking",
                "cancer_history",
                "weight_loss",
                "night_rest_pain",
                "severe_unrelenting",
                "spreading_leg_pain",
                "sharp_pain",
            },
        ),
        (
            "ONSET_PHRASE",
            {
                "just_now",
                "this_morning",
                "today",
                "last_night",
                "yesterday",
                "two_days_ago",
                "few_days_ago",
                "about_a_week",
                "over_a_week",
                "weeks_ago",
                "unknown",  # "I'm not sure": taken as a fresh spasm
            },
        ),
    ],
)
def test_fixed_slot_type_ids(type_name, ids):
    values = slot_type(type_name)["values"]
    assert {v["id"] for v in values} == ids
    for value in values:
        assert len(value["name"].get("synonyms", [])) >= 4, value["id"]


@pytest.mark.parametrize(
    ("type_name", "value_id", "phrase"),
    [
        ("RED_FLAG_SYMPTOM", "both_legs", "numb legs"),
        ("RED_FLAG_SYMPTOM", "leg_nerve", "tingling down my leg"),
        ("RED_FLAG_SYMPTOM", "leg_nerve", "my leg gave way"),
        ("RED_FLAG_SYMPTOM", "bladder_bowel", "bladder control"),
        ("RED_FLAG_SYMPTOM", "saddle_numbness", "numb groin"),
        ("RED_FLAG_SYMPTOM", "major_trauma", "a car accident"),
        ("RED_FLAG_SYMPTOM", "weight_loss", "losing weight"),
        ("ONSET_PHRASE", "two_days_ago", "the day before yesterday"),
        ("ONSET_PHRASE", "few_days_ago", "three days ago"),
        ("ONSET_PHRASE", "today", "earlier today"),
        ("ONSET_PHRASE", "weeks_ago", "two weeks ago"),
    ],
)
def test_fixed_slot_type_phrases(type_name, value_id, phrase):
    value = next(v for v in slot_type(type_name)["values"] if v["id"] == value_id)
    assert phrase in [p.lower() for p in all_names(value)]


def test_dialog_and_prompts_cross_reference():
    im = model()["interactionModel"]
    prompt_ids = [p["id"] for p in im.get("prompts", [])]
    assert len(prompt_ids) == len(set(prompt_ids))
    for prompt in im.get("prompts", []):
        assert prompt["variations"], prompt["id"]
        for variation in prompt["variations"]:
            assert variation["type"] in {"PlainText", "SSML"}
            assert variation["value"].strip()
    referenced: set[str] = set()
    by_name = {i["name"]: i for i in intents()}
    for d_intent in im.get("dialog", {}).get("intents", []):
        assert d_intent["name"] in by_name, d_intent["name"]
        referenced.update(d_intent.get("prompts", {}).values())
        model_slots = {s["name"]: s["type"] for s in by_name[d_intent["name"]].get("slots", [])}
        for slot in d_intent.get("slots", []):
            assert model_slots.get(slot["name"]) == slot["type"], (d_intent["name"], slot)
            referenced.update(slot.get("prompts", {}).values())
            if slot.get("elicitationRequired"):
                assert "elicitation" in slot.get("prompts", {}), (d_intent["name"], slot)
            for validation in slot.get("validations", []):
                referenced.add(validation["prompt"])
    assert referenced <= set(prompt_ids), referenced - set(prompt_ids)
    assert set(prompt_ids) <= referenced, set(prompt_ids) - referenced


# --- the model agrees with the YAML ------------------------------------------------------


def test_name_slot_types_are_generated_from_the_content():
    """Names and synonyms live only in the content; the committed model is what the command writes."""
    assert stale_models() == [], "run: python -m tools.slot_types"
    values = {v["id"]: v for v in slot_type("ROUTINE_NAME")["values"]}
    assert set(values) == set(routines())
    for item_id, item in exercises().items():
        name = {v["id"]: v for v in slot_type("EXERCISE_NAME")["values"]}[item_id]["name"]
        assert name["value"] == item["name"]
        assert sorted(name.get("synonyms", [])) == sorted(item.get("synonyms", []))


@pytest.mark.parametrize(
    ("item_id", "phrases"),
    [
        ("cat_cow", ["cat cow", "cat camel"]),
        ("childs_pose", ["child's pose", "childs pose", "balasana"]),
        ("hip_lifts", ["bridge", "glute bridge"]),
        ("transversus_abdominis", ["tva", "belly button to spine"]),
        ("knees_to_chest", ["knee to chest", "lower back stretch"]),
    ],
)
def test_exercise_synonyms_people_say(item_id, phrases):
    value = next(v for v in slot_type("EXERCISE_NAME")["values"] if v["id"] == item_id)
    names = [p.lower() for p in all_names(value)]
    for phrase in phrases:
        assert phrase in names, (item_id, phrase)


# --- the YAML on its own -----------------------------------------------------------------


def spoken_texts():
    for ex_id, ex in exercises().items():
        yield ex_id, ex["name"]
        yield ex_id, ex["cue"]
        yield ex_id, ex["position"]
        yield from ((ex_id, s) for s in ex["steps"])
        if "midway_cue" in ex:
            yield ex_id, ex["midway_cue"]
        yield from ((ex_id, p) for p in ex.get("rep_phrases", []))
    for r_id, r in routines().items():
        yield r_id, r["name"]
        yield r_id, r["intro"]


def test_at_least_twelve_exercises():
    assert len(exercises()) >= 12


def test_required_exercises_present():
    required = {
        "deep_breathing",
        "knees_to_chest",
        "pelvic_tilt",
        "childs_pose",
        "cat_cow",
        "hump_and_sag",
        "hip_lifts",
        "seated_twist",
        "lying_twist",
        "transversus_abdominis",
        "prone_leg_lift",
        "side_lying_leg_raise",
        "self_massage",
    }
    assert required <= set(exercises())


def test_routine_ids():
    assert set(routines()) == {
        "quick_relief",
        "morning_stretches",
        "desk_stretches",
        "core_strength",
    }


def test_routine_exercises_exist():
    for r_id, routine in routines().items():
        assert routine["exercises"], r_id
        for ex_id in routine["exercises"]:
            assert ex_id in exercises(), (r_id, ex_id)
        assert routine["phase"] in {"acute", "mobility", "strengthening"}
        assert SOURCE_RE.fullmatch(str(routine["source"])), r_id


def test_every_exercise_has_source_and_dose_source():
    for ex_id, ex in exercises().items():
        assert SOURCE_RE.fullmatch(str(ex.get("source", ""))), ex_id
        assert SOURCE_RE.fullmatch(str(ex.get("dose_source", ""))), ex_id


def test_ids_are_snake_case():
    for item_id in [*exercises(), *routines()]:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", item_id)


def test_exercise_shape():
    for ex_id, ex in exercises().items():
        assert 2 <= len(ex["steps"]) <= 4, ex_id
        assert ex["synonyms"], ex_id
        dose = ex["dose"]
        kind = dose["kind"]
        if kind == "hold":
            assert dose["hold_seconds"] > 0 and dose["sets"] >= 1, ex_id
            assert dose["easier"]["hold_seconds"] <= dose["hold_seconds"], ex_id
            assert dose["easier"]["sets"] <= dose["sets"], ex_id
        elif kind == "reps":
            assert dose["reps"] >= 1 and 3 <= dose["rep_seconds"] <= 6, ex_id
            assert dose["easier"].get("reps", dose["reps"]) <= dose["reps"], ex_id
            easier_hold = dose["easier"].get("hold_seconds", dose.get("hold_seconds", 0))
            assert easier_hold <= dose.get("hold_seconds", 0), ex_id
            assert 1 <= len(ex["rep_phrases"]) <= 2, ex_id
        elif kind == "timed":
            assert 0 < dose["seconds"] <= 120, ex_id
            assert dose["easier"]["seconds"] <= dose["seconds"], ex_id
        else:
            raise AssertionError(f"{ex_id}: unknown dose kind {kind}")
        assert isinstance(dose.get("sided", False), bool), ex_id
        if "gentler" in ex:
            assert ex["gentler"] in exercises() and ex["gentler"] != ex_id, ex_id


def test_gentler_chains_end():
    for start in exercises():
        seen = {start}
        current = exercises()[start].get("gentler")
        while current:
            assert current not in seen, f"gentler loop from {start}"
            seen.add(current)
            current = exercises()[current].get("gentler")


def test_cue_is_one_sentence():
    for ex_id, ex in exercises().items():
        assert ex["cue"].count(".") + ex["cue"].count("?") == 1, ex_id
        assert ex["cue"].endswith("."), ex_id


def test_spoken_text_is_plain():
    for item_id, text in spoken_texts():
        assert isinstance(text, str) and text.strip(), item_id
        assert not SPOKEN_FORBIDDEN.search(text), (item_id, text)
        assert not ABBREVIATIONS.search(text), (item_id, text)


def test_no_medication_in_content():
    words = re.compile(
        r"\b(ibuprofen|aspirin|naproxen|acetaminophen|paracetamol|tylenol|advil|motrin|aleve|"
        r"nsaid|nsaids|mg|milligrams?|tablets?|pills?|dose of|relaxants?)\b",
        re.IGNORECASE,
    )
    for item_id, text in spoken_texts():
        assert not words.search(text), (item_id, text)


# --- the model agrees with the code ------------------------------------------------------


def test_model_and_handlers_agree():
    from skill.alexa.builder import handled_intents

    assert model_intent_names() == handled_intents()


def test_a_hand_edited_name_in_the_model_is_caught(tmp_path):
    copy = tmp_path / "en-US.json"
    model = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    routine_type = next(
        t for t in model["interactionModel"]["languageModel"]["types"] if t["name"] == "ROUTINE_NAME"
    )
    routine_type["values"][0]["name"]["synonyms"].append("a second copy of a name")
    copy.write_text(json.dumps(model, indent=2) + "\n", encoding="utf-8")
    assert stale_models(tmp_path) == [copy]
