"""Write the slot types that name content into the interaction models.

Exercise and routine names and synonyms live only in the content YAML; this command puts
them into ``interaction_models/<locale>.json`` so the model never holds a second copy to
keep in step by hand.

    python -m tools.slot_types          # rewrite the models
    python -m tools.slot_types --check  # exit 1 when a committed model is out of date
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from skill.domain.content import Content, load_content

MODELS_DIR = Path(__file__).resolve().parents[1] / "interaction_models"


def _values(items: Iterable[Any]) -> list[dict[str, Any]]:
    return [{"id": item.id, "name": {"value": item.name, "synonyms": list(item.synonyms)}} for item in items]


# Slot type name -> the content it is generated from.
GENERATED: dict[str, Callable[[Content], list[dict[str, Any]]]] = {
    "ROUTINE_NAME": lambda content: _values(content.routines.values()),
    "EXERCISE_NAME": lambda content: _values(content.exercises.values()),
}


def model_text(model: dict[str, Any]) -> str:
    return json.dumps(model, indent=2, ensure_ascii=False) + "\n"


def generated_model(path: Path) -> dict[str, Any]:
    """The model in ``path`` with its generated slot types made from the locale's content."""
    model: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    content = load_content(path.stem)
    types = model["interactionModel"]["languageModel"].setdefault("types", [])
    by_name = {slot_type["name"]: slot_type for slot_type in types}
    for name, make in GENERATED.items():
        if name not in by_name:
            by_name[name] = {"name": name}
            types.append(by_name[name])
        by_name[name]["values"] = make(content)
    return model


def stale_models(models_dir: Path = MODELS_DIR) -> list[Path]:
    return [
        path
        for path in sorted(models_dir.glob("*.json"))
        if model_text(generated_model(path)) != path.read_text(encoding="utf-8")
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report out-of-date models")
    args = parser.parse_args(argv)
    stale = stale_models()
    if args.check:
        for path in stale:
            print(f"{path.name}: slot types differ from the content; run python -m tools.slot_types")
        return 1 if stale else 0
    for path in stale:
        path.write_text(model_text(generated_model(path)), encoding="utf-8")
        print(f"wrote {path.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
