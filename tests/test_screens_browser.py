"""The screen preview end to end: headless Chromium opens the simulator as an Echo Show."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from skill.domain.content import load_content
from tests.browser_support import ARTIFACTS, browser_page, say, transcript_lines

PHRASES = load_content("en-US").phrases


@pytest.fixture
def page(live_server: str) -> Iterator[object]:
    with browser_page(live_server, width=1280) as opened:
        yield opened


def shoot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"screen-preview-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 0


def test_start_a_routine_and_tap_next_on_the_screen_preview(page) -> None:  # type: ignore[no-untyped-def]
    page.uncheck("#voice")  # headless Chromium has no voices
    page.select_option("#device", "screen")
    say(page, "open back spasm helper")
    assert page.is_visible("#screen-box")
    assert "not Alexa's APL renderer" in page.inner_text("#screen-box")
    assert page.inner_text("#screen-frame .screen-title") == PHRASES("screen_menu_title")
    assert page.locator("#screen-frame .screen-item").count() == 4
    shoot(page, "menu")

    say(page, "start quick relief")
    frame = page.locator("#screen-frame")
    assert frame.locator(".screen-title").inner_text() == "Deep breathing"
    assert PHRASES("screen_position", number=1, total=4) in frame.locator(".screen-subtitle").inner_text()
    assert frame.locator(".screen-ring-label").inner_text() == PHRASES("screen_get_ready")
    shoot(page, "exercise")

    count = transcript_lines(page)
    page.click("#screen-frame button[data-tap='Next']")
    page.wait_for_function(f"document.querySelectorAll('#transcript li').length >= {count + 2}")
    assert ":tap Next" in page.inner_text("#transcript")
    assert "Exercise 2 of 4" in page.inner_text("#transcript")
    assert '"Alexa.Presentation.APL.UserEvent"' in page.text_content("#request-json")
    assert frame.locator(".screen-title").inner_text() == "Knees to chest"
    assert PHRASES("screen_position", number=2, total=4) in frame.locator(".screen-subtitle").inner_text()
    assert [b.inner_text() for b in frame.locator(".screen-buttons button").all()] == [
        PHRASES(f"screen_button_{key}") for key in ("next", "pause", "easier", "stop", "hurts")
    ]
    shoot(page, "next")

    page.click("#screen-frame button[data-tap='It hurts']")
    page.wait_for_selector("#screen-frame button[data-tap='Yes']")
    say(page, "my legs are numb")
    assert page.inner_text("#screen-frame .screen-call") == PHRASES(
        "screen_red_flag_call", number=PHRASES("emergency_number")
    )
    assert page.locator("#screen-frame button").count() == 0
    shoot(page, "red-flag")


def test_the_ring_counts_a_hold_in_the_preview(page) -> None:  # type: ignore[no-untyped-def]
    page.uncheck("#voice")
    say(page, "open back spasm helper")  # a voice-only Echo first: no screen, no preview
    assert not page.is_visible("#screen-box")
    page.click("#reset")
    page.select_option("#device", "screen")
    say(page, "open back spasm helper")
    assert page.is_visible("#screen-box")
    say(page, "count down ten seconds")
    frame = page.locator("#screen-frame")
    assert frame.locator(".screen-title").inner_text() == PHRASES("screen_countdown_title")
    # "Counting 10 seconds. Hold." takes 1.6 s on the scripts' pace, then the ring counts.
    page.wait_for_selector("#screen-frame .screen-ring[data-state='hold']", timeout=10_000)
    shown = int(frame.locator(".screen-ring-number").inner_text())
    assert 1 <= shown <= 10
    shoot(page, "countdown")
