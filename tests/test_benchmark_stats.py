"""The server benchmark's latency figures are of all requests, not a pick among slices."""

from __future__ import annotations

from typing import Any

from benchmarks.server_benchmark import combined, percentile_ms


def a_slice(requests: int, latency_us: list[tuple[int, int]], p99_ms: float) -> dict[str, Any]:
    return {
        "requests": requests,
        "rps": 100.0,
        "p50_ms": 5.0,
        "p99_ms": p99_ms,
        "errors": 0,
        "cpu_s": requests / 1000,
        "latency_us": latency_us,
    }


def test_one_slow_request_in_a_thousand_is_beyond_the_p99_of_the_run() -> None:
    quiet = a_slice(990, [(5000, 980), (9000, 10)], p99_ms=9.0)
    hiccup = a_slice(10, [(5000, 9), (90000, 1)], p99_ms=90.0)

    run = combined([quiet, hiccup])

    assert run["p99_ms"] == 9.0
    assert run["p50_ms"] == 5.0
    assert run["worst_slice_p99_ms"] == 90.0


def test_a_percentile_is_read_from_the_counts_in_any_order() -> None:
    assert percentile_ms([(1000, 98), (2000, 1), (3000, 1)], 99) == 2.0
    assert percentile_ms([(3000, 1), (1000, 99)], 99) == 1.0
    assert percentile_ms([(3000, 2), (1000, 98)], 99) == 3.0
    assert percentile_ms([], 99) == 0.0
