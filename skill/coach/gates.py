"""Before any routine or exercise starts: the phase rule, old onsets and a high pain score.

- The phase rule (skill.domain.phase): an exercise or routine asked for too soon after the
  spasm started gets the gentle alternative and the reason (000, 002).
- An onset more than 14 days old is checked ("is this still the same spasm?") before it is
  used, and brings the see-a-doctor note (002) every time it drives advice.
- After a pain of 8 or more before a routine, only the gentle routine is offered (003).
"""

from __future__ import annotations

from skill.coach import exercises, routines, safety
from skill.coach.turn import Reply, Turn
from skill.domain import phase
from skill.domain.content import in_sentence
from skill.domain.onset import from_stored, hours_since
from skill.domain.script import Script

SAME_SPASM = "same_spasm"
ANSWERED_HERE = frozenset({safety.SCREENING, SAME_SPASM})
# Beyond one to two weeks a spasm likely has an underlying cause (002): ask, then note it.
OLD_ONSET_HOURS = 14 * 24
CONFIRMED = "onset_confirmed"  # session: "yes, the same spasm" was said this session
FIRST_DAYS_HOURS = 48


def onset_hours(turn: Turn) -> float | None:
    return hours_since(from_stored(turn.user.get("spasm_onset")), turn.now)


def _phase_of(turn: Turn, kind: str, item_id: str) -> str:
    if kind == "routine":
        return turn.content.routine_phase(item_id)
    return turn.content.exercises[item_id].phase


def reason(turn: Turn, kind: str, item_id: str) -> str:
    """Why this routine or exercise may not simply start now ("" when it may)."""
    wanted = _phase_of(turn, kind, item_id)
    if turn.session.get(safety.GENTLE_ONLY) and phase.rank(wanted) > 0:
        return "gentle_only"
    hours = onset_hours(turn)
    if hours is None:
        return ""
    if hours > OLD_ONSET_HOURS:
        return "old_onset" if turn.session.get(CONFIRMED) else SAME_SPASM
    if not phase.permits(wanted, hours, turn.content.locale):
        return "phase"
    return ""


def redirect(turn: Turn, why: str, kind: str, item_id: str) -> Reply:
    if why == "gentle_only":
        turn.set_pending("gentle_instead")
        return turn.ask(turn.says("pain_gentle_only"), "pain_gentle_only_reprompt")
    if why == SAME_SPASM:
        turn.set_pending(SAME_SPASM, then=f"{kind}:{item_id}")
        days = int((onset_hours(turn) or 0) // 24)
        return turn.ask(turn.says("same_spasm_question", days=days), "same_spasm_reprompt")
    if why == "old_onset":
        return _start(turn, kind, item_id, turn.says("long_spasm_note"))
    return _too_soon(turn, kind, item_id)


def _too_soon(turn: Turn, kind: str, item_id: str) -> Reply:
    wanted = _phase_of(turn, kind, item_id)
    hours = onset_hours(turn) or 0.0
    out = Script()
    if kind == "routine":
        name = turn.content.routines[item_id].name
        out.say(turn.phrase("too_soon", name=name, later=turn.phrase(f"phase_later_{wanted}")))
        if hours < FIRST_DAYS_HOURS:
            out.say(turn.phrase("stay_active"))
        turn.set_pending("gentle_instead")
        out.say(
            turn.phrase(
                "too_soon_offer_routine",
                gentle=in_sentence(turn.content.routines[routines.GENTLE_ROUTINE].name),
            )
        )
        return turn.ask(out, "gentle_instead_reprompt")
    exercise = turn.content.exercises[item_id]
    gentle = gentle_alternative(turn, item_id, hours)
    out.say(turn.phrase("too_soon", name=exercise.name, later=turn.phrase(f"phase_later_{wanted}")))
    if hours < FIRST_DAYS_HOURS:
        out.say(turn.phrase("stay_active"))
    turn.set_pending("gentler", exercise=gentle)
    out.say(turn.phrase("too_soon_offer_exercise", name=in_sentence(turn.content.exercises[gentle].name)))
    return turn.ask(out, "hurts_offer_reprompt")


def gentle_alternative(turn: Turn, exercise_id: str, hours: float) -> str:
    """The exercise's gentler chain, followed until one is allowed this soon."""
    seen: set[str] = set()
    current = turn.content.exercises[exercise_id]
    while current.id not in seen:
        seen.add(current.id)
        if phase.permits(current.phase, hours, turn.content.locale) and current.id != exercise_id:
            return current.id
        following = turn.content.exercises.get(current.gentler)
        if following is None:
            break
        current = following
    return "deep_breathing" if "deep_breathing" in turn.content.exercises else exercise_id


def _start(turn: Turn, kind: str, item_id: str, before: Script | None = None) -> Reply:
    reply = (
        routines.start(turn, item_id)
        if kind == "routine"
        else exercises.single(turn, turn.content.exercises[item_id])
    )
    if before:
        reply.speech = Script().then(before).then(reply.speech)
    return reply


def proceed(turn: Turn, kind: str, item_id: str) -> Reply:
    """Start it if the rules allow, else the gentle alternative (after an onset was given)."""
    turn.session[CONFIRMED] = True  # the onset was just given or confirmed: no need to ask
    why = reason(turn, kind, item_id)
    return redirect(turn, why, kind, item_id) if why else _start(turn, kind, item_id)


def answer(turn: Turn, yes: bool) -> Reply:
    """Yes or no to a question asked here: the screening question or "the same spasm?"."""
    pending = turn.pending
    if pending.get("kind") == safety.SCREENING:
        return safety.screening_answer(turn, yes)
    kind, _, item_id = str(pending.get("then", "")).partition(":")
    turn.clear_pending()
    if yes:
        turn.session[CONFIRMED] = True
        return proceed(turn, kind, item_id)
    turn.user.pop("spasm_onset", None)
    turn.set_pending("onset", then=f"{kind}:{item_id}")
    return turn.ask(turn.says("ask_onset_again"), "ask_onset_reprompt")
