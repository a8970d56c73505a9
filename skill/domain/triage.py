"""Safety triage: what a sentence about pain or symptoms means for what the skill may do.

One classifier, driven by per-language data (``content/<lang>/triage.yaml``): phrases, word
stems and term lists for each red-flag category, spreading and sharp pain, negations and
harmless near-misses. Every handler that receives free text about symptoms asks it.

Outcomes, strictest first: ``emergency`` and ``doctor_today`` (red flags, two tiers),
``spreading`` (pain down a leg: stretching stops), ``sharp`` (stop this exercise), ``unclear``
(ask one screening question), ``harmless``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

CONTENT_DIR = Path(__file__).resolve().parents[1] / "content"

EMERGENCY, DOCTOR_TODAY = "emergency", "doctor_today"
SPREADING, SHARP, UNCLEAR, HARMLESS = "spreading", "sharp", "unclear", "harmless"
RED_FLAG_TIERS = (EMERGENCY, DOCTOR_TODAY)
# Strictest first: a stricter outcome also covers a milder expectation.
SEVERITY = (EMERGENCY, DOCTOR_TODAY, SPREADING, SHARP, UNCLEAR, HARMLESS)

GAP = r"(?:\S+ ){0,4}"  # "..." in a pattern: up to four words in between
MASK = "_"
# Letters a word is made of: German's umlauts too (ß is read as ss).
LETTERS = "a-zäöü'"


@dataclass(frozen=True)
class Verdict:
    outcome: str
    category: str = ""  # the red-flag category, when there is one
    matched: str = ""  # the words that decided it (for logs of tests, never of people)

    @property
    def is_red_flag(self) -> bool:
        return self.outcome in RED_FLAG_TIERS

    def at_least(self, outcome: str) -> bool:
        """True when this verdict is as strict as ``outcome`` or stricter."""
        return SEVERITY.index(self.outcome) <= SEVERITY.index(outcome)


@dataclass(frozen=True)
class _Rule:
    category: str
    outcome: str
    regex: re.Pattern[str]


_ADVERB_AFTER_CANT = re.compile(
    r"\b(can't|couldn't) (?:really|properly|quite|fully|totally|completely|actually) "
)
# Zero-width spaces, joiners and marks that print as nothing.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def normalize(text: str) -> str:
    """Lower case, plain apostrophes, common contractions in one spelling, single spaces."""
    # Full-width and other compatibility forms as their plain letters; zero-width marks out.
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE)
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("ß", "ss")
    text = re.sub(r"[^a-z0-9äöü' ]+", " ", text)
    text = re.sub(r"\bcan ?not\b", "can't", text)
    text = re.sub(r"\bcant\b", "can't", text)
    text = re.sub(r"\bdont\b", "don't", text)
    text = re.sub(r"\bwont\b", "won't", text)
    text = re.sub(r"\bi am\b", "i'm", text)
    text = re.sub(r"\bit is\b", "it's", text)
    text = re.sub(r"\bis not\b", "isn't", text)
    text = re.sub(r"\bare not\b", "aren't", text)
    text = re.sub(r"\bdo not\b", "don't", text)
    text = re.sub(r"\bwill not\b", "won't", text)
    # A hedge inside a sentence does not change what it says ("feel kind of dead").
    text = re.sub(r"\b(?:kind of|sort of|kinda|sorta)\b", " ", text)
    # Nor does an adverb after a "can't": "I can't really control my bladder".
    text = _ADVERB_AFTER_CANT.sub(r"\1 ", text)
    return " ".join(_short_is(text).split())


# "my leg's gone numb": the short "is" or "has" after a noun stands apart, so that the noun
# reads as itself; "it's", "that's", "there's" and the like keep their one spelling.
_SHORT_IS = re.compile(r"\b(?!(?:it|that|there|what|here|he|she|who|let|where|how|one)'s\b)([a-z]+)'s\b")


def _short_is(text: str) -> str:
    return _SHORT_IS.sub(r"\1 's", text)


class Triage:
    """A compiled classifier for one language's triage data."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._terms: dict[str, str] = {}
        for name, phrases in (data.get("terms") or {}).items():
            self._terms[name] = "(?:" + "|".join(self._phrase(p) for p in phrases) + ")"
        self._masks = [
            self._compile(p) for p in [*(data.get("near_misses") or []), *(data.get("negations") or [])]
        ]
        self.tiers: dict[str, str] = {}
        self._rules: list[_Rule] = []
        for category, body in (data.get("categories") or {}).items():
            tier = body["tier"]
            if tier not in RED_FLAG_TIERS:
                raise ValueError(f"triage category {category}: unknown tier {tier!r}")
            self.tiers[category] = tier
            self._rules += [_Rule(category, tier, self._compile(p)) for p in body["patterns"]]
        for outcome in (SPREADING, SHARP, UNCLEAR):
            patterns = (data.get(outcome) or {}).get("patterns") or []
            self._rules += [_Rule("", outcome, self._compile(p)) for p in patterns]
        self.slot_senses: dict[str, str] = dict(data.get("slot_senses") or {})
        self._conditionals = [self._compile(p) for p in data.get("conditionals") or []]
        # Spoken forms read as their standard spelling, word for word ("nich" as "nicht").
        self._spellings: dict[str, str] = {str(k): str(v) for k, v in (data.get("spellings") or {}).items()}

    def _word(self, token: str) -> str:
        if token.startswith("{") and token.endswith("}"):
            name = token[1:-1]
            if name not in self._terms:
                raise ValueError(f"triage pattern uses unknown term {token}")
            return self._terms[name]
        # "*stem*" also matches inside a word, as German compounds need ("Taubheitsgefühl").
        inside = rf"[{LETTERS}]*" if token.startswith("*") and len(token) > 1 else ""
        token = token[1:] if inside else token
        if token.endswith("*"):
            return inside + re.escape(token[:-1]) + rf"[{LETTERS}]*"
        return inside + re.escape(token)

    def _phrase(self, phrase: str) -> str:
        return " ".join(self._word(token) for token in normalize_pattern(phrase).split())

    def _compile(self, pattern: str) -> re.Pattern[str]:
        tokens = normalize_pattern(pattern).split()
        anchored = bool(tokens) and tokens[0] == "^"
        tokens = tokens[1:] if anchored else tokens
        if not tokens or tokens[0] == "..." or tokens[-1] == "...":
            raise ValueError(f"triage pattern {pattern!r}: a gap must sit between words")
        out = self._word(tokens[0])
        for previous, token in zip(tokens, tokens[1:], strict=False):
            if token == "...":
                out += " " + GAP
            elif previous == "...":
                out += self._word(token)
            else:
                out += " " + self._word(token)
        return re.compile(("^" if anchored else rf"(?<![{LETTERS}])") + out + rf"(?![{LETTERS}])")

    def masked(self, text: str) -> str:
        """The sentence with near-misses and negated phrases taken out."""
        text = normalize(text)
        if self._spellings:
            text = " ".join(self._spellings.get(word, word) for word in text.split())
        for mask in self._masks:
            text = mask.sub(MASK, text)
        return text

    def classify(self, text: str | None) -> Verdict:
        if not text or not text.strip():
            return Verdict(HARMLESS)
        masked = self.masked(text)
        for rule in self._rules:
            found = rule.regex.search(masked)
            if found:
                if rule.outcome in RED_FLAG_TIERS and self._conditional(masked[: found.start()]):
                    # "come back if my legs go numb", "what if ...": ask whether it is so now.
                    return Verdict(UNCLEAR, "", found.group(0))
                return Verdict(rule.outcome, rule.category, found.group(0))
        return Verdict(HARMLESS)

    def _conditional(self, before: str) -> bool:
        return any(frame.search(before) for frame in self._conditionals)

    def read_slot(self, slot_name: str, heard: str) -> str:
        """How a slot's value reads as a sentence (``my {} is numb`` for numb_part)."""
        sense = self.slot_senses.get(slot_name)
        return heard if sense is None else sense.format(heard)

    def tier(self, category: str) -> str:
        return self.tiers.get(category, DOCTOR_TODAY)


def normalize_pattern(pattern: str) -> str:
    """Patterns are normalised like sentences, keeping their own marks (* { } ... ^)."""
    text = pattern.lower().replace("\u2019", "'").replace("ß", "ss")
    text = re.sub(r"\bcan ?not\b", "can't", text)
    return " ".join(_short_is(text).split())


def _read(path: Path) -> dict[str, Any]:
    import yaml  # here, not at import: the server starts without the parser

    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


@cache
def for_locale(locale: str) -> Triage:
    """The triage for a locale: the region's file if it has one, else its language's."""
    language = locale.split("-")[0]
    for folder in (CONTENT_DIR / locale, CONTENT_DIR / language):
        path = folder / "triage.yaml"
        if path.is_file():
            return Triage(_read(path))
    return Triage(_read(CONTENT_DIR / "en" / "triage.yaml"))
