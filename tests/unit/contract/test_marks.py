"""Where values stand in the file: what `remit check` points findings at."""

from __future__ import annotations

from importlib import resources

from remit.contract import load_contract_text

STARTER = resources.files("remit.templates").joinpath("starter.yaml").read_text("utf-8")


def _line_of(text: str, needle: str) -> int:
    return text.splitlines().index(needle) + 1


def test_an_entry_of_a_named_section_is_found_at_its_name() -> None:
    loaded = load_contract_text(STARTER, "c.yaml")
    assert loaded.where("objects.db-main") == (_line_of(STARTER, "  db-main:"), 3)
    assert loaded.where("parties.provider") == (_line_of(STARTER, "  provider:"), 3)


def test_a_field_is_found_at_its_value() -> None:
    loaded = load_contract_text(STARTER, "c.yaml")
    line = _line_of(STARTER, '    version: "16.4"')
    assert loaded.where("objects.db-main.version") == (line, 14)


def test_a_missing_field_falls_back_to_its_nearest_ancestor() -> None:
    loaded = load_contract_text(STARTER, "c.yaml")
    assert loaded.where("objects.db-main.vendor") == loaded.where("objects.db-main")
