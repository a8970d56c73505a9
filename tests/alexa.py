"""Build Alexa request envelopes and hold conversations with the skill in tests.

``Conversation`` plays the Echo: it opens a session, carries session attributes from
each response into the next request, and checks every response against Alexa's rules.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from skill.alexa.ssml import spoken_seconds

# The builders live with the simulator so the tests and the simulator send the same envelopes.
from skill.simulator.envelopes import (  # noqa: F401
    APPLICATION_ID,
    DEFAULT_USER,
    DEVICE_ID,
    Said,
    alexa_rule_problems,
    audio_player_context,
    envelope,
    intent_request,
    launch_request,
    session_ended_request,
    slot,
    with_audio_player,
)
from skill.simulator.phrases import phrase  # noqa: F401

_counter = itertools.count(1)


Transport = Callable[[dict[str, Any]], dict[str, Any]]
ALL_RESPONSES: list[dict[str, Any]] = []


@dataclass
class Conversation:
    """A person talking to the skill through ``send`` (in-process or over HTTP)."""

    send: Transport
    user_id: str = DEFAULT_USER
    locale: str = "en-US"
    now: datetime = field(default_factory=lambda: datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    interfaces: dict[str, Any] = field(default_factory=dict)
    attributes: dict[str, Any] = field(default_factory=dict)
    session_id: str = ""
    in_session: bool = False
    last: Said | None = None
    # The Alexa API the skill may call (Timers, Reminders); no token means no API.
    api_endpoint: str = "https://api.amazonalexa.com"
    api_token: str = ""
    # What the device's AudioPlayer reports in each request's context (audio_player_context).
    player: dict[str, Any] = field(default_factory=dict)

    def _exchange(self, request: dict[str, Any]) -> Said:
        new = not self.in_session
        if new:
            self.session_id = f"amzn1.echo-api.session.{next(_counter)}"
            self.attributes = {}
        body = envelope(
            request,
            new=new,
            attributes=self.attributes,
            user_id=self.user_id,
            session_id=self.session_id,
            locale=self.locale,
            now=self.now,
            interfaces=self.interfaces,
            api_endpoint=self.api_endpoint,
            api_token=self.api_token,
        )
        answer = self.send(with_audio_player(body, self.player))
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
        """ "Alexa, ask back spasm helper to ...": a new session straight into an intent."""
        self.in_session = False
        return self._exchange(intent_request(intent, **slots))

    def end(self, reason: str = "USER_INITIATED") -> Said:
        said = self._exchange(session_ended_request(reason))
        self.in_session = False
        return said

    def device(self, request_type: str, **fields: Any) -> Said:
        """An event from the device itself (AudioPlayer, PlaybackController): no session."""
        kept = (self.in_session, self.session_id, self.attributes)
        said = self._exchange({"type": request_type, **fields})
        self.in_session, self.session_id, self.attributes = kept
        return said

    def permission_answer(
        self, status: str, token: str, code: str = "200", card_thrown: bool = False
    ) -> Said:
        """Alexa's Connections.Response to the skill's AskFor permission request."""
        return self._exchange(connections_response("AskFor", status, token, code, card_thrown))

    def wait(self, **delta: float) -> None:
        self.in_session = False
        self.now += timedelta(**delta)


def connections_response(
    name: str, status: str, token: str, code: str = "200", card_thrown: bool = False
) -> dict[str, Any]:
    """A Connections.Response request; ``status`` is ACCEPTED, DENIED or NOT_ANSWERED."""
    return {
        "type": "Connections.Response",
        "name": name,
        "token": token,
        "status": {"code": code, "message": "OK" if code == "200" else "Error"},
        "payload": {"status": status, "isCardThrown": card_thrown},
    }


def _spoken_seconds(said: Said) -> float:
    return spoken_seconds(said.ssml)  # the skill's one estimate, at its stated speaking rate
