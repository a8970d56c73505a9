"""Everyday things people say that are not commands: pace, where we are, thanks, the floor,
"my back is killing me", and questions about medicines (never answered with advice)."""

from __future__ import annotations

import math

from skill.coach import menu, routines, safety
from skill.coach.turn import Reply, Turn
from skill.domain.countdown import PACES
from skill.domain.guide import guided_script

SEATED_ROUTINE = "desk_stretches"
PACE_ORDER = ("slower", "normal", "faster")


def change_pace(turn: Turn, pace_id: str | None) -> str | None:
    """One step of pace ("slower" or "faster"), kept as a preference; the phrase key to say
    it, or None when neither was asked."""
    now = turn.preferences.get("pace", "normal")
    now = now if now in PACES else "normal"
    step = -1 if pace_id == "slower" else 1 if pace_id == "faster" else 0
    if step == 0:
        return None
    position = PACE_ORDER.index(now) + step
    if not 0 <= position < len(PACE_ORDER):
        return "pace_already_slowest" if step < 0 else "pace_already_fastest"
    chosen = PACE_ORDER[position]
    turn.preferences["pace"] = chosen
    return {"slower": "pace_slower", "faster": "pace_faster"}.get(chosen, "pace_normal")


def pace(turn: Turn, pace_id: str | None) -> Reply:
    """ "Count slower" / "faster": one step of pace, kept for countdowns and routines."""
    key = change_pace(turn, pace_id)
    if key is None:
        return menu.fallback(turn)
    if turn.current_exercise() is not None:
        return turn.ask(turn.says(key, "pace_in_routine"), "routine_reprompt")
    return turn.ask(turn.says(key, "standalone_reprompt"), "standalone_reprompt")


def what_is_this(turn: Turn) -> Reply:
    single = turn.session.get("single")
    if single in turn.content.exercises:
        exercise = turn.content.exercises[single]
        out = turn.says("this_is_single", name=exercise.name).say(exercise.cue)
        return turn.ask(out.say(turn.phrase("single_reprompt")), "single_reprompt")
    progress = routines.active(turn)
    if progress is None:
        return turn.ask(turn.says("not_in_routine", "menu"), "menu_reprompt")
    exercise = turn.content.routine_exercises(progress.routine_id)[progress.index]
    out = turn.says(
        "this_is_in_routine", name=exercise.name, number=progress.number, total=progress.total
    ).say(exercise.cue)
    return turn.ask(out.say(turn.phrase("routine_reprompt")), "routine_reprompt")


def _routine_seconds(turn: Turn, routine_id: str, start: int, easier: bool) -> float:
    total = 0.0
    for exercise in turn.content.routine_exercises(routine_id)[start:]:
        script = guided_script(
            exercise,
            turn.phrase,
            easier=easier,
            heading=exercise.name,
            full=exercise.id not in turn.learned(),
        )
        total += script.estimated_seconds()
    return total


def _minutes(seconds: float) -> int:
    return max(1, math.ceil(seconds / 60))


def time_left(turn: Turn) -> Reply:
    """ "How long is left": minutes, estimated from the scripts still to come."""
    progress = routines.active(turn)
    if progress is None:
        spans = [_routine_seconds(turn, routine_id, 0, False) for routine_id in turn.content.routines]
        out = turn.says("routines_take", low=_minutes(min(spans)), high=_minutes(max(spans)))
        return turn.ask(out.say(turn.phrase("menu")), "menu_reprompt")
    left = progress.remaining_after_current
    if left == 0:
        return turn.ask(turn.says("this_is_last", "routine_reprompt"), "routine_reprompt")
    seconds = _routine_seconds(turn, progress.routine_id, progress.index + 1, progress.easier)
    out = turn.says("time_left", minutes=_minutes(seconds), left=left)
    return turn.ask(out.say(turn.phrase("routine_reprompt")), "routine_reprompt")


def thanks(turn: Turn) -> Reply:
    """ "Thank you", "I feel better": a kind goodbye; a routine under way keeps its place."""
    progress = routines.active(turn)
    if progress is not None and turn.session.get("routine"):
        turn.save_progress(progress)
        return turn.tell(turn.says("thanks_saved"))
    key = "thanks_glad" if turn.pending.get("kind") == "pain_after" else "thanks_goodbye"
    return turn.tell(turn.says(key))


def floor(turn: Turn) -> Reply:
    """ "I can't get on the floor": offer the seated routine; never start a floor one."""
    turn.session.pop("single", None)
    turn.set_pending("seated_instead")
    return turn.ask(turn.says("floor_offer_seated"), "floor_offer_reprompt")


def seated(turn: Turn) -> Reply:
    return routines.start(turn, SEATED_ROUTINE)


def back_help(turn: Turn) -> Reply:
    """ "My back is killing me", "what should I do": one safety question, then quick relief."""
    turn.set_pending("back_help")
    return turn.ask(turn.says("back_help_question"), "back_help_reprompt")


def back_help_answer(turn: Turn, warning_signs: bool) -> Reply:
    if warning_signs:
        # Numbness, weakness or bladder trouble: acted on as the screening question's "yes".
        return safety.screening_answer(turn, True)
    turn.session[safety.SCREENED] = True  # the same question, answered no: not asked again
    turn.set_pending("quick_relief_offer")
    return turn.ask(turn.says("back_help_offer"), "back_help_offer_reprompt")


def medication(turn: Turn) -> Reply:
    """No drug advice and no dose, whatever is asked: a doctor or pharmacist knows the person."""
    out = turn.says("medication_ask_professional")
    if turn.current_exercise() is not None:
        return turn.ask(out.say(turn.phrase("medication_after_routine")), "routine_reprompt")
    return turn.ask(out.say(turn.phrase("medication_after_menu")), "menu_reprompt")
