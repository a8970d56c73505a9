"""Guided routines: each one walked end to end, and every navigation command at every position."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from skill.domain.content import Exercise, load_content
from skill.domain.countdown import describe_dose
from tests.alexa import Conversation, Said

CONTENT = load_content("en-US")
ROUTINE_NAMES = {
    "quick_relief": "quick relief",
    "morning_stretches": "morning stretches",
    "desk_stretches": "desk stretches",
    "core_strength": "core strength",
}


def exercises_of(routine_id: str) -> list[Exercise]:
    return CONTENT.routine_exercises(routine_id)


def start(talk: Conversation, routine_id: str) -> Said:
    """Open the skill and ask for a routine; core strength first hears when the spasm began."""
    talk.open()
    said = talk.say("StartRoutineIntent", routine=(ROUTINE_NAMES[routine_id], routine_id))
    if routine_id == "core_strength":
        said = talk.say("SpasmOnsetIntent", onset_ago="P8D")
    return said


def announces(said: Said, exercise: Exercise, number: int, total: int) -> bool:
    return f"exercise {number} of {total}: {exercise.name}" in said


def counted(said: Said, exercise: Exercise) -> bool:
    """The count for this exercise's dose is in the speech."""
    dose = exercise.dose
    if dose.kind == "hold":
        return "Hold." in said.text and "1. And release." in said.text
    if dose.kind == "timed":
        return "Begin." in said.text and "1. And rest." in said.text
    return f"That's {dose.reps}. Relax." in said.text


@pytest.mark.parametrize("routine_id", list(ROUTINE_NAMES))
def test_each_routine_walked_end_to_end(talk: Conversation, routine_id: str) -> None:
    steps = exercises_of(routine_id)
    said = start(talk, routine_id)
    assert said.text.startswith("Let's begin.")
    for number, exercise in enumerate(steps, start=1):
        if number > 1:
            said = talk.say("AMAZON.NextIntent")
        assert announces(said, exercise, number, len(steps)), said.text
        assert counted(said, exercise), said.text
        first_time = exercise not in steps[: number - 1]
        assert (exercise.steps[0] in said) == first_time, "full steps the first time only"
        assert said.card["title"] == exercise.name
        assert exercise.steps[0] in said.card["content"]
        assert not said.ended and said.reprompt
    assert "That was the last one" in said
    said = talk.say("AMAZON.NextIntent")
    assert f"end of {ROUTINE_NAMES[routine_id]}" in said
    assert "pain now" in said
    said = talk.say("PainLevelIntent", level="3")
    assert "3 out of ten" in said and said.ended
    said = talk.open()
    assert "Last time you stopped" not in said, "a finished routine is not offered again"
    said = talk.say("ProgressIntent")
    assert "finished one routine" in said


def test_first_time_full_steps_later_short_cue_full_on_request(talk: Conversation) -> None:
    first = exercises_of("quick_relief")[0]
    said = start(talk, "quick_relief")
    assert all(step in said for step in first.steps)
    said = talk.say("AMAZON.RepeatIntent")
    assert first.cue in said and first.steps[1] not in said, "once learned, only the short cue"
    said = talk.say("MoreDetailIntent")
    assert f"how to do {first.name.lower()}" in said
    assert all(step in said for step in first.steps)
    talk.say("AMAZON.StopIntent")
    talk.wait(days=1)
    said = start(talk, "quick_relief")
    assert first.cue in said and first.steps[1] not in said, "learned exercises are remembered"


def test_two_sided_exercise_switches_sides_by_voice(talk: Conversation) -> None:
    steps = exercises_of("morning_stretches")
    twist = next(index for index, exercise in enumerate(steps) if exercise.dose.sided)
    start(talk, "morning_stretches")
    for _ in range(twist):
        said = talk.say("AMAZON.NextIntent")
    text = said.text
    assert "left side" in text and "switch sides" in text
    left, right = text.split("switch sides", 1)
    assert "Hold." in left.split("left side", 1)[1] and "Hold." in right
    assert "on each side" in text


def test_long_hold_has_midway_cue_and_last_five_counted(talk: Conversation) -> None:
    said = start(talk, "desk_stretches")  # deep breathing, one minute
    breathing = exercises_of("desk_stretches")[0]
    assert breathing.midway_cue in said
    assert "5. 4. 3. 2. 1. And rest." in said
    assert '<break time="10s"/>' in said.ssml, "long silences are split into breaks of 10 s"


def test_make_it_easier_gives_shorter_holds_and_fewer_reps_and_is_remembered(talk: Conversation) -> None:
    start(talk, "quick_relief")
    said = talk.say("AMAZON.NextIntent")
    assert "Hold for 7 seconds, 3 times" in said
    said = talk.say("MakeItEasierIntent")
    assert "make it easier" in said and "Hold for 5 seconds, 2 times" in said
    said = talk.say("AMAZON.NextIntent")
    assert "Hold for 4 seconds, 3 times" in said, "pelvic tilt's easier dose"
    talk.say("AMAZON.StopIntent")
    talk.open()
    said = talk.say("StartRoutineIntent", routine=("morning stretches", "morning_stretches"))
    assert "Hold for 5 seconds, 2 times" in said


def test_routine_by_need_and_unknown_name(talk: Conversation) -> None:
    talk.open()
    said = talk.say("StartRoutineIntent", routine="sitting all day")
    assert "exercise 1 of 6: Deep breathing" in said
    talk.say("AMAZON.StopIntent")
    talk.open()
    said = talk.say("StartRoutineIntent", routine="yoga for cats")
    assert "I don't have a routine called yoga for cats" in said and not said.ended


def test_an_exercise_by_name_outside_a_routine(talk: Conversation) -> None:
    talk.open()
    said = talk.say("StartExerciseIntent", exercise=("childs pose", "childs_pose"))
    assert "Child's pose." in said and "Hold." in said
    assert said.card["title"] == "Child's pose"
    said = talk.say("AMAZON.RepeatIntent")
    assert "Child's pose." in said and "Kneel on the floor" not in said
    said = talk.say("StartExerciseIntent", exercise="balasana")
    assert "Child's pose." in said


# Every navigation command at every position of every routine ----------------------------


@dataclass(frozen=True)
class Place:
    routine_id: str
    index: int

    @property
    def steps(self) -> list[Exercise]:
        return exercises_of(self.routine_id)

    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def name(self) -> str:
        return ROUTINE_NAMES[self.routine_id]


PLACES = [
    Place(routine_id, index) for routine_id in ROUTINE_NAMES for index in range(len(exercises_of(routine_id)))
]


@pytest.fixture(params=PLACES, ids=lambda place: f"{place.routine_id}-{place.index + 1}")
def place(request: pytest.FixtureRequest) -> Place:
    return request.param


def at(talk: Conversation, place: Place) -> Said:
    said = start(talk, place.routine_id)
    for _ in range(place.index):
        said = talk.say("AMAZON.NextIntent")
    assert announces(said, place.steps[place.index], place.index + 1, place.total)
    return said


def test_next(talk: Conversation, place: Place) -> None:
    at(talk, place)
    steps, total, index = place.steps, place.total, place.index
    said = talk.say("AMAZON.NextIntent")
    if index + 1 < total:
        assert announces(said, steps[index + 1], index + 2, total)
    else:
        assert f"end of {place.name}" in said and "pain now" in said.reprompt


def test_previous(talk: Conversation, place: Place) -> None:
    at(talk, place)
    steps, total, index = place.steps, place.total, place.index
    said = talk.say("AMAZON.PreviousIntent")
    if index == 0:
        assert "This is the first exercise" in said
    else:
        assert announces(said, steps[index - 1], index, total)
        assert steps[index - 1].cue in said, "already done once: the short cue"


def test_repeat(talk: Conversation, place: Place) -> None:
    at(talk, place)
    steps, total, index = place.steps, place.total, place.index
    said = talk.say("AMAZON.RepeatIntent")
    assert announces(said, steps[index], index + 1, total)
    assert steps[index].cue in said


def test_skip(talk: Conversation, place: Place) -> None:
    at(talk, place)
    steps, total, index = place.steps, place.total, place.index
    said = talk.say("SkipIntent")
    assert f"Skipping {steps[index].name.lower()}" in said
    if index + 1 < total:
        assert announces(said, steps[index + 1], index + 2, total)
    else:
        assert f"end of {place.name}" in said


def test_pause_then_resume_in_a_new_session(talk: Conversation, place: Place) -> None:
    at(talk, place)
    steps, total, index = place.steps, place.total, place.index
    said = talk.say("AMAZON.PauseIntent")
    assert "Paused" in said and said.ended
    talk.wait(hours=2)
    said = talk.one_shot("AMAZON.ResumeIntent")
    assert f"Picking up {place.name}" in said
    assert announces(said, steps[index], index + 1, total)


def test_resume_within_the_session(talk: Conversation, place: Place) -> None:
    at(talk, place)
    steps, total, index = place.steps, place.total, place.index
    said = talk.say("AMAZON.ResumeIntent")
    assert announces(said, steps[index], index + 1, total)


def test_start_over(talk: Conversation, place: Place) -> None:
    at(talk, place)
    steps, total = place.steps, place.total
    said = talk.say("AMAZON.StartOverIntent")
    assert "from the beginning" in said
    assert announces(said, steps[0], 1, total)


def test_whats_next(talk: Conversation, place: Place) -> None:
    at(talk, place)
    steps, total, index = place.steps, place.total, place.index
    said = talk.say("WhatsNextIntent")
    if index + 1 < total:
        assert f"Next is {steps[index + 1].name.lower()}" in said
    else:
        assert "This is the last exercise" in said
    said = talk.say("AMAZON.RepeatIntent")
    assert announces(said, steps[index], index + 1, total), "asking does not move"


def test_how_many_are_left(talk: Conversation, place: Place) -> None:
    at(talk, place)
    total, index = place.total, place.index
    said = talk.say("HowManyLeftIntent")
    left = total - index - 1
    expected = {0: "This is the last exercise", 1: "one more exercise"}.get(
        left, f"{left} more exercises after this one, out of {total}"
    )
    assert expected in said


def test_make_it_easier(talk: Conversation, place: Place) -> None:
    at(talk, place)
    steps, total, index = place.steps, place.total, place.index
    said = talk.say("MakeItEasierIntent")
    assert announces(said, steps[index], index + 1, total)
    easier = describe_dose(steps[index].easier_dose, CONTENT.phrases)
    assert easier in said and easier != describe_dose(steps[index].dose, CONTENT.phrases)


def test_more_detail(talk: Conversation, place: Place) -> None:
    at(talk, place)
    steps, total, index = place.steps, place.total, place.index
    said = talk.say("MoreDetailIntent")
    assert f"how to do {steps[index].name.lower()}" in said
    assert all(step in said for step in steps[index].steps)
    assert said.card["title"] == steps[index].name
    said = talk.say("AMAZON.NextIntent")
    if index + 1 < total:
        assert announces(said, steps[index + 1], index + 2, total), "detail does not move"


@pytest.mark.parametrize(
    "intent",
    ["AMAZON.NextIntent", "AMAZON.PreviousIntent", "SkipIntent", "WhatsNextIntent", "HowManyLeftIntent"],
)
def test_navigation_outside_a_routine_says_so(talk: Conversation, intent: str) -> None:
    talk.open()
    said = talk.say(intent)
    assert "not in a routine" in said and not said.ended


def test_how_do_i_do_an_exercise_by_name_outside_a_routine(talk: Conversation) -> None:
    talk.open()
    said = talk.say("MoreDetailIntent", exercise=("cat camel", "cat_cow"))
    assert "how to do cat cow" in said and "hands and knees" in said
    assert "guide me through cat cow" in said.reprompt
    said = talk.say("MoreDetailIntent")
    assert "Which exercise" in said and not said.ended
