"""Pain check-ins, red flags, standalone counting, and answers to the skill's questions."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from skill.alexa.bridge import render, slot, turn_of
from skill.alexa.handlers import health, thermal
from skill.alexa.handlers.base import IntentHandler
from skill.coach import answers, pain, safety, standalone
from skill.coach import thermal as thermal_coach
from skill.coach.turn import Reply, Turn


class PainLevelHandler(IntentHandler):
    intents = ("PainLevelIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        return pain.level(turn, slot(handler_input, "level")[1])


class ItHurtsHandler(IntentHandler):
    intents = ("ItHurtsIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        return pain.it_hurts(turn)


class ProgressHandler(IntentHandler):
    intents = ("ProgressIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        return health.progress(handler_input, turn, pain.summary(turn))


class RedFlagHandler(IntentHandler):
    intents = ("RedFlagIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        return safety.red_flag(turn, slot(handler_input, "symptom")[0])


class CountdownHandler(IntentHandler):
    intents = ("CountdownIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        return standalone.countdown(turn, slot(handler_input, "duration")[1])


class CountRepsHandler(IntentHandler):
    intents = ("CountRepsIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        return standalone.reps(turn, slot(handler_input, "count")[1])


class SpasmOnsetHandler(IntentHandler):
    intents = ("SpasmOnsetIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        return answers.onset(turn, slot(handler_input, "onset_phrase")[0],
                             slot(handler_input, "onset_ago")[1],
                             slot(handler_input, "onset_date")[1])


class YesHandler(IntentHandler):
    intents = ("AMAZON.YesIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = turn_of(handler_input)
        if thermal.reminder_pending(turn):
            return thermal.accept_reminder(handler_input, turn)
        if health.recent_use_pending(turn):
            return render(handler_input, health.recent_use_yes(turn))
        return render(handler_input, answers.yes(turn))


class NoHandler(IntentHandler):
    intents = ("AMAZON.NoIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = turn_of(handler_input)
        if health.recent_use_pending(turn):
            return thermal.StartApplicationHandler().start(handler_input, health.recent_use_no(turn))
        return super().handle(handler_input)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        if thermal.reminder_pending(turn):
            return thermal_coach.no_reminder(turn)
        return answers.no(turn)
