"""Countdowns and rep counts asked for on their own: "count down thirty seconds"."""

from __future__ import annotations

from skill.coach.turn import Reply, Turn
from skill.domain import spoken
from skill.domain.countdown import count_reps, hold, pace_factor
from skill.domain.onset import parse_duration

MAX_COUNTDOWN_SECONDS = 300
MAX_REPS = 30


def countdown(turn: Turn, duration: str | None) -> Reply:
    span = parse_duration(duration)
    if span is None:
        return turn.ask(turn.says("countdown_how_long"), "countdown_how_long", elicit_slot="duration")
    seconds = round(span.total_seconds())
    if not 1 <= seconds <= MAX_COUNTDOWN_SECONDS:
        return turn.ask(turn.says("countdown_out_of_range"), "countdown_how_long", elicit_slot="duration")
    out = turn.says("countdown_intro", seconds=_spoken_seconds(turn, seconds))
    out.then(hold(seconds, turn.phrase))  # true seconds, whatever the pace
    out.say(turn.phrase("standalone_after"))
    return turn.ask(out, "standalone_reprompt")


def reps(turn: Turn, count: str | None) -> Reply:
    number = spoken.number(count)
    if number is None:
        return turn.ask(turn.says("reps_how_many"), "reps_how_many", elicit_slot="count")
    if not 1 <= number <= MAX_REPS:
        return turn.ask(turn.says("reps_out_of_range", most=MAX_REPS), "reps_how_many", elicit_slot="count")
    out = turn.says("reps_intro", reps=number)
    out.then(count_reps(number, turn.phrase, pace=pace_factor(turn.preferences.get("pace"))))
    out.say(turn.phrase("standalone_after"))
    return turn.ask(out, "standalone_reprompt")


def _spoken_seconds(turn: Turn, seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    if minutes and rest:
        key = "minutes_and_seconds" if minutes > 1 else "one_minute_and_seconds"
        return turn.phrase(key, minutes=minutes, seconds=rest)
    if minutes:
        return turn.phrase("minutes_only" if minutes > 1 else "one_minute", minutes=minutes)
    return turn.phrase("seconds_only", seconds=seconds)
