"""Serving the audio library at /audio/<file>, as Alexa fetches it."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Blueprint, Response, abort, send_file

# Only the library's own file names: hashes and track names, nothing with a path in it.
_SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,80}\.mp3$")
ONE_YEAR = 365 * 24 * 3600


def audio_blueprint(directory: Path) -> Blueprint:
    blueprint = Blueprint("audio", __name__)
    root = directory.resolve()

    @blueprint.get("/audio/<path:name>")
    def audio(name: str) -> Response:
        if not _SAFE_NAME.match(name):
            abort(404)
        path = root / name
        if not path.is_file():
            abort(404)
        # conditional=True answers Range requests with 206 and If-None-Match with 304.
        response = send_file(path, mimetype="audio/mpeg", conditional=True, etag=True, max_age=ONE_YEAR)
        # File names change whenever their content does, so a cached copy never goes stale.
        response.cache_control.immutable = True
        response.cache_control.public = True
        return response

    return blueprint
