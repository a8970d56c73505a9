"""Scripted dialogs in YAML: what the person says, and what the answer must be.

A dialog file is a list of turns, or a mapping with ``turns`` (and optional ``name``,
``locale``, ``interfaces``)::

    - user: "open back spasm helper"
      expect: {contains: [welcome], session_open: true}
    - user: "start quick relief"
      expect: {intent: StartRoutineIntent, slots: {routine: quick_relief}, matches: "exercise 1 of \\d"}
    - advance: 20 minutes
      expect: {announced: [stretch]}

``expect`` keys: contains, not_contains, matches (regex), reprompt_contains, card_contains,
intent, slots, session_open, directive (a directive type); after ``advance``: announced
(what the local scheduler said meanwhile). Text checks ignore case. An ASK CLI replay file
(JSON with ``userInput``) runs too, with no expectations beyond Alexa's rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from skill.simulator.envelopes import interfaces_for
from skill.simulator.render import transcript
from skill.simulator.session import Exchange, Session, parse_advance

EXPECT_KEYS = {"contains", "not_contains", "matches", "reprompt_contains", "card_contains", "intent",
               "slots", "session_open", "directive", "announced"}


class DialogError(ValueError):
    """A dialog file that cannot be read; the message says where and why."""


@dataclass
class Turn:
    line: int
    user: str = ""
    advance: str = ""
    expect: dict[str, Any] = field(default_factory=dict)


@dataclass
class Dialog:
    name: str
    turns: list[Turn]
    locale: str = "en-US"
    interfaces: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    name: str
    failures: list[str] = field(default_factory=list)
    log: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


def _as_list(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def load_dialog(path: Path) -> Dialog:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise DialogError(f"{path}: cannot read: {error}") from None
    settings: dict[str, Any] = {}
    if isinstance(data, dict) and "userInput" in data:
        # An ASK CLI `ask dialog --replay` file: what was said, with no expectations.
        settings = {"locale": data.get("locale", "en-US")}
        data = [{"user": said} for said in data.get("userInput") or []]
    if isinstance(data, dict):
        settings, data = data, data.get("turns")
    if not isinstance(data, list) or not data:
        raise DialogError(f"{path}: a dialog is a list of turns (or a mapping with 'turns')")
    turns = []
    for number, item in enumerate(data, 1):
        where = f"{path}: turn {number}"
        if not isinstance(item, dict) or not ({"user", "advance"} & item.keys()):
            raise DialogError(f"{where}: each turn needs 'user: <what is said>' or 'advance: <time span>'")
        unknown = set(item) - {"user", "advance", "expect"}
        if unknown:
            raise DialogError(f"{where}: unknown keys {sorted(unknown)}")
        expect = item.get("expect") or {}
        if not isinstance(expect, dict) or set(expect) - EXPECT_KEYS:
            raise DialogError(f"{where}: 'expect' takes {', '.join(sorted(EXPECT_KEYS))}")
        if "advance" in item:
            try:
                parse_advance(str(item["advance"]))
            except ValueError as error:
                raise DialogError(f"{where}: {error}") from None
        turns.append(Turn(number, str(item.get("user", "")), str(item.get("advance", "")), expect))
    return Dialog(str(settings.get("name") or path.stem), turns, str(settings.get("locale", "en-US")),
                  _as_list(settings.get("interfaces", [])) if settings.get("interfaces") else [])


def check(exchange: Exchange, expect: dict[str, Any]) -> list[str]:
    """Every expectation the exchange does not meet, as readable sentences."""
    said = exchange.said
    text = said.text.lower()
    failed: list[str] = []
    for words in _as_list(expect.get("contains", [])) if "contains" in expect else []:
        if words.lower() not in text:
            failed.append(f"answer does not contain {words!r}")
    for words in _as_list(expect.get("not_contains", [])) if "not_contains" in expect else []:
        if words.lower() in text:
            failed.append(f"answer contains {words!r}")
    if "matches" in expect and not re.search(str(expect["matches"]), said.text, re.IGNORECASE):
        failed.append(f"answer does not match /{expect['matches']}/")
    if "reprompt_contains" in expect:
        for words in _as_list(expect["reprompt_contains"]):
            if words.lower() not in said.reprompt.lower():
                failed.append(f"reprompt does not contain {words!r}")
    if "card_contains" in expect:
        card = " ".join(str(v) for v in said.card.values()).lower()
        for words in _as_list(expect["card_contains"]):
            if words.lower() not in card:
                failed.append(f"card does not contain {words!r}")
    resolution = exchange.resolution
    if "intent" in expect:
        got = resolution.intent or resolution.request_type if resolution else exchange.request.get(
            "request", {}).get("type", "")
        if got != expect["intent"]:
            failed.append(f"understood as {got}, expected {expect['intent']}")
    if "slots" in expect:
        got_slots = resolution.slot_summary() if resolution else {}
        for name, value in (expect["slots"] or {}).items():
            if str(got_slots.get(name)) != str(value):
                failed.append(f"slot {name} is {got_slots.get(name)!r}, expected {value!r}")
    if "session_open" in expect and (not said.ended) != bool(expect["session_open"]):
        failed.append("session is " + ("ended" if said.ended else "open")
                      + f", expected {'open' if expect['session_open'] else 'ended'}")
    if "directive" in expect:
        kinds = [d.get("type", "") for d in said.directives]
        if not any(kind == expect["directive"] or kind.startswith(str(expect["directive"]))
                   for kind in kinds):
            failed.append(f"no {expect['directive']} directive (got {kinds or 'none'})")
    failed += [f"breaks Alexa's rules: {problem}" for problem in exchange.problems]
    return failed


def run_dialog(dialog: Dialog, make_session: Callable[[Dialog], Session]) -> Outcome:
    """Play the dialog through a fresh session; stops at the first turn that fails."""
    session = make_session(dialog)
    if dialog.interfaces:
        session.interfaces = interfaces_for(dialog.interfaces)
    outcome = Outcome(dialog.name)
    for turn in dialog.turns:
        where = f"turn {turn.line}"
        if turn.advance:
            ended, announced = session.advance(parse_advance(turn.advance))
            outcome.log.append(f"... {turn.advance} later (clock {session.clock.now():%H:%M})")
            if ended is not None:
                outcome.log.append("  (the open session timed out)")
            if announced is None:
                outcome.log.append("  (no local scheduler in this build: announcements not shown)")
                if "announced" in turn.expect:
                    outcome.skipped.append(f"{where}: announced (no local scheduler)")
                continue
            for item in announced:
                outcome.log.append(f"  announced at {item.announce_at} [{item.kind}]: {item.text}")
            said = " ".join(item.text for item in announced).lower()
            outcome.failures += [f"{where}: nothing announced contains {words!r}"
                                 for words in _as_list(turn.expect.get("announced", []))
                                 if "announced" in turn.expect and words.lower() not in said]
            if outcome.failures:
                break
            continue
        exchange = session.say(turn.user)
        outcome.log.append(transcript(exchange))
        problems = check(exchange, turn.expect)
        if problems:
            outcome.failures += [f"{where} ({turn.user!r}): {problem}" for problem in problems]
            break
    return outcome


def dialog_files(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted([*path.glob("*.yaml"), *path.glob("*.yml")])
        elif path.exists():
            found.append(path)
        else:
            raise DialogError(f"{path}: no such file or folder")
    return found
