"""DynamoDB, chosen by configuration alone, against moto's DynamoDB server on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from moto.server import ThreadedMotoServer

from skill.alexa.builder import persistence_adapter
from skill.config import Config
from skill.store.dynamodb import DynamoDbAdapter
from skill.userdata import main as userdata
from skill.web.app import create_app
from tests.alexa import APPLICATION_ID, DEFAULT_USER, Conversation
from tests.conftest import http_transport
from tests.test_privacy import skill_disabled


@pytest.fixture(scope="module")
def dynamodb_endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def env(
    dynamodb_endpoint: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> dict[str, str]:
    """Only environment variables, as an operator would set them."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_SESSION_TOKEN": "test",
    }.items():
        monkeypatch.setenv(name, value)
    return {
        "SKILL_ID": APPLICATION_ID,
        "SKILL_LOCAL_DEV": "1",
        "SKILL_STORE": "dynamodb",
        "SKILL_DYNAMODB_TABLE": f"back-spasm-{request.node.name[:40]}".replace("[", "-").replace("]", ""),
        "SKILL_DYNAMODB_ENDPOINT": dynamodb_endpoint,
        "SKILL_DYNAMODB_REGION": "eu-west-1",
        "SKILL_SQLITE_PATH": str(tmp_path / "unused.sqlite3"),
    }


def stored_item(env: dict[str, str], user_id: str) -> dict | None:
    table = boto3.resource(
        "dynamodb", region_name=env["SKILL_DYNAMODB_REGION"], endpoint_url=env["SKILL_DYNAMODB_ENDPOINT"]
    ).Table(env["SKILL_DYNAMODB_TABLE"])
    return table.get_item(Key={"id": user_id}).get("Item")


def test_configuration_alone_selects_the_official_adapter(env: dict[str, str]) -> None:
    config = Config.from_env(env)
    assert isinstance(persistence_adapter(config), DynamoDbAdapter)
    assert not Path(env["SKILL_SQLITE_PATH"]).exists()


def test_a_conversation_is_remembered_in_dynamodb_and_forgotten_on_disable(env: dict[str, str]) -> None:
    talk = Conversation(send=http_transport(create_app(Config.from_env(env))))
    talk.one_shot("PainLevelIntent", level="6")
    item = stored_item(env, DEFAULT_USER)
    assert item is not None and item["attributes"]["pain_log"][0]["level"] == 6

    talk.one_shot("PainLevelIntent", level="4")  # loaded back, then added to
    levels = [entry["level"] for entry in stored_item(env, DEFAULT_USER)["attributes"]["pain_log"]]
    assert levels == [6, 4]

    talk.send(skill_disabled())
    assert stored_item(env, DEFAULT_USER) is None


def test_the_userdata_command_works_on_dynamodb(
    env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    config = Config.from_env(env)
    Conversation(send=http_transport(create_app(config))).one_shot("PainLevelIntent", level="2")
    assert userdata(["export", DEFAULT_USER], config=config) == 0
    assert '"level": 2' in capsys.readouterr().out
    assert userdata(["delete", DEFAULT_USER], config=config) == 0
    assert stored_item(env, DEFAULT_USER) is None
