"""Pain check-ins, "it hurts" during an exercise, and the progress summary."""

from __future__ import annotations

from typing import Any

from skill.coach import exercises
from skill.coach.turn import Reply, Turn
from skill.domain import pain
from skill.domain.content import in_sentence
from skill.domain.script import Script

SEVERE_FROM = 8  # before a routine: only the gentle one (003: severe pain needs a doctor)
STOP_FROM = 9  # during a routine: stop it
RISE_NOTED = 2  # after a routine: a rise this big is noted and the next one starts gentler
PAIN_BEFORE = "pain_before"  # session: the score given before this routine
GENTLE_ONLY = "gentle_only"  # session: only the gentle routine is offered
START_GENTLER = "start_gentler"  # user: the next routine starts with the gentler doses


def _log(turn: Turn) -> list[dict[str, Any]]:
    log: list[dict[str, Any]] = turn.user.setdefault("pain_log", [])
    return log


# Said instead of a number ("a bit better", "about the same"): heard, then the number asked for.
CHANGES = ("same", "better", "worse")


def level(turn: Turn, spoken: str | None, change: str | None = None) -> Reply:
    value = pain.valid_level(spoken)
    if value is None and change == "gone":
        value = 0
    if value is None and change == "same" and turn.pending.get("kind") == "pain_after":
        before = turn.session.get(PAIN_BEFORE)
        value = before if isinstance(before, int) else None
    if value is None:
        # "rate my pain", "a bit better", or a word that is not a number: listen for the number.
        key = f"pain_change_{change}" if change in CHANGES else "pain_invalid"
        return turn.ask(turn.says(key), "pain_invalid", elicit_slot="level", elicit_intent="PainLevelIntent")
    progress = turn.progress
    if turn.pending.get("kind") == "pain_after":
        moment = "after"
    elif progress is not None and not progress.finished:
        moment = "during"
    else:
        moment = "before"
    details = {"routine": progress.routine_id} if progress else {}
    pain.record(_log(turn), value, moment, turn.now, **details)
    turn.clear_pending()
    out = turn.says("pain_noted", level=value)
    if moment == "after":
        before = turn.session.pop(PAIN_BEFORE, None)
        if isinstance(before, int) and value - before >= RISE_NOTED:
            # Noted, and the next routine starts with the gentler doses.
            turn.user[START_GENTLER] = turn.stamp()
            out.say(turn.phrase("pain_rose", rise=value - before))
        if value >= SEVERE_FROM:
            out.say(turn.phrase("pain_severe"))
        return turn.tell(out.say(turn.phrase("pain_after_goodbye")))
    if moment == "during":
        if value >= STOP_FROM:
            turn.save_progress(None)
            turn.session.pop("single", None)
            return turn.tell(out.say(turn.phrase("pain_stop_routine")))
        if value >= SEVERE_FROM:
            out.say(turn.phrase("pain_severe"))
        return turn.ask(out.say(turn.phrase("routine_reprompt")), "routine_reprompt")
    turn.session[PAIN_BEFORE] = value
    if value >= SEVERE_FROM:
        # Only the gentle routine today, with the see-a-doctor-if-not-easing note (003).
        turn.session[GENTLE_ONLY] = True
        turn.set_pending("gentle_instead")
        return turn.ask(out.say(turn.phrase("pain_gentle_only")), "pain_gentle_only_reprompt")
    return turn.ask(out.say(turn.phrase("pain_before_menu")), "menu_reprompt")


def hurts_after_routine(turn: Turn) -> Reply:
    """ "It hurts" as the answer to "how is your pain now?": noted, then the number asked for."""
    pain.record(_log(turn), None, "sharp", turn.now)
    return level(turn, None, "worse")


def it_hurts(turn: Turn) -> Reply:
    exercise = turn.current_exercise()
    details = {"exercise": exercise.id} if exercise else {}
    pain.record(_log(turn), None, "sharp", turn.now, **details)
    out = turn.says("hurts_stop")
    if exercise is None:
        return turn.ask(out.say(turn.phrase("hurts_no_exercise")), "menu_reprompt")
    turn.session.pop("single", None)
    gentler = turn.content.exercises.get(exercise.gentler)
    if gentler is None or gentler.id == exercise.id:
        out.say(turn.phrase("hurts_rest"))
        return turn.ask(out, "hurts_rest_reprompt")
    turn.set_pending("gentler", exercise=gentler.id)
    out.say(turn.phrase("hurts_offer_gentler", name=in_sentence(gentler.name)))
    return turn.ask(out, "hurts_offer_reprompt")


def try_gentler(turn: Turn, exercise_id: str) -> Reply:
    turn.clear_pending()
    # Inside a routine the gentler one stands in for this exercise; "next" carries on.
    return exercises.single(turn, turn.content.exercises[exercise_id])


def summary(turn: Turn) -> Reply:
    sessions = turn.user.get("sessions", [])
    trend = pain.trend(turn.user.get("pain_log", []))
    out = Script()
    if turn.history_unavailable:
        out.say(turn.phrase("progress_unavailable"))
        return turn.ask(out.say(turn.phrase("menu")), "menu_reprompt")
    if not sessions and trend.checkins == 0 and trend.sharp_episodes == 0:
        out.say(turn.phrase("progress_nothing"))
        return turn.ask(out.say(turn.phrase("menu")), "menu_reprompt")
    count = len(sessions)
    sessions_key = {0: "progress_sessions_none", 1: "progress_sessions_one"}.get(count, "progress_sessions")
    out.say(turn.phrase(sessions_key, count=count))
    if trend.checkins == 1:
        # One score so far (maybe a moment ago): say it rather than ask for more first.
        out.say(turn.phrase("trend_one", latest=trend.latest))
        return turn.ask(out.say(turn.phrase("progress_after")), "menu_reprompt")
    direction_key = {
        "down": "trend_down",
        "up": "trend_up",
        "same": "trend_same",
        "unknown": "trend_unknown",
    }[trend.direction]
    out.say(turn.phrase(direction_key, first=trend.first, latest=trend.latest))
    if trend.sharp_episodes:
        sharp_key = "progress_sharp_one" if trend.sharp_episodes == 1 else "progress_sharp"
        out.say(turn.phrase(sharp_key, count=trend.sharp_episodes))
    return turn.ask(out.say(turn.phrase("progress_after")), "menu_reprompt")
