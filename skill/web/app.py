"""The Flask application factory: the Alexa endpoint and a health check."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from ask_sdk_core.exceptions import SerializationException
from ask_sdk_runtime.exceptions import AskSdkException
from ask_sdk_webservice_support.verifier import VerificationException
from flask import Flask, Response, jsonify
from flask import request as flask_request
from flask_ask_sdk.skill_adapter import (
    VERIFY_SIGNATURE_APP_CONFIG,
    VERIFY_TIMESTAMP_APP_CONFIG,
    SkillAdapter,
)
from werkzeug.exceptions import HTTPException

from skill.alexa.builder import build_skill
from skill.alexa.serializer import UnreadableEnvelope
from skill.config import Config
from skill.logfmt import configure_logging, line, set_salt
from skill.web import guards
from skill.web.art import art_blueprint
from skill.web.audio import audio_blueprint
from skill.web.envelope import BadEnvelope, SoundEnvelope
from skill.web.health import health_blueprint
from skill.web.verification import verifiers_for

log = logging.getLogger(__name__)


def _refuse(reason: str, status: int = 400) -> Response:
    log.warning(line("refused", reason=reason, status=status))
    response = jsonify({"error": reason})
    response.status_code = status
    return response


def refusing_bad_input(dispatch: Callable[[], Response]) -> Callable[[], Response]:
    """flask-ask-sdk's ``dispatch_request``, with bad input answered by a 400 and a reason.

    The adapter answers a failed verification with an HTML 400, and an envelope the SDK
    cannot read with a 500 (it raises ``InternalServerError`` for every ``AskSdkException``);
    both exceptions are raised while handling the SDK's own, which is their context.
    """

    def alexa() -> Response:
        try:
            return dispatch()
        except UnicodeDecodeError:  # the adapter decodes the body before its own try
            return _refuse("body is not JSON")
        except HTTPException as error:
            cause = error.__context__
            if isinstance(cause, BadEnvelope):
                return _refuse(str(cause))
            if isinstance(cause, VerificationException):
                return _refuse(f"verification failed: {cause}")
            if isinstance(cause, UnreadableEnvelope):
                return _refuse(str(cause))
            if isinstance(cause, SerializationException):
                return _refuse(_unreadable(flask_request.get_data(as_text=True)))
            if isinstance(cause, AskSdkException):  # say, another skill's id in local development
                # Its message may quote the request: the reason stays a fixed phrase.
                log.info("request could not be handled: %s", type(cause).__name__)
                return _refuse("request could not be handled")
            raise

    return alexa


def _unreadable(body: str) -> str:
    """Why the SDK could not read ``body``, in a few words (its own message repeats the body)."""
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        return "body is not JSON"
    if not isinstance(document, dict):
        return "body is not a JSON object"
    request = document.get("request")
    if not isinstance(request, dict) or not isinstance(request.get("type"), str):
        return "envelope has no request type"
    return "envelope could not be read as an Alexa request"


class _RefusalsLoggedOnce(logging.Filter):
    """Drops flask-ask-sdk's traceback for a refused request: the endpoint logs one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return not isinstance(error, VerificationException | AskSdkException)


_refusals_logged_once = _RefusalsLoggedOnce()


def create_app(config: Config | None = None) -> Flask:
    config = config or Config.from_env()
    configure_logging(config.log_level)
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = config.max_body_bytes
    app.json.sort_keys = False  # type: ignore[attr-defined]  # Alexa reads any key order
    # The SDK's signature verifier needs certvalidator (see compat.py); the one in
    # skill.web.verification takes its place. Its timestamp verifier is among ours, after
    # the envelope check it relies on.
    app.config[VERIFY_SIGNATURE_APP_CONFIG] = False
    app.config[VERIFY_TIMESTAMP_APP_CONFIG] = False
    app.extensions["skill_config"] = config
    set_salt(config.log_salt)
    if not config.verify_requests:
        log.warning("SKILL_LOCAL_DEV is on: requests are NOT verified. Never use this in production.")
    skill = build_skill(config)
    adapter = SkillAdapter(
        skill=skill,
        skill_id=config.skill_id or "local-dev",
        verifiers=[SoundEnvelope(), *verifiers_for(config)],
        app=app,
    )
    app.logger.addFilter(_refusals_logged_once)
    app.add_url_rule("/alexa", "alexa", refusing_bad_input(adapter.dispatch_request), methods=["POST"])
    guards.install(app, "alexa")
    if config.local_dev:
        # The browser simulator exists only on the development server.
        from skill.web.simulator import simulator_blueprint

        app.register_blueprint(simulator_blueprint(skill, config.skill_id, config.sqlite_path))
    app.register_blueprint(audio_blueprint(config.audio_dir))
    app.register_blueprint(art_blueprint())
    app.register_blueprint(health_blueprint(config))

    @app.get("/healthz")
    def healthz() -> Response:
        return jsonify({"status": "ok"})

    @app.errorhandler(413)
    def too_large(_error: Exception) -> Response:
        return _refuse("request body too large", 413)

    return app
