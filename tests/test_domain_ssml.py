"""The SSML builder keeps Alexa's limits; problems() catches whatever breaks them."""

from __future__ import annotations

import pytest

from skill.alexa.ssml import Speech, SpeechLimitError, plain_text, problems, to_ssml
from skill.domain.script import Script


def test_text_is_escaped_and_pauses_become_breaks() -> None:
    ssml = to_ssml(Script().say("Hips & knees <slowly>").pause(1.5).say("Done."))
    assert ssml == '<speak>Hips &amp; knees &lt;slowly&gt; <break time="1500ms"/> Done.</speak>'
    assert problems(ssml) == []
    assert plain_text(ssml) == "Hips & knees <slowly> Done."


def test_characters_xml_forbids_are_left_out() -> None:
    ssml = to_ssml(Script().say("desk\x00 stretches\x0b\ufffe\uffff\ud800 please"))
    assert ssml == "<speak>desk stretches please</speak>"
    assert problems(ssml) == []


def test_long_pauses_are_split_into_breaks_of_ten_seconds_at_most() -> None:
    ssml = Speech().pause(25).ssml()
    assert ssml.count('<break time="10s"/>') == 2 and '<break time="5s"/>' in ssml
    assert problems(ssml) == []


def test_the_builder_refuses_what_alexa_would_refuse() -> None:
    with pytest.raises(SpeechLimitError):
        Speech().audio("http://example.com/a.mp3", 1)
    speech = Speech()
    for _ in range(5):
        speech.audio("https://example.com/a.mp3", 1)
    with pytest.raises(SpeechLimitError):
        speech.audio("https://example.com/a.mp3", 1)
    with pytest.raises(SpeechLimitError):
        Speech().audio("https://example.com/long.mp3", 241)
    with pytest.raises(SpeechLimitError):
        Speech().say("word " * 2000).ssml()


@pytest.mark.parametrize(
    ("ssml", "complaint"),
    [
        ('<speak>Hold. <break time="11s"/></speak>', "limit 10s"),
        ('<speak><break time="12000ms"/></speak>', "limit 10s"),
        ('<speak><break time="5 seconds"/></speak>', "not in s or ms"),
        ('<speak><break strength="huge"/></speak>', "without a valid time"),
        ("<speak><blink>Hi</blink></speak>", "<blink> is not in Alexa's SSML"),
        ('<speak><audio src="http://example.com/a.mp3"/></speak>', "not HTTPS"),
        ("<speak>" + "a" * 8000 + "</speak>", "limit 8000"),
        ("<speak>" + '<audio src="https://example.com/a.mp3"/>' * 6 + "</speak>", "6 audio tags"),
        ("<speak>Hold <s>on</speak>", "not well-formed"),
        ("<p>Hi</p>", "not <speak>"),
    ],
)
def test_problems_name_each_broken_rule(ssml: str, complaint: str) -> None:
    found = problems(ssml)
    assert any(complaint in problem for problem in found), found


def test_alexa_tags_including_amazon_ones_pass() -> None:
    ssml = (
        '<speak><p><s>Hi</s></p><amazon:effect name="whispered">slowly</amazon:effect>'
        '<prosody rate="slow">breathe</prosody><break strength="strong"/>'
        '<audio src="https://example.com/a.mp3"/></speak>'
    )
    assert problems(ssml) == []
