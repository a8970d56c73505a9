"""The browser simulator end to end: headless Chromium types into /simulator as a person would."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser_support import ARTIFACTS, browser_page, say


@pytest.fixture
def page(live_server: str) -> Iterator[object]:
    with browser_page(live_server) as opened:
        yield opened


def test_open_start_a_routine_and_say_next_in_the_browser(page) -> None:  # type: ignore[no-untyped-def]
    page.uncheck("#voice")  # headless Chromium has no voices; pauses are still honoured
    say(page, "open back spasm helper")
    assert "welcome" in page.inner_text("#transcript").lower()
    assert page.inner_text("#status") == "session open"

    say(page, "start quick relief")
    transcript = page.inner_text("#transcript")
    assert "heard: StartRoutineIntent" in transcript
    assert "Exercise 1 of 4" in transcript
    assert "[pause 10s]" in transcript
    assert page.inner_text("#card-title") == "Deep breathing"
    # The hold runs in real time with a visible countdown.
    page.wait_for_selector("#countdown", state="visible")
    assert int(page.inner_text("#countdown-seconds")) > 0

    say(page, "next")
    assert "Exercise 2 of 4" in page.inner_text("#transcript")
    assert page.inner_text("#card-title") == "Knees to chest"
    page.click("#response-box summary")
    assert '"shouldEndSession": false' in page.inner_text("#response-json")
    page.click("#request-box summary")
    assert '"AMAZON.NextIntent"' in page.inner_text("#request-json")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "browser-simulator.png"), full_page=True)
    assert (ARTIFACTS / "browser-simulator.png").stat().st_size > 0

    say(page, ":advance 20 minutes")  # time travel: the session times out
    assert "the open session timed out" in page.inner_text("#transcript")
    assert page.inner_text("#status") == "session closed"


def test_the_page_reports_bad_input_clearly(page) -> None:  # type: ignore[no-untyped-def]
    page.evaluate("""() => fetch('/simulator/api/say', {
        method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({text: ''}),
    }).then(r => r.json()).then(j => { window.answer = j; })""")
    page.wait_for_function("window.answer !== undefined")
    assert "say something" in page.evaluate("window.answer.error")


def test_a_fresh_page_shows_no_empty_bar_and_the_icon_exists(page, live_server: str) -> None:  # type: ignore[no-untyped-def]
    assert not page.is_visible("#now"), "nothing is being said yet"
    icon = page.request.get(f"{live_server}/favicon.ico")
    assert icon.status == 200 and icon.headers["content-type"].startswith("image/")


def test_countdowns_are_labelled_and_skip_ends_the_whole_answer(page) -> None:  # type: ignore[no-untyped-def]
    page.uncheck("#voice")
    say(page, "open back spasm helper")
    say(page, "start quick relief")
    # The first pause is the moment to get into position, not a hold.
    page.wait_for_selector("#countdown", state="visible")
    assert page.inner_text("#countdown-label") == "Get into position"
    page.click("#skip")
    assert not page.is_visible("#now")
    page.wait_for_timeout(1500)
    assert not page.is_visible("#now") and not page.is_visible("#countdown"), "skip skips all that is left"

    say(page, "count down twenty seconds")
    page.wait_for_selector("#countdown", state="visible")
    assert page.inner_text("#countdown-label") == "Hold"
    page.click("#skip")
    say(page, "stop")
    page.wait_for_function("document.getElementById('now').hidden")
    assert page.inner_text("#now-text") == "", "no words are left on screen after the session ends"


def test_the_clock_after_time_travel_reads_like_a_clock(page) -> None:  # type: ignore[no-untyped-def]
    page.uncheck("#voice")
    say(page, "open back spasm helper")
    say(page, ":advance 20 minutes")
    transcript = page.inner_text("#transcript")
    assert "clock " in transcript
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:", transcript), "no raw ISO timestamps"
    assert re.search(r"clock \w{3} \d\d \w{3}, \d\d:\d\d:\d\d", transcript)


def test_the_skills_own_voice_plays(
    page,
    app,
    tmp_path: Path,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A relative folder, as the default is: it is read from the working directory.
    monkeypatch.chdir(tmp_path)
    app.config["SIMULATOR_SPEECH_ENGINE"] = "espeak"
    app.config["SIMULATOR_AUDIO_DIR"] = "var/simulator-audio"
    page.check("#server-voice")
    with page.expect_response(lambda r: r.url.endswith("/simulator/api/speech")) as rendered:
        say(page, "open back spasm helper")
    reply = rendered.value
    assert reply.status == 200 and reply.headers["content-type"] == "audio/mpeg"
    assert int(reply.headers["content-length"]) > 1000
    assert not page.is_visible("#error")
    assert list((tmp_path / "var" / "simulator-audio").glob("*.mp3"))


def test_the_transcript_follows_the_conversation_on_a_phone(live_server: str) -> None:
    with browser_page(live_server, width=375, height=667) as phone:
        phone.uncheck("#voice")
        phone.uncheck("#pauses")
        for words in (
            "open back spasm helper",
            "start quick relief",
            "next",
            "what's next",
            "next",
            "how many are left",
        ):
            say(phone, words)
        phone.wait_for_timeout(300)
        box = phone.evaluate("""() => {
            const items = document.querySelectorAll('#transcript li');
            const last = items[items.length - 1].getBoundingClientRect();
            const list = document.getElementById('transcript').getBoundingClientRect();
            return {top: last.top, bottom: last.bottom, height: window.innerHeight,
                    listTop: list.top, listBottom: list.bottom};
        }""")
        assert box["top"] >= 0 and box["bottom"] <= box["height"] + 1, box
        assert box["top"] >= box["listTop"] - 1 and box["bottom"] <= box["listBottom"] + 1, box
