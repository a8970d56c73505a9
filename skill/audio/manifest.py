"""The audio library's manifest: which file holds each phrase and track.

Clip files are named by a hash of text, language and engine, so a phrase that has not
changed is never rendered again. Track files are named by a hash of their script and of
the clip files they are made of, so a track rendered by another engine gets another name;
each track entry records its script key, which is how request time finds the current file.
"""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path
from typing import Any

MANIFEST_NAME = "manifest.json"
# Version 2: track entries carry their script key, and there is one current track per script.
VERSION = 2
# Clip entries have not changed since version 1, so an older library keeps its clips.
_CLIPS_SINCE = 1


def clip_name(text: str, locale: str, engine: str) -> str:
    digest = hashlib.sha256(f"{engine}\0{locale}\0{text}".encode()).hexdigest()[:20]
    return f"{digest}.mp3"


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest as stored, or an empty one if there is none."""
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def track_index(raw: dict[str, Any]) -> dict[tuple[str, str], str]:
    """(locale, script key) -> track file, from a manifest as read_manifest returns it."""
    if raw.get("version") != VERSION:
        return {}
    index: dict[tuple[str, str], str] = {}
    # Sorted, so that even a hand-edited manifest with two files for a script is read the same way.
    for name, entry in sorted(raw.get("tracks", {}).items()):
        if isinstance(entry, dict) and entry.get("script") and entry.get("locale"):
            index.setdefault((entry["locale"], entry["script"]), name)
    return index


class Manifest:
    """phrase + locale + engine -> file, and track -> file, kept as sorted JSON."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.path = directory / MANIFEST_NAME
        self._lock = threading.Lock()
        self.clips: dict[str, dict[str, str]] = {}
        self.tracks: dict[str, dict[str, Any]] = {}
        raw = read_manifest(self.path)
        if _CLIPS_SINCE <= raw.get("version", 0) <= VERSION:
            self.clips = raw.get("clips", {})
        if raw.get("version") == VERSION:
            self.tracks = raw.get("tracks", {})

    def clip(self, text: str, locale: str, engine: str) -> Path | None:
        """The rendered file for a phrase, if it is in the manifest and on disk."""
        name = clip_name(text, locale, engine)
        path = self.directory / name
        return path if name in self.clips and path.exists() else None

    def add_clip(self, text: str, locale: str, engine: str) -> str:
        name = clip_name(text, locale, engine)
        with self._lock:
            self.clips[name] = {"text": text, "locale": locale, "engine": engine}
        return name

    def track(self, name: str) -> dict[str, Any] | None:
        entry = self.tracks.get(name)
        return entry if entry and (self.directory / name).exists() else None

    def add_track(self, name: str, entry: dict[str, Any]) -> None:
        """Record a track as the current one for its script, replacing any older file's entry.

        The older file stays on disk: a device may still have it queued.
        """
        key = (entry["locale"], entry["script"])
        with self._lock:
            for older in [n for n, e in self.tracks.items()
                          if n != name and (e.get("locale"), e.get("script")) == key]:
                del self.tracks[older]
            self.tracks[name] = entry

    def save(self) -> None:
        """Written sorted and only when changed, so an unchanged build leaves it byte-identical."""
        body = json.dumps({"version": VERSION, "clips": self.clips, "tracks": self.tracks},
                          indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        self.directory.mkdir(parents=True, exist_ok=True)
        if self.path.exists() and self.path.read_text(encoding="utf-8") == body:
            return
        partial = self.path.with_suffix(".part")
        partial.write_text(body, encoding="utf-8")
        partial.replace(self.path)
