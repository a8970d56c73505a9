"""Three-way merge of a user's JSON state, so concurrent requests lose no update.

A request loads the user's state (``base``), changes it (``mine``), and by the time it
saves, another request may have saved its own changes (``theirs``). Applying only what
this request changed on top of ``theirs`` keeps both:

- objects merge key by key (a key this request removed is removed);
- lists are treated as logs: entries this request added are appended, entries it
  dropped (for example when trimming to a maximum length) are dropped;
- any other value this request changed takes this request's value, otherwise theirs.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

_MISSING = object()


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def merge(base: Any, mine: Any, theirs: Any) -> Any:
    if mine == base:
        return theirs
    if isinstance(base, dict) and isinstance(mine, dict) and isinstance(theirs, dict):
        return _merge_objects(base, mine, theirs)
    if isinstance(base, list) and isinstance(mine, list) and isinstance(theirs, list):
        return _merge_lists(base, mine, theirs)
    return mine


def _merge_objects(base: dict[str, Any], mine: dict[str, Any], theirs: dict[str, Any]) -> dict[str, Any]:
    merged = dict(theirs)
    for key in base.keys() | mine.keys():
        before, after = base.get(key, _MISSING), mine.get(key, _MISSING)
        if before is not _MISSING and after is not _MISSING and before == after:
            continue  # untouched by this request: theirs stands
        if after is _MISSING:
            merged.pop(key, None)
        elif key not in theirs:
            merged[key] = after
        elif before is _MISSING:
            # Both requests created it (say, the first entry of a log): merge from empty.
            empty = type(after)() if isinstance(after, dict | list) else _MISSING
            merged[key] = after if empty is _MISSING else merge(empty, after, theirs[key])
        else:
            merged[key] = merge(before, after, theirs[key])
    return merged


def _merge_lists(base: list[Any], mine: list[Any], theirs: list[Any]) -> list[Any]:
    before = Counter(_key(item) for item in base)
    after = Counter(_key(item) for item in mine)
    dropped = before - after
    merged = []
    for item in theirs:
        key = _key(item)
        if dropped[key]:
            dropped[key] -= 1
            continue
        merged.append(item)
    added = after - before
    for item in mine:
        key = _key(item)
        if added[key]:
            added[key] -= 1
            merged.append(item)
    return merged
