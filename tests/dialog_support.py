"""What the dialog tests share: a session for each scripted dialog, every answer checked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from skill.simulator.dialogs import Dialog
from skill.simulator.player import Durations
from skill.simulator.resolver import Resolver
from skill.simulator.session import Session, local_scheduler
from tests.alexa import APPLICATION_ID, alexa_rule_problems

Transport = Callable[[dict[str, Any]], dict[str, Any]]


def rule_checked(transport: Transport, locales: list[str] | None = None) -> Transport:
    """``transport`` with every answer held to Alexa's rules (and each request's locale noted)."""

    def send(body: dict[str, Any]) -> dict[str, Any]:
        if locales is not None:
            locales.append(body["request"]["locale"])
        answer = transport(body)
        broken = alexa_rule_problems(answer)
        assert not broken, f"response breaks Alexa's rules: {broken}"
        return answer

    return send


def dialog_sessions(
    transport: Transport, store: Path, durations: Durations | None = None
) -> Callable[[Dialog], Session]:
    """A fresh simulator session for a dialog, in its locale, with the local scheduler on ``store``."""

    def session(dialog: Dialog) -> Session:
        return Session(
            transport,
            resolver=Resolver.for_locale(dialog.locale, APPLICATION_ID),
            locale=dialog.locale,
            scheduler=local_scheduler(store),
            durations=durations,
        )

    return session
