"""The audio library's manifest: which file holds each phrase and track.

Clip files are named by a hash of text, language and engine, so a phrase that has not
changed is never rendered again; the manifest records what each file holds.
"""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path
from typing import Any

MANIFEST_NAME = "manifest.json"
VERSION = 1


def clip_name(text: str, locale: str, engine: str) -> str:
    digest = hashlib.sha256(f"{engine}\0{locale}\0{text}".encode()).hexdigest()[:20]
    return f"{digest}.mp3"


class Manifest:
    """phrase + locale + engine -> file, and track -> file, kept as sorted JSON."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.path = directory / MANIFEST_NAME
        self._lock = threading.Lock()
        self.clips: dict[str, dict[str, str]] = {}
        self.tracks: dict[str, dict[str, Any]] = {}
        if self.path.exists():
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            if raw.get("version") == VERSION:
                self.clips = raw.get("clips", {})
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
        with self._lock:
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
