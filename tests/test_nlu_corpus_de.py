"""The German NLU corpus: natural German phrasings in context are understood and answered as meant."""

from __future__ import annotations

from pathlib import Path

import pytest

from skill.simulator.corpus import Result, accuracy, load_corpus, report, run_corpus

CORPUS = Path(__file__).parent / "corpus" / "nlu_de-DE.yaml"
LOCALE = "de-DE"
OVERALL_TARGET = 0.97
# What must never be misheard: stopping, cancelling, a break, and the answer to the pain question.
MUST_WORK = ("AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.PauseIntent")


@pytest.fixture(scope="module")
def results() -> list[Result]:
    found = run_corpus(load_corpus(CORPUS), LOCALE)
    print("\n" + report(found))
    return found


def test_the_german_corpus_is_large_and_covers_every_context(results: list[Result]) -> None:
    corpus = load_corpus(CORPUS)
    assert len(results) >= 400
    assert {case.context for case in corpus.cases} == set(corpus.contexts)


def test_german_overall_accuracy_meets_the_target(results: list[Result]) -> None:
    passed = sum(r.passed for r in results)
    assert passed / len(results) >= OVERALL_TARGET, report(results)


@pytest.mark.parametrize("intent", MUST_WORK)
def test_german_stop_cancel_and_pause_always_work(results: list[Result], intent: str) -> None:
    passed, total = accuracy(results, "intent")[intent]
    assert total >= 10 and passed == total, report([r for r in results if r.case.intent == intent])


def test_every_german_answer_to_the_pain_question_is_heard(results: list[Result]) -> None:
    answers = [r for r in results if r.case.context == "pain_question" and r.case.intent == "PainLevelIntent"]
    assert len(answers) >= 30
    assert all(r.passed for r in answers), report(answers)
