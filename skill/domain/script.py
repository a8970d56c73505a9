"""A spoken script: what to say and how long to wait, independent of any speech format.

Countdowns and exercise announcements are built as scripts so that the same plan can
be rendered as SSML for a spoken response or as audio clips and silence for a track.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple, ParamSpec

P = ParamSpec("P")

# A calm speaking pace, 150 words a minute: the one estimate of how long speech takes
# (scripts here, SSML in skill.alexa.ssml, the simulator's clock), held by the tests
# that keep the skill brief.
WORDS_PER_SECOND = 2.5
# Even one short word ("5.") takes about this long.
MIN_SAY_SECONDS = 0.4


# Named tuples, not dataclasses: steps are hashed (SSML rendering is cached per step)
# and built by the hundred per reply, and a tuple does both in C.
class Say(NamedTuple):
    text: str


class Pause(NamedTuple):
    """A silence. With ``within``, the beat it closes lasts ``seconds`` in all: saying those
    words (just before it) is part of the beat, so the silence is only what remains.

    That is how a count keeps time: "5." and its silence make one second, however long the
    voice takes to say "5." (an estimate in SSML, the clip's measured length in a track).
    """

    seconds: float
    within: tuple[str, ...] = ()

    def silence(self, speech_time: Callable[[str], float]) -> float:
        """How long the silence itself lasts, given how long each text takes to say."""
        if not self.within:
            return self.seconds
        return max(0.0, self.seconds - sum(speech_time(text) for text in self.within))


Step = Say | Pause


class Script(list[Step]):
    """An ordered list of Say and Pause steps."""

    def say(self, *texts: str) -> Script:
        self.extend(Say(text) for text in texts if text)
        return self

    def pause(self, seconds: float, within: tuple[str, ...] = ()) -> Script:
        if seconds > 0:
            self.append(Pause(round(seconds, 2), tuple(within)))
        return self

    def then(self, other: Iterable[Step]) -> Script:
        self.extend(other)
        return self

    def text(self) -> str:
        """The words alone, for cards and logs."""
        return " ".join(step.text for step in self if isinstance(step, Say))

    def estimated_seconds(self) -> float:
        return self.seconds(speech_seconds)

    def seconds(self, speech_time: Callable[[str], float]) -> float:
        """How long the script takes, given how long each text takes to say."""
        return sum(
            step.silence(speech_time) if isinstance(step, Pause) else speech_time(step.text) for step in self
        )


def speech_seconds(text: str) -> float:
    """The project's estimate of how long a text takes to say at a calm pace."""
    return max(MIN_SAY_SECONDS, len(text.split()) / WORDS_PER_SECOND)


def step_seconds(step: Step) -> float:
    """How long one step takes by the estimate: a pause's own silence, words at the calm pace."""
    if isinstance(step, Pause):
        return step.silence(speech_seconds)
    return speech_seconds(step.text)


def script(*texts: str) -> Script:
    return Script().say(*texts)


def memoised(build: Callable[P, Script]) -> Callable[P, Script]:
    """Caches a script that depends only on its (hashable) arguments.

    A turn often builds the same countdown more than once (a hold for each set, the
    script again for a screen's timeline). Its phrase view is made once per turn and
    compares by identity, so the cache serves within a turn, not across turns. Each call
    still gets its own Script, so a caller may extend it freely.
    """

    def steps(*args: Any, **kwargs: Any) -> tuple[Step, ...]:
        return tuple(build(*args, **kwargs))

    cached = functools.lru_cache(maxsize=512)(steps)

    @functools.wraps(build)
    def script_for(*args: P.args, **kwargs: P.kwargs) -> Script:
        return Script(cached(*args, **kwargs))  # type: ignore[arg-type]  # hashable by contract

    return script_for
