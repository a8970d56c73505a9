"""The skill's own audio: rendered speech clips, exercise tracks, and serving them.

``render_speech`` turns any text into an Alexa-ready MP3; ``python -m skill.audio build``
renders every fixed phrase and assembles the hands-free exercise tracks.
"""

from skill.audio.engines import render_speech

__all__ = ["render_speech"]
