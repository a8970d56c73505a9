"""The shape every intent handler shares."""

from __future__ import annotations

from typing import ClassVar

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import Response

from skill.alexa.bridge import render, turn_of
from skill.coach.turn import Reply, Turn


class IntentHandler(AbstractRequestHandler):
    """Handles the intents named in ``intents`` by asking the coach for a reply.

    A subclass may give ``can_handle`` a rule of its own, but only to refuse more: it
    never takes an intent outside ``intents`` (the dispatcher relies on that).
    """

    intents: ClassVar[tuple[str, ...]] = ()

    def can_handle(self, handler_input: HandlerInput) -> bool:
        # Read the name defensively: an IntentRequest without an intent is bad input,
        # left to the fallback rather than raising here.
        intent = getattr(handler_input.request_envelope.request, "intent", None)
        return getattr(intent, "name", None) in self.intents

    def handle(self, handler_input: HandlerInput) -> Response:
        return render(handler_input, self.reply(turn_of(handler_input), handler_input))

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        raise NotImplementedError


class RequestTypeHandler(IntentHandler):
    """Handles a request type (LaunchRequest and the like) the same way.

    As with intents, a rule of a subclass's own may refuse more, never take another type.
    """

    request_type: ClassVar[str] = ""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type(self.request_type)(handler_input)
