"""Every scripted dialog in tests/dialogs/*.yaml runs as a test, in-process and over HTTP."""

from __future__ import annotations

from pathlib import Path

import pytest

from skill.simulator.dialogs import Dialog, load_dialog, run_dialog
from skill.simulator.resolver import Resolver
from skill.simulator.session import Session, local_scheduler
from tests.alexa import APPLICATION_ID, alexa_rule_problems
from tests.conftest import Transport

DIALOGS = sorted((Path(__file__).parent / "dialogs").glob("*.yaml"))


@pytest.mark.parametrize("path", DIALOGS, ids=[p.stem for p in DIALOGS])
def test_dialog(path: Path, transport: Transport, tmp_path: Path) -> None:
    def checked(body: dict) -> dict:
        answer = transport(body)
        assert not alexa_rule_problems(answer)
        return answer

    def session(dialog: Dialog) -> Session:
        return Session(checked, resolver=Resolver.for_locale(dialog.locale, APPLICATION_ID),
                       locale=dialog.locale, scheduler=local_scheduler(tmp_path / "skill.sqlite3"))

    outcome = run_dialog(load_dialog(path), session)
    assert outcome.passed, "\n".join(outcome.log + outcome.failures)
