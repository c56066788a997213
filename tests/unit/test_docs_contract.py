"""docs/contract.md documents every class and field of the contract model, and its
examples are valid contract YAML.

The convention the reference follows, which this test enforces:

* Every model class reachable from `Contract` (a `CalendarSpec` is written as
  `CalendarDecl`) has exactly one heading, level 2 to 4, ending in its name in
  backticks and brackets: ``## parties: who is in the contract (`Party`)``.
* The class's section runs from that heading to the next heading of any level.
  In it, each field has exactly one table row whose first cell is the field
  name in backticks, with four non-empty cells: field, type, required, meaning.
* The third cell is exactly ``required`` for a required field and starts with
  ``optional`` otherwise.
* A field whose type involves an enumeration lists every value in backticks in
  its row.
* Every ```yaml block parses; each of its top-level keys is a contract section
  and its value matches that section's JSON Schema; every section has one.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml
from jsonschema import Draft7Validator

from remit.contract import ContractError, load_contract_text
from remit.contract.convert import fields_of, optional_inner, split_annotated
from remit.contract.jsonschema import contract_schema
from remit.domain.calendar import CalendarSpec
from remit.domain.contract import CalendarDecl, Contract

DOC = Path(__file__).resolve().parents[2] / "docs" / "contract.md"
CLASS_HEADING = re.compile(r"^#{2,4} .*\(`(\w+)`\)\s*$")
ANY_HEADING = re.compile(r"^(#{1,6}) (.*)$")
ROW = re.compile(r"^\|\s*`(\w+)`\s*\|")


def _unwrap(hint: Any) -> list[Any]:
    """The dataclasses and enums a field's type mentions, through Annotated/Optional/tuple/dict."""
    base, _ = split_annotated(hint)
    inner = optional_inner(base)
    if inner is not None:
        return _unwrap(inner)
    if base is CalendarSpec:
        return [CalendarDecl]
    if (dataclasses.is_dataclass(base) and isinstance(base, type)) or (
        isinstance(base, type) and issubclass(base, Enum)
    ):
        return [base]
    return [found for arg in get_args(base) for found in _unwrap(arg)]


def _model_classes() -> list[type]:
    found: list[type] = []
    todo: list[type] = [Contract]
    while todo:
        cls = todo.pop(0)
        if cls in found:
            continue
        found.append(cls)
        for info in fields_of(cls):
            todo += [t for t in _unwrap(info.hint) if dataclasses.is_dataclass(t)]
    return found


CLASSES = _model_classes()


def _enums(hint: Any) -> list[type[Enum]]:
    return [t for t in _unwrap(hint) if isinstance(t, type) and issubclass(t, Enum)]


def _prose_lines(text: str) -> list[tuple[str, bool]]:
    """Each line with whether it is outside a fenced code block."""
    lines, fenced = [], False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
            lines.append((line, False))
            continue
        lines.append((line, not fenced))
    return lines


def _sections(text: str) -> dict[str, list[list[str]]]:
    """Lines of each class section, by class name (a list per heading found)."""
    sections: dict[str, list[list[str]]] = {}
    current: list[str] | None = None
    for line, prose in _prose_lines(text):
        if prose and ANY_HEADING.match(line):
            match = CLASS_HEADING.match(line)
            current = [] if match else None
            if match:
                sections.setdefault(match.group(1), []).append(current)
            continue
        if current is not None and prose:
            current.append(line)
    return sections


def _cells(row: str) -> list[str]:
    return [cell.strip() for cell in row.strip().strip("|").split("|")]


def _rows(lines: list[str]) -> dict[str, list[list[str]]]:
    rows: dict[str, list[list[str]]] = {}
    for line in lines:
        match = ROW.match(line)
        if match:
            rows.setdefault(match.group(1), []).append(_cells(line))
    return rows


TEXT = DOC.read_text(encoding="utf-8")
SECTIONS = _sections(TEXT)


def _section(cls: type) -> list[str]:
    found = SECTIONS.get(cls.__name__, [])
    assert len(found) == 1, f"{cls.__name__}: {len(found)} headings ending in (`{cls.__name__}`)"
    return found[0]


def test_the_model_walk_reaches_every_part_of_the_format() -> None:
    names = {cls.__name__ for cls in CLASSES}
    assert {"Contract", "CalendarDecl", "HolidayRule", "ExtraOpen", "Ownership"} <= names
    assert {"BackupDuty", "SubAccount", "Suppression", "Channel", "Trigger"} <= names
    assert "CalendarSpec" not in names


def test_every_documented_class_exists_in_the_model() -> None:
    assert set(SECTIONS) <= {cls.__name__ for cls in CLASSES}


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_every_field_has_exactly_one_row_in_its_class_section(cls: type) -> None:
    rows = _rows(_section(cls))
    fields = [info.name for info in fields_of(cls)]
    missing = [f"{cls.__name__}.{name}" for name in fields if name not in rows]
    unknown = [f"{cls.__name__}.{name}" for name in rows if name not in fields]
    doubled = [f"{cls.__name__}.{name}" for name, found in rows.items() if len(found) > 1]
    assert missing == [], "fields with no row in docs/contract.md"
    assert unknown == [], "rows naming no field of the class"
    assert doubled == [], "fields with more than one row"


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_every_row_has_type_required_and_meaning(cls: type) -> None:
    rows = _rows(_section(cls))
    for info in fields_of(cls):
        cells = rows[info.name][0]
        where = f"{cls.__name__}.{info.name}"
        assert len(cells) == 4, where
        assert all(cells), where
        if info.required:
            assert cells[2] == "required", where
        else:
            assert cells[2].startswith("optional"), where


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_enumerated_fields_list_every_value(cls: type) -> None:
    rows = _rows(_section(cls))
    for info in fields_of(cls):
        row = " | ".join(rows[info.name][0])
        for enum in _enums(info.hint):
            absent = [m.value for m in enum if f"`{m.value}`" not in row]
            assert absent == [], f"{cls.__name__}.{info.name} does not list {absent}"


def _strings(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _strings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_strings(v) for v in value]
    return value


def _yaml_blocks() -> list[str]:
    return re.findall(r"^```yaml\n(.*?)^```$", TEXT, flags=re.MULTILINE | re.DOTALL)


def _snippets() -> list[dict[str, Any]]:
    parsed = [yaml.safe_load(block) for block in _yaml_blocks()]
    return [_strings(p) for p in parsed if p is not None]


def test_every_yaml_example_is_a_part_of_a_contract_that_matches_the_schema() -> None:
    schema = contract_schema()
    sections = schema["properties"]
    problems = []
    for snippet in _snippets():
        assert isinstance(snippet, dict), snippet
        for key, value in snippet.items():
            assert key in sections, f"{key} is not a contract section"
            validator = Draft7Validator({**sections[key], "definitions": schema["definitions"]})
            problems += [f"{key}: {error.message}" for error in validator.iter_errors(value)]
    assert problems == []


def test_every_section_has_a_yaml_example() -> None:
    shown = {key for snippet in _snippets() for key in snippet}
    assert [info.name for info in fields_of(Contract) if info.name not in shown] == []


def test_the_whole_contract_example_loads_without_problems() -> None:
    whole = [
        block
        for block, snippet in zip(_yaml_blocks(), map(yaml.safe_load, _yaml_blocks()), strict=True)
        if isinstance(snippet, dict)
        and {"contract", "parties", "calendars", "layers"} <= set(snippet)
    ]
    assert whole, "docs/contract.md shows no complete contract"
    for block in whole:
        try:
            load_contract_text(block, "docs/contract.md")
        except ContractError as error:
            pytest.fail(str(error))


def test_the_documented_error_message_is_the_one_remit_prints() -> None:
    whole = next(b for b in _yaml_blocks() if b.startswith("contract:"))
    broken = whole + (
        "sla:\n  targets:\n"
        "    - {priorities: [], response: 15m, recovery: 4 hours, calendar: office}\n"
    )
    with pytest.raises(ContractError) as caught:
        load_contract_text(broken, "contract.yaml")
    problem = caught.value.problems[0]
    assert problem.path == "sla.targets[0].recovery"
    assert f"{problem.path}: {problem.message}" in TEXT


def _slug(heading: str) -> str:
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def test_links_inside_the_page_point_at_headings() -> None:
    slugs = {
        _slug(match.group(2))
        for line, prose in _prose_lines(TEXT)
        if prose and (match := ANY_HEADING.match(line))
    }
    targets = re.findall(r"\]\(#([^)]+)\)", TEXT)
    assert targets
    assert [t for t in targets if t not in slugs] == []
