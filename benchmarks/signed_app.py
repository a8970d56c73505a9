"""The production app, trusting the benchmark's own CA instead of Amazon's.

Benchmark only: the benchmark signs requests like Alexa with a private CA whose chain
it serves on loopback (tests/signing.py), and this factory moves the trust rules there.
Everything else, verification included, is exactly ``skill.web.app:create_app()``. The
production command never loads this module.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from skill.config import Config, TrustRules
from skill.web.app import create_app


def create() -> Flask:
    trust = TrustRules(
        cert_url_scheme="http",
        cert_url_host="127.0.0.1",
        cert_url_port=int(os.environ["BENCH_CHAIN_PORT"]),
        roots_pem=Path(os.environ["BENCH_ROOT_PEM"]).read_bytes(),
    )
    return create_app(Config.from_env().with_overrides(trust=trust))
