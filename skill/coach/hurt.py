"""Exercises that hurt lately: the skill never offers them again as they were."""

from __future__ import annotations

from datetime import datetime, timedelta

from skill.coach.turn import Turn

HURT_MEMORY = timedelta(days=7)


def hurt_recently(turn: Turn, exercise_id: str) -> bool:
    """Whether this exercise was reported sharp in the last week: never offer it again as is."""
    cutoff = turn.now - HURT_MEMORY
    for entry in reversed(turn.user.get("pain_log", [])):
        if entry.get("moment") != "sharp" or entry.get("exercise") != exercise_id:
            continue
        try:
            if datetime.fromisoformat(entry["at"]) >= cutoff:
                return True
        except (KeyError, TypeError, ValueError):
            continue
    return False


def gentler_for(turn: Turn, exercise_id: str) -> str | None:
    exercise = turn.content.exercises.get(exercise_id)
    gentler = turn.content.exercises.get(exercise.gentler) if exercise else None
    return gentler.id if gentler is not None and gentler.id != exercise_id else None
