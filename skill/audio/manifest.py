"""The audio library's manifest: which file holds each phrase and track.

Clip files are named by a hash of text, language and engine, so a phrase that has not
changed is never rendered again. Track files are named by a hash of their script and of
the clip files they are made of, so a track rendered by another engine gets another name;
each track entry records its script key, which is how request time finds the current file.

Every file in the directory has an entry (the chime too), each with its length in seconds
as measured from the file itself; a build prunes files that no entry names.
"""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path
from typing import Any

MANIFEST_NAME = "manifest.json"
# Version 3: clips are trimmed of silence, and every entry has its measured "seconds".
VERSION = 3
# Part of each clip's name: a change to the conversion step renames every clip, so no
# year-long cache keeps serving audio made the old way.
CONVERSION = "trimmed-1"
# Only files the library makes are ever pruned.
_PRUNABLE = ("*.mp3", "*.part")


def clip_name(text: str, locale: str, engine: str) -> str:
    digest = hashlib.sha256(f"{engine}\0{locale}\0{text}\0{CONVERSION}".encode()).hexdigest()[:20]
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
        self.clips: dict[str, dict[str, Any]] = {}
        self.tracks: dict[str, dict[str, Any]] = {}
        self.sounds: dict[str, dict[str, Any]] = {}
        raw = read_manifest(self.path)
        # An older library is rebuilt: its clips were made another way.
        if raw.get("version") == VERSION:
            self.clips = raw.get("clips", {})
            self.tracks = raw.get("tracks", {})
            self.sounds = raw.get("sounds", {})

    def clip(self, text: str, locale: str, engine: str) -> Path | None:
        """The rendered file for a phrase, if it is in the manifest and on disk."""
        name = clip_name(text, locale, engine)
        path = self.directory / name
        return path if name in self.clips and path.exists() else None

    def add_clip(self, text: str, locale: str, engine: str, seconds: float) -> str:
        """Record a rendered clip (its file is already in place) and how long it plays."""
        name = clip_name(text, locale, engine)
        with self._lock:
            self.clips[name] = {
                "text": text,
                "locale": locale,
                "engine": engine,
                "seconds": round(seconds, 3),
            }
        return name

    def seconds(self, name: str) -> float:
        """How long a file of the library plays, from its entry."""
        for table in (self.clips, self.tracks, self.sounds):
            if name in table:
                return float(table[name]["seconds"])
        raise KeyError(name)

    def add_sound(self, name: str, kind: str, seconds: float) -> None:
        with self._lock:
            self.sounds[name] = {"kind": kind, "seconds": round(seconds, 3)}

    def sound(self, name: str) -> dict[str, Any] | None:
        entry = self.sounds.get(name)
        return entry if entry and (self.directory / name).exists() else None

    def keep_clips(self, names: set[str], locale: str | None = None) -> None:
        """Forget every clip not named (a full build keeps what its engine and tracks use).

        With ``locale``, only that locale's clips are forgotten: one library holds every
        locale's (en-US and de-DE built one after the other keep both).
        """
        with self._lock:
            self.clips = {
                name: entry
                for name, entry in self.clips.items()
                if name in names or (locale is not None and entry.get("locale") != locale)
            }

    def prune(self) -> list[str]:
        """Delete the library's files that no entry names; the names deleted."""
        known = set(self.clips) | set(self.tracks) | set(self.sounds)
        removed = []
        for pattern in _PRUNABLE:
            for path in sorted(self.directory.glob(pattern)):
                if path.name not in known and path.is_file():
                    path.unlink(missing_ok=True)
                    removed.append(path.name)
        return removed

    def track(self, name: str) -> dict[str, Any] | None:
        entry = self.tracks.get(name)
        return entry if entry and (self.directory / name).exists() else None

    def add_track(self, name: str, entry: dict[str, Any]) -> None:
        """Record a track as the current one for its script, replacing any older file's entry.

        The older file is pruned at the end of the build: its name is no longer served.
        """
        key = (entry["locale"], entry["script"])
        with self._lock:
            for older in [
                n for n, e in self.tracks.items() if n != name and (e.get("locale"), e.get("script")) == key
            ]:
                del self.tracks[older]
            self.tracks[name] = entry

    def save(self) -> None:
        """Written sorted and only when changed, so an unchanged build leaves it byte-identical."""
        body = (
            json.dumps(
                {"version": VERSION, "clips": self.clips, "tracks": self.tracks, "sounds": self.sounds},
                indent=1,
                sort_keys=True,
                ensure_ascii=False,
            )
            + "\n"
        )
        self.directory.mkdir(parents=True, exist_ok=True)
        if self.path.exists() and self.path.read_text(encoding="utf-8") == body:
            return
        partial = self.path.with_suffix(".part")
        partial.write_text(body, encoding="utf-8")
        partial.replace(self.path)
