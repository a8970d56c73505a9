"""A phrase's variants: one person hears one phrasing all day and others on other days;
a seed makes the choice repeatable; prerecorded audio always uses the first phrasing."""

from __future__ import annotations

import json
import os
import string
import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from skill.audio.phrasebook import phrasebook
from skill.audio.tracks import TrackRef, all_refs, track_script
from skill.coach.turn import Turn
from skill.domain.content import Content, Phrases, load_content
from skill.domain.script import Say

LOCALES = ("en-US", "de-DE")
MONDAY = date(2026, 11, 23)
WEEK = [MONDAY + timedelta(days=n) for n in range(7)]
FORTNIGHT = [MONDAY + timedelta(days=n) for n in range(14)]
LISTENER = "amzn1.ask.account.DAILY"


def table_of(locale: str) -> dict[str, tuple[str, ...]]:
    """Every phrasing of every key of the locale's real content."""
    phrases = load_content(locale).phrases
    keys = phrases.keys()
    return {key: phrases.variants(key) for key in keys}


def unseeded(locale: str) -> Phrases:
    """The locale's real phrases, chosen as in production: by listener and day."""
    return Phrases(table_of(locale))


def varied_keys(locale: str) -> list[str]:
    return [key for key, variants in table_of(locale).items() if len(variants) > 1]


def content_with(locale: str, phrases: Phrases) -> Content:
    return replace(load_content(locale), phrases=phrases)


def test_english_and_german_have_everyday_phrases_with_variants() -> None:
    english, german = varied_keys("en-US"), varied_keys("de-DE")
    assert len(english) >= 12 and len(german) >= 5
    assert {"welcome_back", "after_exercise", "goodbye", "routine_done"} <= set(english) & set(german)


@pytest.mark.parametrize("locale", LOCALES)
def test_variants_mean_the_same_and_are_no_longer(locale: str) -> None:
    phrases = load_content(locale).phrases
    for key in varied_keys(locale):
        first, *others = phrases.variants(key)
        assert len(set(phrases.variants(key))) == len(phrases.variants(key)), f"{key}: a repeated variant"
        for other in others:
            # Same placeholders, so every use can fill every phrasing.
            assert _fields(other) == _fields(first), (key, other)
            assert len(other.split()) <= len(first.split()), (key, other)


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("locale", LOCALES)
def test_one_listener_hears_the_same_phrasing_all_day(locale: str) -> None:
    for day in WEEK:
        morning = unseeded(locale).for_listener(LISTENER, day)
        evening = unseeded(locale).for_listener(LISTENER, day)
        for key in varied_keys(locale):
            assert morning.pick(key) == morning.pick(key) == evening.pick(key), key


@pytest.mark.parametrize("locale", LOCALES)
def test_a_daily_listener_hears_more_than_one_phrasing(locale: str) -> None:
    phrases = unseeded(locale)
    keys = varied_keys(locale)
    heard_in_a_week = {key: {phrases.for_listener(LISTENER, day).pick(key) for day in WEEK} for key in keys}
    assert sum(len(heard) > 1 for heard in heard_in_a_week.values()) >= len(keys) * 3 // 4, heard_in_a_week
    for key in keys:
        heard = {phrases.for_listener(LISTENER, day).pick(key) for day in FORTNIGHT}
        assert len(heard) > 1, f"{key}: the same phrasing every day for two weeks"
        # Every phrasing is reachable, and each day's is one of the key's own.
        assert heard <= set(phrases.variants(key))


def test_different_people_on_one_day_hear_different_phrasings() -> None:
    phrases = unseeded("en-US")
    heard = {phrases.for_listener(f"amzn1.ask.account.{n}", MONDAY).pick("after_exercise") for n in range(30)}
    assert heard == set(phrases.variants("after_exercise"))


def test_a_seed_takes_the_place_of_listener_and_day() -> None:
    table = {"hello": ("Hi {name}.", "Hello {name}.", "Good to hear you, {name}."), "one": "Just {x}."}
    picks = set()
    for seed in range(12):
        first, second = Phrases(table, seed=seed), Phrases(table, seed=seed)
        chosen = first("hello", name="Sam")
        assert chosen == second("hello", name="Sam") == first("hello", name="Sam")
        for listener, day in ((LISTENER, MONDAY), ("someone else", date(2030, 1, 1))):
            assert first.for_listener(listener, day)("hello", name="Sam") == chosen
        picks.add(chosen)
    assert len(picks) == 3, "another seed picks another phrasing"
    assert Phrases(table, seed=3)("one", x="this") == "Just this."


def test_without_listener_or_seed_and_for_audio_the_first_phrasing() -> None:
    table = {"hello": ("Hi.", "Hello.", "Good to hear you.")}
    assert Phrases(table)("hello") == "Hi."
    for seed in range(12):
        assert Phrases(table, seed=seed).fixed()("hello") == "Hi."
        assert Phrases(table).for_listener(f"listener {seed}", MONDAY).fixed()("hello") == "Hi."


def test_the_turn_picks_by_its_listener_and_its_day() -> None:
    content = content_with("en-US", unseeded("en-US"))

    def turn(user_id: str, day: date, hour: int = 9) -> Turn:
        now = datetime(day.year, day.month, day.day, hour, tzinfo=UTC)
        return Turn(content=content, session={}, user={}, now=now, user_id=user_id)

    for day in WEEK:
        assert turn(LISTENER, day).phrase("goodbye") == turn(LISTENER, day, hour=21).phrase("goodbye")
    assert len({turn(LISTENER, day).phrase("goodbye") for day in FORTNIGHT}) > 1
    assert len({turn(f"amzn1.ask.account.{n}", MONDAY).phrase("goodbye") for n in range(20)}) > 1


def test_a_conversation_that_runs_past_midnight_keeps_its_phrasings() -> None:
    content = content_with("en-US", unseeded("en-US"))
    late = datetime(2026, 11, 23, 23, 58, tzinfo=UTC)
    keys = varied_keys("en-US")

    def heard(session: dict[str, object], now: datetime) -> list[str]:
        turn = Turn(content=content, session=session, user={}, now=now, user_id=LISTENER)
        return [turn.phrase.pick(key) for key in keys]

    session: dict[str, object] = {}
    before_midnight = heard(session, late)
    assert session["phrase_day"] == "2026-11-23"
    # The next turns of the same session (its attributes come back from the device).
    for minutes in (3, 30):
        assert heard(session, late + timedelta(minutes=minutes)) == before_midnight
    # A new session the next day hears that day's phrasings.
    assert heard({}, late + timedelta(minutes=3)) == heard({}, late + timedelta(days=1))
    assert heard({}, late + timedelta(minutes=3)) != before_midnight


@pytest.mark.parametrize("kept", ["yesterday", 20261123, "", None, "2026-13-40"])
def test_a_session_day_that_is_not_a_date_gives_todays_phrasings(kept: object) -> None:
    content = content_with("en-US", unseeded("en-US"))
    now = datetime(2026, 11, 25, 9, tzinfo=UTC)
    session = {"phrase_day": kept}
    turn = Turn(content=content, session=session, user={}, now=now, user_id=LISTENER)
    fresh = Turn(content=content, session={}, user={}, now=now, user_id=LISTENER)
    assert [turn.phrase.pick(key) for key in varied_keys("en-US")] == [
        fresh.phrase.pick(key) for key in varied_keys("en-US")
    ]
    assert session["phrase_day"] == "2026-11-25"


@pytest.mark.parametrize("locale", LOCALES)
def test_hands_free_tracks_say_the_first_phrasing_whatever_the_seed(locale: str) -> None:
    phrases = load_content(locale).phrases
    table = table_of(locale)
    refs = [TrackRef("quick_relief", 0), TrackRef("quick_relief", 3, easier=True, full=False)]
    unseeded_tracks = [track_script(content_with(locale, Phrases(table)), ref) for ref in refs]
    intro = phrases.template("routine_intro").split("{")[0].strip()
    assert [step.text for step in unseeded_tracks[0] if isinstance(step, Say)][0].startswith(intro)
    # Seeds that would pick another intro do not reach the tracks.
    others = [
        s
        for s in range(50)
        if Phrases(table, seed=s).pick("routine_intro") != phrases.template("routine_intro")
    ]
    assert others, "routine_intro has variants a seed can pick"
    for seed in [0, *others[:4]]:
        seeded = content_with(locale, Phrases(table, seed=seed))
        assert [track_script(seeded, ref) for ref in refs] == unseeded_tracks


@pytest.mark.parametrize("locale", LOCALES)
def test_the_phrasebook_holds_no_phrasing_but_the_first(locale: str) -> None:
    phrases = load_content(locale).phrases
    book = " ".join(phrasebook(locale))
    for key in varied_keys(locale):
        for other in phrases.variants(key)[1:]:
            opening = other.split("{")[0].strip()
            if opening and opening not in phrases.template(key):
                assert opening not in book, (key, other)
    assert sum(1 for _ in all_refs(load_content(locale))) > 0


# A daily user of the running skill, without the suite's seed: a fresh interpreter, as
# the seed is read once when the content module is imported.
DAILY_USE = textwrap.dedent(
    """
    import json, sys
    from datetime import UTC, datetime, timedelta
    from pathlib import Path
    from ask_sdk_model import RequestEnvelope
    from skill.alexa.builder import build_skill
    from skill.config import Config
    from tests.alexa import APPLICATION_ID, Conversation

    skill = build_skill(Config(skill_id=APPLICATION_ID, local_dev=True, sqlite_path=Path(sys.argv[1])))

    def send(body):
        request = skill.serializer.deserialize(payload=json.dumps(body), obj_type=RequestEnvelope)
        return skill.serializer.serialize(skill.invoke(request_envelope=request, context=None))

    talk = Conversation(send=send, user_id="amzn1.ask.account.DAILY")
    talk.open()
    talk.say("AMAZON.StopIntent")
    days = []
    for day in range(1, 15):
        said = []
        for hour in (8, 20):
            talk.now = datetime(2026, 11, 23, hour, tzinfo=UTC) + timedelta(days=day)
            said.append([talk.open().text, talk.say("AMAZON.StopIntent").text])
        days.append(said)
    print(json.dumps(days))
    """
)


def test_a_daily_user_of_the_skill_hears_one_greeting_a_day_and_another_on_other_days(tmp_path: Path) -> None:
    environment = {**os.environ, "SKILL_PHRASE_SEED": ""}
    run = subprocess.run(
        [sys.executable, "-c", DAILY_USE, str(tmp_path / "skill.sqlite3")],
        capture_output=True,
        text=True,
        env=environment,
        cwd=Path(__file__).resolve().parents[1],
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    days = json.loads(run.stdout.splitlines()[-1])
    welcome = set(unseeded("en-US").variants("welcome_back"))
    goodbye = set(unseeded("en-US").variants("goodbye"))
    for morning, evening in days:
        assert morning == evening, "the same person hears the same sentences within a day"
    greetings = {next(v for v in welcome if v in morning[0]) for morning, _ in days}
    farewells = {next(v for v in goodbye if v in morning[1]) for morning, _ in days}
    assert greetings == welcome and len(farewells) > 1, (greetings, farewells)
