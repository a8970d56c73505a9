"""Safety gates that come before every other handler.

While a red flag stands (until "a doctor checked me"), opening the skill and asking for a
routine or an exercise get one calm sentence instead; the screening question's yes or no is
answered here; after a pain of 8 or more only the gentle routine is offered. In session
mode, where no red flag is remembered, the first exercise of a session waits for the
screening question's "no" (skill.alexa.handlers.health).
"""

from __future__ import annotations

from collections.abc import Callable

from ask_sdk_core.handler_input import HandlerInput

from skill.alexa.bridge import slot, turn_of, unlisted_slots
from skill.alexa.handlers import health
from skill.alexa.handlers.player import has_player
from skill.coach import gates, handsfree, routines, safety
from skill.coach.turn import Reply, Turn
from skill.domain import triage

# Requests that would start or carry on exercising.
EXERCISE_INTENTS = (
    "StartRoutineIntent",
    "StartExerciseIntent",
    "HandsFreeRoutineIntent",
    "AMAZON.ResumeIntent",
    "AMAZON.StartOverIntent",
    "AMAZON.NextIntent",
    "AMAZON.PreviousIntent",
    "SkipIntent",
    "MakeItEasierIntent",
    "CountRepsIntent",
)
ANSWERS = ("AMAZON.YesIntent", "AMAZON.NoIntent")
# Questions whose "yes" starts an exercise or a routine.
YES_STARTS = frozenset({"continue_last", "gentle_instead", "quick_relief_offer", "gentler", "seated_instead"})
# Unlisted slot words that say something on their own, as a sentence does.
SENTENCE_WORDS = 3
# Intents whose handlers put their own slots through triage.
READS_ITS_OWN_TEXT = frozenset({"RedFlagIntent", "ItHurtsIntent"})
# What "no" to the screening question may carry out as it was first asked.
REPLAYABLE = (*EXERCISE_INTENTS, "AMAZON.YesIntent")


def _intent(handler_input: HandlerInput) -> str:
    intent = getattr(handler_input.request_envelope.request, "intent", None)
    return getattr(intent, "name", None) or ""


def _asked_for(turn: Turn, handler_input: HandlerInput, intent: str) -> tuple[str, str]:
    """("routine" or "exercise", its id) for a request that names one; ("", "") otherwise."""
    if intent in ("StartRoutineIntent", "HandsFreeRoutineIntent"):
        resolved, heard = slot(handler_input, "routine")
        routine = turn.content.find_routine(heard, resolved)
        return ("routine", routine.id) if routine else ("", "")
    if intent == "StartExerciseIntent":
        resolved, heard = slot(handler_input, "exercise")
        exercise = turn.content.find_exercise(heard, resolved)
        return ("exercise", exercise.id) if exercise else ("", "")
    resuming = intent == "AMAZON.ResumeIntent" or (
        intent == "AMAZON.YesIntent" and turn.pending.get("kind") == "continue_last"
    )
    if resuming and not turn.in_routine:
        # Picking up a saved routine is starting it again, as far as the phase rule goes.
        last = turn.user.get("last_routine") or {}
        if isinstance(last, dict) and last.get("routine_id") in turn.content.routines:
            return "resume", str(last["routine_id"])
    return "", ""


def _gate(turn: Turn, handler_input: HandlerInput) -> Callable[[], Reply] | None:
    """The reply that must replace the usual one, as a thunk, so that asking changes nothing."""
    intent = _intent(handler_input)
    if intent in ANSWERS and turn.pending.get("kind") in gates.ANSWERED_HERE:
        return lambda: gates.answer(turn, yes=intent == "AMAZON.YesIntent")
    if intent not in READS_ITS_OWN_TEXT and (verdict := _unlisted_words_verdict(turn, handler_input)):
        return lambda: safety.act(turn, verdict)
    if _would_exercise(turn, intent) and safety.held(turn):
        return lambda: safety.held_reply(turn)
    if health.must_screen_first(handler_input, turn) and _starts_exercise(turn, handler_input, intent):
        return lambda: health.screen_before_exercise(handler_input, turn, REPLAYABLE)
    kind, item_id = _asked_for(turn, handler_input, intent)
    if kind == "resume":
        reason = gates.reason(turn, "routine", item_id)
        if reason in ("phase", "gentle_only"):
            return lambda: gates.redirect(turn, reason, "routine", item_id)
    elif kind:
        reason = gates.reason(turn, kind, item_id)
        if reason:
            return lambda: gates.redirect(turn, reason, kind, item_id)
    return None


def _would_exercise(turn: Turn, intent: str) -> bool:
    """An exercising request, or a "yes" to an offer that starts one (quick relief, seated)."""
    if intent == "AMAZON.YesIntent":
        return turn.pending.get("kind") in YES_STARTS
    return intent in EXERCISE_INTENTS


def _unlisted_words_verdict(turn: Turn, handler_input: HandlerInput) -> triage.Verdict | None:
    """A red flag or pain down a leg in words a slot caught but does not list, if any.

    Alexa fills a custom slot with unlisted words too: "since yesterday my legs are numb" can
    arrive as an onset of "yesterday my legs are numb". Milder readings leave the intent as
    it is ("since this morning it hurts" is still an onset). A value of one or two words
    is read in its sample's words, which the skill never sees ("I don't have a fever" sends
    only "fever"), so only a value long enough to say something itself is read.
    """
    texts = [text for _, text in unlisted_slots(handler_input) if len(text.split()) >= SENTENCE_WORDS]
    if not texts:
        return None
    verdict = safety.classify(turn, texts)
    return verdict if verdict.at_least(triage.SPREADING) else None


def _starts_exercise(turn: Turn, handler_input: HandlerInput, intent: str) -> bool:
    """Whether this request would start or carry on an exercise (not merely name the menu)."""
    if intent == "AMAZON.YesIntent":
        return turn.pending.get("kind") in YES_STARTS
    if intent not in EXERCISE_INTENTS:
        return False
    if _hands_free_playing(turn, handler_input):
        return False  # "next" while a hands-free routine plays: it started after the question
    if intent in ("StartRoutineIntent", "HandsFreeRoutineIntent", "StartExerciseIntent"):
        return bool(_asked_for(turn, handler_input, intent)[0])
    if intent == "CountRepsIntent":
        return True
    saved = turn.user.get("last_routine") if intent == "AMAZON.ResumeIntent" else None
    return (
        routines.active(turn) is not None
        or bool(turn.session.get("single"))
        or handsfree.state(turn).get("status") in handsfree.ACTIVE
        or bool(saved)
    )


def _hands_free_playing(turn: Turn, handler_input: HandlerInput) -> bool:
    """A hands-free track of this routine is playing on the device right now."""
    if not has_player(handler_input) or handsfree.state(turn).get("status") != "playing":
        return False
    player = getattr(handler_input.request_envelope.context, "audio_player", None)
    activity = getattr(getattr(player, "player_activity", None), "value", None)
    return activity == "PLAYING" and getattr(player, "token", None) == handsfree.state(turn).get("token")


def gate(handler_input: HandlerInput) -> Callable[[], Reply] | None:
    """What must answer instead of the usual handler, as a thunk; None when nothing must.

    Asked by every handler before it replies (skill.alexa.handlers.base), so that no intent
    needs a second handler and the order of the list does not matter.
    """
    turn = turn_of(handler_input)
    request = handler_input.request_envelope.request
    if getattr(request, "object_type", "") == "LaunchRequest":
        return (lambda: _held_launch(turn)) if safety.held(turn) is not None else None
    return _gate(turn, handler_input)


def _held_launch(turn: Turn) -> Reply:
    """Opening the skill while a red flag stands: say so in one sentence, offer no routine."""
    before = None
    if not turn.user.get("seen_intro"):
        before = turn.says("safety_note", "not_medical_advice")
        turn.user["seen_intro"] = turn.stamp()
    return safety.held_reply(turn, before)
