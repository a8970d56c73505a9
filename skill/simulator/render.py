"""What Alexa would say, as readable text: pauses shown, reprompt, card, directives, timing."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from typing import Any

from skill.alexa.ssml import break_seconds
from skill.domain.script import speech_seconds
from skill.simulator.screen import screen_lines

_AMAZON_NS = "https://amazon.com/ssml"


@dataclass(frozen=True)
class Segment:
    """A piece of speech: words to say, a pause in seconds, or an audio clip."""

    kind: str  # "say", "pause" or "audio"
    text: str = ""
    seconds: float = 0.0

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "seconds": self.seconds}


def segments(ssml: str) -> list[Segment]:
    """The speech in order, consecutive pauses joined (Alexa's 10 s breaks make one long hold)."""
    if not ssml:
        return []
    if "amazon:" in ssml and "xmlns:amazon" not in ssml:
        ssml = ssml.replace("<speak", f'<speak xmlns:amazon="{_AMAZON_NS}"', 1)
    try:
        root = ElementTree.fromstring(ssml)
    except ElementTree.ParseError:
        return [Segment("say", " ".join(re.sub(r"<[^>]+>", " ", ssml).split()))]
    found: list[Segment] = []

    def add(segment: Segment) -> None:
        if segment.kind == "say" and not segment.text:
            return
        if found and found[-1].kind == segment.kind and segment.kind in {"say", "pause"}:
            last = found.pop()
            text = f"{last.text} {segment.text}".strip()
            segment = Segment(last.kind, text, last.seconds + segment.seconds)
        found.append(segment)

    def walk(element: ElementTree.Element) -> None:
        tag = element.tag.split("}")[-1]
        if tag == "break":
            seconds = break_seconds(element.get("time", "")) or _strength_seconds(element.get("strength"))
            add(Segment("pause", seconds=seconds))
        elif tag == "audio":
            add(Segment("audio", element.get("src", "")))
        add(Segment("say", " ".join((element.text or "").split())))
        for child in element:
            walk(child)
            add(Segment("say", " ".join((child.tail or "").split())))

    walk(root)
    return found


def _strength_seconds(strength: str | None) -> float:
    return {"none": 0.0, "x-weak": 0.1, "weak": 0.25, "medium": 0.5, "strong": 0.75, "x-strong": 1.0}.get(
        strength or "medium", 0.5
    )


def spoken_seconds(ssml: str) -> float:
    """About how long Alexa takes to say this, pauses included."""
    total = 0.0
    for segment in segments(ssml):
        if segment.kind == "pause":
            total += segment.seconds
        elif segment.kind == "say":
            total += speech_seconds(segment.text)
    return total


def readable(ssml: str) -> str:
    """Speech as text with pauses shown like "[pause 10s]"."""
    parts = []
    for segment in segments(ssml):
        if segment.kind == "pause":
            parts.append(f"[pause {segment.seconds:g}s]")
        elif segment.kind == "audio":
            parts.append(f"[audio {segment.text}]")
        else:
            parts.append(segment.text)
    return " ".join(parts)


def describe_directive(directive: dict[str, Any]) -> str:
    """One line for a directive: what a person would notice on a device."""
    kind = directive.get("type", "?")
    if kind == "Dialog.ElicitSlot":
        intent = (directive.get("updatedIntent") or {}).get("name", "")
        return f"{kind}: asks for '{directive.get('slotToElicit', '')}' of {intent}"
    if kind == "AudioPlayer.Play":
        stream = (directive.get("audioItem") or {}).get("stream") or {}
        return f"{kind}: {stream.get('url', '')} ({directive.get('playBehavior', '')})"
    if kind.startswith("Connections."):
        return f"{kind}: {directive.get('uri') or directive.get('name', '')}"
    if kind.startswith("Alexa.Presentation.APL"):
        return f"{kind}: {directive.get('token', '')}"
    details = {k: v for k, v in directive.items() if k != "type"}
    return f"{kind}: {json.dumps(details)[:160]}" if details else kind


def transcript(exchange: Any, *, raw: bool = False) -> str:
    """A readable account of one exchange (see session.Exchange)."""
    lines: list[str] = []
    if exchange.utterance:
        lines.append(f"you> {exchange.utterance}")
    resolution = exchange.resolution
    if resolution is not None:
        lines.append(f"  heard: {heard(resolution)}")
    if exchange.note:
        lines.append(f"  note: {exchange.note}")
    if raw and exchange.request:
        lines.append("  request:\n" + _indent(json.dumps(exchange.request, indent=2)))
    if not exchange.response:
        return "\n".join(lines)
    if raw:
        lines.append("  response:\n" + _indent(json.dumps(exchange.response, indent=2)))
    said = exchange.said
    speech = readable(said.ssml) or said.response.get("outputSpeech", {}).get("text", "")
    lines.append(f"alexa> {speech}" if speech else "alexa> (says nothing)")
    if said.reprompt_ssml:
        lines.append(f"  reprompt: {readable(said.reprompt_ssml)}")
    if said.card:
        card = said.card
        body = " ".join(str(card.get("content", card.get("text", ""))).split())
        lines.append(f"  card: {card.get('title', '')} | {body}")
    for directive in said.directives:
        lines.append(f"  directive: {describe_directive(directive)}")
    lines += screen_lines(exchange.response)
    for problem in exchange.problems:
        lines.append(f"  PROBLEM: {problem}")
    state = "ended" if said.ended or "response" not in exchange.response else "open"
    lines.append(
        f"  [session {state} | {exchange.elapsed_ms:.0f} ms | speech ~{spoken_seconds(said.ssml):.0f} s]"
    )
    return "\n".join(lines)


def device_line(exchange: Any) -> str:
    """One line for a request the device sent by itself, and what the skill told the player."""
    request = exchange.request.get("request", {})
    kind = request.get("type", "?")
    where = ""
    if "offsetInMilliseconds" in request:
        where = f" {request.get('token', '')} at {request['offsetInMilliseconds'] / 1000:.1f} s"
    answer = "; ".join(describe_directive(d) for d in exchange.said.directives)
    return f"  device> {kind}{where}" + (f" -> {answer}" if answer else "")


def heard(resolution: Any) -> str:
    if resolution.request_type != "IntentRequest":
        return resolution.request_type + (" (opens the skill)" if resolution.opens_skill else "")
    slots = " ".join(
        f"{name}={value.value}"
        + (f" -> {value.resolved_id}" if value.resolved_id else "")
        + (" (no match)" if not value.matched else "")
        for name, value in resolution.slots.items()
    )
    one_shot = " (one-shot)" if resolution.opens_skill else ""
    return f"{resolution.intent}{one_shot}" + (f"  {slots}" if slots else "")


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())
