"""An erasure is final: a save already under way when it runs cannot bring the data back."""

from __future__ import annotations

import json
import random
import threading
import urllib.request
from pathlib import Path
from typing import Any

from skill.config import Config
from skill.store.sqlite import SQLiteStore
from tests.alexa import envelope, intent_request, launch_request
from tests.test_privacy import skill_disabled

ROUNDS = 12
IN_FLIGHT = 6
HISTORY = {1, 2}  # pain levels reported before the erasure


def post(base: str, body: dict[str, Any]) -> int:
    request = urllib.request.Request(
        f"{base}/alexa", data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as reply:
        reply.read()
        return reply.status


def pain(level: int, user_id: str) -> dict[str, Any]:
    return envelope(intent_request("PainLevelIntent", level=str(level)), new=True, user_id=user_id)


def test_saves_in_flight_across_an_erasure_do_not_bring_the_data_back(
    live_server: str, config: Config
) -> None:
    store = SQLiteStore(Path(config.sqlite_path))
    for round_number in range(ROUNDS):
        user = f"amzn1.ask.account.erased-{round_number}"
        post(live_server, envelope(launch_request(), new=True, user_id=user))
        # A preference only the erased state holds (any first request now sets seen_intro).
        post(live_server, envelope(intent_request("MakeItEasierIntent"), new=True, user_id=user))
        assert store.get(user)["preferences"]["easier"] is True
        for level in HISTORY:
            post(live_server, pain(level, user))
        assert {entry["level"] for entry in store.get(user)["pain_log"]} == HISTORY
        start = threading.Barrier(IN_FLIGHT + 1)
        statuses: list[int] = []

        def report(
            level: int, user: str = user, start: threading.Barrier = start, statuses: list[int] = statuses
        ) -> None:
            start.wait()
            statuses.append(post(live_server, pain(level, user)))

        def erase(user: str = user, start: threading.Barrier = start, statuses: list[int] = statuses) -> None:
            start.wait()
            threading.Event().wait(random.uniform(0, 0.004))
            statuses.append(post(live_server, skill_disabled(user)))

        threads = [threading.Thread(target=report, args=(5 + n % 5,)) for n in range(IN_FLIGHT)]
        threads.append(threading.Thread(target=erase))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert statuses == [200] * (IN_FLIGHT + 1)
        left = store.get(user)
        levels = {entry["level"] for entry in left.get("pain_log", [])}
        assert not levels & HISTORY, f"round {round_number}: the erased history came back"
        assert "easier" not in left.get("preferences", {}), f"round {round_number}: erased state came back"


def test_a_save_loaded_before_an_erasure_is_dropped(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "skill.sqlite3")
    store.put("someone", {"pain_log": [{"level": 1}], "seen_intro": "x"})
    before = store.get("someone")  # a request loads the state ...
    SQLiteStore(tmp_path / "skill.sqlite3").delete("someone")  # ... another process erases
    store.update("someone", before, {**before, "pain_log": [{"level": 1}, {"level": 5}]})
    assert store.get("someone") == {}


def test_a_first_save_loaded_before_an_erasure_is_dropped(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "skill.sqlite3")
    before = store.get("someone")
    store.delete("someone")
    store.update("someone", before, {"pain_log": [{"level": 5}]})
    assert store.get("someone") == {}


def test_a_person_who_comes_back_after_an_erasure_is_saved_again(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "skill.sqlite3")
    store.put("someone", {"seen_intro": "x"})
    store.delete("someone")
    before = store.get("someone")  # loaded after the erasure
    store.update("someone", before, {"pain_log": [{"level": 5}]})
    assert store.get("someone") == {"pain_log": [{"level": 5}]}
    assert "erasures" not in store.export("someone"), "the marker holds no user_id"
