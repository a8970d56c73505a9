"""The triage corpus through the simulator, in four contexts: every red flag caught, no false alarm.

The same run as `python scripts/triage_report.py`, which prints the figures.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from skill.simulator.phrases import says

ROOT = Path(__file__).parents[1]
# What asks to go on with exercising: an exercise, a hold, or "say next".
GOES_ON = (
    "exercise_heading",
    "hold_start",
    "dose_hold",
    "after_exercise",
    "after_last_exercise",
    "routine_reprompt",
    "gentler_after_routine",
    "help_routine",
    "fallback_routine",
    "hurts_rest_reprompt",
    "rest_then_next",
    "medication_after_routine",
)


def _report_module():
    spec = importlib.util.spec_from_file_location("triage_report", ROOT / "scripts" / "triage_report.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_the_corpus_is_big_enough_and_written_for_every_category() -> None:
    report = _report_module()
    cases = report.load_cases()
    assert len(cases) >= 300
    kinds: dict[str, int] = {}
    for case in cases:
        kinds[case.kind] = kinds.get(case.kind, 0) + 1
    assert kinds.pop("harmless") >= 100
    assert kinds.pop("sharp") >= 10 and kinds.pop("spreading") >= 10
    from skill.domain import triage

    assert set(kinds) == set(triage.for_locale("en-US").tiers), "one list per red-flag category"
    assert all(count >= 15 for count in kinds.values()), kinds


def test_every_red_flag_is_caught_and_no_harmless_sentence_raises_an_alarm() -> None:
    report = _report_module()
    result = report.run_report()
    assert len(result.results) == 4 * len(report.load_cases())
    missed = [(r.case.kind, r.context, r.case.text, r.outcome) for r in result.missed]
    false_alarms = [(r.context, r.case.text, r.outcome) for r in result.false_alarms]
    assert not missed, missed
    assert not false_alarms, false_alarms
    # A red flag's answer never names an exercise or asks to go on.
    for r in result.results:
        if r.case.expected in ("emergency", "doctor_today") and r.caught:
            assert r.ended and not any(says(r.speech, key) for key in GOES_ON), r.speech
