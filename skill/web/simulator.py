"""``GET /simulator``: the voice simulator in a browser, for the local development server only.

The page (static/, no external resources) posts what was typed or spoken to
``POST /simulator/api/say``; the server resolves it, sends it to the skill in-process and
answers with the speech split into words and pauses, the card, directives and both JSONs.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request, send_from_directory

from skill.domain.content import Phrases, load_content
from skill.simulator.envelopes import APPLICATION_ID, interfaces_for
from skill.simulator.render import (
    Segment,
    describe_directive,
    device_line,
    heard,
    readable,
    segments,
    spoken_seconds,
)
from skill.simulator.resolver import Resolver
from skill.simulator.screen import screen_in
from skill.simulator.session import Clock, Exchange, Session, SimulatorError, local_scheduler, parse_advance
from skill.simulator.session import skill_transport as _skill_transport

STATIC = Path(__file__).with_name("static")
MAX_SESSIONS = 50  # browser tabs held in memory; the oldest is forgotten first
MAX_UTTERANCE = 500


def _problem(message: str, status: int = 400) -> Response:
    response = jsonify({"error": message})
    response.status_code = status
    return response


def pause_labels(found: list[Segment], phrases: Phrases) -> list[dict[str, Any]]:
    """The segments as JSON, each pause labelled for the page's countdown by what it is for:
    a hold, a timed stretch, getting into position, or any other pause."""
    # Every phrasing of each cue: the person may hear any of a key's variants.
    starts = {
        text: name
        for key, name in (("hold_start", "Hold"), ("timed_start", "Keep going"))
        for text in phrases.variants(key)
    }
    ends = (*phrases.variants("hold_release"), *phrases.variants("timed_end"))
    get_ready = phrases.variants("get_ready")
    out, inside, label = [], "", "Pause"
    for segment in found:
        item = segment.as_json()
        if segment.kind == "say":
            text = segment.text.strip()
            if any(end in text for end in ends):
                inside = ""
            inside = next((name for start, name in starts.items() if text.endswith(start)), inside)
            label = inside or ("Get into position" if text.endswith(get_ready) else "Pause")
        elif segment.kind == "pause":
            item["label"] = label
        out.append(item)
    return out


def exchange_json(
    session_key: str, session: Session, exchange: Exchange, since: int | None = None
) -> dict[str, Any]:
    said = exchange.said
    resolution = exchange.resolution
    clock = session.clock.now()
    device = session.history[since:] if since is not None else []
    return {
        "session": session_key,
        "heard": heard(resolution) if resolution else "",
        "intent": (resolution.intent or resolution.request_type) if resolution else "",
        "slots": resolution.slot_summary() if resolution else {},
        "note": exchange.note,
        "segments": pause_labels(segments(said.ssml), load_content(session.locale).phrases),
        "text": readable(said.ssml),
        "reprompt": readable(said.reprompt_ssml),
        "card": said.card,
        "directives": [describe_directive(d) for d in said.directives],
        "session_open": session.in_session,
        "elapsed_ms": round(exchange.elapsed_ms, 1),
        "speech_seconds": round(spoken_seconds(said.ssml), 1),
        "problems": exchange.problems,
        "screen": screen_in(exchange.response),
        "clock": clock.isoformat(),
        "clock_text": clock_text(clock),
        "sent": exchange.sent,
        "device": [
            device_line(e).strip()
            for e in device
            if e.request_type.startswith(("AudioPlayer.", "PlaybackController."))
        ],
        "request": exchange.request,
        "response": exchange.response,
    }


def clock_text(moment: datetime) -> str:
    """The device's clock as a person reads it."""
    return moment.strftime("%a %d %b, %H:%M:%S %Z").strip()


def simulator_blueprint(skill: Any, skill_id: str = "", sqlite_path: Path | None = None) -> Blueprint:
    """The simulator's page and API, talking to ``skill`` (a CustomSkill) in-process."""
    blueprint = Blueprint("simulator", __name__, url_prefix="/simulator")
    sessions: OrderedDict[str, Session] = OrderedDict()
    skill_id = skill_id or APPLICATION_ID
    transport = _skill_transport(skill)
    lock = threading.Lock()  # the dev server is threaded; sessions are not

    def session_for(key: str, body: dict[str, Any]) -> tuple[str, Session]:
        if key in sessions:
            sessions.move_to_end(key)
            return key, sessions[key]
        locale = str(body.get("locale") or "en-US")
        session = Session(
            transport,
            resolver=Resolver.for_locale(locale, skill_id),
            locale=locale,
            skill_id=skill_id,
            interfaces=interfaces_for(list(body.get("interfaces") or [])),
            clock=Clock(simulated=False),
            scheduler=local_scheduler(sqlite_path) if sqlite_path else None,
        )
        key = uuid.uuid4().hex
        sessions[key] = session
        while len(sessions) > MAX_SESSIONS:
            sessions.popitem(last=False)
        return key, session

    @blueprint.get("")
    @blueprint.get("/")
    def page() -> Response:
        return send_from_directory(STATIC, "index.html")

    @blueprint.get("/static/<path:name>")
    def static_file(name: str) -> Response:
        return send_from_directory(STATIC, name)

    @blueprint.post("/api/say")
    def say() -> Response:
        body = request.get_json(silent=True)
        if not isinstance(body, dict) or not isinstance(body.get("text"), str):
            return _problem('send JSON like {"text": "open back spasm helper"}')
        text = body["text"].strip()
        if not text or len(text) > MAX_UTTERANCE:
            return _problem(f"say something of 1 to {MAX_UTTERANCE} characters")
        try:
            with lock:
                key, session = session_for(str(body.get("session") or ""), body)
                before = len(session.history)
                exchange = session.say(text)
                answer = exchange_json(key, session, exchange, before)
        except (SimulatorError, ValueError) as error:
            return _problem(str(error))
        return jsonify(answer)

    @blueprint.post("/api/tap")
    def tap() -> Response:
        """A touch on the screen preview: the UserEvent the document would send."""
        body = request.get_json(silent=True) or {}
        key, label = str(body.get("session") or ""), str(body.get("label") or "")
        if key not in sessions:
            return _problem("no such simulator session; say something first", 404)
        try:
            with lock:
                answer = exchange_json(key, sessions[key], sessions[key].tap(label[:MAX_UTTERANCE]))
        except (SimulatorError, ValueError) as error:
            return _problem(str(error))
        return jsonify(answer)

    @blueprint.post("/api/advance")
    def advance() -> Response:
        body = request.get_json(silent=True) or {}
        key = str(body.get("session") or "")
        if key not in sessions:
            return _problem("no such simulator session; say something first", 404)
        try:
            with lock:
                ended, announced = sessions[key].advance(parse_advance(str(body.get("span", ""))))
        except ValueError as error:
            return _problem(str(error))
        return jsonify(
            {
                "session_open": sessions[key].in_session,
                "timed_out": ended is not None,
                "clock": sessions[key].clock.now().isoformat(),
                "clock_text": clock_text(sessions[key].clock.now()),
                "announced": None if announced is None else [a.__dict__ for a in announced],
            }
        )

    @blueprint.post("/api/speech")
    def speech() -> Response:
        """The skill's own speech rendering of some text, as MP3 (when skill.audio exists)."""
        body = request.get_json(silent=True) or {}
        text = str(body.get("text", "")).strip()
        if not text or len(text) > 2000:
            return _problem("send the text to render (1 to 2000 characters)")
        try:
            from skill.audio.engines import render_speech
        except ImportError:
            return _problem("this build has no speech rendering", 501)
        engine = current_app.config.get("SIMULATOR_SPEECH_ENGINE", "auto")
        try:
            # A cache of its own, so the simulator never adds clips to the deployable library.
            directory = Path(current_app.config.get("SIMULATOR_AUDIO_DIR", "var/simulator-audio"))
            path = render_speech(text, str(body.get("locale") or "en-US"), engine, directory)
        except Exception as error:
            return _problem(f"speech could not be rendered: {error}", 503)
        # An absolute path: Flask reads a relative folder from the package, not the working one.
        path = path.resolve()
        return send_from_directory(path.parent, path.name, mimetype="audio/mpeg")

    # Browsers ask for /favicon.ico whatever the page says; the page's own icon answers.
    blueprint.record_once(
        lambda state: state.app.add_url_rule(
            "/favicon.ico",
            "favicon",
            lambda: send_from_directory(STATIC, "favicon.svg", mimetype="image/svg+xml"),
        )
    )
    return blueprint
