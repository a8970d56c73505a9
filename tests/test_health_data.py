"""SKILL_HEALTH_DATA: the same conversations in both modes, and what the store holds after each."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from skill.alexa.health_data import SESSION_PAIN_REPORTS
from skill.config import Config
from skill.retention import purge_inactive_users
from skill.services.scheduler import LocalScheduler
from skill.store.sqlite import SQLiteStore
from tests.alexa import APPLICATION_ID, DEFAULT_USER, Conversation
from tests.conftest import in_process_transport
from tests.thermal_support import ICE_NAME

ICE = ("ice pack", "ice")
HEALTH_KEYS = ("pain_log", "spasm_onset")


def make_config(tmp_path: Path, mode: str, **changes: Any) -> Config:
    return Config(
        skill_id=APPLICATION_ID,
        local_dev=True,
        sqlite_path=tmp_path / "skill.sqlite3",
        health_data=mode,
        **changes,
    )


def stored(config: Config, user_id: str = DEFAULT_USER) -> dict[str, Any]:
    return SQLiteStore(config.sqlite_path).get(user_id)


def health_in(state: dict[str, Any]) -> dict[str, Any]:
    found = {key: state[key] for key in HEALTH_KEYS if key in state}
    thermal = state.get("thermal", {})
    found.update({f"thermal.{key}": thermal[key] for key in ("applications", "reminders") if key in thermal})
    return found


@pytest.fixture(params=["session", "store"])
def mode(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def setup(tmp_path: Path, mode: str) -> tuple[Config, Conversation]:
    config = make_config(tmp_path, mode)
    return config, Conversation(send=in_process_transport(config))


def test_defaults_session_for_a_deployment_and_store_for_local_development() -> None:
    assert not Config.from_env({}).keeps_health_data
    assert not Config.from_env({"SKILL_ID": "x"}).keeps_health_data
    assert Config.from_env({"SKILL_LOCAL_DEV": "1"}).keeps_health_data
    assert not Config.from_env({"SKILL_LOCAL_DEV": "1", "SKILL_HEALTH_DATA": "session"}).keeps_health_data
    assert Config.from_env({"SKILL_HEALTH_DATA": "store"}).keeps_health_data
    with pytest.raises(ValueError, match="session or store"):
        _ = Config.from_env({"SKILL_HEALTH_DATA": "forever"}).keeps_health_data


def test_pain_reports(setup: tuple[Config, Conversation], mode: str) -> None:
    config, talk = setup
    talk.open()
    talk.say("PainLevelIntent", level="7")
    said = talk.say("ProgressIntent")
    assert said.has("health_no_pain_memory") == (mode == "session")
    state = stored(config)
    if mode == "session":
        assert health_in(state) == {}
        assert state["last_used"] == talk.now.date().isoformat()
    else:
        assert [entry["level"] for entry in state["pain_log"]] == [7]
    talk.end()
    assert ("pain_log" in stored(config)) == (mode == "store")


def test_a_session_carries_only_its_latest_pain_reports(tmp_path: Path) -> None:
    # Session mode keeps them in the session, which rides in every response (24 KB at most).
    talk = Conversation(send=in_process_transport(make_config(tmp_path, "session")))
    talk.open()
    for number in range(SESSION_PAIN_REPORTS + 20):
        said = talk.say("PainLevelIntent", level=str(number % 11))
    carried = talk.attributes["_health"]["pain_log"]
    assert len(carried) == SESSION_PAIN_REPORTS and carried[-1]["level"] == (SESSION_PAIN_REPORTS + 19) % 11
    assert len(json.dumps(said.body)) < 24 * 1024


def test_the_spasm_onset(setup: tuple[Config, Conversation], mode: str) -> None:
    config, talk = setup
    talk.open()
    talk.say("SpasmOnsetIntent", onset_ago="P3D")
    assert ("spasm_onset" in stored(config)) == (mode == "store")
    # A new session: core strength asks again when the onset was not kept (the phase rule).
    said = talk.one_shot("StartRoutineIntent", routine=("core strength", "core_strength"))
    if mode == "session":
        # The first exercise of a session waits for the screening question (no red flag is kept).
        assert said.has("screening_before_exercise")
        said = talk.say("AMAZON.NoIntent")
    assert said.has("ask_onset_for_strength") == (mode == "session")
    assert ("spasm_onset" in stored(config)) == (mode == "store")


def test_a_red_flag_is_never_kept_in_session_mode(setup: tuple[Config, Conversation], mode: str) -> None:
    config, talk = setup
    talk.open()
    said = talk.say("RedFlagIntent", symptom=("my legs are numb", "leg_numbness"))
    assert said.ended
    logged = stored(config).get("pain_log", [])
    assert [entry.get("moment") for entry in logged] == ([] if mode == "session" else ["red_flag"])
    # Nor the hold that keeps exercises off until a doctor has checked (session mode asks
    # the screening question before the next session's first exercise instead).
    assert ("red_flag" in stored(config)) == (mode == "store")


def test_ice_in_session_mode_asks_about_a_recent_pack_and_still_times_it(tmp_path: Path) -> None:
    config = make_config(tmp_path, "session")
    talk = Conversation(send=in_process_transport(config))
    talk.open()
    started = talk.now
    said = talk.say("StartApplicationIntent", kind=ICE)
    assert said.has("health_recent_use_question") and not said.ended
    said = talk.say("AMAZON.NoIntent")
    assert said.has("thermal_started", minutes=20, name=ICE_NAME)  # the usual start, with its timer
    said = talk.say("StartApplicationIntent", kind=ICE)
    assert said.has("thermal_wait_still_on", name=ICE_NAME)  # known for the rest of this session
    assert health_in(stored(config)) == {}
    # The timer itself lives with Alexa (here: the local scheduler), not in the user's state.
    due = LocalScheduler(config.sqlite_path).due(started + timedelta(minutes=21), user_id=talk.user_id)
    assert [item.kind for item in due] == ["timer"]

    talk.end()
    talk.wait(minutes=30)
    said = talk.one_shot("StartApplicationIntent", kind=ICE)
    assert said.has("health_recent_use_question")  # nothing remembered, so it asks
    said = talk.say("AMAZON.YesIntent")
    assert said.has("health_recent_use_wait") and not said.has("thermal_started", minutes=20, name=ICE_NAME)
    assert health_in(stored(config)) == {}


def test_ice_in_store_mode_remembers_and_refuses_too_soon(tmp_path: Path) -> None:
    config = make_config(tmp_path, "store")
    talk = Conversation(send=in_process_transport(config))
    said = talk.one_shot("StartApplicationIntent", kind=ICE)
    assert said.has("thermal_started", minutes=20, name=ICE_NAME)
    assert len(stored(config)["thermal"]["applications"]) == 1
    talk.wait(minutes=50)
    said = talk.one_shot("StartApplicationIntent", kind=ICE)
    assert said.has("thermal_wait_skin_rest")


def test_when_did_i_last_ice_says_what_it_cannot_know(setup: tuple[Config, Conversation], mode: str) -> None:
    config, talk = setup
    said = talk.one_shot("LastApplicationIntent", kind=ICE)
    if mode == "session":
        assert said.has("health_no_thermal_memory")
    else:
        assert said.has("thermal_never", name=ICE_NAME)


def test_facts_kept_by_an_earlier_store_deployment_are_dropped_on_the_next_visit(tmp_path: Path) -> None:
    before = make_config(tmp_path, "store")
    talk = Conversation(send=in_process_transport(before))
    talk.one_shot("PainLevelIntent", level="5")
    talk.one_shot("StartApplicationIntent", kind=ICE)
    assert set(health_in(stored(before))) == {"pain_log", "thermal.applications"}
    after = make_config(tmp_path, "session")
    talk = Conversation(send=in_process_transport(after))
    talk.now += timedelta(days=1)
    talk.open()
    state = stored(after)
    assert health_in(state) == {} and state.get("seen_intro")


def test_progress_and_preferences_are_kept_in_both_modes(
    setup: tuple[Config, Conversation], mode: str
) -> None:
    config, talk = setup
    talk.open()
    said = talk.say("StartRoutineIntent", routine=("quick relief", "quick_relief"))
    if mode == "session":
        assert said.has("screening_before_exercise")
        talk.say("AMAZON.NoIntent")
    talk.say("AMAZON.PauseIntent")
    talk.say("SetBreakIntent", duration="PT1H")
    state = stored(config)
    assert state.get("last_routine") and state["thermal"]["break_minutes"] == 60


def test_retention_deletes_people_unseen_for_n_days(tmp_path: Path) -> None:
    config = make_config(tmp_path, "session", retention_days=30)
    old = Conversation(send=in_process_transport(config), user_id="amzn1.ask.account.old")
    old.one_shot("StartApplicationIntent", kind=ICE)
    old.say("AMAZON.NoIntent")  # leaves a timer in the local scheduler too
    recent = Conversation(send=in_process_transport(config), user_id="amzn1.ask.account.recent")
    recent.now = old.now + timedelta(days=20)
    recent.open()
    today = (old.now + timedelta(days=31)).date()
    assert purge_inactive_users(config, today=today) == 1
    assert stored(config, "amzn1.ask.account.old") == {}
    assert not any(SQLiteStore(config.sqlite_path).export("amzn1.ask.account.old").values())
    assert stored(config, "amzn1.ask.account.recent") != {}
    assert purge_inactive_users(config.with_overrides(retention_days=0), today=date(2030, 1, 1)) == 0
