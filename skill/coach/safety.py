"""Acting on triage: red flags stop everything, and are remembered until a doctor has checked.

The classifier (skill.domain.triage) says what a sentence means; this module says what the
skill does about it. Red flags, in two tiers, end the session with no exercise named; pain
down a leg stops stretching; an unclear sentence gets one screening question.
"""

from __future__ import annotations

from typing import Any

from skill.coach import exercises, handsfree, menu, pain
from skill.coach.turn import Card, Reply, Turn
from skill.domain import pain as pain_log
from skill.domain import triage
from skill.domain.routine import Progress
from skill.domain.script import Script
from skill.domain.triage import Verdict

HOLD = "red_flag"  # user state: {"category", "tier", "at"} until a doctor has checked
SCREENING = "screening"
# Session: the screening question was answered "no" in this session (session mode asks it
# before the first exercise of a session, in place of a remembered red flag).
SCREENED = "screened"
GENTLE_ONLY = pain.GENTLE_ONLY


def classifier(turn: Turn) -> triage.Triage:
    return triage.for_locale(turn.content.locale)


def classify(turn: Turn, texts: list[str]) -> Verdict:
    """The strictest verdict over every piece of text a request carried."""
    verdicts = [classifier(turn).classify(text) for text in texts if text and text.strip()]
    if not verdicts:
        return Verdict(triage.UNCLEAR)
    return min(verdicts, key=lambda verdict: triage.SEVERITY.index(verdict.outcome))


def emergency_number(turn: Turn) -> str:
    return turn.phrase("emergency_number")


def act(turn: Turn, verdict: Verdict) -> Reply:
    """What the skill does with a verdict, wherever the sentence came from."""
    if verdict.is_red_flag:
        return red_flag(turn, verdict.category, verdict.outcome)
    if verdict.outcome == triage.SPREADING:
        return spreading(turn)
    if verdict.outcome == triage.SHARP:
        return sharp(turn)
    if verdict.outcome == triage.UNCLEAR:
        return screen(turn)
    # Text that reached a symptom intent but means nothing worrying: as if not understood.
    return menu.fallback(turn)


def sharp(turn: Turn) -> Reply:
    """Sharp pain stops this exercise; a hands-free track stops too, and the coach takes over.

    The hands-free routine's place becomes this session's routine, so the gentler one is
    offered for the very exercise that hurt and "next" carries on in the spoken mode.
    """
    if handsfree.state(turn).get("status") not in handsfree.ACTIVE:
        return pain.it_hurts(turn)
    progress = Progress.from_dict(turn.user.get("last_routine"))
    if progress is not None and progress.routine_id in turn.content.routines and turn.progress is None:
        turn.save_progress(progress)
    turn.user[handsfree.STATE] = {"status": "stopped", "updated_at": turn.stamp()}
    return _stop(pain.it_hurts(turn))


def _stop_everything(turn: Turn) -> dict[str, Any]:
    progress = turn.progress
    turn.save_progress(None)
    if handsfree.state(turn).get("status") in handsfree.ACTIVE:
        # A hands-free routine stops too (the reply's safety_stop makes the player stop),
        # and there is nothing left to resume.
        turn.user[handsfree.STATE] = {"status": "stopped", "updated_at": turn.stamp()}
    turn.session.pop("single", None)
    turn.clear_pending()
    return {"routine": progress.routine_id} if progress is not None else {}


def _hold(turn: Turn, category: str, tier: str) -> None:
    turn.user[HOLD] = {"category": category or "unspecified", "tier": tier, "at": turn.stamp()}


def red_flag(turn: Turn, category: str, tier: str) -> Reply:
    details = _stop_everything(turn)
    _hold(turn, category, tier)
    pain_log.record(
        turn.user.setdefault("pain_log", []),
        None,
        "red_flag",
        turn.now,
        symptom=category or "unspecified",
        tier=tier,
        **details,
    )
    key = "red_flag_emergency" if tier == triage.EMERGENCY else "red_flag_doctor_today"
    speech = turn.says(key, number=emergency_number(turn))
    card = Card(title=turn.phrase(f"red_flag_card_{tier}"), text=speech.text())
    return _stop(turn.tell(speech, card=card))


def spreading(turn: Turn) -> Reply:
    details = _stop_everything(turn)
    _hold(turn, "spreading", triage.SPREADING)
    pain_log.record(turn.user.setdefault("pain_log", []), None, "spreading", turn.now, **details)
    speech = turn.says("spreading_stop")
    return _stop(turn.tell(speech, card=Card(title=turn.phrase("spreading_card_title"), text=speech.text())))


def _stop(reply: Reply) -> Reply:
    reply.safety_stop = True
    return reply


def screen(turn: Turn) -> Reply:
    turn.set_pending(SCREENING)
    return turn.ask(turn.says("screening_question"), "screening_reprompt")


def screening_answer(turn: Turn, yes: bool) -> Reply:
    turn.clear_pending()
    if yes:
        details = _stop_everything(turn)
        _hold(turn, "screening", triage.DOCTOR_TODAY)
        pain_log.record(
            turn.user.setdefault("pain_log", []),
            None,
            "red_flag",
            turn.now,
            symptom="screening",
            tier=triage.DOCTOR_TODAY,
            **details,
        )
        speech = turn.says("screening_yes", number=emergency_number(turn))
        card = Card(title=turn.phrase("red_flag_card_doctor_today"), text=speech.text())
        return _stop(turn.tell(speech, card=card))
    turn.session[SCREENED] = True
    out = turn.says("screening_no")
    if turn.current_exercise() is not None:
        return turn.ask(out.say(turn.phrase("routine_reprompt")), "routine_reprompt")
    return turn.ask(out.say(turn.phrase("menu")), "menu_reprompt")


def screen_before_exercise(turn: Turn, replay: dict[str, Any]) -> Reply:
    """The screening question, before the first exercise of a session starts.

    ``replay`` is the request that asked for the exercise; "no" carries it out as asked
    (skill.alexa.handlers.health), "yes" is the screening question's yes. Whatever question
    stood before it (``continue_last``, ...) is kept to be answered by that replay.
    """
    before = dict(turn.pending)
    turn.set_pending(SCREENING, replay=replay, before=before)
    return turn.ask(turn.says("screening_before_exercise"), "screening_reprompt")


# Remembered red flags --------------------------------------------------------------------
def held(turn: Turn) -> dict[str, Any] | None:
    hold = turn.user.get(HOLD)
    return hold if isinstance(hold, dict) else None


def symptom_name(turn: Turn, hold: dict[str, Any]) -> str:
    key = f"symptom_{hold.get('category', 'unspecified')}"
    return turn.phrase(key if key in turn.phrase else "symptom_unspecified")


def held_reply(turn: Turn, before: Script | None = None) -> Reply:
    """Launch, a routine or an exercise while a red flag stands: one sentence, no routine."""
    hold = held(turn) or {}
    turn.clear_pending()
    # An emergency told before may not have been seen to yet: say again where to go.
    key = "held_once_emergency" if hold.get("tier") == triage.EMERGENCY else "held_once"
    said = turn.phrase(key, symptom=symptom_name(turn, hold), number=emergency_number(turn))
    out = Script().then(before or ()).say(said)
    return turn.ask(out.say(turn.phrase("held_reprompt")), "held_reprompt")


def progress_note(turn: Turn) -> str:
    hold = held(turn)
    return turn.phrase("held_progress", symptom=symptom_name(turn, hold)) if hold else ""


def doctor_checked(turn: Turn) -> Reply:
    hold = turn.user.pop(HOLD, None)
    if not hold:
        return turn.ask(turn.says("doctor_checked_nothing", "menu"), "menu_reprompt")
    pain_log.record(
        turn.user.setdefault("pain_log", []),
        None,
        "doctor_checked",
        turn.now,
        symptom=str(hold.get("category", "unspecified")),
    )
    return turn.ask(turn.says("doctor_checked", "menu"), "menu_reprompt")


# First use -----------------------------------------------------------------------------
def first_use(turn: Turn, reply: Reply) -> None:
    """However the skill is first entered, the safety note and "not medical advice" come first."""
    if turn.user.get("seen_intro") or reply.safety_stop:
        return
    turn.user["seen_intro"] = turn.stamp()
    reply.speech = turn.says("safety_note", "not_medical_advice").then(reply.speech)


def pregnancy(turn: Turn) -> Reply:
    """ "I'm pregnant": the caveat, then carry on where the person was."""
    turn.session[exercises.PREGNANT] = True  # the session only: what she said, not a record
    out = turn.says("pregnancy_caveat")
    if turn.current_exercise() is not None:
        return turn.ask(out.say(turn.phrase("routine_reprompt")), "routine_reprompt")
    return turn.ask(out.say(turn.phrase("menu")), "menu_reprompt")
