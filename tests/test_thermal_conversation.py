"""Ice and heat conversations without an Alexa API: advice, guard, local timers, restarts."""

from __future__ import annotations

from datetime import timedelta

import pytest

from skill.config import Config
from skill.services.scheduler import LocalScheduler
from skill.store.sqlite import SQLiteStore
from skill.web.app import create_app
from tests.alexa import DEFAULT_USER, Conversation
from tests.conftest import http_transport, in_process_transport

ICE = ("ice pack", "ice")
HEAT = ("heating pad", "heat")


@pytest.mark.parametrize(
    ("heard", "phrase_id", "advice"),
    [
        ("this morning", "this_morning", "use cold"),
        ("yesterday", "yesterday", "use cold"),
        ("three days ago", "few_days_ago", "use cold"),
        ("about a week", "about_a_week", "use heat"),
    ],
)
def test_asks_when_it_started_then_advises(talk: Conversation, heard, phrase_id, advice):
    talk.open()
    said = talk.say("IceOrHeatIntent")
    assert "when the spasm started" in said and not said.ended
    said = talk.say("SpasmOnsetIntent", onset_phrase=(heard, phrase_id))
    assert advice in said
    assert "towel or cloth between your skin and the pack" in said
    if advice == "use heat":
        assert "never sleep on a heating pad" in said
        assert "15 minutes" in said
    else:
        assert "15 to 20 minutes" in said
    more = talk.say("MoreDetailIntent")  # "tell me more": the details kept out of the short answer
    assert "break of 2 hours" in more and "set my break to one hour" in more
    if advice == "use cold":
        assert "only numbs" in more


def test_onset_as_a_duration_three_days_ago(talk: Conversation):
    talk.open()
    talk.say("IceOrHeatIntent")
    said = talk.say("SpasmOnsetIntent", onset_ago="P3D")
    assert "use cold" in said


@pytest.mark.parametrize(("ago", "advice"), [("PT47H", "use cold"), ("PT73H", "use heat")])
def test_ice_heat_boundary(talk: Conversation, ago, advice):
    said = talk.one_shot("IceOrHeatIntent", onset_ago=ago)
    assert advice in said and "first two to three days" in said


def test_known_onset_is_not_asked_again(talk: Conversation):
    talk.open()
    talk.say("IceOrHeatIntent", onset_phrase=("yesterday", "yesterday"))
    talk.wait(hours=1)
    said = talk.one_shot("IceOrHeatIntent")
    assert "use cold" in said


def test_alternating_in_one_short_sentence(talk: Conversation):
    said = talk.one_shot("AlternateIntent")
    assert "Heat for 20 minutes, a 20 minute break, then cold for 20 minutes" in said.text
    assert "cloth" in said


@pytest.mark.parametrize(
    ("kind", "expected", "absent"),
    [
        (("heat pack", "heat"), ["rice", "damp towel", "dryer"], "frozen peas"),
        (("ice pack", "ice"), ["frozen peas", "crushed ice"], "rice"),
        (None, ["frozen peas", "rice"], None),
    ],
)
def test_home_packs(talk: Conversation, kind, expected, absent):
    said = talk.one_shot("HomePackIntent", **({"kind": kind} if kind else {}))
    for words in expected:
        assert words in said
    if absent:
        assert absent not in said


def test_ice_goes_on_with_a_local_timer_and_reminder(talk: Conversation, config: Config):
    talk.open()
    started_at = talk.now
    said = talk.say("StartApplicationIntent", kind=ICE)
    assert "20 minutes of ice" in said and "tell you when to take it off" in said
    assert "Would you like a reminder in 2 hours and 20 minutes" in said.text
    said = talk.say("AMAZON.YesIntent")
    assert "I'll remind you in 2 hours and 20 minutes" in said
    said = talk.say("ListRemindersIntent")
    assert "one reminder" in said and "You can use your ice pack again" in said

    scheduler = LocalScheduler(config.sqlite_path)
    due = scheduler.due(started_at + timedelta(minutes=20, seconds=30), user_id=talk.user_id)
    assert [(item.kind, item.text) for item in due] == [
        ("timer", "Time to take the ice pack off; give your skin a rest.")
    ]
    later = scheduler.due(started_at + timedelta(hours=3))
    assert [item.kind for item in later] == ["reminder"]


def test_no_thanks_to_the_reminder(talk: Conversation):
    talk.open()
    talk.say("StartApplicationIntent", kind=HEAT)
    said = talk.say("AMAZON.NoIntent")
    assert "no reminder" in said and not said.ended


def test_heat_reminds_never_to_sleep_on_it(talk: Conversation):
    said = talk.one_shot("StartApplicationIntent", kind=HEAT)
    assert "15 minutes of heat" in said and "Never fall asleep on a heating pad" in said.text


def test_ice_again_too_soon_is_refused_with_the_reason(talk: Conversation):
    talk.one_shot("StartApplicationIntent", kind=ICE)
    talk.wait(minutes=50)
    said = talk.one_shot("StartApplicationIntent", kind=ICE)
    assert "wait 1 hour and 30 minutes more" in said.text or "wait 1 hour and 29 minutes" in said.text
    assert "skin needs that rest" in said
    talk.wait(minutes=95)
    said = talk.one_shot("StartApplicationIntent", kind=ICE)
    assert "20 minutes of ice" in said


def test_a_pack_still_on(talk: Conversation):
    talk.one_shot("StartApplicationIntent", kind=ICE)
    said = talk.one_shot("StartApplicationIntent", kind=ICE)
    assert "still on" in said


def test_break_changed_by_voice(talk: Conversation):
    said = talk.one_shot("SetBreakIntent", duration="PT1H")
    assert "1 hour between applications" in said
    talk.one_shot("StartApplicationIntent", kind=ICE)
    talk.wait(minutes=50)
    said = talk.one_shot("StartApplicationIntent", kind=ICE)
    assert "wait 30 minutes more" in said.text or "wait 29 minutes more" in said.text
    talk.one_shot("IceOrHeatIntent", onset_phrase=("yesterday", "yesterday"))
    assert "break of 1 hour" in talk.say("MoreDetailIntent")


@pytest.mark.parametrize(
    ("duration", "answer"),
    [
        ("PT5M", "at least 20 minutes"),
        ("PT12H", "between 20 minutes and 6 hours"),
        (None, "didn't get the length"),
        ("banana", "didn't get the length"),
    ],
)
def test_bad_break_is_explained_and_keeps_the_old_one(talk: Conversation, duration, answer):
    said = talk.one_shot("SetBreakIntent", **({"duration": duration} if duration else {}))
    assert answer in said and not said.ended
    talk.one_shot("IceOrHeatIntent", onset_phrase=("yesterday", "yesterday"))
    assert "break of 2 hours" in talk.say("MoreDetailIntent")


def test_cancel_the_ice_timer(talk: Conversation, config: Config):
    talk.open()
    started_at = talk.now
    talk.say("StartApplicationIntent", kind=ICE)
    said = talk.say("CancelTimerIntent", kind=("ice", "ice"))
    assert "cancelled your ice timer" in said
    assert LocalScheduler(config.sqlite_path).due(started_at + timedelta(hours=1)) == []
    said = talk.say("CancelTimerIntent")
    assert "no ice or heat timer running" in said


def test_when_did_i_last_ice(talk: Conversation):
    said = talk.one_shot("LastApplicationIntent")
    assert "haven't used ice or heat" in said
    talk.one_shot("StartApplicationIntent", kind=ICE)
    talk.wait(minutes=40)
    said = talk.one_shot("LastApplicationIntent", kind=("ice", "ice"))
    assert "You last used ice 40 minutes ago, for 20 minutes" in said.text
    assert "You can use ice again in 1 hour and 40 minutes" in said.text
    said = talk.one_shot("LastApplicationIntent", kind=HEAT)
    assert "haven't used heat" in said


def test_no_reminders(talk: Conversation):
    assert "no reminders" in talk.one_shot("ListRemindersIntent")


def test_guard_and_history_hold_after_a_restart(config: Config):
    first = Conversation(send=http_transport(create_app(config)))
    first.one_shot("StartApplicationIntent", kind=ICE)
    # A new process on the same database file.
    second = Conversation(send=in_process_transport(config), now=first.now + timedelta(minutes=30))
    said = second.one_shot("LastApplicationIntent")
    assert "You last used ice 30 minutes ago" in said.text
    said = second.one_shot("StartApplicationIntent", kind=ICE)
    assert "skin needs that rest" in said
    due = LocalScheduler(config.sqlite_path).due(second.now, user_id=second.user_id)
    assert [item.kind for item in due] == ["timer"]


def test_starting_without_a_kind_uses_the_advice_or_asks(talk: Conversation):
    said = talk.one_shot("StartApplicationIntent")
    assert "ice or heat" in said and not said.ended
    talk.one_shot("IceOrHeatIntent", onset_ago="P10D")
    said = talk.one_shot("StartApplicationIntent")
    assert "15 minutes of heat" in said


@pytest.mark.parametrize(
    "ask",
    [
        ("IceOrHeatIntent", {}),
        ("StartRoutineIntent", {"routine": ("core strength", "core_strength")}),
    ],
)
def test_an_unreadable_saved_onset_is_asked_again(config: Config, ask):
    SQLiteStore(config.sqlite_path).put(
        DEFAULT_USER, {"seen_intro": "2026-11-01T09:00:00+00:00", "spasm_onset": "last tuesday-ish"}
    )
    talk = Conversation(send=in_process_transport(config))
    talk.open()
    intent, slots = ask
    said = talk.say(intent, **slots)
    assert "when" in said and "start" in said and not said.ended
