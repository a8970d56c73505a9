"""A spoken script: what to say and how long to wait, independent of any speech format.

Countdowns and exercise announcements are built as scripts so that the same plan can
be rendered as SSML for a spoken response or as audio clips and silence for a track.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import NamedTuple, ParamSpec

P = ParamSpec("P")

# A calm speaking pace; used only to estimate how long a script takes.
WORDS_PER_SECOND = 2.5


# Named tuples, not dataclasses: steps are hashed (SSML rendering is cached per step)
# and built by the hundred per reply, and a tuple does both in C.
class Say(NamedTuple):
    text: str


class Pause(NamedTuple):
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
        return sum(step_seconds(step) for step in self)


def step_seconds(step: Step) -> float:
    """How long one step takes: a pause exactly, words at the calm pace."""
    if isinstance(step, Pause):
        return step.seconds
    return max(0.4, len(step.text.split()) / WORDS_PER_SECOND)


def script(*texts: str) -> Script:
    return Script().say(*texts)


def memoised(build: Callable[P, Script]) -> Callable[P, Script]:
    """Caches a script that depends only on its (hashable) arguments.

    Countdowns are rebuilt from the same few exercises, doses and phrase tables all
    day; each call still gets its own Script, so a caller may extend it freely.
    """
    cached = functools.lru_cache(maxsize=512)(lambda *args, **kwargs: tuple(build(*args, **kwargs)))

    @functools.wraps(build)
    def script_for(*args: P.args, **kwargs: P.kwargs) -> Script:
        return Script(cached(*args, **kwargs))

    return script_for
