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
intent, slots, session_open, directive (a directive type), sent (false: Alexa would not
send this to the skill); after ``advance``: announced (what the local scheduler said
meanwhile). A turn may also be ``button: next`` (the device's next, previous, play or
pause button). Hands-free playback is checked after any turn with ``events`` (the player
events sent meanwhile, in order), ``played`` (titles or tokens of the tracks that started
meanwhile, in order), ``player`` (PLAYING, STOPPED, FINISHED or IDLE), ``playing`` (the
current track's title or token) and ``offset`` ([least, most] seconds into it). Text
checks ignore case. An ASK CLI replay file (JSON with ``userInput``) runs too, with no
expectations beyond Alexa's rules.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from skill.simulator.envelopes import interfaces_for
from skill.simulator.player import BUTTONS
from skill.simulator.render import device_line, transcript
from skill.simulator.session import Exchange, Session, parse_advance

PLAYER_KEYS = {"events", "played", "player", "playing", "offset"}
EXPECT_KEYS = {
    "contains",
    "not_contains",
    "matches",
    "reprompt_contains",
    "card_contains",
    "intent",
    "slots",
    "session_open",
    "directive",
    "announced",
    "sent",
} | PLAYER_KEYS


class DialogError(ValueError):
    """A dialog file that cannot be read; the message says where and why."""


@dataclass
class Turn:
    line: int
    user: str = ""
    advance: str = ""
    button: str = ""
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
        if not isinstance(item, dict) or len({"user", "advance", "button"} & item.keys()) != 1:
            raise DialogError(
                f"{where}: each turn needs one of 'user: <what is said>', "
                "'advance: <time span>' or 'button: <next|previous|play|pause>'"
            )
        unknown = set(item) - {"user", "advance", "button", "expect"}
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
        if "button" in item and str(item["button"]) not in BUTTONS:
            raise DialogError(f"{where}: a button is one of {', '.join(BUTTONS)}")
        turns.append(
            Turn(
                number,
                str(item.get("user", "")),
                str(item.get("advance", "")),
                str(item.get("button", "")),
                expect,
            )
        )
    return Dialog(
        str(settings.get("name") or path.stem),
        turns,
        str(settings.get("locale", "en-US")),
        _as_list(settings.get("interfaces", [])) if settings.get("interfaces") else [],
    )


def check(exchange: Exchange, expect: dict[str, Any]) -> list[str]:
    """Every expectation the exchange does not meet, as readable sentences."""
    said = exchange.said
    text = said.text.lower()
    failed: list[str] = []
    if "sent" in expect and exchange.sent != bool(expect["sent"]):
        failed.append(
            "it was sent to the skill" if exchange.sent else f"it was not sent to the skill ({exchange.note})"
        )
    if not exchange.sent:
        return failed + [
            f"not sent, so {key!r} cannot be checked"
            for key in expect
            if key not in {"sent", "intent", "slots"} | PLAYER_KEYS
        ]
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
        got = (
            resolution.intent or resolution.request_type
            if resolution
            else exchange.request.get("request", {}).get("type", "")
        )
        if got != expect["intent"]:
            failed.append(f"understood as {got}, expected {expect['intent']}")
    if "slots" in expect:
        got_slots = resolution.slot_summary() if resolution else {}
        for name, value in (expect["slots"] or {}).items():
            if str(got_slots.get(name)) != str(value):
                failed.append(f"slot {name} is {got_slots.get(name)!r}, expected {value!r}")
    if "session_open" in expect and (not said.ended) != bool(expect["session_open"]):
        failed.append(
            "session is "
            + ("ended" if said.ended else "open")
            + f", expected {'open' if expect['session_open'] else 'ended'}"
        )
    if "directive" in expect:
        kinds = [d.get("type", "") for d in said.directives]
        if not any(
            kind == expect["directive"] or kind.startswith(str(expect["directive"])) for kind in kinds
        ):
            failed.append(f"no {expect['directive']} directive (got {kinds or 'none'})")
    failed += [f"breaks Alexa's rules: {problem}" for problem in exchange.problems]
    return failed


def player_check(session: Session, since: int, expect: dict[str, Any]) -> list[str]:
    """Every playback expectation not met by what the player did since history[since]."""
    failed: list[str] = []
    player = session.player
    events = [
        e.request_type.split(".", 1)[1]
        for e in session.history[since:]
        if e.request_type.startswith("AudioPlayer.")
    ]
    if "events" in expect and not _in_order(_as_list(expect["events"]), events):
        failed.append(f"player events were {events or 'none'}, expected {expect['events']} in order")
    if "played" in expect:
        started = [
            e.request.get("request", {}).get("token", "")
            for e in session.history[since:]
            if e.request_type == "AudioPlayer.PlaybackStarted"
        ]
        titles = {item.token: item.title for item in player.played}
        names = [f"{titles.get(token, '')} ({token})" for token in started]
        if not _in_order(_as_list(expect["played"]), names, contains=True):
            failed.append(f"tracks started were {names or 'none'}, expected {expect['played']} in order")
    if "player" in expect and player.activity != str(expect["player"]).upper():
        failed.append(f"the player is {player.activity}, expected {expect['player']}")
    if "playing" in expect:
        current = player.current
        name = f"{current.title} ({current.token})" if current else ""
        if not current or str(expect["playing"]).lower() not in name.lower():
            failed.append(f"the player's track is {name or 'none'}, expected {expect['playing']!r}")
    if "offset" in expect:
        least, most = (float(v) for v in expect["offset"])
        at = player.offset_ms(session.clock.now()) / 1000
        if not least <= at <= most:
            failed.append(f"the player is {at:.1f} s into its track, expected {least:g} to {most:g} s")
    return failed


def _in_order(wanted: list[str], got: list[str], contains: bool = False) -> bool:
    """Each wanted item appears in ``got`` in this order (others may come between)."""
    rest = iter(got)
    return all(any((w.lower() in g.lower()) if contains else w == g for g in rest) for w in wanted)


def run_dialog(dialog: Dialog, make_session: Callable[[Dialog], Session]) -> Outcome:
    """Play the dialog through a fresh session; stops at the first turn that fails."""
    session = make_session(dialog)
    if dialog.interfaces:
        session.interfaces = interfaces_for(dialog.interfaces)
    outcome = Outcome(dialog.name)
    for turn in dialog.turns:
        where = f"turn {turn.line}"
        since = len(session.history)
        if turn.advance:
            ended, announced = session.advance(parse_advance(turn.advance))
            outcome.log.append(f"... {turn.advance} later (clock {session.clock.now():%H:%M:%S})")
            if ended is not None:
                outcome.log.append("  (the open session timed out)")
            outcome.log += _device_lines(session, since)
            failures = player_check(session, since, turn.expect)
            if announced is None:
                outcome.log.append("  (no local scheduler in this build: announcements not shown)")
                if "announced" in turn.expect:
                    outcome.skipped.append(f"{where}: announced (no local scheduler)")
            else:
                for item in announced:
                    outcome.log.append(f"  announced at {item.announce_at} [{item.kind}]: {item.text}")
                said = " ".join(item.text for item in announced).lower()
                failures += [
                    f"nothing announced contains {words!r}"
                    for words in _as_list(turn.expect.get("announced", []))
                    if "announced" in turn.expect and words.lower() not in said
                ]
            outcome.failures += [f"{where} (advance {turn.advance}): {problem}" for problem in failures]
            if outcome.failures:
                break
            continue
        if turn.button:
            session.button(turn.button)
            outcome.log.append(f"[button {turn.button}]")
            outcome.log += _device_lines(session, since)
            problems = player_check(session, since, turn.expect)
            outcome.failures += [f"{where} (button {turn.button}): {problem}" for problem in problems]
            if outcome.failures:
                break
            continue
        exchange = session.say(turn.user)
        outcome.log.append(transcript(exchange))
        outcome.log += _device_lines(session, since)
        problems = check(exchange, turn.expect) + player_check(session, since, turn.expect)
        if problems:
            outcome.failures += [f"{where} ({turn.user!r}): {problem}" for problem in problems]
            break
    return outcome


def _device_lines(session: Session, since: int) -> list[str]:
    return [
        device_line(e)
        for e in session.history[since:]
        if e.request_type.startswith(("AudioPlayer.", "PlaybackController."))
    ]


def dialog_files(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            # ASK CLI replay files are JSON with "userInput"; other JSON is not a dialog.
            replays = [p for p in sorted(path.glob("*.json")) if _is_replay(p)]
            found += sorted([*path.glob("*.yaml"), *path.glob("*.yml"), *replays])
        elif path.exists():
            found.append(path)
        else:
            raise DialogError(f"{path}: no such file or folder")
    return found


def _is_replay(path: Path) -> bool:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and "userInput" in data
