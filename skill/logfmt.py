"""Log lines that are easy to parse and leak nothing personal.

Each handled request is one JSON object: request id, request type, intent, a hash of the
user id and the handling time. Raw user ids, slot values and pain reports never appear.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

_salt = ""


def set_salt(salt: str) -> None:
    """A deployment secret mixed into user hashes, so they cannot be matched across deployments."""
    global _salt
    _salt = salt


def user_hash(user_id: str | None) -> str:
    if not user_id:
        return "-"
    return hashlib.sha256(f"{_salt}:{user_id}".encode()).hexdigest()[:16]


def line(event: str, **fields: Any) -> str:
    """One structured log line; fields that are None are left out."""
    return json.dumps({"event": event, **{k: v for k, v in fields.items() if v is not None}},
                      separators=(",", ":"), default=str)
