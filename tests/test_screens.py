"""Echo Show and other screens: what each step shows, touches, and devices without a screen.

Every response here goes through ``ScreenDevice``, which checks it for Alexa's 24 KB
limit and for agreement between the screen and the voice (exercise, position, count).
Tests that compare two people's conversations word for word rely on the suite's
``SKILL_PHRASE_SEED``: without it each person hears their own phrasing of the day.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest

from skill.domain.content import load_content
from tests.alexa import Conversation, Said
from tests.screen_support import RENDER, ScreenDevice, Transport, agreement_problems, screen_of

PHRASES = load_content("en-US").phrases
ROUTINE = ("morning stretches", "morning_stretches")


@pytest.fixture
def show(transport: Transport) -> ScreenDevice:
    return ScreenDevice(send=transport)


def labels(screen_data: dict[str, Any]) -> list[str]:
    return [button["label"] for button in screen_data.get("buttons", [])]


def test_the_menu_lists_every_routine_with_its_length_and_who_it_is_for(show: ScreenDevice) -> None:
    show.talk.open()
    screen = show.screen
    assert screen is not None and screen.document == "menu"
    items = {item["id"]: item for item in screen.data["items"]}
    assert set(items) == set(load_content("en-US").routines)
    for routine_id, item in items.items():
        assert item["audience"] == PHRASES(f"screen_for_{routine_id}")
        minutes = int(re.search(r"\d+", item["minutes"]).group())
        assert 1 <= minutes <= 30


def test_an_exercise_shows_name_position_steps_ring_and_buttons(show: ScreenDevice) -> None:
    show.talk.open()
    said = show.talk.say("StartRoutineIntent", routine=ROUTINE)
    screen = show.screen
    assert screen is not None and screen.document == "exercise"
    first = load_content("en-US").routine_exercises("morning_stretches")[0]
    assert screen.data["title"] == first.name
    assert screen.data["position"] == PHRASES("screen_position", number=1, total=6)
    assert screen.data["lines"] == list(first.steps)  # the first time: the full steps, as spoken
    assert labels(screen.data) == [
        PHRASES(f"screen_button_{key}") for key in ("next", "pause", "easier", "stop", "hurts")
    ]
    holds = [row for row in screen.segments if row["kind"] == "hold"]
    assert len(holds) == first.dose.sets and all(row["value"] == first.dose.hold_seconds for row in holds)
    assert not agreement_problems(said)


def test_tapping_next_moves_on_like_saying_next(show: ScreenDevice, transport: Transport) -> None:
    voice = ScreenDevice(send=transport)
    voice.talk.user_id = "amzn1.ask.account.VOICE"
    for device in (show, voice):
        device.talk.open()
        device.talk.say("StartRoutineIntent", routine=ROUTINE)
    tapped = show.tap("next")
    spoken = voice.talk.say("AMAZON.NextIntent")
    assert tapped.text == spoken.text
    assert tapped.attributes == spoken.attributes
    assert screen_of(tapped) == screen_of(spoken)
    assert show.screen is not None and show.screen.data["position"] == PHRASES(
        "screen_position", number=2, total=6
    )


@pytest.mark.parametrize(
    ("action", "value", "intent", "slots"),
    [
        ("pause", "", "AMAZON.PauseIntent", {}),
        ("easier", "", "MakeItEasierIntent", {}),
        ("stop", "", "AMAZON.StopIntent", {}),
        ("hurts", "", "ItHurtsIntent", {}),
        ("pain", 4, "PainLevelIntent", {"level": "4"}),
        (
            "routine",
            "desk_stretches",
            "StartRoutineIntent",
            {"routine": ("desk stretches", "desk_stretches")},
        ),
    ],
)
def test_every_button_does_what_saying_it_does(
    transport: Transport, action: str, value: object, intent: str, slots: dict[str, Any]
) -> None:
    tapping, talking = ScreenDevice(send=transport), ScreenDevice(send=transport)
    talking.talk.user_id = "amzn1.ask.account.TALKING"
    for device in (tapping, talking):
        device.talk.open()
        device.talk.say("StartRoutineIntent", routine=ROUTINE)
    tapped = tapping.tap(action, value)
    spoken = talking.talk.say(intent, **slots)
    assert (tapped.text, tapped.ended, tapped.attributes) == (spoken.text, spoken.ended, spoken.attributes)
    assert screen_of(tapped) == screen_of(spoken)


def test_it_hurts_then_yes_on_screen_stands_in_the_gentler_exercise(show: ScreenDevice) -> None:
    show.talk.open()
    show.talk.say("StartRoutineIntent", routine=ROUTINE)
    show.tap("next")  # pelvic tilt, whose gentler one is knees to chest
    show.tap("hurts")
    assert show.screen is not None and labels(show.screen.data) == [
        PHRASES("screen_button_yes"),
        PHRASES("screen_button_no"),
    ]
    said = show.tap("yes")
    screen = screen_of(said)
    assert screen is not None and screen.document == "exercise"
    assert screen.data["title"] == load_content("en-US").exercises["knees_to_chest"].name


def test_a_tap_that_names_nothing_known_is_the_fallback(show: ScreenDevice) -> None:
    show.talk.open()
    for arguments in (("launch_missiles", ""), ("routine", "no_such_routine")):
        said = show.tap(*arguments)
        assert not said.ended and said.reprompt
        assert "routine" not in said.attributes


def test_both_sides_and_reps_are_on_the_ring(show: ScreenDevice) -> None:
    show.talk.open()
    show.talk.say("StartExerciseIntent", exercise=("side lying leg raise", "side_lying_leg_raise"))
    screen = show.screen
    assert screen is not None and screen.document == "exercise"
    exercise = load_content("en-US").exercises["side_lying_leg_raise"]
    reps = [row for row in screen.segments if row["kind"] == "rep"]
    assert [row["side"] for row in reps] == [1] * exercise.dose.reps + [2] * exercise.dose.reps
    assert [row["value"] for row in reps] == list(range(1, exercise.dose.reps + 1)) * 2
    assert [row["kind"] for row in screen.segments].count("switch") == 1


def test_a_countdown_and_a_rep_count_on_their_own(show: ScreenDevice) -> None:
    show.talk.open()
    show.talk.say("CountdownIntent", duration="PT30S")
    screen = show.screen
    assert screen is not None and screen.document == "countdown"
    assert [(row["kind"], row["value"]) for row in screen.segments] == [("hold", 30)]
    show.talk.say("CountRepsIntent", count="6")
    screen = show.screen
    assert screen is not None and screen.document == "countdown"
    assert [row["value"] for row in screen.segments] == [1, 2, 3, 4, 5, 6]
    assert screen.data["title"] == PHRASES("screen_reps_title")


def test_the_pain_scale_after_a_routine_records_a_tap_like_a_spoken_number(show: ScreenDevice) -> None:
    show.talk.open()
    show.talk.say("PainLevelIntent", level="7")
    show.talk.say("StartRoutineIntent", routine=("quick relief", "quick_relief"))
    for _ in range(4):
        show.tap("next")
    screen = show.screen
    assert screen is not None and screen.document == "pain"
    assert [level["value"] for level in screen.data["levels"]] == list(range(11))
    said = show.tap("pain", 3)
    assert said.ended and said.has("pain_noted", level=3)
    show.talk.open()
    show.talk.say("ProgressIntent")
    chart = show.screen
    assert chart is not None and chart.document == "progress"
    assert chart.data["sessions"] == [{"before": 7, "after": 3}]
    assert chart.data["beforePath"] and chart.data["afterPath"] and not chart.data["empty"]


def test_ice_shows_the_pack_time_left_and_the_rules(show: ScreenDevice) -> None:
    show.talk.open()
    show.talk.say("StartApplicationIntent", kind=("ice", "ice"))
    screen = show.screen
    assert screen is not None and screen.document == "thermal"
    assert screen.data["status"] == PHRASES("screen_thermal_on", pack="The ice pack", minutes=20)
    assert PHRASES("thermal_towel") in screen.data["rules"]
    assert PHRASES("thermal_never_sleep") in screen.data["rules"]


def test_a_red_flag_shows_the_message_and_number_and_nothing_to_tap(show: ScreenDevice) -> None:
    show.talk.open()
    show.talk.say("StartRoutineIntent", routine=ROUTINE)
    said = show.talk.say("RedFlagIntent", symptom=("my legs are numb", "leg_numbness"))
    screen = screen_of(said)
    assert screen is not None and screen.document == "red_flag"
    assert screen.data["text"] == said.text
    assert PHRASES("emergency_number") in screen.data["call"]
    assert "buttons" not in screen.data and "segments" not in screen.data
    rendered = json.dumps(next(d for d in said.directives if d["type"] == RENDER)["document"])
    assert "SendEvent" not in rendered and "TouchWrapper" not in rendered and "AlexaButton" not in rendered


def _without_screens(body: dict[str, Any]) -> dict[str, Any]:
    body = copy.deepcopy(body)
    directives = [d for d in body["response"].get("directives", []) if d["type"] != RENDER]
    if directives:
        body["response"]["directives"] = directives
    else:
        body["response"].pop("directives", None)
    return body


def test_a_device_without_a_screen_gets_exactly_the_same_response_without_apl(transport: Transport) -> None:
    screen_device = ScreenDevice(send=transport)
    speaker_bodies: list[dict[str, Any]] = []

    def speaker_send(body: dict[str, Any]) -> dict[str, Any]:
        speaker_bodies.append(transport(body))
        return speaker_bodies[-1]

    speaker = Conversation(send=speaker_send, user_id="amzn1.ask.account.SPEAKER")
    for talk in (screen_device.talk, speaker):
        talk.open()
        talk.say("StartRoutineIntent", routine=ROUTINE)
        talk.say("AMAZON.NextIntent")
        talk.say("CountdownIntent", duration="PT20S")
        talk.say("ItHurtsIntent")
        talk.say("ProgressIntent")
        talk.say("RedFlagIntent", symptom=("I have a fever", "fever"))
    assert all(screen_of(Said(body)) is None for body in speaker_bodies)
    assert all(screen_of(Said(body)) is not None for body in screen_device.responses)
    assert [_without_screens(body) for body in screen_device.responses] == speaker_bodies


def test_the_agreement_check_catches_a_ring_out_of_step_with_the_voice(show: ScreenDevice) -> None:
    show.talk.open()
    said = show.talk.say("CountdownIntent", duration="PT20S")
    assert not agreement_problems(said)
    shifted = copy.deepcopy(said.body)
    for directive in shifted["response"]["directives"]:
        for row in directive.get("datasources", {}).get("screen", {}).get("segments", []):
            for key in ("startMs", "endMs", "untilMs"):
                row[key] += 2500
    assert agreement_problems(Said(shifted))


def test_an_unclear_pain_level_brings_up_the_scale(show: ScreenDevice) -> None:
    show.talk.open()
    show.talk.say("PainLevelIntent", level="a lot")
    screen = show.screen
    assert screen is not None and screen.document == "pain"
    said = show.tap("pain", 5)
    assert said.has("pain_noted", level=5)


def test_the_agreement_check_catches_a_side_switch_out_of_step(show: ScreenDevice) -> None:
    show.talk.open()
    said = show.talk.say("StartExerciseIntent", exercise=("lying twist", "lying_twist"))
    assert not agreement_problems(said)
    moved = copy.deepcopy(said.body)
    for directive in moved["response"]["directives"]:
        for row in directive.get("datasources", {}).get("screen", {}).get("segments", []):
            if row["kind"] == "switch":
                row["startMs"] -= 3000
    assert any("switches sides" in problem for problem in agreement_problems(Said(moved)))


def test_every_routine_and_exercise_on_a_screen_stays_in_step_and_small(show: ScreenDevice) -> None:
    """Each response is checked by ScreenDevice (24 KB, screen and voice agree)."""
    content = load_content("en-US")
    show.talk.open()
    show.talk.say("SpasmOnsetIntent", onset_ago="P10D")  # settled: every routine and exercise may start
    for routine in content.routines.values():
        show.talk.say("StartRoutineIntent", routine=(routine.name.lower(), routine.id))
        for _ in routine.exercises:
            assert show.screen is not None and show.screen.document == "exercise"
            show.tap("next")
        assert show.screen is not None and show.screen.document == "pain"
        show.tap("pain", 2)
        show.talk.open()
    for exercise in content.exercises.values():
        show.talk.say("StartExerciseIntent", exercise=(exercise.name.lower(), exercise.id))
        assert show.screen is not None and show.screen.data["title"] == exercise.name
        assert show.screen.segments, f"{exercise.id} has no countdown on screen"
        show.tap("easier")
    show.talk.say("CountdownIntent", duration="PT300S")
    show.talk.say("CountRepsIntent", count="30")
    assert len(show.responses) > 60
