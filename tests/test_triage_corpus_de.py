"""The German triage corpus through the simulator, in four contexts: every red flag caught, no false alarm.

The same run as `python scripts/triage_report.py --locale de-DE`, which prints the figures.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
LOCALE = "de-DE"


def _report_module():
    spec = importlib.util.spec_from_file_location("triage_report", ROOT / "scripts" / "triage_report.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def report():
    return _report_module()


def test_the_german_corpus_is_big_enough_and_written_for_every_category(report) -> None:
    from skill.domain import triage

    cases = report.load_cases(report.corpus_for(LOCALE), LOCALE)
    assert len(cases) >= 300
    kinds: dict[str, int] = {}
    for case in cases:
        kinds[case.kind] = kinds.get(case.kind, 0) + 1
    assert kinds.pop("harmless") >= 100
    assert kinds.pop("sharp") >= 10 and kinds.pop("spreading") >= 10
    assert set(kinds) == set(triage.for_locale(LOCALE).tiers), "one list per red-flag category"
    assert all(count >= 15 for count in kinds.values()), kinds


def test_the_german_lexicon_has_the_same_categories_and_tiers_as_the_english(report) -> None:
    from skill.domain import triage

    assert triage.for_locale(LOCALE).tiers == triage.for_locale("en-US").tiers


def test_every_german_red_flag_is_caught_and_no_harmless_sentence_raises_an_alarm(report) -> None:
    result = report.run_report(locale=LOCALE)
    assert len(result.results) == 4 * len(report.load_cases(report.corpus_for(LOCALE), LOCALE))
    missed = [(r.case.kind, r.context, r.case.text, r.outcome) for r in result.missed]
    false_alarms = [(r.context, r.case.text, r.outcome) for r in result.false_alarms]
    assert not missed, missed
    assert not false_alarms, false_alarms
    # A red flag's answer is German and never names an exercise or asks to go on.
    for r in result.results:
        if r.case.expected in ("emergency", "doctor_today") and r.caught:
            speech = r.speech.lower()
            assert r.ended and "sag weiter" not in speech and "halten." not in speech
            assert "112" in r.speech or "arzt" in speech or "ärztlich" in speech
