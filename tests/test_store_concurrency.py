"""The SQLite store under concurrency and crashes: no lost updates, no broken database."""

from __future__ import annotations

import fcntl
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

from flask import Flask

from skill.store.sqlite import SQLiteStore
from tests.alexa import Conversation
from tests.conftest import http_transport

PEOPLE_REPORTING_AT_ONCE = 24


def test_concurrent_pain_reports_from_one_person_are_all_kept(app: Flask, config) -> None:
    """Many requests for the same user at the same moment, each adding a pain report."""
    start = threading.Barrier(PEOPLE_REPORTING_AT_ONCE)
    failures: list[BaseException] = []

    def report(index: int) -> None:
        talk = Conversation(send=http_transport(app))
        talk.now += timedelta(minutes=index)  # each report is distinct
        start.wait()
        try:
            said = talk.one_shot("PainLevelIntent", level=str(index % 10 + 1))
            assert said.text, "every report is answered"
            assert not said.has("store_unavailable") and not said.has("store_unavailable_end")
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=report, args=(i,)) for i in range(PEOPLE_REPORTING_AT_ONCE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures

    store = SQLiteStore(config.sqlite_path)
    log = store.get(Conversation(send=http_transport(app)).user_id)["pain_log"]
    assert len(log) == PEOPLE_REPORTING_AT_ONCE
    assert sorted(entry["level"] for entry in log) == sorted(
        i % 10 + 1 for i in range(PEOPLE_REPORTING_AT_ONCE)
    )


def test_a_save_with_nothing_saved_in_between_stores_exactly_the_new_state(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "one.sqlite3")
    assert store.update("person", {}, {"learned": ["cat_cow"]}) == {"learned": ["cat_cow"]}
    after = {"learned": ["cat_cow", "pelvic_tilt"], "preferences": {"easier": True}}
    assert store.update("person", store.get("person"), after) == after
    assert store.get("person") == after


def test_a_save_over_a_state_changed_since_loading_keeps_both_changes(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "two.sqlite3")
    store.put("person", {"learned": ["cat_cow"]})
    loaded = store.get("person")
    store.put("person", {"learned": ["cat_cow"], "preferences": {"easier": True}})  # meanwhile
    merged = store.update("person", loaded, {"learned": ["cat_cow"], "last_routine": "quick"})
    assert merged == {"learned": ["cat_cow"], "preferences": {"easier": True}, "last_routine": "quick"}
    assert store.get("person") == merged


def test_a_first_save_racing_another_first_save_keeps_both(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "three.sqlite3")
    store.update("person", {}, {"pain_log": [{"level": 3}]})  # the other request, first
    merged = store.update("person", {}, {"preferences": {"easier": True}})
    assert merged == {"pain_log": [{"level": 3}], "preferences": {"easier": True}}


_WRITER = """
import sys
from skill.store.sqlite import SQLiteStore
store = SQLiteStore(sys.argv[1])
for n in range(int(sys.argv[3])):
    store.update("same-user", {"log": []}, {"log": [sys.argv[2] + str(n)]})
"""


def test_two_processes_updating_one_user_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    SQLiteStore(path)
    writers = [
        subprocess.Popen([sys.executable, "-c", _WRITER, str(path), name, "60"]) for name in ("a", "b")
    ]
    assert [writer.wait() for writer in writers] == [0, 0]
    log = SQLiteStore(path).get("same-user")["log"]
    assert sorted(log) == sorted(f"{name}{n}" for name in "ab" for n in range(60))


_CRASHER = """
import sys
from skill.store.sqlite import SQLiteStore
store = SQLiteStore(sys.argv[1])
n = 0
while True:
    store.put("crash-user", {"n": n, "padding": "x" * 200_000})
    n += 1
    if n == 20:
        print("writing", flush=True)
"""


def test_a_process_killed_mid_write_leaves_a_readable_database(tmp_path: Path) -> None:
    path = tmp_path / "crash.sqlite3"
    writer = subprocess.Popen([sys.executable, "-c", _CRASHER, str(path)], stdout=subprocess.PIPE, text=True)
    assert writer.stdout is not None
    assert writer.stdout.readline().strip() == "writing"
    writer.send_signal(signal.SIGKILL)
    writer.wait()

    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    survived = SQLiteStore(path).get("crash-user")
    assert survived["n"] >= 19
    assert survived["padding"] == "x" * 200_000


def test_a_forked_worker_waits_for_the_write_lock_instead_of_sharing_it(tmp_path: Path) -> None:
    """gunicorn forks workers: a child must not inherit the parent's hold on the write lock."""
    store = SQLiteStore(tmp_path / "skill.db")
    with store._writing():  # the parent is writing
        child = os.fork()
        if child == 0:  # pragma: no cover (the child reports through its exit code)
            try:
                fcntl.flock(store._process_lock(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os._exit(0)  # it would wait: the lock is its own
            os._exit(1)  # it got the lock while the parent holds it
        _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
