"""The shapes every handler shares."""

from __future__ import annotations

from typing import ClassVar

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import Response

from skill.alexa.bridge import render, turn_of
from skill.alexa.handlers import safety
from skill.alexa.handlers.player import Player
from skill.coach import handsfree
from skill.coach.handsfree import Audio, Outcome
from skill.coach.turn import Reply, Turn


class IntentHandler(AbstractRequestHandler):
    """Handles the intents named in ``intents`` by asking the coach for a reply."""

    intents: ClassVar[tuple[str, ...]] = ()

    def can_handle(self, handler_input: HandlerInput) -> bool:
        # Read the name defensively: an IntentRequest without an intent is bad input,
        # left to the fallback rather than raising here.
        request = handler_input.request_envelope.request
        if getattr(request, "object_type", None) != "IntentRequest":
            return False  # a CanFulfillIntentRequest also names an intent, and must change nothing
        intent = getattr(request, "intent", None)
        return getattr(intent, "name", None) in self.intents

    def handle(self, handler_input: HandlerInput) -> Response:
        # Safety first: a remembered red flag, the screening answer, the phase rule.
        if (instead := safety.gate(handler_input)) is not None:
            return render(handler_input, instead())
        return render(handler_input, self.reply(turn_of(handler_input), handler_input))

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        raise NotImplementedError


class RequestTypeHandler(IntentHandler):
    """Handles a request type (LaunchRequest and the like) the same way."""

    request_type: ClassVar[str] = ""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type(self.request_type)(handler_input)


class RoutineControlHandler(IntentHandler):
    """An intent that steers a routine, spoken or hands-free: the coach says which mode.

    ``reply`` is the spoken mode's answer, ``hands_free`` the player's.
    """

    def __init__(self, player: Player | None = None) -> None:
        self.player = player or Player()

    def handle(self, handler_input: HandlerInput) -> Response:
        if (instead := safety.gate(handler_input)) is not None:
            return render(handler_input, instead())
        turn, audio = turn_of(handler_input), self.player.audio(handler_input)
        if self.plays_hands_free(turn, audio):
            return self.player.respond(handler_input, self.hands_free(turn, audio, handler_input))
        return render(handler_input, self.reply(turn, handler_input))

    def plays_hands_free(self, turn: Turn, audio: Audio) -> bool:
        return handsfree.steers(turn, audio)

    def hands_free(self, turn: Turn, audio: Audio, handler_input: HandlerInput) -> Outcome:
        raise NotImplementedError
