"""ask-sdk's ``DefaultSerializer``, reading requests with each type's plan worked out once.

For every object in a request envelope (some twenty), ``DefaultSerializer`` resolves the
model class from its dotted name with ``__import__`` and rebuilds the class's key map.
This subclass applies the same rules (those documented in ``DefaultSerializer.deserialize``),
with the reader for each type made on first use and kept, and reads Alexa's one timestamp
form with ``datetime.fromisoformat`` instead of dateutil's general parser (any other form
still goes to dateutil). Writing a response follows ``DefaultSerializer.serialize`` the
same way: each model class's keys are worked out once, and plain JSON values are copied
without the SDK's chain of type checks.

The envelope's JSON is parsed here and only here, and what the skill could not answer in
valid JSON is refused as it is parsed: numbers JSON cannot carry (NaN, Infinity, a float
overflow), and session attributes nested or sized beyond anything the skill sends.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from ask_sdk_core.exceptions import SerializationException
from ask_sdk_core.serialize import DefaultSerializer

Reader = Callable[[Any], Any]

# The type names ask-sdk's models use for Python types.
_NATIVE: dict[str, type] = {
    "str": str,
    "int": int,
    "long": int,
    "float": float,
    "bool": bool,
    "date": date,
    "datetime": datetime,
    "object": object,
}
_PRIMITIVE = (float, bool, bytes, str, int)

# Deeper than any state the skill keeps (about 8 levels); far shallower than where
# recursive code (the SDK's deep copy of the session attributes) runs out of stack.
MAX_DEPTH = 32
# A response may be at most 24 KB, session attributes included: any larger attributes
# cannot have come from a response of the skill's.
MAX_SESSION_ATTRIBUTES_BYTES = 24 * 1024


class UnreadableEnvelope(SerializationException):
    """The body cannot be answered in valid JSON; the message is a fixed phrase saying why."""


class CachingSerializer(DefaultSerializer):
    """``DefaultSerializer`` with a cached reader per type; the objects read are the same."""

    def __init__(self) -> None:
        # Filled on first use; two threads making the same reader at once make equal ones.
        self._readers: dict[Any, Reader] = {}
        # Per model class: (attribute, JSON key) in the order the SDK writes them.
        self._keys: dict[type, list[tuple[str, str]]] = {}

    def serialize(self, obj: Any) -> Any:
        """What ``DefaultSerializer.serialize`` makes of ``obj``, with model keys cached."""
        if obj is None or isinstance(obj, _PRIMITIVE):
            return obj
        kind = type(obj)
        if kind is dict:
            return {key: self.serialize(value) for key, value in obj.items()}
        if kind is list:
            return [self.serialize(item) for item in obj]
        keys = self._keys.get(kind)
        if keys is None:
            plain = isinstance(obj, (list, tuple, dict, date, Enum, Decimal))
            if plain or not hasattr(obj, "deserialized_types"):
                return super().serialize(obj)  # the SDK's rules for the rarer types
            keys = self._keys[kind] = _keys_of(kind)
        written = {}
        for attribute, key in keys:
            value = getattr(obj, attribute)
            if value is not None:
                written[key] = self.serialize(value)
        return written

    def deserialize(self, payload: str | None, obj_type: Any) -> Any:
        if payload is None:
            return None
        return self._read(parse_document(payload), obj_type)

    def _read(self, payload: Any, obj_type: Any) -> Any:
        if payload is None:
            return None
        reader = self._readers.get(obj_type)
        if reader is None:
            reader = self._readers[obj_type] = self._reader_for(obj_type)
        return reader(payload)

    def _reader_for(self, obj_type: Any) -> Reader:
        if isinstance(obj_type, str):
            if obj_type.startswith("list["):
                return self._list_reader(obj_type)
            if obj_type.startswith("dict("):
                return self._dict_reader(obj_type)
            obj_type = _NATIVE.get(obj_type) or _class_named(obj_type)
        if obj_type in _PRIMITIVE:
            return lambda payload: _primitive(payload, obj_type)
        if obj_type is object:
            return lambda payload: payload
        if obj_type in (date, datetime):
            return lambda payload: _timestamp(payload, obj_type)
        return self._model_reader(obj_type)

    def _list_reader(self, obj_type: str) -> Reader:
        found = re.match(r"list\[(.*)\]", obj_type)
        if found is None:
            return lambda payload: []
        kinds = [kind.strip() for kind in found.group(1).split(",")]
        if len(kinds) > 1:
            return lambda payload: [
                self._read(item, kind) for item, kind in zip(payload, kinds, strict=False)
            ]
        return lambda payload: [self._read(item, kinds[0]) for item in payload]

    def _dict_reader(self, obj_type: str) -> Reader:
        found = re.match(r"dict\(([^,]*), (.*)\)", obj_type)
        if found is None:
            return lambda payload: {}
        kind = found.group(2)
        return lambda payload: {key: self._read(value, kind) for key, value in payload.items()}

    def _model_reader(self, cls: Any) -> Reader:
        if isinstance(cls, type) and issubclass(cls, Enum):
            return lambda payload: _wrapped(cls, payload)
        if not hasattr(cls, "deserialized_types"):
            return lambda payload: payload
        if hasattr(cls, "get_real_child_model"):
            # The class to make depends on the payload's discriminator ("type").
            def read_subclass(payload: Any) -> Any:
                try:
                    child = cls.get_real_child_model(payload)
                    if not child:
                        raise SerializationException(
                            f"Couldn't resolve object by discriminator type for {cls} class"
                        )
                    reader = self._readers.get(("child", child))
                    if reader is None:
                        reader = self._readers[("child", child)] = self._fields_reader(_class_named(child))
                except Exception as error:
                    raise SerializationException(str(error)) from error
                return reader(payload)

            return read_subclass
        return self._fields_reader(cls)

    def _fields_reader(self, cls: Any) -> Reader:
        """Reads a payload into ``cls``: its known keys in the class's order, then the rest."""
        cached = self._readers.get(("fields", cls))
        if cached is not None:
            return cached
        types: dict[str, Any] = cls.deserialized_types
        names = dict(getattr(cls, "attribute_map", {}))
        names.update({attribute: attribute for attribute in types if attribute not in names})
        plan = [(attribute, key, types[attribute]) for attribute, key in names.items()]
        known = frozenset(names.values())

        def read(payload: Any) -> Any:
            try:
                model = cls()
                for attribute, key, kind in plan:
                    if key in payload:
                        setattr(model, attribute, self._read(payload[key], kind))
                for key in payload:
                    if key not in known:
                        setattr(model, key, payload[key])
                return model
            except Exception as error:
                raise SerializationException(str(error)) from error

        self._readers[("fields", cls)] = read
        return read


def _keys_of(cls: Any) -> list[tuple[str, str]]:
    """A model's (attribute, JSON key) pairs: ``attribute_map``'s name, else the attribute's own."""
    names: dict[str, str] = getattr(cls, "attribute_map", {})
    types: dict[str, Any] = cls.deserialized_types
    return [(attribute, names.get(attribute, attribute)) for attribute in types]


def parse_document(payload: str | bytes) -> Any:
    """The JSON document, refused with a reason if the skill could not answer it."""
    try:
        document = json.loads(payload, parse_constant=_not_finite, parse_float=_finite_float)
    except RecursionError as error:
        raise UnreadableEnvelope("body is nested too deeply") from error
    except ValueError as error:
        finite = "finite" in str(error)
        raise UnreadableEnvelope(
            "body holds a number that is not finite" if finite else "body is not JSON"
        ) from error
    except Exception as error:
        raise UnreadableEnvelope("body is not JSON") from error
    session = document.get("session") if isinstance(document, dict) else None
    attributes = session.get("attributes") if isinstance(session, dict) else None
    if attributes is not None:
        # Only the attributes are copied deeply and sent back; the rest is read by type.
        if _depth_over(attributes, MAX_DEPTH):
            raise UnreadableEnvelope("body is nested too deeply")
        if len(json.dumps(attributes, separators=(",", ":")).encode()) > MAX_SESSION_ATTRIBUTES_BYTES:
            raise UnreadableEnvelope("session attributes are too large")
    return document


def _not_finite(text: str) -> float:
    raise ValueError("not a finite number")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("not a finite number")
    return value


def _depth_over(document: Any, limit: int) -> bool:
    """Whether containers nest deeper than ``limit``, without recursion."""
    level = [document]
    for _ in range(limit + 1):
        below: list[Any] = []
        for value in level:
            if isinstance(value, dict):
                below.extend(value.values())
            elif isinstance(value, list):
                below.extend(value)
        if not below:
            return False
        level = below
    return True


def _class_named(name: str) -> Any:
    module_name, _, class_name = name.rpartition(".")
    try:
        if module_name:
            return getattr(__import__(module_name, fromlist=[class_name]), class_name)
        import ask_sdk_core.serialize as home

        return getattr(home, class_name)
    except Exception as error:
        raise SerializationException(
            f"Unable to resolve class {name} from installed modules: {error}"
        ) from error


def _wrapped(cls: Any, payload: Any) -> Any:
    try:
        return cls(payload)
    except Exception as error:
        raise SerializationException(str(error)) from error


def _primitive(payload: Any, kind: type) -> Any:
    try:
        return kind(payload)
    except UnicodeEncodeError:
        return str(payload)
    except TypeError:
        return payload
    except ValueError as error:
        raise SerializationException(f"Failed to parse {payload} into '{kind.__name__}' object") from error


# What Alexa sends: 2026-11-23T16:54:30Z, with optional fractional seconds and an
# optional Z or +hh:mm offset. Any other form takes dateutil's path, as in the SDK.
_ALEXA_STAMP = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2})?\Z", re.ASCII
)


def _timestamp(payload: Any, kind: type) -> Any:
    if isinstance(payload, str) and _ALEXA_STAMP.match(payload):
        try:
            parsed = datetime.fromisoformat(payload)
        except ValueError:
            pass  # say, month 13: dateutil decides, as it always did
        else:
            return parsed.date() if kind is date else parsed
    from dateutil.parser import parse  # type: ignore[import-untyped]

    try:
        parsed = parse(payload)
    except ValueError as error:
        raise SerializationException(f"Failed to parse {payload} into '{kind.__name__}' object") from error
    return parsed.date() if kind is date else parsed
