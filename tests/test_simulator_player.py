"""The simulated audio player and the simulator's command line around it."""

from __future__ import annotations

import io
import json
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from skill.simulator.cli import main
from skill.simulator.player import NEARLY_FINISHED_BEFORE, Player
from skill.simulator.speaker import sound_device_problem

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
LENGTHS = {"https://a.test/audio/one.mp3": 40.0, "https://a.test/audio/two.mp3": 25.0}


def play(
    token: str, url: str, behavior: str = "REPLACE_ALL", offset_ms: int = 0, after: str = ""
) -> dict[str, Any]:
    stream: dict[str, Any] = {"token": token, "url": url, "offsetInMilliseconds": offset_ms}
    if after:
        stream["expectedPreviousToken"] = after
    return {
        "type": "AudioPlayer.Play",
        "playBehavior": behavior,
        "audioItem": {"stream": stream, "metadata": {"title": token.title()}},
    }


class Device:
    """Records what the player reports; answers NearlyFinished for "one" by queueing "two"."""

    def __init__(self, queue_next: bool = True) -> None:
        self.sent: list[tuple[str, int, datetime]] = []
        self.queue_next = queue_next

    def __call__(self, request: dict[str, Any], when: datetime) -> dict[str, Any]:
        self.sent.append((request["type"].split(".")[1], request.get("offsetInMilliseconds", -1), when))
        if (
            request["type"] == "AudioPlayer.PlaybackNearlyFinished"
            and request["token"] == "one"
            and self.queue_next
        ):
            return {
                "response": {
                    "directives": [play("two", "https://a.test/audio/two.mp3", "ENQUEUE", after="one")]
                }
            }
        return {"response": {}}


def test_a_queue_plays_through_with_true_offsets() -> None:
    player, device = Player(LENGTHS.get), Device()
    player.apply([play("one", "https://a.test/audio/one.mp3")], T0, device)
    player.run_until(T0 + timedelta(minutes=5), device)
    nearly = T0 + timedelta(seconds=40 - NEARLY_FINISHED_BEFORE)
    assert device.sent == [
        ("PlaybackStarted", 0, T0),
        ("PlaybackNearlyFinished", 30000, nearly),
        ("PlaybackFinished", 40000, T0 + timedelta(seconds=40)),
        ("PlaybackStarted", 0, T0 + timedelta(seconds=40)),
        ("PlaybackNearlyFinished", 15000, T0 + timedelta(seconds=55)),
        ("PlaybackFinished", 25000, T0 + timedelta(seconds=65)),
    ]
    assert player.activity == "FINISHED" and [i.token for i in player.played] == ["one", "two"]


def test_stop_and_resume_keep_the_real_offset() -> None:
    player, device = Player(LENGTHS.get), Device(queue_next=False)
    player.apply([play("one", "https://a.test/audio/one.mp3")], T0, device)
    paused = T0 + timedelta(seconds=12.5)
    player.run_until(paused, device)
    player.apply([{"type": "AudioPlayer.Stop"}], paused, device)
    assert device.sent[-1] == ("PlaybackStopped", 12500, paused)
    later = paused + timedelta(minutes=10)
    player.run_until(later, device)
    assert player.offset_ms(later) == 12500 and player.activity == "STOPPED"
    player.apply([play("one", "https://a.test/audio/one.mp3", offset_ms=12500)], later, device)
    assert device.sent[-1] == ("PlaybackStarted", 12500, later)
    player.run_until(later + timedelta(seconds=100), device)
    assert device.sent[-1] == ("PlaybackFinished", 40000, later + timedelta(seconds=27.5))


def test_while_the_person_talks_the_track_is_held() -> None:
    player, device = Player(LENGTHS.get), Device(queue_next=False)
    player.apply([play("one", "https://a.test/audio/one.mp3")], T0, device)
    player.hold(T0 + timedelta(seconds=5))
    assert player.offset_ms(T0 + timedelta(seconds=9)) == 5000
    player.carry_on(T0 + timedelta(seconds=9))
    assert player.offset_ms(T0 + timedelta(seconds=10)) == 6000


def test_an_enqueue_that_does_not_follow_the_current_track_is_dropped() -> None:
    player, device = Player(LENGTHS.get), Device(queue_next=False)
    player.apply([play("one", "https://a.test/audio/one.mp3")], T0, device)
    player.apply([play("two", "https://a.test/audio/two.mp3", "ENQUEUE", after="other")], T0, device)
    assert player.queue == []
    player.apply([play("two", "https://a.test/audio/two.mp3", "ENQUEUE", after="one")], T0, device)
    assert [i.token for i in player.queue] == ["two"]
    player.apply([{"type": "AudioPlayer.ClearQueue", "clearBehavior": "CLEAR_ENQUEUED"}], T0, device)
    assert player.queue == [] and player.activity == "PLAYING"


def test_a_track_missing_from_the_library_fails_to_play() -> None:
    player, device = Player(LENGTHS.get), Device()
    player.apply([play("gone", "https://a.test/audio/gone.mp3")], T0, device)
    assert device.sent == [("PlaybackFailed", 0, T0)] and player.activity == "STOPPED"


def test_meta_commands_work_in_say(tmp_path: Path) -> None:
    out = io.StringIO()
    code = main(
        [
            "--db",
            str(tmp_path / "sim.sqlite3"),
            "--say",
            "ask back spasm helper to count down twenty seconds",
            "--say",
            ":advance 40 seconds",
            "--say",
            ":state",
        ],
        out=out,
    )
    text = out.getvalue()
    assert code == 0
    assert "40 seconds later" in text and "clock 2026-11-23" in text
    assert "you> :advance" not in text


def test_a_folder_run_includes_replay_files_and_leaves_no_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialogs = tmp_path / "dialogs"
    dialogs.mkdir()
    (dialogs / "replay.json").write_text(json.dumps({"userInput": ["open back spasm helper", "stop"]}))
    (dialogs / "notes.json").write_text(json.dumps({"something": "else"}))
    (dialogs / "open.yaml").write_text('- user: "open back spasm helper"\n  expect: {session_open: true}\n')
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    out = io.StringIO()
    assert main(["--run", str(dialogs)], out=out) == 0
    assert "2 passed, 0 failed" in out.getvalue()
    left = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert left == ["dialogs/notes.json", "dialogs/open.yaml", "dialogs/replay.json"]


def test_no_sound_device_is_named(tmp_path: Path) -> None:
    cards = tmp_path / "cards"
    cards.write_text("--- no soundcards ---\n")
    assert "sound device" in sound_device_problem({}, cards, tmp_path)
    cards.write_text(" 0 [PCH            ]: HDA-Intel - HDA Intel PCH\n")
    assert sound_device_problem({}, cards, tmp_path) == ""
    assert sound_device_problem({"PULSE_SERVER": "unix:/tmp/pulse"}, tmp_path / "none", tmp_path) == ""


@pytest.mark.skipif(sound_device_problem() == "", reason="this machine can play sound")
def test_speak_without_a_sound_device_says_so_in_one_line() -> None:
    out = io.StringIO()
    assert main(["--speak", "--say", "open back spasm helper"], out=out) != 0
    assert out.getvalue().count("\n") == 1 and "sound device" in out.getvalue()
