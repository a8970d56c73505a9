"""Spoken countdowns for holds and unhurried counts for repetitions.

A hold is "Hold", silence, a calm cue midway for longer holds, the last five seconds
counted aloud, then "and release". Repetitions are counted one at a time with the
exercise's own short phrases and a pause for each movement.
"""

from __future__ import annotations

from collections.abc import Callable

from skill.domain.content import Dose, Exercise
from skill.domain.script import Script, memoised

Phrase = Callable[..., str]

COUNTED_SECONDS = 5
# Each counted number and the silence after it make one second.
COUNT_BEAT = 1.0
# Holds shorter than this get no midway cue; it would crowd the count.
MIDWAY_CUE_FROM = 12
# Seconds of the hold kept for saying the midway cue before the count begins.
CUE_ROOM = 3.0
BETWEEN_SETS_REST = 3.0
# Counting pace a person can ask for ("count slower"): it stretches each repetition's
# movements and the rests between sets and sides; a hold's counted seconds stay true seconds.
PACES = {"slower": 1.5, "normal": 1.0, "faster": 0.75}


def pace_factor(name: object) -> float:
    return PACES.get(str(name), 1.0)


@memoised
def hold(
    seconds: int,
    phrase: Phrase,
    midway_cue: str = "",
    *,
    start_key: str = "hold_start",
    end_key: str = "hold_release",
) -> Script:
    """Count one hold of ``seconds`` seconds."""
    seconds = max(1, int(seconds))
    counted = min(COUNTED_SECONDS, seconds)
    silent = seconds - counted
    out = Script().say(phrase(start_key))
    cue = midway_cue or phrase("midway_cue")
    if silent and seconds >= MIDWAY_CUE_FROM:
        # Midway, or earlier in a short hold so that the cue is said before the count starts;
        # the cue is said inside the hold, not added to it.
        first_half = min(seconds / 2, silent - CUE_ROOM)
        out.pause(first_half).say(cue).pause(silent - first_half, within=(cue,))
    else:
        out.pause(silent)
    for number in range(counted, 0, -1):
        # The locale's form of a counted number: "5." in English; German reads "5." as "fifth".
        said = phrase("rep_number", number=number)
        out.say(said).pause(COUNT_BEAT, within=(said,))
    return out.say(phrase(end_key))


@memoised
def count_reps(
    reps: int,
    phrase: Phrase,
    rep_phrases: tuple[str, ...] = (),
    rep_seconds: float = 4.0,
    hold_seconds: int = 0,
    pace: float = 1.0,
) -> Script:
    """Count ``reps`` repetitions at an unhurried pace.

    Without a hold, each repetition takes ``rep_seconds`` from its number to the next one,
    the words included: each movement's phrase and its silence share an equal slice. With
    a hold, the silence after the first phrase is the hold itself, exactly ``hold_seconds``.
    ``pace`` (from "count slower") stretches or shortens each repetition, never a hold.
    """
    reps = max(1, int(reps))
    rep_seconds = rep_seconds * pace
    movements = rep_phrases or ()
    out = Script()
    for rep in range(1, reps + 1):
        number = phrase("rep_number", number=rep)
        out.say(number)
        if not movements:
            out.pause(rep_seconds, within=(number,))
            continue
        per_movement = rep_seconds / len(movements)
        for index, movement in enumerate(movements):
            out.say(movement)
            if index == 0 and hold_seconds:
                out.pause(hold_seconds)
            else:
                out.pause(per_movement, within=(number, movement) if index == 0 else (movement,))
    return out.say(phrase("reps_done", reps=reps))


def _one_side(dose: Dose, exercise: Exercise, phrase: Phrase, pace: float) -> Script:
    out = Script()
    if dose.kind == "reps":
        return out.then(
            count_reps(dose.reps, phrase, dose.rep_phrases, dose.rep_seconds, dose.hold_seconds, pace=pace)
        )
    if dose.kind == "timed":
        return out.then(
            hold(dose.seconds, phrase, exercise.midway_cue, start_key="timed_start", end_key="timed_end")
        )
    for number in range(1, dose.sets + 1):
        if number > 1:
            out.say(phrase("between_sets")).pause(BETWEEN_SETS_REST * pace)
        out.then(hold(dose.hold_seconds, phrase, exercise.midway_cue))
    return out


@memoised
def exercise_count(exercise: Exercise, dose: Dose, phrase: Phrase, pace: float = 1.0) -> Script:
    """The whole counted part of one exercise, switching sides by voice when it is two-sided."""
    if not dose.sided:
        return _one_side(dose, exercise, phrase, pace)
    out = Script().say(phrase("side_first"))
    out.then(_one_side(dose, exercise, phrase, pace))
    out.say(phrase("switch_sides")).pause(2.0 * pace)
    return out.then(_one_side(dose, exercise, phrase, pace))


def describe_dose(dose: Dose, phrase: Phrase) -> str:
    """One sentence saying how much, for announcements and cards."""
    per_side = phrase("per_side") if dose.sided else ""
    if dose.kind == "reps":
        return phrase("dose_reps", reps=dose.reps, per_side=per_side)
    if dose.kind == "timed":
        return phrase("dose_timed", seconds=dose.seconds)
    return phrase(
        "dose_hold",
        seconds=dose.hold_seconds,
        sets=dose.sets,
        times=phrase("times_one") if dose.sets == 1 else phrase("times_many", sets=dose.sets),
        per_side=per_side,
    )
