"""Hands-free routines over the AudioPlayer: starting, the preference and device events.

The voice controls shared with the spoken mode (next, pause, resume, stop, ...) are the
routine handlers, which ask the coach which mode is steering.
"""

from __future__ import annotations

import logging
from typing import ClassVar

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from skill.alexa.bridge import render, request_of, turn_of
from skill.alexa.handlers import safety
from skill.alexa.handlers.base import IntentHandler
from skill.alexa.handlers.player import Player, player_offset
from skill.alexa.handlers.routine import routine_slot
from skill.coach import handsfree
from skill.coach.handsfree import Outcome
from skill.coach.safety import held as red_flag_held
from skill.coach.turn import Turn

log = logging.getLogger(__name__)


class _AudioHandler(AbstractRequestHandler):
    def __init__(self, player: Player) -> None:
        self.player = player

    def handle(self, handler_input: HandlerInput) -> Response:
        if (instead := safety.gate(handler_input)) is not None:
            return render(handler_input, instead())
        turn = turn_of(handler_input)
        return self.player.respond(handler_input, self.outcome(turn, handler_input))

    def outcome(self, turn: Turn, handler_input: HandlerInput) -> Outcome:
        raise NotImplementedError


class _HandsFreeIntent(_AudioHandler, IntentHandler):
    """An intent handler that answers with an Outcome (speech and player commands)."""

    intents: ClassVar[tuple[str, ...]] = ()

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return IntentHandler.can_handle(self, handler_input)


# Starting and the preference --------------------------------------------------------
class HandsFreeRoutineHandler(_HandsFreeIntent):
    """ "Start my morning stretches hands-free"."""

    intents = ("HandsFreeRoutineIntent",)

    def outcome(self, turn: Turn, handler_input: HandlerInput) -> Outcome:
        return handsfree.start(turn, self.player.audio(handler_input), *routine_slot(turn, handler_input))


class HandsFreePreferenceHandler(_HandsFreeIntent):
    intents = ("HandsFreeOnIntent", "HandsFreeOffIntent")

    def outcome(self, turn: Turn, handler_input: HandlerInput) -> Outcome:
        on = request_of(handler_input).intent.name == "HandsFreeOnIntent"
        return Outcome(handsfree.set_preference(turn, self.player.audio(handler_input), on))


class LoopShuffleHandler(_HandsFreeIntent):
    """Required of AudioPlayer skills; a routine has one order, so these are declined kindly."""

    intents = (
        "AMAZON.LoopOffIntent",
        "AMAZON.LoopOnIntent",
        "AMAZON.ShuffleOffIntent",
        "AMAZON.ShuffleOnIntent",
    )

    def outcome(self, turn: Turn, handler_input: HandlerInput) -> Outcome:
        return handsfree.no_loop(turn)


# Device events -------------------------------------------------------------------
class _EventHandler(_AudioHandler):
    # The only request types it takes.
    request_types: ClassVar[tuple[str, ...]] = ()

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return request_of(handler_input).object_type in self.request_types

    @staticmethod
    def token(handler_input: HandlerInput) -> str | None:
        request = request_of(handler_input)
        player = getattr(handler_input.request_envelope.context, "audio_player", None)
        return getattr(request, "token", None) or getattr(player, "token", None)


class PlaybackEventHandler(_EventHandler):
    request_types = (
        "AudioPlayer.PlaybackStarted",
        "AudioPlayer.PlaybackNearlyFinished",
        "AudioPlayer.PlaybackFinished",
        "AudioPlayer.PlaybackStopped",
    )

    def outcome(self, turn: Turn, handler_input: HandlerInput) -> Outcome:
        request = request_of(handler_input)
        kind, token = request.object_type, self.token(handler_input)
        if kind == "AudioPlayer.PlaybackStarted":
            return handsfree.started(turn, token)
        if kind == "AudioPlayer.PlaybackNearlyFinished":
            if red_flag_held(turn):
                # A red flag told meanwhile (another device, the app): the track plays out, no more.
                return Outcome()
            return handsfree.nearly_finished(turn, self.player.audio(handler_input), token)
        if kind == "AudioPlayer.PlaybackFinished":
            return handsfree.finished(turn, token)
        return handsfree.stopped(turn, token, int(request.offset_in_milliseconds or 0))


class PlaybackFailedHandler(_EventHandler):
    request_types = ("AudioPlayer.PlaybackFailed",)

    def outcome(self, turn: Turn, handler_input: HandlerInput) -> Outcome:
        error = request_of(handler_input).error
        log.error(
            "hands-free track failed to play: %s %s",
            getattr(error, "object_type", ""),
            getattr(error, "message", error),
        )
        return handsfree.failed(turn, self.token(handler_input))


class PlaybackControllerHandler(_EventHandler):
    """The device's own play, pause, next and previous buttons."""

    request_types = (
        "PlaybackController.PlayCommandIssued",
        "PlaybackController.PauseCommandIssued",
        "PlaybackController.NextCommandIssued",
        "PlaybackController.PreviousCommandIssued",
    )

    def outcome(self, turn: Turn, handler_input: HandlerInput) -> Outcome:
        kind = request_of(handler_input).object_type
        audio = self.player.audio(handler_input)
        if kind.endswith("PauseCommandIssued"):
            return handsfree.pause(turn, player_offset(handler_input))
        if kind.endswith("PlayCommandIssued"):
            offset = player_offset(handler_input)
            if offset is not None and handsfree.state(turn).get("status") in handsfree.ACTIVE:
                turn.user[handsfree.STATE]["offset_ms"] = offset
            outcome = handsfree.resume(turn, audio)
            return Outcome(commands=outcome.commands)
        return handsfree.move(turn, audio, +1 if kind.endswith("NextCommandIssued") else -1, voice=False)


class ExceptionEncounteredHandler(AbstractRequestHandler):
    """Alexa reports that a response of ours could not be carried out; nothing may be said."""

    request_types = ("System.ExceptionEncountered",)

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return request_of(handler_input).object_type in self.request_types

    def handle(self, handler_input: HandlerInput) -> Response:
        request = request_of(handler_input)
        error, cause = getattr(request, "error", None), getattr(request, "cause", None)
        log.error(
            "Alexa could not carry out a response: %s %r (request %r)",  # %r: no forged log lines
            getattr(error, "object_type", ""),
            getattr(error, "message", error),
            getattr(cause, "request_id", ""),
        )
        return handler_input.response_builder.response


def handlers(player: Player) -> list[AbstractRequestHandler]:
    """The hands-free-only intents and the device's own events."""
    kinds = (
        HandsFreeRoutineHandler,
        HandsFreePreferenceHandler,
        LoopShuffleHandler,
        PlaybackEventHandler,
        PlaybackFailedHandler,
        PlaybackControllerHandler,
    )
    return [*(kind(player) for kind in kinds), ExceptionEncounteredHandler()]
