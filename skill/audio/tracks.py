"""Hands-free exercise tracks: which ones exist, and the spoken-mode Script each one plays.

Each track follows exactly the Script the spoken mode uses (skill.domain.guide,
which counts holds and reps with skill.domain.countdown), so both modes say the same thing
at the same pace. Everything here is pure: no files are read or written. Turning a script
into clips and silence is the library build's (skill.audio.build), which serving never loads.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass

from skill.domain.content import Content
from skill.domain.countdown import PACES, pace_factor
from skill.domain.guide import guided_script
from skill.domain.script import Say, Script

# A short rest between exercises, before the next track's heading.
BETWEEN_EXERCISES = 3.0


NORMAL_PACE = "normal"


@dataclass(frozen=True)
class TrackRef:
    """One exercise of a routine, in one variant (easier dose, full steps or the short cue)
    at one of the counting paces a person can ask for (skill.domain.countdown.PACES)."""

    routine_id: str
    index: int
    easier: bool = False
    full: bool = True
    pace: str = NORMAL_PACE


def track_script(content: Content, ref: TrackRef) -> Script:
    """Routine intro (first track), heading, instructions, the count, then the transition."""
    routine = content.routines[ref.routine_id]
    exercise = content.routine_exercises(ref.routine_id)[ref.index]
    total = len(routine.exercises)
    # Tracks are rendered ahead of time and found again by their script: always the first
    # phrasing of each key, never one that depends on the listener, the day or a seed.
    phrase = content.phrases.fixed()
    out = Script()
    if ref.index == 0:
        out.say(phrase("routine_intro", name=routine.name, total=total), routine.intro)
    heading = phrase("exercise_heading", number=ref.index + 1, total=total, name=exercise.name)
    out.then(
        guided_script(
            exercise, phrase, easier=ref.easier, heading=heading, full=ref.full, pace=pace_factor(ref.pace)
        )
    )
    if ref.index == total - 1:
        return out.say(phrase("handsfree_track_last", name=routine.name))
    return out.say(phrase("handsfree_track_next")).pause(BETWEEN_EXERCISES)


@dataclass(frozen=True)
class Chime:
    """The skill's own short tone, played before hands-free speech starts."""

    frequency: int = 660
    seconds: float = 0.6

    @property
    def name(self) -> str:
        digest = hashlib.sha256(f"{self.frequency}:{self.seconds}".encode()).hexdigest()[:12]
        return f"chime-{digest}.mp3"


CHIME = Chime()


def script_key(script: Script, locale: str) -> str:
    """What a track says and when, in a locale; the same whichever engine renders it.

    Request time can work this out from the content alone and look the file up with it.
    """
    steps = [["say", step.text] if isinstance(step, Say) else ["pause", step.seconds] for step in script]
    return hashlib.sha256(json.dumps([locale, steps]).encode()).hexdigest()[:20]


def phrases(script: Script) -> list[str]:
    return [step.text for step in script if isinstance(step, Say)]


def all_refs(content: Content) -> Iterator[TrackRef]:
    """Every track a hands-free routine can ask for, at every pace.

    A pace only stretches the pauses of counted reps, rests between sets and the switch of
    sides, so many exercises say the same at every pace: those share one file (the build
    groups refs by script), and every pace reuses the same phrase clips.
    """
    for routine_id, routine in content.routines.items():
        for index in range(len(routine.exercises)):
            for easier in (False, True):
                for full in (True, False):
                    for pace in PACES:
                        yield TrackRef(routine_id, index, easier, full, pace)
