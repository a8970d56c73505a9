"""Every German dialog in tests/dialogs/de-DE runs as a test, in-process, with Alexa's limits checked.

The hands-free dialog plays real German tracks: quick relief is rendered with espeak-ng's
German voice once, and the simulated player reads each track's length from its file.
"""

from __future__ import annotations

import json
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
from tests.library_support import config_with_library

LOCALE = "de-DE"
DIALOGS = dialog_files([Path(__file__).parent / "dialogs" / LOCALE])


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("audio-de")
    refs = [
        TrackRef("quick_relief", index, easier=False, full=full)
        for index in range(4)
        for full in (True, False)
    ]
    build(directory, LOCALE, engine="espeak", texts=[], refs=refs, show_progress=False)
    return directory


@pytest.fixture
def config(tmp_path: Path, library: Path) -> Config:
    return config_with_library(tmp_path, library)


def test_every_german_dialog_is_in_german() -> None:
    assert len(DIALOGS) >= 10
    assert all(load_dialog(path).locale == LOCALE for path in DIALOGS)


def test_the_german_tracks_are_rendered_in_german(library: Path) -> None:
    manifest = json.loads((library / "manifest.json").read_text(encoding="utf-8"))
    entries = [entry for group in manifest.values() if isinstance(group, dict) for entry in group.values()]
    localed = [entry for entry in entries if isinstance(entry, dict) and "locale" in entry]
    assert localed and {entry["locale"] for entry in localed} == {LOCALE}
    texts = {entry.get("text", "") for entry in localed}
    assert "Halten." in texts and "Und lösen. Ganz langsam." in texts


@pytest.mark.parametrize("path", DIALOGS, ids=[p.stem for p in DIALOGS])
def test_german_dialog(path: Path, transport: Transport, tmp_path: Path, library: Path) -> None:
    sent: list[str] = []

    def checked(body: dict) -> dict:
        sent.append(body["request"].get("locale", ""))
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
    assert sent and set(sent) <= {LOCALE, ""}
