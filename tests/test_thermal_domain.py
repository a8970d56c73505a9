"""The ice and heat rules on their own: phases, durations, the guard, alternating, breaks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from skill.domain.onset import from_slots, hours_since
from skill.domain.thermal import (
    ALTERNATING,
    DEFAULT_BREAK_MINUTES,
    HEAT,
    ICE,
    MAX_MINUTES,
    Application,
    guard,
    history_of,
    minutes_for,
    next_allowed,
    phase,
    plan,
    save_history,
    valid_break,
)

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("hours", "kind"), [(0, ICE), (24, ICE), (47, ICE), (72, ICE), (73, HEAT), (24 * 7, HEAT), (None, None)]
)
def test_cold_in_the_first_three_days_then_heat(hours, kind):
    assert phase(hours) == kind


@pytest.mark.parametrize(
    ("phrase_id", "ago", "kind"),
    [
        ("this_morning", None, ICE),
        ("yesterday", None, ICE),
        ("few_days_ago", None, ICE),  # "three days ago"
        (None, "P3D", ICE),  # AMAZON.DURATION for "three days" ago
        ("about_a_week", None, HEAT),
        (None, "P1W", HEAT),
    ],
)
def test_spoken_onsets_choose_the_right_kind(phrase_id, ago, kind):
    onset = from_slots(phrase_id, ago, None, NOW)
    assert phase(hours_since(onset, NOW)) == kind


def test_no_application_is_longer_than_twenty_minutes():
    assert minutes_for(ICE) == 20
    assert minutes_for(HEAT) == 15
    assert all(minutes_for(kind) <= MAX_MINUTES for kind in (ICE, HEAT))
    assert plan(ICE, NOW).end - NOW == timedelta(minutes=20)


def test_default_break_is_the_conservative_couple_of_hours():
    assert DEFAULT_BREAK_MINUTES == 120


def test_guard_waits_for_the_skin_rest_after_the_pack_came_off():
    ice = plan(ICE, NOW)  # ends 09:20, next allowed 11:20
    wait = guard([ice], ICE, NOW + timedelta(minutes=50))
    assert wait is not None and wait.minutes == 90 and wait.reason == "skin_rest"
    assert guard([ice], ICE, NOW + timedelta(minutes=140)) is None
    assert next_allowed([ice], ICE) == NOW + timedelta(minutes=140)


def test_guard_while_the_pack_is_still_on():
    wait = guard([plan(ICE, NOW)], ICE, NOW + timedelta(minutes=5))
    assert wait is not None and wait.reason == "still_on" and wait.minutes == 135


def test_guard_follows_the_chosen_break():
    ice = plan(ICE, NOW)
    assert guard([ice], ICE, NOW + timedelta(minutes=60), break_minutes=60).minutes == 20
    assert guard([ice], ICE, NOW + timedelta(minutes=80), break_minutes=60) is None


def test_switching_kind_follows_the_alternating_break():
    heat = plan(HEAT, NOW)  # ends 09:15
    assert guard([heat], ICE, NOW + timedelta(minutes=30)).minutes == 5
    assert guard([heat], ICE, NOW + timedelta(minutes=35)) is None


def test_alternating_cycle_is_heat_break_cold_twenty_each():
    assert ALTERNATING == ((HEAT, 20), ("break", 20), (ICE, 20))


@pytest.mark.parametrize(
    ("minutes", "accepted"), [(60, 60), (20, 20), (120, 120), (360, 360), (5, None), (19, None), (600, None)]
)
def test_break_must_stay_in_the_safe_range(minutes, accepted):
    assert valid_break(minutes) == accepted


def test_history_round_trips_through_the_user_dict():
    user: dict = {}
    first = Application(ICE, NOW, NOW + timedelta(minutes=20), "timer-1", "alexa")
    save_history(user, [first, plan(HEAT, NOW + timedelta(hours=5))])
    assert history_of(user)[0] == first
    assert history_of(user)[1].kind == HEAT
