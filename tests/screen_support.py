"""Helpers for the screen tests: an APL device, what its screen shows, and Alexa's limits.

``ScreenDevice`` wraps a transport, keeps every response it saw, and checks each one for
Alexa's total response size and for agreement between what the voice says and what the
screen shows (the same exercise, position and count, within a second).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import unescape
from typing import Any

from skill.coach.screens import Screen, shown_at
from skill.domain.content import load_content
from skill.simulator.envelopes import interfaces_for
from tests.alexa import Conversation, Said

Transport = Callable[[dict[str, Any]], dict[str, Any]]
MAX_RESPONSE_BYTES = 24 * 1024
USER_EVENT = "Alexa.Presentation.APL.UserEvent"
RENDER = "Alexa.Presentation.APL.RenderDocument"
WORDS_PER_SECOND = 2.5  # the pace the skill's scripts are timed with
_TOKEN = re.compile(r'<break time="(\d+)(ms|s)"/>|([^<\s]+)')


def screen_of(said: Said) -> Screen | None:
    """The screen a response renders, read back from its RenderDocument directive."""
    for directive in said.directives:
        if directive.get("type") == RENDER:
            name = directive["token"].removeprefix("backspasm-")
            return Screen(name, directive["datasources"]["screen"])
    return None


def timed_words(ssml: str) -> list[tuple[float, str]]:
    """Each spoken word with the second it starts at, on the scripts' own pace model.

    Breaks are exact; a word takes 1 / 2.5 s (a step's words are all counted, so this is
    the sum of the steps' estimates).
    """
    body = re.sub(r"</?speak>", "", ssml)
    clock, words = 0.0, []
    for match in _TOKEN.finditer(body):
        amount, unit, word = match.groups()
        if word is None:
            clock += int(amount) / (1000 if unit == "ms" else 1)
        else:
            words.append((clock, unescape(word)))
            clock += 1 / WORDS_PER_SECOND
    return words


def agreement_problems(said: Said) -> list[str]:
    """Where the screen and the voice disagree (exercise, position, count)."""
    screen = screen_of(said)
    if screen is None:
        return []
    found: list[str] = []
    text = said.text
    phrases = load_content("en-US").phrases
    if screen.document == "exercise":
        if screen.data["title"] not in text and screen.segments:
            found.append(f"screen shows {screen.data['title']!r}, the voice does not say it")
        position = screen.data.get("position")
        if position and screen.segments:
            number, total = (int(n) for n in re.findall(r"\d+", position))
            if not said.has("exercise_heading", number=number, total=total, name=screen.data["title"]):
                found.append(f"screen position {position!r}, the voice says otherwise")
    for row in screen.segments:
        said_inside = [
            (t, w)
            for t, w in timed_words(said.ssml)
            if row["startMs"] <= round(t * 1000) < row["untilMs"] and re.fullmatch(r"\d+\.", w)
        ]
        if row["kind"] == "hold":
            counted = [int(w[:-1]) for _, w in said_inside]
            expected = list(range(min(5, row["value"]), 0, -1))
            if counted != expected:
                found.append(f"hold of {row['value']} s: voice counts {counted}, screen expects {expected}")
        if row["kind"] == "rep" and (not said_inside or int(said_inside[0][1][:-1]) != row["value"]):
            found.append(f"rep {row['value']}: the voice says {said_inside[:1]} at its start")
    words = timed_words(said.ssml)
    for row in screen.segments:
        if row["kind"] == "switch":
            # The screen says "switch sides" as the voice starts saying it, within a second.
            first_words = {variant.split()[0] for variant in phrases.variants("switch_sides")}
            starts = [t for t, w in words if w in first_words and abs(t * 1000 - row["startMs"]) <= 1000]
            if not starts:
                found.append(f"screen switches sides at {row['startMs'] / 1000:.1f} s, the voice does not")
    for seconds, word in words:
        if not re.fullmatch(r"\d+\.", word):
            continue
        number = int(word[:-1])
        ms = round(seconds * 1000)
        # Only numbers the voice counts with: inside a hold or at a rep's start.
        kind, _ = shown_at(screen, ms + 1)
        if kind not in ("hold", "rep"):
            continue
        nearby = {shown_at(screen, ms + offset)[1] for offset in range(-1000, 1001, 100)}
        if number not in nearby:
            found.append(f"voice says {number} at {seconds:.1f} s, screen shows {sorted(map(str, nearby))}")
    return found


@dataclass
class ScreenDevice:
    """An Echo Show: a conversation whose device declares APL, checking every response."""

    send: Transport
    responses: list[dict[str, Any]] = field(default_factory=list)
    talk: Conversation = field(init=False)

    def __post_init__(self) -> None:
        self.talk = Conversation(send=self._send, interfaces=interfaces_for(["screen"]))

    def _send(self, body: dict[str, Any]) -> dict[str, Any]:
        answer = self.send(body)
        size = len(json.dumps(answer, separators=(",", ":")).encode())
        assert size < MAX_RESPONSE_BYTES, f"response of {size} bytes is over Alexa's 24 KB"
        said = Said(answer)
        problems = agreement_problems(said)
        assert not problems, f"screen and voice disagree: {problems}"
        self.responses.append(answer)
        return answer

    def tap(self, action: str, value: object = "") -> Said:
        """A touch on a button or item: the SendEvent arguments the documents send."""
        token = "backspasm-" + (self.screen.document if self.screen else "menu")
        return self.talk._exchange(
            {
                "type": USER_EVENT,
                "token": token,
                "arguments": [action, value],
                "source": {"type": "TouchWrapper", "handler": "Press", "id": ""},
            }
        )

    @property
    def screen(self) -> Screen | None:
        return screen_of(self.talk.last) if self.talk.last else None

    def screens(self) -> list[Screen]:
        return [found for body in self.responses if (found := screen_of(Said(body)))]
