"""Ice and heat conversations without an Alexa API: advice, guard, local timers, restarts."""

from __future__ import annotations

from datetime import timedelta

import pytest

from skill.config import Config
from skill.domain.content import load_content
from skill.services.scheduler import LocalScheduler
from skill.store.sqlite import SQLiteStore
from skill.web.app import create_app
from tests.alexa import DEFAULT_USER, Conversation
from tests.conftest import http_transport, in_process_transport
from tests.thermal_support import HEAT_NAME, ICE_NAME, span

ICE = ("ice pack", "ice")
HEAT = ("heating pad", "heat")
PHRASES = load_content("en-US").phrases


@pytest.mark.parametrize(
    ("heard", "phrase_id", "advice"),
    [
        ("this morning", "this_morning", "thermal_advice_ice"),
        ("yesterday", "yesterday", "thermal_advice_ice"),
        ("three days ago", "few_days_ago", "thermal_advice_ice"),
        ("about a week", "about_a_week", "thermal_advice_heat"),
        ("i'm not sure", "unknown", "thermal_advice_ice"),  # not sure: the safe reading, a fresh one
    ],
)
def test_asks_when_it_started_then_advises(talk: Conversation, heard, phrase_id, advice):
    talk.open()
    said = talk.say("IceOrHeatIntent")
    assert said.has("thermal_ask_onset") and not said.ended
    said = talk.say("SpasmOnsetIntent", onset_phrase=(heard, phrase_id))
    assert said.has(advice)  # which, how long, and (for heat) never sleep on it
    assert said.has("thermal_towel")
    more = talk.say("MoreDetailIntent")  # "tell me more": the details kept out of the short answer
    assert more.has("thermal_break_note", span=span(120))
    assert more.has("thermal_numb_note") == (advice == "thermal_advice_ice")


def test_onset_as_a_duration_three_days_ago(talk: Conversation):
    talk.open()
    talk.say("IceOrHeatIntent")
    said = talk.say("SpasmOnsetIntent", onset_ago="P3D")
    assert said.has("thermal_advice_ice")


@pytest.mark.parametrize(
    ("ago", "advice"), [("PT47H", "thermal_advice_ice"), ("PT73H", "thermal_advice_heat")]
)
def test_ice_heat_boundary(talk: Conversation, ago, advice):
    said = talk.one_shot("IceOrHeatIntent", onset_ago=ago)
    assert said.has(advice)


def test_known_onset_is_not_asked_again(talk: Conversation):
    talk.open()
    talk.say("IceOrHeatIntent", onset_phrase=("yesterday", "yesterday"))
    talk.wait(hours=1)
    said = talk.one_shot("IceOrHeatIntent")
    assert said.has("thermal_advice_ice")


def test_alternating_in_one_short_sentence(talk: Conversation):
    said = talk.one_shot("AlternateIntent")
    assert said.has("thermal_alternate")


@pytest.mark.parametrize(
    ("kind", "expected", "absent"),
    [
        (("heat pack", "heat"), ["thermal_home_heat"], "thermal_home_ice"),
        (("ice pack", "ice"), ["thermal_home_ice"], "thermal_home_heat"),
        (None, ["thermal_home_ice", "thermal_home_heat"], None),
    ],
)
def test_home_packs(talk: Conversation, kind, expected, absent):
    said = talk.one_shot("HomePackIntent", **({"kind": kind} if kind else {}))
    for key in expected:
        assert said.has(key)
    if absent:
        assert not said.has(absent)


def test_i_dont_have_a_fever_is_no_home_pack(talk: Conversation):
    # "i don't have a {kind}" with a word that is no pack: not understood, not a pack speech.
    talk.open()
    said = talk.say("HomePackIntent", kind="fever")
    assert said.has("fallback_menu")
    assert not said.has("thermal_home_ice") and not said.has("thermal_home_heat")


def test_ice_goes_on_with_a_local_timer_and_reminder(talk: Conversation, config: Config):
    talk.open()
    started_at = talk.now
    said = talk.say("StartApplicationIntent", kind=ICE)
    assert said.has("thermal_started", minutes=20, name=ICE_NAME) and said.has("thermal_timer_local")
    assert said.has("thermal_offer_reminder", span=span(140), name=ICE_NAME)
    said = talk.say("AMAZON.YesIntent")
    assert said.has("thermal_reminder_local", span=span(140))
    said = talk.say("ListRemindersIntent")
    assert said.has("thermal_reminders_one") and said.has("thermal_reminder_text_ice")

    scheduler = LocalScheduler(config.sqlite_path)
    due = scheduler.due(started_at + timedelta(minutes=20, seconds=30), user_id=talk.user_id)
    assert [item.kind for item in due] == ["timer"]
    assert due[0].text in PHRASES.variants("thermal_timer_announce_ice")
    later = scheduler.due(started_at + timedelta(hours=3))
    assert [item.kind for item in later] == ["reminder"]


def test_no_thanks_to_the_reminder(talk: Conversation):
    talk.open()
    talk.say("StartApplicationIntent", kind=HEAT)
    said = talk.say("AMAZON.NoIntent")
    assert said.has("thermal_no_reminder") and not said.ended


def test_heat_reminds_never_to_sleep_on_it(talk: Conversation):
    said = talk.one_shot("StartApplicationIntent", kind=HEAT)
    assert said.has("thermal_started", minutes=15, name=HEAT_NAME) and said.has("thermal_never_sleep")


def test_ice_again_too_soon_is_refused_with_the_reason(talk: Conversation):
    talk.one_shot("StartApplicationIntent", kind=ICE)
    talk.wait(minutes=50)
    said = talk.one_shot("StartApplicationIntent", kind=ICE)
    assert any(said.has("thermal_wait_skin_rest", span=span(left), name=ICE_NAME) for left in (90, 89))
    talk.wait(minutes=95)
    said = talk.one_shot("StartApplicationIntent", kind=ICE)
    assert said.has("thermal_started", minutes=20, name=ICE_NAME)


def test_a_pack_still_on(talk: Conversation):
    talk.one_shot("StartApplicationIntent", kind=ICE)
    said = talk.one_shot("StartApplicationIntent", kind=ICE)
    assert said.has("thermal_wait_still_on", name=ICE_NAME)


def test_break_changed_by_voice(talk: Conversation):
    said = talk.one_shot("SetBreakIntent", duration="PT1H")
    assert said.has("thermal_break_set", span=span(60))
    talk.one_shot("StartApplicationIntent", kind=ICE)
    talk.wait(minutes=50)
    said = talk.one_shot("StartApplicationIntent", kind=ICE)
    assert any(said.has("thermal_wait_skin_rest", span=span(left), name=ICE_NAME) for left in (30, 29))
    talk.one_shot("IceOrHeatIntent", onset_phrase=("yesterday", "yesterday"))
    assert talk.say("MoreDetailIntent").has("thermal_break_note", span=span(60))


@pytest.mark.parametrize(
    ("duration", "answer"),
    [
        ("PT5M", "thermal_break_too_short"),
        ("PT12H", "thermal_break_too_long"),
        (None, "thermal_break_not_understood"),
        ("banana", "thermal_break_not_understood"),
    ],
)
def test_bad_break_is_explained_and_keeps_the_old_one(talk: Conversation, duration, answer):
    said = talk.one_shot("SetBreakIntent", **({"duration": duration} if duration else {}))
    assert said.has(answer) and not said.ended
    talk.one_shot("IceOrHeatIntent", onset_phrase=("yesterday", "yesterday"))
    assert talk.say("MoreDetailIntent").has("thermal_break_note", span=span(120))


def test_cancel_the_ice_timer(talk: Conversation, config: Config):
    talk.open()
    started_at = talk.now
    talk.say("StartApplicationIntent", kind=ICE)
    said = talk.say("CancelTimerIntent", kind=("ice", "ice"))
    assert said.has("thermal_timer_cancelled", name=ICE_NAME)
    assert LocalScheduler(config.sqlite_path).due(started_at + timedelta(hours=1)) == []
    said = talk.say("CancelTimerIntent")
    assert said.has("thermal_no_timer_any")


def test_when_did_i_last_ice(talk: Conversation):
    said = talk.one_shot("LastApplicationIntent")
    assert said.has("thermal_never_any")
    talk.one_shot("StartApplicationIntent", kind=ICE)
    talk.wait(minutes=40)
    said = talk.one_shot("LastApplicationIntent", kind=("ice", "ice"))
    assert said.has("thermal_last", name=ICE_NAME, span=span(40), minutes=20)
    assert said.has("thermal_ready_in", name=ICE_NAME, span=span(100))
    said = talk.one_shot("LastApplicationIntent", kind=HEAT)
    assert said.has("thermal_never", name=HEAT_NAME)


def test_how_long_is_left_with_a_pack_on_is_the_packs_time(talk: Conversation):
    talk.one_shot("StartApplicationIntent", kind=ICE)
    talk.wait(minutes=5)
    said = talk.one_shot("TimeLeftIntent")
    assert said.has("thermal_last_on_now", name=ICE_NAME, span=span(5), left=span(15))
    assert not said.has("routines_take")
    talk.wait(minutes=20)  # the pack is off: the question is about routines again
    assert talk.one_shot("TimeLeftIntent").has("routines_take")


def test_no_reminders(talk: Conversation):
    assert talk.one_shot("ListRemindersIntent").has("thermal_reminders_none")


def test_guard_and_history_hold_after_a_restart(config: Config):
    first = Conversation(send=http_transport(create_app(config)))
    first.one_shot("StartApplicationIntent", kind=ICE)
    # A new process on the same database file.
    second = Conversation(send=in_process_transport(config), now=first.now + timedelta(minutes=30))
    said = second.one_shot("LastApplicationIntent")
    assert said.has("thermal_last", name=ICE_NAME, span=span(30))
    said = second.one_shot("StartApplicationIntent", kind=ICE)
    assert said.has("thermal_wait_skin_rest", name=ICE_NAME)
    due = LocalScheduler(config.sqlite_path).due(second.now, user_id=second.user_id)
    assert [item.kind for item in due] == ["timer"]


def test_starting_without_a_kind_uses_the_advice_or_asks(talk: Conversation):
    said = talk.one_shot("StartApplicationIntent")
    assert said.has("thermal_which_kind") and not said.ended
    talk.one_shot("IceOrHeatIntent", onset_ago="P10D")
    said = talk.one_shot("StartApplicationIntent")
    assert said.has("thermal_started", minutes=15, name=HEAT_NAME)


@pytest.mark.parametrize(
    ("ask", "question"),
    [
        (("IceOrHeatIntent", {}), "thermal_ask_onset"),
        (("StartRoutineIntent", {"routine": ("core strength", "core_strength")}), "ask_onset_for_strength"),
    ],
)
def test_an_unreadable_saved_onset_is_asked_again(config: Config, ask, question):
    SQLiteStore(config.sqlite_path).put(
        DEFAULT_USER, {"seen_intro": "2026-11-01T09:00:00+00:00", "spasm_onset": "last tuesday-ish"}
    )
    talk = Conversation(send=in_process_transport(config))
    talk.open()
    intent, slots = ask
    said = talk.say(intent, **slots)
    assert said.has(question) and not said.ended
