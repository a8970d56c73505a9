"""Any number of workers can start at once on a new or an existing database file."""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
from pathlib import Path

from skill.services.scheduler import LocalScheduler
from skill.store.erasure import envelope_for
from skill.store.sqlite import SQLiteFile, SQLitePersistenceAdapter

WORKERS = 8
ROUNDS_NEW = 20
ROUNDS_EXISTING = 5


def _boot(path: str, barrier: multiprocessing.synchronize.Barrier, number: int) -> None:
    barrier.wait(timeout=30)
    # What a gunicorn worker does on its first requests: open the store and the scheduler.
    adapter = SQLitePersistenceAdapter(path)
    LocalScheduler(path)
    adapter.save_attributes(envelope_for(f"user-{number}"), {"booted": number})


def _start_together(path: Path) -> list[int]:
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(WORKERS)
    workers = [context.Process(target=_boot, args=(str(path), barrier, n)) for n in range(WORKERS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    return [worker.exitcode for worker in workers]


def test_workers_starting_together_all_boot_on_new_and_existing_files(tmp_path: Path) -> None:
    failed = []
    for round_number in range(ROUNDS_NEW + ROUNDS_EXISTING):
        fresh = round_number < ROUNDS_NEW
        path = tmp_path / (f"new-{round_number}.sqlite3" if fresh else "existing.sqlite3")
        codes = _start_together(path)
        failed += [(path.name, code) for code in codes if code != 0]
        with sqlite3.connect(path) as check:
            assert check.execute("PRAGMA journal_mode").fetchone() == ("wal",)
            users = check.execute("SELECT count(*) FROM user_attributes").fetchone()[0]
        assert users == WORKERS
    assert failed == [], f"{len(failed)} of {WORKERS * (ROUNDS_NEW + ROUNDS_EXISTING)} failed"


def test_opening_a_new_file_waits_for_another_writer_instead_of_failing(tmp_path: Path) -> None:
    """The switch to WAL needs the write lock; SQLite refuses it at once when it is held."""
    path = tmp_path / "skill.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("CREATE TABLE other (x)")
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO other VALUES (1)")
    release = threading.Timer(0.5, lambda: holder.execute("COMMIT"))
    release.start()
    try:
        opened = SQLiteFile(path, "CREATE TABLE IF NOT EXISTS t (x)")
    finally:
        release.join()
        holder.close()
    assert opened.connection().execute("PRAGMA journal_mode").fetchone() == ("wal",)
