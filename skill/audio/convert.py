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
_ENCODE = [
    "-ac",
    "1",
    "-ar",
    str(SAMPLE_RATE),
    "-codec:a",
    "libmp3lame",
    "-b:a",
    BITRATE,
    "-map_metadata",
    "-1",
    "-id3v2_version",
    "0",
    "-write_xing",
    "0",
]


# Leading and trailing silence is cut from every speech clip (engines pad their output, and
# espeak-ng's tail alone would make each counted second last one and a half); only
# start_silence of it stays, so words do not start abruptly.
_TRIM_ONE_END = "silenceremove=start_periods=1:start_threshold=-50dB:start_silence=0.02"
TRIM = f"{_TRIM_ONE_END},areverse,{_TRIM_ONE_END},areverse"


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
    command = [
        _ffmpeg(),
        "-nostdin",
        "-hide_banner",
        "-loglevel",
        "error",
        "-y",
        *arguments,
        *_ENCODE,
        "-f",
        "mp3",
        str(partial),
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        partial.unlink(missing_ok=True)
        raise ConversionError(f"ffmpeg failed for {output.name}: {result.stderr.strip()[-400:]}")
    # Renamed into place only when complete, so a half-written file is never served.
    partial.replace(output)
    return output


def to_alexa_mp3(source: Path, output: Path, trim: bool = True) -> Path:
    """Convert any audio file ffmpeg reads (WAV from espeak-ng, MP3 from gTTS), trimmed."""
    return _run(["-i", str(source), *(["-af", TRIM] if trim else [])], output)


def tone(output: Path, seconds: float, frequency: int) -> Path:
    """A soft sine tone with a short fade, for the chime the skill plays inside speech."""
    fade = min(0.2, seconds / 3)
    source = (
        f"sine=frequency={frequency}:duration={seconds},volume=0.4,"
        f"afade=t=in:d={fade},afade=t=out:st={seconds - fade}:d={fade}"
    )
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
            inputs += ["-f", "lavfi", "-t", f"{part.seconds:.3f}", "-i", f"anullsrc=r={SAMPLE_RATE}:cl=mono"]
    # Every input is brought to one rate and layout before concatenation.
    chains = "".join(
        f"[{i}:a]aresample={SAMPLE_RATE},aformat=channel_layouts=mono[a{i}];" for i in range(len(parts))
    )
    labels = "".join(f"[a{i}]" for i in range(len(parts)))
    graph = f"{chains}{labels}concat=n={len(parts)}:v=0:a=1[out]"
    return _run([*inputs, "-filter_complex", graph, "-map", "[out]"], output)


# MPEG audio frame headers: bitrates (kbps) by [MPEG-1?][index] for layer 3, sample rates by version.
_BITRATES = {
    True: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    False: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


def mp3_seconds(path: Path) -> float:
    """How long an MP3 file plays, counted frame by frame (exact for the files made here).

    A decoder plays every frame, encoder delay and padding included, and that is what a
    track made of these clips adds up to. (The files made here have no gapless header,
    which would tell a decoder to drop some of those samples.)
    """
    data = path.read_bytes()
    position = 0
    if data[:3] == b"ID3" and len(data) >= 10:
        size = data[6] << 21 | data[7] << 14 | data[8] << 7 | data[9]
        position = 10 + size
    samples, rate = 0, 0
    while position + 4 <= len(data):
        header = int.from_bytes(data[position : position + 4], "big")
        version = (header >> 19) & 3
        layer = (header >> 17) & 3
        bitrate_index = (header >> 12) & 15
        rate_index = (header >> 10) & 3
        if (
            (header >> 21) != 0x7FF
            or version == 1
            or layer != 1
            or bitrate_index in (0, 15)
            or rate_index == 3
        ):
            break  # not a layer 3 frame: the end of the audio (an ID3v1 tag, say)
        mpeg1 = version == 3
        rate = _RATES[version][rate_index]
        per_frame = 1152 if mpeg1 else 576
        bitrate = _BITRATES[mpeg1][bitrate_index] * 1000
        padding = (header >> 9) & 1
        position += per_frame // 8 * bitrate // rate + padding
        samples += per_frame
    if not rate:
        raise ConversionError(f"{path.name} is not an MP3 file")
    return samples / rate
