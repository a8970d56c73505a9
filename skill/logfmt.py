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
import math
import threading
import time
from typing import Any

_salt = ""
# Built once: json.dumps with ``default`` set would build a new encoder for every line.
_encode = json.JSONEncoder(separators=(",", ":"), default=str).encode
_quote = json.encoder.encode_basestring_ascii  # a JSON string, as the encoder writes it


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
    """One structured log line, a JSON object; fields that are None are left out.

    Written piece by piece: the request log's fields are text, numbers and booleans, for
    which that is a good deal cheaper than a JSON encoder's set-up on every line. Any
    other value goes through the encoder; the text is the same either way.
    """
    parts = ['{"event":', _quote(event)]
    for key, value in fields.items():
        if value is not None:
            parts += (",", _quote(key), ":", _value(value))
    parts.append("}")
    return "".join(parts)


def _value(value: Any) -> str:
    kind = value.__class__
    if kind is str:
        return _quote(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is int or (kind is float and math.isfinite(value)):
        return repr(value)
    return _encode(value)


# The server's line: time, level, logger, message.
LINE_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class Formatter(logging.Formatter):
    """The standard line format, with each second's date text made once, not per line."""

    _second: tuple[int, str] = (-1, "")

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        if datefmt:
            return super().formatTime(record, datefmt)
        return self._stamp(record.created, record.msecs)

    def _stamp(self, created: float, msecs: float) -> str:
        second, text = self._second
        if int(created) != second:
            second = int(created)
            text = time.strftime("%Y-%m-%d %H:%M:%S", self.converter(created))
            self._second = (second, text)  # one assignment: safe across threads
        return f"{text},{int(msecs):03d}"

    @property
    def writes_server_lines(self) -> bool:
        """Whether this is the format :func:`configure_logging` sets, which ``info_line`` writes."""
        return self._fmt == LINE_FORMAT and self.datefmt is None

    def info_line(self, name: str, message: str) -> str:
        """What ``format`` writes for an INFO record of logger ``name`` made now.

        Only for :data:`LINE_FORMAT` (see ``writes_server_lines``).
        """
        created = time.time()
        return f"{self._stamp(created, (created - int(created)) * 1000)} INFO {name}: {message}"


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
        except Exception:
            self.handleError(record)
            return
        self._queue(text, urgent=record.levelno >= logging.WARNING)

    def queue_line(self, text: str) -> None:
        """Queue one line already formatted, as an INFO record's line is queued."""
        with self.lock:  # type: ignore[union-attr]
            self._queue(text + self.terminator, urgent=False)

    def _queue(self, text: str, urgent: bool) -> None:
        if not self._pending:
            self._oldest = time.monotonic()
        self._pending.append(text)
        if (urgent or len(self._pending) >= self.max_lines
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
        handler.setFormatter(Formatter(LINE_FORMAT))
        root.addHandler(handler)
    root.setLevel(level)


def log_info(logger: logging.Logger, message: str) -> None:
    """``logger.info(message)``, cheaper on the server's own logging set-up.

    The request log writes a line on every request, and building a LogRecord (the
    caller's frame, the thread's and the process's names) costs more than the line
    itself. When the one place the line can go is the handler :func:`configure_logging`
    installed, with no filters on the way, the line is formatted here exactly as that
    handler would format it and queued directly. Any other set-up, a test's capturing
    handler included, gets the standard path.
    """
    if not logger.isEnabledFor(logging.INFO):
        return
    handler = _only_server_handler(logger)
    if handler is None:
        logger.info(message)
    else:
        handler.queue_line(handler.formatter.info_line(logger.name, message))  # type: ignore[union-attr]


def _only_server_handler(logger: logging.Logger) -> BatchingStreamHandler | None:
    found: BatchingStreamHandler | None = None
    current: logging.Logger | None = logger
    while current is not None:
        if current.filters:
            return None
        for handler in current.handlers:
            formatter = handler.formatter
            if (found is not None or type(handler) is not BatchingStreamHandler
                    or handler.filters or handler.level > logging.INFO
                    or type(formatter) is not Formatter or not formatter.writes_server_lines):
                return None
            found = handler
        current = current.parent if current.propagate else None
    return found
