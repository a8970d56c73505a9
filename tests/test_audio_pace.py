"""Hands-free tracks at every counting pace: built, listed, timed, and chosen by the person's pace.

A pace ("count slower") stretches the movements of counted reps, the rest between sets
and the switch of sides; a hold's seconds stay true seconds. The tracks are measured in
the rendered MP3s (espeak-ng), and the pace is followed through the simulator's playback.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from skill.audio.build import build
from skill.audio.convert import SAMPLE_RATE, mp3_seconds
from skill.audio.library import TrackLibrary
from skill.audio.manifest import Manifest
from skill.audio.tracks import TrackRef, all_refs, phrases, track_script
from skill.coach import handsfree
from skill.config import Config
from skill.domain.content import load_content
from skill.domain.countdown import BETWEEN_SETS_REST, PACES
from skill.domain.script import Say
from skill.simulator.envelopes import interfaces_for
from skill.simulator.player import NEARLY_FINISHED_BEFORE, library_durations
from skill.simulator.session import Session, in_process
from tests.alexa import APPLICATION_ID
from tests.test_audio_timing import HOLD_MARKS, decoded, says, track

CONTENT = load_content("en-US")
PHRASE = CONTENT.phrases
AUDIO_BASE = "https://audio.example.test"
# Deep breathing (one timed stretch: the same at every pace), knees to chest (three holds
# with rests between them), and cat cow (counted repetitions), each at every pace.
BREATHING = ("quick_relief", 0)
KNEES = ("quick_relief", 1)
CAT_COW = ("morning_stretches", 4)


def refs_for(routine_id: str, index: int, easier: bool = False, full: bool = True) -> list[TrackRef]:
    return [TrackRef(routine_id, index, easier, full, pace) for pace in PACES]


REFS = [
    *refs_for(*BREATHING),
    *refs_for(*KNEES),
    *refs_for(*KNEES, full=False),
    *refs_for(*CAT_COW, easier=True, full=False),
]


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("audio")
    (directory / "left-over-track.mp3").write_bytes(b"from an older build")
    build(directory, engine="espeak", texts=[], refs=REFS, show_progress=False)
    return directory


def file_of(library: Path, ref: TrackRef) -> str:
    name = TrackLibrary(library).find(track_script(CONTENT, ref), "en-US")
    assert name is not None, ref
    return name


def test_every_exercise_is_offered_at_every_pace() -> None:
    refs = set(all_refs(CONTENT))
    for routine_id, routine in CONTENT.routines.items():
        for index in range(len(routine.exercises)):
            for pace in PACES:
                assert TrackRef(routine_id, index, False, True, pace) in refs


def test_the_manifest_lists_each_track_with_the_paces_it_serves(library: Path) -> None:
    manifest = Manifest(library)
    # The timed stretch says the same at every pace: one file serves them all.
    breathing = {file_of(library, ref) for ref in refs_for(*BREATHING)}
    assert len(breathing) == 1
    assert manifest.tracks[breathing.pop()]["paces"] == ["slower", "normal", "faster"]
    # Rests between the holds stretch with the pace: one file per pace, each saying which.
    for ref in refs_for(*KNEES):
        entry = manifest.tracks[file_of(library, ref)]
        assert entry["paces"] == [ref.pace]
        assert (entry["routine"], entry["index"], entry["full"]) == ("quick_relief", 1, True)
    assert len({file_of(library, ref) for ref in refs_for(*KNEES)}) == 3
    # Only the pauses differ, so every pace plays the very same phrase clips.
    wanted = {text for ref in REFS for text in phrases(track_script(CONTENT, ref))}
    assert len(manifest.clips) == len(wanted)
    # 3 + 3 + 3 tracks with pauses that differ, and the timed stretch once.
    assert len(manifest.tracks) == 10


def test_nothing_in_use_is_pruned_and_the_left_overs_are(library: Path) -> None:
    manifest = Manifest(library)
    files = {p.name for p in library.glob("*.mp3")}
    assert "left-over-track.mp3" not in files
    in_use = {file_of(library, ref) for ref in REFS}
    assert in_use <= files and in_use <= set(manifest.tracks)
    # A second build of the same refs renders nothing and removes nothing.
    report = build(library, engine="espeak", texts=[], refs=REFS, show_progress=False)
    assert (report.rendered, report.tracks_built, report.pruned) == (0, 0, 0)
    assert report.tracks_reused == len(manifest.tracks)
    assert {p.name for p in library.glob("*.mp3")} == files


def test_durations_are_measured_and_differ_by_exactly_the_stretched_pauses(library: Path) -> None:
    manifest = Manifest(library)
    for ref in REFS:
        name = file_of(library, ref)
        assert manifest.seconds(name) == pytest.approx(mp3_seconds(library / name), abs=0.001)
        assert len(decoded(library / name)) / SAMPLE_RATE == pytest.approx(manifest.seconds(name), abs=0.1)
    knees = {ref.pace: manifest.seconds(file_of(library, ref)) for ref in refs_for(*KNEES)}
    dose = CONTENT.routine_exercises("quick_relief")[1].dose_for(False)
    rests = (dose.sets - 1) * (2 if dose.sided else 1)
    sides = 1 if dose.sided else 0
    for pace, factor in PACES.items():
        stretched = (factor - 1) * (rests * BETWEEN_SETS_REST + sides * 2.0)
        assert knees[pace] - knees["normal"] == pytest.approx(stretched, abs=0.1), pace


@pytest.mark.parametrize("pace", sorted(PACES))
def test_holds_keep_true_seconds_at_every_pace(library: Path, pace: str) -> None:
    ref = TrackRef(*KNEES, easier=False, full=False, pace=pace)
    found = track(library, ref)
    seconds = CONTENT.routine_exercises("quick_relief")[1].dose_for(False).hold_seconds
    start_text, end_text = PHRASE("hold_start"), HOLD_MARKS[PHRASE("hold_start")]
    starts = says(found.script, start_text)
    assert len(starts) >= 2
    for start in starts:
        end = next(i for i in range(start + 1, len(found.script)) if found.script[i] == Say(end_text))
        held = found.heard(end)[0] - found.heard(start)[1]
        # Within 0.25 s per 10 s, from the end of "Hold." to the start of "And release".
        assert held == pytest.approx(seconds, abs=0.025 * seconds)


@pytest.mark.parametrize("pace", sorted(PACES))
def test_repetitions_keep_the_stated_pace(library: Path, pace: str) -> None:
    ref = TrackRef(*CAT_COW, easier=True, full=False, pace=pace)
    found = track(library, ref)
    dose = CONTENT.routine_exercises(*CAT_COW[:1])[CAT_COW[1]].dose_for(True)
    numbers = [says(found.script, PHRASE("rep_number", number=n))[0] for n in range(1, dose.reps + 1)]
    onsets = [found.heard(i)[0] for i in numbers]
    for earlier, later in zip(onsets, onsets[1:], strict=False):
        assert later - earlier == pytest.approx(dose.rep_seconds * PACES[pace], abs=0.1)


# Through the simulator: an Echo with an audio player, the skill in-process ----------------
@pytest.fixture
def echo(tmp_path: Path, library: Path) -> Session:
    config = Config(
        skill_id=APPLICATION_ID,
        local_dev=True,
        sqlite_path=tmp_path / "skill.sqlite3",
        audio_base_url=AUDIO_BASE,
        audio_dir=library,
    )
    return Session(
        in_process(config), interfaces=interfaces_for(["audio"]), durations=library_durations(library)
    )


def url_of(library: Path, ref: TrackRef) -> str:
    return f"{AUDIO_BASE}/audio/{file_of(library, ref)}"


def start_quick_relief(echo: Session) -> None:
    said = echo.say("ask back spasm helper to start quick relief hands free").said
    assert said.has("handsfree_starting", name="quick relief")
    assert echo.player.activity == "PLAYING"


def until_next_track(echo: Session) -> None:
    """Play on until the second exercise has started."""
    assert echo.player.current is not None and echo.player.current.seconds is not None
    echo.advance(timedelta(seconds=echo.player.current.seconds + 1))
    assert len(echo.player.played) == 2


def test_at_the_slow_pace_hands_free_plays_the_slow_tracks(echo: Session, library: Path) -> None:
    said = echo.say("ask back spasm helper to count slower").said
    assert said.has("pace_slower")
    start_quick_relief(echo)
    until_next_track(echo)
    first, second = echo.player.played
    assert first.url == url_of(library, TrackRef(*BREATHING, pace="slower"))
    assert second.url == url_of(library, TrackRef(*KNEES, pace="slower"))
    assert second.url != url_of(library, TrackRef(*KNEES))
    assert second.token == handsfree.encode(TrackRef(*KNEES, pace="slower"))
    assert handsfree.decode(second.token) == TrackRef(*KNEES, pace="slower")


def test_a_change_of_pace_while_a_track_plays_applies_from_the_next_one(echo: Session, library: Path) -> None:
    start_quick_relief(echo)
    echo.advance(timedelta(seconds=20))
    exchange = echo.say("ask back spasm helper to count slower")
    assert exchange.said.has("pace_slower") and exchange.said.has("handsfree_pace_next")
    # Nothing is queued yet, so nothing changes in the player: the track plays on.
    assert not [d for d in exchange.said.directives if d["type"].startswith("AudioPlayer.")]
    assert echo.player.activity == "PLAYING" and len(echo.player.played) == 1
    until_next_track(echo)
    assert echo.player.played[0].url == url_of(library, TrackRef(*BREATHING))
    assert echo.player.played[1].url == url_of(library, TrackRef(*KNEES, pace="slower"))


def test_a_change_of_pace_replaces_the_track_already_queued(echo: Session, library: Path) -> None:
    start_quick_relief(echo)
    current = echo.player.current
    assert current is not None and current.seconds is not None
    # Into the last seconds: the device has asked for the next track, at the usual pace.
    echo.advance(timedelta(seconds=current.seconds - NEARLY_FINISHED_BEFORE + 3))
    assert [item.url for item in echo.player.queue] == [url_of(library, TrackRef(*KNEES))]
    exchange = echo.say("ask back spasm helper to count a bit slower")
    (play,) = [d for d in exchange.said.directives if d["type"] == "AudioPlayer.Play"]
    assert play["playBehavior"] == "REPLACE_ENQUEUED"
    assert echo.player.current is current and echo.player.activity == "PLAYING"
    assert [item.url for item in echo.player.queue] == [url_of(library, TrackRef(*KNEES, pace="slower"))]
    until_next_track(echo)
    assert echo.player.played[1].url == url_of(library, TrackRef(*KNEES, pace="slower"))


def test_paused_then_slower_resumes_the_same_track_and_the_next_follows_the_pace(
    echo: Session, library: Path
) -> None:
    start_quick_relief(echo)
    echo.advance(timedelta(seconds=20))
    echo.say("pause")
    assert echo.player.activity == "STOPPED"
    said = echo.say("ask back spasm helper to count slower").said
    assert said.has("pace_slower")
    echo.say("resume")
    # The paused track carries on where it stopped (its offset is in that very file).
    assert echo.player.played[-1].url == url_of(library, TrackRef(*BREATHING))
    assert echo.player.offset_ms(echo.clock.now()) >= 19000
    echo.advance(timedelta(seconds=echo.player.current.seconds))  # type: ignore[union-attr]
    assert echo.player.played[-1].url == url_of(library, TrackRef(*KNEES, pace="slower"))
