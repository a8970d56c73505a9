"""Ice and heat against a loopback server playing the Alexa Timers and Reminders APIs."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from skill.services.alexa_api import REMINDERS_SCOPE, TIMERS_SCOPE
from tests.alexa import Conversation
from tests.loopback_alexa_api import LoopbackAlexaApi, running
from tests.thermal_support import ICE_NAME, span

TOKEN = "test-api-access-token"
ICE = ("ice pack", "ice")
ICE_OFF = "Time to take the ice pack off; give your skin a rest."


@pytest.fixture
def api() -> Iterator[LoopbackAlexaApi]:
    with running() as server:
        yield server


@pytest.fixture
def echo(talk: Conversation, api: LoopbackAlexaApi) -> Conversation:
    """A conversation whose requests carry the loopback API's endpoint and a token."""
    talk.api_endpoint = api.url
    talk.api_token = TOKEN
    return talk


def ask_for(said, scope: str) -> dict:
    [directive] = [d for d in said.directives if d["type"] == "Connections.SendRequest"]
    assert directive["name"] == "AskFor"
    assert directive["payload"] == {
        "@type": "AskForPermissionsConsentRequest",
        "@version": "2",
        "permissionScopes": [{"permissionScope": scope, "consentLevel": "ACCOUNT"}],
    }
    assert said.ended
    return directive


def test_timer_and_reminder_payloads(echo: Conversation, api: LoopbackAlexaApi):
    echo.open()
    said = echo.say("StartApplicationIntent", kind=ICE)
    assert said.has("thermal_timer_set") and said.has("thermal_started", minutes=20, name=ICE_NAME)
    [timer] = api.calls("POST", "/v1/alerts/timers")
    assert timer.headers["Authorization"] == f"Bearer {TOKEN}"
    assert timer.body["duration"] == "PT20M"
    assert timer.body["triggeringBehavior"]["operation"] == {
        "type": "ANNOUNCE",
        "textToAnnounce": [{"locale": "en-US", "text": ICE_OFF}],
    }
    assert timer.body["creationBehavior"] == {"displayExperience": {"visibility": "VISIBLE"}}

    said = echo.say("AMAZON.YesIntent")
    assert said.has("thermal_reminder_set", span=span(140))
    [reminder] = api.calls("POST", "/v1/alerts/reminders")
    assert reminder.headers["Authorization"] == f"Bearer {TOKEN}"
    assert reminder.body["trigger"]["type"] == "SCHEDULED_RELATIVE"
    assert 139 * 60 <= reminder.body["trigger"]["offsetInSeconds"] <= 140 * 60
    assert reminder.body["alertInfo"] == {
        "spokenInfo": {
            "content": [
                {
                    "locale": "en-US",
                    "text": "You can use your ice pack again, if you need it. "
                    "Keep a towel between your skin and the pack.",
                }
            ]
        }
    }
    assert reminder.body["pushNotification"] == {"status": "ENABLED"}

    said = echo.say("ListRemindersIntent")
    assert said.has("thermal_reminders_one") and said.has("thermal_reminder_in", span=span(140))
    assert api.calls("GET", "/v1/alerts/reminders")

    said = echo.say("CancelTimerIntent", kind=("ice", "ice"))
    assert said.has("thermal_timer_cancelled", name=ICE_NAME)
    [cancel] = api.calls("DELETE", "/v1/alerts/timers/")
    assert cancel.path == "/v1/alerts/timers/timer-1"


@pytest.mark.parametrize("status", [403, 429, 500, 503])
def test_api_failures_get_a_spoken_fallback(
    echo: Conversation, api: LoopbackAlexaApi, status, caplog: pytest.LogCaptureFixture
):
    api.answer("POST", "/v1/alerts/timers", status, {"message": "nope"})
    said = echo.one_shot("StartApplicationIntent", kind=ICE)
    assert said.has("thermal_kitchen_timer", minutes=20) and not said.ended
    assert f"POST /v1/alerts/timers answered {status}" in caplog.text
    assert len(api.calls("POST", "/v1/alerts/timers")) == 1
    # The application still counts for the guard.
    said = echo.one_shot("StartApplicationIntent", kind=ICE)
    assert said.has("thermal_wait_still_on", name=ICE_NAME)


def test_reminder_failure_says_how_long_to_wait(echo: Conversation, api: LoopbackAlexaApi):
    api.answer("POST", "/v1/alerts/reminders", 500)
    echo.open()
    echo.say("StartApplicationIntent", kind=ICE)
    said = echo.say("AMAZON.YesIntent")
    assert said.has("thermal_reminder_failed", span=span(140))


def test_list_reminders_failure(echo: Conversation, api: LoopbackAlexaApi):
    api.answer("GET", "/v1/alerts/reminders", 429)
    assert echo.one_shot("ListRemindersIntent").has("thermal_reminders_failed")


def test_a_slow_api_gets_the_fallback(http_talk: Conversation, api: LoopbackAlexaApi):
    http_talk.api_endpoint, http_talk.api_token = api.url, TOKEN
    api.answer("POST", "/v1/alerts/timers", 200, {"id": "late"}, delay=3.0)
    said = http_talk.one_shot("StartApplicationIntent", kind=ICE)
    assert said.has("thermal_kitchen_timer", minutes=20)


def test_permission_asked_by_voice_and_accepted(echo: Conversation, api: LoopbackAlexaApi):
    api.answer("POST", "/v1/alerts/timers", 401)
    said = echo.one_shot("StartApplicationIntent", kind=ICE)
    assert said.has("thermal_need_timer_permission")
    directive = ask_for(said, TIMERS_SCOPE)
    api.script.clear()
    said = echo.permission_answer("ACCEPTED", directive["token"])
    assert said.has("thermal_timer_set") and said.has("thermal_offer_reminder", name=ICE_NAME)
    retried = api.calls("POST", "/v1/alerts/timers")[-1]
    assert retried.body["duration"] == "PT20M"
    assert retried.headers["Authorization"] == f"Bearer {TOKEN}"


def test_permission_denied_falls_back_and_is_not_asked_again(echo: Conversation, api: LoopbackAlexaApi):
    api.answer("POST", "/v1/alerts/timers", 401)
    directive = ask_for(echo.one_shot("StartApplicationIntent", kind=ICE), TIMERS_SCOPE)
    said = echo.permission_answer("DENIED", directive["token"])
    assert said.has("thermal_permission_timer_denied", minutes=20) and said.ended
    echo.wait(hours=3)
    said = echo.one_shot("StartApplicationIntent", kind=ICE)
    assert not [d for d in said.directives if d["type"] == "Connections.SendRequest"]
    assert said.card["type"] == "AskForPermissionsConsent"
    assert said.card["permissions"] == [TIMERS_SCOPE]
    assert said.has("thermal_permission_card_sent") and said.has("thermal_kitchen_timer", minutes=20)


def test_permission_not_answered(echo: Conversation, api: LoopbackAlexaApi):
    api.answer("POST", "/v1/alerts/timers", 401)
    directive = ask_for(echo.one_shot("StartApplicationIntent", kind=ICE), TIMERS_SCOPE)
    said = echo.permission_answer("NOT_ANSWERED", directive["token"], card_thrown=True)
    assert said.has("thermal_permission_not_answered")
    assert said.has("thermal_permission_timer_denied", minutes=20)
    assert said.has("thermal_permission_card_sent")


def test_no_voice_consent_sends_the_card(echo: Conversation, api: LoopbackAlexaApi):
    api.answer("POST", "/v1/alerts/timers", 401)
    directive = ask_for(echo.one_shot("StartApplicationIntent", kind=ICE), TIMERS_SCOPE)
    said = echo.permission_answer("NOT_ANSWERED", directive["token"], code="400")
    assert said.card["type"] == "AskForPermissionsConsent"
    assert said.has("thermal_permission_card_sent") and said.has("thermal_kitchen_timer", minutes=20)


def test_reminder_permission_by_voice(echo: Conversation, api: LoopbackAlexaApi):
    api.answer("POST", "/v1/alerts/reminders", 401)
    echo.open()
    echo.say("StartApplicationIntent", kind=ICE)
    said = echo.say("AMAZON.YesIntent")
    assert said.has("thermal_need_reminder_permission")
    directive = ask_for(said, REMINDERS_SCOPE)
    assert json.loads(directive["token"])["what"] == "reminder"
    api.script.clear()
    said = echo.permission_answer("ACCEPTED", directive["token"])
    assert said.has("thermal_reminder_set", span=span(140))
    assert len(api.calls("POST", "/v1/alerts/reminders")) == 2


def test_reminder_permission_denied(echo: Conversation, api: LoopbackAlexaApi):
    api.answer("POST", "/v1/alerts/reminders", 401)
    echo.open()
    echo.say("StartApplicationIntent", kind=ICE)
    directive = ask_for(echo.say("AMAZON.YesIntent"), REMINDERS_SCOPE)
    said = echo.permission_answer("DENIED", directive["token"])
    assert said.has("thermal_permission_reminder_denied", span=span(140))


def test_other_connections_responses_are_not_ours(echo: Conversation):
    said = echo.permission_answer("ACCEPTED", "not-json")
    assert not said.text and not said.directives, "someone else's answer: nothing said, nothing set"
