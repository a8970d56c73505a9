"""When the spasm started, from what Alexa heard; and ISO 8601 durations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from skill.domain.onset import (
    from_date,
    from_phrase,
    from_slots,
    from_stored,
    hours_since,
    parse_duration,
)

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("PT30S", timedelta(seconds=30)),
        ("PT20S", timedelta(seconds=20)),
        ("PT1M30S", timedelta(seconds=90)),
        ("PT1H", timedelta(hours=1)),
        ("P3D", timedelta(days=3)),
        ("P1W", timedelta(days=7)),
        ("pt10s", timedelta(seconds=10)),
        ("PT0.5S", timedelta(seconds=0.5)),
    ],
)
def test_durations(value: str, expected: timedelta) -> None:
    assert parse_duration(value) == expected


@pytest.mark.parametrize("value", [None, "", "P", "PT", "?", "PT-5S", "P3X"])
def test_not_durations(value: str | None) -> None:
    assert parse_duration(value) is None


def test_this_morning_and_yesterday_are_times_of_day() -> None:
    assert from_phrase("this_morning", NOW) == datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    assert from_phrase("yesterday", NOW) == datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    early = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
    assert from_phrase("this_morning", early) == early, "never in the future"


def test_phrases_that_are_offsets() -> None:
    assert from_phrase("few_days_ago", NOW) == NOW - timedelta(days=3)
    assert from_phrase("unknown_phrase", NOW) is None and from_phrase(None, NOW) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-20", datetime(2026, 11, 20, 12, 0, tzinfo=UTC)),
        ("2026-W47", datetime(2026, 11, 16, 12, 0, tzinfo=UTC)),
        ("2026-11", datetime(2026, 11, 1, 12, 0, tzinfo=UTC)),
        ("2026-12-25", NOW),
        ("PRESENT_REF", NOW),
        ("2026-13-40", None),
        ("soon", None),
    ],
)
def test_dates(value: str, expected: datetime | None) -> None:
    assert from_date(value, NOW) == expected


def test_slots_prefer_the_duration_then_the_phrase_then_the_date() -> None:
    assert from_slots("yesterday", "P3D", "2026-11-01", NOW) == NOW - timedelta(days=3)
    assert from_slots("this_morning", None, "2026-11-01", NOW).hour == 8
    assert from_slots(None, None, "2026-11-20", NOW).day == 20
    assert from_slots(None, None, None, NOW) is None


def test_hours_since() -> None:
    assert hours_since(NOW - timedelta(days=2), NOW) == 48
    assert hours_since(NOW + timedelta(hours=1), NOW) == 0
    assert hours_since(None, NOW) is None


def test_a_stored_onset_reads_back_or_is_forgotten() -> None:
    assert from_stored("2026-11-23T08:00+00:00") == datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    assert from_stored("2026-11-23T08:00") == datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    assert from_stored("last tuesday") is None and from_stored(None) is None
    assert from_stored(17) is None


def test_an_onset_ten_thousand_years_ago_is_long_ago_not_an_error() -> None:
    now = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    found = from_slots(None, "P9999Y", None, now)
    assert found is not None and now - found >= timedelta(days=99 * 365)
