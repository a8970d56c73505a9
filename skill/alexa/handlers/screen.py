"""Touches on the screen (``Alexa.Presentation.APL.UserEvent``) do what saying them does.

A tap is turned into the intent the person could have said ("Next" is
AMAZON.NextIntent, tapping 6 on the pain scale is PainLevelIntent with level 6, a
routine is StartRoutineIntent with that routine resolved) and handed to the very
handlers that answer the voice, in their order. So a tap reaches the same coach
function, with the same state changes, as the words would, including the hands-free
and pending-question handlers that step in before the plain ones.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, ClassVar

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import DialogState, Intent, IntentConfirmationStatus, IntentRequest, Response, Slot

from skill.alexa.bridge import content_of
from skill.alexa.screens import USER_EVENT

log = logging.getLogger(__name__)

# A button's action and the intent that says the same.
TOUCH_INTENTS: dict[str, str] = {
    "next": "AMAZON.NextIntent",
    "pause": "AMAZON.PauseIntent",
    "resume": "AMAZON.ResumeIntent",
    "easier": "MakeItEasierIntent",
    "stop": "AMAZON.StopIntent",
    "hurts": "ItHurtsIntent",
    "yes": "AMAZON.YesIntent",
    "no": "AMAZON.NoIntent",
    "menu": "AMAZON.NavigateHomeIntent",
    "routine": "StartRoutineIntent",
    "pain": "PainLevelIntent",
}
UNKNOWN_TOUCH = "AMAZON.FallbackIntent"
RESOLUTION_AUTHORITY = "amzn1.er-authority.echo-sdk.screen-touch"


def touched_intent(arguments: Sequence[Any] | None, routine_ids: set[str]) -> Intent:
    """The intent a touch with these SendEvent arguments stands for."""
    action = str(arguments[0]) if arguments else ""
    value = str(arguments[1]) if arguments and len(arguments) > 1 and arguments[1] is not None else ""
    name = TOUCH_INTENTS.get(action, UNKNOWN_TOUCH)
    slots: dict[str, Slot] = {}
    if action == "routine":
        if value not in routine_ids:
            name = UNKNOWN_TOUCH
        else:
            slots["routine"] = _resolved_slot("routine", value)
    elif action == "pain":
        slots["level"] = Slot(name="level", value=value or None)
    return Intent(name=name, slots=slots, confirmation_status=IntentConfirmationStatus.NONE)


def _resolved_slot(name: str, value_id: str) -> Slot:
    """A slot as Alexa sends it when entity resolution matched ``value_id``."""
    # Only screen touches build slots: the models load with the first touch.
    from ask_sdk_model.slu.entityresolution import (
        Resolution,
        Resolutions,
        Status,
        StatusCode,
        Value,
        ValueWrapper,
    )

    spoken = value_id.replace("_", " ")
    resolution = Resolution(
        authority=RESOLUTION_AUTHORITY,
        status=Status(code=StatusCode.ER_SUCCESS_MATCH),
        values=[ValueWrapper(value=Value(name=spoken, id=value_id))],
    )
    return Slot(name=name, value=spoken, resolutions=Resolutions(resolutions_per_authority=[resolution]))


class TouchHandler(AbstractRequestHandler):
    """Answers a touch with the handler that answers the matching intent."""

    request_types: ClassVar[tuple[str, ...]] = (USER_EVENT,)

    def __init__(self, handlers: Sequence[AbstractRequestHandler]) -> None:
        self.handlers = [handler for handler in handlers if not isinstance(handler, TouchHandler)]

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return getattr(handler_input.request_envelope.request, "object_type", None) in self.request_types

    def handle(self, handler_input: HandlerInput) -> Response:
        envelope = handler_input.request_envelope
        event = envelope.request
        assert event is not None  # can_handle saw its type
        intent = touched_intent(getattr(event, "arguments", None), set(content_of(handler_input).routines))
        log.info("screen touch %s -> %s", (getattr(event, "arguments", None) or [""])[0], intent.name)
        envelope.request = IntentRequest(
            request_id=event.request_id,
            timestamp=event.timestamp,
            locale=event.locale,
            intent=intent,
            dialog_state=DialogState.COMPLETED,
        )
        try:
            for handler in self.handlers:
                if handler.can_handle(handler_input):
                    answer: Response | None = handler.handle(handler_input)
                    if answer is not None:
                        return answer
                    break
        finally:
            envelope.request = event  # the log and the interceptors see the touch itself
        return handler_input.response_builder.response


def with_touch(handlers: list[AbstractRequestHandler]) -> list[AbstractRequestHandler]:
    """The handler list with the touch handler first, routing to the rest."""
    return [TouchHandler(handlers), *handlers]
