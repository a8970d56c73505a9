"""An ask-sdk persistence adapter that keeps each user's attributes in SQLite.

WAL mode lets readers work while a write is in progress, the busy timeout makes a
briefly locked database wait instead of failing, and every save is a single
transaction, so a process killed mid-write leaves the last committed state readable.

Concurrent requests for the same user (two gunicorn workers, or threads) each load the
state, change it and save. A plain save would let the later one overwrite the earlier
one's changes, so :meth:`SQLiteStore.update` re-reads the stored state inside a write
transaction (``BEGIN IMMEDIATE`` holds SQLite's single write lock, across processes)
and applies only this request's changes on top (:mod:`skill.store.merge`). The lock is
held for one read and one write, never while a request is being handled.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.exceptions import PersistenceException
from ask_sdk_model import RequestEnvelope

from skill.store.merge import merge

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000

# Counts forks in this process's line: a write-lock descriptor opened before a fork would
# be shared with the child (``flock`` locks belong to the open file), so each process opens
# its own. Checking a counter costs nothing; asking for the process id is a system call.
_forks = 0


def _count_fork() -> None:
    global _forks
    _forks += 1


os.register_at_fork(after_in_child=_count_fork)

# The time of a write, in SQL: ISO 8601 UTC with milliseconds.
_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS user_attributes (
    user_id    TEXT PRIMARY KEY,
    attributes TEXT NOT NULL,
    updated_at TEXT NOT NULL DEFAULT ({_NOW})
)
"""

# Erasures, newest last, so that a save begun before an erasure cannot bring the data
# back. A row holds a hash of the user id, not the id (and no user_id column, so it is
# not itself data about a person to erase), and is dropped after a day, longer than any
# request takes or a save waits for a retry; the sequence number never goes back (AUTOINCREMENT).
_ERASURES = f"""
CREATE TABLE IF NOT EXISTS erasures (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    user_key  TEXT NOT NULL,
    erased_at TEXT NOT NULL DEFAULT ({_NOW})
);
CREATE INDEX IF NOT EXISTS erasures_by_user ON erasures (user_key)
"""
_LAST_ERASURE = "coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'erasures'), 0)"


def _user_key(user_id: str) -> str:
    return hashlib.sha256(user_id.encode()).hexdigest()


# A state's stored text. json.loads keeps key order, so a loaded state encodes back to
# exactly the text it was read from: what :meth:`SQLiteStore._swap` compares.
_document = json.JSONEncoder(separators=(",", ":")).encode


def user_id_of(request_envelope: RequestEnvelope) -> str:
    try:
        user_id = request_envelope.context.system.user.user_id  # type: ignore[union-attr]
    except AttributeError as error:
        raise PersistenceException("the request carries no user id") from error
    if not user_id:
        raise PersistenceException("the request carries no user id")
    return user_id


class StoreFileChanged(sqlite3.OperationalError):
    """The database file was replaced, moved or removed while this process used it."""


class SQLiteFile:
    """One database file with a connection per thread, pinned to the file it first opened.

    Everything that keeps data in the skill's SQLite file opens it through this class.
    If the path later names another file, or none (the file was replaced, moved or
    removed under a running server), every use fails with :class:`StoreFileChanged`
    instead of writing into the wrong file or recreating an empty one, which would look
    like every user starting afresh. What this process could still read of the original
    is copied next to it once (``<name>.rescued-<time>-<pid>``), and the log says so.
    Moving the very same file back makes it usable again.
    """

    def __init__(self, path: Path | str, schema: str) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._memory = str(self.path) == ":memory:"
        if not self._memory:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._identity: tuple[int, int] | None = None
        self._rescue_lock = threading.Lock()
        self._rescued_from: tuple[int, int] | None = None
        # Workers starting together on a new file take turns: switching a new file to WAL
        # needs its write lock, and SQLite answers that pragma "database is locked" at
        # once instead of waiting out the busy timeout.
        with self._boot_lock():
            keeper = self._connect()
            try:
                keeper.executescript(schema)
            except sqlite3.Error:
                keeper.close()
                raise
        self._identity = self._file_identity()
        # Held for the life of the process: it keeps the original file (and its WAL)
        # readable after it is replaced or removed, so its data can be rescued.
        self._keeper = keeper

    @contextmanager
    def _boot_lock(self) -> Iterator[None]:
        if self._memory:
            yield
            return
        fd = os.open(f"{self.path}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing the descriptor releases the lock

    def connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        identity = self._file_identity()
        if identity != self._identity:
            self._changed(identity)
        return connection or self._open()

    def _changed(self, identity: tuple[int, int] | None) -> None:
        what = "went missing" if identity is None else "was replaced by another file"
        rescued = self._rescue()
        raise StoreFileChanged(
            f"the database file {self.path} {what} while the server ran; nothing is read "
            f"from or saved to it until the original is back or the server is restarted"
            + (f" (what this process could read of it was copied to {rescued})" if rescued else "")
        )

    def _rescue(self) -> str:
        """Copies the original, once per change, through the connection that still has it."""
        with self._rescue_lock:
            if self._rescued_from == self._identity:
                return ""
            self._rescued_from = self._identity
            stamp = time.strftime("%Y%m%dT%H%M%S")
            target = self.path.with_name(f"{self.path.name}.rescued-{stamp}-{os.getpid()}")
            try:
                with contextlib.closing(sqlite3.connect(target)) as copy:
                    self._keeper.backup(copy)
            except (sqlite3.Error, OSError) as error:
                log.error("could not copy the original database to %s: %s", target, error)
                return ""
            log.error(
                "the database file %s changed under the running server; "
                "its original contents were copied to %s",
                self.path,
                target,
            )
            return str(target)

    def _open(self) -> sqlite3.Connection:
        connection = self._connect()
        # The file may have changed between the check and the open.
        if self._file_identity() != self._identity:
            connection.close()
            self._changed(self._file_identity())
        self._local.connection = connection
        return connection

    def _connect(self) -> sqlite3.Connection:
        if self._identity is not None and self._file_identity() is None:
            self._changed(None)  # never recreate a removed file empty
        connection = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
        )
        try:
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            _retry_locked(lambda: connection.execute("PRAGMA journal_mode = WAL"))
            connection.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.Error:
            connection.close()
            raise
        return connection

    def _file_identity(self) -> tuple[int, int] | None:
        if self._memory:
            return (0, 0)
        try:
            stat = os.stat(self.path)  # os.stat: pathlib's adds overhead on every request
        except OSError:
            return None
        return stat.st_dev, stat.st_ino


def _retry_locked(statement: Callable[[], object]) -> None:
    """Runs a statement SQLite refuses at once while locked, until the busy timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            statement()
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


class SQLiteStore:
    """A small key-value table of JSON documents in the skill's SQLite file."""

    def __init__(self, path: Path | str) -> None:
        self.file = SQLiteFile(path, _SCHEMA + ";" + _ERASURES)
        self.path = self.file.path
        self._write_lock = threading.Lock()
        # Per thread (a request is loaded and saved on one thread): whose state was
        # loaded last, and the last erasure there had been then.
        self._loaded = threading.local()
        self._lock_fd: int | None = None
        self._lock_forks = -1

    def _connection(self) -> sqlite3.Connection:
        return self.file.connection()

    def get(self, key: str) -> dict[str, Any]:
        text, erasure = (
            self._connection()
            .execute(
                f"SELECT (SELECT attributes FROM user_attributes WHERE user_id = ?), {_LAST_ERASURE}", (key,)
            )
            .fetchone()
        )
        self._loaded.last = (key, erasure)
        return json.loads(text) if text is not None else {}

    def _erasure_seen(self, key: str) -> int:
        """The last erasure before this thread loaded ``key``; 0 (any erasure) if unknown."""
        loaded_key, erasure = getattr(self._loaded, "last", ("", 0))
        return erasure if loaded_key == key else 0

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """One writer at a time: threads queue on a lock, processes on ``flock``.

        Both hand over to the next writer the moment the lock is free. Left to SQLite,
        writers that find the database locked poll it with sleeps of up to 100 ms,
        which under concurrent load shows up as long latency tails.
        """
        with self._write_lock:
            fd = self._process_lock()
            if fd is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                if fd is not None:
                    fcntl.flock(fd, fcntl.LOCK_UN)

    def _process_lock(self) -> int | None:
        if str(self.path) == ":memory:":
            return None
        if self._lock_forks != _forks:
            try:
                self._lock_fd = os.open(f"{self.path}.lock", os.O_RDWR | os.O_CREAT, 0o600)
            except OSError as error:
                raise sqlite3.OperationalError(f"cannot open the write lock: {error}") from error
            self._lock_forks = _forks
        return self._lock_fd

    def put(self, key: str, value: dict[str, Any]) -> None:
        with self._writing():
            self._put(self._connection(), key, value)

    @staticmethod
    def _put(connection: sqlite3.Connection, key: str, value: dict[str, Any]) -> None:
        connection.execute(
            "INSERT INTO user_attributes (user_id, attributes) VALUES (?, ?) "
            "ON CONFLICT(user_id) DO UPDATE SET attributes = excluded.attributes, "
            f"updated_at = {_NOW}",
            (key, _document(value)),
        )

    @staticmethod
    def _swap(
        connection: sqlite3.Connection,
        key: str,
        before: dict[str, Any],
        after: dict[str, Any],
        erasure_seen: int,
    ) -> bool:
        """Write ``after`` if the stored state is still exactly ``before``; True if written.

        A loaded state encodes back to the text it was read from, so "unchanged" is a
        text comparison and the usual save, with no concurrent change, is one statement.
        """
        if before:
            cursor = connection.execute(
                f"UPDATE user_attributes SET attributes = ?, updated_at = {_NOW} "
                "WHERE user_id = ? AND attributes = ?",
                (_document(after), key, _document(before)),
            )
        else:
            # A first save, unless the user was erased since the load (then the erasure
            # wins and the merge below drops the save).
            cursor = connection.execute(
                "INSERT INTO user_attributes (user_id, attributes) SELECT ?, ? "
                "WHERE NOT EXISTS (SELECT 1 FROM erasures WHERE user_key = ? AND seq > ?) "
                "ON CONFLICT(user_id) DO NOTHING",
                (key, _document(after), _user_key(key), erasure_seen),
            )
        return cursor.rowcount == 1

    def update(self, key: str, before: dict[str, Any] | None, after: dict[str, Any]) -> dict[str, Any]:
        """Save ``after``, keeping changes saved since ``before`` was loaded; returns the result.

        ``before=None`` (the load failed, so nothing is known) saves ``after`` as it is.
        """
        erasure_seen = self._erasure_seen(key)
        with self._writing():
            connection = self._connection()
            if before is not None and self._swap(connection, key, before, after, erasure_seen):
                return after
            # Someone else saved since ``before`` was loaded: merge inside one transaction.
            connection.execute("BEGIN IMMEDIATE")
            try:
                if connection.execute(
                    "SELECT 1 FROM erasures WHERE user_key = ? AND seq > ?", (_user_key(key), erasure_seen)
                ).fetchone():
                    # Erased while this request was under way: what it would save is
                    # what was erased, or built on it. The erasure wins.
                    connection.execute("ROLLBACK")
                    log.info("a save begun before an erasure was dropped")
                    return {}
                row = connection.execute(
                    "SELECT attributes FROM user_attributes WHERE user_id = ?", (key,)
                ).fetchone()
                current = json.loads(row[0]) if row else {}
                merged = after if before is None else merge(before, after, current)
                self._put(connection, key, merged)
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
        return merged

    def delete(self, key: str) -> None:
        """Everything about one user: every table in the file with a ``user_id`` column."""
        with self._writing():
            connection = self._connection()
            connection.execute("BEGIN IMMEDIATE")
            try:
                for table in self._user_tables():
                    connection.execute(f'DELETE FROM "{table}" WHERE user_id = ?', (key,))
                connection.execute("INSERT INTO erasures (user_key) VALUES (?)", (_user_key(key),))
                # Kept a day: changes kept in a session or a worker for a retry can be that old.
                connection.execute(
                    "DELETE FROM erasures WHERE erased_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 day')"
                )
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise

    def erased_since(self, key: str, since: str) -> bool:
        """Whether ``key`` was erased at or after ``since`` (UTC, as erasures are stamped)."""
        found = (
            self._connection()
            .execute("SELECT 1 FROM erasures WHERE user_key = ? AND erased_at >= ?", (_user_key(key), since))
            .fetchone()
        )
        return found is not None

    def export(self, key: str) -> dict[str, list[dict[str, Any]]]:
        """Every row about one user, by table."""
        connection = self._connection()
        found: dict[str, list[dict[str, Any]]] = {}
        for table in self._user_tables():
            cursor = connection.execute(f'SELECT * FROM "{table}" WHERE user_id = ?', (key,))
            columns = [column[0] for column in cursor.description]
            rows = [dict(zip(columns, row, strict=True)) for row in cursor]
            if rows:
                found[table] = rows
        return found

    def _user_tables(self) -> list[str]:
        # Other features may keep their own tables in this file; a user_id column marks
        # a table as holding something about a person.
        tables = [
            row[0]
            for row in self._connection().execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return [
            table
            for table in tables
            if any(
                column[1] == "user_id"
                for column in self._connection().execute(f'PRAGMA table_info("{table}")')
            )
        ]

    def keys(self) -> list[str]:
        rows = self._connection().execute("SELECT user_id FROM user_attributes ORDER BY user_id")
        return [row[0] for row in rows]


def not_a_skill_database(path: Path | str) -> str:
    """Why ``path`` is not an existing skill database, or "" when it is one.

    Opened read-only, so checking never creates or changes anything: operator commands
    run against a mistyped path must refuse, not act on a new empty database.
    """
    path = Path(path)
    if not path.exists():
        return f"there is no file at {path}"
    if not path.is_file():
        return f"{path} is not a file"
    try:
        with contextlib.closing(
            sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        ) as connection:
            found = connection.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'user_attributes'"
            ).fetchone()
    except sqlite3.Error as error:
        return f"{path} is not an SQLite database ({error})"
    return "" if found else f"{path} is an SQLite database, but not the skill's"


class SQLitePersistenceAdapter(AbstractPersistenceAdapter):
    """ask-sdk's persistence interface over :class:`SQLiteStore`."""

    def __init__(self, path: Path | str) -> None:
        self.store = SQLiteStore(path)

    def get_attributes(self, request_envelope: RequestEnvelope) -> dict[str, Any]:
        try:
            return self.store.get(user_id_of(request_envelope))
        except sqlite3.Error as error:
            raise PersistenceException(f"could not read the store: {error}") from error
        except (ValueError, RecursionError) as error:
            raise PersistenceException("the stored state is not readable JSON") from error

    def save_attributes(self, request_envelope: RequestEnvelope, attributes: dict[str, Any]) -> None:
        try:
            self.store.put(user_id_of(request_envelope), attributes)
        except sqlite3.Error as error:
            raise PersistenceException(f"could not write the store: {error}") from error

    def save_changes(
        self, request_envelope: RequestEnvelope, before: dict[str, Any] | None, after: dict[str, Any]
    ) -> dict[str, Any]:
        """Save what this request changed since it loaded ``before``, merged with others' saves."""
        try:
            return self.store.update(user_id_of(request_envelope), before, after)
        except sqlite3.Error as error:
            raise PersistenceException(f"could not write the store: {error}") from error
        except (ValueError, RecursionError) as error:
            # The stored state turned unreadable since the load: it is left as it is.
            raise PersistenceException("the stored state is not readable JSON") from error

    def erased_since(self, request_envelope: RequestEnvelope, since: str) -> bool:
        try:
            return self.store.erased_since(user_id_of(request_envelope), since)
        except sqlite3.Error as error:
            raise PersistenceException(f"could not read the store: {error}") from error

    def delete_attributes(self, request_envelope: RequestEnvelope) -> None:
        try:
            self.store.delete(user_id_of(request_envelope))
        except sqlite3.Error as error:
            raise PersistenceException(f"could not delete from the store: {error}") from error
