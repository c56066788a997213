"""docs/checks.md has an entry for every registered code, with rationale, example and fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from remit.checks.model import Rule
from remit.checks.registry import RULES

DOC = (Path(__file__).parents[3] / "docs" / "checks.md").read_text("utf-8")
ENTRIES = dict(re.findall(r"^## (RM\d{3}) .*?\n(.*?)(?=^## |\Z)", DOC, flags=re.M | re.S))


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_code_has_a_catalogue_entry(rule: Rule) -> None:
    code = rule.code
    assert code in ENTRIES, f"docs/checks.md has no entry for {code}"
    entry = ENTRIES[code]
    for heading in ("#### Rationale", "#### Example", "#### Fix"):
        assert heading in entry, f"{code}: no {heading!r} section"
    assert "```yaml" in entry, f"{code}: the example has no contract snippet"


def test_catalogue_lists_no_unknown_code() -> None:
    assert set(ENTRIES) <= {r.code for r in RULES}


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_traces_to_a_source_document(rule: Rule) -> None:
    assert rule.seed in {"000", "001", "002", "003", "004"}


def test_codes_and_names_are_unique() -> None:
    assert len({r.code for r in RULES}) == len(RULES)
    assert len({r.name for r in RULES}) == len(RULES)


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_entry_names_its_source_in_words(rule: Rule) -> None:
    first = ENTRIES[rule.code].strip().splitlines()[0]
    assert f"source: {rule.source}" in first
    assert "source document" not in ENTRIES[rule.code]
