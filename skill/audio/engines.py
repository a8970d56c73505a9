"""Speech engines: gTTS (Google's voice, needs its web service), Festival with an HTS voice
(offline, English) and espeak-ng (offline, every language, the last resort).

Each writes a raw file that then goes through the one conversion step in convert.py.
``auto`` uses gTTS when its service answers, otherwise Festival's HTS voice where it is
installed and speaks the locale's language, otherwise espeak-ng, saying so in the log.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol, TypeVar

from skill.audio.convert import mp3_seconds, to_alexa_mp3
from skill.audio.manifest import Manifest, clip_name

log = logging.getLogger(__name__)

ENGINES = ("auto", "gtts", "festival", "espeak")
# Offline engines in the order auto tries them when gTTS cannot be reached.
OFFLINE_ORDER = ("festival", "espeak")
# Google's regional voices by locale; anything else uses the language on translate.google.com.
_GTTS_TLD = {"en-GB": "co.uk", "en-AU": "com.au", "en-IN": "co.in", "en-CA": "ca"}
T = TypeVar("T")


class EngineError(RuntimeError):
    """An engine could not render a phrase."""


class ServiceError(EngineError):
    """The speech service failed in a way that may pass: worth a retry."""


class Engine(Protocol):
    name: str

    def render_raw(self, text: str, locale: str, output: Path) -> Path: ...


class GttsEngine:
    """Google Translate's text-to-speech through the gTTS package."""

    name = "gtts"

    def __init__(self, timeout: float = 10.0) -> None:
        self.timeout = timeout

    def render_raw(self, text: str, locale: str, output: Path) -> Path:
        from gtts import gTTS  # only when rendering: never on the request path
        from gtts.tts import gTTSError

        language = locale.split("-")[0].lower()
        speech = gTTS(
            text, lang=language, tld=_GTTS_TLD.get(locale, "com"), lang_check=False, timeout=self.timeout
        )
        try:
            speech.save(str(output))
        except gTTSError as error:
            raise ServiceError(f"gTTS: {error}") from error
        return output


class EspeakEngine:
    """espeak-ng, installed as a Debian package; robotic but always available."""

    name = "espeak"

    def render_raw(self, text: str, locale: str, output: Path) -> Path:
        binary = shutil.which("espeak-ng")
        if not binary:
            raise EngineError("espeak-ng is not installed; run scripts/install-system-deps")
        # Text goes through stdin so that nothing in it is read as an option.
        result = subprocess.run(
            [binary, "-v", locale.lower(), "-s", "150", "-w", str(output), "--stdin"],
            input=text,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0 or not output.exists():
            raise EngineError(f"espeak-ng failed: {result.stderr.strip()[-300:]}")
        return output


class FestivalEngine:
    """Festival with the CMU ARCTIC "slt" HTS voice (Debian festival, festvox-us-slt-hts).

    A statistical parametric voice: trained on recordings of one American speaker, so its
    timbre and intonation are a person's, where espeak-ng's formant rules are robotic.
    English only; other languages use espeak-ng.
    """

    name = "festival"
    voice = "cmu_us_slt_arctic_hts"
    languages = ("en",)
    # HTS's speech rate (1.0 is the voice's own, brisk for someone in pain): about the
    # calm pace the project's speech estimate assumes.
    rate = 0.85

    def speaks(self, locale: str) -> bool:
        return locale.split("-")[0].lower() in self.languages

    def problem(self, locale: str = "en-US") -> str:
        """Why this engine cannot render the locale here, or "" when it can."""
        if not self.speaks(locale):
            return f"Festival's HTS voice does not speak {locale}"
        if not shutil.which("text2wave"):
            return "festival is not installed"
        if not any(Path(root, self.voice).is_dir() for root in _festival_voice_dirs()):
            return f"the Festival voice {self.voice} (festvox-us-slt-hts) is not installed"
        return ""

    def render_raw(self, text: str, locale: str, output: Path) -> Path:
        problem = self.problem(locale)
        if problem:
            raise EngineError(f"{problem}; run scripts/install-system-deps")
        setup = (
            f"(begin (voice_{self.voice}) "
            f'(set! hts_engine_params (append hts_engine_params (list (list "-r" {self.rate})))))'
        )
        # Text goes through stdin so that nothing in it is read as an option or as Scheme.
        result = subprocess.run(
            [shutil.which("text2wave") or "text2wave", "-o", str(output), "-eval", setup],
            input=text,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0 or not output.exists() or output.stat().st_size <= 44:
            raise EngineError(f"festival failed: {result.stderr.strip()[-300:]}")
        return output


def _festival_voice_dirs() -> list[Path]:
    """Where Debian's festvox packages put voices, by dialect folder."""
    root = Path("/usr/share/festival/voices")
    return [path for path in root.iterdir() if path.is_dir()] if root.is_dir() else []


def with_retries(action: Callable[[], T], attempts: int = 4, first_wait: float = 0.5) -> T:
    """Run ``action``, retrying service errors with exponential backoff."""
    wait = first_wait
    for attempt in range(1, attempts + 1):
        try:
            return action()
        except ServiceError as error:
            if attempt == attempts:
                raise
            log.warning(
                "speech service error (attempt %d of %d), retrying in %.1fs: %s",
                attempt,
                attempts,
                wait,
                error,
            )
            time.sleep(wait)
            wait *= 2
    raise AssertionError("unreachable")


def gtts_reachable(locale: str = "en-US") -> tuple[bool, str]:
    """Whether gTTS's service answers now, and why not when it does not."""
    with tempfile.TemporaryDirectory() as scratch:
        try:
            GttsEngine(timeout=5.0).render_raw("OK.", locale, Path(scratch) / "probe.mp3")
        except EngineError as error:
            return False, str(error)
    return True, ""


def choose_engine(name: str = "auto", locale: str = "en-US") -> Engine:
    if name not in ENGINES:
        raise ValueError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")
    if name == "gtts":
        return GttsEngine()
    if name == "espeak":
        return EspeakEngine()
    if name == "festival":
        return FestivalEngine()
    reachable, reason = gtts_reachable(locale)
    if reachable:
        log.info("gTTS's service is reachable; rendering with gTTS")
        return GttsEngine()
    return offline_engine(locale, f"gTTS's service cannot be reached ({reason})")


def offline_engine(locale: str, why: str = "") -> Engine:
    """Festival's HTS voice where it can speak the locale here, otherwise espeak-ng."""
    festival = FestivalEngine()
    problem = festival.problem(locale)
    if not problem:
        log.warning("%s; rendering with Festival (HTS voice) instead", why or "offline")
        return festival
    log.warning("%s, and %s; rendering with espeak-ng instead", why or "offline", problem)
    return EspeakEngine()


def render_clip(
    engine: Engine, text: str, locale: str, manifest: Manifest, retries: int = 4
) -> tuple[Path, bool]:
    """The clip for ``text`` in the library, rendering it only if missing; (path, rendered)."""
    existing = manifest.clip(text, locale, engine.name)
    if existing is not None:
        return existing, False
    output = manifest.directory / clip_name(text, locale, engine.name)
    with tempfile.TemporaryDirectory() as scratch:
        raw = Path(scratch) / ("raw.mp3" if engine.name == "gtts" else "raw.wav")
        with_retries(lambda: engine.render_raw(text, locale, raw), attempts=retries)
        to_alexa_mp3(raw, output)
    manifest.add_clip(text, locale, engine.name, mp3_seconds(output))
    return output, True


def default_audio_dir() -> Path:
    return Path(os.environ.get("SKILL_AUDIO_DIR", "audio"))


def render_speech(
    text: str, locale: str = "en-US", engine: str = "auto", directory: Path | None = None
) -> Path:
    """Render any text to an Alexa-ready MP3 in the audio library and return its path."""
    if not text.strip():
        raise ValueError("there is no text to render")
    manifest = Manifest(directory or default_audio_dir())
    if engine == "auto":
        # A phrase already rendered by either engine needs no probe of the service.
        for known in ("gtts", *OFFLINE_ORDER):
            existing = manifest.clip(text, locale, known)
            if existing is not None:
                return existing
    chosen = choose_engine(engine, locale)
    path, rendered = render_clip(chosen, text, locale, manifest)
    if rendered:
        manifest.save()
    return path
