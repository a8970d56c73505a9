"""The Now Playing art that hands-free Play directives name (the directives: test_audioplayer_flow)."""

from __future__ import annotations

from flask import Flask


def test_the_art_is_served_and_nothing_else_is(app: Flask) -> None:
    client = app.test_client()
    found = client.get("/art/now-playing.png")
    assert found.status_code == 200 and found.mimetype == "image/png"
    assert found.data.startswith(b"\x89PNG\r\n\x1a\n")
    for name in ("../app.py", "missing.png", "now-playing.PNG", "now-playing.png.bak"):
        assert client.get(f"/art/{name}").status_code == 404
