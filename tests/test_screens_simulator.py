"""The simulator as an Echo Show: the terminal prints the screen, and ``:tap`` touches it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from skill.domain.content import load_content
from skill.simulator.cli import main
from skill.simulator.envelopes import interfaces_for
from skill.simulator.screen import screen_in, screen_lines, tap_request
from skill.simulator.session import Session
from tests.alexa import APPLICATION_ID
from tests.conftest import Transport
from tests.screen_support import agreement_problems

PHRASES = load_content("en-US").phrases


@pytest.fixture
def show(transport: Transport) -> Session:
    return Session(transport, skill_id=APPLICATION_ID, interfaces=interfaces_for(["screen"]))


def test_a_tap_by_name_sends_the_documents_user_event(show: Session) -> None:
    show.say("open back spasm helper")
    started = show.tap("Morning stretches")  # a routine on the menu, any case
    assert started.request["request"]["type"] == "Alexa.Presentation.APL.UserEvent"
    assert started.request["request"]["arguments"] == ["routine", "morning_stretches"]
    assert started.said.has("exercise_heading", number=1, total=6)
    moved = show.tap("next")
    screen = screen_in(moved.response)
    assert screen is not None and screen["data"]["position"] == PHRASES("screen_position", number=2, total=6)
    assert not agreement_problems(moved.said)
    with pytest.raises(ValueError, match="you can tap: Next, Pause, Easier, Stop, It hurts"):
        show.tap("Launch")


def test_nothing_to_tap_without_a_screen(transport: Transport) -> None:
    speaker = Session(transport, skill_id=APPLICATION_ID)
    answer = speaker.say("open back spasm helper")
    assert screen_in(answer.response) is None and screen_lines(answer.response) == []
    with pytest.raises(ValueError, match="nothing is on screen"):
        speaker.tap("Next")
    with pytest.raises(ValueError, match="nothing is on screen"):
        tap_request(None, "Next")


def test_the_terminal_prints_the_screen_and_taps_it(tmp_path: Path) -> None:
    typed = io.StringIO(
        "open back spasm helper\nstart quick relief\n:tap Next\n:tap It hurts\n"
        ":tap nonsense\ncount ten reps\n:quit\n"
    )
    out = io.StringIO()
    assert main(["--db", str(tmp_path / "sim.sqlite3"), "--interfaces", "screen"], out=out, stdin=typed) == 0
    text = out.getvalue()
    # The terminal's drawing of the screen (shown, not spoken) is what this checks.
    assert "screen [menu]: Choose a routine" in text
    assert f"[Quick relief] {PHRASES('screen_for_quick_relief')}" in text
    assert "screen [exercise]: Deep breathing | Quick relief | 1 of 4" in text
    assert "screen [exercise]: Knees to chest | Quick relief | 2 of 4" in text
    assert "buttons: [Next] [Pause] [Easier] [Stop] [It hurts]" in text
    assert "countdown: hold 7 s at" in text
    assert "buttons: [Yes] [No]" in text
    assert "error: no 'nonsense' on screen" in text
    assert "screen [countdown]: Counting reps" in text and "reps 1-10 from" in text


def test_a_voice_only_terminal_shows_no_screen(tmp_path: Path) -> None:
    out = io.StringIO()
    assert main(["--db", str(tmp_path / "sim.sqlite3"), "--say", "open back spasm helper"], out=out) == 0
    assert "screen [" not in out.getvalue()
