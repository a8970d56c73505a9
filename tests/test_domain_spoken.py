"""One normaliser for built-in slot values: Alexa's canonical form and the spoken one."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from skill.domain import spoken

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("6", 6),
        ("six", 6),
        ("Six", 6),
        ("a six", 6),
        ("about three", 3),
        ("maybe four", 4),
        ("seven out of ten", 7),
        ("twenty five", 25),
        ("6.0", 6),
        ("", None),
        (None, None),
        ("sixish", None),
        ("five five", None),
    ],
)
def test_number_accepts_canonical_and_spoken(value: str | None, expected: int | None) -> None:
    assert spoken.number(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("PT30S", timedelta(seconds=30)),
        ("thirty seconds", timedelta(seconds=30)),
        ("P5D", timedelta(days=5)),
        ("five days", timedelta(days=5)),
        ("PT1H30M", timedelta(hours=1, minutes=30)),
        ("an hour and a half", timedelta(hours=1, minutes=30)),
        ("about a week", timedelta(days=7)),
        ("30 seconds", timedelta(seconds=30)),
        ("", None),
        (None, None),
        ("soon", None),
        ("P", None),
    ],
)
def test_duration_accepts_canonical_and_spoken(value: str | None, expected: timedelta | None) -> None:
    assert spoken.duration(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-20", "2026-11-20"),
        ("2026-W47", "2026-W47"),
        ("yesterday", "2026-11-22"),
        ("monday", "2026-11-23"),
        ("november twentieth", "2026-11-20"),
        ("whenever", None),
        (None, None),
    ],
)
def test_date_accepts_canonical_and_spoken(value: str | None, expected: str | None) -> None:
    assert spoken.date_value(value, TODAY) == expected


def test_the_simulator_reads_spoken_values_with_the_same_parsers() -> None:
    from skill.simulator import resolver

    assert resolver.spoken is spoken


def test_a_duration_too_long_for_any_clock_is_none() -> None:
    assert spoken.iso_duration("PT1000000000000000000000S") is None
    assert spoken.duration("P100000000000D") is None
