"""What replaces remembered health facts when they are kept for the session only.

In ``session`` mode (``skill.alexa.health_data``) the skill cannot know what happened in
an earlier session, so it says so, and where a safety rule needed that memory it asks:
- before timing ice or heat, with no application known from this session, it asks
  whether the person had a pack on within the break (the over-application guard);
- "how am I doing" and "when did I last ice" say that nothing is kept between sessions.
The intents' own handlers call these; in ``store`` mode they change nothing.
"""

from __future__ import annotations

from dataclasses import replace

from ask_sdk_core.handler_input import HandlerInput

from skill.alexa.health_data import session_mode
from skill.coach.thermal import span
from skill.coach.turn import Reply, Turn
from skill.domain.script import Script
from skill.domain.thermal import break_minutes_of, history_of

RECENT_USE = "recent_use"
CHECKED = "recent_use_checked"


def must_ask_recent_use(handler_input: HandlerInput, turn: Turn) -> bool:
    """Whether "I'm putting ice on" must first ask about a pack within the break."""
    return session_mode(handler_input) and not turn.session.get(CHECKED) and not history_of(turn.user)


def ask_recent_use(turn: Turn, kind: str | None) -> Reply:
    turn.set_pending(RECENT_USE, pack=kind or "")
    rest = span(turn, break_minutes_of(turn.user))
    return turn.ask(
        turn.says("health_recent_use_question", span=rest),
        Script().say(turn.phrase("health_recent_use_reprompt", span=rest)),
    )


def recent_use_pending(turn: Turn) -> bool:
    return turn.pending.get("kind") == RECENT_USE


def recent_use_yes(turn: Turn) -> Reply:
    """A pack within the break: not another one yet."""
    turn.clear_pending()
    rest = span(turn, break_minutes_of(turn.user))
    return turn.ask(turn.says("health_recent_use_wait", span=rest), "thermal_more_reprompt")


def recent_use_no(turn: Turn) -> str | None:
    """No pack within the break: the kind to time now, as first asked."""
    kind = str(turn.pending.get("pack") or "") or None
    turn.clear_pending()
    turn.session[CHECKED] = True
    return kind


def progress(handler_input: HandlerInput, turn: Turn, summary: Reply) -> Reply:
    """The progress summary, saying in session mode that pain scores are not kept."""
    if not session_mode(handler_input):
        return summary
    return replace(summary, speech=Script().say(turn.phrase("health_no_pain_memory")).then(summary.speech))


def unknown_last_application(handler_input: HandlerInput, turn: Turn) -> Reply | None:
    """ "When did I last ice" with nothing from this session: why it cannot know."""
    if not session_mode(handler_input) or history_of(turn.user):
        return None
    rest = span(turn, break_minutes_of(turn.user))
    return turn.ask(turn.says("health_no_thermal_memory", span=rest), "thermal_more_reprompt")
