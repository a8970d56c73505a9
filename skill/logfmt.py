"""Log lines that are easy to parse and leak nothing personal.

Each handled request is one JSON object: request id, request type, intent, a hash of the
user id and the handling time. Raw user ids, slot values and pain reports never appear.
Records go through the standard library's ``StreamHandler``, which writes and flushes
each line as it is logged, so a worker killed right after answering has already written it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
from typing import Any

_salt = ""
# Built once: json.dumps with ``default`` set would build a new encoder for every line.
_encode = json.JSONEncoder(separators=(",", ":"), default=str).encode


def set_salt(salt: str) -> None:
    """A deployment secret mixed into user hashes, so they cannot be matched across deployments."""
    global _salt
    _salt = salt


def user_hash(user_id: str | None) -> str:
    if not user_id:
        return "-"
    return _salted_hash(_salt, user_id)


@functools.lru_cache(maxsize=4096)  # the same people talk to the skill turn after turn
def _salted_hash(salt: str, user_id: str) -> str:
    return hashlib.sha256(f"{salt}:{user_id}".encode()).hexdigest()[:16]


def line(event: str, **fields: Any) -> str:
    """One structured log line, a JSON object; fields that are None are left out."""
    return _encode({"event": event, **{key: value for key, value in fields.items() if value is not None}})


# The server's line: time, level, logger, message.
LINE_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(level: str | int) -> None:
    """Root logging for the server: one line per record, to standard error, written at once."""
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter(LINE_FORMAT))
        root.addHandler(handler)
    root.setLevel(level)
