"""Erasing and exporting everything the skill keeps about one person.

The persistence adapter holds the user's state (the SQLite adapter also clears every
other table in its file that has a ``user_id`` column). A feature that keeps data
anywhere else registers an eraser, and optionally an exporter, at import time::

    from skill.store.erasure import register_eraser
    register_eraser(forget_reminders, export=reminders_of)

Erasers run when someone disables the skill and from ``python -m skill.userdata delete``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_model import RequestEnvelope

Eraser = Callable[[str], None]
Exporter = Callable[[str], Any]

_erasers: list[tuple[Eraser, Exporter | None]] = []


def register_eraser(erase: Eraser, export: Exporter | None = None) -> Eraser:
    """Add a function that deletes (and one that returns) what a feature keeps about a user id."""
    if all(existing is not erase for existing, _ in _erasers):
        _erasers.append((erase, export))
    return erase


def envelope_for(user_id: str) -> RequestEnvelope:
    """The smallest request envelope a persistence adapter can find the user by."""
    # Imported when a user is erased or exported, which few requests do.
    from ask_sdk_model.context import Context
    from ask_sdk_model.interfaces.system import SystemState
    from ask_sdk_model.user import User

    return RequestEnvelope(context=Context(system=SystemState(user=User(user_id=user_id))))


def run_erasers(user_id: str) -> None:
    """Every registered feature's eraser, for data kept outside the persistence adapter."""
    for erase, _ in _erasers:
        erase(user_id)


def erase_user(adapter: AbstractPersistenceAdapter, user_id: str) -> None:
    adapter.delete_attributes(envelope_for(user_id))
    run_erasers(user_id)


def export_user(adapter: AbstractPersistenceAdapter, user_id: str) -> dict[str, Any]:
    exported: dict[str, Any] = {
        "user_id": user_id,
        "attributes": adapter.get_attributes(envelope_for(user_id)),
    }
    store = getattr(adapter, "store", None)
    if store is not None and hasattr(store, "export"):
        exported["tables"] = store.export(user_id)
    exported["features"] = {
        f"{export.__module__}.{export.__qualname__}": export(user_id)
        for _, export in _erasers
        if export is not None
    }
    return exported
