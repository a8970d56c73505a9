"""Pain check-ins, "it hurts" during an exercise, and the progress summary."""

from __future__ import annotations

from typing import Any

from skill.coach import exercises
from skill.coach.turn import Reply, Turn
from skill.domain import pain
from skill.domain.content import in_sentence
from skill.domain.script import Script

SEVERE_FROM = 8


def _log(turn: Turn) -> list[dict[str, Any]]:
    log: list[dict[str, Any]] = turn.user.setdefault("pain_log", [])
    return log


def level(turn: Turn, spoken: str | None) -> Reply:
    value = pain.valid_level(spoken)
    if value is None:
        # "rate my pain", or a word that is not a number: listen for the number itself.
        return turn.ask(turn.says("pain_invalid"), "pain_invalid", elicit_slot="level")
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
    if value >= SEVERE_FROM:
        out.say(turn.phrase("pain_severe"))
    if moment == "after":
        return turn.tell(out.say(turn.phrase("pain_after_goodbye")))
    if moment == "during":
        return turn.ask(out.say(turn.phrase("routine_reprompt")), "routine_reprompt")
    key = "pain_before_severe" if value >= SEVERE_FROM else "pain_before_menu"
    return turn.ask(out.say(turn.phrase(key)), "menu_reprompt")


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
    sessions_key = {0: "progress_sessions_none", 1: "progress_sessions_one"}.get(
        count, "progress_sessions")
    out.say(turn.phrase(sessions_key, count=count))
    if trend.checkins == 1:
        # One score so far (maybe a moment ago): say it rather than ask for more first.
        out.say(turn.phrase("trend_one", latest=trend.latest))
        return turn.ask(out.say(turn.phrase("progress_after")), "menu_reprompt")
    direction_key = {
        "down": "trend_down", "up": "trend_up", "same": "trend_same", "unknown": "trend_unknown",
    }[trend.direction]
    out.say(turn.phrase(direction_key, first=trend.first, latest=trend.latest))
    if trend.sharp_episodes:
        sharp_key = "progress_sharp_one" if trend.sharp_episodes == 1 else "progress_sharp"
        out.say(turn.phrase(sharp_key, count=trend.sharp_episodes))
    return turn.ask(out.say(turn.phrase("progress_after")), "menu_reprompt")
