"""Utterance conflicts in an interaction model, as the developer console reports them.

Two intents conflict when one of their sample utterances, with its slots filled by some
value the model defines (a custom value or synonym, or a typical spoken number, duration
or date for the built-in types), is also an utterance of another intent's sample. Alexa
then cannot tell which one the person meant.

Custom slot types are not closed lists on Alexa, so one more kind of sample is reported:
a catch-all, whose only words besides a custom slot are a short run of everyday words
("i want {routine}", "give me {duration}"). It takes whatever follows them, so "i want to
stop" was heard as a routine called "to stop".

Run ``python -m skill.simulator.conflicts [locale]`` to list them; the test suite fails on any.
"""

from __future__ import annotations

import itertools
import re
import sys
from dataclasses import dataclass
from datetime import date

from skill.simulator.resolver import MODELS_DIR, Resolver, _load_model, normalize

# Typical spoken values of the built-in slot types, the way people say them.
BUILT_IN_EXAMPLES: dict[str, tuple[str, ...]] = {
    "AMAZON.NUMBER": ("three", "ten", "twenty"),
    "AMAZON.DURATION": ("thirty seconds", "five minutes", "two days", "a week", "an hour"),
    "AMAZON.DATE": ("yesterday", "monday", "november twentieth", "last week"),
    "AMAZON.TIME": ("seven thirty pm",),
}
GERMAN_BUILT_IN_EXAMPLES: dict[str, tuple[str, ...]] = {
    "AMAZON.NUMBER": ("drei", "zehn", "zwanzig"),
    "AMAZON.DURATION": ("dreißig sekunden", "fünf minuten", "zwei tage", "eine woche", "eine stunde"),
    "AMAZON.DATE": ("gestern", "montag", "letzte woche"),
    "AMAZON.TIME": ("halb acht",),
}
MAX_FILLINGS = 3000
# Words that say nothing about what is wanted: a sample of only these and a slot is a catch-all.
EVERYDAY_WORDS = frozenset(
    {
        "i",
        "i'd",
        "i'll",
        "want",
        "need",
        "would",
        "like",
        "to",
        "a",
        "an",
        "the",
        "give",
        "me",
        "let's",
        "do",
        "can",
        "we",
        "you",
        "some",
        "please",
        "get",
        "have",
        "try",
        "go",
        "for",
        "with",
        "and",
        "it",
        "is",
        "it's",
        "just",
        "maybe",
        "about",
        "how",
        "what",
    }
)
GERMAN_EVERYDAY_WORDS = frozenset(
    {
        "ich",
        "will",
        "möchte",
        "möchten",
        "würde",
        "gern",
        "gerne",
        "brauche",
        "bitte",
        "mach",
        "machen",
        "mal",
        "wir",
        "du",
        "den",
        "die",
        "das",
        "der",
        "ein",
        "eine",
        "einen",
        "gib",
        "mir",
        "lass",
        "uns",
        "und",
        "mit",
        "für",
        "es",
        "ist",
        "was",
        "wie",
        "zu",
    }
)
MAX_CARRIER_WORDS = 2
# Red-flag samples are left wide on purpose: a false alarm costs less than a missed one.
WIDE_ON_PURPOSE = frozenset({"RedFlagIntent"})
_SLOT = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Conflict:
    utterance: str
    intent: str
    sample: str
    other_intent: str
    other_sample: str

    def __str__(self) -> str:
        return (
            f"{self.utterance!r}: {self.intent} ({self.sample!r}) and "
            f"{self.other_intent} ({self.other_sample!r})"
        )


def _values(resolver: Resolver, slot_type: str) -> tuple[str, ...]:
    table = resolver._values.get(slot_type)
    if table is not None:
        return tuple(table)
    examples = GERMAN_BUILT_IN_EXAMPLES if resolver.language_code == "de" else BUILT_IN_EXAMPLES
    return examples.get(slot_type, ("something",))


def utterances(resolver: Resolver, intent: str, sample: str) -> list[str]:
    """Every utterance the sample stands for, with each slot filled by each defined value."""
    text = normalize(sample)
    names = _SLOT.findall(text)
    if not names:
        return [text]
    types = resolver.slot_types_of(intent)
    choices = [_values(resolver, types[name]) for name in names]
    out: list[str] = []
    pieces = _SLOT.split(text)  # literal, name, literal, name, ..., literal
    for filling in itertools.islice(itertools.product(*choices), MAX_FILLINGS):
        words = [piece if index % 2 == 0 else filling[index // 2] for index, piece in enumerate(pieces)]
        out.append(" ".join("".join(words).split()))
    return out


def _matches(resolver: Resolver, pattern: object, utterance: str, today: date) -> bool:
    found = pattern.regex.match(utterance)  # type: ignore[attr-defined]
    if not found:
        return False
    slots = resolver._fill(pattern, found, today)  # type: ignore[arg-type]
    if slots is None:
        return False  # a built-in slot that is not its type (a number, a duration)
    return all(s.matched for s in slots.values())


def find_conflicts(model: dict, today: date | None = None, language_code: str = "en") -> list[Conflict]:
    today = today or date(2026, 11, 23)
    resolver = Resolver(model, language_code=language_code)
    language = model["interactionModel"]["languageModel"]
    exact: dict[str, list[tuple[str, str]]] = {}
    patterns = []
    for intent in language["intents"]:
        slots = {s["name"]: s["type"] for s in intent.get("slots", [])}
        for sample in intent.get("samples", []):
            text = normalize(sample)
            if "{" in text:
                compiled = resolver._compile(intent["name"], sample, slots)
                literals = frozenset(t for t in text.split() if "{" not in t)
                patterns.append((compiled, literals))
            else:
                exact.setdefault(text, []).append((intent["name"], sample))
    conflicts: list[Conflict] = []
    seen: set[tuple[str, str, str]] = set()
    for intent in language["intents"]:
        for sample in intent.get("samples", []):
            for utterance in utterances(resolver, intent["name"], sample):
                words = set(utterance.split())
                others = [(name, other) for name, other in exact.get(utterance, [])]
                others += [
                    (p.intent, p.text)
                    for p, literals in patterns
                    if literals <= words and _matches(resolver, p, utterance, today)
                ]
                for other_intent, other_sample in others:
                    key = (utterance, *sorted((intent["name"], other_intent)))
                    if other_intent != intent["name"] and key not in seen:
                        seen.add(key)
                        conflicts.append(
                            Conflict(utterance, intent["name"], sample, other_intent, other_sample)
                        )
    return conflicts


def catch_alls(model: dict, language_code: str = "en") -> list[str]:
    """Samples whose only words besides a custom slot are a couple of everyday words."""
    everyday = GERMAN_EVERYDAY_WORDS if language_code == "de" else EVERYDAY_WORDS
    language = model["interactionModel"]["languageModel"]
    custom = {t["name"] for t in language.get("types", [])}
    found: list[str] = []
    for intent in language["intents"]:
        if intent["name"] in WIDE_ON_PURPOSE:
            continue
        types = {s["name"]: s["type"] for s in intent.get("slots", [])}
        for sample in intent.get("samples", []):
            text = normalize(sample)
            names = _SLOT.findall(text)
            words = [w for w in text.split() if "{" not in w]
            if (
                names
                and words
                and len(words) <= MAX_CARRIER_WORDS
                and set(words) <= everyday
                and any(types.get(name) in custom for name in names)
            ):
                found.append(f"{intent['name']}: {sample!r} is a catch-all")
    return found


def main(argv: list[str] | None = None) -> int:
    locale = (argv or sys.argv[1:] or ["en-US"])[0]
    model = _load_model(str(MODELS_DIR / f"{locale}.json"))
    language_code = locale.split("-")[0]
    found = [str(c) for c in find_conflicts(model, language_code=language_code)] + catch_alls(
        model, language_code
    )
    for problem in found:
        print(problem)
    print(f"{len(found)} utterance conflicts in {locale}")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
