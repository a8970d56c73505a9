"""Every example in README.md runs: its YAML dialog, its simulator transcript, its commands.

Code blocks are taken from the README itself, so an example that stops working fails here.
A block no rule below knows how to run fails too: a new example needs a way to be checked.
"""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from skill.config import Config
from skill.simulator.cli import main as simulator
from skill.simulator.dialogs import load_dialog, run_dialog
from skill.simulator.session import Session
from tests.alexa import APPLICATION_ID
from tests.conftest import in_process_transport
from tests.dialog_support import dialog_sessions, rule_checked

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
PACKAGE = ROOT / "skill-package"
BLOCKS = re.findall(r"^```(\w+)\n(.*?)^```", README, re.S | re.M)
BIN = Path(sys.executable).parent
# Commands that are not run, and why (each must still be in the README as written here).
NOT_RUN = {
    # A 2-minute load test that installs wrk; its --help line runs instead.
    ".venv/bin/python benchmarks/server_benchmark.py": "a two-minute benchmark, not a test",
    # The ASK CLI needs an Amazon developer account (and is not installed for the tests).
    "ask configure": "needs an Amazon developer account and the npm ask-cli",
    "ask deploy": "needs an Amazon developer account, AWS credentials and the npm ask-cli",
}


def blocks(language: str) -> list[str]:
    return [body for lang, body in BLOCKS if lang == language]


def test_every_block_has_a_way_to_run() -> None:
    assert {lang for lang, _ in BLOCKS} <= {"sh", "text", "yaml", "json"}
    assert blocks("yaml") and blocks("text") and blocks("sh")


@pytest.mark.parametrize("body", blocks("yaml"))
def test_the_yaml_dialog_example_passes(body: str, tmp_path: Path) -> None:
    path = tmp_path / "example.yaml"
    path.write_text(body, encoding="utf-8")
    config = Config(skill_id=APPLICATION_ID, local_dev=True, sqlite_path=tmp_path / "skill.sqlite3")
    dialog = load_dialog(path)
    outcome = run_dialog(
        dialog, dialog_sessions(rule_checked(in_process_transport(config)), config.sqlite_path)
    )
    assert outcome.passed and not outcome.skipped, "\n".join(outcome.log + outcome.failures)


def _normalised(line: str) -> str:
    """A transcript line without what changes from run to run: timings and clock times."""
    line = re.sub(r"\d+ ms", "N ms", line.strip())
    return re.sub(r"\d\d:\d\d(:\d\d)?", "HH:MM", line)


@pytest.mark.parametrize("body", [b for b in blocks("text") if "you> " in b])
def test_the_simulator_transcript_is_what_the_simulator_says(body: str, tmp_path: Path) -> None:
    typed = [line.removeprefix("you> ") for line in body.splitlines() if line.startswith("you> ")]
    out = io.StringIO()
    assert (
        simulator(["--db", str(tmp_path / "sim.sqlite3")], out=out, stdin=io.StringIO("\n".join(typed))) == 0
    )
    said = [_normalised(line) for line in out.getvalue().splitlines()]
    for line in body.splitlines()[1:]:  # the first line is the shell command
        wanted = _normalised(line)
        if wanted.endswith("..."):
            prefix = wanted.removesuffix("...").rstrip()
            assert any(s.startswith(prefix) for s in said), f"README line not in the output: {line}"
        else:
            assert wanted in said, f"README line not in the output: {line}\n{out.getvalue()}"


@pytest.mark.parametrize("body", blocks("json"))
def test_json_examples_parse(body: str) -> None:
    parsed = json.loads("{" + body + "}") if not body.lstrip().startswith("{") else json.loads(body)
    assert parsed


def commands() -> list[str]:
    """Each command of the sh blocks, continuation lines joined and comments dropped."""
    found = []
    for body in blocks("sh"):
        for command in body.replace("\\\n", " ").splitlines():
            command = re.sub(r"\s+#.*$", "", command).strip()
            if command:
                found.append(command)
    return found


def into_the_test_folder(command: str, tmp_path: Path) -> str:
    """The command with what it would write into the tree written below ``tmp_path`` instead.

    A test run never changes committed files, so no test depends on which ran before it.
    """
    if "tools.skill_package build" in command:
        return f"{command} --target {tmp_path / 'skill-package'}"
    if "tools.lambda_package --hosted lambda" in command:
        return command.replace("--hosted lambda", f"--hosted {tmp_path / 'lambda'}")
    if "tools.lambda_package" in command:
        return f"{command} --out {tmp_path / 'build'}"
    return command


def run(command: str, tmp_path: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    words = shlex.split(
        into_the_test_folder(command, tmp_path)
        .replace("<your-skill-id>", "readme-test")
        .replace("<public host>", "127.0.0.1")
        .replace("amzn1.ask.account.<id>", "amzn1.ask.account.README-TEST")
    )
    assignments = {}
    while words and re.match(r"^[A-Z_]+=", words[0]):
        name, _, value = words.pop(0).partition("=")
        assignments[name] = value
    if words[0].startswith(".venv/bin/"):
        words[0] = str(BIN / words[0].removeprefix(".venv/bin/"))
    elif words[0] == "python":
        words[0] = sys.executable
    environment = {**os.environ, "SKILL_SQLITE_PATH": str(tmp_path / "skill.sqlite3"), **(env or {})}
    environment.update(
        {k: (str(tmp_path / "db.sqlite3") if k == "SKILL_SQLITE_PATH" else v) for k, v in assignments.items()}
    )
    return subprocess.run(words, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("command", commands())
def test_the_readme_commands_run(command: str, tmp_path: Path) -> None:
    if command in NOT_RUN:
        pytest.skip(NOT_RUN[command])
    if command.startswith("make "):
        # The two commands themselves would install and serve (or recurse into this suite):
        # a dry run proves the targets exist and say what the README says.
        result = subprocess.run(
            ["make", "-n", *command.split()[1:]], cwd=ROOT, capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, result.stderr
        assert "pip install" in result.stdout or "pytest" in result.stdout
        return
    if "gunicorn" in command:
        # Production serving: the configuration and the app load (then it would serve for good).
        command = command.replace("gunicorn -c", "gunicorn --check-config -c")
    if "skill.userdata" in command:
        # Someone's data to export or delete: one conversation in the store it reads.
        config = Config(skill_id=APPLICATION_ID, local_dev=True, sqlite_path=tmp_path / "skill.sqlite3")
        Session(in_process_transport(config), user_id="amzn1.ask.account.README-TEST").say(
            "open back spasm helper"
        )
    result = run(command, tmp_path)
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    if "userdata export" in command:
        assert json.loads(result.stdout) is not None
    if "tools.skill_package build" in command:
        built = tmp_path / "skill-package"
        assert {p.relative_to(built): p.read_bytes() for p in built.rglob("*.json")} == {
            p.relative_to(PACKAGE): p.read_bytes() for p in PACKAGE.rglob("*.json")
        }, "the committed skill package is what the command builds"
