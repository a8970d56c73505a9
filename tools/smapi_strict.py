"""Reads skill package JSON into the Skill Management API's own model classes, strictly.

``ask-smapi-model`` describes every object of a skill manifest and an interaction model
by its fields and their types, which is what the Skill Management API accepts. Its own
deserialiser forgives a great deal (unknown keys are dropped, types are not checked), so
this one walks the same class descriptions and refuses anything they do not allow: an
unknown field, a value of the wrong type, an enum value that does not exist, an
unknown ``type`` of a polymorphic object. The classes do not say which fields are
required, so the manifest and model rules of the console are listed here.
"""

from __future__ import annotations

import importlib
import inspect
import re
from enum import Enum
from typing import Any

_LIST = re.compile(r"^list\[(.+)\]$")
_DICT = re.compile(r"^dict\(str, (.+)\)$")
_SCALARS: dict[str, tuple[type, ...]] = {"str": (str,), "bool": (bool,), "int": (int,), "float": (int, float)}

MANIFEST = "ask_smapi_model.v1.skill.manifest.skill_manifest_envelope.SkillManifestEnvelope"
INTERACTION_MODEL = "ask_smapi_model.v1.skill.interaction_model.interaction_model_data.InteractionModelData"


class SchemaError(ValueError):
    """A value the Skill Management API's model does not allow, with its JSON path."""


def _class(dotted: str) -> Any:
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)


def load(data: Any, type_name: str, path: str = "$") -> Any:
    """``data`` as an instance of ``type_name`` (a model class path or a scalar name)."""
    if (match := _LIST.match(type_name)) is not None:
        if not isinstance(data, list):
            raise SchemaError(f"{path}: expected a list, got {type(data).__name__}")
        return [load(item, match[1], f"{path}[{index}]") for index, item in enumerate(data)]
    if (match := _DICT.match(type_name)) is not None:
        if not isinstance(data, dict):
            raise SchemaError(f"{path}: expected an object, got {type(data).__name__}")
        return {key: load(value, match[1], f"{path}.{key}") for key, value in data.items()}
    if type_name in _SCALARS:
        wanted = _SCALARS[type_name]
        if not isinstance(data, wanted) or (bool not in wanted and isinstance(data, bool)):
            raise SchemaError(f"{path}: expected {type_name}, got {type(data).__name__}")
        return data
    if type_name == "object":
        return data
    return _load_object(data, _class(type_name), path)


def _load_object(data: Any, cls: Any, path: str) -> Any:
    if issubclass(cls, Enum):
        allowed = {member.value for member in cls}
        if data not in allowed:
            raise SchemaError(f"{path}: {data!r} is not one of {cls.__name__}'s values")
        return cls(data)
    if not isinstance(data, dict):
        raise SchemaError(f"{path}: expected an object ({cls.__name__}), got {type(data).__name__}")
    cls = _concrete(data, cls, path)
    by_json_name = {json_name: attr for attr, json_name in cls.attribute_map.items()}
    values = {}
    for key, value in data.items():
        if key not in by_json_name:
            raise SchemaError(f"{path}: unknown field {key!r} for {cls.__name__}")
        attr = by_json_name[key]
        values[attr] = load(value, cls.deserialized_types[attr], f"{path}.{key}")
    # A polymorphic class's subclasses set their own ``type`` and do not take it.
    accepted = inspect.signature(cls.__init__).parameters
    return cls(**{attr: value for attr, value in values.items() if attr in accepted or attr != "object_type"})


def _concrete(data: dict[str, Any], cls: Any, path: str) -> Any:
    """The subclass a polymorphic object's ``type`` names."""
    classes: dict[str, str] = getattr(cls, "discriminator_value_class_map", None) or {}
    if not classes:
        return cls
    json_name = cls.attribute_map.get("object_type", "type")
    kind = data.get(json_name)
    if kind not in classes:
        raise SchemaError(
            f"{path}.{json_name}: {kind!r} is not a known {cls.__name__} type ({', '.join(sorted(classes))})"
        )
    return _class(classes[kind])


def _at(data: Any, dotted: str) -> list[tuple[str, Any]]:
    """Every value at a path like ``a.b.*.c`` (``*`` is each key or list item)."""
    found: list[tuple[str, Any]] = [("$", data)]
    for part in dotted.split("."):
        step: list[tuple[str, Any]] = []
        for where, value in found:
            if part == "*":
                items = value.items() if isinstance(value, dict) else enumerate(value or [])
                step.extend((f"{where}.{key}", item) for key, item in items)
            elif isinstance(value, dict) and part in value:
                step.append((f"{where}.{part}", value[part]))
            else:
                step.append((f"{where}.{part}", _MISSING))
        found = step
    return found


_MISSING = object()

# What the developer console refuses to certify or build without.
MANIFEST_REQUIRED = (
    "manifest.manifestVersion",
    "manifest.publishingInformation.locales",
    "manifest.publishingInformation.locales.*.name",
    "manifest.publishingInformation.locales.*.summary",
    "manifest.publishingInformation.locales.*.description",
    "manifest.publishingInformation.locales.*.examplePhrases",
    "manifest.publishingInformation.locales.*.keywords",
    "manifest.publishingInformation.isAvailableWorldwide",
    "manifest.publishingInformation.category",
    "manifest.publishingInformation.distributionCountries",
    "manifest.privacyAndCompliance.allowsPurchases",
    "manifest.privacyAndCompliance.usesPersonalInfo",
    "manifest.privacyAndCompliance.isChildDirected",
    "manifest.privacyAndCompliance.isExportCompliant",
    "manifest.privacyAndCompliance.containsAds",
    "manifest.privacyAndCompliance.locales.*.privacyPolicyUrl",
    "manifest.apis.custom.endpoint.uri",
)
MODEL_REQUIRED = (
    "interactionModel.languageModel.invocationName",
    "interactionModel.languageModel.intents",
    "interactionModel.languageModel.intents.*.name",
    "interactionModel.languageModel.types.*.name",
    "interactionModel.languageModel.types.*.values.*.name.value",
)


def missing(data: Any, required: tuple[str, ...]) -> list[str]:
    """The JSON paths of required parts that are absent or empty."""
    return [
        where
        for dotted in required
        for where, value in _at(data, dotted)
        if value is _MISSING or value in ("", [], {}, None)
    ]


def check_manifest(data: Any) -> Any:
    """``skill.json`` as a ``SkillManifestEnvelope``; raises ``SchemaError`` if invalid."""
    return _check(data, MANIFEST, MANIFEST_REQUIRED)


def check_interaction_model(data: Any) -> Any:
    """A ``<locale>.json`` model as ``InteractionModelData``; raises ``SchemaError``."""
    return _check(data, INTERACTION_MODEL, MODEL_REQUIRED)


def _check(data: Any, type_name: str, required: tuple[str, ...]) -> Any:
    loaded = load(data, type_name)
    absent = missing(data, required)
    if absent:
        raise SchemaError("missing required parts: " + ", ".join(absent))
    return loaded
