"""Merging one request's changes into state that another request saved meanwhile."""

from __future__ import annotations

from skill.store.merge import merge


def test_two_requests_adding_to_the_same_log_keep_both_entries() -> None:
    base = {"pain_log": [{"level": 3}]}
    mine = {"pain_log": [{"level": 3}, {"level": 5}]}
    theirs = {"pain_log": [{"level": 3}, {"level": 7}]}
    assert merge(base, mine, theirs) == {"pain_log": [{"level": 3}, {"level": 7}, {"level": 5}]}


def test_both_creating_a_log_keeps_both_first_entries() -> None:
    assert merge({}, {"log": ["a"]}, {"log": ["b"]}) == {"log": ["b", "a"]}


def test_a_trimmed_log_drops_only_what_this_request_trimmed() -> None:
    base = {"log": [1, 2, 3]}
    mine = {"log": [2, 3, 4]}  # appended 4, trimmed 1
    theirs = {"log": [1, 2, 3, 5]}
    assert merge(base, mine, theirs) == {"log": [2, 3, 5, 4]}


def test_changes_to_different_keys_are_both_kept() -> None:
    base = {"seen_intro": "", "preferences": {"voice": "calm"}}
    mine = {"seen_intro": "2026-11-23", "preferences": {"voice": "calm"}}
    theirs = {"seen_intro": "", "preferences": {"voice": "calm", "pace": "slow"}}
    assert merge(base, mine, theirs) == {
        "seen_intro": "2026-11-23",
        "preferences": {"voice": "calm", "pace": "slow"},
    }


def test_a_value_this_request_changed_wins_and_one_it_removed_goes() -> None:
    base = {"last_routine": {"step": 1}, "spasm_onset": "x"}
    mine = {"last_routine": {"step": 2}}
    theirs = {"last_routine": {"step": 1}, "spasm_onset": "x", "learned": ["cat"]}
    assert merge(base, mine, theirs) == {"last_routine": {"step": 2}, "learned": ["cat"]}


def test_an_unchanged_request_leaves_their_state_alone() -> None:
    theirs = {"pain_log": [1, 2]}
    assert merge({"a": 1}, {"a": 1}, theirs) == theirs
