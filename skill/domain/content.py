"""Exercises, routines and phrases, loaded from the YAML files in skill/content.

Content is kept per language (``content/en/``) with regional overlays holding only what
differs (``content/en-US/``), as voice frameworks keep their dialog files per locale.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

CONTENT_DIR = Path(__file__).resolve().parents[1] / "content"
DEFAULT_LOCALE = "en-US"
LOCALE_PATTERN = re.compile(r"[a-z]{2}-[A-Z]{2}")
# Set only to make the choice among a phrase's variants repeatable (tests, recordings):
# it replaces the listener and the day in that choice.
PHRASE_SEED = int(os.environ["SKILL_PHRASE_SEED"]) if os.environ.get("SKILL_PHRASE_SEED") else None


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
    # When after a spasm it may be done (skill.domain.phase), and the article that says so.
    phase: str = "first_day"
    phase_source: str = ""
    # A twist or lying face down: in pregnancy, said to be checked first (004; DOMAIN).
    pregnancy_check: bool = False

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
    """Spoken phrases by key, with ``{placeholders}`` filled on use.

    A key may hold several phrasings (a YAML list), so that a person who comes back every
    day does not hear the same sentence every day. The choice is not random: a listener's
    view (``for_listener``) picks by a stable hash of who is listening, the day and the
    key, so one person hears one phrasing all day, the same in every response of that
    day, and another phrasing on another day. ``seed`` takes the place of listener and day
    (tests and recordings repeat exactly). Without either, and always for prerecorded
    audio (``fixed``), the first phrasing is used, so built files never depend on chance.
    """

    def __init__(self, table: Mapping[str, str | Sequence[str]], seed: int | None = None) -> None:
        self._table = {
            key: (value,) if isinstance(value, str) else tuple(value) for key, value in table.items()
        }
        self._seed = seed
        self._salt = None if seed is None else f"seed {seed}"

    def __call__(self, key: str, **values: object) -> str:
        return self.pick(key).format(**values)

    def __contains__(self, key: str) -> bool:
        return key in self._table

    def pick(self, key: str) -> str:
        """The phrasing this view uses for ``key``, placeholders still in place."""
        variants = self._table[key]
        if len(variants) == 1 or self._salt is None:
            return variants[0]
        digest = hashlib.blake2b(f"{self._salt}|{key}".encode(), digest_size=8).digest()
        return variants[int.from_bytes(digest, "big") % len(variants)]

    def for_listener(self, listener: str, day: date) -> Phrases:
        """The phrasings ``listener`` hears on ``day`` (the seed's, when one is set)."""
        if self._seed is not None:
            return self
        return self._with_salt(f"{listener}|{day.isoformat()}")

    def fixed(self) -> Phrases:
        """Always the first phrasing: for audio rendered ahead of time and looked up later."""
        return self._with_salt(None)

    def _with_salt(self, salt: str | None) -> Phrases:
        # The table is shared, not copied: views are made on every turn.
        view = Phrases.__new__(Phrases)
        view._table, view._seed, view._salt = self._table, self._seed, salt
        return view

    def keys(self) -> list[str]:
        return list(self._table)

    def template(self, key: str) -> str:
        """The first phrasing with its ``{placeholders}`` still in place."""
        return self._table[key][0]

    def variants(self, key: str) -> tuple[str, ...]:
        """Every phrasing of a key, placeholders in place."""
        return self._table[key]


@dataclass(frozen=True)
class Content:
    locale: str
    exercises: dict[str, Exercise]
    routines: dict[str, Routine]
    phrases: Phrases
    # Words said before and after a name ("the", "my"; "please"), from names.yaml.
    name_carriers: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())
    # Words of a position on the floor, and words that keep one off it (exercises.yaml).
    floor_positions: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())

    def routine_phase(self, routine_id: str) -> str:
        """A routine is as late in a spasm's course as its latest exercise."""
        from skill.domain.phase import latest

        return latest([exercise.phase for exercise in self.routine_exercises(routine_id)])

    def routine_exercises(self, routine_id: str) -> list[Exercise]:
        return [self.exercises[eid] for eid in self.routines[routine_id].exercises]

    def find_routine(self, spoken: str | None, resolved_id: str | None = None) -> Routine | None:
        """The routine Alexa resolved, else the one whose name or synonym was heard."""
        return self.routines.get(resolved_id or "") or self._find_by_name(self.routines.values(), spoken)

    def find_exercise(self, spoken: str | None, resolved_id: str | None = None) -> Exercise | None:
        """The exercise Alexa resolved, else the one whose name or synonym was heard."""
        return self.exercises.get(resolved_id or "") or self._find_by_name(self.exercises.values(), spoken)

    def _find_by_name(self, items: Any, spoken: str | None) -> Any:
        """The item named as heard, else as heard without the words around it ("the", "please")."""
        found = _find_by_name(items, spoken)
        if found is None and spoken:
            found = _find_by_name(items, _without_carriers(_normalise(spoken), *self.name_carriers))
        return found


# Languages that write nouns with a capital inside a sentence too ("Das war Schnelle Hilfe").
CAPITALISED_NOUNS = frozenset({"de"})
# Exercise and routine names of those languages, filled as their content is loaded.
_KEEP_CAPITAL: set[str] = set()


def in_sentence(name: str) -> str:
    """A name as it reads inside a sentence: "Let's do quick relief", not "Quick relief".

    German names keep their capital: they are nouns ("mit Schnelle Hilfe", "Knie zur Brust").
    """
    return name if name in _KEEP_CAPITAL else name[:1].lower() + name[1:]


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


def _without_carriers(text: str, before: frozenset[str], after: frozenset[str]) -> str:
    """``text`` without the carrier words at its start and end ("the desk stretches please")."""
    words = text.split()
    changed = True
    while changed and words:
        changed = False
        for size in (2, 1):  # two-word carriers first: "for me", "noch mal"
            if len(words) > size and " ".join(words[:size]) in before:
                words, changed = words[size:], True
            if len(words) > size and " ".join(words[-size:]) in after:
                words, changed = words[:-size], True
    return " ".join(words)


def _read(path: Path) -> dict[str, Any]:
    # Imported here: the server starts without the parser, which only the first load needs.
    import yaml

    # libyaml's parser when PyYAML has it (its wheels do): several times faster on a cold start.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=loader) or {}


def _layers(locale: str) -> list[Path]:
    """The folders a locale's content comes from, base first: ``en`` then ``en-US``."""
    language = locale.split("-")[0]
    return [folder for folder in (CONTENT_DIR / language, CONTENT_DIR / locale) if folder.is_dir()]


def _merged(layers: list[Path], pattern: str, section: str) -> dict[str, Any]:
    """One section of every file matching ``pattern``, a region's entries over the base's."""
    return _merged_sections(layers, pattern, (section,))[section]


def _merged_sections(
    layers: list[Path], pattern: str, sections: tuple[str, ...]
) -> dict[str, dict[str, Any]]:
    """Each of ``sections`` of every file matching ``pattern``, each file read once.

    An exercise or routine in an overlay changes only the fields it names.
    """
    found: dict[str, dict[str, Any]] = {section: {} for section in sections}
    for folder in layers:
        for path in sorted(folder.glob(pattern)):
            data = _read(path)
            for section, merged in found.items():
                for key, value in (data.get(section) or {}).items():
                    if isinstance(value, dict) and isinstance(merged.get(key), dict):
                        merged[key] = {**merged[key], **value}
                    else:
                        merged[key] = value
    return found


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
        phase=raw.get("phase", "first_day"),
        phase_source=str(raw.get("phase_source", "")),
        pregnancy_check=bool(raw.get("pregnancy_check", False)),
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


def available_locales() -> frozenset[str]:
    """The regional locales with content of their own (``en-US``, ...)."""
    return frozenset(
        path.name for path in CONTENT_DIR.iterdir() if path.is_dir() and LOCALE_PATTERN.fullmatch(path.name)
    )


def supported_locale(locale: object) -> str:
    """The request's locale when the skill has content for it, else the default.

    Only names of the form ``xx-YY`` are looked up, so request text never reaches a path.
    """
    if isinstance(locale, str) and LOCALE_PATTERN.fullmatch(locale):
        if locale in available_locales():
            return locale
        # Another region of a language the skill speaks gets the language's base alone:
        # never another country's emergency number.
        if (CONTENT_DIR / locale.split("-")[0]).is_dir():
            return locale
    return DEFAULT_LOCALE


def reword(text: str, words: dict[str, str]) -> str:
    """``text`` with each whole-word phrase of ``words`` replaced, keeping a capital."""
    for said, local in words.items():

        def swap(found: re.Match[str], local: str = local) -> str:
            return local[:1].upper() + local[1:] if found.group(0)[:1].isupper() else local

        text = re.sub(rf"\b{re.escape(said)}\b", swap, text, flags=re.IGNORECASE)
    return text


def _reworded_exercise(item: Exercise, words: dict[str, str]) -> Exercise:
    return replace(
        item,
        position=reword(item.position, words),
        cue=reword(item.cue, words),
        steps=tuple(reword(step, words) for step in item.steps),
        midway_cue=reword(item.midway_cue, words),
        gentler=reword(item.gentler, words),
    )


@lru_cache(maxsize=64)
def load_content(locale: str | None = DEFAULT_LOCALE) -> Content:
    """The content for a locale: the language's base with the region's overlay on top.

    An unknown region of a known language gets the language's base alone (which names
    "your local emergency number"); an unknown language gets en-US. A region's
    ``words*.yaml`` replaces words and spellings in the base's text (not in names and
    synonyms, which are what people say). The files are read once per process and set
    of folders; the request's own text only picks among them, so requests with ever new
    locales cost neither reading nor memory.
    """
    locale = supported_locale(locale)
    content = _content_of(tuple(_layers(locale)))
    return content if content.locale == locale else replace(content, locale=locale)


@cache
def _content_of(layers: tuple[Path, ...]) -> Content:
    locale = layers[-1].name if LOCALE_PATTERN.fullmatch(layers[-1].name) else DEFAULT_LOCALE
    # The exercise files also say which positions are on the floor: read once for both.
    exercise_files = _merged_sections(list(layers), "exercises*.yaml", ("exercises", "positions"))
    exercises = {eid: _exercise(eid, raw) for eid, raw in exercise_files["exercises"].items()}
    routines = {
        rid: _routine(rid, raw) for rid, raw in _merged(list(layers), "routines*.yaml", "routines").items()
    }
    # Each feature keeps its phrases in its own file: phrases.yaml, phrases-<feature>.yaml.
    phrases = _merged(list(layers), "phrases*.yaml", "phrases")
    words = _merged(list(layers), "words*.yaml", "words")
    if words:
        exercises = {eid: _reworded_exercise(item, words) for eid, item in exercises.items()}
        routines = {rid: replace(item, intro=reword(item.intro, words)) for rid, item in routines.items()}
        phrases = {
            key: [reword(str(v), words) for v in value]
            if isinstance(value, list)
            else reword(str(value), words)
            for key, value in phrases.items()
        }
    if layers and layers[0].name in CAPITALISED_NOUNS:
        _KEEP_CAPITAL.update(item.name for item in exercises.values())
        _KEEP_CAPITAL.update(item.name for item in routines.values())
    carriers = _merged(list(layers), "names*.yaml", "name_carriers")
    positions = exercise_files["positions"]
    return Content(
        locale=locale,
        exercises=exercises,
        routines=routines,
        name_carriers=(
            frozenset(_normalise(word) for word in carriers.get("before", ())),
            frozenset(_normalise(word) for word in carriers.get("after", ())),
        ),
        floor_positions=(
            tuple(str(word).lower() for word in positions.get("floor", ())),
            tuple(str(word).lower() for word in positions.get("not_floor", ())),
        ),
        phrases=Phrases(
            {
                key: tuple(map(str, value)) if isinstance(value, list) else str(value)
                for key, value in phrases.items()
            },
            seed=PHRASE_SEED,
        ),
    )
