"""Finding a track's current file at request time, through the manifest.

A track's file name depends on the engine that rendered its clips, which the request
cannot know, so it is looked up by script key. The manifest is parsed once and again only
when the file changes (its stat is checked on each lookup: a rebuild replaces it).
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from skill.audio.manifest import MANIFEST_NAME, read_manifest, track_index
from skill.audio.tracks import script_key
from skill.domain.script import Script

log = logging.getLogger(__name__)

Stamp = tuple[int, int, int]


class TrackLibrary:
    """The built tracks of one audio directory, by script."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.path = directory / MANIFEST_NAME
        self._lock = threading.Lock()
        self._stamp: Stamp | None = None
        self._index: dict[tuple[str, str], str] = {}

    def find(self, script: Script, locale: str) -> str | None:
        """The file name of the track that says ``script``, or None if it is not built."""
        name = self._current().get((locale, script_key(script, locale)))
        return name if name and (self.directory / name).is_file() else None

    def _current(self) -> dict[tuple[str, str], str]:
        try:
            stat = self.path.stat()
            stamp: Stamp | None = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        except OSError:
            stamp = None
        with self._lock:
            if stamp != self._stamp:
                self._index = self._load() if stamp else {}
                self._stamp = stamp
            return self._index

    def _load(self) -> dict[tuple[str, str], str]:
        try:
            index = track_index(read_manifest(self.path))
        except (OSError, ValueError) as error:
            # Hands-free falls back to the spoken mode rather than failing the request.
            log.error("the audio manifest %s cannot be read: %s", self.path, error)
            return {}
        log.info("audio manifest loaded: %d tracks", len(index))
        return index
