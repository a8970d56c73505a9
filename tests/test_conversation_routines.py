"""Guided routines: each one walked end to end, and every navigation command at every position."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from skill.domain.content import Exercise, load_content
from skill.domain.countdown import describe_dose
from tests.alexa import Conversation, Said, phrase

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
    return said.has("exercise_heading", number=number, total=total, name=exercise.name)


def counted(said: Said, exercise: Exercise) -> bool:
    """The count for this exercise's dose is in the speech."""
    dose = exercise.dose
    last = phrase("rep_number", number=1)
    if dose.kind == "hold":
        return said.has_in_order(phrase("hold_start"), last, phrase("hold_release"))
    if dose.kind == "timed":
        return said.has_in_order(phrase("timed_start"), last, phrase("timed_end"))
    return said.has("reps_done", reps=dose.reps)


@pytest.mark.parametrize("routine_id", list(ROUTINE_NAMES))
def test_each_routine_walked_end_to_end(talk: Conversation, routine_id: str) -> None:
    steps = exercises_of(routine_id)
    said = start(talk, routine_id)
    assert said.has("routine_intro", name=CONTENT.routines[routine_id].name, total=len(steps))
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
    assert said.has("after_last_exercise")
    said = talk.say("AMAZON.NextIntent")
    assert said.has("routine_done", name=ROUTINE_NAMES[routine_id])
    said = talk.say("PainLevelIntent", level="3")
    assert said.has("pain_noted", level=3) and said.ended
    said = talk.open()
    assert not said.has("welcome_back_continue"), "a finished routine is not offered again"
    said = talk.say("ProgressIntent")
    assert said.has("progress_sessions_one")


def test_first_time_full_steps_later_short_cue_full_on_request(talk: Conversation) -> None:
    first = exercises_of("quick_relief")[0]
    said = start(talk, "quick_relief")
    assert all(step in said for step in first.steps)
    said = talk.say("AMAZON.RepeatIntent")
    assert first.cue in said and first.steps[1] not in said, "once learned, only the short cue"
    said = talk.say("MoreDetailIntent")
    assert said.has("detail_heading", name=first.name)
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
    hold = phrase("hold_start")
    assert said.has_in_order(phrase("side_first"), hold, phrase("switch_sides"), hold)
    assert said.has("per_side")


def test_long_hold_has_midway_cue_and_last_five_counted(talk: Conversation) -> None:
    said = start(talk, "desk_stretches")  # deep breathing, one minute
    breathing = exercises_of("desk_stretches")[0]
    assert breathing.midway_cue in said
    count = [phrase("rep_number", number=number) for number in (5, 4, 3, 2, 1)]
    assert said.has_in_order(*count, phrase("timed_end"))
    assert '<break time="10s"/>' in said.ssml, "long silences are split into breaks of 10 s"


def test_make_it_easier_gives_shorter_holds_and_fewer_reps_and_is_remembered(talk: Conversation) -> None:
    start(talk, "quick_relief")
    said = talk.say("AMAZON.NextIntent")
    assert said.has("dose_hold", seconds=7, times=phrase("times_many", sets=3))
    said = talk.say("MakeItEasierIntent")
    assert said.has("made_easier") and said.has("dose_hold", seconds=5, times=phrase("times_many", sets=2))
    said = talk.say("AMAZON.NextIntent")
    assert said.has("dose_hold", seconds=4, times=phrase("times_many", sets=3)), "pelvic tilt's easier dose"
    talk.say("AMAZON.StopIntent")
    talk.open()
    said = talk.say("StartRoutineIntent", routine=("morning stretches", "morning_stretches"))
    assert said.has("dose_hold", seconds=5, times=phrase("times_many", sets=2))


def test_routine_by_need_and_unknown_name(talk: Conversation) -> None:
    talk.open()
    said = talk.say("StartRoutineIntent", routine="sitting all day")
    assert said.has("exercise_heading", number=1, total=6, name="Deep breathing")
    talk.say("AMAZON.StopIntent")
    talk.open()
    said = talk.say("StartRoutineIntent", routine="yoga for cats")
    assert said.has("unknown_routine", spoken="yoga for cats") and not said.ended


@pytest.mark.parametrize(
    ("heard", "said_back"),
    [
        ("desk\x00stretches\ufffe\ud800", "deskstretches"),  # characters XML forbids are left out
        ("stretch " * 2000, "stretch stretch stretch stretch stretch stretch"),  # a name's length at most
        ("\U0001f600" * 3800, "\U0001f600" * 60),
    ],
)
def test_an_unknown_name_is_said_back_within_alexas_rules(
    talk: Conversation, heard: str, said_back: str
) -> None:
    # Every response the helper sees is checked against Alexa's rules (SSML, 8000 characters, 24 KB).
    talk.open()
    said = talk.say("StartRoutineIntent", routine=heard)
    assert said.has("unknown_routine", spoken=said_back) and not said.ended


def test_an_exercise_by_name_outside_a_routine(talk: Conversation) -> None:
    talk.open()
    said = talk.say("StartExerciseIntent", exercise=("childs pose", "childs_pose"))
    pose = CONTENT.exercises["childs_pose"]
    assert said.has("single_heading", name=pose.name) and said.has("hold_start")
    assert said.card["title"] == pose.name
    said = talk.say("AMAZON.RepeatIntent")
    assert said.has("single_heading", name=pose.name) and pose.steps[0] not in said
    said = talk.say("StartExerciseIntent", exercise="balasana")
    assert said.has("single_heading", name=pose.name)


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
        assert said.has("routine_done", name=place.name) and said.reprompt_has("pain_after_reprompt")


def test_previous(talk: Conversation, place: Place) -> None:
    at(talk, place)
    steps, total, index = place.steps, place.total, place.index
    said = talk.say("AMAZON.PreviousIntent")
    if index == 0:
        assert said.has("already_first")
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
    assert said.has("skipping", name=steps[index].name)
    if index + 1 < total:
        assert announces(said, steps[index + 1], index + 2, total)
    else:
        assert said.has("routine_done", name=place.name)


def test_pause_then_resume_in_a_new_session(talk: Conversation, place: Place) -> None:
    at(talk, place)
    steps, total, index = place.steps, place.total, place.index
    said = talk.say("AMAZON.PauseIntent")
    assert said.has("paused") and said.ended
    talk.wait(hours=2)
    said = talk.one_shot("AMAZON.ResumeIntent")
    assert said.has("resuming", name=place.name)
    assert announces(said, steps[index], index + 1, total)


def test_carrying_on_within_the_session_goes_on_to_the_next_exercise(
    talk: Conversation, place: Place
) -> None:
    # On a device, "let's keep going" or "let's continue" is Alexa's ResumeIntent.
    at(talk, place)
    steps, total, index = place.steps, place.total, place.index
    said = talk.say("AMAZON.ResumeIntent")
    if index + 1 < total:
        assert announces(said, steps[index + 1], index + 2, total)
    else:
        assert said.has("routine_done", name=place.name)


def test_start_over(talk: Conversation, place: Place) -> None:
    at(talk, place)
    steps, total = place.steps, place.total
    said = talk.say("AMAZON.StartOverIntent")
    assert said.has("starting_over", name=place.name)
    assert announces(said, steps[0], 1, total)


def test_whats_next(talk: Conversation, place: Place) -> None:
    at(talk, place)
    steps, total, index = place.steps, place.total, place.index
    said = talk.say("WhatsNextIntent")
    if index + 1 < total:
        assert said.has("next_is", name=steps[index + 1].name)
    else:
        assert said.has("this_is_last")
    said = talk.say("AMAZON.RepeatIntent")
    assert announces(said, steps[index], index + 1, total), "asking does not move"


def test_how_many_are_left(talk: Conversation, place: Place) -> None:
    at(talk, place)
    total, index = place.total, place.index
    said = talk.say("HowManyLeftIntent")
    left = total - index - 1
    if left == 0:
        assert said.has("this_is_last")
    elif left == 1:
        assert said.has("one_left")
    else:
        assert said.has("many_left", left=left, total=total)


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
    assert said.has("detail_heading", name=steps[index].name)
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
    assert said.has("not_in_routine") and not said.ended


def test_how_do_i_do_an_exercise_by_name_outside_a_routine(talk: Conversation) -> None:
    talk.open()
    said = talk.say("MoreDetailIntent", exercise=("cat camel", "cat_cow"))
    cat_cow = CONTENT.exercises["cat_cow"]
    assert said.has("detail_heading", name=cat_cow.name) and all(step in said for step in cat_cow.steps)
    assert said.reprompt_has("detail_reprompt", name=cat_cow.name)
    said = talk.say("MoreDetailIntent")
    assert said.has("detail_which") and not said.ended
