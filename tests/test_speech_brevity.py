"""Brief by default, detail on request: speech time limits at the one stated speaking rate."""

from __future__ import annotations

from skill.alexa.ssml import spoken_seconds
from skill.domain.guide import GET_READY_SECONDS
from skill.domain.script import WORDS_PER_SECOND, speech_seconds
from tests.alexa import Conversation, Said

FIRST_WELCOME_MAX = 15.0
RETURNING_WELCOME_MAX = 8.0
ICE_HEAT_MAX = 20.0


def seconds(said: Said) -> float:
    return spoken_seconds(said.ssml)


def test_the_speaking_rate_is_stated_and_used_for_text_and_ssml() -> None:
    assert WORDS_PER_SECOND == 2.5  # 150 words a minute, calm
    assert speech_seconds("one two three four five") == 2.0
    assert spoken_seconds('<speak>one two three four five <break time="3s"/></speak>') == 5.0


def test_the_first_welcome_is_short(talk: Conversation) -> None:
    said = talk.open()
    assert said.has("not_medical_advice") and said.has("safety_note")
    assert seconds(said) <= FIRST_WELCOME_MAX, said.text


def test_a_returning_welcome_is_shorter(talk: Conversation) -> None:
    talk.open()
    talk.say("AMAZON.StopIntent")
    said = talk.open()
    assert seconds(said) <= RETURNING_WELCOME_MAX, said.text


def test_a_returning_welcome_with_a_saved_place_is_short(talk: Conversation) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=("morning stretches", "morning_stretches"))
    talk.say("AMAZON.StopIntent")
    said = talk.open()
    assert said.has("welcome_back_continue")
    assert seconds(said) <= RETURNING_WELCOME_MAX, said.text


def test_the_ice_or_heat_answer_is_short_with_details_on_request(talk: Conversation) -> None:
    talk.open()
    for onset, kind in (("just_now", "ice"), ("about_a_week", "heat")):
        said = talk.say("IceOrHeatIntent", onset_phrase=(onset, onset))
        assert said.has(f"thermal_advice_{kind}")
        assert seconds(said) <= ICE_HEAT_MAX, said.text
        more = talk.say("MoreDetailIntent")
        assert more.has("thermal_break_note")


def test_the_towel_rule_is_said_in_full_once_a_session_then_short(talk: Conversation) -> None:
    talk.open()
    first = talk.say("IceOrHeatIntent", onset_phrase=("just_now", "just_now"))
    assert first.has("thermal_towel")
    second = talk.say("HomePackIntent", kind=("ice", "ice"))
    assert not second.has("thermal_towel")
    assert second.has("thermal_towel_short")
    talk.say("AMAZON.StopIntent")
    talk.open()
    again = talk.say("HomePackIntent", kind=("heat", "heat"))
    assert again.has("thermal_towel")


def test_getting_into_position_takes_at_least_ten_seconds() -> None:
    assert GET_READY_SECONDS >= 10.0
