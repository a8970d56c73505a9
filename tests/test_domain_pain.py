"""The pain log and its trend."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from skill.domain import pain

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("spoken", "level"),
    [
        ("0", 0),
        ("6", 6),
        (" 10 ", 10),
        ("11", None),
        ("-1", None),
        ("six", 6),
        ("a three", 3),
        (None, None),
        ("?", None),
    ],
)
def test_valid_levels_are_zero_to_ten(spoken: str | None, level: int | None) -> None:
    assert pain.valid_level(spoken) == level


def test_record_keeps_moment_time_and_details_and_trims() -> None:
    log: list[dict] = []
    pain.record(log, 6, "before", NOW, routine="quick_relief")
    assert log == [
        {"moment": "before", "at": "2026-11-23T09:00:00+00:00", "level": 6, "routine": "quick_relief"}
    ]
    pain.record(log, None, "sharp", NOW, exercise="pelvic_tilt")
    assert "level" not in log[-1]
    for _ in range(pain.MAX_ENTRIES + 5):
        pain.record(log, 3, "checkin", NOW)
    assert len(log) == pain.MAX_ENTRIES


@pytest.mark.parametrize(
    ("levels", "direction"),
    [([], "unknown"), ([5], "unknown"), ([7, 6, 4], "down"), ([3, 6], "up"), ([5, 2, 5], "same")],
)
def test_trend_compares_first_and_latest(levels: list[int], direction: str) -> None:
    log: list[dict] = []
    for level in levels:
        pain.record(log, level, "checkin", NOW)
    pain.record(log, None, "sharp", NOW)
    trend = pain.trend(log)
    assert trend.direction == direction
    assert trend.checkins == len(levels) and trend.sharp_episodes == 1
    if levels:
        assert (trend.first, trend.latest) == (levels[0], levels[-1])
