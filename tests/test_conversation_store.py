"""A busy or missing store: the person hears a short note, carries on, and loses nothing."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

import pytest
from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.exceptions import PersistenceException
from ask_sdk_model import RequestEnvelope

from skill.alexa.builder import build_skill
from skill.config import Config
from skill.domain.content import load_content
from skill.store import sqlite as sqlite_store
from skill.store.sqlite import user_id_of
from tests.alexa import Conversation

CONTENT = load_content("en-US")


@pytest.fixture(autouse=True)
def short_busy_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    """A locked store is waited on for 5 s in production; 50 ms keeps these tests quick."""
    monkeypatch.setattr(sqlite_store, "BUSY_TIMEOUT_MS", 50)


@pytest.fixture
def database(config: Config) -> Path:
    return Path(config.sqlite_path)


def lock(database: Path) -> sqlite3.Connection:
    """Another process holding SQLite's write lock, as a long write or a backup would."""
    other = sqlite3.connect(database, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    return other


def test_a_busy_store_is_mentioned_and_nothing_is_lost(talk: Conversation, database: Path) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=("quick relief", "quick_relief"))
    holder = lock(database)
    try:
        said = talk.say("PainLevelIntent", level="6")
        assert said.has("pain_noted", level=6) and said.has("store_unavailable") and not said.ended
        said = talk.say("AMAZON.NextIntent")
        assert said.has("exercise_heading", number=2, total=4, name="Knees to chest")
        assert said.has("store_unavailable")
    finally:
        holder.close()
    said = talk.say("AMAZON.NextIntent")
    assert said.has("exercise_heading", number=3, total=4, name="Pelvic tilt")
    assert not said.has("store_unavailable")
    talk.say("AMAZON.StopIntent")
    said = talk.open()
    assert said.has("welcome_back_continue", exercise="pelvic tilt")
    said = talk.say("AMAZON.YesIntent")
    assert CONTENT.exercises["pelvic_tilt"].steps[0] not in said, "learned while the store was busy"
    assert CONTENT.exercises["pelvic_tilt"].cue in said
    talk.say("PainLevelIntent", level="4")
    assert talk.say("ProgressIntent").has("trend_down", first=6, latest=4)


def move_away(database: Path) -> list[tuple[Path, Path]]:
    moved = []
    for path in database.parent.glob(database.name + "*"):
        aside = path.with_name(path.name + ".aside")
        path.rename(aside)
        moved.append((aside, path))
    return moved


def test_a_missing_store_is_mentioned_and_nothing_is_lost_once_it_is_back(
    talk: Conversation, database: Path
) -> None:
    talk.open()
    talk.say("PainLevelIntent", level="7")
    talk.say("StartRoutineIntent", routine=("quick relief", "quick_relief"))
    moved = move_away(database)
    said = talk.say("AMAZON.NextIntent")
    assert said.has("exercise_heading", number=2, total=4, name="Knees to chest")
    assert said.has("history_unavailable")
    assert not said.ended
    said = talk.say("PainLevelIntent", level="5")
    assert said.has("pain_noted", level=5) and said.has("history_unavailable")
    for aside, path in moved:
        aside.rename(path)
    said = talk.say("AMAZON.NextIntent")
    assert said.has("exercise_heading", number=3, total=4, name="Pelvic tilt")
    assert not said.has("history_unavailable")
    talk.say("AMAZON.StopIntent")
    said = talk.open()
    assert said.has("welcome_back_continue", exercise="pelvic tilt")
    said = talk.say("ProgressIntent")
    assert said.has("trend_down", first=7, latest=5), (
        "check-ins from before and during the outage are both kept"
    )


def test_a_store_path_that_turns_unusable_still_lets_the_person_stretch(
    talk: Conversation, database: Path
) -> None:
    talk.open()
    talk.say("AMAZON.StopIntent")
    for path in database.parent.glob(database.name + "*"):
        path.unlink()
    database.mkdir()  # the path now names a directory: SQLite cannot open it
    said = talk.open()
    assert said.has("welcome_back") and not said.has("welcome_first"), "not greeted as new"
    assert said.has("history_unavailable") and not said.ended
    said = talk.say("StartRoutineIntent", routine=("quick relief", "quick_relief"))
    assert said.has("exercise_heading", number=1, total=4) and said.has("history_unavailable")
    said = talk.say("AMAZON.NextIntent")
    assert said.has("exercise_heading", number=2, total=4) and said.has("history_unavailable")


def test_a_pause_while_the_store_is_busy_is_kept_for_the_next_session(
    talk: Conversation, database: Path
) -> None:
    talk.open()
    talk.say("StartRoutineIntent", routine=("desk stretches", "desk_stretches"))
    talk.say("AMAZON.NextIntent")
    talk.say("AMAZON.NextIntent")
    holder = lock(database)
    try:
        said = talk.say("AMAZON.NextIntent")
        assert said.has("exercise_heading", number=4, total=6, name="Seated forward bend")
        assert said.has("store_unavailable")
        said = talk.say("AMAZON.PauseIntent")
        assert said.ended and said.has("store_unavailable_end")
    finally:
        holder.close()
    talk.wait(hours=1)
    said = talk.one_shot("AMAZON.ResumeIntent")
    assert said.has("exercise_heading", number=4, total=6, name="Seated forward bend")
    assert not said.has("store_unavailable")
    talk.say("AMAZON.StopIntent")
    assert talk.open().has("welcome_back_continue", exercise="seated forward bend")


class MemoryAdapter(AbstractPersistenceAdapter):
    """A store with no merging (like a plain key-value service) that can be switched off."""

    def __init__(self) -> None:
        self.saved: dict[str, dict] = {}
        self.down = False

    def get_attributes(self, request_envelope: RequestEnvelope) -> dict:
        if self.down:
            raise PersistenceException("store is down")
        return json.loads(json.dumps(self.saved.get(user_id_of(request_envelope), {})))

    def save_attributes(self, request_envelope: RequestEnvelope, attributes: dict) -> None:
        self.saved[user_id_of(request_envelope)] = json.loads(json.dumps(attributes))

    def delete_attributes(self, request_envelope: RequestEnvelope) -> None:
        self.saved.pop(user_id_of(request_envelope), None)


def talking_to(config: Config, adapter: AbstractPersistenceAdapter) -> Conversation:
    """A conversation with the skill built on ``adapter``, in process."""
    skill = build_skill(config, adapter)

    def send(body: dict) -> dict:
        request = skill.serializer.deserialize(payload=json.dumps(body), obj_type=RequestEnvelope)
        return skill.serializer.serialize(skill.invoke(request_envelope=request, context=None))

    return Conversation(send=send)


def test_a_store_that_cannot_merge_is_never_overwritten_after_a_failed_read(config: Config) -> None:
    adapter = MemoryAdapter()
    talk = talking_to(config, adapter)
    talk.open()
    talk.say("PainLevelIntent", level="7")
    adapter.down = True  # reads fail; writes would still go through
    said = talk.say("PainLevelIntent", level="5")
    assert said.has("history_unavailable")
    assert [entry["level"] for entry in next(iter(adapter.saved.values()))["pain_log"]] == [7]
    adapter.down = False
    said = talk.say("ProgressIntent")
    assert said.has("trend_down", first=7, latest=5) and not said.has("store_unavailable")


class NoErasureRecords(MemoryAdapter):
    """A store that answers loads and saves but fails when asked about erasures."""

    def erased_since(self, request_envelope: RequestEnvelope, since: str) -> bool:
        raise PersistenceException("the erasure records cannot be read")


def test_kept_changes_are_saved_when_the_erasure_check_fails(config: Config) -> None:
    adapter = NoErasureRecords()
    talk = talking_to(config, adapter)
    talk.open()
    adapter.down = True
    said = talk.say("PainLevelIntent", level="5")
    assert said.has("history_unavailable") and not said.ended
    adapter.down = False
    said = talk.say("ProgressIntent")  # the store is back: the kept check-in is saved now
    assert not said.has("error") and not said.has("history_unavailable")
    assert [entry["level"] for entry in next(iter(adapter.saved.values()))["pain_log"]] == [5]


def test_a_removed_file_is_not_recreated_empty_by_another_thread(tmp_path: Path) -> None:
    """The development server answers each request on a new thread, with a new connection."""
    store = sqlite_store.SQLiteStore(tmp_path / "store.sqlite3")
    store.put("someone", {"learned": ["cat_cow"]})
    for path in tmp_path.glob("store.sqlite3*"):
        path.rename(path.with_name(path.name + ".aside"))
    failures: list[Exception] = []

    def read() -> None:
        try:
            store.get("someone")
        except sqlite3.Error as error:
            failures.append(error)

    worker = threading.Thread(target=read)
    worker.start()
    worker.join()
    assert failures and isinstance(failures[0], sqlite_store.StoreFileChanged)
    assert not (tmp_path / "store.sqlite3").exists()


def keep_a_check_in_for_a_retry(talk: Conversation, database: Path) -> None:
    """A check-in of 6 saved, then one of 7 the busy store could not take: kept in the session."""
    talk.open()
    talk.say("PainLevelIntent", level="6")
    holder = lock(database)
    try:
        said = talk.say("PainLevelIntent", level="7")
        assert said.has("store_unavailable") and not said.ended
    finally:
        holder.close()


def test_changes_kept_for_a_retry_do_not_come_back_after_an_erasure(
    talk: Conversation, database: Path
) -> None:
    keep_a_check_in_for_a_retry(talk, database)
    sqlite_store.SQLiteStore(database).delete(talk.user_id)  # the person disables the skill
    talk.say("AMAZON.HelpIntent")  # the old session's next turn carries the kept changes
    assert sqlite_store.SQLiteStore(database).get(talk.user_id).get("pain_log") is None


def test_changes_kept_for_a_retry_are_saved_when_no_erasure_came_between(
    talk: Conversation, database: Path
) -> None:
    keep_a_check_in_for_a_retry(talk, database)
    talk.say("AMAZON.HelpIntent")
    levels = [e["level"] for e in sqlite_store.SQLiteStore(database).get(talk.user_id)["pain_log"]]
    assert levels == [6, 7]


@pytest.mark.parametrize("held", ["not a dict", ["a", "list"], 7])
def test_a_mangled_unsaved_copy_in_the_session_is_ignored(
    talk: Conversation, database: Path, held: object
) -> None:
    talk.open()
    talk.say("PainLevelIntent", level="6")
    talk.attributes = {**talk.attributes, "_unsaved_user": held, "_unsaved_base": held}
    moved = move_away(database)
    said = talk.say("ProgressIntent")
    assert not said.has("error") and said.has("history_unavailable") and not said.ended
    for aside, path in moved:
        aside.rename(path)
    talk.say("PainLevelIntent", level="4")
    assert talk.say("ProgressIntent").has("trend_down", first=6, latest=4), (
        "the check-in stored earlier is kept"
    )
