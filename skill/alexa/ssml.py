"""The one place SSML is built and checked.

Alexa accepts a subset of SSML with hard limits: breaks of at most 10 seconds, under
8000 characters of output speech, at most five ``<audio>`` tags and 240 seconds of audio
in one response. The builder escapes text and splits long pauses so the limits hold;
``problems`` checks any SSML string against the same rules.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from skill.domain.script import Pause, Say, Step, speech_seconds

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

MAX_BREAK_SECONDS = 10.0
MAX_SPEECH_CHARS = 8000
MAX_AUDIO_TAGS = 5
MAX_AUDIO_SECONDS = 240.0

ALEXA_TAGS = frozenset(
    {
        "speak",
        "p",
        "s",
        "break",
        "emphasis",
        "lang",
        "phoneme",
        "prosody",
        "say-as",
        "sub",
        "voice",
        "w",
        "audio",
        "mark",
        "amazon:effect",
        "amazon:emotion",
        "amazon:domain",
        "amazon:auto-breaths",
        "amazon:breath",
        "amazon:breathing",
    }
)
_AMAZON_NS = "https://amazon.com/ssml"
_BREAK_TIME = re.compile(r"^(\d+(?:\.\d+)?)(ms|s)$")
_BREAK_STRENGTHS = {"none", "x-weak", "weak", "medium", "strong", "x-strong"}


class SpeechLimitError(ValueError):
    """Raised when a response would break one of Alexa's limits."""


class Speech:
    """Builds one ``<speak>`` document."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._audio_tags = 0
        self._audio_seconds = 0.0

    def say(self, text: str) -> Speech:
        if text:
            self._parts.append(escape_text(text))
        return self

    def pause(self, seconds: float) -> Speech:
        """A silence of any length, written as breaks of at most ten seconds."""
        remaining_ms = round(seconds * 1000)
        while remaining_ms > 0:
            chunk = min(remaining_ms, int(MAX_BREAK_SECONDS * 1000))
            self._parts.append(f'<break time="{_format_ms(chunk)}"/>')
            remaining_ms -= chunk
        return self

    def audio(self, url: str, seconds: float) -> Speech:
        if not url.startswith("https://"):
            raise SpeechLimitError(f"Alexa only plays audio over HTTPS: {url}")
        if self._audio_tags + 1 > MAX_AUDIO_TAGS:
            raise SpeechLimitError("more than five audio tags in one response")
        if self._audio_seconds + seconds > MAX_AUDIO_SECONDS:
            raise SpeechLimitError("more than 240 seconds of audio in one response")
        self._audio_tags += 1
        self._audio_seconds += seconds
        self._parts.append(f"<audio src={_quoted(url)}/>")
        return self

    def steps(self, steps: Iterable[Step]) -> Speech:
        parts = self._parts
        for step in steps:
            rendered = _rendered(step)
            if rendered:
                parts.append(rendered)
        return self

    def ssml(self) -> str:
        document = "<speak>" + " ".join(self._parts) + "</speak>"
        if len(document) >= MAX_SPEECH_CHARS:
            raise SpeechLimitError(f"speech is {len(document)} characters; Alexa allows 8000")
        return document


def to_ssml(steps: Iterable[Step]) -> str:
    return Speech().steps(steps).ssml()


@functools.lru_cache(maxsize=4096)
def _rendered(step: Step) -> str:
    """One script step as SSML; steps repeat across replies, so each is rendered once."""
    rendered = Speech()
    if isinstance(step, Say):
        rendered.say(step.text)
    elif isinstance(step, Pause):
        # Alexa's voice is not measured, so the words inside a beat take the estimated time.
        rendered.pause(step.silence(speech_seconds))
    return " ".join(rendered._parts)


def _format_ms(milliseconds: int) -> str:
    if milliseconds % 1000 == 0:
        return f"{milliseconds // 1000}s"
    return f"{milliseconds}ms"


def break_seconds(value: str) -> float | None:
    match = _BREAK_TIME.match(value.strip())
    if not match:
        return None
    number = float(match.group(1))
    return number / 1000 if match.group(2) == "ms" else number


# Characters XML 1.0 does not allow at all (control characters, lone surrogates, U+FFFE and
# U+FFFF): a slot value carrying one would make the whole response invalid SSML.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def escape_text(text: str) -> str:
    """Text as XML character data (what ``xml.sax.saxutils.escape`` does, without its import)."""
    return _NOT_XML.sub("", text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _quoted(value: str) -> str:
    """An XML attribute value in double quotes."""
    return '"' + escape_text(value).replace('"', "&quot;") + '"'


def problems(ssml: str) -> list[str]:
    """Every way this SSML breaks Alexa's rules; an empty list means it is fine."""
    found: list[str] = []
    if len(ssml) >= MAX_SPEECH_CHARS:
        found.append(f"{len(ssml)} characters (limit 8000)")
    import xml.etree.ElementTree as ElementTree  # only checks and plain text parse SSML

    try:
        root = ElementTree.fromstring(_declare_amazon_namespace(ssml))
    except ElementTree.ParseError as error:
        return [*found, f"not well-formed XML: {error}"]
    if root.tag != "speak":
        found.append(f"root element is <{root.tag}>, not <speak>")
    audio_tags = 0
    for element in root.iter():
        tag = element.tag.replace("{" + _AMAZON_NS + "}", "amazon:")
        if tag not in ALEXA_TAGS:
            found.append(f"<{tag}> is not in Alexa's SSML")
        if tag == "break":
            found.extend(_break_problems(element))
        if tag == "audio":
            audio_tags += 1
            src = element.get("src", "")
            if not src.startswith("https://"):
                found.append(f"audio src is not HTTPS: {src!r}")
    if audio_tags > MAX_AUDIO_TAGS:
        found.append(f"{audio_tags} audio tags (limit 5)")
    return found


def _break_problems(element: Element) -> list[str]:
    time, strength = element.get("time"), element.get("strength")
    if time is None:
        return [] if strength in _BREAK_STRENGTHS else [f"break without a valid time: {strength!r}"]
    seconds = break_seconds(time)
    if seconds is None:
        return [f"break time {time!r} is not in s or ms"]
    if seconds > MAX_BREAK_SECONDS:
        return [f"break of {seconds:g}s (limit 10s)"]
    return []


def _declare_amazon_namespace(ssml: str) -> str:
    if "amazon:" not in ssml or "xmlns:amazon" in ssml:
        return ssml
    return ssml.replace("<speak", f'<speak xmlns:amazon="{_AMAZON_NS}"', 1)


def plain_text(ssml: str) -> str:
    """The words of an SSML document, for cards, logs and the simulator."""
    import xml.etree.ElementTree as ElementTree

    try:
        root = ElementTree.fromstring(_declare_amazon_namespace(ssml))
    except ElementTree.ParseError:
        return re.sub(r"<[^>]+>", " ", ssml).strip()
    return " ".join(" ".join(root.itertext()).split())


def spoken_seconds(ssml: str) -> float:
    """About how long Alexa takes to say this SSML: its breaks, and its words at the calm pace."""
    breaks = sum(break_seconds(value) or 0.0 for value in re.findall(r'<break time="([^"]+)"', ssml))
    return breaks + speech_seconds(plain_text(ssml))
