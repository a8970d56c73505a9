"""Triage corpus report: how the skill, heard through the simulator, answers each sentence.

    python scripts/triage_report.py [--corpus tests/corpus/triage_en-US.yaml] [--misses]
    python scripts/triage_report.py --locale de-DE     # tests/corpus/triage_de-DE.yaml, in German

Every sentence of the corpus is said in four contexts: right after "open back spasm helper",
as a one-shot ("tell back spasm helper ..."), in the middle of a routine, and as the answer to
"how is your pain now" after a routine. The simulator resolves it against the interaction
model (an approximation of Alexa's NLU), and the skill's answer is read from what it did:
a red flag stored with its tier and the session ended, the screening question asked, the
exercise stopped for sharp pain, or nothing.

Prints caught/total per category and context, false alarms, and how many catches came only
from a slot value listed word for word. Exits non-zero when a red flag is missed or a
harmless sentence raises an alarm.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("SKILL_PHRASE_SEED", "0")

import yaml  # noqa: E402

from skill.config import Config  # noqa: E402
from skill.domain import triage  # noqa: E402
from skill.simulator.phrases import says  # noqa: E402
from skill.simulator.resolver import Resolver  # noqa: E402
from skill.simulator.session import Clock, Session, in_process  # noqa: E402
from skill.store.sqlite import SQLiteStore  # noqa: E402

CORPUS = ROOT / "tests" / "corpus" / "triage_en-US.yaml"
CONTEXTS = ("launch", "one_shot", "mid_routine", "pain_answer")
INVOCATION = "back spasm helper"
# What a person says to reach each context, by language.
TURNS = {
    "en": {
        "open": f"open {INVOCATION}",
        "tell": f"tell {INVOCATION}",
        "routine": "quick relief",
        "next": "next",
    },
    "de": {
        "open": "öffne rückenkrampf hilfe",
        "tell": "sag rückenkrampf hilfe",
        "routine": "schnelle hilfe",
        "next": "weiter",
    },
}


def corpus_for(locale: str) -> Path:
    return ROOT / "tests" / "corpus" / f"triage_{locale}.yaml"


# The outcomes that count as catching each kind of sentence (a stricter one also counts).
EXPECTED_AT_LEAST = {"spreading": triage.SPREADING, "sharp": triage.SHARP}


@dataclass
class Case:
    kind: str  # a red-flag category, "spreading", "sharp" or "harmless"
    text: str
    expected: str  # the mildest outcome that catches it; "harmless" for near-misses


@dataclass
class Result:
    case: Case
    context: str
    outcome: str
    ended: bool
    listed_only: bool  # heard only because the very sentence is a listed slot value
    intent: str
    speech: str

    @property
    def caught(self) -> bool:
        if self.case.expected == triage.HARMLESS:
            return self.outcome == triage.HARMLESS
        strict_enough = triage.SEVERITY.index(self.outcome) <= triage.SEVERITY.index(self.case.expected)
        # Red flags and spreading pain must also end the session.
        must_end = self.case.expected in (*triage.RED_FLAG_TIERS, triage.SPREADING)
        return strict_enough and (self.ended or not must_end)


@dataclass
class Report:
    results: list[Result] = field(default_factory=list)

    def table(self) -> dict[str, dict[str, list[Result]]]:
        rows: dict[str, dict[str, list[Result]]] = defaultdict(lambda: defaultdict(list))
        for result in self.results:
            rows[result.case.kind][result.context].append(result)
        return rows

    @property
    def missed(self) -> list[Result]:
        return [r for r in self.results if r.case.expected != triage.HARMLESS and not r.caught]

    @property
    def false_alarms(self) -> list[Result]:
        return [r for r in self.results if r.case.expected == triage.HARMLESS and not r.caught]


def load_cases(path: Path = CORPUS, locale: str = "en-US") -> list[Case]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rules = triage.for_locale(locale)
    cases = [
        Case(category, text, rules.tier(category))
        for category, texts in data["red_flags"].items()
        for text in texts
    ]
    cases += [
        Case(kind, text, EXPECTED_AT_LEAST[kind]) for kind in ("spreading", "sharp") for text in data[kind]
    ]
    cases += [Case("harmless", text, triage.HARMLESS) for text in data["harmless"]]
    return cases


class Runner:
    """One in-process skill on a throwaway store; a new user for every conversation."""

    def __init__(self, store_dir: Path, locale: str = "en-US") -> None:
        self.locale = locale
        self.turns = TURNS[locale.split("-")[0]]
        self.config = Config(
            skill_id="amzn1.ask.skill.triage-report", local_dev=True, sqlite_path=store_dir / "skill.sqlite3"
        )
        self.transport = in_process(self.config)
        self.resolver = Resolver.for_locale(locale, self.config.skill_id)
        self.store = SQLiteStore(self.config.sqlite_path)
        self.users = 0

    def _session(self) -> Session:
        self.users += 1
        return Session(
            self.transport,
            resolver=self.resolver,
            skill_id=self.config.skill_id,
            user_id=f"amzn1.ask.account.TRIAGE-{self.users:06d}",
            clock=Clock(),
            locale=self.locale,
        )

    def run(self, case: Case, context: str) -> Result:
        session = self._session()
        if context == "one_shot":
            exchange = session.say(f"{self.turns['tell']} {case.text}")
        else:
            session.say(self.turns["open"])
            if context in ("mid_routine", "pain_answer"):
                said = session.say(self.turns["routine"])
                if context == "pain_answer":
                    for _ in range(10):
                        if says(said.said.text, "routine_done", self.locale):
                            break
                        said = session.say(self.turns["next"])
                    if not says(said.said.text, "routine_done", self.locale):
                        raise RuntimeError("the routine never asked how the pain is now")
            exchange = session.say(case.text)
        state: dict[str, Any] = self.store.get(session.user_id)
        resolution = exchange.resolution
        return Result(
            case,
            context,
            _outcome(state, exchange.said.attributes),
            exchange.said.ended,
            bool(
                resolution
                and resolution.sample == "{symptom}"
                and all(slot.matched for slot in resolution.slots.values())
            ),
            resolution.intent if resolution else "",
            exchange.said.text,
        )


def _outcome(state: dict[str, Any], session: dict[str, Any]) -> str:
    hold = state.get("red_flag")
    if isinstance(hold, dict) and hold.get("tier") in (*triage.RED_FLAG_TIERS, triage.SPREADING):
        return str(hold["tier"])
    if (session.get("pending") or {}).get("kind") == "screening":
        return triage.UNCLEAR
    log = state.get("pain_log") or []
    if log and log[-1].get("moment") == "sharp":
        return triage.SHARP
    return triage.HARMLESS


def run_report(cases: list[Case] | None = None, locale: str = "en-US") -> Report:
    cases = cases if cases is not None else load_cases(corpus_for(locale), locale)
    report = Report()
    with tempfile.TemporaryDirectory() as folder:
        runner = Runner(Path(folder), locale)
        for case in cases:
            for context in CONTEXTS:
                report.results.append(runner.run(case, context))
    return report


def format_report(report: Report, show_misses: bool = False) -> str:
    lines = [f"{'category':<22}" + "".join(f"{c:>14}" for c in CONTEXTS) + f"{'listed only':>14}"]
    for kind, by_context in report.table().items():
        cells = []
        for context in CONTEXTS:
            results = by_context[context]
            cells.append(f"{sum(r.caught for r in results)}/{len(results)}")
        listed = sum(r.listed_only and r.caught for rs in by_context.values() for r in rs)
        total = sum(len(rs) for rs in by_context.values())
        label = kind if kind != "harmless" else "harmless (no alarm)"
        lines.append(f"{label:<22}" + "".join(f"{c:>14}" for c in cells) + f"{listed:>9}/{total}")
    red = [r for r in report.results if r.case.expected in triage.RED_FLAG_TIERS]
    lines.append("")
    lines.append(
        f"red flags caught: {sum(r.caught for r in red)}/{len(red)}; "
        f"false alarms: {len(report.false_alarms)}/"
        f"{sum(r.case.expected == triage.HARMLESS for r in report.results)}; "
        f"misses of any kind: {len(report.missed)}"
    )
    if show_misses:
        for result in [*report.missed, *report.false_alarms]:
            lines.append(
                f"  {result.case.kind:<20} {result.context:<12} {result.case.text!r} -> "
                f"{result.outcome} via {result.intent or '-'}"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus", type=Path, default=None, help="default: tests/corpus/triage_<locale>.yaml"
    )
    parser.add_argument("--locale", default="en-US")
    parser.add_argument("--misses", action="store_true", help="list every miss and false alarm")
    args = parser.parse_args(argv)
    report = run_report(load_cases(args.corpus or corpus_for(args.locale), args.locale), args.locale)
    print(format_report(report, show_misses=args.misses))
    return 1 if report.missed or report.false_alarms else 0


if __name__ == "__main__":
    sys.exit(main())
