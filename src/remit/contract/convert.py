"""Turn a YAML node tree into the typed, frozen contract dataclasses.

Why by hand and not with a validation library: every error must name the file,
line, column and field path of the exact node at fault, all errors of a file
must come out in one run, and scalars must be read as written. Walking the
node tree with the dataclasses' own type hints gives all three with one
declaration per field (see `remit.domain.schema_marks`).
"""

from __future__ import annotations

import dataclasses
import json
import re
import types
import typing
from collections.abc import Callable
from datetime import date
from enum import Enum
from functools import cache
from typing import Annotated, Any, Union, get_args, get_origin

import yaml

from remit.contract.durations import EXAMPLES, parse_duration
from remit.contract.errors import Problem, show
from remit.contract.errors import closest as closest
from remit.contract.errors import did_you_mean as did_you_mean
from remit.contract.scalars import (
    RANGE_EXAMPLE,
    RRULE_EXAMPLE,
    convert_plain,
    parse_fraction,
    parse_rrule,
    parse_time_range,
    parse_timezone,
)
from remit.domain.schema_marks import (
    Duration,
    Fraction,
    OneOrMany,
    Ref,
    Rrule,
    TimeRanges,
    TimeZoneName,
)

INVALID: Any = object()  # marks a value that could not be converted (a problem is recorded)
_NULL = "tag:yaml.org,2002:null"
_MERGE = "tag:yaml.org,2002:merge"


@dataclasses.dataclass(frozen=True, slots=True)
class RefUse:
    """A name that must exist in another section, found at `node`."""

    section: str
    value: str
    path: str
    line: int
    column: int


@dataclasses.dataclass(frozen=True, slots=True)
class FieldInfo:
    name: str
    hint: Any
    required: bool


@dataclasses.dataclass(frozen=True, slots=True)
class ConversionPlan:
    """How to convert one type hint, worked out once per hint: the type-hint
    introspection would otherwise dominate the load time of a large registry."""

    base: Any
    marks: tuple[object, ...]
    kind: str  # "dataclass", "dict", "tuple" or "scalar"
    special: bool = False
    inner: ConversionPlan | None = None  # for `X | None`: the plan of X
    key: ConversionPlan | None = None
    item: ConversionPlan | None = None  # tuple item or dict value
    refs: tuple[str, ...] = ()
    loose: bool = False


_SPECIAL_BASES: set[Any] = set()


def register_special(base: Any) -> None:
    """Mark a type converted by a special function (see `Converter` specials)."""
    _SPECIAL_BASES.add(base)
    plan_of.cache_clear()
    plans_of_fields.cache_clear()


@cache
def plan_of(hint: Any) -> ConversionPlan:
    base, marks = split_annotated(hint)
    inner = optional_inner(base)
    if inner is not None:
        return ConversionPlan(
            base, marks, "optional", inner=plan_of(Annotated[(inner, *marks)] if marks else inner)
        )
    refs = tuple(m.section for m in marks if isinstance(m, Ref))
    if base in _SPECIAL_BASES:
        return ConversionPlan(base, marks, "special", special=True, refs=refs)
    origin = get_origin(base)
    if dataclasses.is_dataclass(base) and isinstance(base, type):
        return ConversionPlan(base, marks, "dataclass", refs=refs)
    if origin is dict:
        key_type, value_type = get_args(base)
        return ConversionPlan(
            base, marks, "dict", key=plan_of(key_type), item=plan_of(value_type), refs=refs
        )
    if origin is tuple:
        item = get_args(base)[0]
        item_marks = tuple(m for m in marks if not isinstance(m, Ref))
        loose = any(isinstance(m, OneOrMany | TimeRanges) for m in marks)
        item_plan = plan_of(Annotated[(item, *item_marks)] if item_marks else item)
        return ConversionPlan(base, marks, "tuple", item=item_plan, refs=refs, loose=loose)
    return ConversionPlan(base, marks, "scalar", refs=refs)


def _time_range_text(text: str) -> str:
    parse_time_range(text)
    return text.strip()


_MARK_PARSERS: dict[type, Callable[[str], Any]] = {
    Duration: parse_duration,
    Fraction: parse_fraction,
    TimeRanges: _time_range_text,
    TimeZoneName: parse_timezone,
    Rrule: parse_rrule,
}


@cache
def fields_of(cls: type) -> tuple[FieldInfo, ...]:
    hints = typing.get_type_hints(cls, include_extras=True)
    return tuple(
        FieldInfo(
            f.name,
            hints[f.name],
            f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING,
        )
        for f in dataclasses.fields(cls)
    )


@cache
def plans_of_fields(cls: type) -> dict[str, tuple[FieldInfo, ConversionPlan]]:
    """Each field of dataclass `cls` by name, with the plan of its hint: looked up once per
    class rather than once per value (hashing an annotated hint is not free)."""
    return {info.name: (info, plan_of(info.hint)) for info in fields_of(cls)}


def split_annotated(hint: Any) -> tuple[Any, tuple[object, ...]]:
    """`Annotated[X, m1, m2]` -> (X, (m1, m2)); nested Annotated are flattened."""
    marks: tuple[object, ...] = ()
    while get_origin(hint) is Annotated:
        args = get_args(hint)
        hint, marks = args[0], marks + tuple(args[1:])
    return hint, marks


def optional_inner(hint: Any) -> Any | None:
    """X for `X | None`, else None."""
    if get_origin(hint) in (Union, types.UnionType):
        args = [a for a in get_args(hint) if a is not type(None)]
        if len(args) == 1 and len(get_args(hint)) == 2:
            return args[0]
    return None


_PLAIN_KEY = re.compile(r"[A-Za-z_][\w-]*")


def path_join(path: str, key: str) -> str:
    if _PLAIN_KEY.fullmatch(key):
        return f"{path}.{key}" if path else key
    return f"{path}[{json.dumps(key, ensure_ascii=False)}]"


def describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == _NULL:
        return "nothing"
    return show(node.value)


class Converter:
    """Converts nodes to values of a type hint, collecting problems and references."""

    def __init__(self, file: str, specials: dict[type, Callable[[Converter, yaml.Node, str], Any]]):
        self.file = file
        self.problems: list[Problem] = []
        self.refs: list[RefUse] = []
        self.marks: dict[str, tuple[int, int]] = {}
        self._specials = specials
        for base in specials:
            if base not in _SPECIAL_BASES:
                register_special(base)

    def error(self, node: yaml.Node, path: str, message: str) -> Any:
        mark = node.start_mark
        self.problems.append(Problem(self.file, mark.line + 1, mark.column + 1, path, message))
        return INVALID

    def error_at(self, path: str, message: str) -> Any:
        """Record a problem at the value converted for `path` (see `marks`)."""
        line, column = self.marks.get(path, (0, 0))
        self.problems.append(Problem(self.file, line, column, path, message))
        return INVALID

    def convert(self, hint: Any, node: yaml.Node, path: str) -> Any:
        return self.run(plan_of(hint), node, path)

    def run(self, plan: ConversionPlan, node: yaml.Node, path: str) -> Any:
        mark = node.start_mark
        self.marks[path] = (mark.line + 1, mark.column + 1)
        if plan.inner is not None:
            if node.tag == _NULL and isinstance(node, yaml.ScalarNode):
                return None
            plan = plan.inner
        if plan.special:
            return self._specials[plan.base](self, node, path)
        value = self._convert_base(plan, node, path)
        if value is not INVALID:
            for section in plan.refs:
                self._note_refs(section, value, node, path)
        return value

    def _note_refs(self, section: str, value: Any, node: yaml.Node, path: str) -> None:
        if isinstance(value, str):
            line, col = node.start_mark.line + 1, node.start_mark.column + 1
            self.refs.append(RefUse(section, value, path, line, col))
            return
        items = node.value if isinstance(node, yaml.SequenceNode) else [node] * len(value)
        for index, (item, item_node) in enumerate(zip(value, items, strict=False)):
            item_path = f"{path}[{index}]" if isinstance(node, yaml.SequenceNode) else path
            line, col = item_node.start_mark.line + 1, item_node.start_mark.column + 1
            self.refs.append(RefUse(section, item, item_path, line, col))

    def _convert_base(self, plan: ConversionPlan, node: yaml.Node, path: str) -> Any:
        if plan.kind == "dataclass":
            return self.dataclass(plan.base, node, path)
        if plan.kind == "dict":
            assert plan.key is not None
            assert plan.item is not None
            return self._mapping(plan.key, plan.item, node, path)
        if plan.kind == "tuple":
            assert plan.item is not None
            return self._sequence(plan.item, node, path, plan.loose)
        if not isinstance(node, yaml.ScalarNode):
            return self.error(
                node, path, f"expected {expected(plan.base, plan.marks)}, got {describe(node)}"
            )
        if node.tag == _NULL:
            return self.error(
                node, path, f"expected {expected(plan.base, plan.marks)}, got nothing"
            )
        return self.scalar(plan.base, plan.marks, node, path)

    def scalar(self, base: Any, marks: tuple[object, ...], node: yaml.ScalarNode, path: str) -> Any:
        text: str = node.value
        try:
            if isinstance(base, type) and issubclass(base, Enum):
                return self.enum(base, node, path)
            for mark in marks:
                parse = _MARK_PARSERS.get(type(mark))
                if parse is not None:
                    return parse(text)
            return convert_plain(base, node)
        except ValueError as exc:
            return self.error(node, path, str(exc))

    def enum(self, base: type[Enum], node: yaml.ScalarNode, path: str) -> Any:
        choices = [str(m.value) for m in base]
        if node.value in choices:
            return base(node.value)
        return self.error(
            node,
            path,
            f"expected one of: {', '.join(choices)}, got {show(node.value)}"
            f"{did_you_mean(node.value, choices)}",
        )

    def sequence(self, item: Any, node: yaml.Node, path: str, loose: bool) -> Any:
        return self._sequence(plan_of(item), node, path, loose)

    def _sequence(self, item: ConversionPlan, node: yaml.Node, path: str, loose: bool) -> Any:
        if isinstance(node, yaml.ScalarNode) and node.tag == _NULL:
            return ()
        if not isinstance(node, yaml.SequenceNode):
            if loose and isinstance(node, yaml.ScalarNode):
                value = self.run(item, node, path)
                return INVALID if value is INVALID else (value,)
            return self.error(node, path, f"expected a list, got {describe(node)}")
        values = [self.run(item, child, f"{path}[{i}]") for i, child in enumerate(node.value)]
        return INVALID if any(v is INVALID for v in values) else tuple(values)

    def mapping(self, key_type: Any, value_type: Any, node: yaml.Node, path: str) -> Any:
        return self._mapping(plan_of(key_type), plan_of(value_type), node, path)

    def _mapping(
        self, key_plan: ConversionPlan, value_plan: ConversionPlan, node: yaml.Node, path: str
    ) -> Any:
        pairs = self.pairs(node, path)
        if pairs is None:
            return INVALID
        result: dict[Any, Any] = {}
        ok = True
        for key_node, value_node in pairs:
            item_path = path_join(path, str(key_node.value))
            value = self.run(value_plan, value_node, item_path)
            key = self.run(key_plan, key_node, item_path)  # an entry is found by its name
            ok = ok and key is not INVALID and value is not INVALID
            result[key] = value
        return result if ok else INVALID

    def pairs(self, node: yaml.Node, path: str) -> list[tuple[yaml.ScalarNode, yaml.Node]] | None:
        """Key/value nodes of a mapping with merges applied; duplicates and odd keys reported."""
        if not isinstance(node, yaml.MappingNode):
            self.error(node, path, f"expected a mapping, got {describe(node)}")
            return None
        seen: dict[str, yaml.ScalarNode] = {}
        result: list[tuple[yaml.ScalarNode, yaml.Node]] = []
        merged = merged_pairs(node)
        for source, message in merged.bad:
            self.error(source, path, message)
        for key_node, value_node in merged.pairs:
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(key_node, path, f"a key must be plain text, got {describe(key_node)}")
                continue
            first = seen.get(key_node.value)
            if first is not None:
                self.error(
                    key_node,
                    path_join(path, key_node.value),
                    f"duplicate key {show(key_node.value)} (first at line {first.start_mark.line + 1})",
                )
                continue
            seen[key_node.value] = key_node
            result.append((key_node, value_node))
        return result

    def dataclass(self, cls: type, node: yaml.Node, path: str) -> Any:
        pairs = self.pairs(node, path)
        if pairs is None:
            return INVALID
        known = plans_of_fields(cls)
        values: dict[str, Any] = {}
        meant: set[str] = set()  # fields an unknown key probably misspells
        ok = True
        for key_node, value_node in pairs:
            entry = known.get(key_node.value)
            if entry is None:
                ok = False
                guess = closest(key_node.value, list(known))
                meant.add(guess or "")
                self.error(
                    key_node,
                    path_join(path, key_node.value),
                    f"unknown field {show(key_node.value)}{did_you_mean(key_node.value, list(known))}",
                )
                continue
            info, plan = entry
            values[info.name] = self.run(plan, value_node, path_join(path, info.name))
        required = (name for name, (info, _) in known.items() if info.required)
        missing = [name for name in required if name not in values and name not in meant]
        ok = ok and not missing
        for name in missing:
            self.error(node, path_join(path, name), f'missing required field "{name}"')
        if not ok or any(v is INVALID for v in values.values()):
            return INVALID
        return cls(**values)


@dataclasses.dataclass(frozen=True, slots=True)
class Merged:
    """The key/value pairs of a mapping with merges applied, and the merges that failed."""

    pairs: list[tuple[yaml.Node, yaml.Node]]
    bad: list[tuple[yaml.Node, str]]  # (merge source node, why it cannot be merged)


def merged_pairs(node: yaml.MappingNode, inside: frozenset[int] = frozenset()) -> Merged:
    """Apply YAML merge keys (``<<: *defaults``); explicit keys win over merged ones.

    `inside` holds the mappings being merged into, so a merge that includes itself
    is reported instead of recursing forever.
    """
    if not any(k.tag == _MERGE for k, _ in node.value):
        return Merged(node.value, [])
    inside = inside | {id(node)}
    own = [(k, v) for k, v in node.value if k.tag != _MERGE]
    explicit = {k.value for k, _ in own if isinstance(k, yaml.ScalarNode)}
    inherited: list[tuple[yaml.Node, yaml.Node]] = []
    bad: list[tuple[yaml.Node, str]] = []
    for source in _merge_sources(node):
        if not isinstance(source, yaml.MappingNode):
            bad.append(
                (
                    source,
                    f"a merge (<<) takes a mapping or a list of mappings, got {describe(source)}",
                )
            )
            continue
        if id(source) in inside:
            bad.append((source, "a merge (<<) cannot include the mapping it is in"))
            continue
        merged = merged_pairs(source, inside)
        bad.extend(merged.bad)
        taken = explicit | {k.value for k, _ in inherited if isinstance(k, yaml.ScalarNode)}
        inherited.extend(
            (k, v)
            for k, v in merged.pairs
            if not isinstance(k, yaml.ScalarNode) or k.value not in taken
        )
    return Merged(inherited + own, bad)


def _merge_sources(node: yaml.MappingNode) -> list[yaml.Node]:
    merges = [v for k, v in node.value if k.tag == _MERGE]
    return [m for merge in merges for m in _as_list(merge)]


def _as_list(node: yaml.Node) -> list[yaml.Node]:
    return list(node.value) if isinstance(node, yaml.SequenceNode) else [node]


def expected(base: Any, marks: tuple[object, ...]) -> str:
    described = {
        Duration: f"a duration like {EXAMPLES}",
        Fraction: 'a share like "50%"',
        TimeRanges: f"hours like {RANGE_EXAMPLE}",
        TimeZoneName: 'an IANA time zone like "Europe/Berlin"',
        Rrule: f"a recurrence rule like {RRULE_EXAMPLE}",
    }
    for mark in marks:
        if type(mark) in described:
            return described[type(mark)]
    if isinstance(base, type) and issubclass(base, Enum):
        return "one of: " + ", ".join(str(m.value) for m in base)
    names = {
        str: "text",
        int: "a whole number",
        float: "a number",
        bool: "true or false",
        date: 'a date like "2026-01-31"',
    }
    return names.get(base, "a value")
