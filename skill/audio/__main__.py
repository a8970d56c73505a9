"""``python -m skill.audio build [--engine auto|gtts|festival|espeak] [--locale en-US] [--dir audio]``

``--locale`` may be given more than once (``--locale en-US --locale de-DE``): each locale's
phrases and tracks are rendered in its own language into the one library.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from skill.audio.build import build
from skill.audio.engines import ENGINES, EngineError, default_audio_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m skill.audio", description="Render the skill's audio library."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("build", help="render every phrase and hands-free track")
    run.add_argument(
        "--engine",
        choices=ENGINES,
        default="auto",
        help="auto uses gTTS when its service answers, otherwise Festival (HTS voice), otherwise espeak-ng",
    )
    run.add_argument(
        "--locale", action="append", default=None, help="a locale to build (repeatable; default en-US)"
    )
    run.add_argument("--dir", type=Path, default=None, help="output directory (default: audio/)")
    run.add_argument("--quiet", action="store_true", help="no progress bar (shown only on a terminal)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    locales = args.locale or ["en-US"]
    for locale in locales:
        try:
            report = build(
                args.dir or default_audio_dir(),
                locale,
                args.engine,
                show_progress=not args.quiet and sys.stderr.isatty(),
            )
        except EngineError as error:
            print(f"audio build failed: {error}", file=sys.stderr)
            return 1
        where = f" ({locale})" if len(locales) > 1 else ""
        print(f"audio library {args.dir or default_audio_dir()}{where}: {report.summary()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
