"""Hands-free routines over the AudioPlayer: starting, device events and voice control.

Registered before the routine handlers. The voice handlers only take a request while a
hands-free routine is playing or paused, so the spoken step-by-step mode is unchanged.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import ClassVar

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response
from ask_sdk_model.interfaces.audioplayer import (
    AudioItem,
    AudioItemMetadata,
    ClearBehavior,
    ClearQueueDirective,
    PlayBehavior,
    PlayDirective,
    StopDirective,
    Stream,
)

from skill.alexa.bridge import render, slot, turn_of
from skill.alexa.handlers.base import IntentHandler
from skill.alexa.ssml import Speech
from skill.audio.library import TrackLibrary
from skill.audio.tracks import CHIME
from skill.coach import handsfree
from skill.coach.handsfree import Audio, ClearQueue, Command, Outcome, Play, StopAudio
from skill.coach.turn import Turn

log = logging.getLogger(__name__)


def _has_player(handler_input: HandlerInput) -> bool:
    system = handler_input.request_envelope.context.system
    interfaces = getattr(getattr(system, "device", None), "supported_interfaces", None)
    return getattr(interfaces, "audio_player", None) is not None


def _player_offset(handler_input: HandlerInput) -> int | None:
    """Where the player stood when this request was made (Alexa sends it in the context)."""
    player = getattr(handler_input.request_envelope.context, "audio_player", None)
    offset = getattr(player, "offset_in_milliseconds", None)
    return int(offset) if offset is not None else None


def _directive(command: Command) -> object:
    if isinstance(command, Play):
        stream = Stream(token=command.token, url=command.url, offset_in_milliseconds=command.offset_ms,
                        expected_previous_token=command.expected_previous or None)
        behavior = PlayBehavior.ENQUEUE if command.enqueue else PlayBehavior.REPLACE_ALL
        return PlayDirective(play_behavior=behavior, audio_item=AudioItem(
            stream=stream, metadata=AudioItemMetadata(title=command.title)))
    if isinstance(command, ClearQueue):
        return ClearQueueDirective(clear_behavior=ClearBehavior.CLEAR_ENQUEUED)
    if isinstance(command, StopAudio):
        return StopDirective()
    raise TypeError(f"unknown player command {command!r}")


def respond(handler_input: HandlerInput, outcome: Outcome, base_url: str = "") -> Response:
    directives = [_directive(command) for command in outcome.commands]
    if outcome.reply is not None:
        outcome.reply.directives.extend(directives)
        response = render(handler_input, outcome.reply)
        if outcome.chime and base_url:
            # The skill's own clip inside speech goes through Speech.audio, which holds
            # Alexa's limits (five clips, 240 seconds, HTTPS only).
            speech = Speech().audio(f"{base_url}/audio/{CHIME.name}", CHIME.seconds)
            response.output_speech.ssml = speech.steps(outcome.reply.speech).ssml()
        return response
    # Player events and button presses may not speak; they only steer the player.
    builder = handler_input.response_builder
    for directive in directives:
        builder.add_directive(directive)
    if handler_input.request_envelope.session is not None and directives:
        builder.set_should_end_session(True)
    return builder.response


class _AudioHandler(AbstractRequestHandler):
    def __init__(self, base_url: str = "", library: TrackLibrary | None = None) -> None:
        self.base_url = base_url
        self.library = library

    def audio(self, handler_input: HandlerInput) -> Audio:
        return Audio(base_url=self.base_url, has_player=_has_player(handler_input),
                     library=self.library)

    def handle(self, handler_input: HandlerInput) -> Response:
        return respond(handler_input, self.outcome(turn_of(handler_input), handler_input),
                       self.base_url)

    def outcome(self, turn: Turn, handler_input: HandlerInput) -> Outcome:
        raise NotImplementedError


class _HandsFreeIntent(_AudioHandler, IntentHandler):
    """An intent handler that answers with an Outcome (speech and player commands)."""

    intents: ClassVar[tuple[str, ...]] = ()

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return IntentHandler.can_handle(self, handler_input)


def _routine_id(turn: Turn, handler_input: HandlerInput) -> tuple[str | None, str]:
    resolved_id, heard = slot(handler_input, "routine")
    routine = turn.content.find_routine(heard, resolved_id)
    return (routine.id if routine else None), heard or ""


# Starting and the preference --------------------------------------------------------
class HandsFreeRoutineHandler(_HandsFreeIntent):
    """"Start my morning stretches hands-free"."""

    intents = ("HandsFreeRoutineIntent",)

    def outcome(self, turn: Turn, handler_input: HandlerInput) -> Outcome:
        routine_id, heard = _routine_id(turn, handler_input)
        return handsfree.start(turn, self.audio(handler_input), routine_id, heard)


class PreferredHandsFreeStartHandler(_HandsFreeIntent):
    """A plain "start my morning stretches" plays hands-free when the person chose that."""

    intents = ("StartRoutineIntent",)

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return super().can_handle(handler_input) and handsfree.prefers(turn_of(handler_input))

    def outcome(self, turn: Turn, handler_input: HandlerInput) -> Outcome:
        routine_id, heard = _routine_id(turn, handler_input)
        return handsfree.start(turn, self.audio(handler_input), routine_id, heard)


class HandsFreePreferenceHandler(_HandsFreeIntent):
    intents = ("HandsFreeOnIntent", "HandsFreeOffIntent")

    def outcome(self, turn: Turn, handler_input: HandlerInput) -> Outcome:
        on = handler_input.request_envelope.request.intent.name == "HandsFreeOnIntent"
        return Outcome(handsfree.set_preference(turn, self.audio(handler_input), on))


# Voice control while a hands-free routine plays --------------------------------------
class _WhilePlaying(_HandsFreeIntent):
    """Only while a hands-free routine is playing or paused, on a device that can play it."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return (super().can_handle(handler_input) and not self.audio(handler_input).problem
                and handsfree.is_active(turn_of(handler_input)))


class HandsFreePauseHandler(_WhilePlaying):
    intents = ("AMAZON.PauseIntent",)

    def outcome(self, turn: Turn, handler_input: HandlerInput) -> Outcome:
        return handsfree.pause(turn, _player_offset(handler_input))


class HandsFreeResumeHandler(_HandsFreeIntent):
    """Resume a paused track; with the preference on, "resume my routine" plays hands-free too."""

    intents = ("AMAZON.ResumeIntent",)

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if not super().can_handle(handler_input):
            return False
        if self.audio(handler_input).problem:
            return False
        turn = turn_of(handler_input)
        return handsfree.is_active(turn) or (
            handsfree.prefers(turn) and not turn.session.get("routine")
            and bool(turn.user.get("last_routine")))

    def outcome(self, turn: Turn, handler_input: HandlerInput) -> Outcome:
        return handsfree.resume(turn, self.audio(handler_input))


class HandsFreeNextHandler(_WhilePlaying):
    intents = ("AMAZON.NextIntent",)

    def outcome(self, turn: Turn, handler_input: HandlerInput) -> Outcome:
        return handsfree.move(turn, self.audio(handler_input), +1)


class HandsFreePreviousHandler(_WhilePlaying):
    intents = ("AMAZON.PreviousIntent",)

    def outcome(self, turn: Turn, handler_input: HandlerInput) -> Outcome:
        return handsfree.move(turn, self.audio(handler_input), -1)


class HandsFreeStartOverHandler(_WhilePlaying):
    intents = ("AMAZON.StartOverIntent",)

    def outcome(self, turn: Turn, handler_input: HandlerInput) -> Outcome:
        return handsfree.move(turn, self.audio(handler_input), 0)


class HandsFreeStopHandler(_WhilePlaying):
    intents = ("AMAZON.StopIntent", "AMAZON.CancelIntent")

    def outcome(self, turn: Turn, handler_input: HandlerInput) -> Outcome:
        return handsfree.stop(turn, _player_offset(handler_input))


class LoopShuffleHandler(_HandsFreeIntent):
    """Required of AudioPlayer skills; a routine has one order, so these are declined kindly."""

    intents = ("AMAZON.LoopOffIntent", "AMAZON.LoopOnIntent", "AMAZON.ShuffleOffIntent",
               "AMAZON.ShuffleOnIntent")

    def outcome(self, turn: Turn, handler_input: HandlerInput) -> Outcome:
        return handsfree.no_loop(turn)


# Device events -------------------------------------------------------------------
class _EventHandler(_AudioHandler):
    # The only request types it takes (the dispatcher relies on that).
    request_types: ClassVar[tuple[str, ...]] = ()

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return handler_input.request_envelope.request.object_type in self.request_types

    @staticmethod
    def token(handler_input: HandlerInput) -> str | None:
        request = handler_input.request_envelope.request
        player = getattr(handler_input.request_envelope.context, "audio_player", None)
        return getattr(request, "token", None) or getattr(player, "token", None)


class PlaybackEventHandler(_EventHandler):
    request_types = ("AudioPlayer.PlaybackStarted", "AudioPlayer.PlaybackNearlyFinished",
                     "AudioPlayer.PlaybackFinished", "AudioPlayer.PlaybackStopped")

    def outcome(self, turn: Turn, handler_input: HandlerInput) -> Outcome:
        request = handler_input.request_envelope.request
        kind, token = request.object_type, self.token(handler_input)
        if kind == "AudioPlayer.PlaybackStarted":
            return handsfree.started(turn, token)
        if kind == "AudioPlayer.PlaybackNearlyFinished":
            return handsfree.nearly_finished(turn, self.audio(handler_input), token)
        if kind == "AudioPlayer.PlaybackFinished":
            return handsfree.finished(turn, token)
        return handsfree.stopped(turn, token, int(request.offset_in_milliseconds or 0))


class PlaybackFailedHandler(_EventHandler):
    request_types = ("AudioPlayer.PlaybackFailed",)

    def outcome(self, turn: Turn, handler_input: HandlerInput) -> Outcome:
        error = handler_input.request_envelope.request.error
        log.error("hands-free track failed to play: %s %s", getattr(error, "object_type", ""),
                  getattr(error, "message", error))
        return handsfree.failed(turn, self.token(handler_input))


class PlaybackControllerHandler(_EventHandler):
    """The device's own play, pause, next and previous buttons."""

    request_types = ("PlaybackController.PlayCommandIssued", "PlaybackController.PauseCommandIssued",
                     "PlaybackController.NextCommandIssued",
                     "PlaybackController.PreviousCommandIssued")

    def outcome(self, turn: Turn, handler_input: HandlerInput) -> Outcome:
        kind = handler_input.request_envelope.request.object_type
        audio = self.audio(handler_input)
        if kind.endswith("PauseCommandIssued"):
            return handsfree.pause(turn, _player_offset(handler_input))
        if kind.endswith("PlayCommandIssued"):
            offset = _player_offset(handler_input)
            if offset is not None and handsfree.state(turn).get("status") in handsfree.ACTIVE:
                turn.user[handsfree.STATE]["offset_ms"] = offset
            outcome = handsfree.resume(turn, audio)
            return Outcome(commands=outcome.commands)
        return handsfree.move(turn, audio, +1 if kind.endswith("NextCommandIssued") else -1,
                              voice=False)


class ExceptionEncounteredHandler(AbstractRequestHandler):
    """Alexa reports that a response of ours could not be carried out; nothing may be said."""

    request_types = ("System.ExceptionEncountered",)

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return handler_input.request_envelope.request.object_type in self.request_types

    def handle(self, handler_input: HandlerInput) -> Response:
        request = handler_input.request_envelope.request
        error, cause = getattr(request, "error", None), getattr(request, "cause", None)
        log.error("Alexa could not carry out a response: %s %s (request %s)",
                  getattr(error, "object_type", ""), getattr(error, "message", error),
                  getattr(cause, "request_id", ""))
        return handler_input.response_builder.response


def handlers(base_url: str, audio_dir: Path | None = None) -> list[AbstractRequestHandler]:
    """In order; they go before the spoken routine handlers.

    They share one TrackLibrary, so the manifest in ``audio_dir`` is read once per change.
    """
    library = TrackLibrary(audio_dir) if audio_dir is not None else None
    kinds = (HandsFreeRoutineHandler, PreferredHandsFreeStartHandler, HandsFreePreferenceHandler,
             HandsFreePauseHandler, HandsFreeResumeHandler, HandsFreeNextHandler,
             HandsFreePreviousHandler, HandsFreeStartOverHandler, HandsFreeStopHandler,
             LoopShuffleHandler, PlaybackEventHandler, PlaybackFailedHandler,
             PlaybackControllerHandler)
    return [*(kind(base_url, library) for kind in kinds), ExceptionEncounteredHandler()]
