"""Yes, no and "it started yesterday": answers to a question the skill asked."""

from __future__ import annotations

from collections.abc import Callable

from skill.coach import gates, menu, natural, pain, routines, thermal
from skill.coach.turn import Reply, Turn
from skill.domain.onset import from_slots, hours_since

# A spasm lasting beyond one to two weeks likely has an underlying cause (seed 002).
LONG_SPASM_HOURS = 14 * 24
UNKNOWN_ONSET = "unknown"  # an onset phrase: "I'm not sure", "no idea"

# What to do once the onset is known, by the "then" recorded when the skill asked.
OnsetFollowUp = Callable[[Turn, str], Reply]
ONSET_FOLLOW_UPS: dict[str, OnsetFollowUp] = {
    # Through the safety gates: the onset just given may make it too soon (phase rule).
    "routine": lambda turn, routine_id: gates.proceed(turn, "routine", routine_id),
    "exercise": lambda turn, exercise_id: gates.proceed(turn, "exercise", exercise_id),
    "thermal": thermal.follow_up,
}


def yes(turn: Turn) -> Reply:
    pending = turn.pending
    kind = pending.get("kind")
    if kind == "continue_last":
        return routines.resume(turn)
    if kind in {"gentle_instead", "quick_relief_offer"}:
        return routines.start(turn, routines.GENTLE_ROUTINE)
    if kind == "gentler":
        return pain.try_gentler(turn, pending["exercise"])
    if kind == "onset":
        return turn.ask(
            turn.says("ask_onset_again"),
            "ask_onset_reprompt",
            elicit_slot="onset_ago",
            elicit_intent="SpasmOnsetIntent",
        )
    if kind == "seated_instead":
        return natural.seated(turn)
    if kind == "back_help":
        return natural.back_help_answer(turn, warning_signs=True)
    if turn.current_exercise() is not None:
        # Nothing was asked: in a routine, say how to go on rather than leave it for the menu.
        return turn.ask(turn.says("routine_reprompt"), "routine_reprompt")
    return menu.choose(turn)


def no(turn: Turn) -> Reply:
    kind = turn.pending.get("kind")
    turn.clear_pending()
    if kind == "continue_last":
        turn.save_progress(None)
        return menu.choose(turn)
    if kind == "gentle_instead":
        # Core strength was just declined: the menu leaves it out.
        return turn.ask(turn.says("strength_later", "menu_without_strength"), "menu_reprompt")
    if kind == "back_help":
        return natural.back_help_answer(turn, warning_signs=False)
    if kind == "seated_instead":
        return menu.choose(turn)
    if kind == "quick_relief_offer":
        return turn.ask(turn.says("rest_then_menu"), "menu_reprompt")
    if kind == "gentler":
        if turn.progress is not None and not turn.progress.finished:
            return turn.ask(turn.says("rest_then_next"), "routine_reprompt")
        return turn.ask(turn.says("rest_then_menu"), "menu_reprompt")
    # Declining "how is your pain now" or anything else: a calm goodbye.
    return menu.goodbye(turn)


def onset(turn: Turn, phrase_id: str | None, ago: str | None, on_date: str | None) -> Reply:
    if phrase_id == UNKNOWN_ONSET:
        # "I'm not sure": the safe reading is a fresh spasm (cold first, no strength work yet).
        reply = onset(turn, "just_now", None, None)
        reply.speech = turn.says("onset_unknown").then(reply.speech)
        return reply
    moment = from_slots(phrase_id, ago, on_date, turn.now)
    if moment is None:
        return turn.ask(turn.says("onset_not_understood"), "ask_onset_reprompt")
    turn.user["spasm_onset"] = moment.isoformat(timespec="minutes")
    pending = turn.pending
    then = pending.get("then", "") if pending.get("kind") == "onset" else ""
    turn.clear_pending()
    if then:
        kind, _, argument = then.partition(":")
        if kind in ONSET_FOLLOW_UPS:
            return ONSET_FOLLOW_UPS[kind](turn, argument)
    if turn.session.get("detail_topic") == "thermal":
        # A correction ("actually it was three days ago") after the ice or heat advice decides it again.
        return thermal.follow_up(turn, "")
    hours = hours_since(moment, turn.now) or 0.0
    if hours < routines.ACUTE_HOURS:
        # The first days allow only the gentle routine: offer it, not a menu it would refuse.
        turn.set_pending("quick_relief_offer")
        offer = turn.says("onset_noted_recent", "onset_offer_quick_relief")
        return turn.ask(offer, "back_help_offer_reprompt")
    key = "onset_noted_long" if hours >= LONG_SPASM_HOURS else "onset_noted_later"
    return turn.ask(turn.says(key, "menu"), "menu_reprompt")
