"""Spoken countdowns and rep counts as scripts: what is said and how long the silences are."""

from __future__ import annotations

import pytest

from skill.domain.content import Dose, load_content
from skill.domain.countdown import (
    MIDWAY_CUE_FROM,
    count_reps,
    describe_dose,
    exercise_count,
    hold,
)
from skill.domain.script import Pause, Say, Script, speech_seconds

CONTENT = load_content("en-US")
PHRASE = CONTENT.phrases


def words(script: Script) -> list[str]:
    return [step.text for step in script if isinstance(step, Say)]


def silence(script: Script) -> float:
    return sum(step.silence(speech_seconds) for step in script if isinstance(step, Pause))


@pytest.mark.parametrize("seconds", [1, 3, 5, 6, 11, 12, 20, 30, 60, 300])
def test_a_hold_lasts_as_long_as_asked(seconds: int) -> None:
    script = hold(seconds, PHRASE)
    # From the end of "Hold." to the start of "And release", by the speech-time estimate:
    # the counted numbers and the midway cue are said inside the hold, not added to it.
    held = Script(script[1:-1]).estimated_seconds()
    assert held == pytest.approx(seconds, abs=0.025 * seconds)
    assert words(script)[0] in PHRASE.variants("hold_start")
    assert words(script)[-1] == PHRASE("hold_release")


def test_the_last_five_seconds_are_counted_aloud() -> None:
    said = words(hold(30, PHRASE))
    assert said[-6:] == ["5.", "4.", "3.", "2.", "1.", PHRASE("hold_release")]


def test_a_short_hold_counts_only_what_there_is() -> None:
    said = words(hold(3, PHRASE))
    assert said[0] in PHRASE.variants("hold_start") and said[1:] == ["3.", "2.", "1.", PHRASE("hold_release")]


def test_a_midway_cue_for_long_holds_only() -> None:
    assert PHRASE("midway_cue") in words(hold(MIDWAY_CUE_FROM, PHRASE))
    assert PHRASE("midway_cue") not in words(hold(MIDWAY_CUE_FROM - 1, PHRASE))
    assert "Breathe." in words(hold(20, PHRASE, "Breathe."))


def test_the_midway_cue_sits_in_the_middle() -> None:
    script = hold(30, PHRASE)
    cue = words(script).index(PHRASE("midway_cue"))
    before = script[: script.index(Say(PHRASE("midway_cue")))]
    assert cue == 1 and silence(before) == pytest.approx(15)


def test_reps_are_counted_one_by_one_with_their_movements() -> None:
    script = count_reps(3, PHRASE, ("Lift.", "Lower."), rep_seconds=4, hold_seconds=3)
    assert words(script) == [
        "1.",
        "Lift.",
        "Lower.",
        "2.",
        "Lift.",
        "Lower.",
        "3.",
        "Lift.",
        "Lower.",
        "That's 3. Relax.",
    ]
    # The silence after the first phrase is the hold itself; "Lower." and its rest share
    # the other half of the stated pace.
    assert script[2] == Pause(3)
    assert Script(script[3:5]).estimated_seconds() == pytest.approx(2)


@pytest.mark.parametrize(
    ("phrases", "rep_seconds"),
    [((), 5), (("In.", "Out."), 4), (("Breathe in and arch.", "Breathe out and round."), 6)],
)
def test_reps_keep_the_stated_pace(phrases: tuple[str, ...], rep_seconds: float) -> None:
    script = count_reps(4, PHRASE, phrases, rep_seconds=rep_seconds)
    # Everything before "That's 4": four repetitions, each rep_seconds long with its words.
    assert Script(script[:-1]).estimated_seconds() == pytest.approx(4 * rep_seconds, abs=0.01)
    starts = [i for i, step in enumerate(script) if step in {Say(f"{n}.") for n in range(1, 5)}]
    for first, second in zip(starts, starts[1:], strict=False):
        assert Script(script[first:second]).estimated_seconds() == pytest.approx(rep_seconds)


def holds(said: list[str]) -> int:
    """How many holds begin in these words (by any phrasing of hold_start)."""
    return sum(word in PHRASE.variants("hold_start") for word in said)


def test_two_sided_exercises_switch_sides_by_voice() -> None:
    twist = CONTENT.exercises["lying_twist"]
    said = words(exercise_count(twist, twist.dose, PHRASE))
    assert said[0] == PHRASE("side_first")
    assert said.count(PHRASE("switch_sides")) == 1
    switch = said.index(PHRASE("switch_sides"))
    assert holds(said[:switch]) == holds(said[switch:]) == twist.dose.sets


def test_sets_rest_between_holds() -> None:
    knees = CONTENT.exercises["knees_to_chest"]
    said = words(exercise_count(knees, knees.dose, PHRASE))
    assert holds(said) == 3 and said.count(PHRASE("between_sets")) == 2


@pytest.mark.parametrize(
    ("dose", "expected"),
    [
        (Dose(kind="hold", hold_seconds=10, sets=1), "Hold for 10 seconds, once."),
        (Dose(kind="hold", hold_seconds=7, sets=3, sided=True), "Hold for 7 seconds, 3 times on each side."),
        (Dose(kind="reps", reps=8), "8 slow repetitions."),
        (Dose(kind="reps", reps=6, sided=True), "6 slow repetitions on each side."),
        (Dose(kind="timed", seconds=60), "For 60 seconds."),
    ],
)
def test_doses_are_described_in_one_sentence(dose: Dose, expected: str) -> None:
    # How the dose phrases join into one sentence is the point, so the sentence is the check.
    assert describe_dose(dose, PHRASE) == expected


@pytest.mark.parametrize("exercise_id", sorted(CONTENT.exercises))
def test_every_exercise_counts_within_alexa_limits(exercise_id: str) -> None:
    from skill.alexa.ssml import problems, to_ssml

    exercise = CONTENT.exercises[exercise_id]
    for dose in (exercise.dose, exercise.easier_dose):
        ssml = to_ssml(exercise_count(exercise, dose, PHRASE))
        assert problems(ssml) == []


def test_a_reused_countdown_is_a_fresh_script_each_time() -> None:
    first = hold(20, PHRASE)
    first.say("And one more thing.")
    again = hold(20, PHRASE)
    assert again is not first and "And one more thing." not in words(again)
    assert words(again) == words(first)[:-1]
