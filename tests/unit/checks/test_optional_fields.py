"""docs/contract.md and `remit check` agree: a field the file loads without, but whose
absence check reports, says so in its row with the rule's code and severity."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from remit.checks.registry import BY_CODE
from remit.checks.runner import Report

DOC = (Path(__file__).parents[3] / "docs" / "contract.md").read_text("utf-8")

# (path of the field in the starter contract, heading class of its table, rule code)
CHECKED_OPTIONAL = [
    (("objects", "erp", "owner"), "SupportObject", "RM110"),
    (("objects", "erp", "executor"), "SupportObject", "RM111"),
    (("objects", "erp", "location"), "SupportObject", "RM112"),
    (("objects", "erp", "environment"), "SupportObject", "RM113"),
    (("objects", "erp", "criticality"), "SupportObject", "RM114"),
    (("objects", "db-main", "version"), "SupportObject", "RM115"),
    (("scope", "environments"), "Scope", "RM121"),
    (("scope", "exclusions"), "Scope", "RM123"),
    (("pauses",), "Contract", "RM302"),
    (("coordination",), "Contract", "RM309"),
    (("backups",), "Contract", "RM401"),
]


def _row(cls: str, field: str) -> str:
    section = re.search(rf"^#{{2,4}} .*\(`{cls}`\)\s*$(.*?)(?=^#)", DOC, re.M | re.S)
    assert section, cls
    [row] = [r for r in section.group(1).splitlines() if r.startswith(f"| `{field}` |")]
    return row


@pytest.mark.parametrize(("path", "cls", "code"), CHECKED_OPTIONAL, ids=lambda v: str(v))
def test_docs_say_check_reports_the_missing_field(
    path: tuple[str, ...],
    cls: str,
    code: str,
    starter: dict[str, Any],
    check: Callable[..., Report],
) -> None:
    node = starter
    for key in path[:-1]:
        node = node[key]
    del node[path[-1]]
    assert code in {f.code for f in check(starter).findings}
    required = _row(cls, path[-1]).split("|")[3]
    assert required.strip().startswith("optional to load")
    assert f"({code}, {BY_CODE[code].severity.value})" in required
