"""When did the spasm start? Turns what Alexa heard into a moment in time.

Alexa gives one of three things: a phrase id from the ONSET_PHRASE slot type ("this
morning", "yesterday"), an ISO 8601 duration from AMAZON.DURATION ("three days" is
P3D, said as "three days ago"), or an AMAZON.DATE value ("2026-11-20", "2026-W47").
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from skill.domain import spoken

# How long ago each ONSET_PHRASE id means, as an offset from now or a time of day.
_PHRASE_AGO = {
    "just_now": timedelta(minutes=10),
    "today": timedelta(hours=3),
    "two_days_ago": timedelta(days=2),
    "few_days_ago": timedelta(days=3),
    "about_a_week": timedelta(days=7),
    "over_a_week": timedelta(days=10),
    "weeks_ago": timedelta(days=14),
}
_PHRASE_CLOCK = {
    "this_morning": (0, time(8, 0)),
    "last_night": (1, time(22, 0)),
    "yesterday": (1, time(12, 0)),
}


def parse_duration(value: str | None) -> timedelta | None:
    """An AMAZON.DURATION value (PT30S, P3D, or spoken: "three days"); None if not one."""
    return spoken.duration(value)


def from_phrase(phrase_id: str | None, now: datetime) -> datetime | None:
    if not phrase_id:
        return None
    if phrase_id in _PHRASE_AGO:
        return now - _PHRASE_AGO[phrase_id]
    if phrase_id in _PHRASE_CLOCK:
        days_back, clock = _PHRASE_CLOCK[phrase_id]
        moment = datetime.combine(now.date() - timedelta(days=days_back), clock, now.tzinfo)
        return min(moment, now)
    return None


def from_date(value: str | None, now: datetime) -> datetime | None:
    """An AMAZON.DATE value: a day, a week (2026-W47), a month; the future is taken as today."""
    value = spoken.date_value(value, now.date())
    if not value:
        return None
    day: date | None = None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            day = date.fromisoformat(value)
        elif match := re.fullmatch(r"(\d{4})-W(\d{2})(?:-WE)?", value):
            day = date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
        elif re.fullmatch(r"\d{4}-\d{2}", value):
            day = date.fromisoformat(value + "-01")
        elif value == "PRESENT_REF":
            return now
    except ValueError:
        return None
    if day is None:
        return None
    return min(datetime.combine(day, time(12, 0), now.tzinfo), now)


LONGEST_AGO = timedelta(days=100 * 365)


def from_slots(phrase_id: str | None, ago: str | None, on_date: str | None, now: datetime) -> datetime | None:
    """The onset from whichever slot Alexa filled."""
    if (span := parse_duration(ago)) is not None:
        # "ten thousand years ago" is long ago, not a date before year one.
        return now - min(span, LONGEST_AGO)
    return from_phrase(phrase_id, now) or from_date(on_date, now)


def from_stored(value: object) -> datetime | None:
    """A saved onset back as a time; None when missing or unreadable (then it is asked again)."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def hours_since(onset: datetime | None, now: datetime) -> float | None:
    if onset is None:
        return None
    return max(0.0, (now - onset).total_seconds() / 3600)
