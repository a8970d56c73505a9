"""The Lambda entry point, invoked as Lambda invokes it, against moto's DynamoDB server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import boto3
import pytest
from ask_sdk_core.exceptions import AskSdkException

import lambda_function
from skill.domain.content import load_content
from tests.alexa import APPLICATION_ID, DEFAULT_USER, Conversation, envelope, launch_request, phrase
from tests.test_privacy import skill_disabled
from tests.test_store_dynamodb import dynamodb_endpoint  # noqa: F401  (the moto server fixture)


@dataclass
class LambdaContext:
    """What the Python runtime passes as ``context``."""

    function_name: str = "back-spasm-helper-skill"
    function_version: str = "$LATEST"
    invoked_function_arn: str = "arn:aws:lambda:us-east-1:123456789012:function:back-spasm-helper-skill"
    memory_limit_in_mb: int = 512
    aws_request_id: str = "5f1c6a0e-0000-4000-8000-000000000000"
    log_group_name: str = "/aws/lambda/back-spasm-helper-skill"
    log_stream_name: str = "2026/11/23/[$LATEST]0123456789abcdef"

    def get_remaining_time_in_millis(self) -> int:
        return 10_000


@pytest.fixture
def lambda_env(
    dynamodb_endpoint: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
    tmp_path,
) -> dict[str, str]:
    """The function's environment as the stack sets it, a fresh table per test."""
    table = f"lambda-{request.node.name[:40]}".replace("[", "-").replace("]", "")
    boto3.resource(
        "dynamodb",
        region_name="us-east-1",
        endpoint_url=dynamodb_endpoint,
        aws_access_key_id="test",
        aws_secret_access_key="test",
    ).create_table(
        TableName=table,
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    env = {
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_SESSION_TOKEN": "test",
        "AWS_REGION": "us-east-1",
        "SKILL_ID": APPLICATION_ID,
        "SKILL_DYNAMODB_TABLE": table,
        "SKILL_DYNAMODB_ENDPOINT": dynamodb_endpoint,
        "SKILL_RETENTION_DAYS": "90",
        "SKILL_SQLITE_PATH": str(tmp_path / "scheduler.sqlite3"),
    }
    for name in ("SKILL_STORE", "SKILL_LOCAL_DEV", "SKILL_HEALTH_DATA"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(lambda_function, "_skill", None)  # a cold start
    return env


def invoke(event: dict[str, Any]) -> dict[str, Any]:
    # Lambda hands the handler the JSON document it received, parsed.
    return lambda_function.handler(json.loads(json.dumps(event)), LambdaContext())


@pytest.fixture
def lambda_talk(lambda_env: dict[str, str]) -> Iterator[Conversation]:
    yield Conversation(send=invoke)


def stored(env: dict[str, str], user_id: str = DEFAULT_USER) -> dict[str, Any] | None:
    table = boto3.resource(
        "dynamodb", region_name="us-east-1", endpoint_url=env["SKILL_DYNAMODB_ENDPOINT"]
    ).Table(env["SKILL_DYNAMODB_TABLE"])
    item = table.get_item(Key={"id": user_id}).get("Item")
    return None if item is None else item["attributes"]


def test_the_function_defaults_to_dynamodb_and_keeps_health_data_in_the_session(lambda_env) -> None:
    config = lambda_function.lambda_config()
    assert config.store == "dynamodb" and not config.dynamodb_create_table
    assert not config.keeps_health_data and config.verify_requests


def test_a_routine_is_resumed_in_a_new_session_from_dynamodb(
    lambda_talk: Conversation, lambda_env: dict[str, str]
) -> None:
    said = lambda_talk.open()
    assert not said.ended
    said = lambda_talk.say("StartRoutineIntent", routine=("quick relief", "quick_relief"))
    # Health data stays in the session: the screening question stands in for a kept red flag.
    assert said.has("screening_before_exercise")
    said = lambda_talk.say("AMAZON.NoIntent")
    first = load_content("en-US").routine_exercises("quick_relief")[0]
    assert first.name in said.text
    lambda_talk.say("AMAZON.NextIntent")
    lambda_talk.say("AMAZON.PauseIntent")
    lambda_talk.wait(hours=3)
    said = lambda_talk.open()
    second = load_content("en-US").routine_exercises("quick_relief")[1]
    assert said.has("welcome_back_continue", exercise=second.name, number=2)  # back from DynamoDB
    state = stored(lambda_env)
    assert state is not None and state.get("last_routine")


def test_pain_and_ice_outlive_nothing_in_the_default_mode(
    lambda_talk: Conversation, lambda_env: dict[str, str]
) -> None:
    lambda_talk.open()
    said = lambda_talk.say("PainLevelIntent", level="6")
    assert said.has("pain_noted", level=6)
    said = lambda_talk.say("StartApplicationIntent", kind=("ice pack", "ice"))
    said = lambda_talk.say("AMAZON.NoIntent")  # "no pack in the last two hours"
    assert said.has("thermal_started", minutes=20, name=phrase("thermal_name_ice"))
    state = stored(lambda_env) or {}
    assert "pain_log" not in state and "applications" not in state.get("thermal", {})
    assert "spasm_onset" not in state
    said = lambda_talk.say("StartApplicationIntent", kind=("ice pack", "ice"))
    assert said.has("thermal_wait_still_on")  # within the session the application is still known


def test_the_function_answers_a_red_flag_by_ending_the_session(lambda_talk: Conversation) -> None:
    lambda_talk.open()
    said = lambda_talk.say("RedFlagIntent", symptom=("my legs are numb", "leg_numbness"))
    assert said.ended


def test_disabling_the_skill_erases_the_item(lambda_talk: Conversation, lambda_env) -> None:
    lambda_talk.open()
    lambda_talk.say("StartRoutineIntent", routine=("quick relief", "quick_relief"))
    assert stored(lambda_env) is not None
    invoke(skill_disabled())
    assert stored(lambda_env) is None


def test_the_function_refuses_to_start_without_a_skill_id(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SKILL_ID", raising=False)
    with pytest.raises(RuntimeError, match="SKILL_ID"):
        lambda_function.lambda_config()


def test_an_alexa_hosted_skill_finds_its_table_and_its_id(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lambda_function, "SKILL_ID_FILE", tmp_path / "skill_id.txt")
    (tmp_path / "skill_id.txt").write_text("amzn1.ask.skill.hosted\n")
    config = lambda_function.lambda_config(
        {"DYNAMODB_PERSISTENCE_TABLE_NAME": "hosted-table", "DYNAMODB_PERSISTENCE_REGION": "eu-west-1"}
    )
    assert (config.skill_id, config.dynamodb_table, config.dynamodb_region) == (
        "amzn1.ask.skill.hosted",
        "hosted-table",
        "eu-west-1",
    )


def test_another_skills_request_is_refused(lambda_env) -> None:
    with pytest.raises(AskSdkException):
        invoke(envelope(launch_request(), new=True, application_id="amzn1.ask.skill.someone-else"))


def test_the_daily_schedule_deletes_people_unseen_for_the_retention_period(
    lambda_talk: Conversation, lambda_env: dict[str, str]
) -> None:
    lambda_talk.open()
    lambda_talk.say("StartRoutineIntent", routine=("quick relief", "quick_relief"))
    recent = Conversation(send=invoke, user_id="amzn1.ask.account.recent")
    recent.now = lambda_talk.now + timedelta(days=80)
    recent.open()
    recent.say("StartRoutineIntent", routine=("desk stretches", "desk_stretches"))
    assert stored(lambda_env) is not None
    result = lambda_function.purge_inactive(lambda_function.lambda_config(), today=date(2027, 3, 1))
    assert result == {"deleted": 1}
    assert stored(lambda_env) is None
    assert stored(lambda_env, "amzn1.ask.account.recent") is not None
    # The schedule's own event, on the real date: someone last seen 200 days ago goes.
    gone = Conversation(send=invoke, user_id="amzn1.ask.account.long-gone")
    gone.now = datetime.now(UTC) - timedelta(days=200)
    gone.open()
    assert stored(lambda_env, "amzn1.ask.account.long-gone") is not None
    assert invoke({"source": lambda_function.RETENTION_EVENT_SOURCE}) == {"deleted": 1}
    assert stored(lambda_env, "amzn1.ask.account.long-gone") is None
    assert stored(lambda_env, "amzn1.ask.account.recent") is not None
