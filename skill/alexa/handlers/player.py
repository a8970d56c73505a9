"""The AudioPlayer side of a response: what the device can play, and the coach's player commands.

One ``Player`` is shared by every handler that may steer hands-free audio, so the track
library's manifest is read once per change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Directive, Response

from skill.alexa.bridge import render, system_of
from skill.alexa.ssml import Speech
from skill.audio.library import TrackLibrary
from skill.audio.tracks import CHIME
from skill.coach.handsfree import Audio, ClearQueue, Command, Outcome, Play, StopAudio


def has_player(handler_input: HandlerInput) -> bool:
    system = system_of(handler_input)
    interfaces = getattr(getattr(system, "device", None), "supported_interfaces", None)
    return getattr(interfaces, "audio_player", None) is not None


def player_offset(handler_input: HandlerInput) -> int | None:
    """Where the player stood when this request was made (Alexa sends it in the context)."""
    player = getattr(handler_input.request_envelope.context, "audio_player", None)
    offset = getattr(player, "offset_in_milliseconds", None)
    return int(offset) if offset is not None else None


def directive(command: Command) -> Directive:
    # The audio player's models (some 60 modules) load with the first hands-free turn,
    # not with the server.
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
    from ask_sdk_model.interfaces.display import Image, ImageInstance

    if isinstance(command, Play):
        stream = Stream(
            token=command.token,
            url=command.url,
            offset_in_milliseconds=command.offset_ms,
            expected_previous_token=command.expected_previous or None,
        )
        if command.replace_queued:
            # The track playing plays on; only what is queued behind it is replaced.
            behavior = PlayBehavior.REPLACE_ENQUEUED
        else:
            behavior = PlayBehavior.ENQUEUE if command.enqueue else PlayBehavior.REPLACE_ALL
        # A screen's Now Playing shows the title, the subtitle and the art.
        art = Image(sources=[ImageInstance(url=command.art_url)]) if command.art_url else None
        metadata = AudioItemMetadata(title=command.title, subtitle=command.subtitle or None, art=art)
        return PlayDirective(play_behavior=behavior, audio_item=AudioItem(stream=stream, metadata=metadata))
    if isinstance(command, ClearQueue):
        return ClearQueueDirective(clear_behavior=ClearBehavior.CLEAR_ENQUEUED)
    if isinstance(command, StopAudio):
        return StopDirective()
    raise TypeError(f"unknown player command {command!r}")


@dataclass(frozen=True)
class Player:
    """The public audio base URL and the built track library (both may be missing)."""

    base_url: str = ""
    library: TrackLibrary | None = None

    def audio(self, handler_input: HandlerInput) -> Audio:
        return Audio(base_url=self.base_url, has_player=has_player(handler_input), library=self.library)

    def respond(self, handler_input: HandlerInput, outcome: Outcome) -> Response:
        directives = [directive(command) for command in outcome.commands]
        if outcome.reply is not None:
            outcome.reply.directives.extend(directives)
            response = render(handler_input, outcome.reply)
            if outcome.chime and self.base_url:
                # The skill's own clip inside speech goes through Speech.audio, which holds
                # Alexa's limits (five clips, 240 seconds, HTTPS only).
                speech = Speech().audio(f"{self.base_url}/audio/{CHIME.name}", CHIME.seconds)
                output: Any = response.output_speech
                output.ssml = speech.steps(outcome.reply.speech).ssml()
            return response
        # Player events and button presses may not speak; they only steer the player.
        builder = handler_input.response_builder
        for item in directives:
            builder.add_directive(item)
        if handler_input.request_envelope.session is not None and directives:
            builder.set_should_end_session(True)
        return builder.response
