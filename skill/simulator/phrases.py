"""Recognise a phrase key in what the skill said, whichever of its variants was picked.

Tests and scripted dialogs check speech by key (``said.has("routine_intro", name=...)``),
so rewording a sentence in the content does not break every test that hears it.
"""

from __future__ import annotations

import re
import string
from functools import cache

from skill.domain.content import load_content


def _flat(text: str) -> str:
    return " ".join(text.split())


@cache
def _pattern(template: str, names: frozenset[tuple[str, str]]) -> re.Pattern[str]:
    given = dict(names)
    pieces: list[str] = []
    for literal, field, _spec, _conversion in string.Formatter().parse(_flat(template)):
        pieces.append(re.escape(literal))
        if field is not None:
            pieces.append(re.escape(given[field]) if field in given else r".+?")
    return re.compile("".join(pieces), re.IGNORECASE)


def says(text: str, key: str, locale: str = "en-US", **values: object) -> bool:
    """Whether ``text`` contains some variant of phrase ``key`` (with ``values`` filled in)."""
    phrases = load_content(locale).phrases
    names = frozenset((name, str(value)) for name, value in values.items())
    flat = _flat(text)
    return any(_pattern(template, names).search(flat) for template in phrases.variants(key))
