"""However the Alexa API misbehaves, the person hears the kitchen-timer advice in time.

Each case is a real server on loopback that misbehaves in one way; the skill is reached
over its HTTP endpoint. Alexa gives up on a skill after 8 seconds.
"""

from __future__ import annotations

import time

import pytest

from skill.services.alexa_api import TIMEOUT_SECONDS, AlertsClient, Unavailable
from tests.alexa import Conversation
from tests.loopback_alexa_api import running
from tests.misbehaving_server import misbehaving

TOKEN = "test-api-access-token"
ICE = ("ice pack", "ice")
FALLBACK = "set a kitchen timer for 20 minutes"
# The deadline, plus room for a slow machine; still well inside Alexa's 8 seconds.
WITHIN = TIMEOUT_SECONDS + 3.0


def ice_with_api_at(talk: Conversation, endpoint: str) -> tuple[str, float]:
    talk.api_endpoint, talk.api_token = endpoint, TOKEN
    started = time.monotonic()
    said = talk.one_shot("StartApplicationIntent", kind=ICE)
    return said, time.monotonic() - started


@pytest.mark.parametrize(
    "mode",
    [
        "drip_headers",
        "drip_body",
        "silent",
        "huge_body",
        "endless_chunks",
        "unsized_flood",
        "hang_up",
        "not_json",
        "deep_json",
        "bad_status",
    ],
)
def test_a_misbehaving_api_gets_the_fallback_within_the_deadline(http_talk: Conversation, mode: str) -> None:
    with misbehaving(mode) as api:
        said, seconds = ice_with_api_at(http_talk, api.url)
    assert api.accepted == 1, f"the skill called it {api.accepted} times"
    assert FALLBACK in said and not said.ended, said.text
    assert seconds < WITHIN, f"{mode}: {seconds:.1f} s"


def test_a_redirect_is_not_followed_and_the_token_stays_with_its_host(http_talk: Conversation) -> None:
    with running() as elsewhere:
        target = elsewhere.url + "/v1/alerts/timers"
        with misbehaving("redirect", location=target) as api:
            said, _ = ice_with_api_at(http_talk, api.url)
        assert api.accepted == 1
        assert elsewhere.requests == [], "the redirect was followed"
    assert FALLBACK in said


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://[::1",
        "http://[::1]:bad",
        "http://127.0.0.1:99999",
        "http://127.0.0.1:0",
        "ftp://127.0.0.1/",
        "https://",
        "not a url",
        "http://user:secret@127.0.0.1:1",
        "https://exa mple.invalid",
        "https://\udcff.invalid",
        "http://127.0.0.1:1/?q=1",
        "http://10.0.0.1:1",
        "https://127.0.0.1\r\nX-Injected: 1",
        "//127.0.0.1:1",
    ],
)
def test_a_malformed_endpoint_gets_the_fallback(http_talk: Conversation, endpoint: str) -> None:
    said, seconds = ice_with_api_at(http_talk, endpoint)
    assert FALLBACK in said and not said.ended
    assert seconds < WITHIN


def test_the_deadline_covers_the_whole_call_not_each_read() -> None:
    with misbehaving("drip_body") as api:
        client = AlertsClient(api.url, TOKEN, "en-US", timeout=0.5)
        started = time.monotonic()
        with pytest.raises(Unavailable):
            client.create_timer("PT20M", "ice pack", "off")
        seconds = time.monotonic() - started
    assert seconds < 0.5 + 1.0, "one byte a second never times out a single read"
