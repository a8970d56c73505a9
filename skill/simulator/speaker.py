"""Playing the skill's answer aloud and in real time, for ``--speak`` and ``--realtime``.

Speech is rendered by the skill's own audio pipeline (skill.audio: gTTS online, Festival or espeak-ng
offline) when it is installed; otherwise espeak-ng speaks directly through a tiny adapter.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from skill.simulator.render import Segment


class SpeechUnavailable(RuntimeError):
    """No way to play speech on this machine; the message says what to install."""


def sound_device_problem(
    environ: dict[str, str] | None = None,
    proc: Path = Path("/proc/asound/cards"),
    runtime: Path | None = None,
) -> str:
    """Why nothing could be heard on this machine, in one sentence, or "" if it can play sound.

    On Linux sound goes to an ALSA card or through a PulseAudio or PipeWire server; with
    neither, every player would only print ALSA errors.
    """
    if not sys.platform.startswith("linux"):
        return ""
    env = os.environ if environ is None else environ
    if env.get("PULSE_SERVER"):
        return ""
    folder = runtime or Path(env.get("XDG_RUNTIME_DIR") or f"/run/user/{os.getuid()}")
    if (folder / "pulse" / "native").exists() or (folder / "pipewire-0").exists():
        return ""
    try:
        cards = proc.read_text(encoding="utf-8", errors="replace")
    except OSError:
        cards = ""
    if cards.strip() and "no soundcards" not in cards:
        return ""
    return (
        "--speak needs a sound device, and this machine has none "
        "(no ALSA sound card, no PulseAudio or PipeWire server)"
    )


def _player() -> list[str]:
    for command in (["ffplay", "-nodisp", "-autoexit", "-loglevel", "quiet"], ["mpg123", "-q"]):
        if shutil.which(command[0]):
            return command
    raise SpeechUnavailable("no audio player found: install ffmpeg (ffplay) or mpg123")


def skill_audio_voice(locale: str, directory: Path, engine: str = "auto") -> Callable[[str], None] | None:
    """Speak through skill.audio's renderer (cached MP3s), or None if this build has none."""
    try:
        from skill.audio.engines import render_speech
    except ImportError:
        return None

    def speak(text: str) -> None:
        path = render_speech(text, locale, engine, directory)
        subprocess.run([*_player(), str(path)], check=False)

    return speak


def espeak_voice(locale: str) -> Callable[[str], None]:
    """espeak-ng straight to the speakers: works offline with no audio library."""
    binary = shutil.which("espeak-ng") or shutil.which("espeak")
    if binary is None:
        raise SpeechUnavailable("espeak-ng is not installed: sudo apt-get install espeak-ng")
    voice = locale.lower()

    def speak(text: str) -> None:
        subprocess.run([binary, "-v", voice, "-s", "150", text], check=False)

    return speak


def voice_for(locale: str, directory: Path, engine: str = "auto") -> Callable[[str], None]:
    problem = sound_device_problem()
    if problem:
        raise SpeechUnavailable(problem)
    return skill_audio_voice(locale, directory, engine) or espeak_voice(locale)


def play(
    segments: list[Segment],
    *,
    realtime: bool,
    speak: Callable[[str], None] | None,
    out: TextIO = sys.stdout,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Say each piece; with ``realtime`` wait out every pause, showing a countdown for long ones."""
    for segment in segments:
        if segment.kind == "say":
            if realtime:
                print(f"  {segment.text}", file=out, flush=True)
            if speak is not None:
                speak(segment.text)
        elif segment.kind == "pause" and realtime:
            _hold(segment.seconds, out, sleep)


def _hold(seconds: float, out: TextIO, sleep: Callable[[float], None]) -> None:
    if seconds < 2:
        sleep(seconds)
        return
    remaining = seconds
    while remaining > 0:
        print(f"\r  [pause {remaining:4.0f}s]", end="", file=out, flush=True)
        step = min(1.0, remaining)
        sleep(step)
        remaining -= step
    print("\r" + " " * 20 + "\r", end="", file=out, flush=True)
