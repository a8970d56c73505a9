"""Skill lifecycle events: when someone disables the skill, forget them."""

from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.exceptions import PersistenceException
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import Response

from skill.alexa.bridge import USER, user_id_of
from skill.logfmt import user_hash
from skill.store.erasure import run_erasers

log = logging.getLogger(__name__)


class SkillDisabledHandler(AbstractRequestHandler):
    """AlexaSkillEvent.SkillDisabled: delete everything stored about the user."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("AlexaSkillEvent.SkillDisabled")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        manager = handler_input.attributes_manager
        # Nothing may be saved back after the erasure.
        manager.request_attributes.pop(USER, None)
        user_id = user_id_of(handler_input)
        try:
            manager.delete_persistent_attributes()
        except PersistenceException:
            # Alexa does not resend events: log (without the id) so an operator can
            # finish the job with `python -m skill.userdata delete`.
            log.exception("could not erase stored state of user %s", user_hash(user_id))
        run_erasers(user_id)
        log.info("erased user %s after SkillDisabled", user_hash(user_id))
        return handler_input.response_builder.response
