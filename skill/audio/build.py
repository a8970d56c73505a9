"""Build the audio library: render every phrase, then assemble the hands-free tracks."""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from skill.audio.convert import Clip, Part, Silence, join, mp3_seconds, tone
from skill.audio.engines import Engine, choose_engine, render_clip
from skill.audio.manifest import Manifest
from skill.audio.phrasebook import phrasebook
from skill.audio.tracks import CHIME, TrackRef, all_refs, script_key, track_script
from skill.domain.content import load_content
from skill.domain.countdown import PACES
from skill.domain.script import Pause, Script

log = logging.getLogger(__name__)

# The manifest lists a track's paces from slowest to fastest.
PACE_ORDER = sorted(PACES, key=PACES.__getitem__, reverse=True)
# gTTS is a shared web service: a few requests at a time, never a flood.
MAX_WORKERS = 4


def track_name(key: str, parts: Sequence[Part]) -> str:
    """A file name that changes whenever the script or any clip the track is made of changes.

    Clip names already hash text, language and engine, so a track assembled from another
    engine's clips gets another name, and no year-long cache can serve the old audio.
    """
    layout = [part.path.name if isinstance(part, Clip) else round(part.seconds, 3) for part in parts]
    digest = hashlib.sha256(json.dumps([key, layout]).encode()).hexdigest()[:20]
    return f"track-{digest}.mp3"


def plan(script: Script, clip_for: Callable[[str], Path], seconds_of: Callable[[str], float]) -> list[Part]:
    """Clips for the words and silence for the pauses, adjacent pauses merged.

    ``seconds_of`` says how long each text's clip plays, so that a beat of a count (a
    number and its silence) lasts exactly as long as the script says, whatever the voice.
    """
    parts: list[Part] = []
    for step in script:
        if isinstance(step, Pause):
            silence = step.silence(seconds_of)
            if silence <= 0:
                continue
            if parts and isinstance(parts[-1], Silence):
                parts[-1] = Silence(parts[-1].seconds + silence)
            else:
                parts.append(Silence(silence))
        else:
            parts.append(Clip(clip_for(step.text)))
    return parts


@dataclass
class BuildReport:
    engine: str
    rendered: int = 0
    reused: int = 0
    tracks_built: int = 0
    tracks_reused: int = 0
    pruned: int = 0

    def summary(self) -> str:
        return (
            f"{self.engine}: {self.rendered} phrases rendered, {self.reused} already there; "
            f"{self.tracks_built} tracks built, {self.tracks_reused} already there; "
            f"{self.pruned} unused files removed"
        )


def _progress(items: Sequence, label: str, show: bool) -> tqdm:
    return tqdm(total=len(items), desc=label, unit="file", disable=not show or not items, leave=False)


def _workers(engine: Engine) -> int:
    """gTTS is a shared web service: a few requests at a time. Local engines use every core."""
    if engine.name == "gtts":
        return MAX_WORKERS
    return max(2, os.cpu_count() or 2)


def render_phrases(
    engine: Engine,
    texts: Sequence[str],
    locale: str,
    manifest: Manifest,
    report: BuildReport,
    show_progress: bool = True,
    workers: int | None = None,
) -> dict[str, Path]:
    """Render every text not yet in the library, several at a time."""
    clips: dict[str, Path] = {}
    with (
        ThreadPoolExecutor(max_workers=workers or _workers(engine)) as pool,
        _progress(texts, f"phrases ({engine.name})", show_progress) as bar,
    ):
        futures = {text: pool.submit(render_clip, engine, text, locale, manifest) for text in texts}
        for text, future in futures.items():
            path, rendered = future.result()
            clips[text] = path
            if rendered:
                report.rendered += 1
            else:
                report.reused += 1
            bar.update(1)
    return clips


def build_tracks(
    refs: Iterable[TrackRef],
    locale: str,
    clips: dict[str, Path],
    manifest: Manifest,
    report: BuildReport,
    show_progress: bool = True,
    workers: int | None = None,
) -> None:
    content = load_content(locale)
    todo = []

    def clip_seconds(text: str) -> float:
        return manifest.seconds(clips[text].name)

    # Refs that say the same (most exercises at every pace) share one track file.
    groups: dict[str, tuple[TrackRef, Script, list[str]]] = {}
    for ref in refs:
        script = track_script(content, ref)
        key = script_key(script, locale)
        _, _, paces = groups.setdefault(key, (ref, script, []))
        if ref.pace not in paces:
            paces.append(ref.pace)
    for key, (ref, script, paces) in groups.items():
        # Silences are cut to the clips' measured lengths, so a count keeps true time.
        parts = plan(script, clips.__getitem__, clip_seconds)
        # Named by the script and its clips' files, so another engine means another name.
        name = track_name(key, parts)
        entry = {
            "routine": ref.routine_id,
            "index": ref.index,
            "easier": ref.easier,
            "full": ref.full,
            "paces": sorted(paces, key=PACE_ORDER.index),
            "locale": locale,
            "engine": report.engine,
            "script": key,
        }
        known = manifest.track(name)
        if known is not None and {k: known.get(k) for k in entry} == entry and "seconds" in known:
            report.tracks_reused += 1
            continue
        path = manifest.directory / name
        if path.exists():
            # Built before from these very clips: the name proves the content.
            manifest.add_track(name, {**entry, "seconds": round(mp3_seconds(path), 3)})
            report.tracks_reused += 1
            continue
        todo.append((name, parts, entry))
    with (
        ThreadPoolExecutor(max_workers=workers or max(2, os.cpu_count() or 2)) as pool,
        _progress(todo, "tracks", show_progress) as bar,
    ):
        futures = [
            (name, entry, pool.submit(join, parts, manifest.directory / name)) for name, parts, entry in todo
        ]
        for name, entry, future in futures:
            path = future.result()
            manifest.add_track(name, {**entry, "seconds": round(mp3_seconds(path), 3)})
            report.tracks_built += 1
            bar.update(1)


def build(
    directory: Path,
    locale: str = "en-US",
    engine: str | Engine = "auto",
    texts: Sequence[str] | None = None,
    refs: Iterable[TrackRef] | None = None,
    show_progress: bool = True,
) -> BuildReport:
    """Render ``texts`` (default: the whole phrasebook) and the tracks ``refs`` (default: all).

    Passing ``texts`` without ``refs`` renders only those phrases. ``engine`` is a name from
    ENGINES or an Engine object of one's own. A full build (neither given) keeps only the
    clips it uses; every build deletes the files no manifest entry names.
    """
    chosen = choose_engine(engine, locale) if isinstance(engine, str) else engine
    manifest = Manifest(directory)
    report = BuildReport(engine=chosen.name)
    content = load_content(locale)
    full_build = refs is None and texts is None
    if full_build:
        refs = list(all_refs(content))
    refs = list(refs or [])
    wanted = list(texts if texts is not None else phrasebook(locale))
    for ref in refs:
        for step_text in _track_texts(content, ref):
            if step_text not in wanted:
                wanted.append(step_text)
    try:
        chime = manifest.directory / CHIME.name
        if manifest.sound(CHIME.name) is None:
            if not chime.exists():
                tone(chime, CHIME.seconds, CHIME.frequency)
            manifest.add_sound(CHIME.name, "chime", mp3_seconds(chime))
        clips = render_phrases(chosen, wanted, locale, manifest, report, show_progress)
        build_tracks(refs, locale, clips, manifest, report, show_progress)
        if full_build:
            manifest.keep_clips({path.name for path in clips.values()}, locale)
    finally:
        # Whatever finished is recorded, so an interrupted build resumes where it stopped.
        manifest.save()
    report.pruned = len(manifest.prune())
    log.debug("audio build (%s, %s): %s", chosen.name, locale, report.summary())
    return report


def _track_texts(content, ref: TrackRef) -> list[str]:
    from skill.audio.tracks import phrases

    return phrases(track_script(content, ref))
