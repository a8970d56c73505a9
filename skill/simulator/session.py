"""A device's side of a conversation: sessions, attributes, clock, and the way requests travel."""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from skill.simulator.envelopes import (
    APPLICATION_ID,
    DEFAULT_USER,
    DEVICE_ID,
    Said,
    alexa_rule_problems,
    envelope,
    request_for,
    session_ended_request,
    with_audio_player,
)
from skill.simulator.player import BUTTONS, Durations, Player
from skill.simulator.render import spoken_seconds
from skill.simulator.resolver import Elicitation, Resolution, Resolver
from skill.simulator.screen import screen_in, tap_request

Transport = Callable[[dict[str, Any]], dict[str, Any]]

# What a device sends to the skill that owns its audio player, even with no session open.
PLAYBACK_INTENTS = frozenset(
    {
        "AMAZON.PauseIntent",
        "AMAZON.ResumeIntent",
        "AMAZON.NextIntent",
        "AMAZON.PreviousIntent",
        "AMAZON.StartOverIntent",
        "AMAZON.StopIntent",
        "AMAZON.CancelIntent",
        "AMAZON.RepeatIntent",
        "AMAZON.LoopOnIntent",
        "AMAZON.LoopOffIntent",
        "AMAZON.ShuffleOnIntent",
        "AMAZON.ShuffleOffIntent",
    }
)
NOT_ROUTED = "Alexa would not send this to the skill"


class SimulatorError(RuntimeError):
    """The skill could not be reached or answered with something that is not a response."""


def in_process(config: Any) -> Transport:
    """Send envelopes straight into the skill built by skill.alexa.builder, as Lambda would."""
    from skill.alexa.builder import build_skill

    return skill_transport(build_skill(config))


def skill_transport(skill: Any) -> Transport:
    def send(body: dict[str, Any]) -> dict[str, Any]:
        from ask_sdk_model import RequestEnvelope

        request = skill.serializer.deserialize(payload=json.dumps(body), obj_type=RequestEnvelope)
        return skill.serializer.serialize(skill.invoke(request_envelope=request, context=None))

    return send


def over_http(url: str, timeout: float = 15.0) -> Transport:
    """POST envelopes to a running endpoint such as http://127.0.0.1:5000/alexa."""

    def send(body: dict[str, Any]) -> dict[str, Any]:
        data = json.dumps(body).encode("utf-8")
        request = urllib.request.Request(
            url, data=data, method="POST", headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as reply:
                text = reply.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            detail = error.read().decode("utf-8", "replace")[:300]
            raise SimulatorError(f"{url} answered HTTP {error.code}: {detail}") from None
        except (urllib.error.URLError, OSError) as error:
            raise SimulatorError(f"cannot reach {url}: {getattr(error, 'reason', error)}") from None
        try:
            return json.loads(text)
        except ValueError:
            raise SimulatorError(f"{url} did not answer with JSON: {text[:200]!r}") from None

    return send


@dataclass
class Clock:
    """The device's clock: simulated (starts at ``start``, moves with speech and time travel)
    or the wall clock plus whatever time travel was asked for."""

    simulated: bool = True
    start: datetime = field(default_factory=lambda: datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    offset: timedelta = field(default_factory=timedelta)

    def now(self) -> datetime:
        return (self.start if self.simulated else datetime.now(UTC)) + self.offset

    def advance(self, delta: timedelta) -> None:
        self.offset += delta

    def spoke(self, seconds: float) -> None:
        if self.simulated:
            self.offset += timedelta(seconds=seconds)


@dataclass
class Exchange:
    """One request and its response, with how it was understood and how long it took."""

    utterance: str
    resolution: Resolution | None
    request: dict[str, Any]
    response: dict[str, Any]
    elapsed_ms: float
    note: str = ""

    @property
    def said(self) -> Said:
        return Said(self.response)

    @property
    def sent(self) -> bool:
        return bool(self.request)

    @property
    def request_type(self) -> str:
        return str(self.request.get("request", {}).get("type", "")) if self.request else ""

    @property
    def problems(self) -> list[str]:
        return alexa_rule_problems(self.response)


@dataclass
class Announcement:
    """Something the local scheduler would have said by now (a timer or reminder)."""

    kind: str
    announce_at: str
    text: str


def local_scheduler(path: Path) -> Any | None:
    """The skill's local scheduler for ``path``, or None when this build has none."""
    try:
        from skill.services.scheduler import LocalScheduler
    except ImportError:
        return None
    try:
        return LocalScheduler(path)
    except Exception:
        return None


class Session:
    """Talks to the skill as one Echo: a stable user and device, sessions opened and carried."""

    def __init__(
        self,
        transport: Transport,
        *,
        resolver: Resolver | None = None,
        locale: str = "en-US",
        skill_id: str = APPLICATION_ID,
        user_id: str = DEFAULT_USER,
        device_id: str = DEVICE_ID,
        interfaces: dict[str, Any] | None = None,
        clock: Clock | None = None,
        scheduler: Any | None = None,
        durations: Durations | None = None,
    ) -> None:
        self.transport = transport
        self.locale = locale
        self.skill_id = skill_id
        self.resolver = resolver or Resolver.for_locale(locale, skill_id)
        self.user_id, self.device_id = user_id, device_id
        self.interfaces = interfaces or {}
        self.clock = clock or Clock()
        self.scheduler = scheduler
        self.attributes: dict[str, Any] = {}
        self.session_id = ""
        self.in_session = False
        self.elicit: Elicitation | None = None
        self.history: list[Exchange] = []
        self._sessions = 0
        # Track lengths come from the audio library; with none, every track fails to play.
        self.player = Player(durations or (lambda url: None))

    def say(self, utterance: str) -> Exchange:
        """What the person says; resolved against the model and sent as Alexa would."""
        if not utterance.strip():
            raise ValueError("say something: the utterance is empty")
        self.catch_up()
        resolution = self.resolver.resolve(
            utterance, self.elicit if self.in_session else None, self.clock.now().date()
        )
        note = ""
        if resolution.opens_skill and self.in_session:
            self.in_session = False  # "open ..." during a session starts a new one, as on a device
        if resolution.request_type == "SessionEndedRequest" and not self.in_session:
            note = "no session is open; nothing was sent"
            return Exchange(utterance, resolution, {}, {}, 0.0, note)
        if not self.in_session and not resolution.opens_skill:
            if not (self.player.owned and resolution.intent in PLAYBACK_INTENTS):
                # A real Echo keeps this for itself: outside a session only the invocation
                # name, or a playback command while the skill owns the player, reaches a skill.
                note = (
                    f'{NOT_ROUTED}: with no session open, say "open, ask or tell '
                    f'{self.resolver.invocation} ..."'
                )
                return Exchange(utterance, resolution, {}, {}, 0.0, note)
            note = "a playback command, sent to the skill that owns the audio player"
        request = request_for(resolution, self.skill_id)
        return self.send(request, utterance=utterance, resolution=resolution, note=note)

    def button(self, name: str) -> Exchange:
        """A press of the device's play, pause, next or previous button."""
        if name not in BUTTONS:
            raise ValueError(f"unknown button {name!r}; press one of {', '.join(BUTTONS)}")
        self.catch_up()
        now = self.clock.now()
        before = len(self.history)
        self._device_send({"type": BUTTONS[name]}, now, note=f"the device's {name} button")
        return self.history[before]

    def catch_up(self) -> None:
        """Let the audio player play on to the present, reporting what happened meanwhile."""
        self.player.run_until(self.clock.now(), self._device_send)

    def _device_send(self, request: dict[str, Any], when: datetime, note: str = "") -> dict[str, Any]:
        """A request from the device itself (player events, buttons): no session, no speech."""
        body = envelope(
            request,
            new=False,
            user_id=self.user_id,
            locale=self.locale,
            now=when,
            application_id=self.skill_id,
            interfaces=self.interfaces,
            device_id=self.device_id,
        )
        self._add_player_context(body, when)
        started = time.perf_counter()
        answer = self.transport(body)
        elapsed = (time.perf_counter() - started) * 1000
        if not isinstance(answer, dict):
            raise SimulatorError(f"the skill answered with {type(answer).__name__}, not a JSON object")
        self.history.append(Exchange("", None, body, answer, elapsed, note or f"device: {request['type']}"))
        if request["type"].startswith("PlaybackController."):
            self.player.apply(Said(answer).directives, when, self._device_send)
        return answer

    def _add_player_context(self, body: dict[str, Any], when: datetime) -> None:
        with_audio_player(body, self.player.context(when))

    def send(
        self,
        request: dict[str, Any],
        *,
        utterance: str = "",
        resolution: Resolution | None = None,
        note: str = "",
    ) -> Exchange:
        """Send one inner request in the current session (or a new one) and record the answer."""
        new = not self.in_session
        if new:
            self._sessions += 1
            self.session_id = f"amzn1.echo-api.session.sim-{self._sessions:04d}"
            self.attributes = {}
        body = envelope(
            request,
            new=new,
            attributes=self.attributes,
            user_id=self.user_id,
            session_id=self.session_id,
            locale=self.locale,
            now=self.clock.now(),
            application_id=self.skill_id,
            interfaces=self.interfaces,
            device_id=self.device_id,
        )
        self._add_player_context(body, self.clock.now())
        self.player.hold(self.clock.now())
        started = time.perf_counter()
        answer = self.transport(body)
        elapsed = (time.perf_counter() - started) * 1000
        if not isinstance(answer, dict):
            raise SimulatorError(f"the skill answered with {type(answer).__name__}, not a JSON object")
        said = Said(answer)
        self.attributes = said.attributes
        self.in_session = request["type"] != "SessionEndedRequest" and "response" in answer and not said.ended
        self.elicit = _elicitation(said) if self.in_session else None
        if request["type"] != "SessionEndedRequest":  # a timeout or exit takes no speaking time
            self.clock.spoke(max(5.0, spoken_seconds(said.ssml)))
        exchange = Exchange(utterance, resolution, body, answer, elapsed, note)
        self.history.append(exchange)
        # What the skill told the player happens after its speech.
        self.player.apply(said.directives, self.clock.now(), self._device_send)
        self.player.carry_on(self.clock.now())
        return exchange

    def tap(self, label: str) -> Exchange:
        """A touch on what the last answer put on screen, sent as the document's UserEvent."""
        last = self.history[-1].response if self.history else {}
        request = tap_request(screen_in(last), label)
        return self.send(request, utterance=f":tap {label}")

    def end(self, reason: str = "USER_INITIATED") -> Exchange | None:
        if not self.in_session:
            return None
        return self.send(session_ended_request(reason))

    def advance(self, delta: timedelta) -> tuple[Exchange | None, list[Announcement] | None]:
        """Time travel: an open session times out first, as a device's would; then what the
        local scheduler would have announced meanwhile (None when there is no scheduler)."""
        ended = self.end("EXCEEDED_MAX_REPROMPTS")
        self.catch_up()
        self.player.run_until(self.clock.now() + delta, self._device_send)
        self.clock.advance(delta)
        if self.scheduler is None:
            return ended, None
        items = self.scheduler.due(self.clock.now(), self.user_id)
        return ended, [
            Announcement(
                str(getattr(i, "kind", "")), _when(getattr(i, "announce_at", "")), str(getattr(i, "text", ""))
            )
            for i in items
        ]


def _when(value: Any) -> str:
    return value.strftime("%H:%M:%S") if isinstance(value, datetime) else str(value)


def _elicitation(said: Said) -> Elicitation | None:
    for directive in said.directives:
        if directive.get("type") == "Dialog.ElicitSlot":
            intent = directive.get("updatedIntent") or {}
            slots = {
                name: (body or {}).get("value") or "" for name, body in (intent.get("slots") or {}).items()
            }
            return Elicitation(intent.get("name", ""), directive.get("slotToElicit", ""), slots)
    return None


_DURATION_WORDS = {
    "s": "seconds",
    "sec": "seconds",
    "second": "seconds",
    "seconds": "seconds",
    "m": "minutes",
    "min": "minutes",
    "minute": "minutes",
    "minutes": "minutes",
    "h": "hours",
    "hour": "hours",
    "hours": "hours",
    "day": "days",
    "days": "days",
}


def parse_advance(text: str) -> timedelta:
    """ "20 minutes", "1 hour 30 minutes", "90s", "2 days" as a timedelta; a clear error otherwise."""
    parts = re.findall(r"(\d+(?:\.\d+)?)\s*([a-z]+)", text.lower())
    leftover = re.sub(r"(\d+(?:\.\d+)?)\s*([a-z]+)|and|,|\s", "", text.lower())
    if not parts or leftover:
        raise ValueError(
            f"cannot read {text!r} as a time span; write e.g. '20 minutes' or '1 hour 30 minutes'"
        )
    total = timedelta()
    for amount, unit in parts:
        if unit not in _DURATION_WORDS:
            raise ValueError(f"unknown time unit {unit!r} in {text!r}; use seconds, minutes, hours or days")
        total += timedelta(**{_DURATION_WORDS[unit]: float(amount)})
    return total
