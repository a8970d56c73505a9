"""The Lambda deployment bundle: only what serves requests, within Lambda's limits, and it runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.alexa import APPLICATION_ID, Said, envelope, launch_request
from tools import lambda_package


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> lambda_package.Bundle:
    """Built for this machine's interpreter so that it can be run here as Lambda runs it."""
    out = tmp_path_factory.mktemp("build")
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    return lambda_package.build(out, arch="x86_64", python_version=version)


def test_the_bundle_is_within_lambdas_limits(bundle: lambda_package.Bundle) -> None:
    assert bundle.problems() == []
    assert 0 < bundle.zipped_bytes < bundle.unzipped_bytes < lambda_package.UNZIPPED_LIMIT
    with zipfile.ZipFile(bundle.zip_path) as archive:
        names = archive.namelist()
    assert "lambda_function.py" in names and "skill/content/en/phrases.yaml" in names


def test_the_bundle_leaves_out_the_server_the_simulator_tests_and_dev_tools(
    bundle: lambda_package.Bundle,
) -> None:
    top = {path.name for path in bundle.folder.iterdir()}
    assert {"lambda_function.py", "skill", "ask_sdk_core", "ask_sdk_dynamodb", "yaml", "boto3"} <= top
    for absent in (
        "tests",
        "tools",
        "flask",
        "flask_ask_sdk",
        "gunicorn",
        "pytest",
        "moto",
        "gtts",
        "playwright",
        "hypothesis",
        "ruff",
        "cryptography",
    ):
        assert absent not in top, absent
    assert not (bundle.folder / "skill" / "simulator").exists()
    assert not (bundle.folder / "skill" / "web").exists()
    assert not list(bundle.folder.rglob("__pycache__"))


def test_the_bundle_answers_alone_with_nothing_else_on_its_path(
    bundle: lambda_package.Bundle, tmp_path: Path
) -> None:
    event = envelope(launch_request(), new=True)
    script = (
        "import json, sys\n"
        f"sys.path[:0] = [{str(bundle.folder)!r}]\n"
        "import lambda_function\n"
        "answer = lambda_function.handler(json.loads(sys.stdin.read()), None)\n"
        "print(json.dumps(answer))\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] in "
        "{'gtts', 'flask', 'skill.simulator', 'cryptography'}))\n"
    )
    env = {
        "PATH": os.environ.get("PATH", ""),
        "SKILL_ID": APPLICATION_ID,
        "SKILL_STORE": "sqlite",
        "SKILL_SQLITE_PATH": str(tmp_path / "skill.sqlite3"),
    }
    answer, imported = run_alone(script, event, env, tmp_path)
    assert Said(json.loads(answer)).has("welcome_first")
    assert imported == "[]"


def run_alone(script: str, event: dict[str, Any], env: dict[str, str], cwd: Path) -> list[str]:
    """The lines ``script`` prints, run with ``event`` on standard input and no site-packages,
    so that everything must come from the bundle (and the standard library)."""
    done = subprocess.run(
        [sys.executable, "-S", "-c", script],
        input=json.dumps(event),
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        cwd=cwd,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()


SNAPSHOT_INIT = """
import json, os, sys
sys.path[:0] = [{folder!r}]
import lambda_function  # the init phase: with SnapStart, what the snapshot is taken of
from skill.domain import triage
from skill.domain.content import available_locales, load_content
print(json.dumps({{
    "triage": triage.for_locale.cache_info().currsize,
    "content": load_content.cache_info().currsize,
    "locales": len(available_locales()),
    "apl": "ask_sdk_model.interfaces.alexa.presentation.apl" in sys.modules,
    "left": sorted(name for name in os.listdir({workdir!r}) if name.startswith("priming")),
}}))
print(json.dumps(lambda_function.handler(json.loads(sys.stdin.read()), None)))
"""


def test_a_snapshot_init_primes_every_locale_and_leaves_no_trace(
    bundle: lambda_package.Bundle, tmp_path: Path
) -> None:
    real_store = tmp_path / "skill.sqlite3"
    env = {
        "PATH": os.environ.get("PATH", ""),
        "SKILL_ID": APPLICATION_ID,
        "SKILL_STORE": "sqlite",
        "SKILL_SQLITE_PATH": str(real_store),
        # What Lambda sets while it initialises a SnapStart version.
        "AWS_LAMBDA_FUNCTION_NAME": "back-spasm-helper-skill",
        "AWS_LAMBDA_INITIALIZATION_TYPE": "snap-start",
    }
    script = SNAPSHOT_INIT.format(folder=str(bundle.folder), workdir=str(tmp_path))
    primed_line, answer = run_alone(script, envelope(launch_request(), new=True), env, tmp_path)[-2:]
    primed = json.loads(primed_line)
    assert primed["locales"] >= 6
    assert primed["triage"] >= primed["locales"] and primed["content"] >= primed["locales"]
    assert primed["apl"], "the screens' APL model is loaded before the snapshot"
    assert primed["left"] == [], "the scratch store is gone"
    # The first real person is greeted as a first-time user: priming saved nothing for anyone.
    assert Said(json.loads(answer)).has("welcome_first")
    for path in tmp_path.glob("skill.sqlite3*"):
        assert b"PRIMING" not in path.read_bytes()


def test_the_hosted_layout_has_sources_and_requirements(tmp_path: Path) -> None:
    lambda_package.hosted(tmp_path / "lambda", skill_id="amzn1.ask.skill.hosted")
    assert (tmp_path / "lambda" / "skill_id.txt").read_text().strip() == "amzn1.ask.skill.hosted"
    requirements = (tmp_path / "lambda" / "requirements.txt").read_text().split()
    assert any(line.startswith("ask-sdk-core") for line in requirements)
    assert (tmp_path / "lambda" / "lambda_function.py").exists()
    assert not (tmp_path / "lambda" / "skill" / "web").exists()
