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
    if _sound(envelope, _TREE) and _slots_sound(envelope):
        return ""
    return first_problem(envelope)


def first_problem(envelope: dict[str, Any]) -> str:
    """The first rule ``envelope`` breaks, path by path, or "" (slower than a walk)."""
    for path, kind in _REQUIRED:
        if not isinstance(_at(envelope, path), kind):
            return f"envelope {'.'.join(path)} is missing or not a {_name(kind)}"
    for path, kind in _OPTIONAL:
        value = _at(envelope, path)
        if value is not _MISSING and value is not None and not isinstance(value, kind):
            return f"envelope {'.'.join(path)} is not a {_name(kind)}"
    if not _slots_sound(envelope):
        return "envelope request.intent.slots holds a slot that is not an object"
    return ""


def _slots_sound(envelope: dict[str, Any]) -> bool:
    slots = _at(envelope, ("request", "intent", "slots"))
    return not isinstance(slots, dict) or all(isinstance(s, dict) for s in slots.values())


class _Node:
    """One key of the paths above, with the keys below it: the paths as a tree."""

    def __init__(self) -> None:
        self.kind: type | tuple[type, ...] = dict  # a key only on the way to others is an object
        self.listed = False  # a path of its own, not only on the way to others
        self.required = False  # it, or something below it, must be there
        self.below: dict[str, _Node] = {}


def _tree() -> dict[str, _Node]:
    top: dict[str, _Node] = {}
    for paths, required in ((_REQUIRED, True), (_OPTIONAL, False)):
        for path, kind in paths:
            level = top
            for depth, key in enumerate(path):
                node = level.setdefault(key, _Node())
                node.required = node.required or required
                if depth == len(path) - 1:
                    node.kind, node.listed = kind, True
                level = node.below
    return top


_TREE = _tree()


def _sound(document: dict[str, Any], tree: dict[str, _Node]) -> bool:
    """Whether every path holds, in one walk: the usual, sound envelope costs one visit a key.

    Agrees with :func:`first_problem`, which names the first problem.
    """
    for key, node in tree.items():
        value = document.get(key)
        if isinstance(value, node.kind):
            if node.below and not _sound(value, node.below):
                return False
            continue
        if node.required or (value is not None and node.listed):
            return False  # missing, or present with the wrong type
        # An optional key missing or null, or (only on the way to optional keys) not an
        # object: what lies below is missing too, which is allowed.
    return True


def _name(kind: type | tuple[type, ...]) -> str:
    return {dict: "object", str: "string", bool: "boolean"}.get(kind, str(kind))  # type: ignore[arg-type]
