"""Screens for devices that have one: a coach Screen as an APL RenderDocument directive.

Only a device that declares ``Alexa.Presentation.APL`` in its supported interfaces gets
a document; every other device gets exactly the response it got before. The documents
are data files (``skill/content/apl/``); their text comes from the datasource, which the
coach fills from the phrase files of the request's locale.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ask_sdk_core.handler_input import HandlerInput

from skill.coach.screens import DOCUMENTS, Screen, screen_for
from skill.coach.turn import Reply, Turn

if TYPE_CHECKING:
    from ask_sdk_model.interfaces.alexa.presentation.apl import RenderDocumentDirective

APL_DIR = Path(__file__).resolve().parents[1] / "content" / "apl"
APL_INTERFACE = "Alexa.Presentation.APL"
USER_EVENT = "Alexa.Presentation.APL.UserEvent"
TOKEN_PREFIX = "backspasm-"
DATASOURCE = "screen"


def supports_apl(handler_input: HandlerInput) -> bool:
    context = handler_input.request_envelope.context
    device = getattr(getattr(context, "system", None), "device", None)
    interfaces = getattr(device, "supported_interfaces", None)
    return getattr(interfaces, "alexa_presentation_apl", None) is not None


@cache
def document(name: str) -> dict[str, Any]:
    """An APL document by name, read once; callers must not change it."""
    if name not in DOCUMENTS:
        raise KeyError(f"no APL document {name!r}")
    with (APL_DIR / f"{name}.json").open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = json.load(handle)
    return loaded


def directive_for(screen: Screen) -> RenderDocumentDirective:
    # APL's model package is some 70 modules: imported when a screen device first needs it.
    from ask_sdk_model.interfaces.alexa.presentation.apl import RenderDocumentDirective

    return RenderDocumentDirective(
        token=TOKEN_PREFIX + screen.document,
        document=document(screen.document),
        datasources={DATASOURCE: screen.data},
    )


def request_name(handler_input: HandlerInput) -> str:
    """The intent asked for, else the request type: what the coach's screen choice reads."""
    request = handler_input.request_envelope.request
    intent = getattr(request, "intent", None)
    return getattr(intent, "name", None) or getattr(request, "object_type", "") or ""


# A response steering the audio player or asking for a permission shows Alexa's own
# screen (Now Playing, the consent prompt); a document may not go with it.
EXCLUSIVE_DIRECTIVES = ("AudioPlayer.", "Connections.")


def add_screen(handler_input: HandlerInput, turn: Turn, reply: Reply) -> None:
    """Attach the reply's screen to the response, for a device that has a screen."""
    if handler_input.request_envelope.session is None or not supports_apl(handler_input):
        return
    directives = handler_input.response_builder.response.directives or []
    if any(str(getattr(d, "object_type", "")).startswith(EXCLUSIVE_DIRECTIVES) for d in directives):
        return
    screen = screen_for(turn, reply, request_name(handler_input))
    handler_input.response_builder.add_directive(directive_for(screen))
