"""Every English locale: its own content overlay, its own model, and the same conversations."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from flask import Flask

from skill.domain.content import load_content
from skill.simulator.dialogs import load_dialog, run_dialog
from tests.alexa import Conversation
from tests.conftest import in_process_transport
from tests.dialog_support import dialog_sessions, rule_checked

REGIONS = ["en-GB", "en-CA", "en-AU", "en-IN"]
# Hands-free dialogs play a locale's rendered track library; tests/test_dialogs.py builds
# and plays the en-US one. Every other dialog runs in every region here.
DIALOGS = [
    path
    for path in sorted((Path(__file__).parent / "dialogs").glob("*.yaml"))
    if "audio" not in (load_dialog(path).interfaces or ())
]
PLACEHOLDER = re.compile(r"\{(\w+)\}")


@pytest.mark.parametrize("locale", REGIONS)
@pytest.mark.parametrize("path", DIALOGS, ids=[p.stem for p in DIALOGS])
def test_every_dialog_in_every_english_locale(path: Path, locale: str, config, tmp_path: Path) -> None:
    sent: list[str] = []
    sessions = dialog_sessions(rule_checked(in_process_transport(config), sent), tmp_path / "skill.sqlite3")
    dialog = replace(load_dialog(path), locale=locale)
    outcome = run_dialog(dialog, sessions)
    assert outcome.passed, "\n".join(outcome.log + outcome.failures)
    assert sent and set(sent) == {locale}


@pytest.mark.parametrize("locale", REGIONS)
def test_a_region_has_every_phrase_with_the_same_placeholders(locale: str) -> None:
    english, regional = load_content("en-US"), load_content(locale)
    assert regional.locale == locale
    assert set(regional.phrases.keys()) == set(english.phrases.keys())
    for key in list(english.phrases.keys()):
        assert set(PLACEHOLDER.findall(regional.phrases.template(key))) == set(
            PLACEHOLDER.findall(english.phrases.template(key))
        ), key
    assert set(regional.exercises) == set(english.exercises)
    assert set(regional.routines) == set(english.routines)


@pytest.mark.parametrize("locale", ["en-GB", "en-AU", "en-IN", "en-CA"])
def test_distances_are_metric_outside_the_us(locale: str) -> None:
    content = load_content(locale)
    texts = [text for exercise in content.exercises.values() for text in (exercise.cue, *exercise.steps)]
    texts += [content.phrases.template(key) for key in list(content.phrases.keys())]
    assert not [text for text in texts if re.search(r"\binch(es)?\b", text)]
    assert "centimetres" in content.exercises["hip_lifts"].cue


def test_regional_words_replace_the_us_ones_and_keep_a_capital() -> None:
    assert "heat pad" in load_content("en-GB").phrases("thermal_never_sleep")
    assert "heat pack" in load_content("en-AU").phrases("thermal_never_sleep")
    assert "hot water bag" in load_content("en-IN").phrases("thermal_never_sleep")
    assert "heating pad" in load_content("en-US").phrases("thermal_never_sleep")
    from skill.domain.content import reword

    assert reword("Heating pad first, then a heating pad.", {"heating pad": "heat pad"}) == (
        "Heat pad first, then a heat pad."
    )
    # Names and synonyms are what people say: left as they are.
    assert (
        load_content("en-GB").exercises["hip_lifts"].name == load_content("en-US").exercises["hip_lifts"].name
    )


def test_an_unknown_english_region_gets_the_generic_emergency_number() -> None:
    content = load_content("en-NZ")
    assert content.phrases("emergency_number") == "your local emergency number"
    assert load_content("fr-FR").locale == "en-US"


@pytest.mark.parametrize("locale", REGIONS)
def test_every_routine_start_to_finish_keeps_to_alexas_limits(locale: str, config) -> None:
    """A whole routine, a countdown, ice and a red flag in each locale (each answer is checked)."""
    talk = Conversation(send=in_process_transport(config), locale=locale)
    for routine_id in load_content(locale).routines:
        talk.open()
        said = talk.say("StartRoutineIntent", routine=(routine_id.replace("_", " "), routine_id))
        if said.has("ask_onset_for_strength", locale):
            said = talk.say("SpasmOnsetIntent", onset_ago="P7D")
        for _ in load_content(locale).routine_exercises(routine_id):
            said = talk.say("AMAZON.NextIntent")
        talk.end()
    talk.one_shot("CountdownIntent", duration="PT30S")
    talk.one_shot("StartApplicationIntent", kind=("ice pack", "ice"))
    said = talk.one_shot("RedFlagIntent", symptom=("my legs are numb", "leg_numbness"))
    assert said.ended


def test_the_simulator_command_takes_the_locale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from skill.simulator.cli import main

    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    code = main(["--locale", "en-GB", "--say", "ask back spasm helper to start hip lifts"], out=out)
    assert code == 0, out.getvalue()
    # The region's own word (centimetres, not inches) is the point, so it is checked as a word.
    assert "StartExerciseIntent" in out.getvalue() and "centimetres" in out.getvalue()


def test_the_browser_simulator_api_takes_the_locale(app: Flask) -> None:
    client = app.test_client()
    reply = client.post(
        "/simulator/api/say", json={"text": "ask back spasm helper to start hip lifts", "locale": "en-GB"}
    )
    assert reply.status_code == 200, reply.get_data(as_text=True)
    answer = reply.get_json()
    assert answer["request"]["request"]["locale"] == "en-GB"
    assert "centimetres" in json.dumps(answer["response"])  # the region's word, as above
    bad = client.post("/simulator/api/say", json={"text": "open back spasm helper", "locale": "../../x"})
    assert bad.status_code == 400
