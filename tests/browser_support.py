"""Headless Chromium on the simulator page, for the browser tests.

The page must work offline: a test fails when it fetches anything outside the server,
asks for a file the server does not have, or raises a script error.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


def _need(reason: str) -> None:
    # CI installs Chromium and Playwright; a developer without them gets a clear skip.
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@contextlib.contextmanager
def browser_page(live_server: str, width: int = 1200, height: int = 900) -> Iterator[object]:
    """The simulator page of ``live_server`` in headless Chromium, checked when it closes."""
    if not shutil.which(CHROMIUM):
        _need(f"{CHROMIUM} is not installed (scripts/install-system-deps installs it)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _need("playwright is not installed (pip install -e '.[dev]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        outside: list[str] = []
        missing: list[str] = []
        errors: list[str] = []
        # (blob: URLs are the page's own memory: the fetched speech, played.)
        page.on(
            "request",
            lambda r: (
                None if r.url.startswith((live_server, f"blob:{live_server}")) else outside.append(r.url)
            ),
        )
        page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{live_server}/simulator")
        yield page
        assert not outside, f"the page fetched external resources: {outside}"
        assert not missing, f"the page asked for files the server does not have: {missing}"
        assert not errors, f"the page raised: {errors}"
        context.close()
        browser.close()


def transcript_lines(page) -> int:  # type: ignore[no-untyped-def]
    return page.locator("#transcript li").count()


def say(page, words: str) -> None:  # type: ignore[no-untyped-def]
    """Type ``words`` into the page and wait for the skill's answer in the transcript."""
    count = transcript_lines(page)
    page.fill("#utterance", words)
    page.press("#utterance", "Enter")
    page.wait_for_function(f"document.querySelectorAll('#transcript li').length >= {count + 2}")
