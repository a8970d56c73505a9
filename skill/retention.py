"""Deletes the data of people who have not used the skill for SKILL_RETENTION_DAYS days.

    python -m skill.retention            # with the server's environment; prints how many

Every visit stamps the day in the person's state (``last_used``, see
``skill.alexa.health_data``). A person whose last visit is older than the retention
period, or whose state has no stamp at all (kept from before stamping began and so
at least as old as this code), is erased exactly as disabling the skill erases them.
On Lambda the stack's daily schedule runs this; on a server, run it from cron.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter

from skill.alexa.builder import persistence_adapter, request_handlers
from skill.alexa.health_data import last_used
from skill.config import Config
from skill.store.erasure import erase_user


def stored_users(adapter: AbstractPersistenceAdapter) -> Iterator[tuple[str, dict[str, Any]]]:
    """(user id, state) of everyone in the store, SQLite or DynamoDB."""
    store = getattr(adapter, "store", None)
    if store is not None and hasattr(store, "keys"):
        for user_id in store.keys():  # noqa: SIM118  (a store, not a dict)
            yield user_id, store.get(user_id)
        return
    table = adapter.dynamodb.Table(adapter.table_name)  # type: ignore[attr-defined]
    key, attribute = adapter.partition_key_name, adapter.attribute_name  # type: ignore[attr-defined]
    scan: dict[str, Any] = {}
    while True:
        page = table.scan(**scan)
        for item in page.get("Items", []):
            yield str(item[key]), dict(item.get(attribute) or {})
        if "LastEvaluatedKey" not in page:
            return
        scan["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def purge_inactive_users(
    config: Config, today: date | None = None, adapter: AbstractPersistenceAdapter | None = None
) -> int:
    """Erases everyone unseen for ``config.retention_days`` days; returns how many."""
    if config.retention_days <= 0:
        return 0
    request_handlers(config)  # imports every feature, so each registers its eraser
    adapter = adapter or persistence_adapter(config)
    oldest_kept = (today or datetime.now(UTC).date()) - timedelta(days=config.retention_days)
    expired = [
        user_id
        for user_id, state in stored_users(adapter)
        if (seen := last_used(state)) is None or seen < oldest_kept
    ]
    for user_id in expired:
        erase_user(adapter, user_id)
    return len(expired)


def main() -> int:
    config = Config.from_env()
    if config.retention_days <= 0:
        print("SKILL_RETENTION_DAYS is not set: nothing is deleted")
        return 0
    print(
        f"deleted the data of {purge_inactive_users(config)} people unseen for {config.retention_days} days"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
