"""The JSON Schema of the contract format, generated from the same type hints the
loader reads, so editors (yaml-language-server) complete and validate exactly
what `remit check` accepts."""

from __future__ import annotations

import dataclasses
from datetime import date
from enum import Enum
from typing import Any, get_args, get_origin

from remit.contract.convert import fields_of, optional_inner, split_annotated
from remit.domain.calendar import CalendarSpec
from remit.domain.contract import CalendarDecl, Contract
from remit.domain.schema_marks import (
    Doc,
    Duration,
    Fraction,
    OneOrMany,
    Rrule,
    TimeRanges,
    TimeZoneName,
)

_DURATION = r"^\s*(\d+[dD])?(\d+[hH])?(\d+[mM])?(\d+[sS])?\s*$"
_RANGE = r"^\s*([01]\d|2[0-4]):[0-5]\d\s*-\s*([01]\d|2[0-4]):[0-5]\d\s*$"


def contract_schema() -> dict[str, Any]:
    defs: dict[str, Any] = {}
    root = _object(Contract, defs)
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://remit.dev/schema/contract.json",
        "title": "remit support contract",
        **root,
        "definitions": defs,
    }


def _object(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    props: dict[str, Any] = {}
    required: list[str] = []
    for info in fields_of(cls):
        props[info.name] = _schema(info.hint, defs)
        if info.required:
            required.append(info.name)
    schema: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
    if required:
        schema["required"] = required
    if cls.__doc__ and not cls.__doc__.startswith(f"{cls.__name__}("):
        schema["description"] = cls.__doc__.strip().splitlines()[0]
    return schema


def _schema(hint: Any, defs: dict[str, Any]) -> dict[str, Any]:
    base, marks = split_annotated(hint)
    doc = next((m.text for m in marks if isinstance(m, Doc)), None)
    result = _base_schema(base, marks, defs)
    if doc:
        result = {**result, "description": doc}
    return result


def _base_schema(base: Any, marks: tuple[object, ...], defs: dict[str, Any]) -> dict[str, Any]:
    inner = optional_inner(base)
    if inner is not None:
        return {"anyOf": [_base_schema(inner, marks, defs), {"type": "null"}]}
    if base is CalendarSpec:
        base = CalendarDecl
    if dataclasses.is_dataclass(base) and isinstance(base, type):
        name = base.__name__
        if name not in defs:
            defs[name] = {}
            defs[name] = _object(base, defs)
        return {"$ref": f"#/definitions/{name}"}
    origin = get_origin(base)
    if origin is dict:
        key, value = get_args(base)
        result: dict[str, Any] = {"type": "object", "additionalProperties": _schema(value, defs)}
        key_base, _ = split_annotated(key)
        if isinstance(key_base, type) and issubclass(key_base, Enum):
            result["propertyNames"] = {"enum": [m.value for m in key_base]}
        return result
    if origin is tuple:
        item_marks = tuple(m for m in marks if not isinstance(m, Doc))
        item = (
            _schema(get_args(base)[0], defs)
            if not item_marks
            else _base_schema(split_annotated(get_args(base)[0])[0], item_marks, defs)
        )
        array = {"type": "array", "items": item}
        if any(isinstance(m, OneOrMany | TimeRanges) for m in marks):
            return {"anyOf": [item, array]}
        return array
    return _scalar(base, marks)


def _scalar(base: Any, marks: tuple[object, ...]) -> dict[str, Any]:
    if any(isinstance(m, Duration) for m in marks):
        return {"type": "string", "pattern": _DURATION}
    if any(isinstance(m, Fraction) for m in marks):
        return {
            "anyOf": [
                {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
                {"type": "string", "pattern": r"^\s*\d+(\.\d+)?%\s*$"},
            ]
        }
    if any(isinstance(m, TimeRanges) for m in marks):
        return {"type": "string", "pattern": _RANGE}
    if any(isinstance(m, TimeZoneName | Rrule) for m in marks):
        return {"type": "string"}
    if isinstance(base, type) and issubclass(base, Enum):
        return {"enum": [m.value for m in base]}
    if base is bool:
        return {"type": "boolean"}
    if base is int:
        return {"type": "integer"}
    if base is float:
        return {"type": "number"}
    if base is date:
        return {"type": "string", "format": "date"}
    return {"type": ["string", "number", "boolean"]}  # text fields keep numbers as written
