"""The shape an Alexa request envelope must have before the SDK is given it.

ask-sdk's deserializer and dispatcher assume these parts exist with these types; a body
without them is answered with a short reason (HTTP 400) instead of an exception deep in
the SDK. Alexa always sends every required part listed here.
"""

from __future__ import annotations

from typing import Any

_REQUIRED: list[tuple[tuple[str, ...], type | tuple[type, ...]]] = [
    (("context",), dict),
    (("context", "System"), dict),
    (("context", "System", "application"), dict),
    (("context", "System", "application", "applicationId"), str),
    (("context", "System", "user"), dict),
    (("context", "System", "user", "userId"), str),
    (("request", "requestId"), str),
    (("request", "timestamp"), str),
]
_OPTIONAL: list[tuple[tuple[str, ...], type | tuple[type, ...]]] = [
    (("version",), str),
    (("session",), dict),
    (("session", "new"), bool),
    (("session", "sessionId"), str),
    (("session", "attributes"), dict),
    (("session", "application"), dict),
    (("session", "application", "applicationId"), str),
    (("session", "user"), dict),
    (("session", "user", "userId"), str),
    (("context", "System", "device"), dict),
    (("context", "System", "device", "supportedInterfaces"), dict),
    (("context", "System", "apiEndpoint"), str),
    (("context", "System", "apiAccessToken"), str),
    (("request", "locale"), str),
    (("request", "intent"), dict),
    (("request", "intent", "name"), str),
    (("request", "intent", "slots"), dict),
]

_MISSING = object()


def _at(document: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(document, dict) or key not in document:
            return _MISSING
        document = document[key]
    return document


def shape_problem(envelope: dict[str, Any]) -> str:
    """Why ``envelope`` cannot be an Alexa request, or "" when its shape is sound."""
    for path, kind in _REQUIRED:
        if not isinstance(_at(envelope, path), kind):
            return f"envelope {'.'.join(path)} is missing or not a {_name(kind)}"
    for path, kind in _OPTIONAL:
        value = _at(envelope, path)
        if value is not _MISSING and value is not None and not isinstance(value, kind):
            return f"envelope {'.'.join(path)} is not a {_name(kind)}"
    slots = _at(envelope, ("request", "intent", "slots"))
    if isinstance(slots, dict) and not all(isinstance(s, dict) for s in slots.values()):
        return "envelope request.intent.slots holds a slot that is not an object"
    return ""


def _name(kind: type | tuple[type, ...]) -> str:
    return {dict: "object", str: "string", bool: "boolean"}.get(kind, str(kind))  # type: ignore[arg-type]
