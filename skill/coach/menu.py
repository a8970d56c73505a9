"""Opening the skill, the routine menu, help, fallback and goodbye."""

from __future__ import annotations

from skill.coach.hurt import gentler_for, hurt_recently
from skill.coach.turn import Reply, Turn
from skill.domain.content import in_sentence
from skill.domain.routine import Progress
from skill.domain.script import Script


def launch(turn: Turn) -> Reply:
    if turn.history_unavailable and not turn.user:
        # Their history may well exist: not a first-time welcome (the note comes after).
        return turn.ask(turn.says("welcome_back", "menu"), "menu_reprompt")
    if not turn.user.get("seen_intro"):
        turn.user["seen_intro"] = turn.stamp()
        return turn.ask(
            turn.says("welcome_first", "safety_note", "not_medical_advice", "menu_first"), "menu_reprompt"
        )
    last = Progress.from_dict(turn.user.get("last_routine"))
    if last is not None and last.routine_id in turn.content.routines:
        routine = turn.content.routines[last.routine_id]
        exercises = turn.content.routine_exercises(routine.id)
        index = min(last.index, len(exercises) - 1)
        turn.set_pending("continue_last")
        if hurt_recently(turn, exercises[index].id):
            gentler = gentler_for(turn, exercises[index].id)
            if gentler is None:
                turn.clear_pending()  # nothing gentler to offer: not that exercise again
                return turn.ask(turn.says("welcome_back", "menu"), "menu_reprompt")
            return turn.ask(
                turn.says(
                    "welcome_back_gentler",
                    exercise=in_sentence(exercises[index].name),
                    gentler=in_sentence(turn.content.exercises[gentler].name),
                ),
                "continue_reprompt",
            )
        return turn.ask(
            turn.says(
                "welcome_back_continue",
                routine=in_sentence(routine.name),
                number=index + 1,
                exercise=in_sentence(exercises[index].name),
            ),
            "continue_reprompt",
        )
    return turn.ask(turn.says("welcome_back", "menu"), "menu_reprompt")


def choose(turn: Turn) -> Reply:
    turn.clear_pending()
    return turn.ask(turn.says("menu"), "menu_reprompt")


def help_(turn: Turn) -> Reply:
    if turn.pending.get("kind") == "pain_after":
        # Asked while the pain question is open: how to answer it, and it stays open.
        return turn.ask(
            turn.says("pain_after_reprompt"),
            "pain_after_reprompt",
            elicit_slot="level",
            elicit_intent="PainLevelIntent",
        )
    in_exercise = turn.current_exercise() is not None
    key = "help_routine" if in_exercise else "help_menu"
    return turn.ask(turn.says(key), "routine_reprompt" if in_exercise else "menu_reprompt")


def fallback(turn: Turn) -> Reply:
    pending = turn.pending.get("kind")
    if pending:
        reprompt = Script().say(turn.session.get("last_reprompt_text") or turn.phrase("menu"))
        return turn.ask(turn.says("fallback_pending").then(reprompt), reprompt)
    in_exercise = turn.current_exercise() is not None
    key = "fallback_routine" if in_exercise else "fallback_menu"
    return turn.ask(turn.says(key), "routine_reprompt" if in_exercise else "menu_reprompt")


def repeat_last(turn: Turn) -> Reply:
    said, reprompt = turn.session.get("last_said"), turn.session.get("last_reprompt_text")
    if not said or not reprompt:
        return choose(turn)
    return turn.ask(Script().say(said), Script().say(reprompt))


def goodbye(turn: Turn) -> Reply:
    return turn.tell(turn.says("goodbye"))
