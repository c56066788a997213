"""Scalars are read as written, and YAML merge keys work with explicit keys winning."""

from __future__ import annotations

from remit.contract import load_contract_text
from remit.domain.contract import ObjectKind

from .broken import BASE, NAME, at, edit, problems


def test_a_version_that_looks_like_a_number_keeps_its_digits() -> None:
    text = edit('version: "1.0"', "version: 15.10")
    assert load_contract_text(text).contract.contract.version == "15.10"


def test_text_fields_keep_numbers_dates_and_booleans_as_written() -> None:
    text = edit("  name: Support agreement", "  name: 2026-01-01")
    text = edit(
        "erp: {kind: application,", "erp: {kind: application, version: 1.10, product: yes,", text
    )
    contract = load_contract_text(text).contract
    assert contract.contract.name == "2026-01-01"
    assert (contract.objects["erp"].version, contract.objects["erp"].product) == ("1.10", "yes")


def test_norway_is_no_not_false() -> None:
    text = edit("{country: DE, subdivision: BE}", "{country: NO}")
    spec = load_contract_text(text).contract.calendars["office"]
    assert spec.holidays[0].country == "NO"


def test_yaml_booleans_are_read_as_booleans() -> None:
    text = edit("customer_confirmation: true", "customer_confirmation: no")
    assert load_contract_text(text).contract.closure.customer_confirmation is False


def test_a_merge_key_fills_in_and_explicit_keys_win() -> None:
    text = edit(
        "objects:\n  srv-1: {kind: server, layers: [os], owner: acme.owner, support_hours: always}",
        "objects:\n"
        "  srv-1: &server {kind: server, layers: [os], owner: acme.owner, support_hours: always,"
        " location: rack A}\n"
        "  srv-2:\n"
        "    <<: *server\n"
        "    location: rack B\n",
    )
    objects = load_contract_text(text).contract.objects
    assert objects["srv-2"].kind is ObjectKind.SERVER
    assert (objects["srv-2"].owner, objects["srv-2"].location) == ("acme.owner", "rack B")
    assert objects["srv-1"].location == "rack A"


def test_merging_a_list_of_mappings_the_earlier_one_wins() -> None:
    text = edit(
        "  os: {kind: os, primary: itp}", "  os: &os {kind: os, primary: itp, description: Base}"
    )
    text = edit(
        "  app: {kind: application, primary: itp}",
        "  app: &app {kind: application, primary: itp}\n  db: {<<: [*app, *os]}",
        text,
    )
    db = load_contract_text(text).contract.layers["db"]
    assert (db.kind.value, db.primary, db.description) == ("application", ("itp",), "Base")


def test_a_merge_of_something_that_is_not_a_mapping() -> None:
    text = edit("  os: {kind: os, primary: itp}", "  os: {<<: [itp], kind: os, primary: itp}")
    assert problems(text) == [
        f"{NAME}:{at(text, 'itp]')}: layers.os: "
        'a merge (<<) takes a mapping or a list of mappings, got "itp"'
    ]


def test_a_duplicate_key_is_not_masked_by_a_merge() -> None:
    text = edit(
        "  os: {kind: os, primary: itp}",
        "  os: &os {kind: os, primary: itp}\n  app2: {<<: *os, kind: dbms, kind: os}",
    )
    line = at(text, "kind: dbms").split(":")[0]
    assert problems(text) == [
        f'{NAME}:{at(text, "kind: os}")}: layers.app2.kind: duplicate key "kind" '
        f"(first at line {line})"
    ]


def test_base_contract_loads_with_marks_for_where() -> None:
    loaded = load_contract_text(BASE, NAME)
    assert loaded.file == NAME
    assert loaded.where("sla.targets[0].recovery") == tuple(
        int(n) for n in at(BASE, "4h").split(":")
    )
    assert loaded.where("sla.targets[0].no_such_field") == tuple(
        int(n) for n in at(BASE, "{priorities: P1").split(":")
    )
