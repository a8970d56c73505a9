"""Announcing and counting one exercise."""

from __future__ import annotations

from skill.coach.turn import Card, Reply, Turn
from skill.domain.content import Exercise
from skill.domain.countdown import describe_dose, pace_factor
from skill.domain.guide import guided_script, on_the_floor
from skill.domain.script import Script

PREGNANT = "pregnant"  # session: "I'm pregnant" was said


def guided(turn: Turn, exercise: Exercise, easier: bool, heading: str, full: bool | None = None) -> Script:
    """The exercise's script; full steps until the person has learned it."""
    full = exercise.id not in turn.learned() if full is None else full
    if full:
        turn.mark_learned(exercise.id)
    # The first floor exercise a person meets says how to get down and up safely.
    floor_how = on_the_floor(exercise, turn.content.floor_positions) and not turn.user.get("floor_how_heard")
    if floor_how:
        turn.user["floor_how_heard"] = turn.stamp()
    script = guided_script(
        exercise,
        turn.phrase,
        easier=easier,
        heading=heading,
        full=full,
        pace=pace_factor(turn.preferences.get("pace")),
        floor_how=floor_how,
    )
    if exercise.pregnancy_check and turn.session.get(PREGNANT):
        # Told earlier in this session: a twist or lying face down is checked with her midwife.
        return Script().say(turn.phrase("pregnancy_exercise_check")).then(script)
    return script


def exercise_card(turn: Turn, exercise: Exercise, easier: bool) -> Card:
    dose = describe_dose(exercise.dose_for(easier), turn.phrase)
    lines = [*exercise.steps, dose, turn.phrase("card_safety")]
    return Card(title=exercise.name, text="\n".join(lines))


def single(turn: Turn, exercise: Exercise, full: bool | None = None) -> Reply:
    """One exercise on its own, outside a routine, or standing in for one inside it."""
    turn.session["single"] = exercise.id
    turn.session.pop("detail_topic", None)
    easier = bool(turn.preferences.get("easier"))
    out = guided(turn, exercise, easier, turn.phrase("single_heading", name=exercise.name), full)
    # Inside a routine "next" carries on with it; outside, offer to repeat or choose one.
    after, reprompt = (
        ("gentler_after_routine", "routine_reprompt")
        if turn.in_routine
        else ("single_after", "single_reprompt")
    )
    out.say(turn.phrase(after))
    return turn.ask(out, reprompt, card=exercise_card(turn, exercise, easier))
