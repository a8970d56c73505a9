"""Opening the skill, help, fallback, and the end of a session."""

from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import Response

from skill.alexa.bridge import request_of
from skill.alexa.handlers.base import IntentHandler, RequestTypeHandler
from skill.coach import menu
from skill.coach.turn import Reply, Turn

log = logging.getLogger(__name__)


class LaunchHandler(RequestTypeHandler):
    request_type = "LaunchRequest"

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        return menu.launch(turn)


class HelpHandler(IntentHandler):
    intents = ("AMAZON.HelpIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        return menu.help_(turn)


class FallbackHandler(IntentHandler):
    intents = ("AMAZON.FallbackIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        return menu.fallback(turn)


class NavigateHomeHandler(IntentHandler):
    intents = ("AMAZON.NavigateHomeIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        return menu.choose(turn)


class SessionEndedHandler(AbstractRequestHandler):
    """Alexa closed the session (silence, "exit", an error); nothing may be spoken."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("SessionEndedRequest")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        request = request_of(handler_input)
        error = getattr(request, "error", None)
        if error is not None:
            # %r: Alexa's own text, its newlines shown, so it cannot write a log line of its own.
            log.warning("session ended with error: %r", getattr(error, "message", error))
        return handler_input.response_builder.response


class UnknownIntentHandler(RequestTypeHandler):
    """Any intent the skill does not know is treated like the fallback intent."""

    request_type = "IntentRequest"

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        intent = request_of(handler_input).intent
        log.info("unknown intent %s", getattr(intent, "name", None))
        return menu.fallback(turn)


class IgnoredRequestHandler(AbstractRequestHandler):
    """Events the skill does not act on get an empty, valid response."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return True

    def handle(self, handler_input: HandlerInput) -> Response:
        log.info("ignored request type %s", request_of(handler_input).object_type)
        return handler_input.response_builder.response
