"""Straight-line readers for ask-sdk model classes, made once per class.

A request envelope becomes some twenty model objects, and a generic loop pays for
looking up every field's rule on every object. For each class this module writes one
small function instead: for each field the class knows, in the class's order, take it
from the payload if present and read it (a value already of the field's exact type is
kept as it is); then keep any keys the class does not know, as attributes, after the
known ones. Those are ``DefaultSerializer``'s steps, so the object is the same.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any, NamedTuple

Reader = Callable[[Any], Any]

_IMMUTABLE = (type(None), str, int, float, bool, Enum)


class Field(NamedTuple):
    attribute: str  # the Python attribute
    key: str  # the payload key
    read: Reader  # how a payload value becomes the attribute's value
    exact: type | None  # values of exactly this type are kept as they are (None: always read)


def compile_reader(cls: type, fields: list[Field], otherwise: Reader) -> Reader | None:
    """A function that reads a JSON object into a new ``cls``; None when ``cls`` does not suit.

    Anything but a JSON object is handed to ``otherwise``.

    It suits when ``cls()`` takes no arguments and leaves only immutable values in the
    instance's ``__dict__``: a copy of that dict is then a new, empty instance's state.
    """
    try:
        empty = cls()
    except TypeError:
        return None
    state = getattr(empty, "__dict__", None)
    if state is None or any(not isinstance(value, _IMMUTABLE) for value in state.values()):
        return None
    scope: dict[str, Any] = {"empty": dict(state), "cls": cls, "new": object.__new__,
                             "known": frozenset(field.key for field in fields),
                             "otherwise": otherwise}
    lines = ["def read(payload):",
             "    if payload.__class__ is not dict:",
             "        return otherwise(payload)",
             "    values = empty.copy()",
             "    found = 0"]
    for index, field in enumerate(fields):
        scope[f"read_{index}"], scope[f"exact_{index}"] = field.read, field.exact
        keep = (f"value is None or value.__class__ is exact_{index}" if field.exact is not None
                else "value is None")
        lines += [f"    if {field.key!r} in payload:",
                  "        found += 1",
                  f"        value = payload[{field.key!r}]",
                  f"        values[{field.attribute!r}] = value if {keep} else read_{index}(value)"]
    # A payload key that two attributes share counts once in the payload, twice above,
    # so then the count cannot tell whether unknown keys are left.
    shared_keys = len({field.key for field in fields}) != len(fields)
    lines += [f"    if {'True' if shared_keys else 'found != len(payload)'}:",
              "        for key in payload:",
              "            if key not in known:",
              "                values[key] = payload[key]",
              "    model = new(cls)",
              "    model.__dict__.update(values)",
              "    return model"]
    exec("\n".join(lines), scope)
    return scope["read"]
