"""SKILL_HEALTH_DATA=session: health facts live in the session only, never in the store.

Alexa's policy does not let a skill that is not HIPAA-eligible collect information about
a person's physical health. In ``session`` mode the facts below are taken out of the
user's state before it is saved and ride in the session attributes instead, so they are
gone when the session ends; everything else (routine progress, preferences) is stored
as before. Facts left in the store by an earlier ``store`` deployment are dropped on the
person's next visit.

Both modes stamp the day of the person's last visit (``last_used``), which the
retention sweep (``skill.retention``) reads.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor, AbstractResponseInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from skill.alexa.bridge import USER, request_time

# Where health facts sit in the user's state: pain reports (red flags are logged among
# them), a red flag standing until a doctor has checked, a pain rise that makes the next
# routine gentler, when the spasm started, ice and heat applications and their reminders.
HEALTH_PATHS: tuple[tuple[str, ...], ...] = (
    ("pain_log",),
    ("red_flag",),
    ("start_gentler",),
    ("spasm_onset",),
    ("thermal", "applications"),
    ("thermal", "reminders"),
)
SESSION_KEY = "_health"
# Pain reports a session carries: far more than a session holds, far under Alexa's 24 KB.
SESSION_PAIN_REPORTS = 60
MODE = "health_data_session"  # request attribute: True when nothing health-related is stored
LAST_USED = "last_used"


def take_health(user: dict[str, Any]) -> dict[str, Any]:
    """Removes the health facts from ``user`` and returns them, keyed by dotted path."""
    taken: dict[str, Any] = {}
    for path in HEALTH_PATHS:
        holder: Any = user
        for key in path[:-1]:
            holder = holder.get(key) if isinstance(holder, dict) else None
        if isinstance(holder, dict) and path[-1] in holder:
            taken[".".join(path)] = holder.pop(path[-1])
    return taken


def put_health(user: dict[str, Any], facts: dict[str, Any]) -> None:
    for dotted, value in facts.items():
        path = tuple(dotted.split("."))
        if path not in HEALTH_PATHS:
            continue  # session attributes come back from the device: only known paths
        holder = user
        for key in path[:-1]:
            if not isinstance(holder.get(key), dict):
                holder[key] = {}
            holder = holder[key]
        holder[path[-1]] = value


def session_mode(handler_input: HandlerInput) -> bool:
    return bool(handler_input.attributes_manager.request_attributes.get(MODE))


class HealthFromSessionInterceptor(AbstractRequestInterceptor):
    """After the user's state is loaded: health facts come from this session alone."""

    def __init__(self, keep_in_store: bool) -> None:
        self.keep_in_store = keep_in_store

    def process(self, handler_input: HandlerInput) -> None:
        manager = handler_input.attributes_manager
        manager.request_attributes[MODE] = not self.keep_in_store
        user = manager.request_attributes.get(USER)
        if self.keep_in_store or not isinstance(user, dict):
            return
        take_health(user)  # anything an earlier store-mode deployment kept
        session = _session(handler_input)
        carried = session.pop(SESSION_KEY, None)
        if isinstance(carried, dict):
            put_health(user, carried)


class HealthToSessionInterceptor(AbstractResponseInterceptor):
    """Before the state is saved: health facts go to the session, or nowhere.

    Also stamps the day of use, at most one extra write a day, for the retention sweep.
    """

    def __init__(self, keep_in_store: bool) -> None:
        self.keep_in_store = keep_in_store

    def process(self, handler_input: HandlerInput, response: Response) -> None:
        manager = handler_input.attributes_manager
        user = manager.request_attributes.get(USER)
        if not isinstance(user, dict):
            return
        if _from_the_person(handler_input):
            user[LAST_USED] = request_time(handler_input).date().isoformat()
        if self.keep_in_store:
            return
        facts = take_health(user)
        session_goes_on = (
            handler_input.request_envelope.session is not None and not response.should_end_session
        )
        if facts and session_goes_on:
            reports = facts.get("pain_log")
            if isinstance(reports, list):
                # The session rides in every response (24 KB at most): its latest reports only.
                facts["pain_log"] = reports[-SESSION_PAIN_REPORTS:]
            _session(handler_input)[SESSION_KEY] = facts


def _session(handler_input: HandlerInput) -> dict[str, Any]:
    """The session attributes, or a throwaway dict outside a session."""
    if handler_input.request_envelope.session is None:
        return {}
    attributes = handler_input.attributes_manager.session_attributes
    return attributes if isinstance(attributes, dict) else {}


def _from_the_person(handler_input: HandlerInput) -> bool:
    """A request the person made (not a device or lifecycle event)."""
    kind = getattr(handler_input.request_envelope.request, "object_type", None) or ""
    return kind in {"LaunchRequest", "IntentRequest"}


def last_used(user: dict[str, Any]) -> date | None:
    try:
        return date.fromisoformat(str(user.get(LAST_USED)))
    except ValueError:
        return None
