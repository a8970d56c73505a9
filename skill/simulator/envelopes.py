"""Alexa request envelopes as a device sends them, and a readable view of the response.

Used by the simulator and by the test suite (tests/alexa.py re-exports these).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from skill.alexa.ssml import plain_text, problems
from skill.simulator.phrases import Phrase, between, says, says_first, says_in_order

APPLICATION_ID = "amzn1.ask.skill.test-back-spasm-helper"
DEFAULT_USER = "amzn1.ask.account.TEST-USER"
DEVICE_ID = "amzn1.ask.device.TEST-DEVICE"
MATCH, NO_MATCH = "ER_SUCCESS_MATCH", "ER_SUCCESS_NO_MATCH"

# Supported interfaces a device can declare, by the short names the simulator accepts.
INTERFACES: dict[str, dict[str, Any]] = {
    "screen": {
        "Display": {"templateVersion": "1.0", "markupVersion": "1.0"},
        "Alexa.Presentation.APL": {"runtime": {"maxVersion": "2023.3"}},
    },
    "apl": {"Alexa.Presentation.APL": {"runtime": {"maxVersion": "2023.3"}}},
    "audio": {"AudioPlayer": {}},
    "audioplayer": {"AudioPlayer": {}},
}
_NO_SESSION_TYPES = {
    "AudioPlayer.PlaybackStarted",
    "AudioPlayer.PlaybackFinished",
    "AudioPlayer.PlaybackStopped",
    "AudioPlayer.PlaybackNearlyFinished",
    "AudioPlayer.PlaybackFailed",
}


def interfaces_for(names: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """Supported interfaces from short names (screen, apl, audio); unknown names are an error."""
    found: dict[str, Any] = {}
    for name in names:
        key = name.strip().lower()
        if key not in INTERFACES:
            raise ValueError(f"unknown interface {name!r}; choose from {', '.join(sorted(INTERFACES))}")
        found.update(INTERFACES[key])
    return found


def slot(
    name: str,
    value: str | None,
    resolved_id: str | None = None,
    authority: str = "amzn1.er-authority.echo-sdk.test.TYPE",
    *,
    resolved_name: str | None = None,
    status: str | None = None,
) -> dict[str, Any]:
    """A slot as Alexa sends it, with entity resolution when ``resolved_id`` or ``status`` is given."""
    body: dict[str, Any] = {"name": name, "confirmationStatus": "NONE"}
    if value is not None:
        body["value"] = value
    status = status or (MATCH if resolved_id is not None else None)
    if status == MATCH:
        body["resolutions"] = {
            "resolutionsPerAuthority": [
                {
                    "authority": authority,
                    "status": {"code": MATCH},
                    "values": [{"value": {"name": resolved_name or value, "id": resolved_id}}],
                }
            ]
        }
    elif status == NO_MATCH:
        body["resolutions"] = {
            "resolutionsPerAuthority": [{"authority": authority, "status": {"code": NO_MATCH}}]
        }
    return body


def envelope(
    request: dict[str, Any],
    *,
    new: bool,
    attributes: dict[str, Any] | None = None,
    user_id: str = DEFAULT_USER,
    session_id: str = "",
    locale: str = "en-US",
    now: datetime | None = None,
    application_id: str = APPLICATION_ID,
    interfaces: dict[str, Any] | None = None,
    api_endpoint: str = "https://api.amazonalexa.com",
    api_token: str = "",
    device_id: str = DEVICE_ID,
) -> dict[str, Any]:
    now = now or datetime.now(UTC)
    request = {
        "requestId": f"amzn1.echo-api.request.{uuid.uuid4()}",
        "timestamp": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "locale": locale,
        **request,
    }
    application = {"applicationId": application_id}
    user = {"userId": user_id}
    system = {
        "application": application,
        "user": user,
        "device": {
            "deviceId": device_id,
            "supportedInterfaces": interfaces if interfaces is not None else {},
        },
        "apiEndpoint": api_endpoint,
    }
    if api_token:
        system["apiAccessToken"] = api_token
    body: dict[str, Any] = {"version": "1.0", "context": {"System": system}, "request": request}
    if request["type"] not in _NO_SESSION_TYPES and not request["type"].startswith(
        ("PlaybackController.", "AlexaSkillEvent.")
    ):
        body["session"] = {
            "new": new,
            "sessionId": session_id or f"amzn1.echo-api.session.{uuid.uuid4()}",
            "application": application,
            "user": user,
            "attributes": attributes or {},
        }
    return body


def audio_player_context(token: str, offset_ms: int, activity: str) -> dict[str, Any]:
    """What a device reports of its AudioPlayer (``context.AudioPlayer``, a playback state)."""
    return {"token": token, "offsetInMilliseconds": int(offset_ms), "playerActivity": activity}


def with_audio_player(body: dict[str, Any], player: dict[str, Any] | None) -> dict[str, Any]:
    """``body`` carrying the device's AudioPlayer state, as every request from it does."""
    if player:
        body["context"]["AudioPlayer"] = dict(player)
    return body


def launch_request() -> dict[str, Any]:
    return {"type": "LaunchRequest"}


def intent_request(name: str, **slots: Any) -> dict[str, Any]:
    """An IntentRequest; a slot given as a tuple is (heard value, resolved id)."""
    built = {}
    for slot_name, value in slots.items():
        heard, resolved = value if isinstance(value, tuple) else (value, None)
        built[slot_name] = slot(slot_name, heard, resolved)
    return {
        "type": "IntentRequest",
        "dialogState": "STARTED",
        "intent": {"name": name, "confirmationStatus": "NONE", "slots": built},
    }


def session_ended_request(reason: str = "USER_INITIATED") -> dict[str, Any]:
    return {"type": "SessionEndedRequest", "reason": reason}


def request_for(
    resolution: Any, skill_id: str = APPLICATION_ID, slot_types: dict[str, str] | None = None
) -> dict[str, Any]:
    """The inner request for a resolver ``Resolution``, with entity resolution as Alexa sends it."""
    if resolution.request_type == "LaunchRequest":
        return launch_request()
    if resolution.request_type == "SessionEndedRequest":
        return session_ended_request()
    built: dict[str, Any] = {}
    for name, value in resolution.slots.items():
        authority = f"amzn1.er-authority.echo-sdk.{skill_id}.{value.type}"
        built[name] = slot(
            name,
            value.value,
            value.resolved_id or None,
            authority,
            resolved_name=value.resolved_name or None,
            status=value.status or None,
        )
    for name in resolution.empty_slots:
        built[name] = slot(name, None)
    return {
        "type": "IntentRequest",
        "dialogState": resolution.dialog_state,
        "intent": {"name": resolution.intent, "confirmationStatus": "NONE", "slots": built},
    }


@dataclass
class Said:
    """What the skill answered, in forms easy to assert on."""

    body: dict[str, Any]

    @property
    def response(self) -> dict[str, Any]:
        return self.body.get("response", {})

    @property
    def ssml(self) -> str:
        return self.response.get("outputSpeech", {}).get("ssml", "")

    @property
    def text(self) -> str:
        return plain_text(self.ssml) if self.ssml else ""

    @property
    def reprompt_ssml(self) -> str:
        return self.response.get("reprompt", {}).get("outputSpeech", {}).get("ssml", "")

    @property
    def reprompt(self) -> str:
        speech = self.response.get("reprompt", {}).get("outputSpeech", {})
        return plain_text(speech.get("ssml", "")) if speech else ""

    @property
    def card(self) -> dict[str, Any]:
        return self.response.get("card", {})

    @property
    def ended(self) -> bool:
        return bool(self.response.get("shouldEndSession"))

    @property
    def attributes(self) -> dict[str, Any]:
        return self.body.get("sessionAttributes") or {}

    @property
    def directives(self) -> list[dict[str, Any]]:
        return self.response.get("directives", [])

    def __contains__(self, words: str) -> bool:
        return words.lower() in self.text.lower()

    def has(self, key: str, locale: str = "en-US", **values: object) -> bool:
        """The speech contains phrase ``key`` in one of its variants, ``values`` filled in."""
        return says(self.text, key, locale, **values)

    def begins_with(self, key: str, locale: str = "en-US", **values: object) -> bool:
        """The speech opens with phrase ``key``: nothing is said before it."""
        return says_first(self.text, key, locale, **values)

    def reprompt_has(self, key: str, locale: str = "en-US", **values: object) -> bool:
        return says(self.reprompt, key, locale, **values)

    def has_in_order(self, *phrases: Phrase, locale: str = "en-US") -> bool:
        """The speech holds each phrase (``phrase(key, **values)``) after the one before."""
        return says_in_order(self.text, phrases, locale)

    def ssml_between(self, start: Phrase, end: Phrase, locale: str = "en-US") -> str:
        """The SSML between two phrases (its breaks, to time a hold); empty if either is missing."""
        return between(self.ssml, start, end, locale) or ""


def alexa_rule_problems(body: dict[str, Any]) -> list[str]:
    """Every way a response body breaks Alexa's limits."""
    response = body.get("response", {})
    found: list[str] = []
    for place in ("outputSpeech", "reprompt"):
        speech = response.get(place, {})
        speech = speech.get("outputSpeech", speech) if place == "reprompt" else speech
        if speech.get("type") == "SSML":
            found += [f"{place}: {problem}" for problem in problems(speech["ssml"])]
    open_session = response.get("shouldEndSession") is False or (
        "shouldEndSession" not in response
        and "outputSpeech" in response
        and not any(d.get("type", "").startswith("AudioPlayer.") for d in response.get("directives", []))
    )
    if open_session and not response.get("reprompt"):
        found.append("session stays open without a reprompt")
    return found
