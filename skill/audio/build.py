"""Build the audio library: render every phrase, then assemble the hands-free tracks."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from skill.audio.convert import join, tone
from skill.audio.engines import Engine, choose_engine, render_clip
from skill.audio.manifest import Manifest
from skill.audio.phrasebook import phrasebook
from skill.audio.tracks import (
    CHIME,
    TrackRef,
    all_refs,
    plan,
    script_key,
    track_name,
    track_script,
)
from skill.domain.content import load_content

log = logging.getLogger(__name__)

# gTTS is a shared web service: a few requests at a time, never a flood.
MAX_WORKERS = 4


@dataclass
class BuildReport:
    engine: str
    rendered: int = 0
    reused: int = 0
    tracks_built: int = 0
    tracks_reused: int = 0


def _progress(items: Sequence, label: str, show: bool) -> tqdm:
    return tqdm(total=len(items), desc=label, unit="file", disable=not show, leave=False)


def render_phrases(engine: Engine, texts: Sequence[str], locale: str, manifest: Manifest,
                   report: BuildReport, show_progress: bool = True,
                   workers: int = MAX_WORKERS) -> dict[str, Path]:
    """Render every text not yet in the library, at most ``workers`` at a time."""
    clips: dict[str, Path] = {}
    with ThreadPoolExecutor(max_workers=workers) as pool, \
            _progress(texts, f"phrases ({engine.name})", show_progress) as bar:
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


def build_tracks(refs: Iterable[TrackRef], locale: str, clips: dict[str, Path], manifest: Manifest,
                 report: BuildReport, show_progress: bool = True,
                 workers: int = MAX_WORKERS) -> None:
    content = load_content(locale)
    todo = []
    for ref in refs:
        script = track_script(content, ref)
        key = script_key(script, locale)
        parts = plan(script, clips.__getitem__)
        # Named by the script and its clips' files, so another engine means another name.
        name = track_name(key, parts)
        entry = {"routine": ref.routine_id, "index": ref.index, "easier": ref.easier,
                 "full": ref.full, "locale": locale, "engine": report.engine, "script": key,
                 "seconds": round(script.estimated_seconds(), 1)}
        if manifest.track(name) == entry:
            report.tracks_reused += 1
            continue
        if (manifest.directory / name).exists():
            # Built before from these very clips (say, before another engine's build): the
            # name proves the content, so it only becomes current again.
            manifest.add_track(name, entry)
            report.tracks_reused += 1
            continue
        todo.append((name, parts, entry))
    with ThreadPoolExecutor(max_workers=workers) as pool, \
            _progress(todo, "tracks", show_progress) as bar:
        futures = [(name, entry, pool.submit(join, parts, manifest.directory / name))
                   for name, parts, entry in todo]
        for name, entry, future in futures:
            future.result()
            manifest.add_track(name, entry)
            report.tracks_built += 1
            bar.update(1)


def build(directory: Path, locale: str = "en-US", engine: str | Engine = "auto",
          texts: Sequence[str] | None = None, refs: Iterable[TrackRef] | None = None,
          show_progress: bool = True) -> BuildReport:
    """Render ``texts`` (default: the whole phrasebook) and the tracks ``refs`` (default: all).

    Passing ``texts`` without ``refs`` renders only those phrases. ``engine`` is a name from
    ENGINES or an Engine object of one's own.
    """
    chosen = choose_engine(engine, locale) if isinstance(engine, str) else engine
    manifest = Manifest(directory)
    report = BuildReport(engine=chosen.name)
    content = load_content(locale)
    if refs is None and texts is None:
        refs = list(all_refs(content))
    refs = list(refs or [])
    wanted = list(texts if texts is not None else phrasebook(locale))
    for ref in refs:
        for step_text in _track_texts(content, ref):
            if step_text not in wanted:
                wanted.append(step_text)
    try:
        if not (manifest.directory / CHIME.name).exists():
            tone(manifest.directory / CHIME.name, CHIME.seconds, CHIME.frequency)
        clips = render_phrases(chosen, wanted, locale, manifest, report, show_progress)
        build_tracks(refs, locale, clips, manifest, report, show_progress)
    finally:
        # Whatever finished is recorded, so an interrupted build resumes where it stopped.
        manifest.save()
    log.info("audio build (%s, %s): %d rendered, %d reused, %d tracks built, %d reused",
             chosen.name, locale, report.rendered, report.reused, report.tracks_built,
             report.tracks_reused)
    return report


def _track_texts(content, ref: TrackRef) -> list[str]:
    from skill.audio.tracks import phrases

    return phrases(track_script(content, ref))
