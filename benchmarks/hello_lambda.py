"""The baseline for the Lambda cold start: a hello-world handler on the same SDK.

ask-sdk-core's own ``SkillBuilder.lambda_handler``, one handler, no store, one sentence.
"""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.skill_builder import SkillBuilder
from ask_sdk_model import Response


class HelloHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return True

    def handle(self, handler_input: HandlerInput) -> Response:
        return handler_input.response_builder.speak("Hello world.").set_should_end_session(True).response


_builder = SkillBuilder()
_builder.add_request_handler(HelloHandler())
handler = _builder.lambda_handler()
