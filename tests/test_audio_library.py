"""The audio library built for real with espeak-ng: format, manifest, tracks, serving."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from flask import Flask

from skill.audio.__main__ import main
from skill.audio.build import build
from skill.audio.convert import mp3_seconds
from skill.audio.engines import EspeakEngine
from skill.audio.library import TrackLibrary
from skill.audio.manifest import Manifest, clip_name
from skill.audio.phrasebook import phrasebook
from skill.audio.tracks import CHIME, TrackRef, track_script
from skill.config import Config
from skill.domain.content import load_content
from skill.web.app import create_app
from tests.audio_support import alexa_format_problems

# One short exercise (knees to chest, the easier dose, the short cue): a handful of phrases.
TRACK = TrackRef("quick_relief", 1, easier=True, full=False)


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("audio")
    report = build(directory, engine="espeak", texts=["Hold."], refs=[TRACK], show_progress=False)
    assert report.engine == "espeak" and report.rendered > 3 and report.tracks_built == 1
    return directory


def test_every_file_is_mpeg2_layer3_at_48_kbps(library: Path) -> None:
    files = sorted(library.glob("*.mp3"))
    assert len(files) > 4
    assert (library / CHIME.name) in files
    for path in files:
        assert alexa_format_problems(path) == [], path.name


def test_a_second_build_renders_nothing_and_keeps_the_manifest(library: Path) -> None:
    before = (library / "manifest.json").read_bytes()
    report = build(library, engine="espeak", texts=["Hold."], refs=[TRACK], show_progress=False)
    assert (report.rendered, report.tracks_built) == (0, 0)
    assert report.reused > 3 and report.tracks_reused == 1
    assert (library / "manifest.json").read_bytes() == before


def test_the_manifest_names_files_by_text_language_and_engine(library: Path) -> None:
    manifest = Manifest(library)
    path = manifest.clip("Hold.", "en-US", "espeak")
    assert path == library / clip_name("Hold.", "en-US", "espeak")
    assert manifest.clips[path.name] == {
        "text": "Hold.",
        "locale": "en-US",
        "engine": "espeak",
        "seconds": pytest.approx(mp3_seconds(path), abs=0.001),
    }
    assert manifest.clip("Hold.", "en-US", "gtts") is None
    assert len({clip_name("Hold.", "en-US", e) for e in ("espeak", "gtts")}) == 2


def test_the_track_follows_the_spoken_script(library: Path) -> None:
    content = load_content("en-US")
    script = track_script(content, TRACK)
    name = TrackLibrary(library).find(script, "en-US")
    assert name is not None
    entry = Manifest(library).track(name)
    assert entry is not None and entry["routine"] == "quick_relief" and entry["index"] == 1
    # Exercise 2 of 4 with the cue, the easier hold counted down, then the transition.
    words = script.text()
    assert words.startswith("Exercise 2 of 4: Knees to chest.")
    assert "Hug your knees in" in words and "3. 2. 1. And release." in words
    assert words.endswith(content.phrases("handsfree_track_next"))
    # The manifest's length is the file's own (tests/test_audio_timing.py checks it closely).
    from mutagen.mp3 import MP3

    assert entry["seconds"] == pytest.approx(MP3(library / name).info.length, abs=0.1)


def test_the_phrasebook_covers_counts_sides_and_transitions() -> None:
    phrases = phrasebook("en-US")
    for wanted in (
        "Hold.",
        "And release. Ease out slowly.",
        "Now switch sides, slowly.",
        "5.",
        "1.",
        "Well done. The next exercise starts in a moment.",
    ):
        assert wanted in phrases
    assert len(phrases) == len(set(phrases))


def test_audio_is_served_with_ranges_and_long_caching(library: Path, tmp_path: Path) -> None:
    app: Flask = create_app(Config(local_dev=True, sqlite_path=tmp_path / "s.sqlite3", audio_dir=library))
    client = app.test_client()
    name = clip_name("Hold.", "en-US", "espeak")
    size = (library / name).stat().st_size
    whole = client.get(f"/audio/{name}")
    assert whole.status_code == 200 and whole.mimetype == "audio/mpeg"
    assert whole.headers["Accept-Ranges"] == "bytes"
    assert "max-age=31536000" in whole.headers["Cache-Control"]
    assert len(whole.data) == size
    part = client.get(f"/audio/{name}", headers={"Range": "bytes=100-199"})
    assert part.status_code == 206
    assert part.headers["Content-Range"] == f"bytes 100-199/{size}"
    assert part.data == whole.data[100:200]
    for bad in ("../manifest.json", "manifest.json", "%2e%2e/pyproject.toml", "missing.mp3", "sub/x.mp3"):
        assert client.get(f"/audio/{bad}").status_code == 404, bad


def test_the_command_line_builds_with_a_forced_engine(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main(["build", "--engine", "nonsense"])
    assert "invalid choice" in capsys.readouterr().err


class SecondVoice(EspeakEngine):
    """espeak-ng under another engine name: what a build with another engine looks like."""

    name = "espeak-second-voice"


def test_another_engine_gives_every_track_a_new_file_name(library: Path, tmp_path: Path) -> None:
    # A copy of the library built with espeak-ng, with one more track.
    tmp_path = Path(shutil.copytree(library, tmp_path / "audio"))
    refs = [TRACK, TrackRef("quick_relief", 2, easier=True, full=False)]
    scripts = [track_script(load_content("en-US"), ref) for ref in refs]
    tracks = TrackLibrary(tmp_path)

    build(tmp_path, engine="espeak", texts=[], refs=refs, show_progress=False)
    first = [tracks.find(script, "en-US") for script in scripts]
    assert None not in first
    report = build(tmp_path, engine=SecondVoice(), texts=[], refs=refs, show_progress=False)
    assert report.tracks_built == 2 and report.rendered > 3
    second = [tracks.find(script, "en-US") for script in scripts]
    assert None not in second and set(first).isdisjoint(second)
    # One current track per script; the old track files are pruned, not left to pile up.
    manifest = Manifest(tmp_path)
    assert sorted(manifest.tracks) == sorted(second)
    assert {entry["engine"] for entry in manifest.tracks.values()} == {SecondVoice.name}
    assert not any((tmp_path / name).exists() for name in first)
    assert report.pruned >= 2

    # Back to the first engine: its clips are still there, so only the tracks are joined again,
    # under the same names as before.
    report = build(tmp_path, engine="espeak", texts=[], refs=refs, show_progress=False)
    assert (report.rendered, report.tracks_built) == (0, 2)
    assert [tracks.find(script, "en-US") for script in scripts] == first
    before = (tmp_path / "manifest.json").read_bytes()
    report = build(tmp_path, engine="espeak", texts=[], refs=refs, show_progress=False)
    assert (report.rendered, report.tracks_built, report.tracks_reused) == (0, 0, 2)
    assert (tmp_path / "manifest.json").read_bytes() == before


def test_the_track_library_reads_the_manifest_only_when_it_changes(
    library: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="skill.audio.library")
    copy = tmp_path / "audio"
    copy.mkdir()
    script = track_script(load_content("en-US"), TRACK)
    tracks = TrackLibrary(copy)
    assert tracks.find(script, "en-US") is None, "no manifest: nothing is built"
    manifest = (library / "manifest.json").read_text(encoding="utf-8")
    name = TrackLibrary(library).find(script, "en-US")
    (copy / name).write_bytes((library / name).read_bytes())
    (copy / "manifest.json").write_text(manifest, encoding="utf-8")
    caplog.clear()
    assert tracks.find(script, "en-US") == name
    assert tracks.find(script, "en-US") == name
    loads = [r for r in caplog.records if r.getMessage().startswith("audio manifest loaded")]
    assert len(loads) == 1, "an unchanged manifest is not read again"
    # A manifest that cannot be read leaves the tracks missing (hands-free speaks instead).
    (copy / "manifest.json").write_text("{not json", encoding="utf-8")
    assert tracks.find(script, "en-US") is None
    (copy / "manifest.json").write_text(manifest, encoding="utf-8")
    assert tracks.find(script, "en-US") == name
    # A file deleted from the library is missing too, whatever the manifest says.
    (copy / name).unlink()
    assert tracks.find(script, "en-US") is None
