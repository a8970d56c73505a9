"""The Flask application factory: the Alexa endpoint and a health check."""

from __future__ import annotations

import json
import logging
from typing import Any

from ask_sdk_core.exceptions import AskSdkException
from ask_sdk_model import RequestEnvelope
from ask_sdk_webservice_support.verifier import VerificationException
from flask import Flask, Response, jsonify, request
from flask_ask_sdk.skill_adapter import (
    VERIFY_SIGNATURE_APP_CONFIG,
    VERIFY_TIMESTAMP_APP_CONFIG,
    SkillAdapter,
)

from skill.alexa.builder import build_skill
from skill.config import Config
from skill.logfmt import configure_logging, line, set_salt
from skill.web.audio import audio_blueprint
from skill.web.envelope import shape_problem
from skill.web.verification import verifiers_for

log = logging.getLogger(__name__)
# Replies are compact and unsorted (Alexa reads any key order, and sorting costs on every
# reply), with the encoder built once rather than by json.dumps on every call.
_compact_json = json.JSONEncoder(separators=(",", ":")).encode


def _refuse(reason: str, status: int = 400) -> Response:
    log.warning(line("refused", reason=reason, status=status))
    response = jsonify({"error": reason})
    response.status_code = status
    return response


class BadEnvelope(ValueError):
    """The body cannot be an Alexa request envelope; the message says why."""


def parse_envelope(text: str) -> dict[str, Any]:
    """The body as a JSON object shaped like an Alexa request envelope, or BadEnvelope."""
    try:
        envelope = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise BadEnvelope("body is not JSON") from error
    if not isinstance(envelope, dict):
        raise BadEnvelope("body is not a JSON object")
    inner = envelope.get("request")
    if not isinstance(inner, dict) or not isinstance(inner.get("type"), str):
        raise BadEnvelope("envelope has no request type")
    context = envelope.get("context")
    if context is not None and not isinstance(context, dict):
        raise BadEnvelope("envelope context is not an object")
    problem = shape_problem(envelope)
    if problem:
        raise BadEnvelope(problem)
    return envelope


class AlexaEndpoint(SkillAdapter):
    """flask-ask-sdk's adapter, answering bad input with a clear 400 instead of a 500.

    It does what the SDK's webservice handler does (deserialise, verify, invoke,
    serialise) with the body parsed once: the shape check and the deserialiser share it.
    """

    def dispatch_request(self) -> Response:
        try:
            # Alexa sends UTF-8; json.loads of bytes would also accept UTF-16 and UTF-32.
            text = request.get_data(cache=True).decode("utf-8")
            envelope = parse_envelope(text)
        except UnicodeDecodeError:
            return _refuse("body is not JSON")
        except BadEnvelope as error:
            return _refuse(str(error))
        skill = self._skill
        try:
            request_envelope = skill.serializer.read(envelope, RequestEnvelope)
            for verifier in self._verifiers:
                verifier.verify(headers=request.headers, serialized_request_env=text,
                                deserialized_request_env=request_envelope)
            result = skill.serializer.serialize(
                skill.invoke(request_envelope=request_envelope, context=None))
        except VerificationException as error:
            return _refuse(f"verification failed: {error}")
        except AskSdkException as error:
            return _refuse(f"request could not be handled: {error}")
        return Response(_compact_json(result), mimetype="application/json")


def create_app(config: Config | None = None) -> Flask:
    config = config or Config.from_env()
    configure_logging(config.log_level)
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = config.max_body_bytes
    # The SDK's own verifiers need certvalidator; skill.web.verification replaces them.
    app.config[VERIFY_SIGNATURE_APP_CONFIG] = False
    app.config[VERIFY_TIMESTAMP_APP_CONFIG] = False
    app.extensions["skill_config"] = config
    set_salt(config.log_salt)
    if not config.verify_requests:
        log.warning("SKILL_LOCAL_DEV is on: requests are NOT verified. Never use this in production.")
    skill = build_skill(config)
    adapter = AlexaEndpoint(skill=skill, skill_id=config.skill_id or "local-dev",
                            verifiers=verifiers_for(config), app=app)
    app.add_url_rule("/alexa", "alexa", adapter.dispatch_request, methods=["POST"])
    if config.local_dev:
        # The browser simulator exists only on the development server.
        from skill.web.simulator import simulator_blueprint

        app.register_blueprint(simulator_blueprint(skill, config.skill_id, config.sqlite_path))
    app.register_blueprint(audio_blueprint(config.audio_dir))

    @app.get("/healthz")
    def healthz() -> Response:
        return jsonify({"status": "ok"})

    @app.errorhandler(413)
    def too_large(_error: Exception) -> Response:
        return _refuse("request body too large", 413)

    return app
