"""An NLU regression corpus: natural phrasings, each said in its context, scored.

A corpus file (YAML) names its contexts, each the utterances that lead there from a new
user's first session, and groups of cases::

    contexts:
      mid_routine: ["open back spasm helper", "start quick relief"]
    groups:
      - context: mid_routine
        intent: AMAZON.StopIntent
        outcome: {session_open: false}
        say: ["i want to stop", "that's enough for today"]

Every phrasing in ``say`` is one case: a fresh user, the context's utterances, then the
phrasing. It passes when it is heard as ``intent`` (with ``slots``, if given) and the
answer meets ``outcome``: ``session_open``; ``says`` / ``not_says`` (phrase keys, any
variant); ``contains`` / ``not_contains`` (words); ``exercise`` (true when an exercise is
guided, false when none may start); ``directive``. ``python -m skill.simulator.corpus FILE
[LOCALE]`` prints accuracy per intent and per context (the locale defaults to the file's own,
``nlu_de-DE.yaml`` is said in de-DE; ``--no-misses`` leaves out the list of misses).
"""

from __future__ import annotations

import re
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from skill.domain.content import Phrases, load_content
from skill.simulator.session import Exchange, Session, in_process

OUTCOME_KEYS = {"session_open", "says", "not_says", "contains", "not_contains", "exercise", "directive"}


@dataclass(frozen=True)
class Case:
    context: str
    utterance: str
    intent: str
    slots: dict[str, str] = field(default_factory=dict)
    outcome: dict[str, Any] = field(default_factory=dict)


@dataclass
class Result:
    case: Case
    heard: str
    failures: list[str]

    @property
    def passed(self) -> bool:
        return not self.failures


@dataclass
class Corpus:
    contexts: dict[str, list[str]]
    cases: list[Case]


def load_corpus(path: Path) -> Corpus:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    contexts = {str(name): [str(u) for u in (turns or [])] for name, turns in data["contexts"].items()}
    cases: list[Case] = []
    for number, group in enumerate(data["groups"], 1):
        where = f"{path}: group {number}"
        if group.get("context") not in contexts:
            raise ValueError(f"{where}: unknown context {group.get('context')!r}")
        outcome = group.get("outcome") or {}
        if set(outcome) - OUTCOME_KEYS:
            raise ValueError(f"{where}: outcome takes {', '.join(sorted(OUTCOME_KEYS))}")
        for said in group["say"]:
            cases.append(
                Case(
                    group["context"],
                    str(said),
                    str(group["intent"]),
                    {k: str(v) for k, v in (group.get("slots") or {}).items()},
                    outcome,
                )
            )
    return Corpus(contexts, cases)


def _phrase_pattern(phrases: Phrases, key: str) -> re.Pattern[str]:
    variants = [re.escape(v).replace(r"\ ", " ") for v in phrases.variants(key)]
    filled = [re.sub(r"\\\{\w+\\\}", ".+?", v) for v in variants]
    return re.compile("|".join(f"(?:{v})" for v in filled), re.IGNORECASE)


def _keys(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def check(exchange: Exchange, case: Case, phrases: Phrases) -> list[str]:
    failures: list[str] = []
    resolution = exchange.resolution
    heard = (resolution.intent or resolution.request_type) if resolution else ""
    if heard != case.intent:
        failures.append(f"heard as {heard}, meant {case.intent}")
    got = resolution.slot_summary() if resolution else {}
    for name, value in case.slots.items():
        if got.get(name) != value:
            failures.append(f"slot {name} is {got.get(name)!r}, meant {value!r}")
    said = exchange.said
    text = said.text
    outcome = case.outcome
    if "session_open" in outcome and said.ended == bool(outcome["session_open"]):
        failures.append("session " + ("ended" if said.ended else "stayed open"))
    for key in _keys(outcome.get("says", [])) if "says" in outcome else []:
        if not _phrase_pattern(phrases, key).search(text):
            failures.append(f"does not say {key}")
    for key in _keys(outcome.get("not_says", [])) if "not_says" in outcome else []:
        if _phrase_pattern(phrases, key).search(text):
            failures.append(f"says {key}")
    for words in _keys(outcome.get("contains", [])) if "contains" in outcome else []:
        if words.lower() not in text.lower():
            failures.append(f"does not contain {words!r}")
    for words in _keys(outcome.get("not_contains", [])) if "not_contains" in outcome else []:
        if words.lower() in text.lower():
            failures.append(f"contains {words!r}")
    if "exercise" in outcome:
        # Every guided exercise gives a moment to get into position.
        guided = bool(_phrase_pattern(phrases, "get_ready").search(text))
        if guided != bool(outcome["exercise"]):
            failures.append("guided an exercise" if guided else "guided no exercise")
    if "directive" in outcome:
        kinds = [d.get("type", "") for d in said.directives]
        if outcome["directive"] not in kinds:
            failures.append(f"no {outcome['directive']} directive")
    failures += [f"breaks Alexa's rules: {p}" for p in exchange.problems]
    return failures


def run_corpus(corpus: Corpus, locale: str = "en-US", store_dir: Path | None = None) -> list[Result]:
    from skill.config import Config

    phrases = load_content(locale).phrases
    with tempfile.TemporaryDirectory() as scratch:
        folder = store_dir or Path(scratch)
        config = Config(
            skill_id="amzn1.ask.skill.corpus", local_dev=True, sqlite_path=folder / "corpus.sqlite3"
        )
        transport = in_process(config)
        results: list[Result] = []
        for number, case in enumerate(corpus.cases):
            session = Session(
                transport,
                locale=locale,
                skill_id=config.skill_id,
                user_id=f"amzn1.ask.account.corpus-{number:05d}",
            )
            problem = ""
            for turn in corpus.contexts[case.context]:
                if turn == ":end":
                    session.end()
                    continue
                exchange = session.say(turn)
                if exchange.problems:
                    problem = f"context turn {turn!r} breaks Alexa's rules"
            exchange = session.say(case.utterance)
            failures = ([problem] if problem else []) + check(exchange, case, phrases)
            resolution = exchange.resolution
            heard = (resolution.intent or resolution.request_type) if resolution else ""
            results.append(Result(case, heard, failures))
    return results


def accuracy(results: list[Result], by: str) -> dict[str, tuple[int, int]]:
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for result in results:
        name = result.case.intent if by == "intent" else result.case.context
        table[name][0] += result.passed
        table[name][1] += 1
    return {name: (passed, total) for name, (passed, total) in sorted(table.items())}


def report(results: list[Result], misses: bool = True) -> str:
    passed = sum(r.passed for r in results)
    lines = [
        f"NLU corpus: {passed}/{len(results)} phrasings understood and answered as meant "
        f"({100 * passed / max(1, len(results)):.1f}%)"
    ]
    for by in ("intent", "context"):
        lines.append(f"  by {by}:")
        for name, (ok, total) in accuracy(results, by).items():
            lines.append(f"    {name:<28} {ok:>4}/{total:<4} {100 * ok / total:5.1f}%")
    failed = [r for r in results if not r.passed]
    if failed and misses:
        lines.append("  missed:")
        lines += [f"    [{r.case.context}] {r.case.utterance!r}: {'; '.join(r.failures)}" for r in failed]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    misses = "--no-misses" not in args  # a held-out set is reported, its misses kept unread
    paths = [a for a in args if not a.startswith("--")]
    path = Path(paths[0]) if paths else Path("tests/corpus/nlu_en-US.yaml")
    # The locale is the second argument, else the file's own ("nlu_de-DE.yaml"), else en-US.
    named = re.search(r"[a-z]{2}-[A-Z]{2}$", path.stem)
    locale = paths[1] if len(paths) > 1 else named.group(0) if named else "en-US"
    results = run_corpus(load_corpus(path), locale)
    print(report(results, misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
