"""The script of one guided exercise: what is said, and the counted holds or reps.

Both modes use it: the spoken mode (skill.coach.exercises) and the hands-free tracks
(skill.audio.tracks), so they say the same thing at the same pace.
"""

from __future__ import annotations

from skill.domain.content import Exercise, Phrases
from skill.domain.countdown import describe_dose, exercise_count
from skill.domain.script import Script

# Long enough to get down to the floor, or settle into a chair, in a spasm.
GET_READY_SECONDS = 10.0


def instructions(exercise: Exercise, full: bool) -> Script:
    """Full steps the first time (or on request), the short cue once learned."""
    return Script().say(*exercise.steps) if full else Script().say(exercise.cue)


def guided_script(
    exercise: Exercise,
    phrases: Phrases,
    *,
    easier: bool,
    heading: str,
    full: bool,
    pace: float = 1.0,
    floor_how: bool = False,
) -> Script:
    """Heading, instructions, a moment to get ready, then the counted holds or reps.

    ``floor_how`` adds, before the steps, how to get down to the floor and up again.
    """
    dose = exercise.dose_for(easier)
    out = Script().say(heading)
    if floor_how:
        out.say(phrases("floor_how"))
    out.then(instructions(exercise, full))
    out.say(describe_dose(dose, phrases))
    out.say(phrases("get_ready")).pause(GET_READY_SECONDS)
    return out.then(exercise_count(exercise, dose, phrases, pace))


def on_the_floor(exercise: Exercise, positions: tuple[tuple[str, ...], tuple[str, ...]]) -> bool:
    """Whether the exercise is done down on the floor, by the language's position words."""
    position = exercise.position.lower()
    floor, not_floor = positions
    return any(word in position for word in floor) and not any(word in position for word in not_floor)
