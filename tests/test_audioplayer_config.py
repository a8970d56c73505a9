"""Without a public HTTPS base URL for audio, hands-free says so and guides step by step."""

from __future__ import annotations

from tests.alexa import Conversation


def test_hands_free_without_an_audio_url_uses_the_spoken_mode(talk: Conversation) -> None:
    talk.interfaces = {"AudioPlayer": {}}
    said = talk.one_shot("HandsFreeRoutineIntent", routine=("quick relief", "quick_relief"))
    assert said.has("handsfree_unavailable")
    assert said.has("exercise_heading", number=1, total=4)
    assert not said.directives
    assert not said.ended
