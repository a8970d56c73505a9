"""Starting routines and exercises, and moving through them, spoken or hands-free.

Each intent has one handler; the coach says whether a hands-free routine is steering.
"""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill.alexa.bridge import slot
from skill.alexa.handlers.base import IntentHandler, RoutineControlHandler
from skill.alexa.handlers.player import player_offset
from skill.coach import exercises, handsfree, routines, thermal
from skill.coach.handsfree import Audio, Outcome
from skill.coach.turn import Reply, Turn


def routine_slot(turn: Turn, handler_input: HandlerInput) -> tuple[str | None, str]:
    """(routine id, what was heard) of the ``routine`` slot."""
    resolved_id, heard = slot(handler_input, "routine")
    routine = turn.content.find_routine(heard, resolved_id)
    return (routine.id if routine else None), heard or ""


class StartRoutineHandler(RoutineControlHandler):
    """ "Start my morning stretches": hands-free when the person chose that as their default."""

    intents = ("StartRoutineIntent",)

    def plays_hands_free(self, turn: Turn, audio: Audio) -> bool:
        return handsfree.prefers(turn)

    def hands_free(self, turn: Turn, audio: Audio, handler_input: HandlerInput) -> Outcome:
        return handsfree.start(turn, audio, *routine_slot(turn, handler_input))

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        routine_id, heard = routine_slot(turn, handler_input)
        return routines.start(turn, routine_id, spoken=heard)


class StartExerciseHandler(IntentHandler):
    intents = ("StartExerciseIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        resolved_id, heard = slot(handler_input, "exercise")
        exercise = turn.content.find_exercise(heard, resolved_id)
        if exercise is None:
            return routines.more_detail(turn, None)
        return exercises.single(turn, exercise)


class NextHandler(RoutineControlHandler):
    intents = ("AMAZON.NextIntent",)

    def hands_free(self, turn: Turn, audio: Audio, handler_input: HandlerInput) -> Outcome:
        return handsfree.move(turn, audio, +1)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        return routines.next_exercise(turn)


class SkipHandler(IntentHandler):
    intents = ("SkipIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        return routines.next_exercise(turn, skipped=True)


class PreviousHandler(RoutineControlHandler):
    intents = ("AMAZON.PreviousIntent",)

    def hands_free(self, turn: Turn, audio: Audio, handler_input: HandlerInput) -> Outcome:
        return handsfree.move(turn, audio, -1)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        return routines.previous(turn)


class RepeatHandler(IntentHandler):
    intents = ("AMAZON.RepeatIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        return routines.repeat(turn)


class StartOverHandler(RoutineControlHandler):
    intents = ("AMAZON.StartOverIntent",)

    def hands_free(self, turn: Turn, audio: Audio, handler_input: HandlerInput) -> Outcome:
        return handsfree.move(turn, audio, 0)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        return routines.start_over(turn)


class PauseHandler(RoutineControlHandler):
    intents = ("AMAZON.PauseIntent",)

    def hands_free(self, turn: Turn, audio: Audio, handler_input: HandlerInput) -> Outcome:
        return handsfree.pause(turn, player_offset(handler_input))

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        return routines.pause(turn)


class ResumeHandler(RoutineControlHandler):
    """Resume a paused routine; with the hands-free preference on, it plays hands-free."""

    intents = ("AMAZON.ResumeIntent",)

    def plays_hands_free(self, turn: Turn, audio: Audio) -> bool:
        return handsfree.resumes_hands_free(turn, audio)

    def hands_free(self, turn: Turn, audio: Audio, handler_input: HandlerInput) -> Outcome:
        return handsfree.resume(turn, audio)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        return routines.carry_on(turn)


class StopHandler(RoutineControlHandler):
    intents = ("AMAZON.StopIntent", "AMAZON.CancelIntent")

    def hands_free(self, turn: Turn, audio: Audio, handler_input: HandlerInput) -> Outcome:
        return handsfree.stop(turn, player_offset(handler_input))

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        return routines.stop(turn)


class WhatsNextHandler(IntentHandler):
    intents = ("WhatsNextIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        return routines.whats_next(turn)


class HowManyLeftHandler(IntentHandler):
    intents = ("HowManyLeftIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        return routines.how_many_left(turn)


class MakeItEasierHandler(IntentHandler):
    intents = ("MakeItEasierIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        return routines.make_easier(turn)


class MoreDetailHandler(IntentHandler):
    intents = ("MoreDetailIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        resolved_id, heard = slot(handler_input, "exercise")
        exercise = turn.content.find_exercise(heard, resolved_id)
        if exercise is None and thermal.has_details(turn):
            return thermal.details(turn)  # "tell me more" after the ice or heat advice
        return routines.more_detail(turn, exercise.id if exercise else None)
