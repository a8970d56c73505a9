"""No two intents can be heard from the same utterance, and no sample is a catch-all."""

from __future__ import annotations

import json
from pathlib import Path

from skill.simulator.conflicts import catch_alls, find_conflicts

MODEL = json.loads((Path(__file__).parents[1] / "interaction_models" / "en-US.json").read_text())


def _model(intents: list[dict], types: list[dict] | None = None) -> dict:
    return {
        "interactionModel": {
            "languageModel": {"invocationName": "back spasm helper", "intents": intents, "types": types or []}
        }
    }


ROUTINES = [
    {
        "name": "ROUTINE_NAME",
        "values": [
            {"id": "morning_stretches", "name": {"value": "morning stretches", "synonyms": ["morning"]}}
        ],
    }
]


def test_the_interaction_model_has_no_utterance_conflicts() -> None:
    conflicts = find_conflicts(MODEL)
    assert not conflicts, "\n".join(str(c) for c in conflicts[:20])


def test_the_interaction_model_has_no_catch_all_samples() -> None:
    assert catch_alls(MODEL) == []


def test_a_slot_value_that_makes_another_intents_sample_is_a_conflict() -> None:
    model = _model(
        [
            {
                "name": "StartRoutineIntent",
                "slots": [{"name": "routine", "type": "ROUTINE_NAME"}],
                "samples": ["start {routine}"],
            },
            {"name": "WakeIntent", "samples": ["start morning"]},
        ],
        ROUTINES,
    )
    found = find_conflicts(model)
    assert [(c.utterance, {c.intent, c.other_intent}) for c in found] == [
        ("start morning", {"StartRoutineIntent", "WakeIntent"})
    ]


def test_a_spoken_number_counts_as_a_value_too() -> None:
    model = _model(
        [
            {
                "name": "PainLevelIntent",
                "slots": [{"name": "level", "type": "AMAZON.NUMBER"}],
                "samples": ["{level} out of ten"],
            },
            {"name": "RatingIntent", "samples": ["three out of ten"]},
        ]
    )
    assert {c.utterance for c in find_conflicts(model)} == {"three out of ten"}


def test_samples_that_share_only_words_do_not_conflict() -> None:
    model = _model(
        [
            {
                "name": "StartRoutineIntent",
                "slots": [{"name": "routine", "type": "ROUTINE_NAME"}],
                "samples": ["start {routine}"],
            },
            {"name": "CountdownIntent", "samples": ["start a countdown"]},
        ],
        ROUTINES,
    )
    assert find_conflicts(model) == []


def test_a_carrier_of_everyday_words_around_a_custom_slot_is_a_catch_all() -> None:
    model = _model(
        [
            {
                "name": "StartRoutineIntent",
                "slots": [{"name": "routine", "type": "ROUTINE_NAME"}],
                "samples": [
                    "i want {routine}",
                    "i need {routine}",
                    "start the {routine} routine",
                    "{routine}",
                ],
            },
        ],
        ROUTINES,
    )
    assert catch_alls(model) == [
        "StartRoutineIntent: 'i want {routine}' is a catch-all",
        "StartRoutineIntent: 'i need {routine}' is a catch-all",
    ]
