"""The phase rule: which exercises may come how long after a spasm started.

Phases, in order: ``first_day`` (gentle relief), ``after_worst`` (child's pose),
``stretching``, ``settled`` (twists with arm pressure, strengthening). Each exercise names its
phase in the content; a routine is as late as its latest exercise.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

CONTENT_DIR = Path(__file__).resolve().parents[1] / "content"
ORDER = ("first_day", "after_worst", "stretching", "settled")
FIRST = ORDER[0]


def rank(phase: str) -> int:
    return ORDER.index(phase) if phase in ORDER else 0


def latest(phases: list[str]) -> str:
    return max(phases, key=rank) if phases else FIRST


@cache
def starts(locale: str) -> dict[str, float]:
    """Hours from onset at which each phase may begin."""
    import yaml  # here, not at import: the server starts without the parser

    language = locale.split("-")[0]
    for folder in (CONTENT_DIR / locale, CONTENT_DIR / language, CONTENT_DIR / "en"):
        path = folder / "phases.yaml"
        if path.is_file():
            with path.open(encoding="utf-8") as handle:
                data = yaml.safe_load(handle) or {}
            return {name: float(body["from_hours"]) for name, body in data["phases"].items()}
    raise FileNotFoundError("no phases.yaml in the content")


def allowed(hours_since_onset: float, locale: str) -> str:
    """The latest phase that may be done this long after the onset."""
    table = starts(locale)
    reached = [name for name in ORDER if hours_since_onset >= table.get(name, 0.0)]
    return reached[-1] if reached else FIRST


def permits(phase: str, hours_since_onset: float, locale: str) -> bool:
    return rank(phase) <= rank(allowed(hours_since_onset, locale))
