"""Exercises, routines and phrases, loaded from the per-locale YAML files in skill/content."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

CONTENT_DIR = Path(__file__).resolve().parents[1] / "content"
DEFAULT_LOCALE = "en-US"


@dataclass(frozen=True)
class Dose:
    kind: str  # "hold", "reps" or "timed"
    hold_seconds: int = 0
    sets: int = 1
    reps: int = 0
    rep_seconds: float = 4.0
    seconds: int = 0
    sided: bool = False
    rep_phrases: tuple[str, ...] = ()

    def easier(self, changes: dict[str, Any]) -> Dose:
        values = {**self.__dict__, **changes}
        return Dose(**values)


@dataclass(frozen=True)
class Exercise:
    id: str
    name: str
    synonyms: tuple[str, ...]
    source: str
    position: str
    cue: str
    steps: tuple[str, ...]
    dose: Dose
    easier_dose: Dose
    dose_source: str
    midway_cue: str = ""
    gentler: str = ""

    def dose_for(self, easier: bool) -> Dose:
        return self.easier_dose if easier else self.dose


@dataclass(frozen=True)
class Routine:
    id: str
    name: str
    synonyms: tuple[str, ...]
    phase: str  # "acute", "mobility" or "strengthening"
    intro: str
    exercises: tuple[str, ...]
    source: str


class Phrases:
    """Spoken phrases by key, with ``{placeholders}`` filled on use."""

    def __init__(self, table: dict[str, str]) -> None:
        self._table = table

    def __call__(self, key: str, **values: object) -> str:
        return self._table[key].format(**values)

    def __contains__(self, key: str) -> bool:
        return key in self._table

    def keys(self) -> list[str]:
        return list(self._table)

    def template(self, key: str) -> str:
        """The phrase with its ``{placeholders}`` still in place."""
        return self._table[key]


@dataclass(frozen=True)
class Content:
    locale: str
    exercises: dict[str, Exercise]
    routines: dict[str, Routine]
    phrases: Phrases

    def routine_exercises(self, routine_id: str) -> list[Exercise]:
        return [self.exercises[eid] for eid in self.routines[routine_id].exercises]

    def find_routine(self, spoken: str | None, resolved_id: str | None = None) -> Routine | None:
        """The routine Alexa resolved, else the one whose name or synonym was heard."""
        return self.routines.get(resolved_id or "") or _find_by_name(self.routines.values(), spoken)

    def find_exercise(self, spoken: str | None, resolved_id: str | None = None) -> Exercise | None:
        """The exercise Alexa resolved, else the one whose name or synonym was heard."""
        return self.exercises.get(resolved_id or "") or _find_by_name(self.exercises.values(), spoken)


def in_sentence(name: str) -> str:
    """A name as it reads inside a sentence: "Let's do quick relief", not "Quick relief"."""
    return name[:1].lower() + name[1:]


def _find_by_name(items: Any, spoken: str | None) -> Any:
    if not spoken:
        return None
    wanted = _normalise(spoken)
    for item in items:
        names = {item.id.replace("_", " "), item.name, *item.synonyms}
        if wanted in {_normalise(name) for name in names}:
            return item
    return None


def _normalise(text: str) -> str:
    return " ".join(text.lower().replace("'", "").replace("-", " ").split())


def _read(locale: str, name: str) -> dict[str, Any]:
    with (CONTENT_DIR / locale / name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _dose(raw: dict[str, Any], rep_phrases: list[str] | None) -> tuple[Dose, Dose]:
    """The dose and its easier variant; rep phrases may sit on the exercise or the dose."""
    raw = dict(raw)
    easier = raw.pop("easier", {}) or {}
    phrases = raw.get("rep_phrases", rep_phrases)
    if phrases:
        raw["rep_phrases"] = tuple(phrases)
    dose = Dose(**raw)
    return dose, dose.easier(easier)


def _exercise(exercise_id: str, raw: dict[str, Any]) -> Exercise:
    dose, easier = _dose(raw["dose"], raw.get("rep_phrases"))
    return Exercise(
        id=exercise_id,
        name=raw["name"],
        synonyms=tuple(raw.get("synonyms", ())),
        source=str(raw["source"]),
        position=raw.get("position", ""),
        cue=raw["cue"],
        steps=tuple(raw["steps"]),
        dose=dose,
        easier_dose=easier,
        dose_source=str(raw["dose_source"]),
        midway_cue=raw.get("midway_cue", ""),
        gentler=raw.get("gentler", ""),
    )


def _routine(routine_id: str, raw: dict[str, Any]) -> Routine:
    return Routine(
        id=routine_id,
        name=raw["name"],
        synonyms=tuple(raw.get("synonyms", ())),
        phase=raw["phase"],
        intro=raw["intro"],
        exercises=tuple(raw["exercises"]),
        source=str(raw.get("source", "")),
    )


def supported_locale(locale: str | None) -> str:
    if locale and (CONTENT_DIR / locale).is_dir():
        return locale
    return DEFAULT_LOCALE


@cache
def load_content(locale: str | None = DEFAULT_LOCALE) -> Content:
    """The content for a locale, falling back to en-US; loaded once per process."""
    locale = supported_locale(locale)
    exercises = {
        eid: _exercise(eid, raw) for eid, raw in _read(locale, "exercises.yaml")["exercises"].items()
    }
    routines = {rid: _routine(rid, raw) for rid, raw in _read(locale, "routines.yaml")["routines"].items()}
    # Each feature keeps its phrases in its own file: phrases.yaml, phrases-<feature>.yaml.
    phrases: dict[str, Any] = {}
    for path in sorted((CONTENT_DIR / locale).glob("phrases*.yaml")):
        phrases.update(_read(locale, path.name)["phrases"])
    return Content(
        locale=locale,
        exercises=exercises,
        routines=routines,
        phrases=Phrases({key: str(value) for key, value in phrases.items()}),
    )
