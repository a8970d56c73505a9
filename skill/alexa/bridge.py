"""Small readers and writers between ask-sdk's request/response objects and the coach."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import (
    Intent,
    IntentConfirmationStatus,
    IntentRequest,
    Response,
    Slot,
    SlotConfirmationStatus,
)
from ask_sdk_model.ui import SimpleCard

from skill.alexa.screens import add_screen
from skill.alexa.ssml import to_ssml
from skill.coach import safety
from skill.coach.turn import Reply, Turn
from skill.domain.content import Content, load_content

CONTENT = "content"
USER = "user"
REPLY = "reply"
TURN = "turn"
# Set when the user's saved state could not be read this turn.
STORE_FAILED = "store_failed"
# StatusCode.ER_SUCCESS_MATCH's value: the slot models load only with a request that has slots.
MATCHED = "ER_SUCCESS_MATCH"


def request_of(handler_input: HandlerInput) -> Any:
    """The request, read loosely: its type decides which fields it has (ask-sdk types it as
    the base ``Request``, or None)."""
    return handler_input.request_envelope.request


def request_attributes_of(handler_input: HandlerInput) -> dict[str, Any]:
    """This request's own scratch space (content, user state, the reply), values of any type."""
    attributes: dict[str, Any] = handler_input.attributes_manager.request_attributes
    return attributes


def system_of(handler_input: HandlerInput) -> Any:
    """Context.System (device, user, API endpoint), or None in a request without one."""
    return getattr(handler_input.request_envelope.context, "system", None)


def user_id_of(handler_input: HandlerInput) -> str:
    return getattr(getattr(system_of(handler_input), "user", None), "user_id", None) or ""


def _slots(handler_input: HandlerInput) -> dict[str, Any]:
    """The intent's slots by name, or none outside an IntentRequest."""
    request = handler_input.request_envelope.request
    return getattr(getattr(request, "intent", None), "slots", None) or {}


def _resolutions(found: Any) -> list[Any]:
    """A slot's entity resolutions, one per authority (the model's own values first)."""
    return getattr(getattr(found, "resolutions", None), "resolutions_per_authority", None) or []


def _status(authority: Any) -> str | None:
    code = getattr(getattr(authority, "status", None), "code", None)
    return getattr(code, "value", None)


def slot(handler_input: HandlerInput, name: str) -> tuple[str | None, str | None]:
    """(resolved id, heard value) of a slot; the id is set only when Alexa matched a value."""
    found = _slots(handler_input).get(name)
    if found is None or not found.value:
        return None, None
    for authority in _resolutions(found):
        first = authority.values[0].value if _status(authority) == MATCHED and authority.values else None
        if first is not None and first.id:
            return first.id, found.value
    return None, found.value


def unlisted_slots(handler_input: HandlerInput) -> list[tuple[str, str]]:
    """(name, heard value) of every custom slot Alexa filled with words it does not list."""
    found = []
    for name, value in sorted(_slots(handler_input).items()):
        codes = [_status(authority) for authority in _resolutions(value)]
        if value is not None and value.value and codes and MATCHED not in codes:
            found.append((name, value.value))
    return found


def filled_slots(handler_input: HandlerInput) -> list[tuple[str, str]]:
    """(name, heard value) of every slot Alexa filled, in a stable order."""
    slots = _slots(handler_input)
    return [(name, found.value) for name, found in sorted(slots.items()) if found is not None and found.value]


def request_time(handler_input: HandlerInput) -> datetime:
    """The request's own timestamp, so replays and simulated time travel behave."""
    stamp = getattr(handler_input.request_envelope.request, "timestamp", None)
    if isinstance(stamp, datetime):
        return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)
    return datetime.now(UTC)


def content_of(handler_input: HandlerInput) -> Content:
    content = handler_input.attributes_manager.request_attributes.get(CONTENT)
    if isinstance(content, Content):
        return content
    return load_content(getattr(handler_input.request_envelope.request, "locale", None))


def session_of(handler_input: HandlerInput) -> dict[str, Any]:
    """Session attributes, or a throwaway dict for requests outside a session (AudioPlayer, events)."""
    if handler_input.request_envelope.session is None:
        return {}
    attributes: dict[str, Any] | None = handler_input.attributes_manager.session_attributes
    return attributes if attributes is not None else {}


def turn_of(handler_input: HandlerInput) -> Turn:
    """This request's turn: made once, and again only if the state it was made on was replaced."""
    attributes = handler_input.attributes_manager.request_attributes
    user = attributes.setdefault(USER, {})
    assert isinstance(user, dict)
    session = session_of(handler_input)
    history_unavailable = bool(attributes.get(STORE_FAILED))
    made = attributes.get(TURN)
    if (
        isinstance(made, Turn)
        and made.user is user
        and made.session is session
        and made.history_unavailable == history_unavailable
    ):
        return made
    turn = attributes[TURN] = Turn(
        content=content_of(handler_input),
        session=session,
        user=user,
        now=request_time(handler_input),
        history_unavailable=history_unavailable,
        user_id=user_id_of(handler_input),
    )
    return turn


def _elicited_intent(request: Any, reply: Reply) -> Intent | None:
    """The intent a Dialog.ElicitSlot names: the one heard, or another one (intent chaining).

    Dialog directives may only answer an IntentRequest; elsewhere the question is asked
    in speech alone and the bare answer relies on the answer intents' own samples.
    """
    if not reply.elicit_slot or not isinstance(request, IntentRequest):
        return None
    heard = request.intent
    if not reply.elicit_intent or (heard is not None and heard.name == reply.elicit_intent):
        return heard
    return Intent(
        name=reply.elicit_intent,
        confirmation_status=IntentConfirmationStatus.NONE,
        slots={
            reply.elicit_slot: Slot(name=reply.elicit_slot, confirmation_status=SlotConfirmationStatus.NONE)
        },
    )


def _audio_playing(handler_input: HandlerInput) -> bool:
    player = getattr(handler_input.request_envelope.context, "audio_player", None)
    activity = getattr(getattr(player, "player_activity", None), "value", "")
    return bool(getattr(player, "token", None)) and activity in {"PLAYING", "PAUSED", "BUFFER_UNDERRUN"}


def render(handler_input: HandlerInput, reply: Reply) -> Response:
    """Turn a coach reply into Alexa's response, through the one SSML builder."""
    manager = handler_input.attributes_manager
    user = manager.request_attributes.get(USER)
    if user is not None and isinstance(handler_input.request_envelope.request, IntentRequest):
        # A one-shot or hands-free first use still hears the safety note first.
        safety.first_use(turn_of(handler_input), reply)
    manager.request_attributes[REPLY] = reply
    builder = handler_input.response_builder
    builder.speak(to_ssml(reply.speech))
    if reply.card is not None:
        builder.set_card(SimpleCard(title=reply.card.title, content=reply.card.text))
    if reply.end_session:
        builder.set_should_end_session(True)
    else:
        builder.ask(to_ssml(reply.reprompt or reply.speech))
    elicit = _elicited_intent(handler_input.request_envelope.request, reply)
    if elicit is not None:
        # Imported here, as the audio player's below: few turns need them (10 ms of a cold start).
        from ask_sdk_model.dialog import ElicitSlotDirective

        builder.add_directive(ElicitSlotDirective(updated_intent=elicit, slot_to_elicit=reply.elicit_slot))
    for directive in reply.directives:
        builder.add_directive(directive)
    if reply.safety_stop and _audio_playing(handler_input):
        # A red flag said while a hands-free routine plays: the exercise must not play on.
        from ask_sdk_model.interfaces.audioplayer import StopDirective

        builder.add_directive(StopDirective())
    add_screen(handler_input, turn_of(handler_input), reply)
    return builder.response
