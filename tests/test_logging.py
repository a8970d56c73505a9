"""Log lines: batched writes that still arrive promptly, the standard time format, and the
request log's direct path, which writes exactly what the logging module would."""

from __future__ import annotations

import io
import json
import logging
import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skill.logfmt import LINE_FORMAT, BatchingStreamHandler, Formatter, line, log_info


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
    yield from _attached(logger, handler, stream)


def _attached(logger: logging.Logger, handler: BatchingStreamHandler, stream: Any) -> Iterator[
        tuple[logging.Logger, BatchingStreamHandler, Any]]:
    """The handler on the logger for one test, then off it and closed."""
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


@pytest.fixture
def server_logger() -> Iterator[tuple[logging.Logger, BatchingStreamHandler, io.StringIO]]:
    """A logger set up as configure_logging sets up the root logger, kept apart from it.

    Made outside logging's registry: pytest adds its capturing handler to every
    registered logger that does not propagate.
    """
    stream = io.StringIO()
    handler = BatchingStreamHandler(stream)
    handler.setFormatter(Formatter(LINE_FORMAT))
    yield from _attached(logging.Logger(f"test.server.{id(stream)}", logging.INFO), handler,
                         stream)


def test_a_request_line_reads_exactly_as_the_logging_module_writes_it(server_logger) -> None:
    logger, handler, stream = server_logger
    made = logging.getLogRecordFactory()
    records: list[logging.LogRecord] = []
    logging.setLogRecordFactory(lambda *args, **kwargs: records.append(made(*args, **kwargs))
                                or records[-1])
    try:
        before = time.time()
        log_info(logger, '{"event":"handled","ms":0.31}')
        assert records == [], "the direct path builds no LogRecord"
        logger.info('{"event":"handled","ms":0.31}')
        after = time.time()
    finally:
        logging.setLogRecordFactory(made)
    handler.flush()
    fast, standard = stream.getvalue().splitlines()
    stamp = r"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d),\d{3}"
    expected = f' INFO {logger.name}: {{"event":"handled","ms":0.31}}'
    for written in (fast, standard):
        found = re.fullmatch(stamp + re.escape(expected), written)
        assert found, written
        second = time.mktime(time.strptime(found.group(1), "%Y-%m-%d %H:%M:%S"))
        assert int(before) <= second <= after


def test_request_lines_respect_the_level(server_logger) -> None:
    logger, handler, stream = server_logger
    logger.setLevel(logging.WARNING)
    log_info(logger, "not wanted")
    handler.flush()
    assert stream.getvalue() == ""


def test_any_other_set_up_gets_the_standard_path(server_logger) -> None:
    logger, handler, stream = server_logger
    seen: list[str] = []
    logger.addFilter(lambda record: seen.append(record.getMessage()) or True)
    log_info(logger, "filtered")
    other = io.StringIO()
    extra = logging.StreamHandler(other)
    logger.addHandler(extra)
    log_info(logger, "two handlers")
    logger.removeHandler(extra)
    handler.flush()
    assert seen == ["filtered", "two handlers"]
    assert other.getvalue() == "two handlers\n"
    assert stream.getvalue().count(f"INFO {logger.name}: ") == 2


@given(event=st.text(), fields=st.dictionaries(
    st.text().filter(lambda key: key != "event"),
    st.none() | st.booleans() | st.integers() | st.floats() | st.text()
    | st.lists(st.integers(), max_size=3) | st.datetimes()))
def test_a_structured_line_is_the_json_encoders_text(event: str, fields: dict[str, Any]) -> None:
    kept = {key: value for key, value in fields.items() if value is not None}
    expected = json.dumps({"event": event, **kept}, separators=(",", ":"), default=str)
    assert line(event, **fields) == expected
    assert json.loads(line("handled", request_id="amzn1.echo-api.request.1", ms=0.31,
                           ends=False, intent=None)) == {
        "event": "handled", "request_id": "amzn1.echo-api.request.1", "ms": 0.31, "ends": False}


def test_a_date_format_of_its_own_gets_the_standard_path(server_logger) -> None:
    logger, handler, stream = server_logger
    handler.setFormatter(Formatter(LINE_FORMAT, "%H:%M"))
    log_info(logger, "short time")
    handler.flush()
    assert re.fullmatch(rf"\d\d:\d\d INFO {re.escape(logger.name)}: short time\n",
                        stream.getvalue())
