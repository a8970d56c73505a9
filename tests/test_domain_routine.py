"""Where a person is in a routine, and how navigation moves them."""

from __future__ import annotations

from dataclasses import asdict

from skill.domain.routine import Progress


def test_advancing_to_the_end_finishes() -> None:
    progress = Progress.start("quick_relief", 3)
    assert progress.is_first and progress.number == 1 and progress.remaining_after_current == 2
    assert progress.advance() and progress.advance()
    assert progress.is_last and progress.remaining_after_current == 0
    assert not progress.advance() and progress.finished
    assert progress.index == 2


def test_back_stops_at_the_first_and_unfinishes() -> None:
    progress = Progress.start("quick_relief", 2)
    assert not progress.back() and progress.index == 0
    progress.advance()
    progress.advance()
    assert progress.finished
    assert progress.back() and not progress.finished and progress.index == 0


def test_restart_clears_paused_and_finished() -> None:
    progress = Progress("desk_stretches", index=4, total=6, paused=True, finished=True)
    progress.restart()
    assert (progress.index, progress.paused, progress.finished) == (0, False, False)


def test_round_trip_through_session_attributes_ignores_unknown_keys() -> None:
    progress = Progress("core_strength", index=2, total=4, easier=True)
    raw = {**progress.to_dict(), "updated_at": "2026-11-23T09:00:00+00:00"}
    assert Progress.from_dict(raw) == progress
    assert Progress.from_dict(None) is None and Progress.from_dict({"index": 2}) is None


def test_the_stored_form_holds_every_field() -> None:
    progress = Progress("core_strength", index=1, total=4, easier=True, paused=True)
    assert progress.to_dict() == asdict(progress)
