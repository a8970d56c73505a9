"""Talking to the skill through the simulator: sessions, envelopes, the terminal, scripted dialogs."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path

import pytest

from skill.simulator.cli import main
from skill.simulator.envelopes import interfaces_for
from skill.simulator.phrases import phrase, says
from skill.simulator.render import readable, segments, spoken_seconds, transcript
from skill.simulator.session import NOT_ROUTED, Clock, Session, SimulatorError, over_http, parse_advance
from skill.simulator.speaker import play
from tests.alexa import APPLICATION_ID, DEFAULT_USER, DEVICE_ID
from tests.conftest import Transport


@pytest.fixture
def device(transport: Transport) -> Session:
    return Session(transport, skill_id=APPLICATION_ID, interfaces=interfaces_for(["screen"]))


@pytest.fixture
def endpoint(live_server: str) -> str:
    """The development server's skill endpoint."""
    return f"{live_server}/alexa"


def test_a_session_opens_and_carries_its_attributes(device: Session) -> None:
    opened = device.say("open back spasm helper")
    assert opened.said.has("welcome_first")
    assert opened.request["session"]["new"] is True
    started = device.say("start quick relief")
    assert started.request["session"]["new"] is False
    assert started.request["session"]["sessionId"] == opened.request["session"]["sessionId"]
    assert started.request["session"]["attributes"] == opened.response.get("sessionAttributes", {})
    slot = started.request["request"]["intent"]["slots"]["routine"]
    authority = slot["resolutions"]["resolutionsPerAuthority"][0]
    assert authority["authority"] == f"amzn1.er-authority.echo-sdk.{APPLICATION_ID}.ROUTINE_NAME"
    assert authority["values"][0]["value"] == {"name": "Quick relief", "id": "quick_relief"}
    system = started.request["context"]["System"]
    assert system["user"]["userId"] == DEFAULT_USER and system["device"]["deviceId"] == DEVICE_ID
    assert "Alexa.Presentation.APL" in system["device"]["supportedInterfaces"]
    assert started.said.has("exercise_heading", number=1, total=4)
    assert device.in_session


def test_the_clock_moves_with_speech_and_time_travel(device: Session) -> None:
    first = device.say("open back spasm helper")
    second = device.say("next")
    assert second.request["request"]["timestamp"] > first.request["request"]["timestamp"]
    before = device.clock.now()
    ended, _ = device.advance(timedelta(minutes=20))
    assert ended is not None and ended.request["request"]["reason"] == "EXCEEDED_MAX_REPROMPTS"
    assert device.clock.now() - before == timedelta(minutes=20)
    assert not device.in_session
    again = device.say("open back spasm helper")
    assert again.request["session"]["new"] is True


@pytest.mark.parametrize("utterance", ["start desk stretches", "resume", "wait", "pause", "next"])
def test_with_the_skill_closed_a_bare_utterance_is_not_sent(device: Session, utterance: str) -> None:
    # A real Echo keeps these for itself: no skill session is open and no audio of the skill's plays.
    said = device.say(utterance)
    assert not said.sent and said.response == {}
    assert said.note.startswith(NOT_ROUTED) and "ask" in said.note
    assert device.history == [] and not device.in_session


def test_ask_the_skill_to_do_something_is_a_one_shot(device: Session) -> None:
    said = device.say("ask back spasm helper to start desk stretches")
    assert said.request["session"]["new"] is True
    assert said.said.has("routine_intro", name="Desk stretches")


def test_elicit_slot_makes_the_next_answer_fill_the_duration(device: Session) -> None:
    asked = device.say("ask back spasm helper to give me a countdown")
    assert any(d["type"] == "Dialog.ElicitSlot" for d in asked.said.directives)
    answered = device.say("forty five seconds")
    intent = answered.request["request"]["intent"]
    assert (intent["name"], intent["slots"]["duration"]["value"]) == ("CountdownIntent", "PT45S")
    assert answered.request["request"]["dialogState"] == "IN_PROGRESS"
    assert answered.said.has("countdown_intro", seconds=phrase("seconds_only", seconds=45))


def test_exit_with_no_session_sends_nothing(device: Session) -> None:
    said = device.say("exit")
    assert said.request == {} and "nothing was sent" in said.note
    with pytest.raises(ValueError, match="empty"):
        device.say("   ")


def test_the_transcript_shows_pauses_reprompt_card_and_session(device: Session) -> None:
    device.say("open back spasm helper")
    text = transcript(device.say("start quick relief"))
    # The transcript's own layout (its labels, not the skill's words) is the point here.
    assert "you> start quick relief" in text
    assert "heard: StartRoutineIntent  routine=quick relief -> quick_relief" in text
    assert "[pause 10s]" in text and "reprompt: " in text and says(text, "routine_reprompt")
    assert "card: Deep breathing |" in text and "[session open |" in text


def test_long_holds_read_as_one_pause() -> None:
    ssml = '<speak>Hold. <break time="10s"/> <break time="10s"/> <break time="5s"/> Release.</speak>'
    assert readable(ssml) == "Hold. [pause 25s] Release."
    assert [s.kind for s in segments(ssml)] == ["say", "pause", "say"]
    assert spoken_seconds(ssml) == pytest.approx(25 + 2 / 2.5)


def test_realtime_play_waits_out_pauses_and_speaks_each_piece() -> None:
    spoken: list[str] = []
    waited: list[float] = []
    out = io.StringIO()
    play(
        segments('<speak>Hold. <break time="3s"/> Release.</speak>'),
        realtime=True,
        speak=spoken.append,
        out=out,
        sleep=waited.append,
    )
    assert spoken == ["Hold.", "Release."]
    assert sum(waited) == pytest.approx(3)
    assert "[pause    3s]" in out.getvalue()


def test_the_command_runs_utterances_over_http(endpoint: str) -> None:
    out = io.StringIO()
    code = main(
        ["--url", endpoint, "--say", "open back spasm helper", "--say", "start quick relief", "--raw"],
        out=out,
    )
    text = out.getvalue()
    assert code == 0, text
    # The transcript's own layout ("alexa> " before each answer) is what this checks.
    assert "alexa> " in text and says(text, "welcome_first")
    assert says(text, "exercise_heading", number=1, total=4)
    assert '"type": "LaunchRequest"' in text  # --raw shows the request JSON


def test_an_unreachable_url_is_a_clear_error(endpoint: str) -> None:
    dead = endpoint.replace("/alexa", "/nowhere")
    with pytest.raises(SimulatorError, match="HTTP 404"):
        over_http(dead)({"version": "1.0"})
    out = io.StringIO()
    assert main(["--url", "http://127.0.0.1:9/alexa", "--say", "open back spasm helper"], out=out) == 1
    assert "cannot reach http://127.0.0.1:9/alexa" in out.getvalue()


def test_the_interactive_session(tmp_path: Path) -> None:
    typed = io.StringIO(
        "open back spasm helper\n:state\nstart quick relief\n:raw\nnext\n"
        ":advance 20 minutes\n:advance soon\n:bogus\n:quit\n"
    )
    out = io.StringIO()
    assert main(["--db", str(tmp_path / "sim.sqlite3")], out=out, stdin=typed) == 0
    text = out.getvalue()
    # The console's own layout and messages are the point here.
    assert "alexa> " in text and says(text, "welcome_first")
    assert "session open" in text
    assert "raw JSON on" in text and '"AMAZON.NextIntent"' in text
    assert "(the open session timed out)" in text and "20 minutes later" in text
    assert "error: cannot read 'soon' as a time span" in text
    assert "unknown command :bogus" in text


def test_scripted_dialogs_from_the_command(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text('- user: "open back spasm helper"\n  expect: {contains: welcome}\n', encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        'name: wrong on purpose\nturns:\n  - user: "open back spasm helper"\n'
        "    expect: {contains: [goodbye], intent: HelpIntent}\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    assert main(["--run", str(good), "--run", str(bad)], out=out) == 1
    text = out.getvalue()
    assert "PASS good" in text and "FAIL wrong on purpose" in text
    assert "answer does not contain 'goodbye'" in text
    assert "understood as LaunchRequest, expected HelpIntent" in text
    assert "1 passed, 1 failed" in text


def test_an_ask_cli_replay_file_runs_as_a_dialog(tmp_path: Path) -> None:
    replay = tmp_path / "replay.json"
    replay.write_text(
        json.dumps(
            {
                "skillId": APPLICATION_ID,
                "locale": "en-US",
                "type": "text",
                "userInput": ["open back spasm helper", "start desk stretches", "stop"],
            }
        ),
        encoding="utf-8",
    )
    out = io.StringIO()
    assert main(["--run", str(replay), "--raw"], out=out) == 0
    text = out.getvalue()
    assert "PASS replay" in text and "heard: StartRoutineIntent" in text and "[session ended" in text


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("- {says: hello}\n", "each turn needs"),
        ("- user: hi\n  expect: {sounds: nice}\n", "'expect' takes"),
        ("- advance: later\n", "cannot read 'later'"),
        ("[unclosed\n", "cannot read"),
        ("{}\n", "a dialog is a list of turns"),
    ],
)
def test_a_bad_dialog_file_is_a_clear_error(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(body, encoding="utf-8")
    out = io.StringIO()
    assert main(["--run", str(path)], out=out) == 2
    assert message in out.getvalue()


def test_time_spans_and_interfaces_are_checked() -> None:
    assert parse_advance("1 hour 30 minutes") == timedelta(minutes=90)
    assert parse_advance("90s") == timedelta(seconds=90)
    with pytest.raises(ValueError, match="unknown time unit"):
        parse_advance("3 fortnights")
    with pytest.raises(ValueError, match="unknown interface"):
        interfaces_for(["hologram"])
    assert Clock(simulated=False).now() <= Clock(simulated=False, offset=timedelta(hours=1)).now()
