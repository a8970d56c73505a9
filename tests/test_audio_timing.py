"""Hands-free tracks keep true time, measured in the rendered MP3s themselves (espeak-ng).

A hold of N seconds lasts N seconds from the end of "Hold." to the start of "And release",
each counted number starts one second after the last, and repetitions keep their pace.
The speech in each track is found by its loudness, not taken from the plan.
"""

from __future__ import annotations

import array
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from skill.audio.build import build
from skill.audio.convert import SAMPLE_RATE, mp3_seconds
from skill.audio.library import TrackLibrary
from skill.audio.manifest import MANIFEST_NAME, Manifest, clip_name
from skill.audio.tracks import CHIME, TrackRef, track_script
from skill.domain.content import load_content
from skill.domain.script import Say, Script

CONTENT = load_content("en-US")
PHRASE = CONTENT.phrases
REFS = {
    # Knees to chest: three holds of 7 seconds, with the short cue.
    "holds": TrackRef("quick_relief", 1, easier=False, full=False),
    # Deep breathing, easier: one timed stretch of 30 seconds with a midway cue.
    "timed": TrackRef("quick_relief", 0, easier=True, full=False),
    # Cat cow, easier: five repetitions of 6 seconds, two phrases each.
    "reps": TrackRef("morning_stretches", 4, easier=True, full=False),
}
HOLD_MARKS = {PHRASE("hold_start"): PHRASE("hold_release"), PHRASE("timed_start"): PHRASE("timed_end")}


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("audio")
    (directory / "stray-old-track.mp3").write_bytes(b"not used by anything")
    build(directory, engine="espeak", texts=[], refs=list(REFS.values()), show_progress=False)
    return directory


def decoded(path: Path) -> array.array:
    """The samples a player plays, as ffmpeg decodes them."""
    pcm = subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-loglevel",
            "error",
            "-i",
            str(path),
            "-f",
            "s16le",
            "-ac",
            "1",
            "-ar",
            str(SAMPLE_RATE),
            "-",
        ],
        capture_output=True,
        check=True,
    ).stdout
    samples = array.array("h")
    samples.frombytes(pcm)
    return samples


def speech_regions(samples: array.array, window: float = 0.01, gap: float = 0.2) -> list[tuple[float, float]]:
    """(start, end) of each stretch of sound, in seconds; quiet gaps shorter than ``gap`` join."""
    step = int(SAMPLE_RATE * window)
    regions: list[list[float]] = []
    onset = None
    for index in range(0, len(samples), step):
        loud = max(map(abs, samples[index : index + step]), default=0) > 600
        at = index / SAMPLE_RATE
        if loud and onset is None:
            onset = at
        elif not loud and onset is not None:
            regions.append([onset, at])
            onset = None
    if onset is not None:
        regions.append([onset, len(samples) / SAMPLE_RATE])
    merged: list[list[float]] = []
    for region in regions:
        if merged and region[0] - merged[-1][1] < gap:
            merged[-1][1] = region[1]
        else:
            merged.append(region)
    return [(start, end) for start, end in merged]


@dataclass
class Track:
    script: Script
    path: Path
    regions: list[tuple[float, float]]
    starts: list[float]  # where each step begins, by the plan
    total: float  # how long the plan says the track plays

    def heard(self, index: int) -> tuple[float, float]:
        """The sound found in the audio where step ``index`` is planned to be said."""
        planned = self.starts[index]
        found = [r for r in self.regions if planned - 0.05 <= r[0] <= planned + 0.3]
        assert found, f"no speech in the track near {planned:.2f} s ({self.script[index]})"
        return found[0]


def track(library: Path, ref: TrackRef) -> Track:
    script = track_script(CONTENT, ref)
    name = TrackLibrary(library).find(script, "en-US")
    assert name is not None
    manifest = Manifest(library)

    def clip_seconds(text: str) -> float:
        return manifest.seconds(clip_name(text, "en-US", "espeak"))

    starts, at = [], 0.0
    for step in script:
        starts.append(at)
        at += clip_seconds(step.text) if isinstance(step, Say) else step.silence(clip_seconds)
    return Track(script, library / name, speech_regions(decoded(library / name)), starts, at)


def says(script: Script, text: str) -> list[int]:
    return [i for i, step in enumerate(script) if step == Say(text)]


def test_mp3_lengths_are_what_a_decoder_plays(library: Path, tmp_path: Path) -> None:
    # MPEG-1 at 44.1 kHz and 64 kbps, as Google's voice comes (with no gapless header,
    # which the library's own files never have).
    google_like = tmp_path / "google.mp3"
    subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-loglevel",
            "error",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:duration=1.3",
            "-ar",
            "44100",
            "-b:a",
            "64k",
            "-write_xing",
            "0",
            str(google_like),
        ],
        check=True,
    )
    files = [*sorted(library.glob("*.mp3"))[:5], google_like]
    for path in files:
        info = subprocess.run(
            [
                "ffprobe",
                "-v",
                "error",
                "-select_streams",
                "a:0",
                "-show_entries",
                "stream=sample_rate",
                "-of",
                "csv=p=0",
                str(path),
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        rate = int(info.strip())
        pcm = subprocess.run(
            ["ffmpeg", "-nostdin", "-loglevel", "error", "-i", str(path), "-f", "s16le", "-ac", "1", "-"],
            capture_output=True,
            check=True,
        ).stdout
        assert mp3_seconds(path) == pytest.approx(len(pcm) / 2 / rate, abs=0.03), path.name


def test_every_file_is_in_the_manifest_with_its_measured_length(library: Path) -> None:
    manifest = Manifest(library)
    files = {p.name for p in library.iterdir()} - {MANIFEST_NAME}
    assert "stray-old-track.mp3" not in files, "files no entry names are pruned"
    assert CHIME.name in manifest.sounds
    assert files == set(manifest.clips) | set(manifest.tracks) | set(manifest.sounds)
    for name in files:
        assert manifest.seconds(name) == pytest.approx(mp3_seconds(library / name), abs=0.001)


@pytest.mark.parametrize("kind", sorted(REFS))
def test_a_track_lasts_as_long_as_its_clips_and_silences(library: Path, kind: str) -> None:
    found = track(library, REFS[kind])
    assert len(decoded(found.path)) / SAMPLE_RATE == pytest.approx(found.total, abs=0.1)
    # Speech really is where the plan puts it: the last words after a silence start on time.
    last_said = max(
        i
        for i, step in enumerate(found.script)
        if isinstance(step, Say) and i and not isinstance(found.script[i - 1], Say)
    )
    assert found.heard(last_said)[0] == pytest.approx(found.starts[last_said], abs=0.2)


@pytest.mark.parametrize("kind", ["holds", "timed"])
def test_a_hold_of_n_seconds_takes_n_seconds_in_the_audio(library: Path, kind: str) -> None:
    found = track(library, REFS[kind])
    ref = REFS[kind]
    exercise = CONTENT.routine_exercises(ref.routine_id)[ref.index]
    dose = exercise.dose_for(ref.easier)
    seconds = dose.seconds if dose.kind == "timed" else dose.hold_seconds
    holds = 0
    for start_text, end_text in HOLD_MARKS.items():
        for start in says(found.script, start_text):
            end = next(i for i in range(start + 1, len(found.script)) if found.script[i] == Say(end_text))
            held = found.heard(end)[0] - found.heard(start)[1]
            # Within 0.25 s per 10 s, from the end of "Hold." to the start of "And release".
            assert held == pytest.approx(seconds, abs=0.025 * seconds), (start_text, held)
            counts = [
                found.heard(i)[0]
                for i in range(start + 1, end)
                if isinstance(found.script[i], Say) and found.script[i].text.rstrip(".").isdigit()
            ]
            assert len(counts) == 5
            for earlier, later in zip(counts, counts[1:], strict=False):
                assert later - earlier == pytest.approx(1.0, abs=0.06), "each counted number is a second"
            holds += 1
    assert holds == (1 if dose.kind == "timed" else dose.sets)


def test_repetitions_keep_their_pace_in_the_audio(library: Path) -> None:
    ref = REFS["reps"]
    found = track(library, ref)
    dose = CONTENT.routine_exercises(ref.routine_id)[ref.index].dose_for(ref.easier)
    numbers = [says(found.script, PHRASE("rep_number", number=n))[0] for n in range(1, dose.reps + 1)]
    onsets = [found.heard(i)[0] for i in numbers]
    for earlier, later in zip(onsets, onsets[1:], strict=False):
        assert later - earlier == pytest.approx(dose.rep_seconds, abs=0.1)
