"""Pain check-ins, red flags, standalone counting, and answers to the skill's questions."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from skill.alexa.bridge import filled_slots, render, slot, turn_of
from skill.alexa.handlers import health, thermal
from skill.alexa.handlers import safety as safety_gate
from skill.alexa.handlers.base import IntentHandler
from skill.coach import answers, pain, safety, standalone
from skill.coach import thermal as thermal_coach
from skill.coach.turn import Reply, Turn
from skill.domain import spoken, triage
from skill.domain.script import Script


class PainLevelHandler(IntentHandler):
    intents = ("PainLevelIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        # "a bit better", "it's gone": the change's id, when Alexa matched one.
        return pain.level(turn, _said_level(handler_input), slot(handler_input, "change")[0])


def _said_level(handler_input: HandlerInput) -> str | None:
    """The score said; of a range ("three or four") the higher, the cautious reading."""
    said = slot(handler_input, "level")[1]
    upper = slot(handler_input, "level_or")[1]
    if said is None or upper is None:
        return said or upper
    low, high = spoken.parse_number(said), spoken.parse_number(upper)
    if low is None or high is None:
        return said
    return upper if float(high) > float(low) else said


class ItHurtsHandler(IntentHandler):
    """ "It hurts", "that's sharp"; "it hurts down my leg" goes through triage first."""

    intents = ("ItHurtsIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        heard = slot(handler_input, "pain_where")[1]
        if heard:
            verdict = safety.classify(turn, [safety.classifier(turn).read_slot("pain_where", heard)])
            if verdict.at_least(triage.SPREADING):
                return safety.act(turn, verdict)
        if turn.pending.get("kind") == "pain_after":
            # "it's worse" answers "how is your pain now?": no stretch is going on to stop.
            return pain.hurts_after_routine(turn)
        return safety.sharp(turn)


class ProgressHandler(IntentHandler):
    intents = ("ProgressIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        reply = health.progress(handler_input, turn, pain.summary(turn))
        if note := safety.progress_note(turn):
            reply.speech = Script().say(note).then(reply.speech)
        return reply


class RedFlagHandler(IntentHandler):
    """Whatever was said about a symptom goes through the one triage classifier.

    Alexa sends only slot values, so each sample keeps the words that vary in a slot whose
    name says how they read ("numb_part" = "numb in my ..."; triage.yaml slot_senses).
    """

    intents = ("RedFlagIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        reader = safety.classifier(turn)
        texts = [reader.read_slot(name, heard) for name, heard in filled_slots(handler_input)]
        return safety.act(turn, safety.classify(turn, texts))


class DoctorCheckedHandler(IntentHandler):
    """ "A doctor checked me": lifts a remembered red flag."""

    intents = ("DoctorCheckedIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        return safety.doctor_checked(turn)


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
        return answers.onset(
            turn,
            slot(handler_input, "onset_phrase")[0],
            slot(handler_input, "onset_ago")[1],
            slot(handler_input, "onset_date")[1],
        )


class YesHandler(IntentHandler):
    intents = ("AMAZON.YesIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        if (instead := safety_gate.gate(handler_input)) is not None:
            return render(handler_input, instead())
        turn = turn_of(handler_input)
        if thermal.reminder_pending(turn):
            return thermal.accept_reminder(handler_input, turn)
        if health.recent_use_pending(turn):
            return render(handler_input, health.recent_use_yes(turn))
        return render(handler_input, answers.yes(turn))


class NoHandler(IntentHandler):
    intents = ("AMAZON.NoIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        if (instead := safety_gate.gate(handler_input)) is not None:
            return render(handler_input, instead())
        turn = turn_of(handler_input)
        if health.recent_use_pending(turn):
            return thermal.StartApplicationHandler().start(handler_input, health.recent_use_no(turn))
        return super().handle(handler_input)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        if thermal.reminder_pending(turn):
            return thermal_coach.no_reminder(turn)
        return answers.no(turn)


class PregnancyHandler(IntentHandler):
    """ "I'm pregnant": check with a doctor or midwife first (004)."""

    intents = ("PregnancyIntent",)

    def reply(self, turn: Turn, handler_input: HandlerInput) -> Reply:
        return safety.pregnancy(turn)
