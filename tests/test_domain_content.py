"""The content files: exercises, routines and phrases load and hang together."""

from __future__ import annotations

import re
import string

import pytest

from skill.domain.content import in_sentence, load_content, supported_locale

CONTENT = load_content("en-US")


def test_at_least_twelve_exercises_and_the_four_routines() -> None:
    assert len(CONTENT.exercises) >= 12
    assert set(CONTENT.routines) == {"quick_relief", "morning_stretches", "desk_stretches", "core_strength"}


def test_routines_hold_the_exercises_the_issue_names() -> None:
    relief = CONTENT.routines["quick_relief"]
    assert relief.phase == "acute"
    # First-day exercises only: child's pose waits until the worst has passed (DOMAIN, 000).
    assert relief.exercises == ("deep_breathing", "knees_to_chest", "pelvic_tilt", "deep_breathing")
    core = CONTENT.routines["core_strength"].exercises
    assert {"transversus_abdominis", "hip_lifts"} <= set(core)
    assert CONTENT.routines["core_strength"].phase == "strengthening"


@pytest.mark.parametrize("exercise_id", sorted(CONTENT.exercises))
def test_every_exercise_is_complete_and_speakable(exercise_id: str) -> None:
    exercise = CONTENT.exercises[exercise_id]
    assert exercise.steps and exercise.cue and exercise.source and exercise.dose_source
    spoken = [exercise.name, exercise.cue, exercise.midway_cue, *exercise.steps]
    for text in spoken:
        assert not re.search(r"[0-9()<>&/%]", text), f"{exercise_id}: read aloud: {text!r}"
    easier, dose = exercise.easier_dose, exercise.dose
    assert easier != dose, f"{exercise_id}: make it easier must change something"
    assert easier.hold_seconds <= dose.hold_seconds and easier.reps <= dose.reps
    assert easier.sets <= dose.sets and easier.seconds <= dose.seconds
    assert not exercise.gentler or exercise.gentler in CONTENT.exercises


def test_every_routine_names_known_exercises() -> None:
    for routine in CONTENT.routines.values():
        assert routine.exercises and set(routine.exercises) <= set(CONTENT.exercises)


@pytest.mark.parametrize(
    ("spoken", "exercise_id"),
    [
        ("cat cow", "cat_cow"),
        ("cat camel", "cat_cow"),
        ("child's pose", "childs_pose"),
        ("childs pose", "childs_pose"),
        ("balasana", "childs_pose"),
        ("Knees-to-chest", "knees_to_chest"),
        ("glute bridge", "hip_lifts"),
    ],
)
def test_exercises_are_found_by_what_people_say(spoken: str, exercise_id: str) -> None:
    found = CONTENT.find_exercise(spoken)
    assert found is not None and found.id == exercise_id


def test_routines_are_found_by_name_or_need() -> None:
    assert CONTENT.find_routine("my back just went").id == "quick_relief"
    assert CONTENT.find_routine("Morning Stretches").id == "morning_stretches"
    assert CONTENT.find_routine("sitting all day").id == "desk_stretches"
    assert CONTENT.find_routine("juggling") is None


@pytest.mark.parametrize(
    ("spoken", "routine_id"),
    [
        ("the desk stretches", "desk_stretches"),
        ("my morning stretches", "morning_stretches"),
        ("the quick relief routine please", "quick_relief"),
        ("core strength for me", "core_strength"),
        ("desk stretches instead", "desk_stretches"),
    ],
)
def test_a_name_is_found_without_the_words_said_around_it(spoken: str, routine_id: str) -> None:
    # What Alexa sends when it captures the slot but does not resolve it.
    assert CONTENT.find_routine(spoken).id == routine_id


def test_only_the_words_around_a_name_are_dropped() -> None:
    assert CONTENT.find_exercise("my child's pose").id == "childs_pose"
    assert CONTENT.find_routine("something gentler") is None
    assert CONTENT.find_routine("the") is None
    assert CONTENT.find_routine("please") is None
    assert CONTENT.find_routine("the juggling routine") is None


def test_german_names_are_found_without_their_articles() -> None:
    german = load_content("de-DE")
    assert german.find_routine("die schnelle hilfe").id == "quick_relief"
    assert german.find_routine("mein morgenprogramm bitte").id == "morning_stretches"
    assert german.find_routine("die schnelle hilfe stattdessen").id == "quick_relief"


def test_every_phrase_renders_with_its_named_values() -> None:
    for key in list(CONTENT.phrases.keys()):
        template = CONTENT.phrases.template(key)
        names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
        assert all(name.isidentifier() for name in names), key
        text = CONTENT.phrases(key, **dict.fromkeys(names, "seven"))
        assert text.strip() and "{" not in text, key


def test_phrases_from_every_phrase_file_are_merged() -> None:
    assert "menu" in CONTENT.phrases and "store_unavailable" in CONTENT.phrases
    with pytest.raises(KeyError):
        CONTENT.phrases("no_such_phrase")


def test_unknown_locales_fall_back_to_en_us() -> None:
    assert supported_locale("fr-FR") == "en-US" and supported_locale(None) == "en-US"
    assert load_content("fr-FR").locale == "en-US"


def test_names_read_naturally_inside_a_sentence() -> None:
    assert in_sentence("Quick relief") == "quick relief"
    assert in_sentence("Child's pose") == "child's pose"
    assert in_sentence("") == ""
