"""DynamoDB through the official ask-sdk-dynamodb-persistence-adapter, chosen by configuration.

``SKILL_STORE=dynamodb`` with ``SKILL_DYNAMODB_TABLE``, ``SKILL_DYNAMODB_REGION`` (or
``AWS_REGION``) and, for a local or test server, ``SKILL_DYNAMODB_ENDPOINT``. Credentials
come from the usual AWS sources (environment, instance role). The table is created
on first use when it does not exist (partition key ``id``, a string).

DynamoDB keeps numbers as ``Decimal`` and refuses Python floats, so attributes are
converted at the boundary and the rest of the skill sees plain JSON values.
Concurrent saves for the same user follow the adapter's rule: the last writer wins.
"""

from __future__ import annotations

import json
import os
from decimal import Decimal
from typing import Any

import boto3
from ask_sdk_model import RequestEnvelope

from skill.config import Config

# The adapter module builds a default boto3 resource (never used here: the skill passes
# its own, with the configured region) at import time, which fails when no region is set.
os.environ.setdefault("AWS_DEFAULT_REGION", Config().dynamodb_region)
from ask_sdk_dynamodb.adapter import DynamoDbAdapter, user_id_partition_keygen


def _plain(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


class JsonDynamoDbAdapter(DynamoDbAdapter):
    """The official adapter, storing and returning plain JSON values."""

    def get_attributes(self, request_envelope: RequestEnvelope) -> dict[str, Any]:
        stored = super().get_attributes(request_envelope)
        return json.loads(json.dumps(stored, default=_plain))

    def save_attributes(self, request_envelope: RequestEnvelope, attributes: dict[str, Any]) -> None:
        super().save_attributes(request_envelope, json.loads(json.dumps(attributes), parse_float=Decimal))


def dynamodb_adapter(config: Config) -> DynamoDbAdapter:
    resource = boto3.resource(
        "dynamodb", region_name=config.dynamodb_region, endpoint_url=config.dynamodb_endpoint or None
    )
    return JsonDynamoDbAdapter(
        table_name=config.dynamodb_table,
        partition_key_name="id",
        attribute_name="attributes",
        create_table=config.dynamodb_create_table,
        partition_keygen=user_id_partition_keygen,
        dynamodb_resource=resource,
    )
