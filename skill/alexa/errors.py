"""The one exception handler: log it, say something calm, keep the person in the session."""

from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components import AbstractExceptionHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from skill.alexa.bridge import content_of
from skill.alexa.ssml import to_ssml
from skill.domain.script import script

log = logging.getLogger(__name__)


class CatchAllExceptionHandler(AbstractExceptionHandler):
    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return True

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        log.exception("error while handling a request", exc_info=exception)
        phrase = content_of(handler_input).phrases
        return (
            handler_input.response_builder.speak(to_ssml(script(phrase("error"))))
            .ask(to_ssml(script(phrase("error_reprompt"))))
            .response
        )
