"""The one conversion step every clip and track goes through: ffmpeg to Alexa's MP3.

Alexa plays audio only as MP3 at 48 kbps and 16000, 22050 or 24000 Hz; 24000 Hz mono
makes MPEG-2 layer 3, which is what every file in the audio library must be.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

SAMPLE_RATE = 24000
BITRATE = "48k"
ALLOWED_RATES = (16000, 22050, 24000)
# Encoder settings shared by every output, so no file can miss Alexa's format.
_ENCODE = ["-ac", "1", "-ar", str(SAMPLE_RATE), "-codec:a", "libmp3lame", "-b:a", BITRATE,
           "-map_metadata", "-1", "-id3v2_version", "0", "-write_xing", "0"]


class ConversionError(RuntimeError):
    """ffmpeg is missing or could not convert the input."""


@dataclass(frozen=True)
class Clip:
    path: Path


@dataclass(frozen=True)
class Silence:
    seconds: float


Part = Clip | Silence


def _ffmpeg() -> str:
    found = shutil.which("ffmpeg")
    if not found:
        raise ConversionError("ffmpeg is not installed; run scripts/install-system-deps")
    return found


def _run(arguments: list[str], output: Path) -> Path:
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".part")
    command = [_ffmpeg(), "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *arguments,
               *_ENCODE, "-f", "mp3", str(partial)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        partial.unlink(missing_ok=True)
        raise ConversionError(f"ffmpeg failed for {output.name}: {result.stderr.strip()[-400:]}")
    # Renamed into place only when complete, so a half-written file is never served.
    partial.replace(output)
    return output


def to_alexa_mp3(source: Path, output: Path) -> Path:
    """Convert any audio file ffmpeg reads (WAV from espeak-ng, MP3 from gTTS)."""
    return _run(["-i", str(source)], output)


def tone(output: Path, seconds: float, frequency: int) -> Path:
    """A soft sine tone with a short fade, for the chime the skill plays inside speech."""
    fade = min(0.2, seconds / 3)
    source = (f"sine=frequency={frequency}:duration={seconds},volume=0.4,"
              f"afade=t=in:d={fade},afade=t=out:st={seconds - fade}:d={fade}")
    return _run(["-f", "lavfi", "-i", source], output)


def join(parts: Sequence[Part], output: Path) -> Path:
    """One file from clips and timed silences, in order."""
    if not parts:
        raise ConversionError("nothing to join")
    inputs: list[str] = []
    for part in parts:
        if isinstance(part, Clip):
            inputs += ["-i", str(part.path)]
        else:
            inputs += ["-f", "lavfi", "-t", f"{part.seconds:.3f}",
                       "-i", f"anullsrc=r={SAMPLE_RATE}:cl=mono"]
    # Every input is brought to one rate and layout before concatenation.
    chains = "".join(f"[{i}:a]aresample={SAMPLE_RATE},aformat=channel_layouts=mono[a{i}];"
                     for i in range(len(parts)))
    labels = "".join(f"[a{i}]" for i in range(len(parts)))
    graph = f"{chains}{labels}concat=n={len(parts)}:v=0:a=1[out]"
    return _run([*inputs, "-filter_complex", graph, "-map", "[out]"], output)
