"""The browser simulator end to end: headless Chromium types into /simulator as a person would."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


def _need(reason: str) -> None:
    # CI installs Chromium and Playwright; a developer without them gets a clear skip.
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture
def page(live_server: str) -> Iterator[object]:
    if not shutil.which(CHROMIUM):
        _need(f"{CHROMIUM} is not installed (scripts/install-system-deps installs it)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _need("playwright is not installed (pip install -e '.[dev]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        page = context.new_page()
        # Nothing outside this server may be fetched: the page must work offline.
        outside: list[str] = []
        page.on("request", lambda r: None if r.url.startswith(live_server) else outside.append(r.url))
        page.goto(f"{live_server}/simulator")
        yield page
        assert not outside, f"the page fetched external resources: {outside}"
        context.close()
        browser.close()


def say(page, words: str) -> None:  # type: ignore[no-untyped-def]
    count = page.locator("#transcript li").count()
    page.fill("#utterance", words)
    page.press("#utterance", "Enter")
    page.wait_for_function(f"document.querySelectorAll('#transcript li').length >= {count + 2}")


def test_open_start_a_routine_and_say_next_in_the_browser(page) -> None:  # type: ignore[no-untyped-def]
    page.uncheck("#voice")  # headless Chromium has no voices; pauses are still honoured
    say(page, "open back spasm helper")
    assert "welcome" in page.inner_text("#transcript").lower()
    assert page.inner_text("#status") == "session open"

    say(page, "start quick relief")
    transcript = page.inner_text("#transcript")
    assert "heard: StartRoutineIntent" in transcript
    assert "Exercise 1 of 4" in transcript
    assert "[pause 4s]" in transcript
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
