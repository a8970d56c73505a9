"""A spoken script: what to say and how long to wait, independent of any speech format.

Countdowns and exercise announcements are built as scripts so that the same plan can
be rendered as SSML for a spoken response or as audio clips and silence for a track.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# A calm speaking pace; used only to estimate how long a script takes.
WORDS_PER_SECOND = 2.5


@dataclass(frozen=True)
class Say:
    text: str


@dataclass(frozen=True)
class Pause:
    seconds: float


Step = Say | Pause


class Script(list[Step]):
    """An ordered list of Say and Pause steps."""

    def say(self, *texts: str) -> Script:
        self.extend(Say(text) for text in texts if text)
        return self

    def pause(self, seconds: float) -> Script:
        if seconds > 0:
            self.append(Pause(round(seconds, 2)))
        return self

    def then(self, other: Iterable[Step]) -> Script:
        self.extend(other)
        return self

    def text(self) -> str:
        """The words alone, for cards and logs."""
        return " ".join(step.text for step in self if isinstance(step, Say))

    def estimated_seconds(self) -> float:
        total = 0.0
        for step in self:
            if isinstance(step, Pause):
                total += step.seconds
            else:
                total += max(0.4, len(step.text.split()) / WORDS_PER_SECOND)
        return total


def script(*texts: str) -> Script:
    return Script().say(*texts)
