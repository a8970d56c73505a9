"""Resolve what a person says to an intent and slots, from the interaction model itself.

The model's sample utterances are compiled once into patterns; custom slot values and
synonyms give entity resolution as Alexa reports it; built-in intents get their usual
phrasings; AMAZON.NUMBER, AMAZON.DURATION and AMAZON.DATE accept spoken forms. What
matches nothing goes to AMAZON.FallbackIntent, as on a device.

Modelling rules, each a small step toward Alexa's statistical NLU and no further:

1. Built-in intents hear their everyday phrasings (``BUILT_IN_PHRASES``). Amazon trains
   Stop, Cancel, Pause, Resume, Next, Repeat, Help, Yes, No and StartOver on far more
   than a skill lists; the list holds only phrasings that mean that one command and
   nothing else ("turn it off", "let's call it a day", "hold up"). A custom sample with
   the same words wins, as it does on Alexa, where samples extend a built-in intent.
2. Filler around a command is not heard as meaning (``strip_filler``): a few words people
   put before or after what they want ("okay", "um", "alright", "so", "please", "now",
   "just", "then", "for me", "i think", a polite "can you", a closing "thanks"),
   softeners inside ("really", "so", "a bit", "kind of") and hesitations anywhere ("um",
   "uh", "er"). Alexa's NLU does not need a sample per filler. The simulator first tries
   the words as said, and tries other forms (rules 2, 3, 4 and 6) only when those match
   nothing, or match only through a slot value the model does not list; another form then
   counts only if it matches fully. It never drops a word that follows a negation ("not
   now", "don't just stop", "nothing right now" keep every word), never drops "yes", "no",
   "not" or "don't", and never leaves nothing: the filler rule cannot turn a refusal into
   a command, and "don't stop" stays unheard.
3. A stutter (the same word twice in a row, "i i need to stop") is heard once, again only
   when the words as said match nothing; samples that repeat a word on purpose ("ow ow")
   still match first.
4. A listed slot value said with a short carrier ("let's do quick relief", "i'd like
   child's pose") is heard as the intent whose sample is that bare slot, when nothing
   else matches. Alexa recognises listed values strongly and learns carriers from the
   other samples; the model itself keeps no catch-all "let's do {routine}" sample, and
   the carrier must leave exactly a listed value or synonym (``CARRIERS``), so "let's do
   something gentler" or "i want to stop" can never become a routine.
5. Two samples that differ only in their slot's type, with a value listed in neither
   ("should i use a pain relief cream": ``{kind}`` or ``{medication}``), go to the slot
   type whose listed values share words with what was said, as Alexa's slot model
   weighs a value by its likeness to the listed ones. Before that, a sentence that fits a
   RedFlagIntent frame as well as another intent's goes to RedFlagIntent, whose classifier
   reads the words (safety first; a harmless sentence is answered there as not understood).
6. Spoken forms count as the same words: contractions ("i am" / "i'm", "do not" /
   "don't"), "gonna" / "going to", in English "an" / "a" ("about an eight"), and a few
   words that stand for each other in a command ("this" / "that", "one" / "exercise" /
   "stretch", "can" / "could"). Negations survive every form ("do not" becomes "don't",
   never nothing). Softeners inside a sentence ("really", "so", "a bit", "kind of") count
   as filler under rule 2.
7. A sentence close to one sample in its weighted words is heard as that sample's intent
   (``NearestSample``): Alexa's statistical model generalises from samples to sentences
   that share most of their telling words ("how much time is left in this" after "how
   much time is left"). Words count by how few intents use them (an inverse document
   frequency over intents), so "the" or "i" weigh little and "stop" or "gentler" much. A
   sentence is heard only when its best sample shares at least ``NEAR_ENOUGH`` of the
   weight of the two together, when no other intent comes within ``NEAR_MARGIN``, and
   when both say the same negation words ("don't stop" is never near "stop") and the
   sentence has every intensifier the sample has ("it's sore" is never near "it's really
   sore": a sample's "really" is part of what it means). It never
   reaches samples with slots (a value must be heard to be sent), never RedFlagIntent
   (a symptom is sent only as a slot value, so the triage classifier reads it), and never
   replaces a red-flag match.

8. A sentence that matches nothing else, and shares a telling word with the listed values
   of a red-flag intent's bare ``{symptom}`` slot ("i had a nasty fall at work" and "a
   bad fall"), fills that slot with the whole sentence (``SymptomLikeness``), so the triage
   classifier reads it. Alexa fills a bare custom slot with unlisted words far more freely
   (the classic catch-all); the simulator asks for a word, not a grammar word, that at
   most ``TELLING_USES`` other intents say in their samples, and tries it only after rule
   7 found no sample close enough, so it stays stricter than Alexa. A harmless sentence
   heard this way is answered as not understood, as the fallback would be.

What the simulator does not model, so stays stricter than Alexa: paraphrases that share
few of a sample's telling words, misrecognised words, and custom slot values far from
any listed one in a bare ``{slot}`` sample (other than rule 8's).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field, replace
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
        "move on",
        "go to the next one",
        "next please",
        "done",
        "i'm done",
        "ok next",
        "okay next",
        "next exercise",
        "next stretch",
        "next one please",
        "go to the next",
        "skip to the next one",
        "let's move on",
        "moving on",
    ),
    "AMAZON.PreviousIntent": (
        "previous",
        "go back",
        "back",
        "the previous one",
        "previous one",
        "last one",
        "go back one",
        "go back a step",
        "back up",
        "the one before",
        "previous please",
        "go to the previous one",
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
        "say again",
        "repeat it",
        "once more",
        "can you repeat that",
        "could you repeat that",
        "sorry what",
        "i didn't catch that",
        "i missed that",
        "what was that",
        "say that one more time",
    ),
    "AMAZON.PauseIntent": (
        "pause",
        "wait",
        "hold on",
        "hang on",
        "pause please",
        "give me a minute",
        "pause the routine",
        "pause that",
        "pause this",
        "hold it",
        "hold up",
        "wait a second",
        "wait a sec",
        "one sec",
        "one second",
        "just a second",
        "just a sec",
        "hang on a sec",
        "hang on a second",
        "give me a sec",
        "hold on a minute",
        "hold on a sec",
        "pause for a moment",
        "pause for a minute",
        "time out",
        "break time",
        "wait a moment",
        "can you pause",
    ),
    # "Continue" and "keep going" are the built-in's documented utterances; the model's own
    # resume samples say "carry on".
    "AMAZON.ResumeIntent": (
        "resume",
        "continue",
        "keep going",
        "carry on",
        "continue the routine",
        "keep going please",
        "unpause",
        "carry on please",
        "resume please",
        "resume it",
        "let's resume",
        "unpause it",
        "keep it going",
        "start it back up",
        "back to it",
        "i'm ready again",
        "continue please",
    ),
    "AMAZON.StartOverIntent": (
        "start over",
        "start again",
        "restart",
        "from the beginning",
        "begin again",
        "start from the beginning",
        "start from scratch",
        "go back to the start",
        "back to the start",
        "let's start from the beginning",
        "restart it",
        "start it again",
    ),
    "AMAZON.HelpIntent": (
        "help",
        "help me",
        "what can i say",
        "what can you do",
        "how does this work",
        "i need help",
        "options",
        "can you help me",
        "help please",
        "what do i do here",
        "i'm lost",
        "how do i use this skill",
        "what am i supposed to say",
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
        "stop it",
        "stop that",
        "enough",
        "be quiet",
        "quiet",
        "silence",
        "stop talking",
        "turn off",
        "turn it off",
        "switch off",
        "switch it off",
        "shut it off",
        "end it",
        "finished",
        "we're finished",
        "i'm finished now",
        "all done",
        "we're all done",
        "that's all",
        "that'll do",
        "that will do",
        "i need to stop",
        "i have to stop",
        "i've got to stop",
        "i gotta stop",
        "call it a day",
        "let's call it a day",
        "let's leave it there",
        "let's end here",
        "leave it there",
        "good night",
        "goodnight",
        "see you later",
        "bye bye",
    ),
    "AMAZON.CancelIntent": (
        "cancel",
        "never mind",
        "nevermind",
        "forget it",
        "cancel that",
        "cancel it",
        "cancel please",
        "forget that",
        "scratch that",
        "don't bother",
        "i changed my mind",
    ),
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
        "yup",
        "uh huh",
        "certainly",
        "sure go ahead",
        "why not",
        "that's right",
        "correct",
    ),
    "AMAZON.NoIntent": (
        "no",
        "nope",
        "no thanks",
        "no thank you",
        "not now",
        "nah",
        "i don't think so",
        "no way",
        "nah thanks",
        "no not really",
        "not at the moment",
        "not right now",
        "negative",
    ),
    "AMAZON.NavigateHomeIntent": ("go home", "home", "main menu", "go to the main menu"),
    "AMAZON.MoreIntent": ("more", "tell me more"),
    "AMAZON.LoopOnIntent": ("loop on", "turn on loop", "loop this"),
    "AMAZON.LoopOffIntent": ("loop off", "turn off loop", "stop looping"),
    "AMAZON.ShuffleOnIntent": ("shuffle on", "turn on shuffle", "shuffle"),
    "AMAZON.ShuffleOffIntent": ("shuffle off", "turn off shuffle", "stop shuffling"),
}
# Rule 2: words around a command that carry no meaning (see the module docstring).
LEADING_FILLER: tuple[str, ...] = (
    "okay so",
    "ok so",
    "okay then",
    "okay",
    "ok",
    "alright",
    "all right",
    "so",
    "well",
    "oh",
    "right",
    "hey",
    "please",
    "now",
    "just",
    "then",
    "actually",
    "and",
    "sorry",
    "excuse me",
    "i mean",
    "i think",
    "i guess",
    "i reckon",
    "honestly",
    "to be honest",
    "can you",
    "could you",
    "would you",
    "will you",
    # cries of pain or surprise, English and German ("argh that hurts"); "ow" and "au" are
    # samples of their own
    "argh",
    "ah",
    "ahh",
    "aah",
    "ugh",
    "oof",
    "ooh",
    "oh god no",
    "oh god",
    "oh no",
    "oh my god",
    "gosh",
    "jeez",
    "autsch",
    "aua",
    "boah",
    "oh mann",
    # German openers that carry no command ("also, die schnelle Hilfe", "ach, hör auf")
    "also",
    "ach",
    "naja",
    "tja",
)
# "oh god no" goes whole, before "oh" alone could leave "god no".
_LEADING_LONGEST_FIRST = tuple(sorted(LEADING_FILLER, key=lambda filler: -len(filler.split())))
TRAILING_FILLER: tuple[str, ...] = (
    "alexa",
    "please",
    "right now",
    "now",
    "then",
    "okay",
    "ok",
    "alright",
    "for me",
    "today",
    "this morning",
    "tonight",
    "i think",
    "i guess",
    "i reckon",
    "to be honest",
    "honestly",
    "thank you",
    "thanks",
    # German
    "bitte",
    "glaub ich",
    "würd ich sagen",
    "würde ich sagen",
    "oder so",
)
_TRAILING_LONGEST_FIRST = tuple(sorted(TRAILING_FILLER, key=lambda filler: -len(filler.split())))
# Rule 4: carriers that may come before a bare listed value ("let's do {routine}").
CARRIERS: tuple[str, ...] = (
    "let's do",
    "let's try",
    "let's go with",
    "i'd like to do",
    "i'd like",
    "i want to do",
    "i want",
    "can we do",
    "can i do",
    "can we try",
    "give me",
    "how about",
    "i'll do",
    "do",
    "try",
)
_FUNCTION_WORDS = frozenset({"a", "an", "the", "my", "some", "of", "for", "on", "in", "to", "it", "at", "i"})
# English and German ("ähm, sechs")
HESITATIONS = frozenset({"um", "umm", "uh", "uhh", "er", "erm", "hmm", "mm", "eh", "ähm", "äh", "öhm", "hm"})
INNER_FILLER = frozenset({"just", "please", "really", "so", "very", "way", "pretty", "quite"})
INNER_FILLER_RUNS: tuple[tuple[str, ...], ...] = (
    ("a", "little", "bit"),
    ("a", "little"),
    ("a", "bit"),
    ("kind", "of"),
    ("sort", "of"),
)
# A filler right after one of these is part of what is meant ("not now", "don't just stop").
NEGATIONS = frozenset({"no", "not", "don't", "never", "can't", "cannot", "won't", "nothing", "without"})
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


def strip_filler(text: str) -> str:
    """``text`` (normalised) without filler and stutters; what is left is never empty.

    Rules 2 and 3 of the module docstring: hesitations anywhere, a repeated word once,
    "just" / "please" inside, and a few words at either end. A word after a negation stays.
    """
    words: list[str] = []
    for word in text.split():
        after_negation = bool(words) and words[-1] in NEGATIONS
        if word in HESITATIONS or (words and word == words[-1]):
            continue
        if word in INNER_FILLER and words and not after_negation:
            continue
        words.append(word)
    words = _without_runs(words)
    changed = True
    while changed and len(words) > 1:
        changed = False
        for filler in _LEADING_LONGEST_FIRST:
            size = len(filler.split())
            if words[:size] == filler.split() and len(words) > size:
                words, changed = words[size:], True
                break
        for filler in _TRAILING_LONGEST_FIRST:
            size = len(filler.split())
            if words[-size:] == filler.split() and len(words) > size:
                if words[-size - 1] in NEGATIONS:
                    break  # "nothing right now" keeps "right now", and so its "now"
                words, changed = words[:-size], True
                break
    return " ".join(words) if words else text


def _without_runs(words: list[str]) -> list[str]:
    """Softeners of more than one word ("a bit", "kind of") inside, never after a negation."""
    out: list[str] = []
    index = 0
    while index < len(words):
        run = next((r for r in INNER_FILLER_RUNS if tuple(words[index : index + len(r)]) == r), None)
        if (
            run
            and out
            and out[-1] not in NEGATIONS
            and index + len(run) < len(words) + 1
            and len(words) > len(run)
        ):
            index += len(run)
            continue
        out.append(words[index])
        index += 1
    return out or words


# Rule 6: the same words in another spoken form, and words that stand for each other.
SPOKEN_FORMS: tuple[tuple[str, str], ...] = (
    ("i am", "i'm"),
    ("it is", "it's"),
    ("that is", "that's"),
    ("we are", "we're"),
    ("you are", "you're"),
    ("let us", "let's"),
    ("do not", "don't"),
    ("cannot", "can't"),
    ("can not", "can't"),
    ("gonna", "going to"),
    ("wanna", "want to"),
    ("what is", "what's"),
    ("how is", "how's"),
    ("i would", "i'd"),
    ("i will", "i'll"),
)
# English only: "an" is "a" before a vowel sound ("it's about an eight" is the sample
# "it's about a {level}"); in German "an" is another word.
ENGLISH_FORMS: tuple[tuple[str, str], ...] = (("an", "a"),)
INTERCHANGEABLE: tuple[frozenset[str], ...] = (
    frozenset({"this", "that"}),
    frozenset({"one", "exercise", "stretch"}),
    frozenset({"can", "could"}),
)
MAX_VARIANTS = 12


def spoken_variants(text: str, english: bool = True) -> list[str]:
    """``text`` in its common spoken forms and with interchangeable words swapped (rule 6)."""
    base = f" {text} "
    for long, short in SPOKEN_FORMS + (ENGLISH_FORMS if english else ()):
        base = base.replace(f" {long} ", f" {short} ")
    words = base.split()
    out = [" ".join(words)] if " ".join(words) != text else []
    for index, word in enumerate(words):
        for group in INTERCHANGEABLE:
            if word in group:
                for other in sorted(group - {word}):
                    out.append(" ".join([*words[:index], other, *words[index + 1 :]]))
    return out[:MAX_VARIANTS]


def normalize(text: str) -> str:
    text = text.lower().replace("\u2019", "'")
    text = re.sub(r"[^a-z0-9äöüß'{}_\- ]+", " ", text)
    return " ".join(text.replace(" - ", " ").split())


NEAR_ENOUGH = 0.6
NEAR_MARGIN = 0.1
RED_FLAG_INTENT = "RedFlagIntent"
NEVER_NEAR = frozenset({RED_FLAG_INTENT, FALLBACK})
# Words that make a sample stronger than a plain sentence: "it's really sore" is a pain
# report, "it's sore" may be a dull ache, so a sentence without them is never near it.
INTENSIFIERS = frozenset({"really", "very", "so", "too", "super", "extremely", "awfully", "terribly"})


class NearestSample:
    """Rule 7: the slotless sample whose rare words a sentence shares, if clearly one."""

    def __init__(self, samples: list[tuple[str, str]]) -> None:
        self._samples = [
            (intent, frozenset(text.split())) for intent, text in samples if intent not in NEVER_NEAR
        ]
        # A word weighs by how few intents use it: "stop" tells, "i" and "the" do not.
        intents_of: dict[str, set[str]] = {}
        for intent, words in self._samples:
            for word in words:
                intents_of.setdefault(word, set()).add(intent)
        total = max(1, len({intent for intent, _ in self._samples}))
        self._weight = {word: math.log(1 + total / len(used)) for word, used in intents_of.items()}
        self._unknown = math.log(1 + total)

    def _weigh(self, words: frozenset[str]) -> float:
        return sum(self._weight.get(word, self._unknown) for word in words)

    def nearest(self, text: str) -> tuple[str, str] | None:
        words = frozenset(text.split())
        if len(words) < 2:
            return None
        negated = words & NEGATIONS
        best: dict[str, tuple[float, frozenset[str]]] = {}
        for intent, sample in self._samples:
            if sample & NEGATIONS != negated or not (sample & INTENSIFIERS) <= words:
                continue
            shared = self._weigh(words & sample) / self._weigh(words | sample)
            if shared > best.get(intent, (0.0, sample))[0]:
                best[intent] = (shared, sample)
        ranked = sorted(best.items(), key=lambda item: item[1][0], reverse=True)
        if not ranked or ranked[0][1][0] < NEAR_ENOUGH:
            return None
        if len(ranked) > 1 and ranked[1][1][0] > ranked[0][1][0] - NEAR_MARGIN:
            return None
        intent, (_, sample) = ranked[0]
        return intent, " ".join(sorted(sample))


# Rule 8: a word is telling for the symptom slot when at most this many other intents use
# it ("foot" is also in "my foot hurts"), and it is not a grammar word.
TELLING_USES = 1
_GRAMMAR_WORDS = frozenset(
    """about after again all also am and any are aren't as away be because been before being below
    both but by came can't cannot come could couldn't did didn't do does doesn't done down
    during each either even ever every from goes going had hasn't have haven't having he her
    here him his how if into is isn't just keeps like makes more most much nothing's now off
    once only or other our out over own reason same she should so still such than that that's
    their them then there these they this those through too trying under until up very was
    wasn't we were what when where which while who why will with won't working would you your""".split()  # noqa: SIM905 (one string reads as the word list it is)
)
_GERMAN_GRAMMAR_WORDS = frozenset(
    """der die das dem den des ein eine einen einem einer eines ich du er sie es wir ihr mich mir
    dich dir sich mein meine meinen meinem meiner meines dein ist bin bist sind war waren hatte
    hatten habe hab hast hat haben wird werde wirst werden wurde wurden und oder aber auch noch
    schon nur sehr so wie was wer wo wann warum nicht kein keine nach vom von zum zur beim ins im
    am an auf aus bei mit seit für über unter vor durch gegen ohne um bis aufs man einfach total
    richtig richtiger immer wieder gerade jetzt heute mal doch ja nein da dann denn wenn weil dass
    ob komme kommt bekomme kriege bleibe gemacht wollen will kann könnte muss soll darf tag weg""".split()  # noqa: SIM905 (as above)
)
GRAMMAR_WORDS = {"en": _GRAMMAR_WORDS, "de": _GERMAN_GRAMMAR_WORDS}


class SymptomLikeness:
    """Rule 8: a sentence that shares a telling word with a bare symptom slot's listed values."""

    def __init__(
        self,
        pattern: _Pattern,
        slot_type: str,
        values: dict[str, tuple[str, str]],
        uses: dict[str, set[str]],
        grammar: frozenset[str],
    ) -> None:
        self.pattern = pattern
        self.slot_type = slot_type
        listed = {word for said in values for word in said.split()}
        self.telling = frozenset(
            word
            for word in listed - _FUNCTION_WORDS - grammar
            if len(uses.get(word, set()) - {pattern.intent}) <= TELLING_USES and not word.isdigit()
        )

    def shares(self, text: str) -> bool:
        # Alexa hears "rear-ended" as the words of "rear ended".
        return bool(self.telling.intersection(text.replace("-", " ").split()))


def _loose(resolution: Resolution) -> bool:
    """Heard only through a slot value the model does not list (ER_SUCCESS_NO_MATCH)."""
    return any(not slot.matched for slot in resolution.slots.values())


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
        self._type_words = {
            name: {w for said in table for w in said.split()} - _FUNCTION_WORDS
            for name, table in self._values.items()
        }
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
        self._near = NearestSample([(intent, text) for text, (intent, _) in self._exact.items()])
        self._symptom = self._symptom_likeness(language)
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

    def _symptom_likeness(self, language: dict[str, Any]) -> SymptomLikeness | None:
        """Rule 8's bare symptom sample, with the words each intent's samples say.

        Words inside other slots' values do not count: "chest" in "knee to chest" names a
        stretch, and a sentence that says the stretch matches its own sample first. Nor do
        an intent's own slot values spelled out in its samples ("worse maybe {level}" is
        "{change} maybe {level}" written out).
        """
        bare = [
            p
            for p in self._patterns
            if p.intent == RED_FLAG_INTENT and not p.literals and len(p.slot_names) == 1
        ]
        if not bare:
            return None
        uses: dict[str, set[str]] = {}
        for intent in language["intents"]:
            own = {
                word
                for slot in intent.get("slots", [])
                for said in self._values.get(slot["type"], {})
                for word in said.split()
            }
            for sample in intent.get("samples", []):
                for word in normalize(sample).split():
                    if word not in own:
                        uses.setdefault(word, set()).add(intent["name"])
        pattern = bare[0]
        slot_type = self._intent_slots[pattern.intent][pattern.slot_names[0]]
        grammar = GRAMMAR_WORDS.get(self.language_code, _GRAMMAR_WORDS)
        return SymptomLikeness(pattern, slot_type, self._values.get(slot_type, {}), uses, grammar)

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
        as_said = self._intent_as_said(text, elicit, today)
        if as_said.intent != FALLBACK and not _loose(as_said):
            return as_said
        # Rules 2, 3, 4 and 6: only when the words as said match nothing, or match only with
        # a slot value the model does not list; then a full match of another form wins.
        plain = strip_filler(text)
        english = self.language_code == "en"
        forms = ([plain] if plain != text else []) + spoken_variants(plain, english)
        for form in forms:
            heard = self._intent_as_said(form, elicit, today)
            if heard.intent != FALLBACK and not _loose(heard):
                return replace(heard, utterance=text)
        with_carrier = self._listed_value_after_carrier(plain, today)
        if with_carrier is not None:
            return replace(with_carrier, utterance=text)
        if as_said.intent in NEVER_NEAR - {FALLBACK}:
            return as_said  # rule 7 never replaces a red-flag match
        for form in [plain, *spoken_variants(plain, english)]:
            near = self._near.nearest(form)
            if near is not None:
                return replace(self._resolution(form, near[0], {}, near[1]), utterance=text)
        if as_said.intent == FALLBACK and self._symptom is not None and self._symptom.shares(text):
            return self._symptom_resolution(text)
        return as_said

    def _symptom_resolution(self, text: str) -> Resolution:
        """Rule 8: the whole sentence as the bare symptom slot's (unlisted) value."""
        assert self._symptom is not None
        pattern = self._symptom.pattern
        name = pattern.slot_names[0]
        value = SlotValue(name, self._symptom.slot_type, text, text, NO_MATCH)
        return self._resolution(text, pattern.intent, {name: value}, pattern.text)

    def _listed_value_after_carrier(self, text: str, today: date) -> Resolution | None:
        """Rule 4: "let's do quick relief" is a bare-slot sample's value after a carrier."""
        for carrier in CARRIERS:
            if not text.startswith(carrier + " "):
                continue
            rest = text[len(carrier) + 1 :]
            rest = rest[4:] if rest.startswith("the ") else rest
            found = self._intent_as_said(rest, None, today)
            bare = re.fullmatch(r"\{\w+\}", normalize(found.sample)) is not None
            if found.intent != FALLBACK and bare and all(s.status == MATCH for s in found.slots.values()):
                return found
        return None

    def _intent_as_said(self, text: str, elicit: Elicitation | None, today: date) -> Resolution:
        if elicit is not None:
            answer = self._answer_elicitation(text, elicit, today)
            if answer is not None:
                return answer
        if text in self._exact:
            intent, sample = self._exact[text]
            return self._resolution(text, intent, {}, sample)
        best: tuple[tuple[int, int, bool, int, int], _Pattern, dict[str, SlotValue]] | None = None
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
            # Safety first: a frame that fits a red-flag sample as well as another goes to
            # the red-flag intent, whose classifier reads the words (rule 5 only after that).
            red_flag = pattern.intent == RED_FLAG_INTENT
            score = (-unmatched, pattern.literals, red_flag, self._likeness(slots), -len(slots))
            if best is None or score > best[0]:
                best = (score, pattern, slots)
        if best is None:
            return self._resolution(text, FALLBACK, {}, "")
        return self._resolution(text, best[1].intent, best[2], best[1].text)

    def _likeness(self, slots: dict[str, SlotValue]) -> int:
        """Rule 5: words an unlisted value shares with its type's listed values."""
        unlisted = [s for s in slots.values() if not s.matched]
        return sum(len(set(s.heard.split()) & self._type_words.get(s.type, set())) for s in unlisted)

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
