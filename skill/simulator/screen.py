"""What an Echo Show would show, read from the response's APL datasource, and taps on it.

The simulator does not render APL: it reads the datasource the skill sent with its
RenderDocument directive and prints (or, in the browser, lays out) its title, text,
countdown and buttons. A tap on a button, a routine or a pain level becomes the
``Alexa.Presentation.APL.UserEvent`` the document's SendEvent would send.
"""

from __future__ import annotations

from typing import Any

RENDER = "Alexa.Presentation.APL.RenderDocument"
USER_EVENT = "Alexa.Presentation.APL.UserEvent"
DATASOURCE = "screen"


def screen_in(response: dict[str, Any]) -> dict[str, Any] | None:
    """{"document": name, "token": ..., "data": datasource} of a response's screen, if any."""
    for directive in (response.get("response") or {}).get("directives") or []:
        if directive.get("type") == RENDER:
            token = str(directive.get("token", ""))
            return {
                "document": token.rpartition("-")[2] or token,
                "token": token,
                "data": (directive.get("datasources") or {}).get(DATASOURCE) or {},
            }
    return None


def taps(screen: dict[str, Any]) -> list[tuple[str, list[Any]]]:
    """Every touchable thing on a screen: (its label, the SendEvent arguments)."""
    data = screen.get("data") or {}
    found: list[tuple[str, list[Any]]] = []
    for item in data.get("items") or []:
        found.append((str(item.get("name", "")), ["routine", item.get("id", "")]))
    for level in data.get("levels") or []:
        found.append((str(level.get("label", "")), ["pain", level.get("value")]))
    for button in data.get("buttons") or []:
        found.append((str(button.get("label", "")), [button.get("action", ""), button.get("value", "")]))
    return found


def tap_request(screen: dict[str, Any] | None, label: str) -> dict[str, Any]:
    """The UserEvent for tapping ``label`` (any case) on ``screen``; ValueError names the choices."""
    if not screen:
        raise ValueError("nothing is on screen to tap (use --interfaces screen)")
    choices = taps(screen)
    wanted = " ".join(label.lower().split())
    for name, arguments in choices:
        if " ".join(name.lower().split()) == wanted:
            return {
                "type": USER_EVENT,
                "token": screen.get("token", ""),
                "arguments": arguments,
                "source": {"type": "TouchWrapper", "handler": "Press", "id": name},
            }
    names = ", ".join(name for name, _ in choices) or "nothing"
    raise ValueError(f"no {label!r} on screen; you can tap: {names}")


def countdown_summary(data: dict[str, Any]) -> str:
    """The ring's plan in words: "hold 7 s at 31.6 s, relax, hold 7 s, ..."."""
    parts = []
    for row in data.get("segments") or []:
        start = row.get("startMs", 0) / 1000
        side = f" ({row['caption']})" if row.get("caption") else ""
        if row.get("kind") == "hold":
            parts.append(f"hold {row.get('value')} s at {start:.1f} s{side}")
        elif row.get("kind") == "rep":
            if row.get("value") == 1:  # a run of reps is one entry
                parts.append(f"reps 1-{row.get('of')} from {start:.1f} s{side}")
        else:
            parts.append(f"{str(row.get('label', row.get('kind'))).lower()} at {start:.1f} s")
    return ", ".join(parts)


def screen_lines(response: dict[str, Any]) -> list[str]:
    """What the screen shows, as the terminal prints it under the answer."""
    screen = screen_in(response)
    if screen is None:
        return []
    data = screen["data"]
    heading = " | ".join(
        str(part) for part in (data.get("title"), data.get("subtitle"), data.get("position")) if part
    )
    lines = [f"  screen [{screen['document']}]: {heading}"]
    for key in ("status", "next", "text", "call", "empty"):
        if data.get(key):
            lines.append(f"    {data[key]}")
    for line in data.get("lines") or []:
        lines.append(f"    - {line}")
    if data.get("dose"):
        lines.append(f"    {data['dose']}")
    for rule in data.get("rules") or []:
        lines.append(f"    - {rule}")
    for item in data.get("items") or []:
        lines.append(f"    [{item.get('name')}] {item.get('audience')}, {item.get('minutes')}")
    if data.get("levels"):
        lines.append("    pain scale: " + " ".join(f"[{level['label']}]" for level in data["levels"]))
    if data.get("sessions"):
        lines.append("    chart: " + ", ".join(f"{s['before']} -> {s['after']}" for s in data["sessions"]))
    if data.get("segments"):
        lines.append(f"    countdown: {countdown_summary(data)}")
    buttons = [f"[{button.get('label')}]" for button in data.get("buttons") or []]
    if buttons:
        lines.append("    buttons: " + " ".join(buttons) + "   (:tap <name>)")
    return lines
