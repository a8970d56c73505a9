"""Log lines that are easy to parse and leak nothing personal.

Each handled request is one JSON object: request id, request type, intent, a hash of the
user id and the handling time. Raw user ids, slot values and pain reports never appear.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import threading
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
    return _salted_hash(_salt, user_id)


@functools.lru_cache(maxsize=4096)  # the same people talk to the skill turn after turn
def _salted_hash(salt: str, user_id: str) -> str:
    return hashlib.sha256(f"{salt}:{user_id}".encode()).hexdigest()[:16]


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


class BatchingStreamHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """A stream handler that writes lines in batches instead of one write per line.

    Every request logs a line; one write each, on a busy server, means a system call
    per request and a hand-over of Python's interpreter lock to another thread. Lines
    wait here at most ``max_delay`` seconds (a background thread writes them out when
    the server is quiet) or until ``max_lines`` are waiting; a warning or an error is
    written at once, with everything before it. Closing or flushing writes the rest.
    """

    def __init__(self, stream: Any = None, max_lines: int = 256, max_delay: float = 0.5) -> None:
        super().__init__(stream)
        self.max_lines = max_lines
        self.max_delay = max_delay
        self._pending: list[str] = []
        self._oldest = 0.0
        self._stopped = threading.Event()
        threading.Thread(target=self._flush_now_and_then, name="log-flush", daemon=True).start()

    def emit(self, record: logging.LogRecord) -> None:
        # Called with the handler's lock held (logging.Handler.handle).
        try:
            text = self.format(record) + self.terminator
        except Exception:  # noqa: BLE001 (logging's own convention: report, never raise)
            self.handleError(record)
            return
        if not self._pending:
            self._oldest = time.monotonic()
        self._pending.append(text)
        if (record.levelno >= logging.WARNING or len(self._pending) >= self.max_lines
                or time.monotonic() - self._oldest >= self.max_delay):
            self._write_pending()

    def flush(self) -> None:
        with self.lock:  # type: ignore[union-attr]
            self._write_pending()
            super().flush()

    def close(self) -> None:
        self._stopped.set()
        self.flush()
        super().close()

    def _write_pending(self) -> None:
        if self._pending:
            # A stream closed under us (at shutdown) has nowhere left to write to.
            with contextlib.suppress(OSError, ValueError):
                self.stream.write("".join(self._pending))
            self._pending.clear()

    def _flush_now_and_then(self) -> None:
        while not self._stopped.wait(self.max_delay):
            self.flush()


def configure_logging(level: str | int) -> None:
    """Root logging for the server: one line per record, with time, level and logger."""
    root = logging.getLogger()
    if not root.handlers:
        handler = BatchingStreamHandler()
        handler.setFormatter(Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(level)
