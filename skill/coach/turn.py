"""One turn of the conversation: the state a reply is built from, and the reply itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any

from skill.domain.content import Content, Exercise, Phrases
from skill.domain.routine import Progress
from skill.domain.script import Script

# The session attribute that keeps the day a session's phrasings were chosen for.
PHRASE_DAY = "phrase_day"


@dataclass(frozen=True)
class Card:
    title: str
    text: str


@dataclass
class Reply:
    speech: Script
    reprompt: Script | None = None
    card: Card | None = None
    end_session: bool = False
    # A slot Alexa should listen for next (Dialog.ElicitSlot), when the skill asked for one.
    elicit_slot: str = ""
    # The intent that slot belongs to, when it is not the one just heard (the pain
    # question after "next" finishes a routine); empty means the intent just heard.
    elicit_intent: str = ""
    # Alexa directives a handler attaches (timers, audio); the coach never builds them.
    directives: list[Any] = field(default_factory=list)
    # A red flag or a safety stop: nothing may be put in front of it (not even the first-use note).
    safety_stop: bool = False

    def __post_init__(self) -> None:
        if not self.end_session and not self.reprompt:
            raise ValueError("a reply that keeps the session open needs a reprompt")


@dataclass
class Turn:
    content: Content
    session: dict[str, Any]
    user: dict[str, Any]
    now: datetime
    # The saved state could not be read this turn: ``user`` holds only this session's.
    history_unavailable: bool = False
    # Who is listening (an opaque id): with the day, it picks among a phrase's variants.
    user_id: str = ""

    @cached_property
    def phrase(self) -> Phrases:
        """The phrasings this person hears today: the same all day, others on other days.

        The day is the one the session began on, kept in the session, so that a phrasing
        never changes in the middle of a conversation when the date turns.
        """
        return self.content.phrases.for_listener(self.user_id, self._phrase_day())

    def _phrase_day(self) -> date:
        kept = self.session.get(PHRASE_DAY)
        if isinstance(kept, str):
            try:
                return date.fromisoformat(kept)
            except ValueError:
                pass  # not ours, or tampered with: today's phrasings instead
        today = self.now.date()
        self.session[PHRASE_DAY] = today.isoformat()
        return today

    # Replies -------------------------------------------------------------
    def ask(
        self,
        speech: Script,
        reprompt: Script | str,
        card: Card | None = None,
        elicit_slot: str = "",
        elicit_intent: str = "",
    ) -> Reply:
        if isinstance(reprompt, str):
            reprompt = Script().say(self.phrase(reprompt))
        # Kept so that "repeat" outside an exercise can say it again.
        said = self.session["last_said"] = speech.text()
        self.session["last_reprompt_text"] = reprompt.text()
        return Reply(
            speech=speech,
            reprompt=reprompt,
            card=card or self.card_for(said),
            elicit_slot=elicit_slot,
            elicit_intent=elicit_intent,
        )

    def tell(self, speech: Script, card: Card | None = None) -> Reply:
        self.session.pop("pending", None)
        return Reply(speech=speech, card=card or self.card_for(speech.text()), end_session=True)

    def card_for(self, said: str) -> Card:
        return Card(title=self.phrase("card_title"), text=said)

    def says(self, *keys: str, **values: object) -> Script:
        return Script().say(*(self.phrase(key, **values) for key in keys))

    # Session state ---------------------------------------------------------
    @property
    def progress(self) -> Progress | None:
        return Progress.from_dict(self.session.get("routine"))

    def save_progress(self, progress: Progress | None) -> None:
        if progress is None:
            self.session.pop("routine", None)
            self.user.pop("last_routine", None)
            return
        self.session["routine"] = progress.to_dict()
        if progress.finished:
            self.user.pop("last_routine", None)
        else:
            self.user["last_routine"] = {**progress.to_dict(), "updated_at": self.stamp()}

    def current_exercise(self) -> Exercise | None:
        """The exercise being done: one on its own (maybe standing in within a routine) first."""
        single = self.session.get("single")
        if single in self.content.exercises:
            return self.content.exercises[single]
        progress = self.progress
        if progress is not None and not progress.finished:
            return self.content.routine_exercises(progress.routine_id)[progress.index]
        return None

    @property
    def in_routine(self) -> bool:
        progress = self.progress
        return progress is not None and not progress.finished

    @property
    def pending(self) -> dict[str, Any]:
        return self.session.get("pending") or {}

    def set_pending(self, kind: str, **details: Any) -> None:
        self.session["pending"] = {"kind": kind, **details}

    def clear_pending(self) -> None:
        self.session.pop("pending", None)

    def learned(self) -> set[str]:
        return set(self.user.get("learned", []))

    def mark_learned(self, exercise_id: str) -> None:
        learned = self.user.setdefault("learned", [])
        if exercise_id not in learned:
            learned.append(exercise_id)

    @property
    def preferences(self) -> dict[str, Any]:
        preferences: dict[str, Any] = self.user.setdefault("preferences", {})
        return preferences

    def stamp(self) -> str:
        return self.now.isoformat(timespec="seconds")
