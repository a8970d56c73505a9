"""The baseline: a hello-world skill on the same stack (ask-sdk-core + flask-ask-sdk).

Served by gunicorn with the same gunicorn.conf.py as the real skill. It verifies nothing
(flask-ask-sdk's own verifiers need certvalidator, which cannot load on current
OpenSSL), stores nothing and answers every request with one sentence, so it measures
the cost of the stack itself.
"""

from __future__ import annotations

# Before flask-ask-sdk: lets it import on current OpenSSL (see skill/web/compat.py).
import skill.web.compat  # noqa: F401

# isort: split
from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.skill_builder import SkillBuilder
from ask_sdk_model import Response
from flask import Flask, jsonify
from flask_ask_sdk.skill_adapter import (
    VERIFY_SIGNATURE_APP_CONFIG,
    VERIFY_TIMESTAMP_APP_CONFIG,
    SkillAdapter,
)


class HelloHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return True

    def handle(self, handler_input: HandlerInput) -> Response:
        return handler_input.response_builder.speak("Hello world.").set_should_end_session(True).response


def create() -> Flask:
    builder = SkillBuilder()
    builder.add_request_handler(HelloHandler())
    app = Flask(__name__)
    app.config[VERIFY_SIGNATURE_APP_CONFIG] = False
    app.config[VERIFY_TIMESTAMP_APP_CONFIG] = False
    adapter = SkillAdapter(skill=builder.create(), skill_id="hello", app=app)
    app.add_url_rule("/alexa", "alexa", adapter.dispatch_request, methods=["POST"])
    app.add_url_rule("/healthz", "healthz", lambda: jsonify({"status": "ok"}))
    return app
