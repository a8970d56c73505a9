"""When each counted part of a spoken script happens, for a screen to follow the voice.

The screen's countdown ring is laid out from the very Script the speech is rendered
from: every hold, rep, side switch and rest becomes a segment with its start and end in
milliseconds from the start of the speech, on the same pace model as
``Script.estimated_seconds``. Pauses, which make up most of a count, are exact; only the
spoken words are estimated. Phrases are recognised by every variant of their key, so
the choice of wording never hides a hold from the screen.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from skill.domain.content import Phrases
from skill.domain.script import Pause, Say, Script, Step, step_seconds

HOLD = "hold"
REP = "rep"
SWITCH = "switch"
REST = "rest"


@dataclass(frozen=True)
class Segment:
    kind: str  # hold, rep, switch or rest
    start_ms: int
    end_ms: int
    # Hold: its length in whole seconds; rep: the rep's number; otherwise 0.
    value: int = 0
    # The count it belongs to: a rep's total; 0 for the rest.
    of: int = 0
    side: int = 0  # 0 for a one-sided exercise, else 1 or 2

    def shown_at(self, ms: float) -> int:
        """The number the screen shows at ``ms``: seconds left in a hold, the rep number.

        A hold's time runs a little longer than its nominal seconds while a midway cue is
        spoken, so the ring's seconds are scaled to the nominal length: it starts at the
        seconds the voice announced and reaches each counted number as the voice says it.
        """
        if self.kind == HOLD:
            left = (self.end_ms - ms) * self.value / max(1, self.end_ms - self.start_ms)
            return max(1, math.ceil(left))
        return self.value

    def to_dict(self) -> dict[str, int | str]:
        return {
            "kind": self.kind,
            "startMs": self.start_ms,
            "endMs": self.end_ms,
            "value": self.value,
            "of": self.of,
            "side": self.side,
        }


def _variants(phrases: Phrases, *keys: str) -> set[str]:
    return {text for key in keys if key in phrases for text in phrases.variants(key)}


def _number_pattern(phrases: Phrases, key: str) -> re.Pattern[str]:
    """A phrase with one ``{number}`` placeholder as a pattern that captures the number."""
    templates = phrases.variants(key) if key in phrases else ("{number}.",)
    parts = [re.escape(template).replace(re.escape("{number}"), r"(\d+)") for template in templates]
    return re.compile("|".join(f"(?:{part})" for part in parts))


def _rep_number(pattern: re.Pattern[str], text: str) -> int | None:
    found = pattern.fullmatch(text)
    if found is None:
        return None
    return int(next(group for group in found.groups() if group is not None))


def timeline(script: Script | list[Step], phrases: Phrases) -> list[Segment]:
    """The counted segments of ``script``, in order, timed from its first word."""
    hold_starts = _variants(phrases, "hold_start", "timed_start")
    hold_ends = _variants(phrases, "hold_release", "timed_end")
    switches = _variants(phrases, "switch_sides")
    rests = _variants(phrases, "between_sets")
    reps_done = _reps_done_pattern(phrases)
    rep_pattern = _number_pattern(phrases, "rep_number")
    sided = bool(_variants(phrases, "side_first") & {s.text for s in script if isinstance(s, Say)})

    segments: list[Segment] = []
    open_kind, open_start, open_value = "", 0.0, 0
    reps: list[tuple[float, int]] = []  # (start, number) of the reps in the current run
    side = 1 if sided else 0
    clock = 0.0

    def close_reps(at: float) -> None:
        for index, (start, number) in enumerate(reps):
            end = reps[index + 1][0] if index + 1 < len(reps) else at
            segments.append(Segment(REP, round(start * 1000), round(end * 1000), number, len(reps), side))
        reps.clear()

    def close_open(at: float) -> None:
        nonlocal open_kind
        if open_kind:
            segments.append(
                Segment(open_kind, round(open_start * 1000), round(at * 1000), open_value, 0, side)
            )
        open_kind = ""

    for step in script:
        length = step_seconds(step)
        if isinstance(step, Pause):
            clock += length
            continue
        text = step.text
        if open_kind == HOLD:
            if text in hold_ends:
                # Counted numbers and the midway cue are said inside the hold, so from
                # after the start word to the end word is the hold's own length.
                nominal = clock - open_start
                open_value = max(1, round(nominal))
                close_open(clock)
        elif text in hold_starts:
            close_reps(clock)
            close_open(clock)
            open_kind, open_start = HOLD, clock + length
        elif text in switches or text in rests:
            close_reps(clock)
            close_open(clock)
            if text in switches and side:
                side = 2
            open_kind, open_start, open_value = (SWITCH if text in switches else REST), clock, 0
        elif reps_done.fullmatch(text):
            close_reps(clock)
        elif (number := _rep_number(rep_pattern, text)) is not None and (number == len(reps) + 1):
            close_open(clock)
            reps.append((clock, number))
        clock += length
    close_reps(clock)
    if open_kind != HOLD:
        close_open(clock)
    return segments


def _reps_done_pattern(phrases: Phrases) -> re.Pattern[str]:
    templates = phrases.variants("reps_done") if "reps_done" in phrases else ()
    parts = [re.escape(t).replace(re.escape("{reps}"), r"\d+") for t in templates] or ["(?!)"]
    return re.compile("|".join(f"(?:{part})" for part in parts))


def spoken_numbers(script: Script | list[Step]) -> list[tuple[int, int]]:
    """(start in ms, number) of every bare number the voice says ("5.", "3."), in order."""
    found: list[tuple[int, int]] = []
    clock = 0.0
    for step in script:
        if isinstance(step, Say) and re.fullmatch(r"\d+\.", step.text):
            found.append((round(clock * 1000), int(step.text[:-1])))
        clock += step_seconds(step)
    return found
