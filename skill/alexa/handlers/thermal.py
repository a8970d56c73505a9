"""Ice and heat: thin handlers that call the Alexa alerts APIs and let the coach talk.

Requests with an API endpoint and token use Alexa's Timers and Reminders APIs; requests
without them (local development, the simulator) use the local scheduler.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from datetime import datetime
from pathlib import Path

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response
from ask_sdk_model.ui import AskForPermissionsConsentCard

from skill.alexa.bridge import render, request_attributes_of, request_of, slot, system_of, turn_of
from skill.alexa.handlers import health
from skill.alexa.handlers.base import IntentHandler, RequestTypeHandler
from skill.coach import menu, thermal
from skill.coach.turn import Reply, Turn
from skill.domain.onset import parse_duration
from skill.domain.thermal import Application, Outcome, minutes_for, thermal_state
from skill.services.alexa_api import REMINDERS_SCOPE, TIMERS_SCOPE, AlertsClient, ApiAlerts
from skill.services.scheduler import LocalAlerts, LocalScheduler, Reminder

log = logging.getLogger(__name__)

SCHEDULER = "local_scheduler"
TOKEN_PREFIX = "thermal"
SCOPES = {"timer": TIMERS_SCOPE, "reminder": REMINDERS_SCOPE}


class SchedulerInterceptor(AbstractRequestInterceptor):
    """Makes the local scheduler (same SQLite file as the store) available to handlers.

    The file is opened only when a request without an API token needs it, so a
    deployment that always has Alexa's APIs never touches the local disk.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = path
        self._scheduler: LocalScheduler | None = None

    def scheduler(self) -> LocalScheduler:
        if self._scheduler is None:
            self._scheduler = LocalScheduler(self.path)
        return self._scheduler

    def process(self, handler_input: HandlerInput) -> None:
        request_attributes_of(handler_input)[SCHEDULER] = self


def alerts_of(handler_input: HandlerInput, turn: Turn) -> Alerts:
    system = system_of(handler_input)
    endpoint = getattr(system, "api_endpoint", None)
    token = getattr(system, "api_access_token", None)
    if endpoint and token:
        # The locale the content is spoken in, so announcements match the speech.
        return ApiAlerts(AlertsClient(endpoint=endpoint, token=token, locale=turn.content.locale))
    return _local(handler_input, turn)


def _local(handler_input: HandlerInput, turn: Turn) -> LocalAlerts | NoAlerts:
    system = system_of(handler_input)
    user_id = getattr(getattr(system, "user", None), "user_id", None) or "unknown"
    source = request_attributes_of(handler_input).get(SCHEDULER)
    if source is None:
        return NoAlerts()
    try:
        scheduler = source.scheduler()
    except (OSError, sqlite3.Error) as error:
        log.error("local scheduler unavailable: %s", error)
        return NoAlerts()
    return LocalAlerts(scheduler, user_id, turn.now)


class NoAlerts:
    """Neither Alexa's APIs nor a local scheduler: every call fails, and is spoken around."""

    def start_timer(self, minutes: int, label: str, announce: str) -> Outcome:
        return Outcome("failed", reason="no_scheduler")

    def cancel_timer(self, timer_id: str) -> Outcome:
        return Outcome("failed", reason="no_scheduler")

    def add_reminder(self, at: datetime, now: datetime, text: str) -> Outcome:
        return Outcome("failed", reason="no_scheduler")

    def reminders(self, known: dict[str, datetime]) -> tuple[Outcome, list[Reminder]]:
        return Outcome("failed", reason="no_scheduler"), []


Alerts = ApiAlerts | LocalAlerts | NoAlerts


def ask_permission(handler_input: HandlerInput, turn: Turn, what: str, token: dict[str, str]) -> Response:
    """Asks by voice (Connections.SendRequest AskFor), or sends the consent card."""
    reply, by_voice = thermal.permission_needed(turn, what)
    if by_voice:
        # Loaded by the few turns that ask: the Connections models add 2 ms to a cold start.
        from ask_sdk_model.interfaces.connections import SendRequestDirective

        reply.directives.append(
            SendRequestDirective(
                name="AskFor",
                payload={
                    "@type": "AskForPermissionsConsentRequest",
                    "@version": "2",
                    "permissionScopes": [{"permissionScope": SCOPES[what], "consentLevel": "ACCOUNT"}],
                },
                token=json.dumps({"for": TOKEN_PREFIX, "what": what, **token}),
            )
        )
        return render(handler_input, reply)
    return with_consent_card(handler_input, render(handler_input, reply), what)


def with_consent_card(handler_input: HandlerInput, response: Response, what: str) -> Response:
    response.card = AskForPermissionsConsentCard(permissions=[SCOPES[what]])
    return response


class IceOrHeatHandler(IntentHandler):
    intents = ("IceOrHeatIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        return thermal.advice(
            turn,
            slot(handler_input, "onset_phrase")[0],
            slot(handler_input, "onset_ago")[1],
            slot(handler_input, "onset_date")[1],
        )


class AlternateHandler(IntentHandler):
    intents = ("AlternateIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        return thermal.alternate(turn)


class HomePackHandler(IntentHandler):
    intents = ("HomePackIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        kind, heard = slot(handler_input, "kind")
        if heard and kind is None:
            # "I don't have a fever" fits "i don't have a {kind}", but a fever is no pack.
            return menu.fallback(turn)
        return thermal.home_pack(turn, kind)


class SetBreakHandler(IntentHandler):
    intents = ("SetBreakIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        return thermal.set_break(turn, parse_duration(slot(handler_input, "duration")[1]))


class LastApplicationHandler(IntentHandler):
    intents = ("LastApplicationIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        unknown = health.unknown_last_application(handler_input, turn)
        return unknown or thermal.last_application(turn, slot(handler_input, "kind")[0])


class StartApplicationHandler(IntentHandler):
    intents = ("StartApplicationIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        kind = slot(handler_input, "kind")[0]
        turn = turn_of(handler_input)
        if health.must_ask_recent_use(handler_input, turn):
            return render(handler_input, health.ask_recent_use(turn, kind))
        return self.start(handler_input, kind)

    def start(self, handler_input: HandlerInput, kind: str | None) -> Response:
        turn = turn_of(handler_input)
        planned = thermal.start(turn, kind)
        if isinstance(planned, Reply):
            return render(handler_input, planned)
        label, announce = thermal.timer_text(turn, planned.kind)
        outcome = alerts_of(handler_input, turn).start_timer(minutes_for(planned.kind), label, announce)
        if outcome.status == "permission":
            thermal.record(turn, planned, outcome)
            return ask_permission(
                handler_input, turn, "timer", {"start": planned.start.isoformat(timespec="seconds")}
            )
        return render(handler_input, thermal.started(turn, planned, outcome))


class CancelTimerHandler(IntentHandler):
    intents = ("CancelTimerIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = turn_of(handler_input)
        running = thermal.running_timer(turn, slot(handler_input, "kind")[0])
        if isinstance(running, Reply):
            return render(handler_input, running)
        alerts = alerts_of(handler_input, turn)
        if running.timer_via == "local":
            alerts = _local(handler_input, turn)
        if running.timer_via == "alexa" and isinstance(alerts, LocalAlerts):
            outcome = Outcome("failed", reason="no_api")  # set on Alexa, no token now
        else:
            outcome = alerts.cancel_timer(running.timer_id)
        return render(handler_input, thermal.cancelled(turn, running, outcome))


class ListRemindersHandler(IntentHandler):
    intents = ("ListRemindersIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = turn_of(handler_input)
        known = {
            item["id"]: datetime.fromisoformat(item["at"])
            for item in thermal_state(turn.user).get("reminders", [])
        }
        outcome, items = alerts_of(handler_input, turn).reminders(known)
        if outcome.status == "permission":
            return ask_permission(handler_input, turn, "reminder", {"list": "1"})
        return render(handler_input, thermal.reminders(turn, outcome, items))


def reminder_pending(turn: Turn) -> bool:
    """The skill has just offered a reminder for the next application."""
    return (turn.session.get("pending") or {}).get("kind") == thermal.REMINDER_PENDING


def accept_reminder(handler_input: HandlerInput, turn: Turn) -> Response:
    """ "Yes" to the offered reminder: set it through Alexa or the local scheduler."""
    wanted = thermal.reminder_request(turn)
    if wanted is None:
        return render(handler_input, thermal.no_reminder(turn))
    text, at = wanted
    outcome = alerts_of(handler_input, turn).add_reminder(at, turn.now, text)
    if outcome.status == "permission":
        turn.clear_pending()
        return ask_permission(
            handler_input, turn, "reminder", {"at": at.isoformat(timespec="seconds"), "text": text}
        )
    return render(handler_input, thermal.reminder_done(turn, at, outcome))


class PermissionResponseHandler(RequestTypeHandler):
    """Connections.Response: the person's answer to the voice permission request."""

    request_type = "Connections.Response"

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if not super().can_handle(handler_input):
            return False
        request = request_of(handler_input)
        return request.name == "AskFor" and _token(request.token).get("for") == TOKEN_PREFIX

    def handle(self, handler_input: HandlerInput) -> Response:
        request = request_of(handler_input)
        turn = turn_of(handler_input)
        token = _token(request.token)
        what = token.get("what", "timer")
        payload = request.payload or {}
        code = str(getattr(getattr(request, "status", None), "code", "200") or "200")
        reply = thermal.permission_answer(
            turn,
            what,
            str(payload.get("status", "NOT_ANSWERED")).upper(),
            bool(payload.get("isCardThrown")),
            voice_available=code == "200",
        )
        if reply is not None:
            response = render(handler_input, reply)
            return with_consent_card(handler_input, response, what) if code != "200" else response
        return self._granted(handler_input, turn, what, token)

    def _granted(self, handler_input: HandlerInput, turn: Turn, what: str, token: dict[str, str]) -> Response:
        alerts = alerts_of(handler_input, turn)
        if what == "timer":
            application = thermal.latest(turn)
            if application is None or application.end <= turn.now:
                return render(handler_input, thermal.permission_thanks(turn))
            return render(handler_input, self._timer(turn, alerts, application))
        if "at" in token:
            at = datetime.fromisoformat(token["at"])
            outcome = alerts.add_reminder(at, turn.now, token.get("text", ""))
            return render(handler_input, thermal.reminder_done(turn, at, outcome))
        outcome, items = alerts.reminders({})
        return render(handler_input, thermal.reminders(turn, outcome, items))

    @staticmethod
    def _timer(turn: Turn, alerts: Alerts, application: Application) -> Reply:
        label, announce = thermal.timer_text(turn, application.kind)
        left = max(1, int(-(-(application.end - turn.now).total_seconds() // 60)))
        outcome = alerts.start_timer(left, label, announce)
        return thermal.started(turn, application, outcome)


def _token(raw: str | None) -> dict[str, str]:
    try:
        parsed = json.loads(raw or "{}")
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}
