"""Timers and reminders speak in the request's locale: the client has no locale of its own."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.alexa import Conversation
from tests.loopback_alexa_api import LoopbackAlexaApi, running


@pytest.fixture
def api() -> Iterator[LoopbackAlexaApi]:
    with running() as server:
        yield server


@pytest.mark.parametrize("locale", ["en-GB", "en-AU", "en-US"])
def test_the_timer_and_the_reminder_carry_the_requests_locale(
    talk: Conversation, api: LoopbackAlexaApi, locale: str
) -> None:
    talk.locale, talk.api_endpoint, talk.api_token = locale, api.url, "token"
    talk.open()
    assert talk.say("StartApplicationIntent", kind=("ice pack", "ice")).has("thermal_timer_set", locale)
    assert talk.say("AMAZON.YesIntent").has("thermal_reminder_set", locale)
    [timer] = api.calls("POST", "/v1/alerts/timers")
    [reminder] = api.calls("POST", "/v1/alerts/reminders")
    [announce] = timer.body["triggeringBehavior"]["operation"]["textToAnnounce"]
    [spoken] = reminder.body["alertInfo"]["spokenInfo"]["content"]
    assert announce["locale"] == spoken["locale"] == locale
