"""The pain log: check-ins from 0 to 10 and a short, honest trend."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from skill.domain import spoken

MAX_ENTRIES = 500
MIN_LEVEL, MAX_LEVEL = 0, 10


def valid_level(value: Any) -> int | None:
    """A pain score from 0 to 10, from Alexa's "6" or a spoken "six"; None otherwise."""
    level = spoken.number(value)
    if level is None or not MIN_LEVEL <= level <= MAX_LEVEL:
        return None
    return level


def record(
    log: list[dict[str, Any]], level: int | None, moment: str, at: datetime, **details: str
) -> list[dict[str, Any]]:
    """Append an entry; ``moment`` is before, during, after, checkin or sharp."""
    entry: dict[str, Any] = {"moment": moment, "at": at.isoformat(timespec="seconds"), **details}
    if level is not None:
        entry["level"] = level
    log.append(entry)
    del log[:-MAX_ENTRIES]
    return log


@dataclass(frozen=True)
class Trend:
    checkins: int
    first: int | None
    latest: int | None
    sharp_episodes: int

    @property
    def direction(self) -> str:
        """ "down", "up", "same" or "unknown"."""
        if self.first is None or self.latest is None or self.checkins < 2:
            return "unknown"
        if self.latest < self.first:
            return "down"
        if self.latest > self.first:
            return "up"
        return "same"


def trend(log: list[dict[str, Any]]) -> Trend:
    levels = [entry["level"] for entry in log if "level" in entry]
    return Trend(
        checkins=len(levels),
        first=levels[0] if levels else None,
        latest=levels[-1] if levels else None,
        sharp_episodes=sum(1 for entry in log if entry.get("moment") == "sharp"),
    )
