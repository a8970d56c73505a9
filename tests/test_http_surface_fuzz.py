"""The whole HTTP surface, signed or not: never a 500, never an answer that is not JSON.

Property tests over methods, headers, chunked and oversized bodies, locales, session
attributes and numbers JSON cannot carry, against the app in process and against the
production stack (nginx in front of gunicorn, request verification on) over raw sockets.
Refusal reasons are fixed phrases that never repeat what the request said.
"""

from __future__ import annotations

import copy
import json
import logging
import socket
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skill.alexa.serializer import MAX_DEPTH, MAX_SESSION_ATTRIBUTES_BYTES
from skill.config import Config
from skill.web.app import create_app
from tests.alexa import APPLICATION_ID, alexa_rule_problems, envelope, intent_request
from tests.production_stack import Gunicorn, Nginx
from tests.signing import ChainServer, TestAuthority, pem
from tests.test_endpoint_fuzz import REQUESTS, json_values, mangled_envelopes

FUZZ = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
LIMIT = 128 * 1024
# What an answer may be: the skill's own, or a refusal. Never 5xx.
ANSWERS = {200, 400, 404, 405, 408, 411, 413, 414, 431}
MARKER = "ECHO-7f3a"  # planted in requests; must never come back in a refusal


def strict_json(text: str) -> Any:
    """JSON as Alexa reads it: NaN and Infinity are not JSON."""

    def refuse(constant: str) -> Any:
        raise ValueError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


def check_answer(status: int, text: str, method: str = "POST") -> None:
    assert status in ANSWERS, (status, text[:300])
    if method == "HEAD":
        return
    answer = strict_json(text)
    assert "Traceback" not in text
    if status == 200:
        assert answer["version"] == "1.0" and not alexa_rule_problems(answer)
    else:
        assert isinstance(answer["error"], str) and answer["error"]
        assert MARKER not in text, "a refusal repeated the request"


# In process: what a signed body reaches once verified ----------------------------------


@pytest.fixture(scope="module")
def local_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    path: Path = tmp_path_factory.mktemp("surface") / "skill.sqlite3"
    return create_app(Config(skill_id=APPLICATION_ID, local_dev=True, sqlite_path=path))


def post(app: Flask, body: bytes | str) -> tuple[int, str]:
    reply = app.test_client().post("/alexa", data=body, headers={"Content-Type": "application/json"})
    return reply.status_code, reply.get_data(as_text=True)


def nested(depth: int) -> Any:
    value: Any = "bottom"
    for level in range(depth):
        value = [value] if level % 2 else {"a": value}
    return value


locales = st.sampled_from(
    [
        "..",
        "/",
        "a/b",
        "../../etc",
        "x" * 300,
        "",
        "en-US\x00",
        "EN-us",
        "en-GB",
        "de-DE",
        "zz-ZZ",
        "en",
        "en-US/../..",
        "😀",
    ]
) | st.text(max_size=40)


@FUZZ
@given(locale=locales, request=st.sampled_from(REQUESTS))
def test_any_locale_gets_a_proper_answer(local_app: Flask, locale: str, request: dict[str, Any]) -> None:
    body = envelope(copy.deepcopy(request), new=True, locale=locale)
    status, text = post(local_app, json.dumps(body))
    check_answer(status, text)


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 100, 500, 5000])
def test_deeply_nested_session_attributes_are_refused(local_app: Flask, depth: int) -> None:
    body = json.dumps(envelope(intent_request("AMAZON.NextIntent"), new=False, attributes={"deep": "PLACE"}))
    status, text = post(local_app, body.replace('"PLACE"', "[" * depth + "1" + "]" * depth))
    check_answer(status, text)
    assert status == 400


def test_session_attributes_over_the_limit_are_refused(local_app: Flask) -> None:
    filler = "x" * (MAX_SESSION_ATTRIBUTES_BYTES + 1)
    body = envelope(intent_request("AMAZON.NextIntent"), new=False, attributes={"f": filler})
    status, text = post(local_app, json.dumps(body))
    assert status == 400 and strict_json(text)["error"] == "session attributes are too large"


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999999", "-1e400"])
def test_numbers_json_cannot_carry_are_refused(local_app: Flask, number: str) -> None:
    body = json.dumps(
        envelope(intent_request("AMAZON.NextIntent"), new=False, attributes={"n": "PLACE"})
    ).replace('"PLACE"', number)
    status, text = post(local_app, body)
    check_answer(status, text)
    assert status == 400


@FUZZ
@given(
    attributes=st.dictionaries(st.text(max_size=8), json_values, max_size=5),
    request=st.sampled_from(REQUESTS),
)
def test_any_finite_session_attributes_get_a_proper_answer(
    local_app: Flask, attributes: dict[str, Any], request: dict[str, Any]
) -> None:
    body = envelope(copy.deepcopy(request), new=False, attributes=attributes)
    status, text = post(local_app, json.dumps(body))
    check_answer(status, text)


def _plant(document: Any, choice: int) -> Any:
    """Puts the marker into one of the envelope's values (by position in a walk)."""
    seen = 0

    def walk(value: Any) -> Any:
        nonlocal seen
        if isinstance(value, dict):
            return {key: walk(item) for key, item in value.items()}
        if isinstance(value, list):
            return [walk(item) for item in value]
        seen += 1
        return MARKER if seen == choice else value

    return walk(document)


@FUZZ
@given(
    request=st.sampled_from(REQUESTS),
    choice=st.integers(1, 40),
    wrap=st.sampled_from(["plain", "number", "list", "object"]),
)
def test_refusal_reasons_never_repeat_the_request(
    local_app: Flask, caplog: pytest.LogCaptureFixture, request: dict[str, Any], choice: int, wrap: str
) -> None:
    body = _plant(envelope(copy.deepcopy(request), new=True), choice)
    text = json.dumps(body)
    if wrap != "plain":  # a value of the wrong kind, carrying the marker
        replacement = {"number": f'"{MARKER}1e5"', "list": f'["{MARKER}"]', "object": f'{{"{MARKER}": 1}}'}[
            wrap
        ]
        text = text.replace(f'"{MARKER}"', replacement)
    caplog.clear()
    with caplog.at_level(logging.INFO):
        status, answer = post(local_app, text)
    check_answer(status, answer)
    refusals = [
        record.getMessage() for record in caplog.records if '"event":"refused"' in record.getMessage()
    ]
    assert not [line for line in refusals if MARKER in line]


# The production stack over raw sockets -----------------------------------------------


@pytest.fixture(scope="module")
def ca() -> Iterator[TestAuthority]:
    chains = ChainServer()
    yield TestAuthority(server=chains)
    chains.close()


@pytest.fixture(scope="module")
def app_server(tmp_path_factory: pytest.TempPathFactory, ca: TestAuthority) -> Iterator[Gunicorn]:
    folder = tmp_path_factory.mktemp("surface-stack")
    root = folder / "root.pem"
    root.write_bytes(pem(ca.root))
    env = {
        "SKILL_ID": APPLICATION_ID,
        "SKILL_SQLITE_PATH": str(folder / "skill.sqlite3"),
        "SKILL_LOG_LEVEL": "INFO",
        "SKILL_LOCAL_DEV": "",
        "HOST": "127.0.0.1",
        "WEB_CONCURRENCY": "1",
        "BENCH_ROOT_PEM": str(root),
        "BENCH_CHAIN_PORT": str(ca.server.port),
    }
    server = Gunicorn(env, folder / "gunicorn.log", "benchmarks.signed_app:create()")
    yield server
    log = server.stop()
    assert "Traceback" not in log


@pytest.fixture(scope="module")
def proxy(app_server: Gunicorn) -> Iterator[Nginx]:
    server = Nginx(app_server.port)
    yield server
    server.stop()


def exchange(port: int, data: bytes) -> tuple[int, str]:
    with socket.create_connection(("127.0.0.1", port), timeout=15) as sock:
        sock.sendall(data)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    headers = head.decode("latin-1").lower()
    if "transfer-encoding: chunked" in headers:
        body = dechunk(body)
    return status, body.decode("utf-8", "replace")


def dechunk(data: bytes) -> bytes:
    out = b""
    while data:
        size_line, _, data = data.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            break
        out, data = out + data[:size], data[size + 2 :]
    return out


def chunked(body: bytes, sizes: list[int]) -> bytes:
    parts, rest = [], body
    for size in sizes:
        if not rest:
            break
        piece, rest = rest[:size], rest[size:]
        parts.append(b"%x\r\n%s\r\n" % (len(piece), piece))
    if rest:
        parts.append(b"%x\r\n%s\r\n" % (len(rest), rest))
    return b"".join(parts) + b"0\r\n\r\n"


header_names = st.text(
    st.sampled_from("abcdefghijklmnopqrstuvwxyz-ABCXYZ0123456789_"), min_size=1, max_size=20
)
header_values = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=60)
bodies = mangled_envelopes() | st.binary(max_size=200)
framings = st.sampled_from(["length", "chunked", "bad chunks", "over limit", "over limit chunked", "none"])


@st.composite
def raw_requests(draw: st.DrawFn, ca: TestAuthority) -> tuple[str, bytes]:
    method = draw(
        st.sampled_from(
            [
                "POST",
                "POST",
                "POST",
                "GET",
                "HEAD",
                "PUT",
                "DELETE",
                "PATCH",
                "OPTIONS",
                "TRACE",
                "PROPFIND",
                "FOO",
            ]
        )
    )
    path = draw(st.sampled_from(["/alexa", "/alexa", "/alexa?x=1", "/alexa/", "//alexa"]))
    body = draw(bodies)
    if draw(st.booleans()):  # a fresh, correctly signed envelope: it reaches the skill
        document = envelope(
            copy.deepcopy(draw(st.sampled_from(REQUESTS))),
            new=True,
            now=datetime.now(UTC),
            locale=draw(locales),
            attributes=draw(st.sampled_from([{}, {"deep": nested(60)}])),
        )
        body = json.dumps(document).encode()
    headers = {"Host": "skill", "Connection": "close", "Content-Type": "application/json"}
    if draw(st.booleans()):
        headers.update(ca.headers(body))
    for name, value in draw(st.lists(st.tuples(header_names, header_values), max_size=4)):
        headers.setdefault(name, value)
    framing = draw(framings)
    if framing == "length":
        headers["Content-Length"] = str(len(body))
        payload = body
    elif framing == "chunked":
        headers["Transfer-Encoding"] = "chunked"
        payload = chunked(body, draw(st.lists(st.integers(1, 50), max_size=5)))
    elif framing == "bad chunks":
        headers["Transfer-Encoding"] = "chunked"
        payload = draw(
            st.sampled_from(
                [
                    b"zz\r\nabc\r\n0\r\n\r\n",
                    b"5\r\nabc\r\n0\r\n\r\n",
                    b"-1\r\nx\r\n0\r\n\r\n",
                    b"3\r\nabcXY0\r\n\r\n",
                    b"ffffffffffffffff\r\nx\r\n0\r\n\r\n",
                ]
            )
        )
    elif framing == "over limit":
        payload = b"{" + b" " * LIMIT + b"}"
        headers["Content-Length"] = str(len(payload))
    elif framing == "over limit chunked":
        headers["Transfer-Encoding"] = "chunked"
        payload = chunked(b"{" + b" " * LIMIT + b"}", [60000] * 3)
    else:
        payload = b""
    head = (
        f"{method} {path} HTTP/1.1\r\n"
        + "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        + "\r\n"
    )
    return method, head.encode("latin-1") + payload


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_the_production_stack_answers_anything_in_json(
    proxy: Nginx, ca: TestAuthority, data: st.DataObject
) -> None:
    method, raw = data.draw(raw_requests(ca))
    status, text = exchange(proxy.port, raw)
    if method == "TRACE" and status == 400:
        # The one known exception: nginx refuses TRACE itself before any configuration
        # applies, and a malformed chunked body found while discarding it gets nginx's
        # own HTML 400 (the README says so). Still a refusal, never passed on.
        return
    check_answer(status, text, method)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_gunicorn_alone_answers_anything_in_json(
    app_server: Gunicorn, ca: TestAuthority, data: st.DataObject
) -> None:
    """Behind the proxy or not, the app's own answers are JSON (gunicorn's parser aside)."""
    method, raw = data.draw(raw_requests(ca))
    if any(f"{m} " in raw[:12].decode("latin-1") for m in ("TRACE", "PROPFIND", "FOO")):
        return
    if b"ffffffffffffffff" in raw:
        return  # a chunk that never arrives: gunicorn alone waits for it (nginx does not)
    status, text = exchange(app_server.port, raw)
    check_answer(status, text, method)


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        (b"zz\r\nabc\r\n0\r\n\r\n", 400),
        (chunked(b"{" + b" " * LIMIT + b"}", [60000] * 3), 413),
    ],
)
def test_chunked_bodies_that_gunicorn_alone_got_wrong(
    app_server: Gunicorn, payload: bytes, status: int
) -> None:
    raw = (
        b"POST /alexa HTTP/1.1\r\nHost: skill\r\nConnection: close\r\n"
        b"Transfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n" + payload
    )
    assert exchange(app_server.port, raw)[0] == status


def test_request_locales_never_grow_the_content_cache(local_app: Flask) -> None:
    """Content is cached per supported locale: random locales cost neither time nor memory."""
    from skill.domain import content

    for number in range(100):
        region = chr(65 + number % 26) + chr(65 + number // 26)
        for locale in (f"q{number}-ZZ", f"en-{region}"):
            body = envelope(intent_request("AMAZON.HelpIntent"), new=True, locale=locale)
            status, _ = post(local_app, json.dumps(body))
            assert status == 200
    # One entry per set of content folders (a language's base, or base and region).
    assert content._content_of.cache_info().currsize <= len(content.available_locales()) + 1
    assert content.load_content.cache_info().currsize <= 64
