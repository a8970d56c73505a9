"""A device's audio player on the simulator's clock: queues, offsets and the events it reports.

The skill steers the player with AudioPlayer directives; the player reports back as a real
Echo does, with PlaybackStarted, PlaybackNearlyFinished, PlaybackFinished and
PlaybackStopped carrying true offsets worked out from each track's length. Nothing plays
aloud: time passes only as the simulator's clock moves (speech, ``:advance``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from skill.simulator.envelopes import audio_player_context

# A device asks for the next track this long before the current one ends.
NEARLY_FINISHED_BEFORE = 10.0

# (request, when) -> the skill's answer
Sender = Callable[[dict[str, Any], datetime], dict[str, Any]]
Durations = Callable[[str], float | None]


@dataclass
class Item:
    token: str
    url: str
    title: str = ""
    offset_ms: int = 0
    seconds: float | None = None

    @property
    def ms(self) -> int | None:
        return None if self.seconds is None else round(self.seconds * 1000)


@dataclass
class Player:
    """One device's AudioPlayer: what plays, what is queued, and since when."""

    durations: Durations
    activity: str = "IDLE"  # IDLE, PLAYING, STOPPED, FINISHED (Alexa's playerActivity values)
    current: Item | None = None
    queue: list[Item] = field(default_factory=list)
    started_at: datetime | None = None
    nearly_sent: bool = False
    # Held still while the person talks to Alexa (a device ducks its audio at the wake word).
    held: bool = False
    # Every Item that started playing, in order (for dialogs and the browser page).
    played: list[Item] = field(default_factory=list)

    @property
    def owned(self) -> bool:
        """The skill has used the player, so Alexa routes playback commands to it."""
        return self.current is not None

    def offset_ms(self, now: datetime) -> int:
        if self.current is None:
            return 0
        if self.activity != "PLAYING" or self.started_at is None:
            return self.current.offset_ms
        played = self.current.offset_ms + (now - self.started_at) / timedelta(milliseconds=1)
        length = self.current.ms
        return round(min(played, length) if length is not None else played)

    def context(self, now: datetime) -> dict[str, Any] | None:
        """The ``context.AudioPlayer`` a request from this device carries, or None."""
        if self.current is None:
            return None
        return audio_player_context(self.current.token, self.offset_ms(now), self.activity)

    def hold(self, now: datetime) -> None:
        """The wake word: playback halts here until the answer is spoken."""
        if self.activity == "PLAYING" and self.current is not None and not self.held:
            self.current.offset_ms = self.offset_ms(now)
            self.started_at, self.held = None, True

    def carry_on(self, now: datetime) -> None:
        """After the answer: what was held plays on, unless the skill changed it."""
        if self.held and self.activity == "PLAYING":
            self.started_at = now
        self.held = False

    # The skill's directives ------------------------------------------------------------
    def apply(self, directives: list[dict[str, Any]], now: datetime, send: Sender) -> None:
        for directive in directives:
            kind = directive.get("type", "")
            if kind == "AudioPlayer.Play":
                self._play(directive, now, send)
            elif kind == "AudioPlayer.Stop":
                self.stop(now, send)
            elif kind == "AudioPlayer.ClearQueue":
                self.queue.clear()
                if directive.get("clearBehavior") == "CLEAR_ALL":
                    self.stop(now, send)

    def _play(self, directive: dict[str, Any], now: datetime, send: Sender) -> None:
        audio_item = directive.get("audioItem") or {}
        stream = audio_item.get("stream") or {}
        url = str(stream.get("url", ""))
        item = Item(
            str(stream.get("token", "")),
            url,
            str((audio_item.get("metadata") or {}).get("title", "")),
            int(stream.get("offsetInMilliseconds") or 0),
            self.durations(url),
        )
        behavior = directive.get("playBehavior", "REPLACE_ALL")
        if behavior == "ENQUEUE":
            last = self.queue[-1] if self.queue else self.current
            expected = stream.get("expectedPreviousToken")
            if last is not None and expected and expected != last.token:
                return  # Alexa drops an enqueue that does not follow the track it names
            self.queue.append(item)
            return
        if behavior == "REPLACE_ENQUEUED":
            self.queue = [item]
            return
        self.stop(now, send)
        self.queue.clear()
        self._start(item, now, send)

    def stop(self, now: datetime, send: Sender) -> None:
        if self.activity != "PLAYING" or self.current is None:
            return
        offset = self.offset_ms(now)
        self.current.offset_ms = offset
        self.activity = "STOPPED"
        self.started_at, self.held = None, False
        send(self._event("AudioPlayer.PlaybackStopped", self.current, offset), now)

    def _start(self, item: Item, now: datetime, send: Sender) -> None:
        self.current, self.activity, self.started_at = item, "PLAYING", now
        self.nearly_sent, self.held = False, False
        self.played.append(item)
        if item.seconds is None:
            self.activity = "STOPPED"
            request = self._event("AudioPlayer.PlaybackFailed", item, item.offset_ms)
            request["error"] = {
                "type": "MEDIA_ERROR_UNKNOWN",
                "message": f"the simulator cannot find {item.url} in the audio library",
            }
            request["currentPlaybackState"] = audio_player_context(item.token, item.offset_ms, "STOPPED")
            self._answer(send(request, now), now, send)
            return
        self._answer(send(self._event("AudioPlayer.PlaybackStarted", item, item.offset_ms), now), now, send)

    # Time passing ----------------------------------------------------------------------
    def run_until(self, when: datetime, send: Sender) -> None:
        """Play on until ``when``, reporting each event at the moment it happens."""
        while self.activity == "PLAYING" and self.current is not None and self.started_at is not None:
            item, start = self.current, self.started_at
            assert item.seconds is not None
            remaining = max(0.0, item.seconds - item.offset_ms / 1000)
            ends = start + timedelta(seconds=remaining)
            nearly = start + timedelta(seconds=max(0.0, remaining - NEARLY_FINISHED_BEFORE))
            if not self.nearly_sent and nearly <= when:
                self.nearly_sent = True
                answer = send(
                    self._event("AudioPlayer.PlaybackNearlyFinished", item, self.offset_ms(nearly)), nearly
                )
                self._answer(answer, nearly, send)
                continue
            if ends > when:
                return
            length = item.ms or 0
            item.offset_ms = length
            self.activity, self.started_at = "FINISHED", None
            self._answer(send(self._event("AudioPlayer.PlaybackFinished", item, length), ends), ends, send)
            if self.activity == "FINISHED" and self.queue:
                self._start(self.queue.pop(0), ends, send)

    def _answer(self, answer: dict[str, Any], now: datetime, send: Sender) -> None:
        directives = (answer.get("response") or {}).get("directives") or []
        if directives:
            self.apply(directives, now, send)

    @staticmethod
    def _event(kind: str, item: Item, offset_ms: int) -> dict[str, Any]:
        return {"type": kind, "token": item.token, "offsetInMilliseconds": int(offset_ms)}


def library_durations(directory: Path) -> Durations:
    """Track lengths measured from the files of an audio library (the URL's last part)."""
    from skill.audio.convert import ConversionError, mp3_seconds

    def seconds(url: str) -> float | None:
        name = url.rstrip("/").rsplit("/", 1)[-1]
        path = directory / name
        if not name or "/" in name or not path.is_file():
            return None
        try:
            return mp3_seconds(path)
        except (OSError, ConversionError):
            return None

    return seconds


BUTTONS = {
    "next": "PlaybackController.NextCommandIssued",
    "previous": "PlaybackController.PreviousCommandIssued",
    "play": "PlaybackController.PlayCommandIssued",
    "pause": "PlaybackController.PauseCommandIssued",
}
