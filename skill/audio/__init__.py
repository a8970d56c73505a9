"""The skill's own audio: rendered speech clips, exercise tracks, and serving them.

``render_speech`` turns any text into an Alexa-ready MP3; ``python -m skill.audio build``
renders every fixed phrase and assembles the hands-free exercise tracks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from skill.audio.engines import render_speech

__all__ = ["render_speech"]


def __getattr__(name: str) -> Any:
    # The server imports this package for its track index; the speech engines (gTTS and
    # requests) load only when something renders speech.
    if name == "render_speech":
        from skill.audio.engines import render_speech

        return render_speech
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
