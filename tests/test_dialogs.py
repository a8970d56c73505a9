"""Every scripted dialog in tests/dialogs/*.yaml runs as a test, in-process and over HTTP.

Hands-free dialogs play real tracks: the quick relief routine is built with espeak-ng once,
and the simulated player reads each track's length from its file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from skill.audio.build import build
from skill.audio.tracks import TrackRef
from skill.config import Config
from skill.simulator.dialogs import Dialog, dialog_files, load_dialog, run_dialog
from skill.simulator.player import library_durations
from skill.simulator.resolver import Resolver
from skill.simulator.session import Session, local_scheduler
from tests.alexa import APPLICATION_ID, alexa_rule_problems
from tests.conftest import Transport

# YAML dialogs and ASK CLI replay files, as `skill-sim --run tests/dialogs` finds them.
DIALOGS = dialog_files([Path(__file__).parent / "dialogs"])
AUDIO_BASE = "https://audio.example.test"


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("audio")
    refs = [
        TrackRef("quick_relief", index, easier=False, full=full)
        for index in range(4)
        for full in (True, False)
    ]
    build(directory, engine="espeak", texts=[], refs=refs, show_progress=False)
    return directory


@pytest.fixture
def config(tmp_path: Path, library: Path) -> Config:
    return Config(
        skill_id=APPLICATION_ID,
        local_dev=True,
        sqlite_path=tmp_path / "skill.sqlite3",
        audio_base_url=AUDIO_BASE,
        audio_dir=library,
    )


@pytest.mark.parametrize("path", DIALOGS, ids=[p.stem for p in DIALOGS])
def test_dialog(path: Path, transport: Transport, tmp_path: Path, library: Path) -> None:
    def checked(body: dict) -> dict:
        answer = transport(body)
        assert not alexa_rule_problems(answer)
        return answer

    def session(dialog: Dialog) -> Session:
        return Session(
            checked,
            resolver=Resolver.for_locale(dialog.locale, APPLICATION_ID),
            locale=dialog.locale,
            scheduler=local_scheduler(tmp_path / "skill.sqlite3"),
            durations=library_durations(library),
        )

    outcome = run_dialog(load_dialog(path), session)
    assert outcome.passed, "\n".join(outcome.log + outcome.failures)
