"""Lambda cold start: import plus first invoke, the skill beside a hello world on the same SDK.

    .venv/bin/python benchmarks/lambda_cold_start.py [--runs 9]

Each sample is a fresh interpreter (as a new Lambda execution environment is) that
imports the handler module and handles one LaunchRequest; the interpreter's own start is
left out, as it is the same for both. The two take turns, so that changes in the
machine's load fall on both alike. The skill runs as deployed: DynamoDB through the
official adapter, here moto's DynamoDB server on loopback with the table already made,
and health data kept in the session; a third row runs the same skill on SQLite in /tmp,
to tell the skill's own cost from boto3's, and a fourth builds it during init, as Lambda
does, whose first invoke is what a request restored from a SnapStart snapshot waits for.
Prints the median import, first-invoke and total times and the ratio of the totals
(target: at most 1.3).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from skill.simulator.envelopes import APPLICATION_ID, envelope, launch_request  # noqa: E402

PROBE = """
import json, sys, time
started = time.perf_counter()
sys.path[:0] = [{root!r}, {benchmarks!r}]
module = __import__({module!r})
imported = time.perf_counter()
answer = module.handler(json.loads(sys.stdin.read()), None)
done = time.perf_counter()
assert "outputSpeech" in answer["response"], answer
print(json.dumps({{"import_ms": (imported - started) * 1000, "invoke_ms": (done - imported) * 1000}}))
"""


def sample(module: str, event: dict, env: dict[str, str]) -> dict[str, float]:
    script = PROBE.format(root=str(ROOT), benchmarks=str(ROOT / "benchmarks"), module=module)
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps(event),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    import logging

    import boto3
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # moto's request lines

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    credentials = {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_REGION": "us-east-1"}
    boto3.resource(
        "dynamodb",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="bench",
        aws_secret_access_key="bench",
    ).create_table(
        TableName="bench",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    base_env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp"), **credentials}
    skill_env = {
        **base_env,
        "SKILL_ID": APPLICATION_ID,
        "SKILL_DYNAMODB_TABLE": "bench",
        "SKILL_DYNAMODB_ENDPOINT": endpoint,
        "SKILL_LOG_LEVEL": "WARNING",
    }
    # The same skill on SQLite in /tmp: what the skill's own code costs without boto3.
    sqlite_env = {**skill_env, "SKILL_STORE": "sqlite", "SKILL_SQLITE_PATH": "/tmp/cold-start-bench.sqlite3"}
    # As on Lambda, where the init phase builds the skill: with SnapStart that phase runs once
    # per published version, so a restored environment's first request is what a person waits for.
    snapshot_env = {
        **skill_env,
        "AWS_LAMBDA_FUNCTION_NAME": "bench",
        "SKILL_SQLITE_PATH": "/tmp/cold-start-bench-scheduler.sqlite3",
    }
    results: dict[str, list[dict[str, float]]] = {"skill": [], "hello": [], "sqlite": [], "snapshot": []}
    try:
        for run in range(args.runs):
            event = envelope(launch_request(), new=True, user_id=f"amzn1.ask.account.bench{run}")
            results["skill"].append(sample("lambda_function", event, skill_env))
            results["hello"].append(sample("hello_lambda", event, base_env))
            results["sqlite"].append(sample("lambda_function", event, sqlite_env))
            results["snapshot"].append(sample("lambda_function", event, snapshot_env))
    finally:
        server.stop()
    totals = {}
    for name, samples in results.items():
        imports = statistics.median(s["import_ms"] for s in samples)
        invokes = statistics.median(s["invoke_ms"] for s in samples)
        totals[name] = statistics.median(s["import_ms"] + s["invoke_ms"] for s in samples)
        print(
            f"{name:6} import {imports:6.1f} ms  first invoke {invokes:6.1f} ms  total {totals[name]:6.1f} ms"
            f"  (median of {len(samples)})"
        )
    ratio = totals["skill"] / totals["hello"]
    print(f"ratio {ratio:.2f} (target <= 1.30): {'met' if ratio <= 1.3 else 'NOT met'}")
    print(f"without DynamoDB (SQLite in /tmp): ratio {totals['sqlite'] / totals['hello']:.2f}")
    restored = statistics.median(s["invoke_ms"] for s in results["snapshot"])
    print(
        f"SnapStart: the init phase (import, build) takes "
        f"{statistics.median(s['import_ms'] for s in results['snapshot']):.0f} ms once, when a version "
        f"is published; a restored environment's first request then takes {restored:.1f} ms "
        f"({restored / totals['hello']:.2f}x the hello world's cold start), plus Lambda's restore"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
