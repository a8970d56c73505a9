"""The ice answer (the first days) says to keep moving, in short; heat's does not need to."""

from __future__ import annotations

import pytest

from skill.alexa.ssml import spoken_seconds
from tests.alexa import Conversation

ICE_HEAT_MAX = 20.0  # as tests/test_speech_brevity.py holds


@pytest.mark.parametrize("onset", ["just_now", "this_morning", "yesterday", "few_days_ago"])
def test_the_ice_answer_says_to_keep_moving_within_twenty_seconds(talk: Conversation, onset: str) -> None:
    talk.open()
    said = talk.say("IceOrHeatIntent", onset_phrase=(onset, onset))
    assert said.has("thermal_advice_ice") and said.has("thermal_stay_active")
    assert spoken_seconds(said.ssml) <= ICE_HEAT_MAX, said.text
    # Where to walk is a detail, on "tell me more", with the rest of the ice details.
    more = talk.say("MoreDetailIntent")
    assert more.has("thermal_even_ground") and more.has("thermal_numb_note")


def test_the_heat_answer_keeps_its_own_rules(talk: Conversation) -> None:
    talk.open()
    said = talk.say("IceOrHeatIntent", onset_phrase=("about_a_week", "about_a_week"))
    assert said.has("thermal_advice_heat") and not said.has("thermal_stay_active")
    assert spoken_seconds(said.ssml) <= ICE_HEAT_MAX, said.text
