"""Checks at the edge of the HTTP surface, before the Alexa SDK sees a request.

Whatever arrives, the answer is JSON: a body the server cannot read (a malformed chunked
encoding, a client that hangs up) or one over the size limit is refused with 400 or 413;
every method other than POST on the endpoint, and every other error, gets a JSON answer.
(JSON the skill could not answer in valid JSON is refused where the envelope is parsed,
in ``skill.alexa.serializer``.) Reasons are fixed phrases: they never repeat the request.
"""

from __future__ import annotations

import io
import logging
from typing import Any

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from skill.logfmt import line

log = logging.getLogger(__name__)

_READ_BLOCK = 64 * 1024


class Refused(Exception):
    """The request is refused with ``status``; ``reason`` is a fixed phrase."""

    def __init__(self, reason: str, status: int = 400) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


def refusal(reason: str, status: int) -> Response:
    log.warning(line("refused", reason=reason, status=status))
    response = jsonify({"error": reason})
    response.status_code = status
    return response


def read_body(environ: dict[str, Any], limit: int) -> bytes:
    """The whole request body, at most ``limit`` bytes, however it was sent."""
    stream = environ["wsgi.input"]
    length_text = (environ.get("CONTENT_LENGTH") or "").strip()
    chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
    try:
        if length_text and not chunked:
            if not length_text.isdigit():
                raise Refused("the body length is not a number")
            length = int(length_text)
            if length > limit:
                raise Refused("request body too large", 413)
            body = _read_up_to(stream, length)
            if len(body) < length:
                raise Refused("the body ended early")
            return body
        if chunked or environ.get("wsgi.input_terminated"):
            body = _read_up_to(stream, limit + 1)
            if len(body) > limit:
                raise Refused("request body too large", 413)
            return body
        return b""
    except Refused:
        raise
    except Exception as error:
        # gunicorn raises its own parse errors (a bad chunk size, a missing terminator),
        # other servers OSError or ValueError: any of them means the body is unreadable.
        log.info("request body could not be read: %s", type(error).__name__)
        raise Refused("the body could not be read") from error


def _read_up_to(stream: Any, limit: int) -> bytes:
    parts: list[bytes] = []
    size = 0
    while size < limit:
        block = stream.read(min(_READ_BLOCK, limit - size))
        if not block:
            break
        parts.append(block)
        size += len(block)
    return b"".join(parts)


def guard_alexa_request() -> Response | None:
    """Runs before the endpoint: reads and checks the body, or answers the refusal."""
    if request.method != "POST":  # OPTIONS, answered by Flask itself otherwise
        return method_not_allowed(MethodNotAllowed(valid_methods=["POST"]))
    limit = request.max_content_length
    try:
        body = read_body(request.environ, limit if limit is not None else 128 * 1024)
    except Refused as refused:
        return refusal(refused.reason, refused.status)
    # From here on the body is read from memory, with its length known.
    environ = request.environ
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    environ.pop("HTTP_TRANSFER_ENCODING", None)
    environ.pop("wsgi.input_terminated", None)
    # The adapter reads ``request.data``. Given the body read here, werkzeug does not read
    # it a second time through its stream and form-parser set-up (about 0.1 ms a request).
    request.data = body
    return None


def method_not_allowed(error: MethodNotAllowed) -> Response:
    response = refusal("method not allowed", 405)
    # OPTIONS is refused too: nothing here is for browsers.
    allowed = [m for m in error.valid_methods or ["POST"] if m != "OPTIONS"] or ["POST"]
    response.headers["Allow"] = ", ".join(sorted(allowed))
    return response


def install(app: Flask, endpoint: str = "alexa") -> None:
    """Guards ``endpoint`` and answers every error of ``app`` in JSON."""

    @app.before_request
    def _guard() -> Response | None:
        return guard_alexa_request() if request.endpoint == endpoint else None

    app.register_error_handler(MethodNotAllowed, method_not_allowed)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Response | HTTPException:
        if error.code is None or error.code < 400 or error.code == 416:
            return error  # a range refusal keeps the Content-Range header it carries
        return refusal(_REASONS.get(error.code, "request refused"), error.code)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        log.exception("unexpected error while answering a request", exc_info=error)
        return refusal("internal error", 500)


_REASONS = {
    400: "bad request",
    404: "not found",
    413: "request body too large",
    414: "request line too long",
    431: "request headers too large",
    500: "internal error",
}
