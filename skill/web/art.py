"""Serving the Now Playing art at /art/<file>, shown by screens during hands-free routines."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Blueprint, Response, abort, send_file

ART_DIR = Path(__file__).resolve().parents[1] / "content" / "art"
# Only the art's own file names, nothing with a path in it.
_SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,60}\.png$")
ONE_DAY = 24 * 3600


def art_blueprint(directory: Path = ART_DIR) -> Blueprint:
    blueprint = Blueprint("art", __name__)
    root = directory.resolve()

    @blueprint.get("/art/<path:name>")
    def art(name: str) -> Response:
        if not _SAFE_NAME.match(name) or not (root / name).is_file():
            abort(404)
        return send_file(root / name, mimetype="image/png", conditional=True, etag=True, max_age=ONE_DAY)

    return blueprint
