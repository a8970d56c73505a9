"""Log lines that are easy to parse and leak nothing personal.

Each handled request is one JSON object: request id, request type, intent, a hash of the
user id and the handling time. Raw user ids, slot values and pain reports never appear.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
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
    return hashlib.sha256(f"{_salt}:{user_id}".encode()).hexdigest()[:16]


def line(event: str, **fields: Any) -> str:
    """One structured log line; fields that are None are left out."""
    return _encode({"event": event, **{k: v for k, v in fields.items() if v is not None}})


class Formatter(logging.Formatter):
    """The standard line format, with each second's date text made once, not per line."""

    _second: tuple[int, str] = (-1, "")

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802
        if datefmt:
            return super().formatTime(record, datefmt)
        second, text = self._second
        if int(record.created) != second:
            second = int(record.created)
            text = time.strftime("%Y-%m-%d %H:%M:%S", self.converter(record.created))
            self._second = (second, text)  # one assignment: safe across threads
        return f"{text},{int(record.msecs):03d}"


def configure_logging(level: str | int) -> None:
    """Root logging for the server: one line per record, with time, level and logger.

    The skill's lines never use the caller's file and line, thread or process fields,
    so the logging module is told not to collect them for every record (the logging
    HOWTO's "Optimization" section): that work would otherwise cost each request.
    """
    logging._srcfile = None  # type: ignore[attr-defined]  # documented in the HOWTO
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(level)
