"""Build Alexa request envelopes and hold conversations with the skill in tests.

``Conversation`` plays the Echo: it opens a session, carries session attributes from
each response into the next request, and checks every response against Alexa's rules.
"""

from __future__ import annotations

import itertools
import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from skill.ssml import break_seconds, plain_text, problems

APPLICATION_ID = "amzn1.ask.skill.test-back-spasm-helper"
DEFAULT_USER = "amzn1.ask.account.TEST-USER"
DEVICE_ID = "amzn1.ask.device.TEST-DEVICE"
_counter = itertools.count(1)


def slot(name: str, value: str | None, resolved_id: str | None = None,
         authority: str = "amzn1.er-authority.echo-sdk.test.TYPE") -> dict[str, Any]:
    """A slot as Alexa sends it, with entity resolution when ``resolved_id`` is given."""
    body: dict[str, Any] = {"name": name, "confirmationStatus": "NONE"}
    if value is not None:
        body["value"] = value
    if resolved_id is not None:
        body["resolutions"] = {"resolutionsPerAuthority": [{
            "authority": authority,
            "status": {"code": "ER_SUCCESS_MATCH"},
            "values": [{"value": {"name": value, "id": resolved_id}}],
        }]}
    return body


def envelope(request: dict[str, Any], *, new: bool, attributes: dict[str, Any] | None = None,
             user_id: str = DEFAULT_USER, session_id: str = "", locale: str = "en-US",
             now: datetime | None = None, application_id: str = APPLICATION_ID,
             interfaces: dict[str, Any] | None = None,
             api_endpoint: str = "https://api.amazonalexa.com",
             api_token: str = "") -> dict[str, Any]:
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
        "device": {"deviceId": DEVICE_ID,
                   "supportedInterfaces": interfaces if interfaces is not None else {}},
        "apiEndpoint": api_endpoint,
    }
    if api_token:
        system["apiAccessToken"] = api_token
    body: dict[str, Any] = {"version": "1.0", "context": {"System": system}, "request": request}
    if request["type"] not in {"AudioPlayer.PlaybackStarted", "AudioPlayer.PlaybackFinished",
                               "AudioPlayer.PlaybackStopped", "AudioPlayer.PlaybackNearlyFinished",
                               "AudioPlayer.PlaybackFailed"} and not request["type"].startswith(
                                   ("PlaybackController.", "AlexaSkillEvent.")):
        body["session"] = {
            "new": new,
            "sessionId": session_id or f"amzn1.echo-api.session.{uuid.uuid4()}",
            "application": application,
            "user": user,
            "attributes": attributes or {},
        }
    return body


def launch_request() -> dict[str, Any]:
    return {"type": "LaunchRequest"}


def intent_request(name: str, **slots: Any) -> dict[str, Any]:
    """An IntentRequest; a slot given as a tuple is (heard value, resolved id)."""
    built = {}
    for slot_name, value in slots.items():
        heard, resolved = value if isinstance(value, tuple) else (value, None)
        built[slot_name] = slot(slot_name, heard, resolved)
    return {"type": "IntentRequest", "dialogState": "STARTED",
            "intent": {"name": name, "confirmationStatus": "NONE", "slots": built}}


def session_ended_request(reason: str = "USER_INITIATED") -> dict[str, Any]:
    return {"type": "SessionEndedRequest", "reason": reason}


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
        "shouldEndSession" not in response and "outputSpeech" in response
        and not any(d.get("type", "").startswith("AudioPlayer.") for d in
                    response.get("directives", [])))
    if open_session and not response.get("reprompt"):
        found.append("session stays open without a reprompt")
    return found


Transport = Callable[[dict[str, Any]], dict[str, Any]]
ALL_RESPONSES: list[dict[str, Any]] = []


@dataclass
class Conversation:
    """A person talking to the skill through ``send`` (in-process or over HTTP)."""

    send: Transport
    user_id: str = DEFAULT_USER
    now: datetime = field(default_factory=lambda: datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    interfaces: dict[str, Any] = field(default_factory=dict)
    attributes: dict[str, Any] = field(default_factory=dict)
    session_id: str = ""
    in_session: bool = False
    last: Said | None = None

    def _exchange(self, request: dict[str, Any]) -> Said:
        new = not self.in_session
        if new:
            self.session_id = f"amzn1.echo-api.session.{next(_counter)}"
            self.attributes = {}
        body = envelope(request, new=new, attributes=self.attributes, user_id=self.user_id,
                        session_id=self.session_id, now=self.now, interfaces=self.interfaces)
        answer = self.send(body)
        json.dumps(answer)  # must be serialisable, as Alexa receives it
        ALL_RESPONSES.append(answer)
        broken = alexa_rule_problems(answer)
        assert not broken, f"response breaks Alexa's rules: {broken}"
        said = Said(answer)
        self.attributes = said.attributes
        self.in_session = not said.ended and request["type"] != "SessionEndedRequest"
        self.now += timedelta(seconds=max(5.0, _spoken_seconds(said)))
        self.last = said
        return said

    def open(self) -> Said:
        self.in_session = False
        return self._exchange(launch_request())

    def say(self, intent: str, **slots: Any) -> Said:
        """The person says something that Alexa resolved to ``intent``."""
        return self._exchange(intent_request(intent, **slots))

    def one_shot(self, intent: str, **slots: Any) -> Said:
        """"Alexa, ask back spasm helper to ...": a new session straight into an intent."""
        self.in_session = False
        return self._exchange(intent_request(intent, **slots))

    def end(self, reason: str = "USER_INITIATED") -> Said:
        said = self._exchange(session_ended_request(reason))
        self.in_session = False
        return said

    def wait(self, **delta: float) -> None:
        self.in_session = False
        self.now += timedelta(**delta)


def _spoken_seconds(said: Said) -> float:
    breaks = sum(break_seconds(value) or 0 for value in re.findall(r'time="([^"]+)"', said.ssml))
    return breaks + len(said.text.split()) / 2.5
