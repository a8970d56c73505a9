"""A small client for the Alexa Timers and Reminders APIs.

Alexa waits at most eight seconds for a response, so every call has a short timeout and
every failure becomes a typed error the caller answers with spoken advice instead.
"""

from __future__ import annotations

import http.client
import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from skill.domain.thermal import Outcome

log = logging.getLogger(__name__)

TIMERS = "/v1/alerts/timers"
REMINDERS = "/v1/alerts/reminders"
TIMEOUT_SECONDS = 2.0
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
    locale: str = "en-US"
    timeout: float = TIMEOUT_SECONDS

    # Timers -------------------------------------------------------------------------
    def create_timer(self, duration: str, label: str, announce: str) -> str:
        """Start a timer (ISO 8601 ``duration``) that announces ``announce``; its id."""
        body = {
            "duration": duration,
            "timerLabel": label,
            "creationBehavior": {"displayExperience": {"visibility": "VISIBLE"}},
            "triggeringBehavior": {
                "operation": {"type": "ANNOUNCE",
                              "textToAnnounce": [{"locale": self.locale, "text": announce}]},
                "notificationConfig": {"playAudible": True},
            },
        }
        answer = self._call("POST", TIMERS, body)
        return str(answer.get("id", ""))

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
        answer = self._call("POST", REMINDERS, body)
        return str(answer.get("alertToken", ""))

    def list_reminders(self) -> list[dict[str, Any]]:
        answer = self._call("GET", REMINDERS)
        alerts = answer.get("alerts") or []
        return [alert for alert in alerts if isinstance(alert, dict)]

    def delete_reminder(self, alert_token: str) -> None:
        self._call("DELETE", f"{REMINDERS}/{alert_token}")

    # -------------------------------------------------------------------------------
    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.endpoint.rstrip("/") + path, data=data, method=method,
            headers={"Authorization": f"Bearer {self.token}",
                     "Content-Type": "application/json", "Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as error:
            raise _typed(error.code, method, path) from error
        except (OSError, http.client.HTTPException) as error:  # timeouts, refused, cut off
            log.warning("alerts API %s %s did not answer: %s", method, path, error)
            raise Unavailable(f"{method} {path}: {error}") from error
        if not raw:
            return {}
        try:
            parsed = json.loads(raw)
        except ValueError as error:
            raise Unavailable(f"{method} {path}: the answer is not JSON") from error
        return parsed if isinstance(parsed, dict) else {}


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
        return self._outcome(lambda: self.client.create_timer(f"PT{int(minutes)}M", label,
                                                              announce))

    def cancel_timer(self, timer_id: str) -> Outcome:
        return self._outcome(lambda: self.client.cancel_timer(timer_id) or timer_id)

    def add_reminder(self, at: datetime, now: datetime, text: str) -> Outcome:
        offset = max(60, int((at - now).total_seconds()))
        return self._outcome(lambda: self.client.create_reminder(offset, text, now))

    def reminders(self, known: dict[str, datetime]
                  ) -> tuple[Outcome, list[tuple[datetime | None, str]]]:
        """Active reminders as (when, text); the time comes from the skill's own records."""
        try:
            alerts = self.client.list_reminders()
        except AlertsError as error:
            return Outcome("permission" if error.kind == "permission" else "failed",
                           reason=error.kind), []
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
