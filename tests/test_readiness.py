"""/healthz says the process answers; /readyz says whether real requests can be served."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from skill.audio.build import build
from skill.audio.tracks import TrackRef
from skill.config import Config
from skill.web.app import create_app
from skill.web.health import readiness_problems
from tests.alexa import APPLICATION_ID


def probe(config: Config) -> tuple[int, dict, int]:
    client = create_app(config).test_client()
    ready = client.get("/readyz")
    return ready.status_code, ready.get_json(), client.get("/healthz").status_code


def test_a_configured_server_is_ready(tmp_path: Path) -> None:
    status, body, health = probe(Config(skill_id=APPLICATION_ID, sqlite_path=tmp_path / "s.sqlite3"))
    assert (status, body, health) == (200, {"status": "ready"}, 200)


def test_no_skill_id_with_verification_on_is_not_ready(tmp_path: Path) -> None:
    status, body, health = probe(Config(sqlite_path=tmp_path / "s.sqlite3"))
    assert status == 503 and health == 200, "liveness stays 200"
    assert body["status"] == "not ready"
    assert any("SKILL_ID" in problem and "refused" in problem for problem in body["problems"])
    # Local development turns verification off on purpose: then no id is needed.
    assert probe(Config(local_dev=True, sqlite_path=tmp_path / "s.sqlite3"))[0] == 200


def test_a_store_that_becomes_unreadable_is_not_ready(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    client = create_app(Config(skill_id=APPLICATION_ID, sqlite_path=store)).test_client()
    assert client.get("/readyz").status_code == 200
    # Replaced under the running server (a bad restore, a full disk's leftovers).
    for leftover in tmp_path.glob("s.sqlite3*"):
        leftover.unlink()
    store.write_bytes(b"this is not a database, " * 100)
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert any("cannot be read" in p and str(store) in p for p in ready.get_json()["problems"])


def test_a_store_folder_that_cannot_be_made_is_not_ready(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    problems = readiness_problems(Config(skill_id=APPLICATION_ID, sqlite_path=blocker / "db" / "s.sqlite3"))
    assert len(problems) == 1 and "cannot be created" in problems[0]


def test_hands_free_without_an_audio_library_is_not_ready(tmp_path: Path) -> None:
    empty = tmp_path / "audio"
    empty.mkdir()
    base = {
        "skill_id": APPLICATION_ID,
        "sqlite_path": tmp_path / "s.sqlite3",
        "audio_base_url": "https://audio.example.test",
    }
    status, body, _ = probe(Config(**base, audio_dir=empty))
    assert status == 503 and any("skill.audio build" in p for p in body["problems"])
    # Without the base URL hands-free is off, so no library is needed.
    assert (
        probe(Config(skill_id=APPLICATION_ID, sqlite_path=tmp_path / "s.sqlite3", audio_dir=empty))[0] == 200
    )


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("audio")
    build(
        directory,
        engine="espeak",
        texts=[],
        refs=[TrackRef("quick_relief", 1, True, False)],
        show_progress=False,
    )
    return directory


def test_a_built_library_is_ready_and_a_missing_track_is_named(library: Path, tmp_path: Path) -> None:
    copy = Path(shutil.copytree(library, tmp_path / "audio"))
    config = Config(
        skill_id=APPLICATION_ID,
        sqlite_path=tmp_path / "s.sqlite3",
        audio_base_url="https://audio.example.test",
        audio_dir=copy,
    )
    assert probe(config)[0] == 200
    for track in copy.glob("track-*.mp3"):
        track.unlink()
    status, body, _ = probe(config)
    assert status == 503 and any("1 tracks are missing" in p for p in body["problems"])
