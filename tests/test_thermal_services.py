"""The Alexa alerts client against a real loopback server, and the local scheduler."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from skill.services.alexa_api import (
    AlertsClient,
    ApiAlerts,
    Forbidden,
    PermissionMissing,
    Throttled,
    Unavailable,
)
from skill.services.scheduler import LocalAlerts, LocalScheduler
from tests.loopback_alexa_api import running

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def api():
    with running() as server:
        yield server


def test_timer_payload_and_authorization(api):
    client = AlertsClient(api.url, "token-123", "en-US")
    timer_id = client.create_timer("PT20M", "ice pack", "Time to take the ice pack off.")
    assert timer_id.startswith("timer-")
    [call] = api.calls("POST", "/v1/alerts/timers")
    assert call.headers["Authorization"] == "Bearer token-123"
    assert call.body == {
        "duration": "PT20M",
        "timerLabel": "ice pack",
        "creationBehavior": {"displayExperience": {"visibility": "VISIBLE"}},
        "triggeringBehavior": {
            "operation": {
                "type": "ANNOUNCE",
                "textToAnnounce": [{"locale": "en-US", "text": "Time to take the ice pack off."}],
            },
            "notificationConfig": {"playAudible": True},
        },
    }


def test_reminder_payload(api):
    token = AlertsClient(api.url, "t", "en-GB").create_reminder(7200, "You can use ice again.", NOW)
    [call] = api.calls("POST", "/v1/alerts/reminders")
    assert token.startswith("reminder-")
    assert call.body == {
        "requestTime": "2026-11-23T09:00:00.000",
        "trigger": {"type": "SCHEDULED_RELATIVE", "offsetInSeconds": 7200},
        "alertInfo": {"spokenInfo": {"content": [{"locale": "en-GB", "text": "You can use ice again."}]}},
        "pushNotification": {"status": "ENABLED"},
    }


@pytest.mark.parametrize(
    ("status", "error"),
    [(401, PermissionMissing), (403, Forbidden), (429, Throttled), (500, Unavailable), (503, Unavailable)],
)
def test_statuses_become_typed_errors(api, status, error):
    api.answer("POST", "/v1/alerts/timers", status, {"message": "no"})
    with pytest.raises(error):
        AlertsClient(api.url, "t", "en-US").create_timer("PT20M", "ice pack", "off")


@pytest.mark.parametrize(
    ("status", "outcome"), [(401, "permission"), (403, "failed"), (429, "failed"), (500, "failed")]
)
def test_api_alerts_never_raise(api, status, outcome):
    api.answer("POST", "/v1/alerts/timers", status)
    assert ApiAlerts(AlertsClient(api.url, "t", "en-US")).start_timer(20, "ice", "off").status == outcome


def test_a_slow_api_times_out_quickly(api):
    api.answer("POST", "/v1/alerts/timers", 200, {"id": "late"}, delay=1.0)
    with pytest.raises(Unavailable):
        AlertsClient(api.url, "t", "en-US", timeout=0.2).create_timer("PT20M", "ice pack", "off")


def test_nothing_listening_is_unavailable():
    with running() as server:
        url = server.url
    with pytest.raises(Unavailable):
        AlertsClient(url, "t", "en-US").list_reminders()


def test_local_scheduler_survives_a_restart_and_announces_once(tmp_path: Path):
    path = tmp_path / "skill.sqlite3"
    alerts = LocalAlerts(LocalScheduler(path), "user-1", NOW)
    timer = alerts.start_timer(20, "ice pack", "Time to take the ice pack off.")
    alerts.add_reminder(NOW + timedelta(hours=2, minutes=20), NOW, "You can use ice again.")
    LocalAlerts(LocalScheduler(path), "user-2", NOW).start_timer(15, "heat pack", "Heat off.")

    restarted = LocalScheduler(path)
    assert restarted.due(NOW + timedelta(minutes=19), user_id="user-1") == []
    due = restarted.due(NOW + timedelta(minutes=20), user_id="user-1")
    assert [(i.kind, i.text, i.announce_at) for i in due] == [
        ("timer", "Time to take the ice pack off.", NOW + timedelta(minutes=20))
    ]
    assert due[0].id == timer.item_id
    assert restarted.due(NOW + timedelta(minutes=20), user_id="user-1") == []
    later = restarted.due(NOW + timedelta(hours=3))
    assert {(i.user_id, i.kind) for i in later} == {("user-1", "reminder"), ("user-2", "timer")}


def test_cancelled_local_timer_is_never_announced(tmp_path: Path):
    scheduler = LocalScheduler(tmp_path / "s.sqlite3")
    alerts = LocalAlerts(scheduler, "user-1", NOW)
    timer = alerts.start_timer(20, "ice pack", "off")
    assert alerts.cancel_timer(timer.item_id).ok
    assert scheduler.due(NOW + timedelta(hours=1)) == []


def test_local_scheduler_shares_the_store_file(tmp_path: Path):
    from skill.store.sqlite import SQLiteStore

    path = tmp_path / "skill.sqlite3"
    store = SQLiteStore(path)
    store.put("user-1", {"thermal": {"break_minutes": 60}})
    LocalScheduler(path).add("user-1", "timer", NOW, "off")
    assert store.get("user-1") == {"thermal": {"break_minutes": 60}}
    assert len(LocalScheduler(path).pending("user-1")) == 1


def test_a_removed_database_is_not_recreated_and_timers_fall_back(tmp_path: Path):
    path = tmp_path / "skill.sqlite3"
    scheduler = LocalScheduler(path)
    alerts = LocalAlerts(scheduler, "user-1", NOW)
    assert alerts.start_timer(20, "ice pack", "off").ok
    path.unlink()

    outcome = alerts.start_timer(20, "ice pack", "off")
    assert not outcome.ok and outcome.reason == "no_scheduler"
    assert not alerts.cancel_timer("1").ok
    assert alerts.reminders({})[0].reason == "no_scheduler"
    assert not path.exists()  # recreating it empty would hide that every save was lost
