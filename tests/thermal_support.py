"""Phrases the ice and heat tests look for: spans of time and the names of the two kinds."""

from __future__ import annotations

from skill.simulator.phrases import Phrase, phrase

ICE_NAME = phrase("thermal_name_ice")
HEAT_NAME = phrase("thermal_name_heat")


def span(minutes: int) -> Phrase:
    """A span as the skill says it ("2 hours and 20 minutes"), in any of its phrasings."""
    hours, rest = divmod(minutes, 60)
    hour = phrase("thermal_span_hour") if hours == 1 else phrase("thermal_span_hours", hours=hours)
    minute = phrase("thermal_span_minute") if rest == 1 else phrase("thermal_span_minutes", minutes=rest)
    if hours and rest:
        return phrase("thermal_span_join", hours=hour, minutes=minute)
    return hour if hours else minute
