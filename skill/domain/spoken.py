"""Spoken forms of Alexa's built-in slot types, turned into the values Alexa sends.

The one place spoken values are read: the skill normalises every built-in slot value
it receives (``number``, ``duration``, ``date_value`` below accept Alexa's canonical
form and the spoken one, as some testing tools send "six" or "thirty seconds"), and
the simulator resolves what a person says with the same parsers.

AMAZON.NUMBER: "twenty five" or "25" -> "25".
AMAZON.DURATION: "twenty minutes" -> "PT20M", "an hour and a half" -> "PT1H30M".
AMAZON.DATE: "yesterday" -> "2026-11-22", "this week" -> "2026-W48".
AMAZON.TIME: "seven thirty pm" -> "19:30", "noon" -> "12:00", "this evening" -> "EV".
Each parser returns None when the words are not that type, so the resolver can try others.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

_UNITS = {
    "zero": 0,
    "oh": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
}
_DIGITS = re.compile(r"^-?\d+(?:\.\d+)?$")


def words_to_number(words: list[str]) -> int | None:
    """The integer a run of number words says ("one hundred and five"), or None."""
    if not words:
        return None
    if len(words) == 1 and _DIGITS.match(words[0]):
        return int(float(words[0]))
    if len(words) == 1 and german_number(words[0]) is not None:
        return german_number(words[0])
    total, current, last = 0, 0, ""
    for index, word in enumerate(words):
        if word in _UNITS:
            if last in {"unit", "digits"}:
                return None  # "five five" is two numbers, not one
            current, last = current + _UNITS[word], "unit"
        elif word in _TENS:
            if last in {"unit", "tens", "digits"}:
                return None
            current, last = current + _TENS[word], "tens"
        elif word in _SCALES:
            current, last = max(current, 1) * _SCALES[word], "scale"
            if _SCALES[word] >= 1000:
                total, current = total + current, 0
        elif word in {"a", "an"} and index == 0 and len(words) > 1 and words[1] in _SCALES:
            current = 1
        elif word == "and" and last == "scale" and index < len(words) - 1:
            continue
        elif _DIGITS.match(word) and not last:
            current, last = int(float(word)), "digits"
        else:
            return None
    seen = bool(last)
    return total + current if seen else None


def parse_number(text: str) -> str | None:
    """AMAZON.NUMBER's value for the spoken words, as a string of digits."""
    words = text.replace("-", " ").split()
    number = words_to_number(words)
    return None if number is None else str(number)


_DURATION_UNITS = {
    "second": "S",
    "seconds": "S",
    "sec": "S",
    "secs": "S",
    "minute": "M",
    "minutes": "M",
    "min": "M",
    "mins": "M",
    "hour": "H",
    "hours": "H",
    "day": "D",
    "days": "D",
    "week": "W",
    "weeks": "W",
    "month": "MO",
    "months": "MO",
    "year": "Y",
    "years": "Y",
    # German, in every case ending people use ("seit zwei Tagen", "vor einer Woche")
    "sekunde": "S",
    "sekunden": "S",
    "sek": "S",
    "minuten": "M",
    "stunde": "H",
    "stunden": "H",
    "std": "H",
    "tag": "D",
    "tage": "D",
    "tagen": "D",
    "woche": "W",
    "wochen": "W",
    "monat": "MO",
    "monate": "MO",
    "monaten": "MO",
    "jahr": "Y",
    "jahre": "Y",
    "jahren": "Y",
}
_NEXT_SMALLER = {"H": ("M", 60), "M": ("S", 60), "D": ("H", 24), "W": ("D", 7), "Y": ("MO", 12)}


def _amount(words: list[str]) -> Fraction | None:
    """A quantity before a unit: "twenty", "an", "two and a half", "a couple of"."""
    if words in (["a"], ["an"], ["one"]):
        return Fraction(1)
    if words in (["a", "couple", "of"], ["couple", "of"]):
        return Fraction(2)
    if words in (["a", "few"], ["few"]):
        return Fraction(3)
    if words in (["half", "a"], ["half", "an"], ["a", "half"]):
        return Fraction(1, 2)
    german = _GERMAN_AMOUNTS.get(" ".join(words))
    if german is not None:
        return german
    half = Fraction(0)
    if words[-3:] == ["and", "a", "half"]:
        words, half = words[:-3], Fraction(1, 2)
    if len(words) == 1 and _DIGITS.match(words[0]):
        return Fraction(words[0]) + half
    number = words_to_number(words)
    return None if number is None else Fraction(number) + half


def parse_duration(text: str) -> str | None:
    """AMAZON.DURATION's ISO 8601 value for the spoken words, or None."""
    words = text.replace("-", " ").split()
    parts: dict[str, Fraction] = {}
    pending: list[str] = []
    last_unit = ""
    for word in words:
        unit = _DURATION_UNITS.get(word)
        if unit is None:
            pending.append(word)
            continue
        if pending and pending[0] in {"and", "und"} and parts:
            pending = pending[1:]
        amount = _amount(pending) if pending else None
        if amount is None:
            return None
        parts[unit] = parts.get(unit, Fraction(0)) + amount
        pending, last_unit = [], unit
    if pending:
        # "an hour and a half": the trailing half belongs to the last unit
        if pending in (["and", "a", "half"], ["and", "half"], ["und", "eine", "halbe"]) and last_unit:
            parts[last_unit] += Fraction(1, 2)
        else:
            return None
    if not parts:
        return None
    return _iso(parts)


def _iso(parts: dict[str, Fraction]) -> str:
    whole: dict[str, int] = {}
    for unit in ("Y", "MO", "W", "D", "H", "M", "S"):
        amount = parts.get(unit, Fraction(0)) + whole.pop(unit, 0)
        if amount.denominator != 1 and unit in _NEXT_SMALLER:
            smaller, factor = _NEXT_SMALLER[unit]
            fraction = amount - int(amount)
            parts[smaller] = parts.get(smaller, Fraction(0)) + fraction * factor
            amount = Fraction(int(amount))
        if amount:
            whole[unit] = int(amount) if amount.denominator == 1 else round(float(amount))
    dated = "".join(f"{whole[u]}{'M' if u == 'MO' else u}" for u in ("Y", "MO", "W", "D") if u in whole)
    timed = "".join(f"{whole[u]}{u}" for u in ("H", "M", "S") if u in whole)
    return "P" + dated + ("T" + timed if timed else "")


_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}


def parse_date(text: str, today: date) -> str | None:
    """AMAZON.DATE's value for the spoken words, relative to ``today``, or None."""
    words = text.split()
    phrase = " ".join(words)
    german = _german_date(words, today)
    if german is not None:
        return german
    fixed = {
        "today": 0,
        "yesterday": -1,
        "tomorrow": 1,
        "the day before yesterday": -2,
        "the day after tomorrow": 2,
    }
    if phrase in fixed:
        return (today + timedelta(days=fixed[phrase])).isoformat()
    if phrase in {"right now", "now"}:
        return "PRESENT_REF"
    weeks = {"this week": 0, "last week": -1, "next week": 1}
    if phrase in weeks:
        year, week, _ = (today + timedelta(weeks=weeks[phrase])).isocalendar()
        return f"{year}-W{week:02d}"
    if phrase in {"this weekend", "the weekend"}:
        year, week, _ = today.isocalendar()
        return f"{year}-W{week:02d}-WE"
    if phrase in {"this month", "last month"}:
        month = today.replace(day=1) - timedelta(days=1) if phrase == "last month" else today
        return f"{month.year}-{month.month:02d}"
    if phrase in {"this year", "last year"}:
        return str(today.year - (phrase == "last year"))
    bare = [w for w in words if w not in {"on", "the", "last", "this", "of"}]
    if len(bare) == 1 and bare[0] in _WEEKDAYS:
        # Alexa resolves a bare weekday to the nearest one; "last monday" goes back
        offset = (_WEEKDAYS[bare[0]] - today.weekday()) % 7
        if "last" in words:
            offset = offset - 7 if offset else -7
        return (today + timedelta(days=offset)).isoformat()
    return _month_day(bare, today)


def _month_day(words: list[str], today: date) -> str | None:
    month_words = [w for w in words if w in _MONTHS]
    if len(month_words) != 1:
        return None
    rest = [w for w in words if w not in _MONTHS]
    day = _day_number(rest)
    if day is None:
        return None
    try:
        return date(today.year, _MONTHS[month_words[0]], day).isoformat()
    except ValueError:
        return None


def _day_number(words: list[str]) -> int | None:
    if len(words) == 1:
        match = re.match(r"^(\d{1,2})(st|nd|rd|th)?$", words[0])
        if match:
            return int(match.group(1))
        if words[0] in _ORDINALS:
            return _ORDINALS[words[0]]
    if len(words) == 2 and words[0] in _TENS and words[1] in _ORDINALS:
        return _TENS[words[0]] + _ORDINALS[words[1]]
    return None


_TIME_WORDS = {
    "noon": "12:00",
    "midday": "12:00",
    "midnight": "00:00",
    "morning": "MO",
    "this morning": "MO",
    "in the morning": "MO",
    "afternoon": "AF",
    "this afternoon": "AF",
    "in the afternoon": "AF",
    "evening": "EV",
    "this evening": "EV",
    "in the evening": "EV",
    "night": "NI",
    "tonight": "NI",
    "at night": "NI",
}


def parse_time(text: str) -> str | None:
    """AMAZON.TIME's value for the spoken words ("7:30", "seven thirty pm", "noon"), or None."""
    phrase = " ".join(text.replace(".", "").split())
    if phrase in _TIME_WORDS:
        return _TIME_WORDS[phrase]
    if phrase in _GERMAN_TIME_WORDS:
        return _GERMAN_TIME_WORDS[phrase]
    german = _german_clock(phrase.replace(":", " ").split())
    if german is not None:
        return german
    words = phrase.replace(":", " ").split()
    half = ""
    if words and words[-1] in {"am", "pm"}:
        half, words = words[-1], words[:-1]
    if words[-1:] in (["o'clock"], ["oclock"]):
        words = words[:-1]
    if not words:
        return None
    hour = words_to_number(words[:1])
    rest = words[1:]
    if rest[:1] == ["oh"]:
        rest = rest[1:]
    minute = words_to_number(rest) if rest else 0
    if hour is None or minute is None or not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    if half == "pm" and hour < 12:
        hour += 12
    elif half == "am" and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}"


# --- Normalising slot values the skill receives ------------------------------------------

_ISO_DURATION = re.compile(
    r"^P(?:(?P<years>\d+(?:\.\d+)?)Y)?(?:(?P<months>\d+(?:\.\d+)?)M)?(?:(?P<weeks>\d+(?:\.\d+)?)W)?"
    r"(?:(?P<days>\d+(?:\.\d+)?)D)?(?:T(?:(?P<hours>\d+(?:\.\d+)?)H)?"
    r"(?:(?P<minutes>\d+(?:\.\d+)?)M)?(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?$"
)
_DAYS_PER = {"years": 365.0, "months": 30.0, "weeks": 7.0, "days": 1.0}
_SECONDS_PER = {"hours": 3600.0, "minutes": 60.0, "seconds": 1.0}
# Words around a spoken value that say nothing about it ("a six", "about thirty seconds").
_FILLERS = {
    "a",
    "an",
    "about",
    "around",
    "maybe",
    "roughly",
    "like",
    "it's",
    "its",
    "is",
    "i'd",
    "say",
    "for",
    "of",
    "ago",
    "probably",
    "perhaps",
    "only",
    "just",
    # German: "eine drei", "so etwa vier", "ich würde sagen eine sieben"
    "eine",
    "ein",
    "einer",
    "so",
    "etwa",
    "ungefähr",
    "circa",
    "vielleicht",
    "na",
    "also",
    "ich",
    "würde",
    "sagen",
    "sag",
    "sage",
    "mal",
    "es",
    "ist",
    "bei",
    "wohl",
    "eher",
    "knapp",
    "fast",
    "gut",
    "sind",
    "schon",
    "noch",
    "seit",
    "vor",
    "für",
    "lang",
    "lange",
    "über",
    "rund",
}


def _words(value: Any) -> list[str]:
    text = str(value).lower().replace("\u2019", "'").replace("-", " ").replace("ß", "ss")
    return re.sub(r"[^a-z0-9äöü.' ]+", " ", text).split()


def number(value: Any) -> int | None:
    """An AMAZON.NUMBER value as an integer: "6", "6.0", "six", "a six"; None if not a number."""
    if value is None:
        return None
    if _DIGITS.match(str(value).strip()):
        return int(float(str(value).strip()))
    words = _words(value)
    if words[-3:] == ["out", "of", "ten"]:
        words = words[:-3]
    if words[-2:] in (["von", "zehn"], ["von", "10"], ["aus", "zehn"]):
        words = words[:-2]
    while len(words) > 1 and words[0] in _FILLERS:
        words = words[1:]
    found = words_to_number(words)
    return found


def iso_duration(value: str) -> timedelta | None:
    """An ISO 8601 duration such as PT30S, PT20M, PT1H30M or P3D; None if not one."""
    text = value.strip().upper()
    match = _ISO_DURATION.match(text)
    if not match or text in {"P", "PT"}:
        return None
    parts = {key: float(amount) for key, amount in match.groupdict().items() if amount}
    if not parts:
        return None
    days = sum(parts.get(key, 0.0) * per for key, per in _DAYS_PER.items())
    seconds = sum(parts.get(key, 0.0) * per for key, per in _SECONDS_PER.items())
    try:
        return timedelta(days=days, seconds=seconds)
    except OverflowError:  # "PT1000000000000000000000S": no length anyone means
        return None


def duration(value: Any) -> timedelta | None:
    """An AMAZON.DURATION value, canonical ("PT30S", "P5D") or spoken ("thirty seconds")."""
    if value is None or not str(value).strip():
        return None
    canonical = iso_duration(str(value))
    if canonical is not None:
        return canonical
    words = [
        w
        for w in _words(value)
        if w not in {"about", "around", "maybe", "roughly", "for", "ago", "just", "only", "like"}
        and w not in _GERMAN_DURATION_FILLERS
    ]
    spoken = parse_duration(" ".join(words))
    return iso_duration(spoken) if spoken else None


_ISO_DATE = re.compile(r"^(\d{4}(-\d{2}(-\d{2})?)?|\d{4}-W\d{2}(-WE)?|PRESENT_REF)$")


def date_value(value: Any, today: date) -> str | None:
    """An AMAZON.DATE value in Alexa's form ("2026-11-20", "2026-W47"), from either form."""
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    if _ISO_DATE.match(text.upper()):
        return text.upper()
    return parse_date(" ".join(_words(text)), today)


# --- German ---------------------------------------------------------------------------
# German writes a number as one word ("fünfundzwanzig"); Alexa's de-DE model sends digits,
# and these read the spoken forms the simulator and some testing tools send.

_DE_UNITS = {
    "null": 0,
    "eins": 1,
    "ein": 1,
    "eine": 1,
    "einen": 1,
    "einer": 1,
    "einem": 1,
    "zwei": 2,
    "zwo": 2,
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
    "zehn": 10,
    "elf": 11,
    "zwölf": 12,
    "dreizehn": 13,
    "vierzehn": 14,
    "fünfzehn": 15,
    "sechzehn": 16,
    "siebzehn": 17,
    "achtzehn": 18,
    "neunzehn": 19,
}
_DE_TENS = {
    "zwanzig": 20,
    "dreissig": 30,
    "vierzig": 40,
    "fünfzig": 50,
    "sechzig": 60,
    "siebzig": 70,
    "achtzig": 80,
    "neunzig": 90,
}
_DE_UNIT_WORDS = "|".join(sorted(_DE_UNITS, key=len, reverse=True))
_DE_COMPOUND = re.compile(
    rf"^(?:(?P<hundreds>{_DE_UNIT_WORDS})?hundert(?:und)?)?"
    rf"(?:(?:(?P<unit>{_DE_UNIT_WORDS})und)?(?P<tens>{'|'.join(_DE_TENS)})|(?P<alone>{_DE_UNIT_WORDS}))?$"
)


def german_number(word: str) -> int | None:
    """The number one German word says ("drei", "dreißig", "einundzwanzig", "hundertzehn")."""
    word = word.lower().replace("ß", "ss")
    if word in _DE_UNITS:
        return _DE_UNITS[word]
    found = _DE_COMPOUND.match(word) if word else None
    if not found or (found.group("unit") and _DE_UNITS[found.group("unit")] > 9):
        return None  # "zwölfundzwanzig" is no number
    total = sum(_DE_UNITS[found.group(g)] for g in ("unit", "alone") if found.group(g))
    total += _DE_TENS[found.group("tens")] if found.group("tens") else 0
    if "hundert" in word:
        total += 100 * (_DE_UNITS[found.group("hundreds")] if found.group("hundreds") else 1)
    return total


_GERMAN_AMOUNTS = {
    "ein": Fraction(1),
    "eine": Fraction(1),
    "einer": Fraction(1),
    "einen": Fraction(1),
    "einem": Fraction(1),
    "halbe": Fraction(1, 2),
    "eine halbe": Fraction(1, 2),
    "einer halben": Fraction(1, 2),
    "einem halben": Fraction(1, 2),
    "ein halber": Fraction(1, 2),
    "einen halben": Fraction(1, 2),
    "halben": Fraction(1, 2),
    "anderthalb": Fraction(3, 2),
    "eineinhalb": Fraction(3, 2),
    "einundhalb": Fraction(3, 2),
    "zweieinhalb": Fraction(5, 2),
    "dreieinhalb": Fraction(7, 2),
    "ein paar": Fraction(3),
    "paar": Fraction(3),
    "einigen": Fraction(3),
    "einige": Fraction(3),
    "mehreren": Fraction(3),
    "mehrere": Fraction(3),
}
_GERMAN_DURATION_FILLERS = {
    "seit",
    "vor",
    "etwa",
    "ungefähr",
    "so",
    "circa",
    "für",
    "lang",
    "lange",
    "knapp",
    "fast",
    "gut",
    "rund",
    "vielleicht",
    "schon",
    "bestimmt",
    "über",
    "mal",
    "noch",
}
_GERMAN_DAYS = {
    "heute": 0,
    "gestern": -1,
    "morgen": 1,
    "vorgestern": -2,
    "übermorgen": 2,
}
_GERMAN_PARTS_OF_DAY = {"morgen", "früh", "vormittag", "mittag", "nachmittag", "abend", "nacht"}
_GERMAN_WEEKDAYS = {
    name: number
    for number, name in enumerate(
        ["montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"]
    )
}
_GERMAN_MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "januar",
            "februar",
            "märz",
            "april",
            "mai",
            "juni",
            "juli",
            "august",
            "september",
            "oktober",
            "november",
            "dezember",
        ],
        1,
    )
}


def _german_date(words: list[str], today: date) -> str | None:
    """AMAZON.DATE for German words: "gestern", "gestern Abend", "letzte Woche", "am Montag"."""
    phrase = " ".join(words)
    if phrase in {"jetzt", "gerade", "gerade eben", "eben", "gerade jetzt"}:
        return "PRESENT_REF"
    if (
        words
        and words[0] in _GERMAN_DAYS
        and (len(words) == 1 or " ".join(words[1:]) in _GERMAN_PARTS_OF_DAY)
    ):
        return (today + timedelta(days=_GERMAN_DAYS[words[0]])).isoformat()
    if phrase in {"letzte nacht", "heute nacht"}:
        return (today + timedelta(days=-1 if phrase == "letzte nacht" else 0)).isoformat()
    weeks = {"diese woche": 0, "letzte woche": -1, "vergangene woche": -1, "nächste woche": 1}
    if phrase in weeks:
        year, week, _ = (today + timedelta(weeks=weeks[phrase])).isocalendar()
        return f"{year}-W{week:02d}"
    if phrase in {"am wochenende", "dieses wochenende", "das wochenende", "wochenende"}:
        year, week, _ = today.isocalendar()
        return f"{year}-W{week:02d}-WE"
    if phrase in {"diesen monat", "letzten monat", "vergangenen monat"}:
        month = today if phrase == "diesen monat" else today.replace(day=1) - timedelta(days=1)
        return f"{month.year}-{month.month:02d}"
    bare = [w for w in words if w not in {"am", "letzten", "letzter", "vergangenen", "diesen", "den"}]
    if len(bare) == 1 and bare[0] in _GERMAN_WEEKDAYS:
        offset = (_GERMAN_WEEKDAYS[bare[0]] - today.weekday()) % 7
        if bare != words and any(w in {"letzten", "letzter", "vergangenen"} for w in words):
            offset = offset - 7 if offset else -7
        elif offset:
            offset -= 7  # "am Montag", said of a spasm, is the last one
        return (today + timedelta(days=offset)).isoformat()
    months = [w for w in bare if w in _GERMAN_MONTHS]
    if len(months) == 1 and len(bare) == 2:
        day_word = bare[0].rstrip(".")
        day = int(day_word) if day_word.isdigit() else _german_ordinal(day_word)
        if day:
            try:
                return date(today.year, _GERMAN_MONTHS[months[0]], day).isoformat()
            except ValueError:
                return None
    return None


def _german_ordinal(word: str) -> int | None:
    """ "dritten" -> 3, "zwanzigsten" -> 20 (as in "am dritten November")."""
    irregular = {"ersten": 1, "erste": 1, "dritten": 3, "dritte": 3, "siebten": 7, "siebte": 7, "achten": 8}
    if word in irregular:
        return irregular[word]
    for ending in ("sten", "ste", "ten", "te"):
        if word.endswith(ending):
            found = german_number(word[: -len(ending)])
            if found:
                return found
    return None


_GERMAN_TIME_WORDS = {
    "mittag": "12:00",
    "mittags": "12:00",
    "mitternacht": "00:00",
    "morgens": "MO",
    "heute morgen": "MO",
    "heute früh": "MO",
    "früh": "MO",
    "am morgen": "MO",
    "vormittags": "MO",
    "am vormittag": "MO",
    "heute vormittag": "MO",
    "gestern morgen": "MO",
    "nachmittags": "AF",
    "am nachmittag": "AF",
    "heute nachmittag": "AF",
    "gestern nachmittag": "AF",
    "abends": "EV",
    "am abend": "EV",
    "heute abend": "EV",
    "gestern abend": "EV",
    "nachts": "NI",
    "in der nacht": "NI",
    "heute nacht": "NI",
    "letzte nacht": "NI",
}


def _german_clock(words: list[str]) -> str | None:
    """ "sieben uhr dreißig" -> 07:30, "halb acht" -> 07:30, "19 uhr" -> 19:00."""
    if len(words) == 2 and words[0] == "halb":
        hour = words_to_number(words[1:])
        return None if hour is None or not 1 <= hour <= 24 else f"{(hour - 1) % 24:02d}:30"
    if "uhr" not in words:
        return None
    at = words.index("uhr")
    hour = words_to_number(words[:at]) if at else None
    minute = words_to_number(words[at + 1 :]) if words[at + 1 :] else 0
    if hour is None or minute is None or not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return f"{hour:02d}:{minute:02d}"
