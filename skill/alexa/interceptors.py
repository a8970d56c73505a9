"""Cross-cutting work around every request: locale content, user state, logging."""

from __future__ import annotations

import logging
import time
import weakref
from datetime import UTC, datetime
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.dispatch_components import (
    AbstractRequestInterceptor,
    AbstractResponseInterceptor,
)
from ask_sdk_core.exceptions import PersistenceException
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from skill.alexa.bridge import (
    CONTENT,
    REPLY,
    STORE_FAILED,
    USER,
    content_of,
    request_attributes_of,
    request_of,
    session_of,
)
from skill.alexa.ssml import to_ssml
from skill.coach.turn import Reply
from skill.domain.content import load_content
from skill.domain.script import Script
from skill.logfmt import line, user_hash
from skill.store.erasure import register_eraser
from skill.store.merge import merge

log = logging.getLogger(__name__)

# Kept in session attributes when a save failed, so the next turn can try again.
UNSAVED = "_unsaved_user"
STARTED = "started"
# A copy of the state as loaded, the base for merging this request's changes on save.
LOADED = "loaded_user"
# What the unsaved state was built on ({} when the store could not be read), so that
# once the store is back only its changes are applied and nothing stored is lost.
UNSAVED_BASE = "_unsaved_base"
# When the oldest change in it was made (UTC): an erasure since then means it was erased.
UNSAVED_SINCE = "_unsaved_since"
# Saves that failed on a turn that closed the session have no session to ride in; they
# wait here, per store and user, for the next request (in this process) to retry them.
_HELD: weakref.WeakKeyDictionary[Any, dict[str, tuple[dict[str, Any], dict[str, Any], str]]] = (
    weakref.WeakKeyDictionary()
)


def _forget_held(user_id: str) -> None:
    """An erased person's saves still waiting to be retried are dropped with the rest."""
    for held in list(_HELD.values()):
        held.pop(user_id, None)


register_eraser(_forget_held)


def _user_id(handler_input: HandlerInput) -> str:
    system = getattr(handler_input.request_envelope.context, "system", None)
    return getattr(getattr(system, "user", None), "user_id", None) or ""


class ContentInterceptor(AbstractRequestInterceptor):
    """Puts the exercises and phrases for the request's locale where handlers find them."""

    def process(self, handler_input: HandlerInput) -> None:
        attributes = request_attributes_of(handler_input)
        attributes[STARTED] = time.perf_counter()
        attributes[CONTENT] = load_content(getattr(handler_input.request_envelope.request, "locale", None))


class LoadUserInterceptor(AbstractRequestInterceptor):
    """Reads the user's saved state; a busy or missing store never stops the conversation."""

    def __init__(self, adapter: AbstractPersistenceAdapter | None = None) -> None:
        self.adapter = adapter

    def process(self, handler_input: HandlerInput) -> None:
        manager = handler_input.attributes_manager
        attributes = request_attributes_of(handler_input)
        # Session attributes come back from the device; anything but an object is ignored.
        unsaved = _object_or_none(session_of(handler_input).pop(UNSAVED, None))
        base = _object_or_none(session_of(handler_input).pop(UNSAVED_BASE, None)) or {}
        since = session_of(handler_input).pop(UNSAVED_SINCE, None)
        held = _HELD.get(self.adapter, {}) if self.adapter is not None else {}
        if unsaved is None and _user_id(handler_input) in held:
            base, unsaved, since = held.pop(_user_id(handler_input))
        if unsaved is not None:
            attributes[UNSAVED_SINCE] = since if isinstance(since, str) else ""
        try:
            stored = manager.persistent_attributes
        except PersistenceException as error:
            log.error("could not load user state: %s", error)
            attributes[STORE_FAILED] = True
            attributes[UNSAVED_BASE] = base
            stored = {}
        else:
            # Never changed: handlers get their own copy below, and merge builds new objects.
            attributes[LOADED] = stored
            if unsaved is not None and _erased_since(self.adapter, handler_input, since):
                # The person was erased after these changes were made: they go with the rest.
                log.info("changes kept for a retry were dropped: the user was erased since")
                unsaved = None
            elif unsaved is not None:
                # The store is back: what earlier turns could not save goes on top of it.
                unsaved, stored = None, merge(base, unsaved, stored)
        # A deep copy for the handlers to change; the stored original tells whether to save.
        attributes[USER] = json_copy(unsaved if unsaved is not None else stored)


def _erased_since(adapter: Any, handler_input: HandlerInput, since: Any) -> bool:
    """Whether the store erased this user at or after ``since`` (stores that keep erasures)."""
    check = getattr(adapter, "erased_since", None)
    if check is None or not isinstance(since, str) or not since:
        return False
    try:
        return bool(check(handler_input.request_envelope, since))
    except PersistenceException as error:
        # The store just answered the load; losing the person's changes would be worse.
        log.error("could not check for an erasure: %s", error)
        return False


def now_stamp() -> str:
    """The time now as the store writes its erasures' times (UTC, milliseconds)."""
    moment = datetime.now(UTC)
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{moment.microsecond // 1000:03d}Z"


def _object_or_none(value: Any) -> dict[str, Any] | None:
    return value if isinstance(value, dict) else None


def json_copy(value: Any) -> Any:
    """A deep copy of JSON data (dicts, lists, scalars), faster than a JSON round trip."""
    if isinstance(value, dict):
        return {key: json_copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [json_copy(item) for item in value]
    return value


class SaveUserInterceptor(AbstractResponseInterceptor):
    """Writes the user's state back when it changed, and says so if it could not.

    With an adapter that can merge (SQLite), only this request's changes are applied on
    top of whatever concurrent requests saved meanwhile; other adapters save the whole
    state, the last writer winning.
    """

    def __init__(self, adapter: AbstractPersistenceAdapter | None = None) -> None:
        self.adapter = adapter

    def process(self, handler_input: HandlerInput, response: Response) -> None:
        manager = handler_input.attributes_manager
        attributes = request_attributes_of(handler_input)
        user = attributes.get(USER)
        if user is None:
            return
        if attributes.get(STORE_FAILED):
            # Nothing is written over a state this turn could not read: what it built is
            # kept until a turn can read the store again, and only its changes go on top.
            _keep_for_next_turn(handler_input, response, user, self.adapter)
            return
        before: dict[str, Any] | None = attributes.get(LOADED)
        if user == (before or {}):
            return
        try:
            save_changes = getattr(self.adapter, "save_changes", None)
            if save_changes is not None:
                save_changes(handler_input.request_envelope, before, user)
            else:
                manager.persistent_attributes = user
                manager.save_persistent_attributes()
        except PersistenceException as error:
            log.error("could not save user state: %s", error)
            _keep_for_next_turn(handler_input, response, user, self.adapter)


def _keep_for_next_turn(
    handler_input: HandlerInput, response: Response, user: dict[str, Any], adapter: Any
) -> None:
    attributes = request_attributes_of(handler_input)
    reply: Reply | None = attributes.get(REPLY)
    base = attributes.get(UNSAVED_BASE, {}) if attributes.get(STORE_FAILED) else attributes.get(LOADED, {})
    since = attributes.get(UNSAVED_SINCE) or now_stamp()
    session_goes_on = not response.should_end_session and handler_input.request_envelope.session is not None
    if session_goes_on:
        session_of(handler_input)[UNSAVED] = user
        session_of(handler_input)[UNSAVED_BASE] = base
        session_of(handler_input)[UNSAVED_SINCE] = since
    elif adapter is not None and _user_id(handler_input):
        _HELD.setdefault(adapter, {})[_user_id(handler_input)] = (base, user, since)
    if reply is not None and response.output_speech is not None:
        key = "store_unavailable" if session_goes_on else "store_unavailable_end"
        if attributes.get(STORE_FAILED):
            key = "history_unavailable" if session_goes_on else "history_unavailable_end"
        note = content_of(handler_input).phrases(key)
        speech: Any = response.output_speech
        speech.ssml = to_ssml(Script(reply.speech).say(note))


class LogRequestInterceptor(AbstractResponseInterceptor):
    """One structured line per request: what came in, for whom (hashed), how long it took.

    Slot values and anything the person said are never logged.
    """

    def process(self, handler_input: HandlerInput, response: Response) -> None:
        request = request_of(handler_input)
        started = request_attributes_of(handler_input).get(STARTED)
        log.info(
            line(
                "handled",
                request_id=getattr(request, "request_id", None),
                type=request.object_type,
                intent=getattr(getattr(request, "intent", None), "name", None),
                user=user_hash(_user_id(handler_input)),
                ms=round((time.perf_counter() - started) * 1000, 2) if started else None,
                ends=bool(response.should_end_session),
            )
        )
