"""Alexa's request-verification rules, end to end through the HTTP endpoint.

A private CA signs requests like Alexa does and its chains are served from a loopback
server; every way a request can fail verification is answered with HTTP 400 and a
short JSON reason, never a 500.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from skill.config import Config, TrustRules
from skill.store.sqlite import SQLiteStore
from skill.web.app import create_app
from skill.web.verification import CERT_URL_HEADER, SIGNATURE_HEADER, checked_cert_url
from tests.alexa import APPLICATION_ID, DEFAULT_USER, envelope, intent_request, launch_request
from tests.signing import (
    DAY,
    ChainServer,
    TestAuthority,
    leaf_certificate,
    new_key,
    root_certificate,
)


@pytest.fixture(scope="module")
def ca() -> Iterator[TestAuthority]:
    server = ChainServer()
    yield TestAuthority(server=server)
    server.close()


@pytest.fixture
def verified_app(ca: TestAuthority, tmp_path: Path) -> Flask:
    return create_app(
        Config(
            skill_id=APPLICATION_ID, sqlite_path=tmp_path / "skill.sqlite3", trust=ca.server.trust(ca.root)
        )
    )


def opening(**changes: Any) -> bytes:
    """The skill being opened, stamped now, as Alexa would send it."""
    body = envelope(launch_request(), new=True, now=changes.pop("now", datetime.now(UTC)), **changes)
    return json.dumps(body).encode()


def post(app: Flask, body: bytes, headers: dict[str, str]) -> TestResponse:
    return app.test_client().post("/alexa", data=body, headers=headers)


def refused(reply: TestResponse, reason: str) -> bool:
    assert reply.status_code == 400, reply.get_data(as_text=True)
    assert reply.is_json
    return reason in reply.get_json()["error"]


def test_a_request_signed_by_alexa_is_answered(verified_app: Flask, ca: TestAuthority) -> None:
    body = opening()
    reply = post(verified_app, body, ca.headers(body))
    assert reply.status_code == 200, reply.get_data(as_text=True)
    assert "outputSpeech" in reply.get_json()["response"]


def test_the_chain_is_downloaded_once_and_then_cached(ca: TestAuthority, tmp_path: Path) -> None:
    path = "/echo.api/cached.pem"
    url = ca.serve(path, ca.leaf, ca.root)
    app = create_app(
        Config(skill_id=APPLICATION_ID, sqlite_path=tmp_path / "s.sqlite3", trust=ca.server.trust(ca.root))
    )
    for request in (launch_request(), intent_request("AMAZON.HelpIntent")):
        body = json.dumps(envelope(request, new=True, now=datetime.now(UTC))).encode()
        assert post(app, body, ca.headers(body, url)).status_code == 200
    assert ca.server.hits[path] == 1


def test_a_tampered_body_is_refused(verified_app: Flask, ca: TestAuthority) -> None:
    body = opening()
    headers = ca.headers(body)
    tampered = body.replace(b"LaunchRequest", b"SessionEndedRequest")
    assert refused(post(verified_app, tampered, headers), "signature does not match")


def test_a_signature_by_another_key_is_refused(verified_app: Flask, ca: TestAuthority) -> None:
    body = opening()
    assert refused(post(verified_app, body, ca.headers(body, key=new_key())), "signature does not match")


@pytest.mark.parametrize("header", [SIGNATURE_HEADER, CERT_URL_HEADER])
def test_a_missing_header_is_refused(verified_app: Flask, ca: TestAuthority, header: str) -> None:
    body = opening()
    headers = ca.headers(body)
    del headers[header]
    assert refused(post(verified_app, body, headers), f"missing {header}")


def test_a_signature_that_is_not_base64_is_refused(verified_app: Flask, ca: TestAuthority) -> None:
    body = opening()
    headers = {**ca.headers(body), SIGNATURE_HEADER: "not base64!"}
    assert refused(post(verified_app, body, headers), "not base64")


@pytest.mark.parametrize(
    ("name", "window", "reason"),
    [
        ("expired", (-30 * DAY, -DAY), "expired"),
        ("not-yet-valid", (DAY, 30 * DAY), "not yet valid"),
    ],
)
def test_a_certificate_outside_its_dates_is_refused(
    verified_app: Flask, ca: TestAuthority, name: str, window: tuple[timedelta, timedelta], reason: str
) -> None:
    now = datetime.now(UTC)
    leaf = leaf_certificate(
        ca.key, ca.root, ca.root_key, not_before=now + window[0], not_after=now + window[1]
    )
    url = ca.serve(f"/echo.api/{name}.pem", leaf, ca.root)
    body = opening()
    assert refused(post(verified_app, body, ca.headers(body, url)), reason)


@pytest.mark.parametrize("names", [None, ["example.com"]], ids=["no SAN", "other name"])
def test_a_certificate_not_for_echo_api_is_refused(
    verified_app: Flask, ca: TestAuthority, names: list[str] | None
) -> None:
    leaf = leaf_certificate(ca.key, ca.root, ca.root_key, names=names)
    url = ca.serve(f"/echo.api/names-{len(names or [])}.pem", leaf, ca.root)
    body = opening()
    assert refused(post(verified_app, body, ca.headers(body, url)), "echo-api.amazon.com")


def test_a_chain_to_an_untrusted_root_is_refused(verified_app: Flask, ca: TestAuthority) -> None:
    stranger_key = new_key()
    stranger = root_certificate(stranger_key, "Someone Else's CA")
    leaf = leaf_certificate(ca.key, stranger, stranger_key)
    url = ca.serve("/echo.api/untrusted.pem", leaf, stranger)
    body = opening()
    assert refused(post(verified_app, body, ca.headers(body, url)), "not trusted")


def test_a_chain_that_cannot_be_downloaded_is_refused(verified_app: Flask, ca: TestAuthority) -> None:
    body = opening()
    url = ca.server.url("/echo.api/missing.pem")
    assert refused(post(verified_app, body, ca.headers(body, url)), "could not be downloaded")


def test_a_chain_url_breaking_the_rules_is_refused_at_the_endpoint(
    verified_app: Flask, ca: TestAuthority
) -> None:
    port = ca.server.port
    body = opening()
    for url, reason in [
        (f"https://127.0.0.1:{port}/echo.api/echo-api-cert.pem", "scheme"),
        (f"http://localhost:{port}/echo.api/echo-api-cert.pem", "host"),
        (f"http://127.0.0.1:{port + 1}/echo.api/echo-api-cert.pem", "port"),
        (f"http://127.0.0.1:{port}/echo.api/../echo-api-cert.pem", "path"),
    ]:
        assert refused(post(verified_app, body, ca.headers(body, url)), reason), url


ALEXA = TrustRules()


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://s3.amazonaws.com/echo.api/echo-api-cert.pem", "scheme"),
        ("https://notamazon.com/echo.api/echo-api-cert.pem", "host"),
        ("https://s3.amazonaws.com.evil.example/echo.api/echo-api-cert.pem", "host"),
        ("https://user@s3.amazonaws.com/echo.api/echo-api-cert.pem", "host"),
        ("https://s3.amazonaws.com/EcHo.aPi/echo-api-cert.pem", "path"),
        ("https://s3.amazonaws.com/invalid.path/echo-api-cert.pem", "path"),
        ("https://s3.amazonaws.com/echo.api/../x", "path"),
        ("https://s3.amazonaws.com/echo.api", "path"),
        ("https://s3.amazonaws.com:563/echo.api/echo-api-cert.pem", "port"),
        ("https://s3.amazonaws.com:99999/echo.api/echo-api-cert.pem", "malformed"),
    ],
)
def test_alexa_chain_url_rules_refuse(url: str, reason: str) -> None:
    with pytest.raises(Exception, match=reason):
        checked_cert_url(url, ALEXA)


@pytest.mark.parametrize(
    "url",
    [
        "https://s3.amazonaws.com/echo.api/echo-api-cert.pem",
        "HTTPS://s3.amazonaws.com/echo.api/echo-api-cert.pem",
        "https://S3.AMAZONAWS.COM/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com:443/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert.pem",
    ],
)
def test_alexa_chain_url_rules_accept(url: str) -> None:
    assert checked_cert_url(url, ALEXA).startswith("https://s3.amazonaws.com")


@pytest.mark.parametrize("seconds", [-200, 200], ids=["old", "future"])
def test_a_request_stamped_outside_150_seconds_is_refused(
    verified_app: Flask, ca: TestAuthority, seconds: int
) -> None:
    body = opening(now=datetime.now(UTC) + timedelta(seconds=seconds))
    assert refused(post(verified_app, body, ca.headers(body)), "Timestamp verification failed")


def skill_disabled(age: timedelta) -> bytes:
    """The event Alexa sends when the person disables the skill, sent ``age`` ago."""
    sent = datetime.now(UTC) - age
    stamp = sent.strftime("%Y-%m-%dT%H:%M:%SZ")
    return json.dumps(
        envelope(
            {
                "type": "AlexaSkillEvent.SkillDisabled",
                "eventCreationTime": stamp,
                "eventPublishingTime": stamp,
                "body": {"userInformationPersistenceStatus": "PERSISTED"},
            },
            new=False,
            now=sent,
        )
    ).encode()


def someone_with_saved_state(app: Flask, ca: TestAuthority, store: SQLiteStore) -> None:
    body = json.dumps(
        envelope(intent_request("PainLevelIntent", level="6"), new=True, now=datetime.now(UTC))
    ).encode()
    assert post(app, body, ca.headers(body)).status_code == 200
    assert store.get(DEFAULT_USER)


def test_a_skill_disabled_event_ten_minutes_late_still_erases_the_person(
    verified_app: Flask, ca: TestAuthority, tmp_path: Path
) -> None:
    """Alexa may deliver skill events late; the SDK's rule allows them an hour."""
    store = SQLiteStore(tmp_path / "skill.sqlite3")
    someone_with_saved_state(verified_app, ca, store)
    body = skill_disabled(timedelta(minutes=10))
    reply = post(verified_app, body, ca.headers(body))
    assert reply.status_code == 200, reply.get_data(as_text=True)
    assert store.get(DEFAULT_USER) == {}


def test_a_skill_disabled_event_over_an_hour_old_is_refused(
    verified_app: Flask, ca: TestAuthority, tmp_path: Path
) -> None:
    store = SQLiteStore(tmp_path / "skill.sqlite3")
    someone_with_saved_state(verified_app, ca, store)
    body = skill_disabled(timedelta(minutes=61))
    assert refused(post(verified_app, body, ca.headers(body)), "Timestamp verification failed")
    assert store.get(DEFAULT_USER)


def test_only_skill_events_get_the_hour(verified_app: Flask, ca: TestAuthority) -> None:
    body = opening(now=datetime.now(UTC) - timedelta(minutes=10))
    assert refused(post(verified_app, body, ca.headers(body)), "Timestamp verification failed")


def test_a_request_for_another_skill_is_refused(verified_app: Flask, ca: TestAuthority) -> None:
    body = opening(application_id="amzn1.ask.skill.someone-else")
    assert refused(post(verified_app, body, ca.headers(body)), "application id")


def test_a_server_without_a_skill_id_refuses_everything(ca: TestAuthority, tmp_path: Path) -> None:
    app = create_app(Config(sqlite_path=tmp_path / "s.sqlite3", trust=ca.server.trust(ca.root)))
    body = opening()
    assert refused(post(app, body, ca.headers(body)), "SKILL_ID")


def test_an_oversized_body_is_refused_with_a_reason(verified_app: Flask, ca: TestAuthority) -> None:
    body = b"{" + b" " * (200 * 1024) + b"}"
    reply = post(verified_app, body, ca.headers(body))
    assert reply.status_code == 413
    assert "too large" in reply.get_json()["error"]


def test_verification_is_on_by_default_and_local_dev_warns(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    assert Config().verify_requests
    assert Config.from_env({}).verify_requests
    assert not Config.from_env({"SKILL_LOCAL_DEV": "1"}).verify_requests
    with caplog.at_level(logging.WARNING):
        create_app(Config(local_dev=True, sqlite_path=tmp_path / "s.sqlite3"))
    assert "NOT verified" in caplog.text


def test_no_environment_variable_loosens_the_trust_rules() -> None:
    env = {"SKILL_TRUST": "x", "SKILL_CERT_URL_HOST": "127.0.0.1", "SKILL_ROOTS_PEM": "x"}
    assert Config.from_env(env).trust == TrustRules()


def test_production_rejects_an_unsigned_request(tmp_path: Path) -> None:
    app = create_app(Config(skill_id=APPLICATION_ID, sqlite_path=tmp_path / "s.sqlite3"))
    body = opening()
    assert refused(post(app, body, {"Content-Type": "application/json"}), "missing")
