"""The database file is watched, and a store that cannot be read is said, not hidden.

A running server whose file is replaced, moved or removed notices, saves nothing into
the wrong file, keeps a copy of everything saved, and tells each person plainly.
"""

from __future__ import annotations

import json
import sqlite3
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from skill.config import Config
from skill.store.sqlite import SQLiteStore
from tests.alexa import Conversation, Said, envelope, intent_request

PEOPLE = 20


def person(number: int) -> str:
    return f"amzn1.ask.account.watched-{number}"


def post(base: str, body: dict[str, Any]) -> Said:
    request = urllib.request.Request(
        f"{base}/alexa", data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as reply:
        assert reply.status == 200
        return Said(json.loads(reply.read()))


def report_pain(base: str, number: int, level: int) -> Said:
    return post(
        base, envelope(intent_request("PainLevelIntent", level=str(level)), new=True, user_id=person(number))
    )


def rows(path: Path) -> dict[str, dict[str, Any]]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        return {
            user: json.loads(text)
            for user, text in connection.execute("SELECT user_id, attributes FROM user_attributes")
        }


def files_of(database: Path) -> list[Path]:
    return [database.with_name(database.name + suffix) for suffix in ("", "-wal", "-shm")]


@pytest.mark.parametrize("change", ["replaced", "moved", "removed"])
def test_a_database_file_changed_under_the_server_loses_nothing(
    live_server: str, config: Config, tmp_path: Path, change: str
) -> None:
    database = Path(config.sqlite_path)
    for number in range(PEOPLE):
        report_pain(live_server, number, 3 + number % 5)
    saved = rows(database)
    assert len(saved) == PEOPLE
    aside = tmp_path / "aside"
    aside.mkdir()
    stranger = tmp_path / "stranger.sqlite3"
    if change == "replaced":
        SQLiteStore(stranger).put("stranger", {"seen_intro": "x"})
        with sqlite3.connect(stranger) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # all of it in the file
    for path in files_of(database):
        if path.exists():
            if change == "moved":
                path.rename(aside / path.name)
            else:
                path.unlink()
    if change == "replaced":
        stranger.rename(database)

    answers = [report_pain(live_server, number, 9) for number in range(PEOPLE)]
    for said in answers:
        assert said.has("history_unavailable") and not said.has("error"), said.text
        assert not said.ended

    if change == "replaced":
        assert set(rows(database)) == {"stranger"}, "nothing was saved into the wrong file"
    else:
        assert not database.exists(), "a missing file is never recreated empty"
    [rescued] = database.parent.glob(database.name + ".rescued-*")
    assert rows(rescued) == saved, "everything saved before the change is in the copy"
    if change == "moved":
        for path in aside.iterdir():
            path.rename(database.with_name(path.name))
        # Person 0 carries on in the same session: what they said meanwhile is saved now.
        said = post(
            live_server,
            envelope(
                intent_request("PainLevelIntent", level="4"),
                new=False,
                attributes=answers[0].body["sessionAttributes"],
                user_id=person(0),
            ),
        )
        assert not said.has("history_unavailable")
        assert [entry["level"] for entry in rows(database)[person(0)]["pain_log"]] == [3, 9, 4]


def corrupt(database: Path, user_id: str) -> None:
    with sqlite3.connect(database) as connection:
        connection.execute(
            "UPDATE user_attributes SET attributes = '{not json' WHERE user_id = ?", (user_id,)
        )


def test_an_unreadable_state_is_said_not_hidden_and_never_overwritten(
    talk: Conversation, config: Config
) -> None:
    talk.open()
    talk.say("PainLevelIntent", level="6")
    talk.say("AMAZON.StopIntent")
    corrupt(Path(config.sqlite_path), talk.user_id)

    said = talk.open()
    assert not said.has("welcome_first"), "not greeted as new"
    assert said.has("history_unavailable") and not said.ended
    said = talk.say("ProgressIntent")
    assert said.has("progress_unavailable")
    assert not said.has("progress_nothing")
    said = talk.say("PainLevelIntent", level="4")
    assert said.has("pain_noted", level=4) and said.has("history_unavailable")
    talk.say("AMAZON.StopIntent")
    with sqlite3.connect(config.sqlite_path) as connection:
        [(text,)] = connection.execute("SELECT attributes FROM user_attributes")
    assert text == "{not json", "nothing was saved over the real state"


def test_how_am_i_doing_while_the_store_is_away_says_so(
    talk: Conversation, config: Config, tmp_path: Path
) -> None:
    talk.open()
    talk.say("PainLevelIntent", level="6")
    talk.say("AMAZON.StopIntent")
    talk.open()
    database = Path(config.sqlite_path)
    moved = [(path, tmp_path / (path.name + ".away")) for path in files_of(database) if path.exists()]
    for path, away in moved:
        path.rename(away)
    said = talk.say("ProgressIntent")
    assert said.has("progress_unavailable") and said.has("history_unavailable")
    assert not said.has("progress_nothing")
    talk.say("PainLevelIntent", level="4")
    for path, away in moved:
        away.rename(path)
    assert talk.say("ProgressIntent").has("trend_down", first=6, latest=4)
