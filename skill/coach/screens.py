"""What a screen shows after a turn, as plain data: which document, and its datasource.

Knows nothing of APL or Alexa: the alexa layer turns a :class:`Screen` into a
RenderDocument directive for devices that have a screen. Every text comes from the
phrase files; every count comes from the very Script the voice speaks (see
``skill.domain.timeline``), so the screen and the voice agree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from skill.coach.thermal import span
from skill.coach.turn import Reply, Turn
from skill.domain import pain as pain_log
from skill.domain.content import Exercise, Routine
from skill.domain.countdown import describe_dose
from skill.domain.guide import guided_script
from skill.domain.script import Say
from skill.domain.thermal import break_minutes_of, history_of, next_allowed
from skill.domain.timeline import HOLD, REP, REST, SWITCH, Segment, timeline

EXERCISE = "exercise"
MENU = "menu"
COUNTDOWN = "countdown"
PAIN = "pain"
THERMAL = "thermal"
PROGRESS = "progress"
RED_FLAG = "red_flag"
MESSAGE = "message"
DOCUMENTS = (EXERCISE, MENU, COUNTDOWN, PAIN, THERMAL, PROGRESS, RED_FLAG, MESSAGE)

# Requests whose answer is about ice and heat, and the progress summary.
THERMAL_REQUESTS = frozenset(
    {
        "IceOrHeatIntent",
        "StartApplicationIntent",
        "CancelTimerIntent",
        "LastApplicationIntent",
        "ListRemindersIntent",
        "SetBreakIntent",
        "AlternateIntent",
        "HomePackIntent",
    }
)
PROGRESS_REQUESTS = frozenset({"ProgressIntent"})
RED_FLAG_REQUESTS = frozenset({"RedFlagIntent"})
# Questions a Yes or a No answers; the screen offers both as buttons.
YES_NO_PENDING = frozenset({"continue_last", "gentle_instead", "gentler", "thermal_reminder"})
PAIN_PENDING = frozenset({"pain_after"})
RECENT_SESSIONS = 7


@dataclass(frozen=True)
class Screen:
    document: str
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def segments(self) -> list[dict[str, Any]]:
        return list(self.data.get("segments", []))


def screen_for(turn: Turn, reply: Reply, request: str = "") -> Screen:
    """The screen that goes with ``reply``; ``request`` names what was asked (an intent)."""
    if _red_flag_now(turn, reply, request):
        return red_flag(turn, reply)
    segments = timeline(reply.speech, turn.phrase)
    exercise = turn.current_exercise()
    if segments and exercise is not None and _announces(reply, exercise):
        return exercise_screen(turn, exercise, segments, reply)
    if segments:
        return countdown(turn, segments)
    pending = turn.pending.get("kind", "")
    if pending in PAIN_PENDING or _asks_pain_again(turn, reply, request):
        return pain_scale(turn, reply)
    if request in PROGRESS_REQUESTS:
        return progress_chart(turn, reply)
    if request in THERMAL_REQUESTS or pending == "thermal_reminder":
        return thermal(turn, reply)
    if pending in YES_NO_PENDING:
        return message(turn, reply, buttons=[_button(turn, "yes"), _button(turn, "no")])
    if reply.end_session:
        progress = turn.progress
        paused = progress is not None and progress.paused and not progress.finished
        return message(turn, reply, text=turn.phrase("screen_paused") if paused else "")
    if exercise is not None:
        return exercise_screen(turn, exercise, [], reply)
    if pending:
        return message(turn, reply)
    return menu(turn, reply)


def _asks_pain_again(turn: Turn, reply: Reply, request: str) -> bool:
    """A pain level that was not a number from 0 to 10: the scale helps more than words."""
    if request != "PainLevelIntent" or reply.reprompt is None:
        return False
    return reply.reprompt.text() in turn.phrase.variants("pain_invalid")


def _announces(reply: Reply, exercise: Exercise) -> bool:
    """Whether the reply guides ``exercise`` (its cue or steps), not a countdown on its own."""
    spoken = {step.text for step in reply.speech if isinstance(step, Say)}
    return exercise.cue in spoken or bool(exercise.steps and exercise.steps[0] in spoken)


# The documents ---------------------------------------------------------------------------


def exercise_screen(turn: Turn, exercise: Exercise, segments: list[Segment], reply: Reply) -> Screen:
    progress = turn.progress
    in_routine = progress is not None and not progress.finished
    standing_in = turn.session.get("single") == exercise.id
    easier = bool((progress and progress.easier) or turn.preferences.get("easier"))
    # The full steps when the voice gave them (the first time, "more detail"), else the cue.
    spoken = {step.text for step in reply.speech if isinstance(step, Say)}
    full = not segments or exercise.steps[0] in spoken
    subtitle, position = "", ""
    if in_routine and progress is not None:
        subtitle = turn.content.routines[progress.routine_id].name
        if not standing_in:
            position = turn.phrase("screen_position", number=progress.number, total=progress.total)
    buttons = [_button(turn, key) for key in ("next", "pause", "easier", "stop", "hurts")]
    if not in_routine:
        buttons = [button for button in buttons if button["action"] != "next"]
    return Screen(
        EXERCISE,
        {
            "title": exercise.name,
            "subtitle": subtitle,
            "position": position,
            "lines": list(exercise.steps) if full else [exercise.cue],
            "dose": describe_dose(exercise.dose_for(easier), turn.phrase),
            **_ring(turn, segments),
            "buttons": buttons,
        },
    )


def countdown(turn: Turn, segments: list[Segment]) -> Screen:
    counting_reps = any(segment.kind == REP for segment in segments)
    title = turn.phrase("screen_reps_title" if counting_reps else "screen_countdown_title")
    return Screen(COUNTDOWN, {"title": title, **_ring(turn, segments), "buttons": [_button(turn, "stop")]})


def menu(turn: Turn, reply: Reply) -> Screen:
    items = [
        {
            "id": routine.id,
            "name": routine.name,
            "minutes": turn.phrase("screen_minutes", minutes=_minutes(turn, routine)),
            "audience": _audience(turn, routine),
        }
        for routine in turn.content.routines.values()
    ]
    return Screen(
        MENU, {"title": turn.phrase("screen_menu_title"), "text": reply.speech.text(), "items": items}
    )


def pain_scale(turn: Turn, reply: Reply) -> Screen:
    levels = [
        {"value": value, "label": str(value)} for value in range(pain_log.MIN_LEVEL, pain_log.MAX_LEVEL + 1)
    ]
    return Screen(
        PAIN,
        {
            "title": turn.phrase("screen_pain_title"),
            "text": turn.phrase("screen_pain_hint"),
            "levels": levels,
            "low": turn.phrase("screen_pain_low"),
            "high": turn.phrase("screen_pain_high"),
            "buttons": [_button(turn, "stop")],
        },
    )


def thermal(turn: Turn, reply: Reply) -> Screen:
    history = history_of(turn.user)
    current = max(history, key=lambda item: item.start) if history else None
    title = turn.phrase("screen_thermal_title")
    status = turn.phrase("screen_thermal_off")
    if current is not None:
        title = turn.phrase(f"screen_thermal_title_{current.kind}")
        if turn.now < current.end:
            status = turn.phrase(
                "screen_thermal_on",
                pack=_capital(turn.phrase(f"thermal_pack_{current.kind}")),
                minutes=_minutes_until(turn.now, current.end),
            )
    allowed = next_allowed(history, current.kind, break_minutes_of(turn.user)) if current else None
    if allowed is not None and turn.now < allowed:
        upcoming = turn.phrase("screen_thermal_next", span=span(turn, _minutes_until(turn.now, allowed)))
    else:
        upcoming = turn.phrase("screen_thermal_next_now")
    buttons = (
        [_button(turn, "yes"), _button(turn, "no")] if turn.pending.get("kind") == "thermal_reminder" else []
    )
    return Screen(
        THERMAL,
        {
            "title": title,
            "status": status,
            "next": upcoming,
            "text": reply.speech.text(),
            "rules": [turn.phrase("thermal_towel"), turn.phrase("thermal_never_sleep")],
            "buttons": buttons,
        },
    )


def progress_chart(turn: Turn, reply: Reply) -> Screen:
    pairs = before_and_after(turn.user.get("pain_log", []))[-RECENT_SESSIONS:]
    return Screen(
        PROGRESS,
        {
            "title": turn.phrase("screen_progress_title"),
            "text": reply.speech.text(),
            "beforeLabel": turn.phrase("screen_progress_before"),
            "afterLabel": turn.phrase("screen_progress_after"),
            "empty": "" if pairs else turn.phrase("screen_progress_empty"),
            "sessions": [{"before": before, "after": after} for before, after in pairs],
            **chart_paths(pairs),
        },
    )


def red_flag(turn: Turn, reply: Reply) -> Screen:
    """The message in large text and the number to call; nothing to tap, nothing else."""
    return Screen(
        RED_FLAG,
        {
            "title": turn.phrase("red_flag_card_title"),
            "text": reply.speech.text(),
            "call": turn.phrase("screen_red_flag_call", number=turn.phrase("emergency_number")),
        },
    )


def message(turn: Turn, reply: Reply, text: str = "", buttons: list[dict[str, str]] | None = None) -> Screen:
    return Screen(
        MESSAGE,
        {"title": turn.phrase("card_title"), "text": text or reply.speech.text(), "buttons": buttons or []},
    )


# Pieces ----------------------------------------------------------------------------------

BUTTON_PHRASES = {
    "next": "screen_button_next",
    "pause": "screen_button_pause",
    "easier": "screen_button_easier",
    "stop": "screen_button_stop",
    "hurts": "screen_button_hurts",
    "resume": "screen_button_resume",
    "yes": "screen_button_yes",
    "no": "screen_button_no",
    "menu": "screen_button_menu",
}


def _button(turn: Turn, action: str, value: str = "") -> dict[str, str]:
    return {"label": turn.phrase(BUTTON_PHRASES[action]), "action": action, "value": value}


def _ring(turn: Turn, segments: list[Segment]) -> dict[str, Any]:
    """The countdown ring's segments, each with its label and how full the ring is."""
    rows = []
    for index, segment in enumerate(segments):
        row: dict[str, Any] = segment.to_dict()
        # Shown until the next one starts: "and release" keeps the full ring on screen.
        row["untilMs"] = segments[index + 1].start_ms if index + 1 < len(segments) else segment.end_ms
        row["label"] = _segment_label(turn, segment)
        row["caption"] = (
            turn.phrase("screen_side", side=segment.side)
            if segment.side and segment.kind in (HOLD, REP)
            else ""
        )
        row["fillFrom"], row["fillTo"] = _fill(segment)
        rows.append(row)
    return {
        "segments": rows,
        "countStartMs": segments[0].start_ms if segments else 0,
        "countEndMs": segments[-1].end_ms if segments else 0,
        "readyLabel": turn.phrase("screen_get_ready"),
        "doneLabel": turn.phrase("screen_done"),
    }


def _segment_label(turn: Turn, segment: Segment) -> str:
    if segment.kind == HOLD:
        return turn.phrase("screen_seconds")
    if segment.kind == REP:
        return turn.phrase("screen_rep", number=segment.value, total=segment.of)
    return turn.phrase({SWITCH: "screen_switch", REST: "screen_rest"}[segment.kind])


def _fill(segment: Segment) -> tuple[float, float]:
    if segment.kind == HOLD:
        return 0.0, 1.0
    if segment.kind == REP and segment.of:
        return round((segment.value - 1) / segment.of, 4), round(segment.value / segment.of, 4)
    return 0.0, 0.0


def shown_at(screen: Screen, ms: float) -> tuple[str, int | None]:
    """What the ring shows ``ms`` after the speech starts: (kind, number), as APL binds it."""
    for row in screen.segments:
        if row["startMs"] <= ms < row["untilMs"]:
            if row["kind"] == HOLD:
                if ms >= row["endMs"]:
                    return HOLD, None
                length = max(1, row["endMs"] - row["startMs"])
                return HOLD, max(1, math.ceil((row["endMs"] - ms) * row["value"] / length))
            return row["kind"], row["value"] if row["kind"] == REP else None
    return "", None


def _minutes(turn: Turn, routine: Routine) -> int:
    easier = bool(turn.preferences.get("easier"))
    seconds = sum(
        guided_script(
            exercise, turn.phrase, easier=easier, heading=exercise.name, full=False
        ).estimated_seconds()
        for exercise in turn.content.routine_exercises(routine.id)
    )
    return max(1, math.ceil(seconds / 60))


def _audience(turn: Turn, routine: Routine) -> str:
    key = f"screen_for_{routine.id}"
    return turn.phrase(key) if key in turn.phrase else ""


def _minutes_until(now: datetime, then: datetime) -> int:
    return max(1, math.ceil((then - now).total_seconds() / 60))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _red_flag_now(turn: Turn, reply: Reply, request: str) -> bool:
    """A red flag was raised this turn, whichever way it was reached."""
    if request in RED_FLAG_REQUESTS:
        return True
    if (
        reply.card is not None
        and "red_flag_card_title" in turn.phrase
        and (reply.card.title in turn.phrase.variants("red_flag_card_title"))
    ):
        return True
    log = turn.user.get("pain_log") or []
    return bool(log) and log[-1].get("moment") == "red_flag" and log[-1].get("at") == turn.stamp()


def before_and_after(log: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """(before, after) pain of each session that has an "after" check-in, oldest first.

    "Before" is the latest check-in before that session that is not an "after" of an
    earlier one; a session without one counts from its own "after" (no change shown).
    """
    pairs: list[tuple[int, int]] = []
    before: int | None = None
    for entry in log:
        if "level" not in entry:
            continue
        if entry.get("moment") == "after":
            pairs.append((entry["level"] if before is None else before, entry["level"]))
            before = None
        else:
            before = entry["level"]
    return pairs


CHART_WIDTH, CHART_HEIGHT = 300, 100


def chart_paths(pairs: list[tuple[int, int]]) -> dict[str, str]:
    """AVG path data of the before and after lines, in a 300 by 100 box (10 at the top)."""
    if not pairs:
        return {"beforePath": "", "afterPath": ""}
    step = CHART_WIDTH / max(1, len(pairs) - 1) if len(pairs) > 1 else 0.0

    def line(values: list[int]) -> str:
        points = [
            (
                round(index * step if step else CHART_WIDTH / 2, 1),
                round(CHART_HEIGHT - value * CHART_HEIGHT / pain_log.MAX_LEVEL, 1),
            )
            for index, value in enumerate(values)
        ]
        if len(points) == 1:  # one session: a short level mark
            x, y = points[0]
            return f"M{x - 10},{y} L{x + 10},{y}"
        return "M" + " L".join(f"{x},{y}" for x, y in points)

    return {
        "beforePath": line([before for before, _ in pairs]),
        "afterPath": line([after for _, after in pairs]),
    }
