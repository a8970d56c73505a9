"""Ice and heat: advice, the over-application guard, and what to say about timers.

The coach decides what to say; the handler layer talks to the Alexa APIs (or the local
scheduler) and passes back an :class:`Outcome` for the coach to put into words.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from skill.coach.turn import Reply, Turn
from skill.domain.onset import from_slots, from_stored, hours_since
from skill.domain.script import Script
from skill.domain.thermal import (
    ALTERNATING,
    HEAT,
    ICE,
    Application,
    Outcome,
    break_minutes_of,
    guard,
    history_of,
    next_allowed,
    normalise_kind,
    phase,
    plan,
    save_history,
    split_minutes,
    thermal_state,
    valid_break,
)

REMINDER_PENDING = "thermal_reminder"
ONSET_THEN = "thermal:advice"


def span(turn: Turn, minutes: int) -> str:
    """Minutes as spoken words: "1 hour and 20 minutes"."""
    hours, rest = split_minutes(minutes)
    hour_text = turn.phrase("thermal_span_hour" if hours == 1 else "thermal_span_hours", hours=hours)
    minute_text = turn.phrase("thermal_span_minute" if rest == 1 else "thermal_span_minutes", minutes=rest)
    if hours and rest:
        return turn.phrase("thermal_span_join", hours=hour_text, minutes=minute_text)
    return hour_text if hours else minute_text


def _minutes_between(start: datetime, end: datetime) -> int:
    return max(1, int(-(-(end - start).total_seconds() // 60)))


def _elapsed_minutes(start: datetime, end: datetime) -> int:
    # Time already passed is rounded down; time still to wait is rounded up.
    return max(1, int((end - start).total_seconds() // 60))


def _name(turn: Turn, kind: str) -> str:
    return turn.phrase(f"thermal_name_{kind}")


# Heat within the first 72 hours gets the cold-first note (000: cold for the first 48 to 72 hours).
COLD_FIRST_HOURS = 72
# Beyond one to two weeks a spasm likely has an underlying cause (002).
LONG_SPASM_HOURS = 14 * 24


def _spasm_hours(turn: Turn) -> float | None:
    return hours_since(from_stored(turn.user.get("spasm_onset")), turn.now)


# Advice ----------------------------------------------------------------------------------


def advice(
    turn: Turn, phrase_id: str | None = None, ago: str | None = None, on_date: str | None = None
) -> Reply:
    """Ice or heat, for how long, and the rules that go with it; asks for the onset first."""
    moment = from_slots(phrase_id, ago, on_date, turn.now)
    if moment is not None:
        turn.user["spasm_onset"] = moment.isoformat(timespec="minutes")
    kind = phase(_spasm_hours(turn))
    if kind is None:
        turn.set_pending("onset", then=ONSET_THEN)
        return turn.ask(
            turn.says("thermal_ask_onset"),
            "ask_onset_reprompt",
            elicit_slot="onset_ago",
            elicit_intent="SpasmOnsetIntent",
        )
    turn.clear_pending()
    # Brief first (under 20 seconds): which, how long, the towel, the timer; the rest on request.
    turn.session["detail_topic"] = "thermal"
    out = turn.says(f"thermal_advice_{kind}")
    if kind == ICE:
        out.say(turn.phrase("thermal_stay_active"))  # the first days: keep moving (000, 002)
    out.say(towel(turn))
    if (_spasm_hours(turn) or 0.0) > LONG_SPASM_HOURS:
        out.say(turn.phrase("long_spasm_note"))  # 002, every time that onset drives advice
    out.say(turn.phrase("thermal_offer_timer", name=_name(turn, kind)), turn.phrase("thermal_more_hint"))
    return turn.ask(out, "thermal_advice_reprompt")


def has_details(turn: Turn) -> bool:
    return turn.session.get("detail_topic") == "thermal"


def details(turn: Turn) -> Reply:
    """ "Tell me more" after the advice: the numbing note and the break between packs."""
    kind = phase(_spasm_hours(turn)) or ICE
    out = Script()
    if kind == ICE:
        out.say(turn.phrase("thermal_numb_note"), turn.phrase("thermal_even_ground"))
    else:
        out.say(turn.phrase("thermal_never_sleep"))
    out.say(turn.phrase("thermal_break_note", span=span(turn, break_minutes_of(turn.user))))
    return turn.ask(out, "thermal_details_reprompt")


def towel(turn: Turn) -> str:
    """The towel rule in full once a session, then a short reminder."""
    if turn.session.get("towel_told"):
        return turn.phrase("thermal_towel_short")
    turn.session["towel_told"] = True
    return turn.phrase("thermal_towel")


def follow_up(turn: Turn, argument: str) -> Reply:
    """Continues into the advice once "when did it start?" has been answered."""
    return advice(turn)


def alternate(turn: Turn) -> Reply:
    out = turn.says("thermal_alternate")
    if phase(_spasm_hours(turn)) == ICE:
        out.say(turn.phrase("thermal_alternate_acute_note"))
    # Heat is part of it: the never-sleep rule comes every time (000).
    out.say(turn.phrase("thermal_never_sleep"))
    return turn.ask(out, "thermal_more_reprompt")


def home_pack(turn: Turn, kind_id: str | None) -> Reply:
    kind = normalise_kind(kind_id)
    kinds = [kind] if kind else [ICE, HEAT]
    out = turn.says(*(f"thermal_home_{each}" for each in kinds)).say(towel(turn))
    if HEAT in kinds:
        out.say(turn.phrase("thermal_never_sleep"))
    return turn.ask(out, "thermal_more_reprompt")


# Starting a pack -------------------------------------------------------------------------


def start(turn: Turn, kind_id: str | None) -> Application | Reply:
    """The application to time, or what to say instead (which kind? wait first)."""
    kind = normalise_kind(kind_id) or phase(_spasm_hours(turn))
    if kind is None:
        return turn.ask(turn.says("thermal_which_kind"), "thermal_advice_reprompt")
    wait = guard(history_of(turn.user), kind, turn.now, break_minutes_of(turn.user))
    if wait is not None:
        key = "thermal_wait_still_on" if wait.reason == "still_on" else "thermal_wait_skin_rest"
        return turn.ask(
            turn.says(key, span=span(turn, wait.minutes), name=_name(turn, kind)), "thermal_more_reprompt"
        )
    return plan(kind, turn.now)


def timer_text(turn: Turn, kind: str) -> tuple[str, str]:
    """(label, what the speaker announces) for a pack's timer."""
    return turn.phrase(f"thermal_timer_label_{kind}"), turn.phrase(f"thermal_timer_announce_{kind}")


def record(turn: Turn, application: Application, outcome: Outcome) -> Application:
    """Stores the application (with its timer, when one was set) in the user's history."""
    via = {"set": "alexa", "local": "local"}.get(outcome.status, "")
    stored = Application(
        application.kind,
        application.start,
        application.end,
        timer_id=outcome.item_id if via else "",
        timer_via=via,
    )
    history = [item for item in history_of(turn.user) if item.start != application.start]
    save_history(turn.user, [*history, stored])
    return stored


def started(turn: Turn, application: Application, outcome: Outcome) -> Reply:
    """After a pack went on: the timer's fate, then the offer of a reminder."""
    record(turn, application, outcome)
    minutes = _minutes_between(turn.now, application.end)
    out = Script()
    hours = _spasm_hours(turn)
    if application.kind == HEAT and hours is not None and hours < COLD_FIRST_HOURS:
        # Heard first, before the timer: it may change what goes on the back.
        out.say(turn.phrase("thermal_cold_first"))
    out.then(turn.says("thermal_started", minutes=minutes, name=_name(turn, application.kind)))
    if outcome.status == "set":
        out.say(turn.phrase("thermal_timer_set"))
    elif outcome.status == "local":
        out.say(turn.phrase("thermal_timer_local"))
    else:
        out.say(turn.phrase("thermal_kitchen_timer", minutes=minutes))
    out.say(towel(turn))
    if application.kind == HEAT:
        out.say(turn.phrase("thermal_never_sleep"))
    return offer_reminder(turn, application, out)


def offer_reminder(turn: Turn, application: Application, before: Script) -> Reply:
    allowed = next_allowed([application], application.kind, break_minutes_of(turn.user))
    assert allowed is not None
    wait = _minutes_between(turn.now, allowed)
    turn.set_pending(REMINDER_PENDING, pack=application.kind, at=allowed.isoformat(timespec="seconds"))
    before.say(
        turn.phrase("thermal_offer_reminder", span=span(turn, wait), name=_name(turn, application.kind))
    )
    return turn.ask(before, "thermal_offer_reminder_reprompt")


# Reminders ---------------------------------------------------------------------------------


def reminder_request(turn: Turn) -> tuple[str, datetime] | None:
    """(text, when) of the reminder the person just said yes to."""
    pending = turn.pending
    if pending.get("kind") != REMINDER_PENDING:
        return None
    kind = normalise_kind(pending.get("pack")) or ICE
    return turn.phrase(f"thermal_reminder_text_{kind}"), datetime.fromisoformat(pending["at"])


def reminder_done(turn: Turn, at: datetime, outcome: Outcome) -> Reply:
    minutes = _minutes_between(turn.now, at)
    key = {"set": "thermal_reminder_set", "local": "thermal_reminder_local"}.get(
        outcome.status, "thermal_reminder_failed"
    )
    if outcome.ok:
        reminders = thermal_state(turn.user).setdefault("reminders", [])
        reminders.append(
            {
                "id": outcome.item_id,
                "at": at.isoformat(timespec="seconds"),
                "via": "alexa" if outcome.status == "set" else "local",
            }
        )
        del reminders[:-10]
    turn.clear_pending()
    return turn.ask(turn.says(key, span=span(turn, minutes)), "thermal_more_reprompt")


def no_reminder(turn: Turn) -> Reply:
    turn.clear_pending()
    return turn.ask(turn.says("thermal_no_reminder"), "thermal_more_reprompt")


def reminders(turn: Turn, outcome: Outcome, items: list[tuple[datetime | None, str]]) -> Reply:
    if not outcome.ok:
        return turn.ask(turn.says("thermal_reminders_failed"), "thermal_more_reprompt")
    if not items:
        return turn.ask(turn.says("thermal_reminders_none"), "thermal_more_reprompt")
    out = turn.says(
        "thermal_reminders_one" if len(items) == 1 else "thermal_reminders_count", count=len(items)
    )
    for at, text in items:
        if at is not None and at > turn.now:
            # "In 2 hours: you can use heat again", one sentence.
            out.say(
                turn.phrase(
                    "thermal_reminder_in",
                    span=span(turn, _minutes_between(turn.now, at)),
                    text=text[:1].lower() + text[1:],
                )
            )
        else:
            out.say(turn.phrase("thermal_reminder_item", text=text))
    return turn.ask(out, "thermal_more_reprompt")


# Permissions ---------------------------------------------------------------------------------


def permission_needed(turn: Turn, what: str) -> tuple[Reply, bool]:
    """What to say when a scope is missing, and whether to ask by voice (else a card)."""
    state = thermal_state(turn.user)
    by_voice = not state.get("voice_consent_unavailable") and not state.get(f"denied_{what}")
    need = turn.says(f"thermal_need_{what}_permission")
    if by_voice:
        return turn.tell(need), True
    return turn.tell(need.then(fallback(turn, what, card=True))), False


def permission_thanks(turn: Turn) -> Reply:
    return turn.ask(turn.says("thermal_permission_thanks"), "thermal_more_reprompt")


def fallback(turn: Turn, what: str, card: bool = False, denied: bool = False) -> Script:
    """Spoken advice in place of a timer or reminder the skill could not set."""
    out = Script()
    if card:
        out.say(turn.phrase("thermal_permission_card_sent"))
    application = latest(turn)
    if what == "timer":
        minutes = _minutes_between(turn.now, application.end) if application else 20
        key = "thermal_permission_timer_denied" if denied else "thermal_kitchen_timer"
        return out.say(turn.phrase(key, minutes=minutes))
    allowed = (
        next_allowed([application], application.kind, break_minutes_of(turn.user))
        if application
        else turn.now + timedelta(minutes=break_minutes_of(turn.user))
    )
    assert allowed is not None
    return out.say(
        turn.phrase(
            "thermal_permission_reminder_denied", span=span(turn, _minutes_between(turn.now, allowed))
        )
    )


def permission_answer(
    turn: Turn, what: str, status: str, card_thrown: bool, voice_available: bool
) -> Reply | None:
    """The reply to a refused or unanswered permission request; None when it was granted."""
    state = thermal_state(turn.user)
    if not voice_available:
        state["voice_consent_unavailable"] = True
        return turn.tell(fallback(turn, what, card=True))
    if status == "ACCEPTED":
        state.pop(f"denied_{what}", None)
        return None
    out = Script()
    if status == "DENIED":
        state[f"denied_{what}"] = True
    else:
        out.say(turn.phrase("thermal_permission_not_answered"))
    return turn.tell(out.then(fallback(turn, what, card=card_thrown, denied=True)))


# Cancelling, history, break ------------------------------------------------------------------


def latest(turn: Turn, kind: str | None = None) -> Application | None:
    history = [item for item in history_of(turn.user) if kind is None or item.kind == kind]
    return max(history, key=lambda item: item.start) if history else None


def on_now(turn: Turn) -> bool:
    """Whether a pack is on right now, by what the person told the skill."""
    last = latest(turn)
    return last is not None and turn.now < last.end


def running_timer(turn: Turn, kind_id: str | None) -> Application | Reply:
    kind = normalise_kind(kind_id)
    last = latest(turn, kind)
    if last is None or last.end <= turn.now or not last.timer_via:
        key = "thermal_no_timer" if kind else "thermal_no_timer_any"
        return turn.ask(turn.says(key, name=_name(turn, kind) if kind else ""), "thermal_more_reprompt")
    return last


def cancelled(turn: Turn, application: Application, outcome: Outcome) -> Reply:
    """The pack came off early: the skin rest starts now, whatever happened to the timer."""
    ended = Application(application.kind, application.start, min(application.end, turn.now))
    history = [item for item in history_of(turn.user) if item.start != application.start]
    save_history(turn.user, [*history, ended])
    key = "thermal_timer_cancelled" if outcome.ok else "thermal_cancel_failed"
    return turn.ask(turn.says(key, name=_name(turn, application.kind)), "thermal_more_reprompt")


def last_application(turn: Turn, kind_id: str | None) -> Reply:
    kind = normalise_kind(kind_id)
    last = latest(turn, kind)
    if last is None:
        key = "thermal_never" if kind else "thermal_never_any"
        return turn.ask(turn.says(key, name=_name(turn, kind) if kind else ""), "thermal_more_reprompt")
    name = _name(turn, last.kind)
    if turn.now < last.end:
        out = turn.says(
            "thermal_last_on_now",
            name=name,
            span=span(turn, _elapsed_minutes(last.start, turn.now)),
            left=span(turn, _minutes_between(turn.now, last.end)),
        )
    else:
        out = turn.says(
            "thermal_last",
            name=name,
            span=span(turn, _elapsed_minutes(last.start, turn.now)),
            minutes=_minutes_between(last.start, last.end),
        )
    wait = guard(history_of(turn.user), last.kind, turn.now, break_minutes_of(turn.user))
    if wait is None:
        out.say(turn.phrase("thermal_ready_now"))
    else:
        out.say(turn.phrase("thermal_ready_in", name=name, span=span(turn, wait.minutes)))
    return turn.ask(out, "thermal_more_reprompt")


def set_break(turn: Turn, length: timedelta | None) -> Reply:
    if length is None:
        return turn.ask(
            turn.says("thermal_break_not_understood"), "thermal_break_reprompt", elicit_slot="duration"
        )
    minutes = length.total_seconds() / 60
    chosen = valid_break(minutes)
    if chosen is None:
        key = "thermal_break_too_short" if minutes < ALTERNATING[1][1] else "thermal_break_too_long"
        return turn.ask(turn.says(key), "thermal_break_reprompt")
    thermal_state(turn.user)["break_minutes"] = chosen
    return turn.ask(turn.says("thermal_break_set", span=span(turn, chosen)), "thermal_more_reprompt")
