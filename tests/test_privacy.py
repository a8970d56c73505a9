"""What the skill keeps about a person, how it forgets them, and what its logs never say."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from skill.config import Config
from skill.logfmt import user_hash
from skill.store.erasure import _erasers, register_eraser
from skill.store.sqlite import SQLiteStore
from skill.userdata import main as userdata
from tests.alexa import DEFAULT_USER, Conversation, envelope

OTHER_USER = "amzn1.ask.account.SOMEONE-ELSE"


def skill_disabled(user_id: str = DEFAULT_USER) -> dict[str, Any]:
    """The event Alexa sends when a person disables the skill."""
    return envelope(
        {
            "type": "AlexaSkillEvent.SkillDisabled",
            "eventCreationTime": "2026-11-23T10:00:00Z",
            "eventPublishingTime": "2026-11-23T10:00:01Z",
            "body": {"userInformationPersistenceStatus": "PERSISTED"},
        },
        new=False,
        user_id=user_id,
    )


@pytest.fixture
def notes_dir(tmp_path: Path) -> Iterator[Path]:
    """A feature keeping a file per user elsewhere, registered for erasure and export."""
    folder = tmp_path / "notes"
    folder.mkdir()

    def erase(user_id: str) -> None:
        (folder / user_hash(user_id)).unlink(missing_ok=True)

    def export(user_id: str) -> str | None:
        note = folder / user_hash(user_id)
        return note.read_text() if note.exists() else None

    register_eraser(erase, export=export)
    yield folder
    _erasers[:] = [entry for entry in _erasers if entry[0] is not erase]


def side_table(path: Path, *rows: tuple[str, str]) -> None:
    """Another feature's table in the same SQLite file."""
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE IF NOT EXISTS reminders (user_id TEXT, note TEXT)")
        connection.executemany("INSERT INTO reminders VALUES (?, ?)", rows)


def side_rows(path: Path, user_id: str) -> list[tuple[str]]:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT note FROM reminders WHERE user_id = ?", (user_id,)).fetchall()


def test_disabling_the_skill_forgets_everything_about_that_person(
    talk: Conversation, config: Config, notes_dir: Path
) -> None:
    talk.one_shot("PainLevelIntent", level="6")
    someone_else = Conversation(send=talk.send, user_id=OTHER_USER)
    someone_else.one_shot("PainLevelIntent", level="4")
    side_table(config.sqlite_path, (DEFAULT_USER, "stretch at noon"), (OTHER_USER, "walk"))
    (notes_dir / user_hash(DEFAULT_USER)).write_text("a note")
    store = SQLiteStore(config.sqlite_path)
    assert store.get(DEFAULT_USER)["pain_log"]

    answer = talk.send(skill_disabled())

    assert "outputSpeech" not in answer.get("response", {})
    assert store.get(DEFAULT_USER) == {}
    assert side_rows(config.sqlite_path, DEFAULT_USER) == []
    assert not (notes_dir / user_hash(DEFAULT_USER)).exists()
    assert store.get(OTHER_USER)["pain_log"][0]["level"] == 4
    assert side_rows(config.sqlite_path, OTHER_USER) == [("walk",)]


def test_a_returning_person_after_disabling_starts_fresh(talk: Conversation) -> None:
    talk.one_shot("PainLevelIntent", level="6")
    talk.send(skill_disabled())
    said = talk.one_shot("ProgressIntent")
    assert "6" not in said.text


def test_the_userdata_command_exports_then_deletes_one_person(
    talk: Conversation, config: Config, notes_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    talk.one_shot("PainLevelIntent", level="7")
    side_table(config.sqlite_path, (DEFAULT_USER, "stretch at noon"))
    (notes_dir / user_hash(DEFAULT_USER)).write_text("a note")

    assert userdata(["export", DEFAULT_USER], config=config) == 0
    exported = json.loads(capsys.readouterr().out)
    assert exported["attributes"]["pain_log"][0]["level"] == 7
    assert exported["tables"]["reminders"] == [{"user_id": DEFAULT_USER, "note": "stretch at noon"}]
    assert "a note" in exported["features"].values()

    assert userdata(["delete", DEFAULT_USER], config=config) == 0
    assert "deleted" in capsys.readouterr().out
    assert SQLiteStore(config.sqlite_path).get(DEFAULT_USER) == {}
    assert side_rows(config.sqlite_path, DEFAULT_USER) == []
    assert not (notes_dir / user_hash(DEFAULT_USER)).exists()


def test_the_userdata_command_runs_from_the_shell(talk: Conversation, config: Config) -> None:
    talk.one_shot("PainLevelIntent", level="3")
    env = {**os.environ, "SKILL_SQLITE_PATH": str(config.sqlite_path)}
    exported = subprocess.run(
        [sys.executable, "-m", "skill.userdata", "export", DEFAULT_USER],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(exported.stdout)["attributes"]["pain_log"][0]["level"] == 3
    subprocess.run(
        [sys.executable, "-m", "skill.userdata", "delete", DEFAULT_USER],
        env=env,
        capture_output=True,
        check=True,
    )
    assert SQLiteStore(config.sqlite_path).get(DEFAULT_USER) == {}


def test_the_userdata_command_refuses_an_unknown_action(config: Config) -> None:
    with pytest.raises(SystemExit) as stopped:
        userdata(["publish", DEFAULT_USER], config=config)
    assert stopped.value.code == 2


def test_logs_carry_request_facts_but_no_ids_or_what_was_said(
    http_talk: Conversation, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        http_talk.open()
        http_talk.say("PainLevelIntent", level="9")
        http_talk.say("CountdownIntent", duration="PT37S")
    assert DEFAULT_USER not in caplog.text
    assert "PT37S" not in caplog.text
    assert '"level"' not in caplog.text
    handled = [
        json.loads(record.getMessage())
        for record in caplog.records
        if record.getMessage().startswith('{"event":"handled"')
    ]
    assert [line.get("intent") for line in handled] == [None, "PainLevelIntent", "CountdownIntent"]
    assert handled[0]["type"] == "LaunchRequest"
    for line in handled:
        assert line["request_id"].startswith("amzn1.echo-api.request.")
        assert line["user"] == user_hash(DEFAULT_USER)
        assert line["ms"] >= 0


def test_user_hashes_are_stable_salted_and_not_the_id() -> None:
    from skill.logfmt import set_salt

    first = user_hash(DEFAULT_USER)
    assert first == user_hash(DEFAULT_USER) and DEFAULT_USER not in first
    set_salt("deployment secret")
    try:
        assert user_hash(DEFAULT_USER) != first
    finally:
        set_salt("")


@pytest.mark.parametrize("target", ["missing", "directory", "not sqlite", "other sqlite", "empty file"])
@pytest.mark.parametrize("action", ["export", "delete"])
def test_the_userdata_command_refuses_a_file_that_is_not_a_skill_database(
    tmp_path: Path, action: str, target: str
) -> None:
    path = tmp_path / "mistyped.sqlite3"
    if target == "directory":
        path.mkdir()
    elif target == "not sqlite":
        path.write_text("these are somebody's notes\n")
    elif target == "other sqlite":
        with sqlite3.connect(path) as connection:
            connection.execute("CREATE TABLE photos (name TEXT)")
    elif target == "empty file":
        path.touch()
    before = sorted(p.name for p in tmp_path.rglob("*"))
    env = {**os.environ, "SKILL_SQLITE_PATH": str(path), "SKILL_STORE": "sqlite"}
    done = subprocess.run(
        [sys.executable, "-m", "skill.userdata", action, DEFAULT_USER],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "refusing" in done.stderr and "deleted" not in done.stdout
    assert sorted(p.name for p in tmp_path.rglob("*")) == before, "nothing was created"
