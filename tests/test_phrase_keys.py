"""Speech is checked by phrase key: every variant counts, placeholders are matched."""

from __future__ import annotations

from skill.domain.content import load_content
from skill.simulator.phrases import says


def test_a_key_is_heard_in_any_of_its_variants() -> None:
    content = load_content("en-US")
    text = "Well, " + content.phrases("exercise_heading", number=2, total=6, name="Cat-cow") + " Go."
    assert says(text, "exercise_heading", number=2, total=6, name="Cat-cow")
    assert says(text, "exercise_heading")  # unnamed placeholders match anything
    assert not says(text, "exercise_heading", number=3)
    assert not says("Something else entirely.", "exercise_heading")


def test_a_regional_overlay_changes_only_what_it_names() -> None:
    us, base_keys = load_content("en-US"), set(load_content("en-US").phrases.keys())
    assert us.phrases("emergency_number") == "911"
    assert {"welcome_first", "menu"} <= base_keys, "the English base still provides the rest"
    # A region with no overlay of its own falls back to another region of its language.
    assert load_content("en-NZ").locale.startswith("en-")


def test_locale_text_never_reaches_a_path() -> None:
    for hostile in ("..", "/", "a/b", "en-US/../..", "x" * 300, "", None, 42):
        assert load_content(hostile).locale == "en-US"  # type: ignore[arg-type]
