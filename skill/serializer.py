"""ask-sdk's serializer, with the work it repeats on every request done once.

ask-sdk's ``DefaultSerializer`` re-resolves every model class by name (an ``__import__``
per object), rebuilds each class's attribute map per object, and parses every timestamp
with ``dateutil``'s general-purpose parser. On a request envelope that is about half of
the skill's handling time. :class:`SkillSerializer` produces the same objects: the same
rules, applied with the type readers and class maps built once per type and cached, and
Alexa's ISO 8601 timestamps read by ``datetime.fromisoformat``. Any other date form
still goes to ``dateutil``, exactly as before.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from typing import Any, NamedTuple

from ask_sdk_core.exceptions import SerializationException
from ask_sdk_core.serialize import DefaultSerializer

from skill.model_reader import Field, compile_reader

Reader = Callable[[Any], Any]

# What Alexa sends: 2026-11-23T16:54:30Z, with optional fractional seconds and an
# optional Z or +hh:mm offset. Everything else takes dateutil's path.
_ALEXA_STAMP = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2})?\Z", re.ASCII)


def parse_datetime(payload: Any, obj_type: type = datetime) -> Any:
    """A timestamp as ask-sdk reads it: a datetime (or date), SerializationException if bad."""
    if isinstance(payload, str) and _ALEXA_STAMP.match(payload):
        try:
            parsed = datetime.fromisoformat(payload)
        except ValueError:
            pass  # say, month 13: dateutil decides, as it always did
        else:
            return parsed.date() if obj_type is date else parsed
    try:
        from dateutil.parser import parse
    except ImportError:
        return payload
    try:
        parsed = parse(payload)
    except ValueError as error:
        raise SerializationException(
            f"Failed to parse {payload} into '{obj_type.__name__}' object") from error
    return parsed.date() if obj_type is date else parsed


class SkillSerializer(DefaultSerializer):
    """``DefaultSerializer`` with cached type readers and a fast timestamp path."""

    def __init__(self) -> None:
        self._readers: dict[Any, Reader] = {}
        self._classes: dict[str, type] = {}
        # Only for concrete model classes: a class found here needs no further checks.
        self._fields: dict[type, _Fields] = {}
        self._class_fields: dict[type, _Fields] = {}
        self._keys: dict[type, list[tuple[str, str]]] = {}
        self._class_readers: dict[type, Reader] = {}
        self._compiling: set[type] = set()
        self._compile_lock = threading.RLock()

    def serialize(self, obj: Any) -> Any:
        """As ``DefaultSerializer.serialize``, with each model class's key map built once."""
        if obj is None or isinstance(obj, _SCALARS):
            return obj
        if isinstance(obj, dict):
            return {key: self.serialize(value) for key, value in obj.items()}
        if isinstance(obj, list):
            return [self.serialize(item) for item in obj]
        keys = self._keys.get(type(obj))
        if keys is None:
            if not hasattr(obj, "deserialized_types"):
                return super().serialize(obj)  # tuples, dates, enums, decimals
            keys = self._keys[type(obj)] = self._keys_of(obj)
        found = {}
        for attribute, key in keys:
            value = getattr(obj, attribute)
            if value is not None:
                found[key] = self.serialize(value)
        return found

    @staticmethod
    def _keys_of(obj: Any) -> list[tuple[str, str]]:
        names = getattr(obj, "attribute_map", {})
        return [(attribute, names.get(attribute, attribute))
                for attribute in obj.deserialized_types]

    def deserialize(self, payload: Any, obj_type: Any) -> Any:
        if payload is None:
            return None
        try:
            data = json.loads(payload)
        except Exception as error:
            raise SerializationException(f"Couldn't parse response body: {payload}") from error
        return self.read(data, obj_type)

    def read(self, data: Any, obj_type: Any) -> Any:
        """``deserialize`` for JSON that is already parsed."""
        try:
            return self._read(data, obj_type)
        except SerializationException:
            raise
        except Exception as error:
            # Compiled readers call each other directly; a failure anywhere in the
            # document is reported here as DefaultSerializer reports it.
            raise SerializationException(str(error)) from error

    def _read(self, payload: Any, obj_type: Any) -> Any:
        if payload is None:
            return None
        return self._reader(obj_type)(payload)

    def _reader(self, obj_type: Any) -> Reader:
        reader = self._readers.get(obj_type)
        if reader is None:
            reader = self._readers[obj_type] = self._reader_for(obj_type)
        return reader

    def _reader_for(self, obj_type: Any) -> Reader:
        """How to read a value of ``obj_type``, following DefaultSerializer's rules."""
        if isinstance(obj_type, str):
            if obj_type.startswith("list["):
                return self._list_reader(obj_type)
            if obj_type.startswith("dict("):
                return self._dict_reader(obj_type)
            if obj_type in self.NATIVE_TYPES_MAPPING:
                obj_type = self.NATIVE_TYPES_MAPPING[obj_type]
            else:
                obj_type = self._class(obj_type)
        if obj_type in self.PRIMITIVE_TYPES:
            return lambda payload: _primitive(payload, obj_type)
        if obj_type is object:
            return lambda payload: payload
        if obj_type in (date, datetime):
            return lambda payload: parse_datetime(payload, obj_type)
        if isinstance(obj_type, type) and issubclass(obj_type, Enum):
            return obj_type
        if (hasattr(obj_type, "deserialized_types")
                and not hasattr(obj_type, "get_real_child_model")):
            return self._class_reader(obj_type)
        return lambda payload: self._model(payload, obj_type)

    def _class_reader(self, cls: type) -> Reader:
        """The compiled reader of a model class with no subclasses to choose from."""
        reader = self._class_readers.get(cls)
        if reader is not None:
            return reader
        # One thread compiles at a time (compiling a class compiles the classes inside it);
        # the others wait and then find the reader made.
        with self._compile_lock:
            reader = self._class_readers.get(cls)
            if reader is not None:
                return reader
            if cls in self._compiling:
                # A class that contains itself: its reader is looked up once it exists.
                return lambda payload: self._class_readers[cls](payload)
            self._compiling.add(cls)
            try:
                fields = self._fields_of(cls)
            finally:
                self._compiling.discard(cls)
            reader = fields.read or (lambda payload: self._model(payload, cls))
            self._class_readers[cls] = reader
            return reader

    def _list_reader(self, obj_type: str) -> Reader:
        found = re.match(r"list\[(.*)\]", obj_type)
        if found is None:
            return lambda payload: []
        inner = found.group(1)
        if "," in inner:
            types = [part.strip() for part in inner.split(",")]
            return lambda payload: [self._read(item, kind)
                                    for item, kind in zip(payload, types, strict=False)]
        read = self._reader_or_later(inner.strip())
        return lambda payload: [None if item is None else read(item) for item in payload]

    def _dict_reader(self, obj_type: str) -> Reader:
        found = re.match(r"dict\(([^,]*), (.*)\)", obj_type)
        if found is None:
            return lambda payload: {}
        read = self._reader_or_later(found.group(2))
        return lambda payload: {key: None if value is None else read(value)
                                for key, value in payload.items()}

    def _class(self, name: str) -> type:
        resolved = self._classes.get(name)
        if resolved is None:
            try:
                module_name, _, class_name = name.rpartition(".")
                if module_name:
                    module = __import__(module_name, fromlist=[class_name])
                    resolved = getattr(module, class_name)
                else:
                    import ask_sdk_core.serialize as home

                    resolved = getattr(home, class_name)
            except Exception as error:
                raise SerializationException(
                    f"Unable to resolve class {name} from installed modules: {error}") from error
            self._classes[name] = resolved
        return resolved

    def _model(self, payload: Any, obj_type: Any) -> Any:
        try:
            fields = self._fields.get(obj_type)
            if fields is None:
                if issubclass(obj_type, Enum):
                    return obj_type(payload)
                if not hasattr(obj_type, "deserialized_types"):
                    return payload
                if hasattr(obj_type, "get_real_child_model"):
                    child = obj_type.get_real_child_model(payload)
                    if not child:
                        raise SerializationException(
                            f"Couldn't resolve object by discriminator type for {obj_type} class")
                    obj_type = self._class(child)
                fields = self._fields_of(obj_type)
            if fields.read is not None and payload.__class__ is dict:
                return fields.read(payload)  # compiled straight from the payload
            model = obj_type()
            if isinstance(payload, dict):
                by_key = fields.by_key
                for key, value in payload.items():
                    found = by_key.get(key)
                    if found is None:
                        setattr(model, key, value)
                    else:
                        for attribute, kind in found:
                            setattr(model, attribute, self._read(value, kind))
                return model
            # Not an object: DefaultSerializer's own steps, odd results and errors alike.
            for attribute, key, kind in fields.ordered:
                if key in payload:
                    setattr(model, attribute, self._read(payload[key], kind))
            for key in payload:
                if key not in fields.by_key:
                    setattr(model, key, payload[key])
            return model
        except Exception as error:
            raise SerializationException(str(error)) from error

    def _fields_of(self, cls: type) -> _Fields:
        found = self._class_fields.get(cls)
        if found is None:
            types: dict[str, Any] = cls.deserialized_types  # type: ignore[attr-defined]
            names = dict(getattr(cls, "attribute_map", {}))
            names.update({key: key for key in types if key not in names})
            # An attribute_map entry without a type is a KeyError in DefaultSerializer too,
            # raised when a payload carries it; the sentinel keeps that behaviour.
            ordered = [(attribute, key, types.get(attribute, _UNTYPED))
                       for attribute, key in names.items()]
            by_key: dict[str, list[tuple[str, Any]]] = {}
            for attribute, key, kind in ordered:
                by_key.setdefault(key, []).append((attribute, kind))
            read = compile_reader(
                cls, [Field(attribute, key, self._reader_or_later(kind), _EXACT.get(kind))
                      for attribute, key, kind in ordered],
                otherwise=lambda payload: self._model(payload, cls))
            found = self._class_fields[cls] = _Fields(ordered, by_key, read)
            if not hasattr(cls, "get_real_child_model"):
                self._fields[cls] = found  # a subclass picked by discriminator is checked each time
        return found

    def _reader_or_later(self, kind: Any) -> Reader:
        """The reader for ``kind`` now, or, if it cannot be resolved, one that fails when used."""
        try:
            return self._reader(kind)
        except SerializationException:
            return lambda payload: self._read(payload, kind)


class _Fields(NamedTuple):
    """A model class's fields, once: in class order, by payload key, and compiled."""

    ordered: list[tuple[str, str, Any]]
    by_key: dict[str, list[tuple[str, Any]]]
    read: Callable[[dict[str, Any]], Any] | None  # reads a JSON object straight into the class


# Field types whose values of exactly that type read as themselves: str("a") is "a",
# int(3) is 3 (but int(True) is 1, so a bool given for an int field is still read).
_EXACT: dict[Any, type] = {"str": str, "int": int, "long": int, "float": float, "bool": bool}


_UNTYPED = object()
# Returned as they are by DefaultSerializer.serialize (bool is an int).
_SCALARS = (str, int, float, bytes)


def _primitive(payload: Any, obj_type: Any) -> Any:
    try:
        return obj_type(payload)
    except UnicodeEncodeError:
        return str(payload)
    except TypeError:
        return payload
    except ValueError as error:
        raise SerializationException(
            f"Failed to parse {payload} into '{obj_type.__name__}' object") from error
