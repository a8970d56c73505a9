"""How fast the simulator's resolver understands utterances (reported, not asserted).

    .venv/bin/python benchmarks/resolver_bench.py

The goal is a thousand utterances a second or better, so resolving is never noticed.
"""

from __future__ import annotations

import json
import re
import time

from skill.simulator.resolver import MODELS_DIR, Resolver

EXTRA = [
    "open back spasm helper",
    "ask back spasm helper to start quick relief",
    "next",
    "stop",
    "count down an hour and a half",
    "my pain is twenty five",
    "since yesterday",
    "what's the capital of peru",
    "start the banana routine",
    "hold on",
]


def utterances(resolver: Resolver) -> list[str]:
    model = json.loads((MODELS_DIR / "en-US.json").read_text(encoding="utf-8"))
    said = list(EXTRA)
    for intent in model["interactionModel"]["languageModel"]["intents"]:
        types = {s["name"]: s["type"] for s in intent.get("slots", [])}
        for sample in intent.get("samples", []):

            def example(found: re.Match[str], slot_types: dict[str, str] = types) -> str:
                return resolver.example_value(slot_types[found.group(1)])

            said.append(re.sub(r"\{(\w+)\}", example, sample))
    return said


def main() -> None:
    started = time.perf_counter()
    resolver = Resolver.for_locale("en-US", "bench")
    compiled = time.perf_counter() - started
    said = utterances(resolver)
    rounds = max(1, 5000 // len(said))
    started = time.perf_counter()
    for _ in range(rounds):
        for utterance in said:
            resolver.resolve(utterance)
    elapsed = time.perf_counter() - started
    total = rounds * len(said)
    rate = total / elapsed
    print(
        f"model compiled in {compiled * 1000:.1f} ms; resolved {total} utterances in {elapsed:.2f} s: "
        f"{rate:,.0f} utterances/s ({'meets' if rate >= 1000 else 'BELOW'} the 1000/s goal)"
    )


if __name__ == "__main__":
    main()
