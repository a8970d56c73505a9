"""AWS Lambda entry point: ``lambda_function.handler``.

The same skill as the Flask app (``skill.alexa.builder.build_skill``), invoked the way
ask-sdk's own ``lambda_handler`` does it: the event is the request envelope, the answer is
the response envelope. The skill's application id is checked on every request (``SKILL_ID``;
an unknown id raises, so Alexa gets an error); there is no signature check, as Lambda's
trigger condition on the skill id already allows only this skill to invoke the function.

On Lambda the store is DynamoDB unless ``SKILL_STORE`` says otherwise, and the one
writable folder is ``/tmp``. A scheduled event ``{"source": "back-spasm-helper.retention"}``
(the stack's daily rule) deletes the state of people who have not used the skill for
``SKILL_RETENTION_DAYS`` days.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

from skill.config import Config

RETENTION_EVENT_SOURCE = "back-spasm-helper.retention"
_LAMBDA_DEFAULTS = {
    "SKILL_STORE": "dynamodb",
    "SKILL_SQLITE_PATH": "/tmp/skill.sqlite3",
    "SKILL_DYNAMODB_CREATE_TABLE": "0",
}

_skill: Any = None


# An Alexa-hosted skill names its own table and region in these, and its skill id can
# only travel in a file beside this one (written by tools.lambda_package --hosted).
_HOSTED = {
    "SKILL_DYNAMODB_TABLE": "DYNAMODB_PERSISTENCE_TABLE_NAME",
    "SKILL_DYNAMODB_REGION": "DYNAMODB_PERSISTENCE_REGION",
}
SKILL_ID_FILE = Path(__file__).with_name("skill_id.txt")


def lambda_config(env: dict[str, str] | None = None) -> Config:
    """The configuration from the function's environment, with Lambda's defaults."""
    values = dict(os.environ if env is None else env)
    for name, hosted_name in _HOSTED.items():
        if not values.get(name) and values.get(hosted_name):
            values[name] = values[hosted_name]
    if not values.get("SKILL_ID") and SKILL_ID_FILE.is_file():
        values["SKILL_ID"] = SKILL_ID_FILE.read_text(encoding="utf-8").strip()
    for name, default in _LAMBDA_DEFAULTS.items():
        values.setdefault(name, default)
    config = Config.from_env(values)
    if not config.skill_id:
        # Without it any skill's requests would be answered: refuse to start instead.
        raise RuntimeError("SKILL_ID is not set: the function answers only its own skill")
    return config


def current_skill(config: Config | None = None) -> Any:
    """The skill, built once per Lambda execution environment (on the first invoke)."""
    global _skill
    if _skill is None or config is not None:
        from skill.alexa.builder import build_skill

        _skill = build_skill(config or lambda_config())
    return _skill


# On Lambda the skill is built while the execution environment initialises (Lambda's init
# phase runs at full CPU, and provisioned concurrency or SnapStart do it before any
# request: with SnapStart, once per published version, whose snapshot new environments
# start from); elsewhere (tests, tools) on the first invoke.
if os.environ.get("AWS_LAMBDA_FUNCTION_NAME"):
    current_skill()


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    if event.get("source") == RETENTION_EVENT_SOURCE:
        return purge_inactive(lambda_config())
    from ask_sdk_model import RequestEnvelope

    current = current_skill()
    request = current.serializer.deserialize(payload=json.dumps(event), obj_type=RequestEnvelope)
    response = current.invoke(request_envelope=request, context=context)
    return current.serializer.serialize(response)


def purge_inactive(config: Config, today: date | None = None) -> dict[str, Any]:
    from skill.retention import purge_inactive_users

    return {"deleted": purge_inactive_users(config, today)}
