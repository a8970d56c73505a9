"""A small client for the Alexa Timers and Reminders APIs.

Alexa waits at most eight seconds for a response, and a turn makes at most one call, so
every call has one deadline for everything (connecting, sending, the answer's headers
and its body), well inside that. Every failure becomes a typed error the caller answers
with spoken advice instead. The API access token goes only to the host Alexa named:
redirects are never followed, and plain HTTP is allowed only to this machine (tests).
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import json
import logging
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from skill.domain.thermal import Outcome

log = logging.getLogger(__name__)

TIMERS = "/v1/alerts/timers"
REMINDERS = "/v1/alerts/reminders"
# The whole call, from connecting to the last byte of the answer.
TIMEOUT_SECONDS = 2.5
# The APIs' answers are a few hundred bytes; a list of reminders a few kilobytes.
MAX_ANSWER_BYTES = 256 * 1024
TIMERS_SCOPE = "alexa::alerts:timers:skill:readwrite"
REMINDERS_SCOPE = "alexa::alerts:reminders:skill:readwrite"


class AlertsError(Exception):
    """Any failure of the alerts APIs; ``kind`` says which, for the spoken fallback."""

    kind = "failed"

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class PermissionMissing(AlertsError):
    kind = "permission"  # 401: the person has not granted the scope


class Forbidden(AlertsError):
    kind = "forbidden"  # 403: not allowed (for example too many timers)


class Throttled(AlertsError):
    kind = "throttled"  # 429


class Unavailable(AlertsError):
    kind = "unavailable"  # 5xx, timeouts, refused connections, bad answers


@dataclass(frozen=True)
class AlertsClient:
    endpoint: str
    token: str
    locale: str  # the request's: what the timer announces and the reminder says is in it
    timeout: float = TIMEOUT_SECONDS

    # Timers -------------------------------------------------------------------------
    def create_timer(self, duration: str, label: str, announce: str) -> str:
        """Start a timer (ISO 8601 ``duration``) that announces ``announce``; its id."""
        body = {
            "duration": duration,
            "timerLabel": label,
            "creationBehavior": {"displayExperience": {"visibility": "VISIBLE"}},
            "triggeringBehavior": {
                "operation": {
                    "type": "ANNOUNCE",
                    "textToAnnounce": [{"locale": self.locale, "text": announce}],
                },
                "notificationConfig": {"playAudible": True},
            },
        }
        return _named(self._call("POST", TIMERS, body), "id", TIMERS)

    def cancel_timer(self, timer_id: str) -> None:
        self._call("DELETE", f"{TIMERS}/{timer_id}")

    # Reminders ----------------------------------------------------------------------
    def create_reminder(self, offset_seconds: int, text: str, request_time: datetime) -> str:
        """A reminder ``offset_seconds`` from now that speaks ``text``; its alert token."""
        body = {
            "requestTime": request_time.strftime("%Y-%m-%dT%H:%M:%S.000"),
            "trigger": {"type": "SCHEDULED_RELATIVE", "offsetInSeconds": int(offset_seconds)},
            "alertInfo": {"spokenInfo": {"content": [{"locale": self.locale, "text": text}]}},
            "pushNotification": {"status": "ENABLED"},
        }
        return _named(self._call("POST", REMINDERS, body), "alertToken", REMINDERS)

    def list_reminders(self) -> list[dict[str, Any]]:
        answer = self._call("GET", REMINDERS)
        alerts = answer.get("alerts") or []
        return [alert for alert in alerts if isinstance(alert, dict)]

    def delete_reminder(self, alert_token: str) -> None:
        self._call("DELETE", f"{REMINDERS}/{alert_token}")

    # -------------------------------------------------------------------------------
    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        data = json.dumps(body).encode() if body is not None else None
        try:
            target = _Target.of(self.endpoint)
        except ValueError as error:
            log.warning("alerts API endpoint is unusable: %s", error)
            raise Unavailable(f"{method} {path}: unusable endpoint") from error
        headers = {
            "Authorization": f"Bearer {self.token}",
            "Content-Type": "application/json",
            "Accept": "application/json",
        }
        try:
            status, raw = _exchange(target, method, target.path + path, data, headers, self.timeout)
        except (OSError, http.client.HTTPException, ValueError) as error:
            # Timeouts, refusals, cut-off or oversized answers, hosts that cannot be encoded.
            log.warning("alerts API %s %s did not answer: %s", method, path, error)
            raise Unavailable(f"{method} {path}: {error}") from error
        if not 200 <= status < 300:
            raise _typed(status, method, path)
        if not raw:
            return {}
        try:
            parsed = json.loads(raw)
        except (ValueError, RecursionError) as error:
            raise Unavailable(f"{method} {path}: the answer is not JSON") from error
        return parsed if isinstance(parsed, dict) else {}


_LOOPBACK_NAMES = {"localhost"}


@dataclass(frozen=True)
class _Target:
    """Where ``apiEndpoint`` points; ``of`` raises ValueError for anything unusable."""

    secure: bool
    host: str
    port: int
    path: str

    @classmethod
    def of(cls, endpoint: str) -> _Target:
        parts = urlsplit(endpoint.strip())
        host, port = parts.hostname, parts.port  # .port raises ValueError when malformed
        if parts.scheme not in ("https", "http") or not host:
            raise ValueError("not an http(s) address with a host")
        if parts.username is not None or parts.query or parts.fragment:
            raise ValueError("credentials, a query or a fragment in the address")
        if parts.scheme == "http" and not _is_loopback(host):
            raise ValueError("plain http to another machine would expose the token")
        if any(ord(c) < 33 or ord(c) == 127 for c in host + parts.path):
            raise ValueError("control characters or spaces in the address")
        if port is None:
            port = 443 if parts.scheme == "https" else 80
        return cls(parts.scheme == "https", host, port, parts.path.rstrip("/"))


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host.lower() in _LOOPBACK_NAMES


def _exchange(
    target: _Target, method: str, path: str, data: bytes | None, headers: dict[str, str], seconds: float
) -> tuple[int, bytes]:
    """One request and its whole answer, given up after ``seconds`` however the peer behaves.

    The socket timeout alone bounds each read, not their sum: a peer that sends a byte a
    second would hold the call for ever. A timer cuts the connection at the deadline.
    """
    if target.secure:
        connection: http.client.HTTPConnection = http.client.HTTPSConnection(
            target.host, target.port, timeout=seconds, context=ssl.create_default_context()
        )
    else:
        connection = http.client.HTTPConnection(target.host, target.port, timeout=seconds)
    expired = threading.Event()

    def cut() -> None:
        expired.set()  # first, so the caller sees it if it has no socket to cut yet
        sock = connection.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    started = time.monotonic()
    watchdog = threading.Timer(seconds, cut)
    watchdog.daemon = True
    watchdog.start()
    try:
        connection.connect()
        if expired.is_set():
            raise TimeoutError("no connection before the deadline")
        connection.request(method, path, body=data, headers=headers)
        response = connection.getresponse()
        length = response.getheader("Content-Length")
        if length is not None and length.strip().isdigit() and int(length) > MAX_ANSWER_BYTES:
            raise ValueError("the answer is too large")
        raw = response.read(MAX_ANSWER_BYTES + 1)
        if len(raw) > MAX_ANSWER_BYTES:
            raise ValueError("the answer is too large")
        if expired.is_set() or time.monotonic() - started > seconds:
            raise TimeoutError("no whole answer before the deadline")
        return response.status, raw
    finally:
        watchdog.cancel()
        connection.close()


def _named(answer: dict[str, Any], key: str, path: str) -> str:
    """The new alert's id; an answer without one (cut short, say) is no confirmation."""
    value = answer.get(key)
    if not isinstance(value, str) or not value:
        log.warning("alerts API POST %s answered without %s", path, key)
        raise Unavailable(f"POST {path}: the answer has no {key}")
    return value


def _typed(status: int, method: str, path: str) -> AlertsError:
    message = f"alerts API {method} {path} answered {status}"
    log.warning(message)
    if status == 401:
        return PermissionMissing(message, status)
    if status == 403:
        return Forbidden(message, status)
    if status == 429:
        return Throttled(message, status)
    return Unavailable(message, status)


@dataclass(frozen=True)
class ApiAlerts:
    """Timers and reminders through Alexa; every failure becomes an Outcome, never raised."""

    client: AlertsClient

    def start_timer(self, minutes: int, label: str, announce: str) -> Outcome:
        return self._outcome(lambda: self.client.create_timer(f"PT{int(minutes)}M", label, announce))

    def cancel_timer(self, timer_id: str) -> Outcome:
        def cancel() -> str:
            self.client.cancel_timer(timer_id)
            return timer_id

        return self._outcome(cancel)

    def add_reminder(self, at: datetime, now: datetime, text: str) -> Outcome:
        offset = max(60, int((at - now).total_seconds()))
        return self._outcome(lambda: self.client.create_reminder(offset, text, now))

    def reminders(self, known: dict[str, datetime]) -> tuple[Outcome, list[tuple[datetime | None, str]]]:
        """Active reminders as (when, text); the time comes from the skill's own records."""
        try:
            alerts = self.client.list_reminders()
        except AlertsError as error:
            return Outcome("permission" if error.kind == "permission" else "failed", reason=error.kind), []
        items: list[tuple[datetime | None, str]] = []
        for alert in alerts:
            if str(alert.get("status", "ON")).upper() != "ON":
                continue
            content = ((alert.get("alertInfo") or {}).get("spokenInfo") or {}).get("content") or []
            text = next((str(c.get("text", "")) for c in content if isinstance(c, dict)), "")
            items.append((known.get(str(alert.get("alertToken", ""))), text))
        return Outcome("set"), items

    @staticmethod
    def _outcome(call: Any) -> Outcome:
        try:
            return Outcome("set", item_id=str(call() or ""))
        except PermissionMissing as error:
            return Outcome("permission", reason=error.kind)
        except AlertsError as error:
            log.warning("alerts API failed (%s); the skill speaks a fallback", error)
            return Outcome("failed", reason=error.kind)
