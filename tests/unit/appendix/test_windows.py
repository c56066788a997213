"""The appendix's maintenance windows: rule in words, terms, first occurrences in local time."""

from __future__ import annotations

import csv
import dataclasses
import io
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from remit.appendix.build import Appendix, build_appendix
from remit.appendix.render import (
    WINDOWS_CSV_HEADER,
    render_csv,
    render_html,
    render_markdown,
)
from remit.appendix.windows import WindowRow, rule_in_words
from remit.cli import app
from remit.contract import load_contract_text
from remit.domain.contract import Contract, Maintenance

STARTER = resources.files("remit.templates").joinpath("starter.yaml").read_text("utf-8")
SUNDAY = WindowRow(
    name="Sunday patching",
    rule="weekly on Sunday at 06:00",
    duration="2h",
    timezone="Europe/Berlin",
    objects="all objects",
    confirmed_by="Jonas Weber, Internal IT contact, +49 30 5557 1002 (each occurrence, at the desk)",
    during="SLA clocks stop (no breach); they run from the window's end; escalations held until the end",
    occurrences=(
        "Sun 2026-01-04 06:00 CET - 08:00 CET",  # the first Sunday from the effective date
        "Sun 2026-01-11 06:00 CET - 08:00 CET",
        "Sun 2026-01-18 06:00 CET - 08:00 CET",
    ),
)


@pytest.fixture(scope="module")
def contract() -> Contract:
    return load_contract_text(STARTER, "starter.yaml").contract


@pytest.fixture(scope="module")
def appendix(contract: Contract) -> Appendix:
    return build_appendix(contract)


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=30", "weekly on Sunday at 02:30"),
        ("FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=22", "weekly on Tuesday, Thursday at 22:00"),
        ("FREQ=MONTHLY;BYDAY=1SU;BYHOUR=4;BYMINUTE=0", "monthly on the first Sunday at 04:00"),
        ("FREQ=MONTHLY;BYDAY=-1SA;BYHOUR=13", "monthly on the last Saturday at 13:00"),
        ("FREQ=DAILY;BYHOUR=3", "daily at 03:00"),
        (
            "FREQ=MONTHLY;INTERVAL=3;BYDAY=3SU;BYHOUR=3",
            "FREQ=MONTHLY;INTERVAL=3;BYDAY=3SU;BYHOUR=3",
        ),
        ("FREQ=WEEKLY;BYDAY=SU", "FREQ=WEEKLY;BYDAY=SU"),  # no hour: said as written
        ("FREQ=YEARLY;BYMONTH=1;BYHOUR=2", "FREQ=YEARLY;BYMONTH=1;BYHOUR=2"),
    ],
)
def test_simple_rules_are_said_in_words_and_others_as_written(rule: str, words: str) -> None:
    assert rule_in_words(rule) == words


def test_each_window_has_its_terms_and_first_occurrences(appendix: Appendix) -> None:
    assert appendix.windows == (SUNDAY,)


def test_occurrences_follow_the_zone_across_the_spring_change(contract: Contract) -> None:
    built = build_appendix(contract, windows_from=datetime(2026, 3, 21, tzinfo=UTC))
    assert built.windows[0].occurrences == (
        "Sun 2026-03-22 06:00 CET - 08:00 CET",
        "Sun 2026-03-29 06:00 CEST - 08:00 CEST",
        "Sun 2026-04-05 06:00 CEST - 08:00 CEST",
    )


def test_a_contract_agreed_window_with_running_clocks_says_so(contract: Contract) -> None:
    window = dataclasses.replace(
        contract.maintenance.windows[0],
        confirmed_by=None,
        clocks_run=True,
        escalations_fire=True,
        objects=("db-main",),
    )
    changed = dataclasses.replace(contract, maintenance=Maintenance(windows=(window,)))
    [row] = build_appendix(changed).windows
    assert (row.objects, row.confirmed_by, row.during) == (
        "db-main",
        "agreed by this contract",
        "SLA clocks run; escalations fire",
    )


def test_markdown_html_and_csv_list_the_windows(appendix: Appendix) -> None:
    md = render_markdown(appendix)
    assert (
        "| **Sunday patching** | weekly on Sunday at 06:00 (Europe/Berlin) | 2h | all objects |"
    ) in md
    assert "Sun 2026-01-04 06:00 CET - 08:00 CET<br>Sun 2026-01-11" in md
    html = render_html(appendix)
    assert "<h2>Maintenance windows</h2>" in html
    assert "<td>weekly on Sunday at 06:00 (Europe/Berlin)</td>" in html
    rows = list(csv.reader(io.StringIO(render_csv(appendix, "windows"))))
    assert tuple(rows[0]) == WINDOWS_CSV_HEADER
    assert rows[1][0] == "Sunday patching"
    assert rows[1][7] == "; ".join(SUNDAY.occurrences)


def test_a_contract_without_windows_says_every_interruption_is_an_incident(
    contract: Contract,
) -> None:
    bare = build_appendix(dataclasses.replace(contract, maintenance=Maintenance()))
    assert "None agreed: every interruption is an incident." in render_markdown(bare)
    assert render_csv(bare, "windows").splitlines() == [",".join(WINDOWS_CSV_HEADER)]


def test_cli_prints_the_windows_table_as_csv(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(STARTER, encoding="utf-8")
    result = CliRunner().invoke(app, ["appendix", str(path), "-f", "csv", "--table", "windows"])
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == ",".join(WINDOWS_CSV_HEADER)
    objects = CliRunner().invoke(app, ["appendix", str(path), "-f", "csv"])
    assert objects.output.startswith("Object,")
