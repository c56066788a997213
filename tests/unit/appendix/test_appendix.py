"""The appendix: object rows (priority from criticality, SLA per category), matrix, formats."""

from __future__ import annotations

import csv
import dataclasses
import io
from importlib import resources

import pytest
from typer.testing import CliRunner

from remit.appendix.build import Appendix, build_appendix
from remit.appendix.labels import calendar_label
from remit.appendix.render import CSV_HEADER, render_csv, render_html, render_markdown
from remit.cli import app
from remit.contract import load_contract_text
from remit.domain.contract import Contract, Criticality
from remit.domain.terms import Override, Sla

STARTER = resources.files("remit.templates").joinpath("starter.yaml").read_text("utf-8")


@pytest.fixture(scope="module")
def contract() -> Contract:
    return load_contract_text(STARTER, "starter.yaml").contract


@pytest.fixture(scope="module")
def appendix(contract: Contract) -> Appendix:
    return build_appendix(contract)


def test_one_row_per_object_with_owner_hours_priority(appendix: Appendix) -> None:
    rows = {r.name: r for r in appendix.objects}
    assert list(rows) == ["srv-app-01", "db-main", "erp", "bank-export"]
    db = rows["db-main"]
    assert db.owner == "Jonas Weber, Internal IT contact, +49 30 5557 1002"
    assert (db.executor, db.support_hours, db.priority) == (
        "provider",
        "24/7 (always)",
        "P1 (critical)",
    )
    assert rows["erp"].priority == "P2 (high)"
    assert rows["erp"].support_hours == "Mon-Fri 08:00-18:00 (office)"


def test_sla_per_category_for_the_objects_priority(appendix: Appendix) -> None:
    rows = {r.name: r for r in appendix.objects}
    assert rows["db-main"].sla == (
        "outage: 15m / 4h (always)",
        "degradation: 1h / 10h (office)",
        "request: 10h / 100h (office)",
        "integration: 15m / 4h (always)",
    )
    assert rows["erp"].sla[0] == "outage: 1h / 8h (office)"


def test_an_override_shows_in_the_objects_sla(contract: Contract) -> None:
    override = Override(
        objects=("erp",), calendar="always", categories=("outage",), response=600, recovery=7200
    )
    changed = dataclasses.replace(
        contract, sla=dataclasses.replace(contract.sla, overrides=(override,))
    )
    rows = {r.name: r for r in build_appendix(changed).objects}
    assert rows["erp"].sla[0] == "outage: 10m / 2h (always)"
    assert rows["bank-export"].sla[0] == "outage: 1h / 8h (office)"


def test_objects_without_criticality_or_targets_say_so(contract: Contract) -> None:
    objects = {
        **contract.objects,
        "erp": dataclasses.replace(contract.objects["erp"], criticality=None),
    }
    changed = dataclasses.replace(contract, objects=objects, sla=Sla())
    rows = {r.name: r for r in build_appendix(changed).objects}
    assert rows["erp"].priority == "not derivable"
    assert rows["erp"].sla == ("no criticality, so no priority",)
    assert rows["db-main"].sla[0] == "outage: no target"


@pytest.mark.parametrize(
    ("criticality", "priority"),
    [
        (Criticality.CRITICAL, "P1"),
        (Criticality.HIGH, "P2"),
        (Criticality.MEDIUM, "P3"),
        (Criticality.LOW, "P4"),
    ],
)
def test_priority_is_the_matrix_cell_of_the_criticality(
    contract: Contract, criticality: Criticality, priority: str
) -> None:
    objects = {
        "erp": dataclasses.replace(contract.objects["erp"], criticality=criticality, depends_on=())
    }
    [row] = build_appendix(dataclasses.replace(contract, objects=objects)).objects
    assert row.priority == f"{priority} ({criticality.value})"


def test_responsibility_matrix_is_layer_by_party(appendix: Appendix) -> None:
    assert appendix.matrix_parties == ("client", "provider", "developer")
    matrix = dict(appendix.matrix)
    assert matrix["application"] == ("", "secondary", "primary")
    assert matrix["dbms"] == ("", "primary", "")
    assert (
        "developer",
        "application code; business rules; integrations",
        "servers; network",
    ) in appendix.responsible_for


def test_calendar_labels(contract: Contract) -> None:
    assert calendar_label(contract.calendars["always"]) == "24/7 (Europe/Berlin)"
    assert calendar_label(contract.calendars["office"]) == (
        "Mon-Fri 08:00-18:00 (Europe/Berlin); closed on public holidays DE-BE"
    )


def test_markdown_has_every_section(appendix: Appendix) -> None:
    text = render_markdown(appendix)
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Parties",
        "## Who may open requests",
        "## Supported objects",
        "## Responsibility matrix",
        "## Calendars",
        "## Priority matrix",
        "## After-hours coverage",
        "## Client updates",
        "## Backups",
        "## Maintenance windows",
        "## Escalation contacts",
        "## Vendor handling",
        "## Access order",
        "## Change procedure",
        "## Pause rules",
        "## Customer duties",
        "## Commercial terms",
        "## Exclusions",
        "## Signatures",
    ]
    assert "| Layer | client | provider | developer |" in text
    assert "| application | - | secondary | primary |" in text
    assert "- User training" in text


def test_csv_is_the_object_table(appendix: Appendix) -> None:
    rows = list(csv.reader(io.StringIO(render_csv(appendix))))
    assert tuple(rows[0]) == CSV_HEADER
    assert [r[0] for r in rows[1:]] == ["srv-app-01", "db-main", "erp", "bank-export"]
    assert rows[2][6].startswith("outage: 15m / 4h (always); degradation")


def test_html_escapes_contract_text(contract: Contract) -> None:
    info = dataclasses.replace(contract.contract, name="Support <b>&</b> hosting")
    html = render_html(build_appendix(dataclasses.replace(contract, contract=info)))
    assert "<h1>Support &lt;b&gt;&amp;&lt;/b&gt; hosting</h1>" in html
    assert "@media print" in html
    assert "<script" not in html


def test_cli_writes_each_format(tmp_path: object) -> None:
    path = f"{tmp_path}/c.yaml"
    with open(path, "w", encoding="utf-8") as f:
        f.write(STARTER)
    runner = CliRunner()
    md = runner.invoke(app, ["appendix", path])
    assert md.exit_code == 0
    assert md.output.startswith("# IT support agreement, Example Ltd")
    out = f"{tmp_path}/a.html"
    html = runner.invoke(app, ["appendix", path, "--format", "html", "--output", out])
    assert html.exit_code == 0
    with open(out, encoding="utf-8") as f:
        assert f.read().startswith("<!DOCTYPE html>")
    assert runner.invoke(app, ["appendix", f"{tmp_path}/missing.yaml"]).exit_code == 2
