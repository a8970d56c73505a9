"""Everyday phrasings: pace, where we are, thanks, the floor, back pain, medicines."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill.alexa.bridge import slot
from skill.alexa.handlers.base import IntentHandler, RoutineControlHandler
from skill.coach import handsfree, natural, routines, thermal
from skill.coach.handsfree import Audio, Outcome
from skill.coach.turn import Reply, Turn


class PaceHandler(RoutineControlHandler):
    """ "Count slower": spoken countdowns at once; hands-free from the next track."""

    intents = ("PaceIntent",)

    def hands_free(self, turn: Turn, audio: Audio, handler_input: HandlerInput) -> Outcome:
        return handsfree.pace(turn, audio, slot(handler_input, "pace")[0])

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        return natural.pace(turn, slot(handler_input, "pace")[0])


class WhatIsThisHandler(IntentHandler):
    intents = ("WhatIsThisIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        return natural.what_is_this(turn)


class TimeLeftHandler(IntentHandler):
    intents = ("TimeLeftIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        if routines.active(turn) is None and thermal.on_now(turn):
            # "How long is left?" with a pack on and no routine under way: the pack's time.
            return thermal.last_application(turn, None)
        return natural.time_left(turn)


class ThanksHandler(IntentHandler):
    intents = ("ThanksIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        return natural.thanks(turn)


class FloorHandler(IntentHandler):
    intents = ("FloorIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        return natural.floor(turn)


class BackPainHelpHandler(IntentHandler):
    intents = ("BackPainHelpIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        return natural.back_help(turn)


class MedicationHandler(IntentHandler):
    intents = ("MedicationIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        return natural.medication(turn)
