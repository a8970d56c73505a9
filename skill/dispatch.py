"""Finding a request's handler without asking every handler in turn.

ask-sdk asks each handler's ``can_handle`` in order until one says yes; with some forty
handlers that is most of the dispatch cost. Most of them take fixed intent names or one
request type, which can be known without asking, so this mapper asks only the handlers
that could take the request, in the same order: the handler chosen is always the one
ask-sdk's own mapper would choose.
"""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_runtime.dispatch_components.request_components import (
    GenericRequestHandlerChain,
    GenericRequestMapper,
)

from skill.handlers.base import IntentHandler, RequestTypeHandler

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
    """The only intents ``handler`` can take, or None when its own rule decides."""
    if isinstance(handler, IntentHandler) and type(handler).can_handle is IntentHandler.can_handle:
        return handler.intents
    return None


def _may_handle(handler: AbstractRequestHandler, request_type: str, intent: str | None) -> bool:
    intents = _fixed_intents(handler)
    if intents is not None:
        return intent in intents
    if (isinstance(handler, RequestTypeHandler)
            and type(handler).can_handle is RequestTypeHandler.can_handle):
        return handler.request_type == request_type
    return True
