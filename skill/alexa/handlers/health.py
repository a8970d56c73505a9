"""What replaces remembered health facts when they are kept for the session only.

In ``session`` mode (``skill.alexa.health_data``) the skill cannot know what happened in
an earlier session, so it says so, and where a safety rule needed that memory it asks:
- before timing ice or heat, with no application known from this session, it asks
  whether the person had a pack on within the break (the over-application guard);
- "how am I doing" and "when did I last ice" say that nothing is kept between sessions.
Each handler stands before the one it speaks for and steps aside in ``store`` mode.
"""

from __future__ import annotations

from dataclasses import replace

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from skill.alexa.bridge import slot, turn_of
from skill.alexa.handlers import checkin, thermal
from skill.alexa.handlers.base import IntentHandler
from skill.alexa.health_data import session_mode
from skill.coach.thermal import span
from skill.coach.turn import Reply, Turn
from skill.domain.script import Script
from skill.domain.thermal import break_minutes_of, history_of

RECENT_USE = "recent_use"
CHECKED = "recent_use_checked"


def _pending_kind(handler_input: HandlerInput) -> str:
    pending = (handler_input.attributes_manager.session_attributes or {}).get("pending")
    return str(pending.get("kind") or "") if isinstance(pending, dict) else ""


class RecentUseQuestionHandler(IntentHandler):
    """ "I'm putting ice on now" with nothing known about the last pack: ask first."""

    intents = ("StartApplicationIntent",)

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if not super().can_handle(handler_input) or not session_mode(handler_input):
            return False
        turn = turn_of(handler_input)
        return not turn.session.get(CHECKED) and not history_of(turn.user)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        kind = slot(handler_input, "kind")[0] or ""
        turn.set_pending(RECENT_USE, pack=kind)
        rest = span(turn, break_minutes_of(turn.user))
        return turn.ask(
            turn.says("health_recent_use_question", span=rest),
            Script().say(turn.phrase("health_recent_use_reprompt", span=rest)),
        )


class _RecentUseAnswer(IntentHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return super().can_handle(handler_input) and _pending_kind(handler_input) == RECENT_USE


class RecentUseYesHandler(_RecentUseAnswer):
    """A pack within the break: not another one yet."""

    intents = ("AMAZON.YesIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        turn.clear_pending()
        rest = span(turn, break_minutes_of(turn.user))
        return turn.ask(turn.says("health_recent_use_wait", span=rest), "thermal_more_reprompt")


class RecentUseNoHandler(_RecentUseAnswer):
    """No pack within the break: time this one as asked."""

    intents = ("AMAZON.NoIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = turn_of(handler_input)
        kind = str(turn.pending.get("pack") or "") or None
        turn.clear_pending()
        turn.session[CHECKED] = True
        return thermal.StartApplicationHandler().start(handler_input, kind)


class SessionProgressHandler(checkin.ProgressHandler):
    """The progress summary, saying that pain scores are not kept between sessions."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return super().can_handle(handler_input) and session_mode(handler_input)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        summary = super().reply(turn, handler_input)
        speech = Script().say(turn.phrase("health_no_pain_memory")).then(summary.speech)
        return replace(summary, speech=speech)


class SessionLastApplicationHandler(thermal.LastApplicationHandler):
    """ "When did I last ice" with nothing from this session: say why it cannot know."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if not super().can_handle(handler_input) or not session_mode(handler_input):
            return False
        return not history_of(turn_of(handler_input).user)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        rest = span(turn, break_minutes_of(turn.user))
        return turn.ask(turn.says("health_no_thermal_memory", span=rest), "thermal_more_reprompt")


def handlers() -> list[IntentHandler]:
    """In the order they must stand: before the ice and heat and the check-in handlers."""
    return [
        RecentUseQuestionHandler(),
        RecentUseYesHandler(),
        RecentUseNoHandler(),
        SessionProgressHandler(),
        SessionLastApplicationHandler(),
    ]
