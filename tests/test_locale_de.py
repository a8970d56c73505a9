"""German (de-DE): a full translation with the same keys, facts and doses, its own model and spoken values."""

from __future__ import annotations

import io
import json
import re
import string
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from flask import Flask

from skill.domain import spoken, triage
from skill.domain.content import CONTENT_DIR, load_content
from skill.domain.guide import on_the_floor
from skill.simulator.resolver import Resolver
from tests.alexa import Conversation
from tests.conftest import Transport, in_process_transport

ROOT = Path(__file__).parents[1]
LOCALE = "de-DE"
MODEL = json.loads((ROOT / "interaction_models" / f"{LOCALE}.json").read_text(encoding="utf-8"))
# The built-in slot types Alexa offers in de-DE that the German model may use.
DE_BUILT_INS = {"AMAZON.NUMBER", "AMAZON.DURATION", "AMAZON.DATE", "AMAZON.TIME", "AMAZON.SearchQuery"}


def _placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


def test_every_english_phrase_has_a_german_one_with_the_same_placeholders() -> None:
    english, german = load_content("en-US").phrases, load_content(LOCALE).phrases
    keys = english.keys()
    assert set(german.keys()) == set(keys)
    for key in keys:
        wanted = set().union(*(_placeholders(v) for v in english.variants(key)))
        for variant in german.variants(key):
            assert _placeholders(variant) <= wanted, (key, variant)
        assert set().union(*(_placeholders(v) for v in german.variants(key))) == wanted, key


def test_every_phrase_file_of_the_english_base_has_a_german_twin() -> None:
    english = {p.name for p in (CONTENT_DIR / "en").glob("*.yaml")}
    german = {p.name for p in (CONTENT_DIR / "de").glob("*.yaml")}
    assert english == german


def test_exercises_and_routines_keep_their_ids_doses_phases_and_sources() -> None:
    english, german = load_content("en-US"), load_content(LOCALE)
    assert german.exercises.keys() == english.exercises.keys()
    assert german.routines.keys() == english.routines.keys()
    for eid, ours in german.exercises.items():
        theirs = english.exercises[eid]
        for field in ("source", "dose_source", "phase", "phase_source", "gentler", "pregnancy_check"):
            assert getattr(ours, field) == getattr(theirs, field), (eid, field)
        for dose, their_dose in ((ours.dose, theirs.dose), (ours.easier_dose, theirs.easier_dose)):
            assert {**dose.__dict__, "rep_phrases": len(dose.rep_phrases)} == {
                **their_dose.__dict__,
                "rep_phrases": len(their_dose.rep_phrases),
            }, eid
        assert ours.name != theirs.name, f"{eid} is not translated"
    for rid, routine in german.routines.items():
        assert (routine.exercises, routine.phase, routine.source) == (
            english.routines[rid].exercises,
            english.routines[rid].phase,
            english.routines[rid].source,
        )


def test_an_exercise_is_on_the_floor_in_german_as_in_english() -> None:
    english, german = load_content("en-US"), load_content(LOCALE)
    floor = {eid for eid, item in english.exercises.items() if on_the_floor(item, english.floor_positions)}
    assert floor, "some exercises are on the floor"
    for eid, item in german.exercises.items():
        assert on_the_floor(item, german.floor_positions) == (eid in floor), (eid, item.position)


def test_the_first_floor_exercise_in_german_says_how_to_get_down(config) -> None:
    talk = Conversation(send=_german(in_process_transport(config)))
    talk.open()
    said = talk.say("StartRoutineIntent", routine=("morgendehnen", "morning_stretches"))
    assert said.has("floor_how", LOCALE)
    assert not talk.say("AMAZON.NextIntent").has("floor_how", LOCALE)


def test_spoken_exercise_text_has_no_digits_symbols_or_doses() -> None:
    for exercise in load_content(LOCALE).exercises.values():
        for text in (exercise.name, exercise.cue, exercise.midway_cue, exercise.position, *exercise.steps):
            assert not re.search(r"[0-9()%/&]", text), (exercise.id, text)
    phrases = load_content(LOCALE).phrases
    keys = phrases.keys()
    everything = " ".join(" ".join(phrases.variants(k)) for k in keys)
    assert not re.search(r"\b\d+ ?(mg|milligramm|ml|tabletten? (am|pro) tag)\b", everything.lower())


def test_germany_calls_112_and_sends_the_see_a_doctor_tier_to_116117() -> None:
    german = load_content(LOCALE).phrases
    assert german("emergency_number") == "die 112"
    assert load_content("de-AT").phrases("emergency_number") == "den Notruf"  # no other country's number
    assert "eins eins sechs eins eins sieben" in german("red_flag_doctor_today", number="die 112")
    assert "116117" not in german("red_flag_emergency", number="die 112")
    overlay = yaml.safe_load((CONTENT_DIR / LOCALE / "phrases.yaml").read_text(encoding="utf-8"))
    assert "general knowledge" in overlay["sources"]["red_flag_doctor_today"]


@pytest.mark.parametrize(
    ("sentence", "outcome"),
    [
        ("ich habe ein Taubheitsgefühl im Schritt", triage.EMERGENCY),
        ("ich habe seit heute eine Blasenschwäche", triage.EMERGENCY),
        ("mir ist das Bein eingeschlafen und geht nicht weg", triage.DOCTOR_TODAY),
        ("ich kann nicht mehr richtig pinkeln", triage.EMERGENCY),
        ("ich spüre meine Beine nicht", triage.EMERGENCY),
        ("es zieht bis in den Fuß", triage.SPREADING),
        ("ich habe eine Beinschwäche", triage.DOCTOR_TODAY),
        ("ich habe keine Taubheit", triage.HARMLESS),
        ("nichts ist taub", triage.HARMLESS),
        ("ich bin nicht gestürzt", triage.HARMLESS),
        ("ich habe kein Fieber", triage.HARMLESS),
        ("die Beine sind nie taub", triage.HARMLESS),
        ("ich bin auf dem Heizkissen eingeschlafen", triage.HARMLESS),
        ("Knie zur Brust war angenehm", triage.HARMLESS),
    ],
)
def test_german_compounds_stems_and_negations(sentence: str, outcome: str) -> None:
    assert triage.for_locale(LOCALE).classify(sentence).outcome == outcome


def test_every_german_slot_of_the_red_flag_intent_reads_as_a_sentence() -> None:
    rules = triage.for_locale(LOCALE)
    red_flag = next(
        i for i in MODEL["interactionModel"]["languageModel"]["intents"] if i["name"] == "RedFlagIntent"
    )
    for slot in red_flag["slots"]:
        assert slot["name"] in rules.slot_senses, slot["name"]


@pytest.mark.parametrize(
    ("said", "value"),
    [
        ("drei", 3),
        ("eine drei", 3),
        ("so etwa vier", 4),
        ("sieben von zehn", 7),
        ("dreißig", 30),
        ("einundzwanzig", 21),
    ],
)
def test_german_spoken_numbers(said: str, value: int) -> None:
    assert spoken.number(said) == value


@pytest.mark.parametrize(
    ("said", "value"),
    [
        ("dreißig Sekunden", timedelta(seconds=30)),
        ("fünf Minuten", timedelta(minutes=5)),
        ("seit zwei Tagen", timedelta(days=2)),
        ("vor einer Woche", timedelta(days=7)),
        ("anderthalb Stunden", timedelta(hours=1, minutes=30)),
        ("eine halbe Stunde", timedelta(minutes=30)),
    ],
)
def test_german_spoken_durations(said: str, value: timedelta) -> None:
    assert spoken.duration(said) == value


def test_german_days_and_times_of_day() -> None:
    today = date(2026, 11, 23)
    assert spoken.date_value("heute Morgen", today) == "2026-11-23"
    assert spoken.date_value("gestern Abend", today) == "2026-11-22"
    assert spoken.date_value("vorgestern", today) == "2026-11-21"
    assert spoken.parse_time("heute morgen") == "MO" and spoken.parse_time("gestern abend") == "EV"
    assert spoken.parse_time("halb acht") == "07:30" and spoken.parse_time("neunzehn uhr") == "19:00"


def test_the_german_model_uses_german_names_and_only_built_in_types_de_de_has() -> None:
    language = MODEL["interactionModel"]["languageModel"]
    assert language["invocationName"] == "rückenkrampf hilfe"
    used = {s["type"] for i in language["intents"] for s in i.get("slots", [])}
    custom = {t["name"] for t in language["types"]}
    assert used - custom <= DE_BUILT_INS
    routines = {
        v["id"]: v["name"]["value"]
        for t in language["types"]
        if t["name"] == "ROUTINE_NAME"
        for v in t["values"]
    }
    assert routines["quick_relief"] == "Schnelle Hilfe"


def test_the_german_model_has_no_utterance_conflicts_and_no_catch_alls() -> None:
    from skill.simulator.conflicts import catch_alls, find_conflicts

    conflicts = find_conflicts(MODEL, language_code="de")
    assert not conflicts, "\n".join(str(c) for c in conflicts[:20])
    assert catch_alls(MODEL, "de") == []


def test_german_everyday_words_make_a_catch_all_in_german_only() -> None:
    from skill.simulator.conflicts import catch_alls

    model = {
        "interactionModel": {
            "languageModel": {
                "invocationName": "rückenkrampf hilfe",
                "intents": [
                    {
                        "name": "StartRoutineIntent",
                        "slots": [{"name": "routine", "type": "ROUTINE_NAME"}],
                        "samples": ["ich möchte {routine}", "starte das programm {routine}"],
                    }
                ],
                "types": [
                    {"name": "ROUTINE_NAME", "values": [{"id": "a", "name": {"value": "morgendehnen"}}]}
                ],
            }
        }
    }
    assert catch_alls(model, "de") == ["StartRoutineIntent: 'ich möchte {routine}' is a catch-all"]
    assert catch_alls(model) == []


def test_the_resolver_hears_german() -> None:
    resolver = Resolver.for_locale(LOCALE)
    assert resolver.resolve("Alexa, öffne Rückenkrampf Hilfe").request_type == "LaunchRequest"
    heard = resolver.resolve("frag rückenkrampf hilfe, ob ich eis oder wärme nehmen soll")
    assert heard.opens_skill and heard.intent == "IceOrHeatIntent"
    assert resolver.resolve("stopp").intent == "AMAZON.StopIntent"
    assert resolver.resolve("zähl dreißig sekunden").slot_summary() == {"duration": "PT30S"}
    assert resolver.resolve("so etwa eine vier").slot_summary() == {"level": "4"}


def _german(send: Transport) -> Transport:
    def sending(body: dict) -> dict:
        body["request"]["locale"] = LOCALE
        return send(body)

    return sending


def test_every_german_routine_start_to_finish_keeps_to_alexas_limits(config) -> None:
    """A whole routine, a countdown, ice and a red flag in German (each answer is checked)."""
    talk = Conversation(send=_german(in_process_transport(config)))
    content = load_content(LOCALE)
    for routine_id, routine in content.routines.items():
        talk.open()
        said = talk.say("StartRoutineIntent", routine=(routine.name.lower(), routine_id))
        if said.has("ask_onset_for_strength", LOCALE):
            said = talk.say("SpasmOnsetIntent", onset_ago="P7D")
        assert said.has("routine_intro", LOCALE, name=routine.name), said.text
        for _ in content.routine_exercises(routine_id):
            said = talk.say("AMAZON.NextIntent")
        # German nouns keep their capital inside a sentence: "Das war Schnelle Hilfe."
        assert said.has("routine_done", LOCALE, name=routine.name) and routine.name in said.text, said.text
        talk.end()
    said = talk.one_shot("CountdownIntent", duration="PT30S")
    # German counts "5", never "5." (which German speech reads as "fifth").
    assert said.has("countdown_intro", LOCALE, seconds="30 Sekunden") and not re.search(r"\b\d\.", said.text)
    said = talk.one_shot("StartApplicationIntent", kind=("eispackung", "ice"))
    assert said.has("thermal_started", LOCALE, minutes=20, name="Eis"), said.text
    said = talk.one_shot("RedFlagIntent", symptom=("meine beine sind taub", "both_legs"))
    assert said.ended and said.has("red_flag_emergency", LOCALE, number="die 112")


def test_the_simulator_command_speaks_german(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from skill.simulator.cli import main

    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    code = main(["--locale", LOCALE, "--say", "frag rückenkrampf hilfe nach schneller hilfe"], out=out)
    assert code == 0, out.getvalue()
    assert "StartRoutineIntent" in out.getvalue() and "Übung 1 von 4" in out.getvalue()


def test_the_browser_simulator_api_speaks_german(app: Flask) -> None:
    reply = app.test_client().post(
        "/simulator/api/say", json={"text": "sag rückenkrampf hilfe mein rücken tut weh", "locale": LOCALE}
    )
    assert reply.status_code == 200, reply.get_data(as_text=True)
    answer = reply.get_json()
    assert answer["request"]["request"]["locale"] == LOCALE
    assert "Sind deine Beine taub oder schwach" in json.dumps(answer["response"], ensure_ascii=False)
    page = (ROOT / "skill" / "web" / "static" / "app.js").read_text(encoding="utf-8")
    assert "recognition.lang = PAGE_LOCALE" in page and "utterance.lang = PAGE_LOCALE" in page
