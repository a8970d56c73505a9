"""The offline default voice: Festival with an HTS voice, and espeak-ng when it is missing.

Rendered for real (scripts/install-system-deps installs festival and festvox-us-slt-hts).
gTTS is made unreachable through a closed loopback proxy, so nothing leaves the machine.
"""

from __future__ import annotations

import logging
import os
import shutil
import socket
from pathlib import Path

import pytest

from skill.audio import render_speech
from skill.audio.build import build
from skill.audio.convert import SAMPLE_RATE, mp3_seconds
from skill.audio.engines import EngineError, FestivalEngine, choose_engine
from skill.audio.library import TrackLibrary
from skill.audio.manifest import Manifest, clip_name
from skill.audio.tracks import TrackRef, track_script
from skill.domain.content import load_content
from skill.domain.script import Say
from tests.audio_support import alexa_format_problems
from tests.test_audio_timing import decoded, speech_regions

CONTENT = load_content("en-US")
PHRASE = CONTENT.phrases
# Knees to chest with the short cue: three holds of 7 seconds.
HOLDS = TrackRef("quick_relief", 1, easier=False, full=False)


@pytest.fixture(autouse=True)
def google_unreachable(monkeypatch: pytest.MonkeyPatch) -> None:
    """gTTS's requests go to a loopback port nothing listens on."""
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    for name in ("https_proxy", "HTTPS_PROXY"):
        monkeypatch.setenv(name, f"http://127.0.0.1:{port}")
    for name in ("no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def festival_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    problem = FestivalEngine().problem("en-US")
    assert not problem, f"{problem}: run scripts/install-system-deps"
    directory = tmp_path_factory.mktemp("festival")
    build(directory, engine="festival", texts=[], refs=[HOLDS], show_progress=False)
    return directory


def without_festival(tmp_path: Path) -> str:
    """A PATH with every program but Festival's (as on a machine without the package)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for program in ("ffmpeg", "ffprobe", "espeak-ng"):
        found = shutil.which(program)
        assert found, program
        (bin_dir / program).symlink_to(found)
    return str(bin_dir)


def test_auto_renders_with_festival_when_google_cannot_be_reached(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    path = render_speech("Breathe in slowly.", engine="auto", directory=tmp_path / "audio")
    assert path.name == clip_name("Breathe in slowly.", "en-US", "festival")
    assert "cannot be reached" in caplog.text and "Festival" in caplog.text
    assert alexa_format_problems(path) == []
    assert Manifest(tmp_path / "audio").clip("Breathe in slowly.", "en-US", "festival") == path


def test_without_festival_auto_falls_back_to_espeak(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("PATH", without_festival(tmp_path))
    caplog.set_level(logging.INFO)
    assert FestivalEngine().problem("en-US") == "festival is not installed"
    path = render_speech("Hold.", engine="auto", directory=tmp_path / "audio")
    assert path.name == clip_name("Hold.", "en-US", "espeak")
    assert "festival is not installed" in caplog.text and "espeak-ng" in caplog.text
    with pytest.raises(EngineError, match="install-system-deps"):
        render_speech("Hold.", engine="festival", directory=tmp_path / "other")


def test_languages_festival_does_not_speak_use_espeak() -> None:
    assert choose_engine("auto", "de-DE").name == "espeak"
    assert choose_engine("auto", "en-GB").name == "festival"


def test_festival_clips_are_trimmed_and_in_alexa_format(tmp_path: Path) -> None:
    path = render_speech("And release.", engine="festival", directory=tmp_path / "audio")
    assert alexa_format_problems(path) == []
    raw = FestivalEngine().render_raw("And release.", "en-US", tmp_path / "raw.wav")
    ((raw_start, _),) = speech_regions(decoded(raw), gap=0.3)
    assert raw_start >= 0.1, "Festival pads its output with silence"
    samples = decoded(path)
    ((start, end),) = speech_regions(samples, gap=0.3)
    # The padding is gone: what is left before the sound is the MP3 encoder's delay (about
    # 0.05 s) and the 0.02 s the trim keeps so that words do not start abruptly.
    assert start <= 0.08
    assert len(samples) / SAMPLE_RATE - end <= 0.1
    assert mp3_seconds(path) == pytest.approx(len(samples) / SAMPLE_RATE, abs=0.03)


def test_a_festival_hold_keeps_true_time(festival_library: Path) -> None:
    script = track_script(CONTENT, HOLDS)
    name = TrackLibrary(festival_library).find(script, "en-US")
    assert name is not None
    manifest = Manifest(festival_library)
    assert manifest.tracks[name]["engine"] == "festival"

    def seconds_of(text: str) -> float:
        return manifest.seconds(clip_name(text, "en-US", "festival"))

    starts, at = [], 0.0
    for step in script:
        starts.append(at)
        at += seconds_of(step.text) if isinstance(step, Say) else step.silence(seconds_of)
    samples = decoded(festival_library / name)
    assert len(samples) / SAMPLE_RATE == pytest.approx(at, abs=0.1)
    regions = speech_regions(samples)

    def heard(index: int) -> tuple[float, float]:
        found = [r for r in regions if starts[index] - 0.05 <= r[0] <= starts[index] + 0.3]
        assert found, f"no speech near {starts[index]:.2f} s ({script[index]})"
        return found[0]

    seconds = CONTENT.routine_exercises("quick_relief")[1].dose_for(False).hold_seconds
    holds = [i for i, step in enumerate(script) if step == Say(PHRASE("hold_start"))]
    assert len(holds) == 3
    for start in holds:
        end = next(i for i in range(start + 1, len(script)) if script[i] == Say(PHRASE("hold_release")))
        held = heard(end)[0] - heard(start)[1]
        assert held == pytest.approx(seconds, abs=0.025 * seconds)
        # Where each number's clip begins in the track: its sound's onset there, less the
        # onset within the clip itself (a soft "f" or "th" is heard later than a vowel).
        counts = [
            heard(i)[0] - own_onset(festival_library / clip_name(script[i].text, "en-US", "festival"))
            for i in range(start + 1, end)
            if isinstance(script[i], Say)
        ]
        assert len(counts) == 5
        for earlier, later in zip(counts, counts[1:], strict=False):
            assert later - earlier == pytest.approx(1.0, abs=0.06), "each counted number is a second"


def own_onset(clip: Path) -> float:
    return speech_regions(decoded(clip))[0][0]


def test_the_install_script_lists_festival_for_run_and_test() -> None:
    script = (Path(__file__).parent.parent / "scripts" / "install-system-deps").read_text()
    base = next(line for line in script.splitlines() if line.startswith("packages=("))
    for package in ("festival", "festvox-us-slt-hts", "espeak-ng"):
        assert package in base.split("(")[1], package
    assert os.access(Path(__file__).parent.parent / "scripts" / "install-system-deps", os.X_OK)
