"""One handler per intent: which one answers never depends on its place in the list."""

from __future__ import annotations

from collections import Counter

from skill.alexa.builder import request_handlers
from skill.alexa.handlers.base import IntentHandler, RequestTypeHandler


def test_no_intent_has_two_handlers() -> None:
    claims = Counter(
        name
        for handler in request_handlers()
        if isinstance(handler, IntentHandler) and not isinstance(handler, RequestTypeHandler)
        for name in handler.intents
    )
    assert claims, "the builder registered no intent handlers"
    assert [name for name, count in claims.items() if count > 1] == []


def test_the_catch_alls_come_last() -> None:
    names = [type(handler).__name__ for handler in request_handlers()]
    assert names[-2:] == ["UnknownIntentHandler", "IgnoredRequestHandler"]
