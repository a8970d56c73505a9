"""Resolve what a person says to an intent and slots, from the interaction model itself.

The model's sample utterances are compiled once into patterns; custom slot values and
synonyms give entity resolution as Alexa reports it; built-in intents get their usual
phrasings; AMAZON.NUMBER, AMAZON.DURATION and AMAZON.DATE accept spoken forms. What
matches nothing goes to AMAZON.FallbackIntent, as on a device.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from skill.domain import spoken

MODELS_DIR = Path(__file__).resolve().parents[2] / "interaction_models"
PACKAGE_MODELS_DIR = Path(__file__).resolve().parents[2] / "skill-package" / "interactionModels" / "custom"
FALLBACK = "AMAZON.FallbackIntent"
MATCH, NO_MATCH = "ER_SUCCESS_MATCH", "ER_SUCCESS_NO_MATCH"

# What people usually say for the built-in intents (Alexa trains these itself).
BUILT_IN_PHRASES: dict[str, tuple[str, ...]] = {
    "AMAZON.NextIntent": (
        "next",
        "next one",
        "go on",
        "continue",
        "keep going",
        "move on",
        "go to the next one",
        "next please",
        "carry on",
        "done",
        "i'm done",
        "ok next",
        "okay next",
        "next exercise",
        "next stretch",
    ),
    "AMAZON.PreviousIntent": (
        "previous",
        "go back",
        "back",
        "the previous one",
        "previous one",
        "last one",
        "go back one",
    ),
    "AMAZON.RepeatIntent": (
        "repeat",
        "repeat that",
        "say that again",
        "again",
        "what did you say",
        "come again",
        "pardon",
        "repeat please",
        "one more time",
    ),
    "AMAZON.PauseIntent": (
        "pause",
        "wait",
        "hold on",
        "hang on",
        "pause please",
        "give me a minute",
        "pause the routine",
    ),
    "AMAZON.ResumeIntent": (
        "resume",
        "continue the routine",
        "keep going please",
        "unpause",
        "carry on please",
    ),
    "AMAZON.StartOverIntent": (
        "start over",
        "start again",
        "restart",
        "from the beginning",
        "begin again",
        "start from the beginning",
    ),
    "AMAZON.HelpIntent": (
        "help",
        "help me",
        "what can i say",
        "what can you do",
        "how does this work",
        "i need help",
        "options",
    ),
    "AMAZON.StopIntent": (
        "stop",
        "off",
        "shut up",
        "stop please",
        "that's enough",
        "i'm finished",
        "goodbye",
        "bye",
        "quit",
    ),
    "AMAZON.CancelIntent": ("cancel", "never mind", "nevermind", "forget it", "cancel that"),
    "AMAZON.YesIntent": (
        "yes",
        "yeah",
        "yep",
        "sure",
        "ok",
        "okay",
        "yes please",
        "of course",
        "sounds good",
        "please do",
        "go ahead",
        "alright",
        "all right",
    ),
    "AMAZON.NoIntent": ("no", "nope", "no thanks", "no thank you", "not now", "nah", "i don't think so"),
    "AMAZON.NavigateHomeIntent": ("go home", "home", "main menu", "go to the main menu"),
    "AMAZON.MoreIntent": ("more", "tell me more"),
    "AMAZON.LoopOnIntent": ("loop on", "turn on loop", "loop this"),
    "AMAZON.LoopOffIntent": ("loop off", "turn off loop", "stop looping"),
    "AMAZON.ShuffleOnIntent": ("shuffle on", "turn on shuffle", "shuffle"),
    "AMAZON.ShuffleOffIntent": ("shuffle off", "turn off shuffle", "stop shuffling"),
}
_LAUNCH_VERBS = "open|launch|start|begin|load|run|use|talk to|play"
_ONE_SHOT_JOINERS = r"(?:to |for |about |that |if |whether |and )?"

# German: what Alexa's de-DE built-in intents usually hear.
GERMAN_BUILT_IN_PHRASES: dict[str, tuple[str, ...]] = {
    "AMAZON.NextIntent": (
        "weiter",
        "nächste",
        "die nächste",
        "nächste übung",
        "die nächste übung",
        "zur nächsten übung",
        "weiter bitte",
        "weitermachen",
        "mach weiter",
        "geh weiter",
        "fertig",
        "bin fertig",
        "okay weiter",
        "ok weiter",
        "und weiter",
        "nächster",
        "überspringen",
    ),
    "AMAZON.PreviousIntent": (
        "zurück",
        "geh zurück",
        "vorherige",
        "die vorherige",
        "vorherige übung",
        "eins zurück",
    ),
    "AMAZON.RepeatIntent": (
        "wiederholen",
        "wiederhole",
        "wiederhol das",
        "noch mal",
        "nochmal",
        "noch einmal",
        "sag das nochmal",
        "wie bitte",
        "was hast du gesagt",
        "bitte wiederholen",
    ),
    "AMAZON.PauseIntent": (
        "pause",
        "pausieren",
        "pausiere",
        "warte",
        "moment",
        "einen moment",
        "halt mal kurz",
        "pause bitte",
        "mach pause",
        "mach mal pause",
        "kurze pause",
        "anhalten",
    ),
    "AMAZON.ResumeIntent": ("fortsetzen", "weiter machen", "setz fort", "mach weiter bitte", "fortfahren"),
    "AMAZON.StartOverIntent": (
        "von vorne",
        "von vorn",
        "neu starten",
        "noch mal von vorne",
        "fang von vorne an",
        "von anfang an",
        "neustart",
    ),
    "AMAZON.HelpIntent": ("hilfe", "hilf mir", "was kann ich sagen", "was kannst du", "wie funktioniert das"),
    "AMAZON.StopIntent": (
        "stopp",
        "stop",
        "halt",
        "aus",
        "aufhören",
        "hör auf",
        "beenden",
        "ende",
        "schluss",
        "tschüss",
        "tschüs",
        "auf wiedersehen",
        "stopp bitte",
        "das reicht",
    ),
    "AMAZON.CancelIntent": ("abbrechen", "abbruch", "vergiss es", "egal", "lass es", "brich ab"),
    "AMAZON.YesIntent": (
        "ja",
        "ja bitte",
        "jawohl",
        "jo",
        "jep",
        "klar",
        "gerne",
        "gern",
        "okay",
        "ok",
        "genau",
        "sicher",
        "na klar",
        "auf jeden fall",
        "passt",
        "gut",
        "in ordnung",
        "mach das",
    ),
    "AMAZON.NoIntent": ("nein", "nö", "nee", "ne", "nein danke", "jetzt nicht", "lieber nicht", "eher nicht"),
    "AMAZON.NavigateHomeIntent": ("startseite", "hauptmenü", "zum hauptmenü"),
    "AMAZON.MoreIntent": ("mehr", "erzähl mir mehr"),
    "AMAZON.LoopOnIntent": ("schleife an", "wiederholung an"),
    "AMAZON.LoopOffIntent": ("schleife aus", "wiederholung aus"),
    "AMAZON.ShuffleOnIntent": ("zufallswiedergabe an", "mischen"),
    "AMAZON.ShuffleOffIntent": ("zufallswiedergabe aus", "nicht mischen"),
}
_GERMAN_LAUNCH_VERBS = "öffne|öffnen|starte|starten|start|aktiviere|spiele|spiel|frag|frage|sag|sage"
_GERMAN_ONE_SHOT_VERBS = "frag|frage|sag|sage|bitte|öffne|starte"
_GERMAN_ONE_SHOT_JOINERS = r"(?:nach |ob |dass |und |zu )?"


@dataclass(frozen=True)
class SlotValue:
    """One slot as Alexa fills it: what was heard, the value sent, and entity resolution."""

    name: str
    type: str
    heard: str
    value: str
    status: str = ""  # ER_SUCCESS_MATCH / ER_SUCCESS_NO_MATCH for custom types
    resolved_id: str = ""
    resolved_name: str = ""

    @property
    def matched(self) -> bool:
        return self.status != NO_MATCH


@dataclass(frozen=True)
class Resolution:
    """What Alexa would send for one utterance."""

    utterance: str
    request_type: str  # LaunchRequest, IntentRequest or SessionEndedRequest
    intent: str = ""
    slots: dict[str, SlotValue] = field(default_factory=dict)
    opens_skill: bool = False  # "open/ask/tell <invocation name>": a new session
    sample: str = ""  # the pattern that matched, for display
    dialog_state: str = "STARTED"
    empty_slots: tuple[str, ...] = ()

    def slot_summary(self) -> dict[str, str]:
        return {name: (s.resolved_id or s.value) for name, s in self.slots.items()}


@dataclass(frozen=True)
class Elicitation:
    """A Dialog.ElicitSlot from the last response: the next answer fills this slot."""

    intent: str
    slot: str
    slots: dict[str, str] = field(default_factory=dict)  # values already filled


@dataclass
class _Pattern:
    intent: str
    text: str
    regex: re.Pattern[str]
    slot_names: tuple[str, ...]
    literals: int


def normalize(text: str) -> str:
    text = text.lower().replace("\u2019", "'")
    text = re.sub(r"[^a-z0-9äöüß'{}_\- ]+", " ", text)
    return " ".join(text.replace(" - ", " ").split())


class Resolver:
    """Resolves utterances for one locale's interaction model."""

    def __init__(
        self, model: dict[str, Any], skill_id: str = "", today: date | None = None, language_code: str = "en"
    ) -> None:
        language = model["interactionModel"]["languageModel"]
        german = language_code == "de"
        self.language_code = language_code
        self.invocation = normalize(language["invocationName"])
        self.skill_id = skill_id
        self.today = today
        self.slot_types: dict[str, dict[str, str]] = {}
        self._intent_slots: dict[str, dict[str, str]] = {}
        self._slot_samples: dict[tuple[str, str], list[_Pattern]] = {}
        self._values: dict[str, dict[str, tuple[str, str]]] = {}
        for slot_type in language.get("types", []):
            table: dict[str, tuple[str, str]] = {}
            for value in slot_type["values"]:
                name = value["name"]["value"]
                ident = value.get("id") or name
                for said in [name, *value["name"].get("synonyms", [])]:
                    table.setdefault(normalize(said), (ident, name))
            self._values[slot_type["name"]] = table
        self._exact: dict[str, tuple[str, str]] = {}
        self._patterns: list[_Pattern] = []
        present = {intent["name"] for intent in language["intents"]}
        custom_samples: set[str] = set()
        for intent in language["intents"]:
            slots = {s["name"]: s["type"] for s in intent.get("slots", [])}
            self._intent_slots[intent["name"]] = slots
            for sample in intent.get("samples", []):
                custom_samples.add(normalize(sample))
                self._add(intent["name"], sample, slots)
            for slot in intent.get("slots", []):
                prompts = [*slot.get("samples", []), "{" + slot["name"] + "}"]
                self._slot_samples[(intent["name"], slot["name"])] = [
                    self._compile(intent["name"], s, slots) for s in prompts
                ]
        for name, phrases in (GERMAN_BUILT_IN_PHRASES if german else BUILT_IN_PHRASES).items():
            if name in present:
                for phrase in phrases:
                    if normalize(phrase) not in custom_samples:
                        self._add(name, phrase, {})
        inv = re.escape(self.invocation)
        if german:
            self._launch = re.compile(
                rf"^(?:{_GERMAN_LAUNCH_VERBS}) (?:den |die |das )?{inv}(?: bitte| skill)?$"
            )
            self._one_shot = re.compile(
                rf"^(?:{_GERMAN_ONE_SHOT_VERBS}) (?:den |die |das )?{inv},? "
                rf"{_GERMAN_ONE_SHOT_JOINERS}(?P<rest>.+)$"
            )
            self._one_shot_after = re.compile(rf"^(?P<rest>.+) (?:mit|bei|von) {inv}$")
            return
        self._launch = re.compile(rf"^(?:{_LAUNCH_VERBS}|ask|tell) (?:the )?{inv}(?: please| skill)?$")
        self._one_shot = re.compile(
            rf"^(?:ask|tell|open|launch|start|use) (?:the )?{inv} {_ONE_SHOT_JOINERS}(?P<rest>.+)$"
        )
        self._one_shot_after = re.compile(rf"^(?P<rest>.+) (?:using|with|from|on) (?:the )?{inv}$")

    @classmethod
    def for_locale(
        cls,
        locale: str = "en-US",
        skill_id: str = "",
        models_dir: Path | None = None,
        today: date | None = None,
    ) -> Resolver:
        if not re.fullmatch(r"[a-z]{2}-[A-Z]{2}", locale):
            raise ValueError(f"not a locale: {locale!r}")
        path = (models_dir or MODELS_DIR) / f"{locale}.json"
        if models_dir is None and not path.exists():
            path = PACKAGE_MODELS_DIR / f"{locale}.json"  # regional models are built from en-US
        return cls(_load_model(str(path)), skill_id, today, locale.split("-")[0])

    def _add(self, intent: str, sample: str, slots: dict[str, str]) -> None:
        text = normalize(sample)
        if "{" not in text:
            self._exact.setdefault(text, (intent, sample))
        else:
            self._patterns.append(self._compile(intent, sample, slots))

    def _compile(self, intent: str, sample: str, slots: dict[str, str]) -> _Pattern:
        parts, names, literals = [], [], 0
        for token in normalize(sample).split():
            found = re.fullmatch(r"\{(\w+)\}", token)
            if found:
                if found.group(1) not in slots:
                    raise ValueError(f"{intent}: sample {sample!r} uses undeclared slot {token}")
                names.append(found.group(1))
                parts.append(f"(?P<s{len(names) - 1}>.+?)")
            else:
                literals += 1
                parts.append(re.escape(token))
        return _Pattern(intent, sample, re.compile("^" + " ".join(parts) + "$"), tuple(names), literals)

    def resolve(
        self, utterance: str, elicit: Elicitation | None = None, today: date | None = None
    ) -> Resolution:
        """The request Alexa would send for ``utterance``; ``elicit`` is the open ElicitSlot, if any."""
        text = normalize(utterance)
        text = re.sub(r"^alexa,? ", "", text)
        today = today or self.today or date.today()
        if self._launch.match(text):
            return Resolution(utterance, "LaunchRequest", opens_skill=True)
        for pattern in (self._one_shot, self._one_shot_after):
            found = pattern.match(text)
            if found:
                inner = self._intent(found.group("rest"), None, today)
                return Resolution(
                    utterance,
                    inner.request_type,
                    inner.intent,
                    inner.slots,
                    True,
                    inner.sample,
                    inner.dialog_state,
                    inner.empty_slots,
                )
        if text in {"exit", "alexa exit"}:
            return Resolution(utterance, "SessionEndedRequest")
        return self._intent(text, elicit, today)

    def _intent(self, text: str, elicit: Elicitation | None, today: date) -> Resolution:
        if elicit is not None:
            answer = self._answer_elicitation(text, elicit, today)
            if answer is not None:
                return answer
        if text in self._exact:
            intent, sample = self._exact[text]
            return self._resolution(text, intent, {}, sample)
        best: tuple[tuple[int, int, int], _Pattern, dict[str, SlotValue]] | None = None
        for pattern in self._patterns:
            found = pattern.regex.match(text)
            if not found:
                continue
            slots = self._fill(pattern, found, today)
            if slots is None:
                continue
            unmatched = sum(not s.matched for s in slots.values())
            if unmatched and not pattern.literals:
                continue  # a bare "{slot}" sample needs a known value
            score = (-unmatched, pattern.literals, -len(slots))
            if best is None or score > best[0]:
                best = (score, pattern, slots)
        if best is None:
            return self._resolution(text, FALLBACK, {}, "")
        return self._resolution(text, best[1].intent, best[2], best[1].text)

    def _answer_elicitation(self, text: str, elicit: Elicitation, today: date) -> Resolution | None:
        for pattern in self._slot_samples.get((elicit.intent, elicit.slot), []):
            found = pattern.regex.match(text)
            slots = self._fill(pattern, found, today) if found else None
            if slots and all(s.matched for s in slots.values()):
                kept = {
                    name: self._slot_value(name, self._intent_slots[elicit.intent][name], value, today)
                    for name, value in elicit.slots.items()
                    if name != elicit.slot and value and name in self._intent_slots[elicit.intent]
                }
                filled = {**{k: v for k, v in kept.items() if v is not None}, **slots}
                return self._resolution(text, elicit.intent, filled, pattern.text, "IN_PROGRESS")
        return None

    def _fill(self, pattern: _Pattern, found: re.Match[str], today: date) -> dict[str, SlotValue] | None:
        slots: dict[str, SlotValue] = {}
        types = self._intent_slots[pattern.intent]
        for index, name in enumerate(pattern.slot_names):
            value = self._slot_value(name, types[name], found.group(f"s{index}"), today)
            if value is None:
                return None
            slots[name] = value
        return slots

    def _slot_value(self, name: str, slot_type: str, heard: str, today: date) -> SlotValue | None:
        if slot_type in self._values:
            hit = self._values[slot_type].get(normalize(heard))
            if hit is None:
                return SlotValue(name, slot_type, heard, heard, NO_MATCH)
            return SlotValue(name, slot_type, heard, heard, MATCH, hit[0], hit[1])
        parsers = {
            "AMAZON.NUMBER": spoken.parse_number,
            "AMAZON.DURATION": spoken.parse_duration,
            "AMAZON.DATE": lambda words: spoken.parse_date(words, today),
            "AMAZON.TIME": spoken.parse_time,
        }
        parser = parsers.get(slot_type)
        if parser is None:
            return SlotValue(name, slot_type, heard, heard)  # free-form built-in types
        value = parser(heard)
        return None if value is None else SlotValue(name, slot_type, heard, value)

    def _resolution(
        self, text: str, intent: str, slots: dict[str, SlotValue], sample: str, state: str = "STARTED"
    ) -> Resolution:
        empty = tuple(name for name in self._intent_slots.get(intent, {}) if name not in slots)
        return Resolution(text, "IntentRequest", intent, slots, False, sample, state, empty)

    def samples(self) -> list[tuple[str, str]]:
        """(intent, sample) for every custom sample utterance in the model, for tests."""
        exact = [(intent, sample) for intent, sample in self._exact.values()]
        return exact + [(p.intent, p.text) for p in self._patterns]

    def example_value(self, slot_type: str) -> str:
        """A real spoken value of a slot type, to fill sample placeholders in tests."""
        if slot_type in self._values:
            return next(iter(self._values[slot_type]))
        if self.language_code == "de":
            return {
                "AMAZON.NUMBER": "sieben",
                "AMAZON.DURATION": "zwanzig minuten",
                "AMAZON.DATE": "gestern",
                "AMAZON.TIME": "halb acht",
            }.get(slot_type, "irgendwas")
        return {
            "AMAZON.NUMBER": "seven",
            "AMAZON.DURATION": "twenty minutes",
            "AMAZON.DATE": "yesterday",
            "AMAZON.TIME": "seven thirty pm",
        }.get(slot_type, "something")

    def slot_types_of(self, intent: str) -> dict[str, str]:
        return dict(self._intent_slots.get(intent, {}))

    def authority(self, slot_type: str) -> str:
        return f"amzn1.er-authority.echo-sdk.{self.skill_id}.{slot_type}"


@lru_cache(maxsize=8)
def _load_model(path: str) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError:
        raise ValueError(f"no interaction model at {path}") from None
