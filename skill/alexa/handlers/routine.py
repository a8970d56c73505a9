"""Starting routines and exercises, and moving through them."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill.alexa.bridge import slot
from skill.alexa.handlers.base import IntentHandler
from skill.coach import exercises, routines
from skill.coach.turn import Reply, Turn


class StartRoutineHandler(IntentHandler):
    intents = ("StartRoutineIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        resolved_id, heard = slot(handler_input, "routine")
        routine = turn.content.find_routine(heard, resolved_id)
        return routines.start(turn, routine.id if routine else None, spoken=heard or "")


class StartExerciseHandler(IntentHandler):
    intents = ("StartExerciseIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        resolved_id, heard = slot(handler_input, "exercise")
        exercise = turn.content.find_exercise(heard, resolved_id)
        if exercise is None:
            return routines.more_detail(turn, None)
        return exercises.single(turn, exercise)


class NextHandler(IntentHandler):
    intents = ("AMAZON.NextIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        return routines.next_exercise(turn)


class SkipHandler(IntentHandler):
    intents = ("SkipIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        return routines.next_exercise(turn, skipped=True)


class PreviousHandler(IntentHandler):
    intents = ("AMAZON.PreviousIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        return routines.previous(turn)


class RepeatHandler(IntentHandler):
    intents = ("AMAZON.RepeatIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        return routines.repeat(turn)


class StartOverHandler(IntentHandler):
    intents = ("AMAZON.StartOverIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        return routines.start_over(turn)


class PauseHandler(IntentHandler):
    intents = ("AMAZON.PauseIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        return routines.pause(turn)


class ResumeHandler(IntentHandler):
    intents = ("AMAZON.ResumeIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        return routines.resume(turn)


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
        return routines.more_detail(turn, exercise.id if exercise else None)
