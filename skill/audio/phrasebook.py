"""Every fixed phrase the skill can play, per locale, taken from the content data.

The tracks are built from the same Scripts the spoken mode uses, so collecting their
words gives the exercise steps and cues, the count numbers, "switch sides", "and
release" and the transitions, with nothing listed by hand that could drift.
"""

from __future__ import annotations

from skill.audio.tracks import all_refs, phrases, track_script
from skill.domain.content import load_content


def phrasebook(locale: str = "en-US") -> list[str]:
    """Every distinct phrase for the locale, in a stable order."""
    content = load_content(locale)
    seen: dict[str, None] = {}
    for ref in all_refs(content):
        for text in phrases(track_script(content, ref)):
            seen.setdefault(text, None)
    return list(seen)
