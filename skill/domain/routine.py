"""Where a person is in a routine, and how navigation moves them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class Progress:
    routine_id: str
    index: int = 0
    total: int = 1
    easier: bool = False
    paused: bool = False
    finished: bool = False

    @classmethod
    def start(cls, routine_id: str, total: int, easier: bool = False) -> Progress:
        return cls(routine_id=routine_id, index=0, total=total, easier=easier)

    @classmethod
    def from_dict(cls, raw: dict[str, Any] | None) -> Progress | None:
        if not raw or "routine_id" not in raw:
            return None
        known = {key: raw[key] for key in cls.__dataclass_fields__ if key in raw}
        return cls(**known)

    def to_dict(self) -> dict[str, Any]:
        # Spelled out: dataclasses.asdict deep-copies field by field, on every turn.
        return {
            "routine_id": self.routine_id,
            "index": self.index,
            "total": self.total,
            "easier": self.easier,
            "paused": self.paused,
            "finished": self.finished,
        }

    @property
    def number(self) -> int:
        """One-based position, for speaking."""
        return self.index + 1

    @property
    def remaining_after_current(self) -> int:
        return max(0, self.total - self.index - 1)

    @property
    def is_last(self) -> bool:
        return self.index >= self.total - 1

    @property
    def is_first(self) -> bool:
        return self.index == 0

    def advance(self) -> bool:
        """Move to the next exercise; False (and finished) when there is none."""
        if self.is_last:
            self.finished = True
            return False
        self.index += 1
        return True

    def back(self) -> bool:
        if self.is_first:
            return False
        self.index -= 1
        self.finished = False
        return True

    def restart(self) -> None:
        self.index = 0
        self.finished = False
        self.paused = False
