"""``skill-sim`` / ``python -m skill.simulator``: talk to the skill from a terminal.

skill-sim                                   # interactive: type what you would say
skill-sim --say "open back spasm helper" --say "start quick relief"
skill-sim --run tests/dialogs               # scripted dialogs, pass/fail and exit code
skill-sim --url http://127.0.0.1:5000/alexa --raw
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path
from typing import TextIO

from skill.config import Config
from skill.simulator.dialogs import Dialog, DialogError, dialog_files, load_dialog, run_dialog
from skill.simulator.envelopes import APPLICATION_ID, DEFAULT_USER, interfaces_for
from skill.simulator.player import library_durations
from skill.simulator.render import device_line, segments, transcript
from skill.simulator.resolver import Resolver
from skill.simulator.session import (
    Clock,
    Exchange,
    Session,
    SimulatorError,
    in_process,
    local_scheduler,
    over_http,
    parse_advance,
)

REPL_HELP = """Type what you would say to Alexa, e.g. "open back spasm helper".
  :advance 20 minutes   time travel (an open session times out; shows what was scheduled
                        and what the audio player played meanwhile)
  :button next          press the device's next, previous, play or pause button
  :end                  end the session, as if you walked away
  :tap Next             tap a button, a routine or a pain level on the screen (--interfaces screen)
  :raw                  show or hide the JSON both ways
  :state                session attributes and clock
  :help, :quit"""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="skill-sim", description="Talk to the skill without a device.")
    p.add_argument(
        "--url",
        help="send requests to this endpoint instead of in-process (e.g. http://127.0.0.1:5000/alexa)",
    )
    p.add_argument("--raw", action="store_true", help="show the request and response JSON")
    p.add_argument("--speak", action="store_true", help="play the answers aloud")
    p.add_argument(
        "--engine",
        choices=("auto", "gtts", "festival", "espeak"),
        default="auto",
        help="speech engine for --speak (auto: gTTS when its service answers, else Festival, else espeak-ng)",
    )
    p.add_argument("--realtime", action="store_true", help="wait out pauses as a device would")
    p.add_argument("--locale", default="en-US")
    p.add_argument("--interfaces", default="", help="supported interfaces, comma separated: screen,apl,audio")
    p.add_argument("--user", default=DEFAULT_USER, help="the test user id (stable across runs)")
    p.add_argument(
        "--db", type=Path, help="SQLite file for the in-process skill (default: var/simulator.sqlite3)"
    )
    p.add_argument("--models", type=Path, help="folder of interaction models (default: interaction_models/)")
    p.add_argument("--say", action="append", default=[], help="say this and exit (repeatable)")
    p.add_argument(
        "--run",
        action="append",
        type=Path,
        default=[],
        help="run scripted YAML dialogs (files or folders) and exit with pass/fail",
    )
    p.add_argument(
        "--wall-clock", action="store_true", help="use the real time instead of the simulated clock"
    )
    return p


# The address hands-free tracks are "fetched" from in-process: the simulated player only
# needs their names, and reads their lengths from the local audio library.
SIMULATED_AUDIO_BASE = "https://audio.simulator.invalid"


def _config(args: argparse.Namespace, db: Path | None = None) -> Config:
    base = Config.from_env()
    return base.with_overrides(
        local_dev=True,
        skill_id=base.skill_id or APPLICATION_ID,
        sqlite_path=db or args.db or Path("var/simulator.sqlite3"),
        audio_base_url=base.audio_base_url or SIMULATED_AUDIO_BASE,
    )


def make_session(args: argparse.Namespace, locale: str | None = None, db: Path | None = None) -> Session:
    locale = locale or args.locale
    config = _config(args, db)
    skill_id = config.skill_id
    if args.url:
        transport = over_http(args.url)
    else:
        config.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        transport = in_process(config)
    resolver = Resolver.for_locale(locale, skill_id, args.models)
    interfaces = interfaces_for([n for n in args.interfaces.split(",") if n.strip()])
    return Session(
        transport,
        resolver=resolver,
        locale=locale,
        skill_id=skill_id,
        user_id=args.user,
        interfaces=interfaces,
        clock=Clock(simulated=not args.wall_clock),
        scheduler=local_scheduler(config.sqlite_path),
        durations=library_durations(config.audio_dir),
    )


class Console:
    """Prints exchanges, and plays them when asked."""

    def __init__(self, args: argparse.Namespace, out: TextIO = sys.stdout) -> None:
        self.args, self.out = args, out
        self.raw = args.raw
        self.voice = None
        if args.speak:
            from skill.simulator.speaker import voice_for

            self.voice = voice_for(args.locale, Path("var/simulator-audio"), args.engine)

    def show(self, exchange: Exchange, echo: bool = True) -> None:
        text = transcript(exchange, raw=self.raw)
        if not echo and text.startswith("you> "):
            text = text.partition("\n")[2]  # the person's own line is already on screen
        if not (self.voice or self.args.realtime) or not exchange.response:
            print(text, file=self.out, flush=True)
            return
        from skill.simulator.speaker import play

        lines = text.split("\n")
        spoken = next((i for i, line in enumerate(lines) if line.startswith("alexa> ")), len(lines))
        if self.args.realtime:  # the answer unfolds as it is said, instead of all at once
            print("\n".join([*lines[:spoken], "alexa>"]), file=self.out, flush=True)
        else:
            print("\n".join(lines[: spoken + 1]), file=self.out, flush=True)
        play(segments(exchange.said.ssml), realtime=self.args.realtime, speak=self.voice, out=self.out)
        if lines[spoken + 1 :]:
            print("\n".join(lines[spoken + 1 :]), file=self.out, flush=True)

    def command(self, session: Session, line: str) -> bool:
        """A ':' command; False when the person wants to quit."""
        name, _, rest = line[1:].strip().partition(" ")
        if name in {"quit", "q", "exit"}:
            return False
        if name == "help":
            print(REPL_HELP, file=self.out)
        elif name == "raw":
            self.raw = not self.raw
            print(f"raw JSON {'on' if self.raw else 'off'}", file=self.out)
        elif name == "end":
            ended = session.end()
            print(transcript(ended) if ended else "no session is open", file=self.out)
        elif name == "state":
            print(
                f"clock {session.clock.now():%Y-%m-%d %H:%M:%S} | session "
                f"{'open' if session.in_session else 'closed'} | attributes {session.attributes}",
                file=self.out,
            )
        elif name == "advance":
            self.advance(session, rest)
        elif name == "tap":
            self.show(session.tap(rest), echo=True)
        elif name == "button":
            before = len(session.history)
            session.button(rest.strip().lower())
            self.device_events(session, before)
        else:
            print(f"unknown command :{name} (try :help)", file=self.out)
        return True

    def device_events(self, session: Session, since: int) -> None:
        """What the device itself sent meanwhile (player events, buttons), one line each."""
        for exchange in session.history[since:]:
            if exchange.request_type.startswith(("AudioPlayer.", "PlaybackController.")):
                print(device_line(exchange), file=self.out)

    def advance(self, session: Session, span: str) -> None:
        before = len(session.history)
        ended, announced = session.advance(parse_advance(span))
        if ended is not None:
            print("(the open session timed out)", file=self.out)
        self.device_events(session, before)
        print(f"... {span} later, clock {session.clock.now():%H:%M:%S}", file=self.out)
        if announced is None:
            print("(no local scheduler in this build: nothing to announce)", file=self.out)
        for item in announced or []:
            print(f"  announced at {item.announce_at} [{item.kind}]: {item.text}", file=self.out)


def repl(session: Session, console: Console, stdin: TextIO = sys.stdin) -> int:
    print(
        f'Talking to the skill ({session.locale}). Say "open {session.resolver.invocation}" to begin; '
        ":help for commands.",
        file=console.out,
    )
    typing = stdin.isatty()
    while True:
        try:
            if typing:
                print("you> ", end="", file=console.out, flush=True)
            line = stdin.readline()
        except KeyboardInterrupt:
            print(file=console.out)
            return 0
        if not line:
            return 0
        line = line.strip()
        if not line:
            continue
        try:
            if line.startswith(":"):
                if not typing:  # piped in: show it, as said lines are shown
                    print(f"you> {line}", file=console.out)
                if not console.command(session, line):
                    return 0
                continue
            before = len(session.history)
            console.show(session.say(line), echo=not typing)
            console.device_events(session, before)
        except (SimulatorError, ValueError) as error:
            print(f"error: {error}", file=console.out)


def run_dialogs(args: argparse.Namespace, out: TextIO) -> int:
    try:
        files = dialog_files(args.run)
        dialogs = [load_dialog(path) for path in files]
    except DialogError as error:
        print(f"error: {error}", file=out)
        return 2
    if not dialogs:
        print("error: no dialog files found", file=out)
        return 2
    failed = 0
    # Each dialog gets a fresh store in a scratch folder that goes away with everything
    # SQLite and its lock leave beside the file (-wal, -shm, .lock).
    with tempfile.TemporaryDirectory(prefix="skill-sim-") as scratch:
        for index, dialog in enumerate(dialogs):
            db = Path(scratch) / f"dialog-{index}.sqlite3"

            def fresh(d: Dialog, db: Path = db) -> Session:
                return make_session(args, d.locale, db)

            try:
                outcome = run_dialog(dialog, fresh)
            except (SimulatorError, ValueError) as error:
                print(f"FAIL {dialog.name}: {error}", file=out)
                failed += 1
                continue
            status = "PASS" if outcome.passed else "FAIL"
            print(
                f"{status} {dialog.name}"
                + (f" ({len(outcome.skipped)} check(s) skipped)" if outcome.skipped else ""),
                file=out,
            )
            if not outcome.passed or args.raw:
                print(
                    "\n".join("    " + line for text in outcome.log for line in text.splitlines()), file=out
                )
                for failure in outcome.failures:
                    print(f"  ! {failure}", file=out)
            failed += not outcome.passed
    print(f"{len(dialogs) - failed} passed, {failed} failed", file=out)
    return 1 if failed else 0


def main(argv: list[str] | None = None, out: TextIO = sys.stdout, stdin: TextIO = sys.stdin) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger().setLevel(logging.WARNING)  # the skill's request logs would drown the dialog
    if args.run:
        return run_dialogs(args, out)
    try:
        session = make_session(args)
        console = Console(args, out)
    except (SimulatorError, ValueError, RuntimeError) as error:
        print(f"error: {error}", file=out)
        return 2
    if args.say:
        for line in args.say:
            try:
                if line.strip().startswith(":"):
                    # The same ':' commands as at the prompt, so a one-off can travel in time.
                    if not console.command(session, line.strip()):
                        return 0
                    continue
                before = len(session.history)
                console.show(session.say(line))
                console.device_events(session, before)
            except (SimulatorError, ValueError) as error:
                print(f"error: {error}", file=out)
                return 1
        return 0
    return repl(session, console, stdin)


if __name__ == "__main__":
    sys.exit(main())
