"""Log lines: batched writes that still arrive promptly, and the standard time format."""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Iterator

import pytest

from skill.logfmt import BatchingStreamHandler, Formatter


class CountingStream(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.writes = 0

    def write(self, text: str) -> int:
        self.writes += 1
        return super().write(text)


@pytest.fixture
def logged() -> Iterator[tuple[logging.Logger, BatchingStreamHandler, CountingStream]]:
    stream = CountingStream()
    handler = BatchingStreamHandler(stream, max_lines=10, max_delay=0.2)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger = logging.getLogger(f"test.batching.{id(stream)}")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    yield logger, handler, stream
    logger.removeHandler(handler)
    handler.close()


def test_busy_request_logs_go_out_in_a_few_writes_with_nothing_lost(logged) -> None:
    logger, handler, stream = logged
    for number in range(25):
        logger.info("handled %d", number)
    handler.flush()
    assert stream.getvalue().splitlines() == [f"INFO handled {n}" for n in range(25)]
    assert stream.writes == 3  # two full batches of ten, then the flush


def test_a_quiet_server_still_writes_its_lines_within_the_delay(logged) -> None:
    logger, _handler, stream = logged
    logger.info("handled once")
    assert stream.getvalue() == ""
    deadline = time.monotonic() + 5
    while not stream.getvalue() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert stream.getvalue() == "INFO handled once\n"


def test_a_warning_is_written_at_once_after_the_lines_before_it(logged) -> None:
    logger, _handler, stream = logged
    logger.info("handled")
    logger.warning("refused")
    assert stream.getvalue() == "INFO handled\nWARNING refused\n"


def test_closing_writes_what_is_left(logged) -> None:
    logger, handler, stream = logged
    logger.info("last words")
    handler.close()
    assert stream.getvalue() == "INFO last words\n"


def test_times_read_as_the_standard_formatter_writes_them() -> None:
    ours, standard = Formatter("%(asctime)s"), logging.Formatter("%(asctime)s")
    for created in (1_795_000_000.004, 1_795_000_000.999, 1_795_000_001.5):
        record = logging.makeLogRecord({"msg": "x"})
        record.created, record.msecs = created, (created - int(created)) * 1000
        assert ours.format(record) == standard.format(record)
