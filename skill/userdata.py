"""Export or delete everything stored about one person, on their request.

    python -m skill.userdata export USER_ID    # prints the data as JSON
    python -m skill.userdata delete USER_ID    # deletes it (same as disabling the skill)

The store is the one the server uses (the same SKILL_STORE / SKILL_SQLITE_PATH / DynamoDB
settings). The user id is the ``amzn1.ask.account...`` id Alexa sends for that person.
"""

from __future__ import annotations

import argparse
import json
import sys

from ask_sdk_core.exceptions import PersistenceException

from skill.alexa.builder import persistence_adapter, request_handlers
from skill.config import Config
from skill.store.erasure import erase_user, export_user
from skill.store.sqlite import not_a_skill_database


def main(argv: list[str] | None = None, config: Config | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m skill.userdata",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("action", choices=["export", "delete"])
    parser.add_argument("user_id")
    args = parser.parse_args(argv)
    if not args.user_id.strip():
        parser.error("the user id is empty")
    config = config or Config.from_env()
    if config.store == "sqlite":
        problem = not_a_skill_database(config.sqlite_path)
        if problem:
            print(f"refusing to {args.action}: {problem} (check SKILL_SQLITE_PATH)", file=sys.stderr)
            return 2
    request_handlers(config)  # imports every feature, so each registers its eraser
    try:
        adapter = persistence_adapter(config)
        if args.action == "export":
            json.dump(export_user(adapter, args.user_id), sys.stdout, indent=2, default=str)
            sys.stdout.write("\n")
        else:
            erase_user(adapter, args.user_id)
            print("deleted everything stored about that user")
    except PersistenceException as error:
        print(f"the store could not be reached: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
