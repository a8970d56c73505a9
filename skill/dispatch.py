"""Finding a request's handler without asking every handler in turn.

ask-sdk asks each handler's ``can_handle`` in order until one says yes; with some forty
handlers that is most of the dispatch cost. Most handlers can only ever take certain
intents or request types, which can be known without asking: an intent handler takes
only the intents it names (a rule of its own may narrow that, never widen it), and a
handler declaring ``request_types`` takes nothing else. This mapper asks only the
handlers that could take the request, in the same order, so the handler chosen is
always the one ask-sdk's own mapper would choose.
"""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_runtime.dispatch_components.request_components import (
    GenericRequestHandlerChain,
    GenericRequestMapper,
)

from skill.alexa.handlers.base import IntentHandler, RequestTypeHandler

# Plans are kept per (request type, known intent); both sets are small, this is a guard.
MAX_PLANS = 512


class IndexedRequestMapper(GenericRequestMapper):
    """ask-sdk's request mapper, skipping handlers that cannot take the request."""

    def __init__(self, request_handler_chains: list[GenericRequestHandlerChain]) -> None:
        super().__init__(request_handler_chains)
        self._intents = {name for chain in self.request_handler_chains
                         for name in _fixed_intents(chain.request_handler) or ()}
        self._plans: dict[tuple[str, str | None], list[GenericRequestHandlerChain]] = {}

    def get_request_handler_chain(
            self, handler_input: HandlerInput) -> GenericRequestHandlerChain | None:
        request = handler_input.request_envelope.request
        intent = getattr(getattr(request, "intent", None), "name", None)
        # An intent no handler names is asked about like a request without one.
        key = (request.object_type, intent if intent in self._intents else None)
        plan = self._plans.get(key)
        if plan is None:
            plan = [chain for chain in self.request_handler_chains
                    if _may_handle(chain.request_handler, *key)]
            if len(self._plans) < MAX_PLANS:
                self._plans[key] = plan
        for chain in plan:
            if chain.request_handler.can_handle(handler_input=handler_input):
                return chain
        return None


def _fixed_intents(handler: AbstractRequestHandler) -> tuple[str, ...] | None:
    """The only intents ``handler`` can take, or None when they are not fixed."""
    if isinstance(handler, IntentHandler) and not isinstance(handler, RequestTypeHandler):
        return handler.intents
    return None


def _fixed_request_types(handler: AbstractRequestHandler) -> tuple[str, ...] | None:
    """The only request types ``handler`` can take, or None when they are not fixed."""
    if isinstance(handler, RequestTypeHandler):
        return (handler.request_type,)
    declared = getattr(handler, "request_types", None)
    return tuple(declared) if declared is not None else None


def _may_handle(handler: AbstractRequestHandler, request_type: str, intent: str | None) -> bool:
    intents = _fixed_intents(handler)
    if intents is not None:
        return intent in intents
    request_types = _fixed_request_types(handler)
    if request_types is not None:
        return request_type in request_types
    return True
