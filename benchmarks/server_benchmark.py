"""Server benchmark: the skill under gunicorn against a hello-world skill on the same stack.

    .venv/bin/python benchmarks/server_benchmark.py [--duration 60] [--connections 8]

Both apps run under gunicorn with the repository's gunicorn.conf.py. wrk (installed with
apt when missing) drives each in turn from a second process with the same load: signed
envelopes from a real conversation (launch, start a routine, next, count down) for many
users, posted in rotation by benchmarks/alexa.lua. Request verification is on for the
skill; the chain comes from the benchmark's own CA, served on loopback and cached by
each worker after its first request. Also reported: cold import-and-create time of both
apps, the pause of a full garbage collection in a fresh worker with and without
``gc.freeze()``, and in-process handling time per request type.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ask_sdk_model import RequestEnvelope  # noqa: E402

from skill.alexa.builder import build_skill  # noqa: E402
from skill.config import Config  # noqa: E402
from tests.alexa import APPLICATION_ID, Conversation  # noqa: E402
from tests.signing import ChainServer, TestAuthority, pem, sign  # noqa: E402

USERS = 64
# What is said after opening the skill: each intent with its slots.
CONVERSATION: list[tuple[str, dict[str, Any]]] = [
    ("StartRoutineIntent", {"routine": ("quick relief", "quick_relief")}),
    ("AMAZON.NextIntent", {}),
    ("CountdownIntent", {"duration": "PT30S"}),
]


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        sys.exit("wrk is missing: install it with `sudo apt-get install wrk`")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, env=env)
    return shutil.which("wrk") or sys.exit("wrk could not be installed")


def conversation_envelopes(workdir: Path) -> list[dict[str, Any]]:
    """The envelopes of one real conversation, with the session state the skill returned."""
    config = Config(skill_id=APPLICATION_ID, local_dev=True, sqlite_path=workdir / "capture.db")
    skill = build_skill(config)
    sent: list[dict[str, Any]] = []

    def send(body: dict[str, Any]) -> dict[str, Any]:
        sent.append(json.loads(json.dumps(body)))
        request = skill.serializer.deserialize(payload=json.dumps(body), obj_type=RequestEnvelope)
        response = skill.invoke(request_envelope=request, context=None)
        written = skill.serializer.serialize(response)
        assert isinstance(written, dict)
        return written

    talk = Conversation(send=send)
    talk.open()
    for intent, slots in CONVERSATION:
        talk.say(intent, **slots)
    return sent


def restamped(body: dict[str, Any], user: int) -> dict[str, Any]:
    """The envelope as a different user would send it, stamped now."""
    body = json.loads(json.dumps(body))
    user_id = f"amzn1.ask.account.BENCH-{user:04d}"
    body["context"]["System"]["user"]["userId"] = user_id
    if "session" in body:
        body["session"]["user"]["userId"] = user_id
        body["session"]["sessionId"] = f"amzn1.echo-api.session.bench-{user}"
    body["request"]["requestId"] = f"amzn1.echo-api.request.{uuid.uuid4()}"
    body["request"]["timestamp"] = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return body


def write_requests(path: Path, envelopes: list[dict[str, Any]], ca: TestAuthority) -> None:
    """Signs every envelope for every user and writes them as a Lua table for wrk."""
    lines = ["requests = {"]
    for user in range(USERS):
        for body in envelopes:
            raw = json.dumps(restamped(body, user), separators=(",", ":"))
            lines.append(
                f"{{body = {_lua(raw)}, signature = {_lua(sign(raw.encode(), ca.key))}, "
                f"url = {_lua(ca.chain_url)}}},"
            )
    lines.append("}")
    path.write_text("\n".join(lines) + "\n")


def _lua(text: str) -> str:
    return "[==[" + text + "]==]"


def workers_cpu_seconds(master: int) -> float:
    """CPU time used so far by a gunicorn master's worker processes (Linux /proc)."""
    total = 0
    for task in Path(f"/proc/{master}/task").iterdir():
        for child in (task / "children").read_text().split():
            fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


@contextmanager
def gunicorn(app: str, port: int, env: dict[str, str], log: Path) -> Iterator[tuple[str, int]]:
    base = f"http://127.0.0.1:{port}"
    with open(log, "w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), app],
            cwd=ROOT,
            env={**os.environ, **env, "HOST": "127.0.0.1", "PORT": str(port)},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            for _ in range(200):
                try:
                    with urllib.request.urlopen(base + "/healthz", timeout=1) as reply:
                        if reply.status == 200:
                            break
                except OSError:
                    time.sleep(0.1)
            else:
                raise RuntimeError(f"{app} did not start; see {log}")
            yield base, server.pid
        finally:
            server.terminate()
            server.wait(timeout=30)


def drive(
    wrk: str, base: str, requests_lua: Path, seconds: int, connections: int, threads: int
) -> dict[str, Any]:
    command = [
        wrk,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "5s",
        "-s",
        str(ROOT / "benchmarks" / "alexa.lua"),
        base,
    ]
    done = subprocess.run(
        command,
        env={**os.environ, "BENCH_REQUESTS": str(requests_lua)},
        capture_output=True,
        text=True,
        check=True,
    )
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    errors = sum(summary[k] for k in ("connect", "read", "write", "status", "timeout"))
    return {
        "rps": summary["requests"] / (summary["duration_us"] / 1e6),
        "p50_ms": summary["p50_us"] / 1000,
        "p99_ms": summary["p99_us"] / 1000,
        "errors": errors,
        "requests": summary["requests"],
        "latency_us": [(value, count) for value, count in summary["latency_us"]],
    }


def percentile_ms(histogram: list[tuple[int, int]], percent: float) -> float:
    """The latency that ``percent`` of the requests in a (value, count) histogram did not exceed."""
    ordered = sorted(histogram)
    wanted = sum(count for _, count in ordered) * percent / 100
    seen = 0
    for value, count in ordered:
        seen += count
        if seen >= wanted:
            return value / 1000
    return ordered[-1][0] / 1000 if ordered else 0.0


def combined(slices: list[dict[str, Any]]) -> dict[str, Any]:
    """One server's slices together: the overall rate, p50 and p99 of all their requests."""
    requests = sum(found["requests"] for found in slices)
    seconds = sum(found["requests"] / found["rps"] for found in slices)
    latencies = [pair for found in slices for pair in found["latency_us"]]
    return {
        "rps": requests / seconds,
        "requests": requests,
        "p50_ms": percentile_ms(latencies, 50),
        "p99_ms": percentile_ms(latencies, 99),
        "worst_slice_p99_ms": max(found["p99_ms"] for found in slices),
        "errors": sum(found["errors"] for found in slices),
        "cpu_ms_per_request": 1000 * sum(found["cpu_s"] for found in slices) / requests,
    }


COLD_STARTS = {
    "skill": "from skill.config import Config; from skill.web.app import create_app; "
    "create_app(Config(skill_id='x', sqlite_path={db!r}))",
    "hello world": "from benchmarks.hello_app import create; create()",
}


def cold_start(workdir: Path, runs: int = 11) -> dict[str, float]:
    """Median wall time of import and create in fresh processes, the two apps taking turns.

    Bytecode is cached (in a temporary folder) as in any installed deployment, so that
    neither app pays for compiling its source, whatever PYTHONDONTWRITEBYTECODE says.
    """
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
    times: dict[str, list[float]] = {name: [] for name in COLD_STARTS}
    for run in range(runs + 1):
        for name, code in COLD_STARTS.items():
            timed = (
                "import time; t = time.perf_counter(); "
                + code.format(db=str(workdir / "cold.db"))
                + "; print(time.perf_counter() - t)"
            )
            done = subprocess.run(
                [sys.executable, "-c", timed], cwd=ROOT, env=env, capture_output=True, text=True, check=True
            )
            if run:  # the first run writes the bytecode
                times[name].append(float(done.stdout.strip().splitlines()[-1]) * 1000)
    return {name: statistics.median(found) for name, found in times.items()}


GC_PAUSE = """
import gc, json, time
from skill.config import Config
from skill.web.app import create_app
create_app(Config(skill_id="x", sqlite_path={db!r}))
def full_collection_ms():
    started = time.perf_counter(); gc.collect(); return (time.perf_counter() - started) * 1000
before = min(full_collection_ms() for _ in range(5))
gc.freeze()  # what gunicorn.conf.py's post_worker_init does
print(json.dumps({{"before": before, "frozen": min(full_collection_ms() for _ in range(5))}}))
"""


def gc_pause(workdir: Path) -> dict[str, float]:
    """A full collection of a fresh worker's heap, as built, and after ``gc.freeze()``."""
    done = subprocess.run(
        [sys.executable, "-c", GC_PAUSE.format(db=str(workdir / "gc.db"))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    found: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def in_process(workdir: Path, envelopes: list[dict[str, Any]], rounds: int = 300) -> dict[str, Any]:
    """Deserialise, handle (store included) and serialise, per request type."""
    config = Config(skill_id=APPLICATION_ID, local_dev=True, sqlite_path=workdir / "inproc.db")
    skill = build_skill(config)
    found = {}
    for body in envelopes:
        request = body["request"]
        name = request.get("intent", {}).get("name") or request["type"]
        samples = []
        for round_ in range(rounds):
            payload = json.dumps(restamped(body, round_ % USERS))
            started = time.perf_counter()
            envelope = skill.serializer.deserialize(payload=payload, obj_type=RequestEnvelope)
            skill.serializer.serialize(skill.invoke(request_envelope=envelope, context=None))
            samples.append((time.perf_counter() - started) * 1000)
        samples.sort()
        found[name] = {"p50_ms": samples[len(samples) // 2], "p99_ms": samples[int(len(samples) * 0.99) - 1]}
    return found


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=int, default=60, help="seconds per server")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--warmup", type=int, default=5, help="seconds of unmeasured load first")
    parser.add_argument(
        "--slices", type=int, default=12, help="alternating slices per server that make up the duration"
    )
    args = parser.parse_args()
    wrk = ensure_wrk()
    load_before = os.getloadavg()

    with tempfile.TemporaryDirectory(prefix="skill-bench-") as temp:
        workdir = Path(temp)
        chains = ChainServer()
        ca = TestAuthority(server=chains)
        (workdir / "root.pem").write_bytes(pem(ca.root))
        envelopes = conversation_envelopes(workdir)
        cold_ms = cold_start(workdir)
        pauses = gc_pause(workdir)
        handling = in_process(workdir, envelopes)

        skill_env = {
            "SKILL_ID": APPLICATION_ID,
            "SKILL_SQLITE_PATH": str(workdir / "skill.db"),
            "SKILL_LOG_LEVEL": "INFO",
            "SKILL_LOCAL_DEV": "0",
            "BENCH_ROOT_PEM": str(workdir / "root.pem"),
            "BENCH_CHAIN_PORT": str(chains.port),
        }
        servers = [
            ("skill", "benchmarks.signed_app:create()", 18081, skill_env),
            ("hello world", "benchmarks.hello_app:create()", 18082, {"SKILL_LOG_LEVEL": "WARNING"}),
        ]
        slices: dict[str, list[dict[str, Any]]] = {name: [] for name, *_ in servers}
        with ExitStack() as stack:
            bases = {
                name: stack.enter_context(gunicorn(app, port, env, workdir / f"{port}.log"))
                for name, app, port, env in servers
            }
            requests_lua = workdir / "requests.lua"
            seconds = max(1, args.duration // args.slices)
            # Slices alternate between the servers so that a change in background load
            # on the machine falls on both alike.
            for index in range(args.slices + (1 if args.warmup else 0)):
                for name, (base, master) in bases.items():
                    # Signed just before each slice: Alexa's timestamps must be < 150 s old.
                    write_requests(requests_lua, envelopes, ca)
                    if index == 0 and args.warmup:
                        drive(wrk, base, requests_lua, args.warmup, args.connections, args.threads)
                        continue
                    cpu_before = workers_cpu_seconds(master)
                    found = drive(wrk, base, requests_lua, seconds, args.connections, args.threads)
                    found["cpu_s"] = workers_cpu_seconds(master) - cpu_before
                    slices[name].append(found)
        results = {name: combined(found) for name, found in slices.items()}
        chains.close()

    report(args, cold_ms, handling, results, (load_before, os.getloadavg()), pauses)


def report(
    args: argparse.Namespace,
    cold_ms: dict[str, float],
    handling: dict[str, Any],
    results: dict[str, dict[str, Any]],
    machine_load: tuple[tuple[float, ...], tuple[float, ...]],
    pauses: dict[str, float],
) -> None:
    before, after = machine_load
    print(
        f"machine load average (1, 5, 15 min) before: {before[0]:.2f} {before[1]:.2f} "
        f"{before[2]:.2f}, after: {after[0]:.2f} {after[1]:.2f} {after[2]:.2f}"
    )
    print(
        f"load: wrk -t{args.threads} -c{args.connections}, {args.duration}s per server in "
        f"{args.slices} alternating slices, {1 + len(CONVERSATION)} request types x {USERS} users, "
        f"signed; cores: {os.cpu_count()}"
    )
    print("p50 and p99 are of all the requests of all slices; also shown, the worst slice's p99")
    print(
        f"{'server':<12} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'worst slice p99':>16} "
        f"{'errors':>7} {'worker CPU ms/req':>18}"
    )
    for name, result in results.items():
        print(
            f"{name:<12} {result['rps']:>9.0f} {result['p50_ms']:>8.2f} "
            f"{result['p99_ms']:>8.2f} {result['worst_slice_p99_ms']:>16.2f} {result['errors']:>7} "
            f"{result['cpu_ms_per_request']:>18.3f}"
        )
    ratio = results["skill"]["rps"] / results["hello world"]["rps"]
    skill = results["skill"]
    met = ratio >= 0.75 and skill["p99_ms"] < 25 and skill["errors"] == 0
    print(
        f"throughput ratio skill / hello world: {ratio:.1%} "
        f"(target >= 75%, p99 < 25 ms, 0 errors: {'met' if met else 'NOT met'})"
    )
    cold_ratio = cold_ms["skill"] / cold_ms["hello world"]
    print(
        f"cold import and create: skill {cold_ms['skill']:.0f} ms, hello world "
        f"{cold_ms['hello world']:.0f} ms, {cold_ratio:.2f}x (target <= 1.3x: "
        f"{'met' if cold_ratio <= 1.3 else 'NOT met'}; median of 11 fresh processes each)"
    )
    print(
        f"a full garbage collection of a fresh worker's heap: {pauses['before']:.1f} ms, "
        f"{pauses['frozen']:.1f} ms after gc.freeze() (every request of the worker waits for it)"
    )
    print("in-process handling (deserialise + handle + store + serialise):")
    for name, times in handling.items():
        print(f"  {name:<24} p50 {times['p50_ms']:.2f} ms   p99 {times['p99_ms']:.2f} ms")
    print(
        json.dumps(
            {
                "cold_ms": cold_ms,
                "cold_ratio": cold_ratio,
                "handling": handling,
                "servers": results,
                "ratio": ratio,
                "load_average": machine_load,
                "gc_pause_ms": pauses,
            }
        )
    )


if __name__ == "__main__":
    main()
