"""Timers and reminders for requests that carry no Alexa API endpoint or token.

Local development and the simulator have no Alexa to announce anything, so the skill
keeps its timers and reminders here, in the same SQLite file as the user store, and
logs what would have been announced and when. ``due`` hands out what is due once.
"""

from __future__ import annotations

import functools
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from skill.domain.thermal import Outcome
from skill.store.sqlite import SQLiteFile

log = logging.getLogger(__name__)
Reminder = tuple[datetime | None, str]  # (when, what it says)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS scheduled_alerts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('timer', 'reminder')),
    announce_at TEXT NOT NULL,
    text        TEXT NOT NULL,
    label       TEXT NOT NULL DEFAULT '',
    state       TEXT NOT NULL DEFAULT 'pending'
)
"""


@dataclass(frozen=True)
class ScheduledItem:
    id: str
    user_id: str
    kind: str  # "timer" or "reminder"
    announce_at: datetime
    text: str
    label: str = ""


class LocalScheduler:
    """Stores timers and reminders in SQLite; one connection per thread."""

    def __init__(self, path: Path | str) -> None:
        # The store's own file handling: a removed database is reported, never recreated.
        self.file = SQLiteFile(path, _SCHEMA)
        self.path = self.file.path

    def _db(self) -> sqlite3.Connection:
        return self.file.connection()

    def add(
        self, user_id: str, kind: str, announce_at: datetime, text: str, label: str = ""
    ) -> ScheduledItem:
        cursor = self._db().execute(
            "INSERT INTO scheduled_alerts (user_id, kind, announce_at, text, label) VALUES (?, ?, ?, ?, ?)",
            (user_id, kind, _stamp(announce_at), text, label),
        )
        item = ScheduledItem(str(cursor.lastrowid), user_id, kind, _utc(announce_at), text, label)
        log.info("local %s %s: would announce %r at %s", kind, item.id, text, _stamp(announce_at))
        return item

    def cancel(self, item_id: str, user_id: str) -> bool:
        cursor = self._db().execute(
            "UPDATE scheduled_alerts SET state = 'cancelled' "
            "WHERE id = ? AND user_id = ? AND state = 'pending'",
            (item_id, user_id),
        )
        return cursor.rowcount > 0

    def pending(self, user_id: str, kind: str | None = None) -> list[ScheduledItem]:
        """Everything not yet announced or cancelled, soonest first."""
        rows = (
            self._db()
            .execute(
                "SELECT id, user_id, kind, announce_at, text, label FROM scheduled_alerts "
                "WHERE user_id = ? AND state = 'pending' AND (? IS NULL OR kind = ?) "
                "ORDER BY announce_at, id",
                (user_id, kind, kind),
            )
            .fetchall()
        )
        return [_item(row) for row in rows]

    def due(self, until: datetime, user_id: str | None = None) -> list[ScheduledItem]:
        """What would have been announced by ``until``; each item is handed out once."""
        connection = self._db()
        connection.execute("BEGIN IMMEDIATE")
        try:
            rows = connection.execute(
                "SELECT id, user_id, kind, announce_at, text, label FROM scheduled_alerts "
                "WHERE state = 'pending' AND announce_at <= ? AND (? IS NULL OR user_id = ?) "
                "ORDER BY announce_at, id",
                (_stamp(until), user_id, user_id),
            ).fetchall()
            connection.executemany(
                "UPDATE scheduled_alerts SET state = 'announced' WHERE id = ?", [(row[0],) for row in rows]
            )
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        items = [_item(row) for row in rows]
        for item in items:
            log.info(
                "local %s %s announced at %s: %r", item.kind, item.id, _stamp(item.announce_at), item.text
            )
        return items


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _stamp(moment: datetime) -> str:
    # A fixed-width UTC form, so text order is time order in SQL.
    return _utc(moment).strftime("%Y-%m-%dT%H:%M:%SZ")


def _item(row: tuple[object, ...]) -> ScheduledItem:
    item_id, user_id, kind, announce_at, text, label = row
    moment = datetime.strptime(str(announce_at), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    return ScheduledItem(str(item_id), str(user_id), str(kind), moment, str(text), str(label))


def _or_unavailable(fallback: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A busy or missing database answers ``fallback`` (spoken as "set a kitchen timer")."""

    def decorate(method: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(method)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            try:
                return method(*args, **kwargs)
            except sqlite3.Error as error:
                log.error("local scheduler unavailable: %s", error)
                return fallback

        return guarded

    return decorate


UNAVAILABLE = Outcome("failed", reason="no_scheduler")


@dataclass(frozen=True)
class LocalAlerts:
    """The same calls as the Alexa alerts, kept in the local scheduler."""

    scheduler: LocalScheduler
    user_id: str
    now: datetime  # the request's time, so simulated time travel lines up

    @_or_unavailable(UNAVAILABLE)
    def start_timer(self, minutes: int, label: str, announce: str) -> Outcome:
        item = self.scheduler.add(
            self.user_id, "timer", self.now + timedelta(minutes=minutes), announce, label
        )
        return Outcome("local", item_id=item.id)

    @_or_unavailable(UNAVAILABLE)
    def cancel_timer(self, timer_id: str) -> Outcome:
        self.scheduler.cancel(timer_id, self.user_id)
        return Outcome("local", item_id=timer_id)

    @_or_unavailable(UNAVAILABLE)
    def add_reminder(self, at: datetime, now: datetime, text: str) -> Outcome:
        item = self.scheduler.add(self.user_id, "reminder", at, text)
        return Outcome("local", item_id=item.id)

    @_or_unavailable((UNAVAILABLE, []))
    def reminders(self, known: dict[str, datetime]) -> tuple[Outcome, list[Reminder]]:
        items = self.scheduler.pending(self.user_id, "reminder")
        return Outcome("local"), [(item.announce_at, item.text) for item in items]
