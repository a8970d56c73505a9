"""Routines: starting, moving through, pausing, resuming and finishing them."""

from __future__ import annotations

from skill.coach import exercises, menu
from skill.coach.hurt import gentler_for, hurt_recently
from skill.coach.turn import Reply, Turn
from skill.domain.content import Routine, in_sentence
from skill.domain.countdown import describe_dose
from skill.domain.guide import instructions
from skill.domain.onset import from_stored, hours_since
from skill.domain.routine import Progress
from skill.domain.script import Script

ACUTE_HOURS = 48
GENTLE_ROUTINE = "quick_relief"


def _spasm_hours(turn: Turn) -> float | None:
    return hours_since(from_stored(turn.user.get("spasm_onset")), turn.now)


# What was heard is said back only as far as a name goes: a slot can carry any length.
ECHO_WORDS = 6
ECHO_CHARS = 60


def _echo(spoken: str) -> str:
    return " ".join(spoken.split()[:ECHO_WORDS])[:ECHO_CHARS]


def start(turn: Turn, routine_id: str | None, spoken: str = "") -> Reply:
    turn.clear_pending()
    if not routine_id:
        if spoken:
            return turn.ask(
                turn.says("unknown_routine", spoken=_echo(spoken)).say(turn.phrase("menu")), "menu_reprompt"
            )
        return menu.choose(turn)
    routine = turn.content.routines[routine_id]
    if routine.phase == "strengthening":
        hours = _spasm_hours(turn)
        if hours is None:
            turn.set_pending("onset", then=f"routine:{routine_id}")
            return turn.ask(
                turn.says("ask_onset_for_strength"),
                "ask_onset_reprompt",
                elicit_slot="onset_ago",
                elicit_intent="SpasmOnsetIntent",
            )
        if hours < ACUTE_HOURS:
            turn.set_pending("gentle_instead")
            return turn.ask(
                turn.says("too_soon_for_strength", gentle=_name(turn, GENTLE_ROUTINE)),
                "gentle_instead_reprompt",
            )
    return _begin(turn, routine)


def _name(turn: Turn, routine_id: str) -> str:
    return in_sentence(turn.content.routines[routine_id].name)


def _begin(turn: Turn, routine: Routine) -> Reply:
    total = len(routine.exercises)
    # The pain rose after the last routine: this one starts with the gentler doses.
    gentler = bool(turn.user.pop("start_gentler", None))
    progress = Progress.start(routine.id, total, easier=gentler or bool(turn.preferences.get("easier")))
    turn.session.pop("single", None)
    turn.session["started_at"] = turn.stamp()
    intro = turn.says("routine_intro", name=routine.name, total=total).say(routine.intro)
    if gentler:
        intro.say(turn.phrase("start_gentler"))
    return current(turn, progress, intro)


def current(turn: Turn, progress: Progress, before: Script | None = None, full: bool | None = None) -> Reply:
    """Announce and count the exercise at the current position."""
    # Moving on answers any open question ("try something gentler?") by leaving it,
    # and ends any exercise that stood in for one of the routine's.
    turn.clear_pending()
    turn.session.pop("single", None)
    turn.session.pop("detail_topic", None)
    progress.paused = False
    turn.save_progress(progress)
    exercise = turn.content.routine_exercises(progress.routine_id)[progress.index]
    heading = turn.phrase(
        "exercise_heading", number=progress.number, total=progress.total, name=exercise.name
    )
    out = Script().then(before or ()).then(exercises.guided(turn, exercise, progress.easier, heading, full))
    out.say(turn.phrase("after_last_exercise" if progress.is_last else "after_exercise"))
    return turn.ask(out, "routine_reprompt", card=exercises.exercise_card(turn, exercise, progress.easier))


def _active(turn: Turn) -> Progress | None:
    """The routine under way: this session's, or, in a new session (a one-shot "ask back
    spasm helper what's next", or while hands-free audio plays), the one saved last time."""
    progress = turn.progress
    if progress is None and not turn.session.get("single"):
        progress = Progress.from_dict(turn.user.get("last_routine"))
        if progress is not None and progress.routine_id not in turn.content.routines:
            return None
    return progress if progress is not None and not progress.finished else None


active = _active


def _not_in_routine(turn: Turn) -> Reply:
    return turn.ask(turn.says("not_in_routine", "menu"), "menu_reprompt")


def next_exercise(turn: Turn, skipped: bool = False) -> Reply:
    progress = _active(turn)
    if progress is None:
        return _not_in_routine(turn)
    before = Script()
    if skipped:
        exercise = turn.content.routine_exercises(progress.routine_id)[progress.index]
        before.say(turn.phrase("skipping", name=in_sentence(exercise.name)))
    if not progress.advance():
        return finish(turn, progress, before)
    return current(turn, progress, before)


def previous(turn: Turn) -> Reply:
    progress = _active(turn)
    if progress is None:
        return _not_in_routine(turn)
    if not progress.back():
        return turn.ask(turn.says("already_first"), "routine_reprompt")
    return current(turn, progress)


def repeat(turn: Turn) -> Reply:
    if turn.session.get("single") in turn.content.exercises:
        return exercises.single(turn, turn.content.exercises[turn.session["single"]])
    progress = _active(turn)
    if progress is not None:
        return current(turn, progress)
    return menu.repeat_last(turn)


def start_over(turn: Turn) -> Reply:
    progress = turn.progress or _active(turn)
    if progress is None:
        return menu.choose(turn)
    progress.restart()
    routine = turn.content.routines[progress.routine_id]
    return current(turn, progress, turn.says("starting_over", name=in_sentence(routine.name)))


def pause(turn: Turn) -> Reply:
    progress = _active(turn)
    if progress is None:
        return turn.tell(turn.says("paused_nothing"))
    progress.paused = True
    turn.save_progress(progress)
    return turn.tell(turn.says("paused"))


def carry_on(turn: Turn) -> Reply:
    """What the person's "resume" means (Alexa's ResumeIntent): in the session that has just
    guided an exercise ("let's keep going" after "say next when you're ready"), the next one;
    a paused routine, or one from an earlier session, where it stopped."""
    under_way = turn.progress
    if under_way is not None and not under_way.paused and not under_way.finished:
        return next_exercise(turn)
    return resume(turn)


def resume(turn: Turn) -> Reply:
    """The routine where it stopped: the current exercise again."""
    progress = _active(turn) or Progress.from_dict(turn.user.get("last_routine"))
    if progress is None or progress.routine_id not in turn.content.routines:
        return turn.ask(turn.says("nothing_to_resume", "menu"), "menu_reprompt")
    routine = turn.content.routines[progress.routine_id]
    progress.total = len(routine.exercises)
    progress.index = min(progress.index, progress.total - 1)
    exercise = turn.content.routine_exercises(routine.id)[progress.index]
    hurt = hurt_recently(turn, exercise.id)
    gentler = gentler_for(turn, exercise.id) if hurt else None
    if hurt and gentler is None:
        # Nothing gentler stands in for it: carry on after it instead.
        if not progress.advance():
            return finish(turn, progress)
        return current(turn, progress, turn.says("resuming", name=in_sentence(routine.name)))
    if gentler is not None:
        # Never straight back into what hurt: the gentler one stands in, "next" carries on.
        turn.clear_pending()
        turn.save_progress(progress)
        out = exercises.single(turn, turn.content.exercises[gentler])
        out.speech[:0] = turn.says(
            "resuming_gentler",
            name=in_sentence(routine.name),
            gentler=in_sentence(turn.content.exercises[gentler].name),
            exercise=in_sentence(exercise.name),
        )
        return out
    return current(turn, progress, turn.says("resuming", name=in_sentence(routine.name)))


def whats_next(turn: Turn) -> Reply:
    progress = _active(turn)
    if progress is None:
        return _not_in_routine(turn)
    if progress.is_last:
        return turn.ask(turn.says("this_is_last"), "routine_reprompt")
    following = turn.content.routine_exercises(progress.routine_id)[progress.index + 1]
    return turn.ask(turn.says("next_is", name=in_sentence(following.name)), "routine_reprompt")


def how_many_left(turn: Turn) -> Reply:
    progress = _active(turn)
    if progress is None:
        return _not_in_routine(turn)
    left = progress.remaining_after_current
    if left == 0:
        return turn.ask(turn.says("this_is_last"), "routine_reprompt")
    key = "one_left" if left == 1 else "many_left"
    return turn.ask(turn.says(key, left=left, total=progress.total), "routine_reprompt")


def make_easier(turn: Turn) -> Reply:
    turn.preferences["easier"] = True
    progress = _active(turn)
    if progress is not None:
        progress.easier = True
        turn.save_progress(progress)
    if turn.session.get("single") in turn.content.exercises:
        out = exercises.single(turn, turn.content.exercises[turn.session["single"]], full=False)
        out.speech[:0] = turn.says("made_easier")
        return out
    if progress is not None:
        return current(turn, progress, turn.says("made_easier"), full=False)
    return turn.ask(turn.says("easier_later", "menu"), "menu_reprompt")


def more_detail(turn: Turn, exercise_id: str | None) -> Reply:
    exercise = turn.content.exercises.get(exercise_id or "") or turn.current_exercise()
    if exercise is None:
        return turn.ask(turn.says("detail_which"), "detail_which_reprompt")
    easier = bool((turn.progress and turn.progress.easier) or turn.preferences.get("easier"))
    out = Script().say(turn.phrase("detail_heading", name=in_sentence(exercise.name)))
    out.then(instructions(exercise, full=True))
    turn.mark_learned(exercise.id)
    out.say(describe_dose(exercise.dose_for(easier), turn.phrase))
    out.say(turn.phrase("pregnancy_detail"))
    if _active(turn):
        reprompt = turn.says("routine_reprompt")
    else:
        reprompt = turn.says("detail_reprompt", name=in_sentence(exercise.name))
    out.then(reprompt)
    return turn.ask(out, reprompt, card=exercises.exercise_card(turn, exercise, easier))


def finish(turn: Turn, progress: Progress, before: Script | None = None) -> Reply:
    routine = turn.content.routines[progress.routine_id]
    progress.finished = True
    turn.save_progress(progress)
    sessions = turn.user.setdefault("sessions", [])
    sessions.append(
        {
            "routine": routine.id,
            "finished_at": turn.stamp(),
            "started_at": turn.session.get("started_at", turn.stamp()),
        }
    )
    del sessions[:-200]
    turn.set_pending("pain_after")
    out = Script().then(before or ()).say(turn.phrase("routine_done", name=in_sentence(routine.name)))
    # A bare "three" answers it: Alexa listens for PainLevelIntent's level next.
    return turn.ask(out, "pain_after_reprompt", elicit_slot="level", elicit_intent="PainLevelIntent")


def stop(turn: Turn) -> Reply:
    """Stop or cancel: the place in a routine is kept for next time."""
    progress = _active(turn)
    if progress is not None:
        turn.save_progress(progress)
        return turn.tell(turn.says("stopped_saved"))
    return turn.tell(turn.says("goodbye"))
