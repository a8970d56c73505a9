"""Every scripted dialog in tests/dialogs/*.yaml runs as a test, in-process and over HTTP.

Hands-free dialogs play real tracks: the quick relief routine is built with espeak-ng once,
and the simulated player reads each track's length from its file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from skill.config import Config
from skill.simulator.dialogs import dialog_files, load_dialog, run_dialog
from skill.simulator.player import library_durations
from tests.conftest import Transport
from tests.dialog_support import dialog_sessions, rule_checked
from tests.library_support import build_routine_library, config_with_library

# YAML dialogs and ASK CLI replay files, as `skill-sim --run tests/dialogs` finds them.
DIALOGS = dialog_files([Path(__file__).parent / "dialogs"])


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_routine_library(tmp_path_factory.mktemp("audio"), "quick_relief")


@pytest.fixture
def config(tmp_path: Path, library: Path) -> Config:
    return config_with_library(tmp_path, library)


@pytest.mark.parametrize("path", DIALOGS, ids=[p.stem for p in DIALOGS])
def test_dialog(path: Path, transport: Transport, tmp_path: Path, library: Path) -> None:
    sessions = dialog_sessions(
        rule_checked(transport), tmp_path / "skill.sqlite3", library_durations(library)
    )
    outcome = run_dialog(load_dialog(path), sessions)
    assert outcome.passed, "\n".join(outcome.log + outcome.failures)
