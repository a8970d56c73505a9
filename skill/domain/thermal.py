"""Ice or heat: which, for how long, and when the next application is allowed.

Plain rules from the source articles (see DOMAIN.md): cold in the first two to three
days (000, 002), heat afterwards (000); never more than 20 minutes at a time; a skin
rest between applications. The articles disagree on that rest (20 minutes in 001 and
004, a couple of hours in 002), so the default is the conservative two hours, which the
person can change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

ICE = "ice"
HEAT = "heat"
KINDS = (ICE, HEAT)

# Cold up to and including 72 hours after onset ("the first two to three days").
COLD_PHASE_HOURS = 72.0
# The onset is stored to the minute, so "three days ago" may read a few seconds over 72 h.
ONSET_RESOLUTION_HOURS = 1 / 60
MAX_MINUTES = 20
MINUTES = {ICE: 20, HEAT: 15}  # cold 15-20 (000, 002), heat 15 (000)
DEFAULT_BREAK_MINUTES = 120  # "a couple of hours" (002), the safe side
MIN_BREAK_MINUTES = 20  # the shortest rest any article gives (001, 004)
MAX_BREAK_MINUTES = 6 * 60
# Alternating hot and cold (004): heat 20, break 20, cold 20.
ALTERNATING = ((HEAT, 20), ("break", 20), (ICE, 20))
HISTORY_LIMIT = 30


def phase(hours_since_onset: float | None) -> str | None:
    """The recommended kind for a spasm this old, or None when the onset is unknown."""
    if hours_since_onset is None:
        return None
    return ICE if hours_since_onset <= COLD_PHASE_HOURS + ONSET_RESOLUTION_HOURS else HEAT


def minutes_for(kind: str) -> int:
    return min(MINUTES[kind], MAX_MINUTES)


def normalise_kind(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip().lower()
    return value if value in KINDS else None


@dataclass(frozen=True)
class Application:
    kind: str
    start: datetime
    end: datetime
    timer_id: str = ""
    timer_via: str = ""  # "alexa", "local" or "" when no timer was set

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "start": self.start.isoformat(timespec="seconds"),
            "end": self.end.isoformat(timespec="seconds"),
            "timer_id": self.timer_id,
            "timer_via": self.timer_via,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Application:
        return cls(
            kind=data["kind"],
            start=datetime.fromisoformat(data["start"]),
            end=datetime.fromisoformat(data["end"]),
            timer_id=data.get("timer_id", ""),
            timer_via=data.get("timer_via", ""),
        )


def plan(kind: str, now: datetime) -> Application:
    return Application(kind=kind, start=now, end=now + timedelta(minutes=minutes_for(kind)))


def break_for(previous: Application, kind: str, break_minutes: int) -> timedelta:
    """Skin rest before ``kind`` may follow ``previous``: the person's break for the same
    kind, the alternating 20 minutes (004) when switching between hot and cold."""
    if previous.kind == kind:
        return timedelta(minutes=break_minutes)
    return timedelta(minutes=min(break_minutes, ALTERNATING[1][1]))


@dataclass(frozen=True)
class Wait:
    minutes: int
    reason: str  # "still_on" (a pack is on now) or "skin_rest"


def guard(
    history: list[Application], kind: str, now: datetime, break_minutes: int = DEFAULT_BREAK_MINUTES
) -> Wait | None:
    """How long to wait before applying ``kind`` again, or None when it is fine now."""
    if not history:
        return None
    last = max(history, key=lambda item: item.end)
    if now < last.end:
        return Wait(_ceil_minutes(last.end - now + break_for(last, kind, break_minutes)), "still_on")
    allowed = last.end + break_for(last, kind, break_minutes)
    if now < allowed:
        return Wait(_ceil_minutes(allowed - now), "skin_rest")
    return None


def next_allowed(
    history: list[Application], kind: str, break_minutes: int = DEFAULT_BREAK_MINUTES
) -> datetime | None:
    if not history:
        return None
    last = max(history, key=lambda item: item.end)
    return last.end + break_for(last, kind, break_minutes)


def valid_break(minutes: float) -> int | None:
    """A break the skill accepts (whole minutes), or None if outside the safe range."""
    rounded = round(minutes)
    return rounded if MIN_BREAK_MINUTES <= rounded <= MAX_BREAK_MINUTES else None


def split_minutes(minutes: int) -> tuple[int, int]:
    """(hours, minutes) for speaking a span."""
    return divmod(max(0, minutes), 60)


def _ceil_minutes(span: timedelta) -> int:
    seconds = span.total_seconds()
    return max(1, int(-(-seconds // 60)))


# History kept in the user's stored state ------------------------------------------------


def history_of(user: dict[str, Any]) -> list[Application]:
    return [Application.from_dict(item) for item in thermal_state(user).get("applications", [])]


def save_history(user: dict[str, Any], history: list[Application]) -> None:
    thermal_state(user)["applications"] = [item.to_dict() for item in history[-HISTORY_LIMIT:]]


def thermal_state(user: dict[str, Any]) -> dict[str, Any]:
    state: dict[str, Any] = user.setdefault("thermal", {})
    return state


def break_minutes_of(user: dict[str, Any]) -> int:
    return int(thermal_state(user).get("break_minutes", DEFAULT_BREAK_MINUTES))


@dataclass(frozen=True)
class Outcome:
    """What happened when the skill tried to set a timer or reminder."""

    status: str  # "set", "local", "permission", "failed"
    item_id: str = ""
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.status in {"set", "local"}
