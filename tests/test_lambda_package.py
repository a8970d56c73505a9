"""The Lambda deployment bundle: only what serves requests, within Lambda's limits, and it runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

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
    # -S: no site-packages, so everything must come from the bundle (and the standard library).
    done = subprocess.run(
        [sys.executable, "-S", "-c", script],
        input=json.dumps(event),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    answer, imported = done.stdout.strip().splitlines()
    assert Said(json.loads(answer)).has("welcome_first")
    assert imported == "[]"


def test_the_hosted_layout_has_sources_and_requirements(tmp_path: Path) -> None:
    lambda_package.hosted(tmp_path / "lambda", skill_id="amzn1.ask.skill.hosted")
    assert (tmp_path / "lambda" / "skill_id.txt").read_text().strip() == "amzn1.ask.skill.hosted"
    requirements = (tmp_path / "lambda" / "requirements.txt").read_text().split()
    assert any(line.startswith("ask-sdk-core") for line in requirements)
    assert (tmp_path / "lambda" / "lambda_function.py").exists()
    assert not (tmp_path / "lambda" / "skill" / "web").exists()
