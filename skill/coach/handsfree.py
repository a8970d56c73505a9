"""Hands-free routines: what to play next and what to remember, with no Alexa types.

A routine plays as one track per exercise. The token of each track names the routine,
the position and the variant, so any event from the device says exactly where the
person is. Progress goes through Turn.save_progress, the same ``last_routine`` the
spoken mode resumes from. Track files are found through the audio library's manifest;
a track that is not built there means the spoken mode, as a device without a player does.

Tracks are built at every counting pace, and each one is chosen at the person's pace when
it is queued. A track plays at the pace it started with (its pauses are in the audio), so
a change of pace while it plays applies from the next exercise: the track already queued
behind it, if any, is replaced by the one at the new pace.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from skill.audio.library import TrackLibrary
from skill.audio.tracks import NORMAL_PACE, TrackRef, track_script
from skill.coach import natural, routines
from skill.coach.turn import Reply, Turn
from skill.domain.content import in_sentence
from skill.domain.countdown import PACES
from skill.domain.routine import Progress
from skill.domain.script import Script

TOKEN_PREFIX = "hf"
STATE = "handsfree"
ACTIVE = ("playing", "paused")
NOT_BUILT = "handsfree_not_built"
NOW_PLAYING_ART = "now-playing.png"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Play:
    token: str
    url: str
    title: str
    offset_ms: int = 0
    # Shown on a screen's Now Playing: the routine and the position, and the art.
    subtitle: str = ""
    art_url: str = ""
    enqueue: bool = False
    # With enqueue: replace what is queued (not what plays) rather than add to it.
    replace_queued: bool = False
    expected_previous: str = ""


@dataclass(frozen=True)
class StopAudio:
    pass


@dataclass(frozen=True)
class ClearQueue:
    pass


Command = Play | StopAudio | ClearQueue


@dataclass
class Outcome:
    """What to say (None for device events, which may not speak) and what to tell the player."""

    reply: Reply | None = None
    commands: list[Command] = field(default_factory=list)
    # Play the skill's chime before the speech (only where audio can be played).
    chime: bool = False


@dataclass(frozen=True)
class Audio:
    """What this request's device and the configuration allow."""

    base_url: str
    has_player: bool
    # The built tracks; None (or an unbuilt library) leaves every track missing.
    library: TrackLibrary | None = None

    @property
    def problem(self) -> str:
        """The phrase key explaining why hands-free cannot play here, or ""."""
        if not self.base_url:
            return "handsfree_unavailable"
        if not self.has_player:
            return "handsfree_no_player"
        return ""


def encode(ref: TrackRef) -> str:
    token = f"{TOKEN_PREFIX}:{ref.routine_id}:{ref.index}:{int(ref.easier)}{int(ref.full)}"
    # The usual pace keeps the short form, so tokens from before paces existed still match.
    return token if ref.pace == NORMAL_PACE else f"{token}:{ref.pace}"


def decode(token: str | None) -> TrackRef | None:
    """The track a token names, or None for anything that is not one of ours."""
    parts = (token or "").split(":")
    if len(parts) not in (4, 5) or parts[0] != TOKEN_PREFIX or not parts[2].isdigit():
        return None
    flags = parts[3]
    if len(flags) != 2 or not set(flags) <= {"0", "1"}:
        return None
    pace = parts[4] if len(parts) == 5 else NORMAL_PACE
    if pace not in PACES or (len(parts) == 5 and pace == NORMAL_PACE):
        return None
    return TrackRef(parts[1], int(parts[2]), flags[0] == "1", flags[1] == "1", pace)


def state(turn: Turn) -> dict[str, Any]:
    return turn.user.get(STATE) or {}


def is_active(turn: Turn) -> bool:
    """A hands-free routine is playing or paused, and no spoken routine runs in this session."""
    return state(turn).get("status") in ACTIVE and not turn.session.get("routine")


def steers(turn: Turn, audio: Audio) -> bool:
    """Voice control goes to the player while a hands-free routine plays or is paused."""
    return not audio.problem and is_active(turn)


def resumes_hands_free(turn: Turn, audio: Audio) -> bool:
    """ "Resume" plays on where hands-free stopped, or, with the preference on, the last routine."""
    if audio.problem:
        return False
    return is_active(turn) or (
        prefers(turn) and not turn.session.get("routine") and bool(turn.user.get("last_routine"))
    )


def prefers(turn: Turn) -> bool:
    return bool(turn.preferences.get(STATE))


def _known(turn: Turn, token: str | None) -> TrackRef | None:
    """The track a token names, if it is one of this content's routines and exercises."""
    ref = decode(token)
    routine = turn.content.routines.get(ref.routine_id) if ref else None
    if ref is None or routine is None or not 0 <= ref.index < len(routine.exercises):
        return None
    return ref


def current_pace(turn: Turn) -> str:
    """The counting pace the person asked for ("count slower"), or the usual one."""
    pace = turn.preferences.get("pace", NORMAL_PACE)
    return pace if pace in PACES else NORMAL_PACE


def _ref_at(turn: Turn, routine_id: str, index: int, easier: bool) -> TrackRef:
    """The track for an exercise as this person hears it now: learned or not, at their pace."""
    exercise = turn.content.routine_exercises(routine_id)[index]
    return TrackRef(
        routine_id, index, easier, full=exercise.id not in turn.learned(), pace=current_pace(turn)
    )


def _play(
    turn: Turn,
    audio: Audio,
    ref: TrackRef,
    offset_ms: int = 0,
    enqueue_after: str = "",
    replace_queued: bool = False,
) -> Play | None:
    """The Play command for a track, or None when the audio library has no file for it."""
    script = track_script(turn.content, ref)
    name = audio.library.find(script, turn.content.locale) if audio.library else None
    if name is None:
        log.warning(
            "hands-free track %s is not in the audio library; run: python -m skill.audio build", encode(ref)
        )
        return None
    exercise = turn.content.routine_exercises(ref.routine_id)[ref.index]
    routine = turn.content.routines[ref.routine_id]
    subtitle = turn.phrase(
        "screen_now_playing", routine=routine.name, number=ref.index + 1, total=len(routine.exercises)
    )
    return Play(
        token=encode(ref),
        url=f"{audio.base_url}/audio/{name}",
        title=exercise.name,
        offset_ms=max(0, offset_ms),
        enqueue=bool(enqueue_after),
        replace_queued=bool(enqueue_after) and replace_queued,
        # Alexa takes the expected previous token only with a plain enqueue.
        expected_previous="" if replace_queued else enqueue_after,
        subtitle=subtitle,
        art_url=f"{audio.base_url}/art/{NOW_PLAYING_ART}",
    )


def _remember(turn: Turn, ref: TrackRef, status: str, offset_ms: int = 0) -> None:
    turn.user[STATE] = {
        "token": encode(ref),
        "status": status,
        "offset_ms": max(0, offset_ms),
        "updated_at": turn.stamp(),
    }
    total = len(turn.content.routines[ref.routine_id].exercises)
    turn.save_progress(Progress(ref.routine_id, ref.index, total, easier=ref.easier))


def _saved_ref(turn: Turn) -> TrackRef | None:
    return _known(turn, state(turn).get("token"))


# Starting ------------------------------------------------------------------------
def start(turn: Turn, audio: Audio, routine_id: str | None, spoken: str = "") -> Outcome:
    """Start a routine hands-free, or explain why not and guide it step by step instead."""
    routine = turn.content.routines.get(routine_id or "")
    if routine is None or routine.phase == "strengthening":
        # Choosing a routine, or the check-in strength work needs, is a conversation.
        return Outcome(routines.start(turn, routine_id, spoken))
    if audio.problem:
        return Outcome(_spoken_instead(turn, audio.problem, routines.start(turn, routine_id, spoken)))
    easier = bool(turn.preferences.get("easier"))
    ref = _ref_at(turn, routine.id, 0, easier)
    play = _play(turn, audio, ref)
    if play is None:
        return Outcome(_spoken_instead(turn, NOT_BUILT, routines.start(turn, routine_id, spoken)))
    turn.clear_pending()
    _remember(turn, ref, "playing")
    # No one is asked between exercises, so how to stop for sharp pain is said up front.
    speech = turn.says("handsfree_starting", "handsfree_stop_if_sharp", name=in_sentence(routine.name))
    return Outcome(turn.tell(speech), [play], chime=True)


def resume(turn: Turn, audio: Audio) -> Outcome:
    """Carry on from the exact place in a paused track, or from the saved exercise."""
    ref = _saved_ref(turn) if state(turn).get("status") in ACTIVE else None
    offset = int(state(turn).get("offset_ms", 0)) if ref else 0
    if ref is None:
        progress = Progress.from_dict(turn.user.get("last_routine"))
        if progress is None or progress.routine_id not in turn.content.routines:
            return Outcome(routines.resume(turn))
        total = len(turn.content.routines[progress.routine_id].exercises)
        ref = _ref_at(turn, progress.routine_id, min(progress.index, total - 1), progress.easier)
    if audio.problem:
        return Outcome(_spoken_instead(turn, audio.problem, routines.resume(turn)))
    play = _play(turn, audio, ref, offset)
    if play is None:
        return Outcome(_spoken_instead(turn, NOT_BUILT, routines.resume(turn)))
    _remember(turn, ref, "playing", offset)
    name = turn.content.routines[ref.routine_id].name
    return Outcome(turn.tell(turn.says("handsfree_resuming", name=name)), [play], chime=True)


def _spoken_instead(turn: Turn, key: str, reply: Reply) -> Reply:
    """The spoken mode's reply, after a short phrase saying why hands-free is not playing."""
    reply.speech = Script().say(turn.phrase(key)).then(reply.speech)
    return reply


def set_preference(turn: Turn, audio: Audio, on: bool) -> Reply:
    turn.preferences[STATE] = on
    key = "handsfree_off" if not on else ("handsfree_on_unavailable" if audio.problem else "handsfree_on")
    return turn.ask(turn.says(key, "menu"), "menu_reprompt")


# Player events ---------------------------------------------------------------------
def started(turn: Turn, token: str | None) -> Outcome:
    ref = _known(turn, token)
    if ref is not None:
        _remember(turn, ref, "playing")
        if ref.full:
            turn.mark_learned(turn.content.routine_exercises(ref.routine_id)[ref.index].id)
    return Outcome()


def nearly_finished(turn: Turn, audio: Audio, token: str | None) -> Outcome:
    """Queue the next exercise behind the one playing, so there is no gap to speak into."""
    ref = _known(turn, token)
    if ref is None or not audio.base_url:
        return Outcome()
    total = len(turn.content.routines[ref.routine_id].exercises)
    if ref.index + 1 >= total:
        return Outcome()
    following = _ref_at(turn, ref.routine_id, ref.index + 1, ref.easier)
    play = _play(turn, audio, following, enqueue_after=encode(ref))
    if play is not None and state(turn).get("token") == encode(ref):
        # Remembered, so that a change of pace before this track ends can replace it.
        state(turn)["queued"] = play.token
    # Without the next track the current one plays out; resuming then falls back to speech.
    return Outcome(commands=[play] if play else [])


def finished(turn: Turn, token: str | None) -> Outcome:
    ref = _known(turn, token)
    if ref is None:
        return Outcome()
    total = len(turn.content.routines[ref.routine_id].exercises)
    if ref.index + 1 < total:
        # Until the next track reports it started, the saved place is the next exercise.
        _remember(turn, _ref_at(turn, ref.routine_id, ref.index + 1, ref.easier), "playing")
        return Outcome()
    _finish(turn, ref)
    return Outcome()


def _finish(turn: Turn, ref: TrackRef) -> None:
    total = len(turn.content.routines[ref.routine_id].exercises)
    progress = Progress(ref.routine_id, ref.index, total, easier=ref.easier, finished=True)
    turn.save_progress(progress)
    turn.user[STATE] = {"status": "done", "updated_at": turn.stamp()}
    sessions = turn.user.setdefault("sessions", [])
    sessions.append(
        {
            "routine": ref.routine_id,
            "finished_at": turn.stamp(),
            "started_at": turn.stamp(),
            "handsfree": True,
        }
    )
    del sessions[:-200]


def stopped(turn: Turn, token: str | None, offset_ms: int) -> Outcome:
    ref = _known(turn, token)
    if ref is not None and state(turn).get("status") in ACTIVE:
        _remember(turn, ref, "paused", offset_ms)
    return Outcome()


def failed(turn: Turn, token: str | None) -> Outcome:
    """The stream could not play: keep the place, drop what was queued behind it."""
    ref = _known(turn, token)
    if ref is not None:
        _remember(turn, ref, "paused")
    return Outcome(commands=[ClearQueue()])


# Voice and buttons while playing ----------------------------------------------------
def pause(turn: Turn, offset_ms: int | None = None) -> Outcome:
    ref = _saved_ref(turn)
    if ref is not None:
        offset = state(turn).get("offset_ms", 0) if offset_ms is None else offset_ms
        _remember(turn, ref, "paused", offset)
    return Outcome(commands=[StopAudio()])


def move(turn: Turn, audio: Audio, step: int, voice: bool = True) -> Outcome:
    """Next (+1), previous (-1) or start over (0 means the first exercise)."""
    ref = _saved_ref(turn)
    if ref is None:
        return Outcome(turn.tell(turn.says("handsfree_nothing")) if voice else None)
    total = len(turn.content.routines[ref.routine_id].exercises)
    index = 0 if step == 0 else ref.index + step
    if index >= total:
        _finish(turn, ref)
        name = turn.content.routines[ref.routine_id].name
        speech = turn.says("handsfree_track_last", name=name)
        return Outcome(turn.tell(speech) if voice else None, [StopAudio()])
    reply = None
    if index < 0:
        index = 0
        reply = turn.tell(turn.says("handsfree_first")) if voice else None
    target = _ref_at(turn, ref.routine_id, index, ref.easier)
    play = _play(turn, audio, target)
    if play is None:
        if not voice:
            # A button press cannot be answered in speech: the current track plays on.
            return Outcome()
        # The place moves to that exercise, and the spoken mode guides it from there.
        _remember(turn, target, "paused")
        return Outcome(_spoken_instead(turn, NOT_BUILT, routines.resume(turn)), [StopAudio()])
    _remember(turn, target, "playing")
    return Outcome(reply, [play])


def pace(turn: Turn, audio: Audio, pace_id: str | None) -> Outcome:
    """ "Count slower" while a track plays or is paused: the next exercise follows the new pace.

    The track playing keeps the pace it started with; if the next one is already queued
    behind it, the queue is replaced with the next exercise at the new pace.
    """
    key = natural.change_pace(turn, pace_id)
    if key is None:
        return Outcome(natural.pace(turn, pace_id))
    ref = _saved_ref(turn)
    commands: list[Command] = []
    saved = state(turn)
    queued = _known(turn, saved.get("queued"))
    speech = turn.says(key)
    more_to_come = ref is not None and ref.index + 1 < len(turn.content.routines[ref.routine_id].exercises)
    if ref is not None and more_to_come and ref.pace != current_pace(turn):
        speech.say(turn.phrase("handsfree_pace_next"))
    if ref is not None and queued is not None and saved.get("status") == "playing":
        following = _ref_at(turn, queued.routine_id, queued.index, queued.easier)
        if following != queued:
            play = _play(turn, audio, following, enqueue_after=encode(ref), replace_queued=True)
            if play is not None:
                saved["queued"] = play.token
                commands.append(play)
    return Outcome(turn.tell(speech), commands)


def stop(turn: Turn, offset_ms: int | None = None) -> Outcome:
    """Stop or cancel by voice: the place is saved for "resume my routine"."""
    outcome = pause(turn, offset_ms)
    outcome.reply = turn.tell(turn.says("handsfree_stopped"))
    return outcome


def no_loop(turn: Turn) -> Outcome:
    return Outcome(turn.tell(turn.says("handsfree_no_loop")))
