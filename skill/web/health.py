"""``GET /readyz``: whether this server can serve real Alexa requests, and if not, why.

``/healthz`` only says the process answers (liveness). Readiness checks what would make
every real request fail: request verification on with no skill id (each request is
refused), a store that cannot be read, hands-free switched on with no audio library.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from flask import Blueprint, Response, jsonify

from skill.audio.manifest import MANIFEST_NAME, read_manifest, track_index
from skill.config import Config


def readiness_problems(config: Config) -> list[str]:
    """Each reason the server cannot serve real requests, in words an operator can act on."""
    problems = []
    if config.verify_requests and not config.skill_id:
        problems.append("SKILL_ID is not set and request verification is on, so every request is refused")
    if config.store == "sqlite":
        problem = _sqlite_problem(config.sqlite_path)
        if problem:
            problems.append(problem)
    if config.audio_base_url:
        problem = _audio_problem(config.audio_dir)
        if problem:
            problems.append(problem)
    return problems


def _sqlite_problem(path: Path) -> str:
    if not path.exists():
        # Created on the first request, so its folder must let it be.
        folder = path.parent if path.parent != Path("") else Path(".")
        if folder.is_dir() and os.access(folder, os.W_OK | os.X_OK):
            return ""
        if not folder.exists():
            return "" if _creatable(folder) else f"the store's folder {folder} cannot be created"
        return f"the store {path} does not exist and its folder {folder} is not writable"
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            connection.close()
    except sqlite3.Error as error:
        return f"the store {path} cannot be read: {error}"
    return ""


def _creatable(folder: Path) -> bool:
    for parent in folder.parents:
        if parent.exists():
            return parent.is_dir() and os.access(parent, os.W_OK | os.X_OK)
    return False


def _audio_problem(directory: Path) -> str:
    hint = "run: python -m skill.audio build"
    try:
        tracks = track_index(read_manifest(directory / MANIFEST_NAME))
    except (OSError, ValueError) as error:
        return f"SKILL_AUDIO_BASE_URL is set but the audio manifest in {directory} cannot be read ({error})"
    if not tracks:
        return f"SKILL_AUDIO_BASE_URL is set but the audio library in {directory} has no tracks; {hint}"
    missing = sum(not (directory / name).is_file() for name in tracks.values())
    if missing:
        return f"SKILL_AUDIO_BASE_URL is set but {missing} tracks are missing from {directory}; {hint}"
    return ""


def health_blueprint(config: Config) -> Blueprint:
    blueprint = Blueprint("readiness", __name__)

    @blueprint.get("/readyz")
    def readyz() -> Response:
        problems = readiness_problems(config)
        response = jsonify({"status": "not ready", "problems": problems} if problems else {"status": "ready"})
        response.status_code = 503 if problems else 200
        return response

    return blueprint
