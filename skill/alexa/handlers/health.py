"""What replaces remembered health facts when they are kept for the session only.

In ``session`` mode (``skill.alexa.health_data``) the skill cannot know what happened in
an earlier session, so it says so, and where a safety rule needed that memory it asks:
- before timing ice or heat, with no application known from this session, it asks
  whether the person had a pack on within the break (the over-application guard);
- "how am I doing" and "when did I last ice" say that nothing is kept between sessions;
- before the first exercise of a session starts, spoken or hands-free, it asks the
  screening question, in place of a red flag remembered from an earlier session: "no"
  carries out what was asked (ReplayAfterScreeningInterceptor), "yes" stops as the
  screening question's yes does.
The intents' own handlers call these; in ``store`` mode they change nothing.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from typing import Any

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Intent, IntentRequest

from skill.alexa.bridge import session_of
from skill.alexa.health_data import session_mode
from skill.alexa.serializer import CachingSerializer
from skill.coach import safety
from skill.coach.thermal import span
from skill.coach.turn import Reply, Turn
from skill.domain.script import Script
from skill.domain.thermal import break_minutes_of, history_of

log = logging.getLogger(__name__)

RECENT_USE = "recent_use"
CHECKED = "recent_use_checked"
_SERIALIZER = CachingSerializer()


def must_ask_recent_use(handler_input: HandlerInput, turn: Turn) -> bool:
    """Whether "I'm putting ice on" must first ask about a pack within the break."""
    return session_mode(handler_input) and not turn.session.get(CHECKED) and not history_of(turn.user)


def ask_recent_use(turn: Turn, kind: str | None) -> Reply:
    turn.set_pending(RECENT_USE, pack=kind or "")
    rest = span(turn, break_minutes_of(turn.user))
    return turn.ask(
        turn.says("health_recent_use_question", span=rest),
        Script().say(turn.phrase("health_recent_use_reprompt", span=rest)),
    )


def recent_use_pending(turn: Turn) -> bool:
    return turn.pending.get("kind") == RECENT_USE


def recent_use_yes(turn: Turn) -> Reply:
    """A pack within the break: not another one yet."""
    turn.clear_pending()
    rest = span(turn, break_minutes_of(turn.user))
    return turn.ask(turn.says("health_recent_use_wait", span=rest), "thermal_more_reprompt")


def recent_use_no(turn: Turn) -> str | None:
    """No pack within the break: the kind to time now, as first asked."""
    kind = str(turn.pending.get("pack") or "") or None
    turn.clear_pending()
    turn.session[CHECKED] = True
    return kind


def progress(handler_input: HandlerInput, turn: Turn, summary: Reply) -> Reply:
    """The progress summary, saying in session mode that pain scores are not kept."""
    if not session_mode(handler_input):
        return summary
    return replace(summary, speech=Script().say(turn.phrase("health_no_pain_memory")).then(summary.speech))


def unknown_last_application(handler_input: HandlerInput, turn: Turn) -> Reply | None:
    """ "When did I last ice" with nothing from this session: why it cannot know."""
    if not session_mode(handler_input) or history_of(turn.user):
        return None
    rest = span(turn, break_minutes_of(turn.user))
    return turn.ask(turn.says("health_no_thermal_memory", span=rest), "thermal_more_reprompt")


# The screening question before the first exercise of a session --------------------------
def screened(turn: Turn) -> bool:
    return bool(turn.session.get(safety.SCREENED))


def must_screen_first(handler_input: HandlerInput, turn: Turn) -> bool:
    """Session mode, and nobody answered the screening question yet in this session."""
    return (
        session_mode(handler_input)
        and not screened(turn)
        and handler_input.request_envelope.session is not None
    )


def screen_before_exercise(handler_input: HandlerInput, turn: Turn, replayable: tuple[str, ...]) -> Reply:
    """Ask first; the request is kept so that "no" carries it out exactly as it was asked."""
    intent = getattr(handler_input.request_envelope.request, "intent", None)
    kept: dict[str, Any] = {}
    if intent is not None and intent.name in replayable:
        serialized = _SERIALIZER.serialize(intent)
        kept = serialized if isinstance(serialized, dict) else {}
    return safety.screen_before_exercise(turn, kept)


class ReplayAfterScreeningInterceptor(AbstractRequestInterceptor):
    """ "No" to the screening question asked before an exercise: the request it held back.

    Runs before the handlers are chosen, so the request that asked for the exercise (a
    routine by name, hands-free, "resume", "yes" to carrying on) goes to its own handler,
    with the question that stood before it, and starts as it would have.
    """

    def __init__(self, replayable: tuple[str, ...]) -> None:
        self.replayable = replayable

    def process(self, handler_input: HandlerInput) -> None:
        request = handler_input.request_envelope.request
        if not isinstance(request, IntentRequest) or getattr(request.intent, "name", "") != "AMAZON.NoIntent":
            return
        session = session_of(handler_input)
        pending = session.get("pending")
        if not isinstance(pending, dict) or pending.get("kind") != safety.SCREENING:
            return
        kept = pending.get("replay")
        intent = self._intent(kept)
        if intent is None:
            return  # the screening question's own "no": answered by the usual handler
        session[safety.SCREENED] = True
        before = pending.get("before")
        if isinstance(before, dict) and before.get("kind"):
            session["pending"] = before
        else:
            session.pop("pending", None)
        request.intent = intent

    def _intent(self, kept: Any) -> Intent | None:
        # Session attributes come back from the device: only an intent this skill held back.
        if not isinstance(kept, dict) or kept.get("name") not in self.replayable:
            return None
        try:
            intent = _SERIALIZER.deserialize(json.dumps(kept), Intent)
        except Exception:  # a malformed attribute is treated as no replay, never an error
            log.warning("could not read the request held back for the screening question")
            return None
        return intent if isinstance(intent, Intent) else None
