"""The indexed request mapper picks exactly the handler ask-sdk's own mapper would pick,
and every handler keeps to the intents or request types the mapper relies on."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from ask_sdk_core.attributes_manager import AttributesManager
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import RequestEnvelope
from ask_sdk_runtime.dispatch_components.request_components import GenericRequestMapper

from skill.alexa.bridge import USER
from skill.alexa.builder import build_skill
from skill.config import Config
from skill.dispatch import IndexedRequestMapper, _fixed_intents, _fixed_request_types
from skill.serializer import SkillSerializer
from tests.alexa import envelope, intent_request, launch_request, session_ended_request

MODEL = Path(__file__).resolve().parents[1] / "interaction_models" / "en-US.json"
MODEL_INTENTS = [intent["name"] for intent in
                 json.loads(MODEL.read_text())["interactionModel"]["languageModel"]["intents"]]
OTHER_REQUESTS: list[dict[str, Any]] = [
    launch_request(), session_ended_request(),
    intent_request("SomethingNoModelHas"),
    *({"type": name, "token": "t", "offsetInMilliseconds": 0} for name in (
        "AudioPlayer.PlaybackStarted", "AudioPlayer.PlaybackNearlyFinished",
        "AudioPlayer.PlaybackFinished", "AudioPlayer.PlaybackStopped")),
    {"type": "AudioPlayer.PlaybackFailed", "token": "t",
     "error": {"type": "MEDIA_ERROR_UNKNOWN", "message": "x"}},
    *({"type": f"PlaybackController.{name}CommandIssued"} for name in ("Play", "Pause", "Next")),
    {"type": "System.ExceptionEncountered", "error": {"type": "INVALID_RESPONSE", "message": "x"}},
    {"type": "AlexaSkillEvent.SkillDisabled"},
    {"type": "Connections.Response", "name": "AskFor", "status": {"code": "200"},
     "payload": {"status": "ACCEPTED"}, "token": json.dumps({"for": "thermal", "what": "timer"})},
]
# Session and stored state that some handlers' own rules look at.
SESSIONS: list[dict[str, Any]] = [
    {}, {"routine": {"routine_id": "quick_relief", "index": 1, "total": 4}},
    {"pending": {"kind": "reminder"}},
]
USERS: list[dict[str, Any]] = [
    {}, {"preferences": {"handsfree": True}, "last_routine": {"routine_id": "quick_relief"}},
    {"handsfree": {"status": "playing"}},
]
INTERFACES: list[dict[str, Any]] = [{}, {"AudioPlayer": {}}]


def _inputs() -> list[tuple[str, HandlerInput]]:
    serializer = SkillSerializer()
    requests = [intent_request(name) for name in MODEL_INTENTS] + OTHER_REQUESTS
    found = []
    for request, session, user, interfaces in itertools.product(requests, SESSIONS, USERS,
                                                                 INTERFACES):
        body = envelope(request, new=False, attributes=dict(session), interfaces=interfaces)
        request_envelope = serializer.read(body, RequestEnvelope)
        handler_input = HandlerInput(
            request_envelope=request_envelope,
            attributes_manager=AttributesManager(request_envelope=request_envelope))
        handler_input.attributes_manager.request_attributes[USER] = json.loads(json.dumps(user))
        label = f"{request.get('intent', {}).get('name') or request['type']} {session} {user}"
        found.append((label, handler_input))
    return found


@pytest.fixture(scope="module")
def mappers(tmp_path_factory: pytest.TempPathFactory) -> tuple[GenericRequestMapper, ...]:
    config = Config(local_dev=True, sqlite_path=tmp_path_factory.mktemp("map") / "s.db")
    indexed = build_skill(config).request_dispatcher.request_mappers[0]
    assert isinstance(indexed, IndexedRequestMapper)
    return indexed, GenericRequestMapper(indexed.request_handler_chains)


def test_every_request_in_every_state_goes_to_the_handler_ask_sdk_would_choose(mappers) -> None:
    indexed, linear = mappers
    chosen = set()
    for label, handler_input in _inputs():
        expected = linear.get_request_handler_chain(handler_input)
        assert indexed.get_request_handler_chain(handler_input) is expected, label
        chosen.add(type(expected.request_handler).__name__)
    # The states above reach the handlers with rules of their own, not only the catch-alls.
    assert {"StartRoutineHandler", "NextHandler", "HandsFreePreferenceHandler",
            "PermissionResponseHandler", "PlaybackEventHandler", "SkillDisabledHandler",
            "UnknownIntentHandler", "SessionEndedHandler"} <= chosen


def test_no_handler_takes_a_request_outside_the_intents_or_types_it_declares(mappers) -> None:
    indexed, _linear = mappers
    handlers = [chain.request_handler for chain in indexed.request_handler_chains]
    scoped = [handler for handler in handlers
              if _fixed_intents(handler) is not None or _fixed_request_types(handler) is not None]
    assert len(scoped) > len(handlers) * 3 // 4
    for label, handler_input in _inputs():
        request = handler_input.request_envelope.request
        intent = getattr(getattr(request, "intent", None), "name", None)
        for handler in scoped:
            intents, types = _fixed_intents(handler), _fixed_request_types(handler)
            outside = (intent not in intents) if intents is not None else (
                request.object_type not in types)
            if outside:
                assert not handler.can_handle(handler_input), f"{type(handler).__name__}: {label}"
