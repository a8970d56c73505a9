"""Recognise a phrase key in what the skill said, whichever of its variants was picked.

Tests and scripted dialogs check speech by key (``said.has("routine_intro", name=...)``),
so rewording a sentence in the content does not break every test that hears it.

A placeholder given a value must hold exactly that value; one left out matches anything
(also nothing, as ``{per_side}`` is empty for a one-sided exercise). A value may itself
be a phrase (``times=phrase("times_many", sets=3)``), matched in any of its variants.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import cache

from skill.domain.content import load_content


@dataclass(frozen=True)
class Phrase:
    """A phrase key with some of its placeholders filled in, to look for in speech."""

    key: str
    values: tuple[tuple[str, object], ...] = ()


def phrase(key: str, **values: object) -> Phrase:
    return Phrase(key, tuple(sorted(values.items())))


def _flat(text: str) -> str:
    """White space folded to single spaces (kept at the ends: `` on each side`` needs its own)."""
    return re.sub(r"\s+", " ", text)


def _value_pattern(value: object, locale: str) -> str:
    if isinstance(value, Phrase):
        return phrase_pattern(value, locale)
    return re.escape(_flat(str(value)))


@cache
def phrase_pattern(wanted: Phrase, locale: str) -> str:
    """A regular expression (source) for every variant of a phrase, values filled in."""
    given = dict(wanted.values)
    variants = load_content(locale).phrases.variants(wanted.key)
    alternatives = []
    for template in variants:
        pieces: list[str] = []
        for literal, field, _spec, _conversion in string.Formatter().parse(_flat(template)):
            pieces.append(re.escape(literal))
            if field is not None:
                pieces.append(_value_pattern(given[field], locale) if field in given else r".*?")
        alternatives.append("".join(pieces))
    return "(?:" + "|".join(alternatives) + ")"


@cache
def _compiled(source: str) -> re.Pattern[str]:
    return re.compile(source, re.IGNORECASE | re.DOTALL)


def says(text: str, key: str, locale: str = "en-US", **values: object) -> bool:
    """Whether ``text`` contains some variant of phrase ``key`` (with ``values`` filled in)."""
    return _compiled(phrase_pattern(phrase(key, **values), locale)).search(_flat(text)) is not None


def says_first(text: str, key: str, locale: str = "en-US", **values: object) -> bool:
    """Whether ``text`` begins with some variant of phrase ``key`` (nothing said before it)."""
    return _compiled(phrase_pattern(phrase(key, **values), locale)).match(_flat(text).lstrip()) is not None


def says_in_order(text: str, phrases: tuple[Phrase, ...], locale: str = "en-US") -> bool:
    """Whether ``text`` holds each of ``phrases``, one after the other (other words between)."""
    source = ".*?".join(phrase_pattern(wanted, locale) for wanted in phrases)
    return _compiled(source).search(_flat(text)) is not None


def between(text: str, start: Phrase, end: Phrase, locale: str = "en-US") -> str | None:
    """What stands between phrase ``start`` and the next phrase ``end`` (None: not both there)."""
    found = _compiled(f"{phrase_pattern(start, locale)}(.*?){phrase_pattern(end, locale)}").search(text)
    return found.group(1) if found else None
