"""One Turn per request: made once, and made again when the state it stands on is replaced."""

from __future__ import annotations

import json

from ask_sdk_core.attributes_manager import AttributesManager
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import RequestEnvelope

from skill.alexa.bridge import STORE_FAILED, USER, turn_of
from skill.alexa.serializer import CachingSerializer
from tests.alexa import envelope, intent_request


def handler_input() -> HandlerInput:
    body = envelope(intent_request("AMAZON.NextIntent"), new=False, attributes={"step": 1})
    request = CachingSerializer().deserialize(json.dumps(body), RequestEnvelope)
    manager = AttributesManager(request_envelope=request)
    return HandlerInput(request_envelope=request, attributes_manager=manager)


def test_every_part_of_a_request_gets_the_same_turn() -> None:
    asked = handler_input()
    first = turn_of(asked)
    assert turn_of(asked) is first
    assert first.session["step"] == 1


def test_a_turn_is_made_again_when_its_state_is_replaced() -> None:
    asked = handler_input()
    attributes = asked.attributes_manager.request_attributes
    early = turn_of(asked)
    attributes[USER] = {"loaded": True}  # the store was read after the first turn was made
    loaded = turn_of(asked)
    assert loaded is not early and loaded.user == {"loaded": True}
    attributes[STORE_FAILED] = True
    assert turn_of(asked).history_unavailable
    asked.attributes_manager.session_attributes = {"step": 2}
    assert turn_of(asked).session == {"step": 2}
