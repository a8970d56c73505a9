"""Red-flag symptoms: stop everything and send the person to medical care."""

from __future__ import annotations

from skill.coach.turn import Card, Reply, Turn
from skill.domain import pain


def red_flag(turn: Turn, symptom_id: str | None) -> Reply:
    progress = turn.progress
    turn.save_progress(None)
    turn.session.pop("single", None)
    details = {"symptom": symptom_id or "unspecified"}
    if progress is not None:
        details["routine"] = progress.routine_id
    pain.record(turn.user.setdefault("pain_log", []), None, "red_flag", turn.now, **details)
    speech = turn.says("red_flag")
    return turn.tell(speech, card=Card(title=turn.phrase("red_flag_card_title"), text=speech.text()))
