"""Every example's appendix: each CSV table parses, each Markdown table keeps its shape."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from pathlib import Path
from typing import get_args

import pytest
from typer.testing import CliRunner

from remit.api import contract_reads
from remit.appendix.build import Appendix, build_appendix
from remit.appendix.render import (
    CSV_HEADER,
    CSV_TABLES,
    WINDOWS_CSV_HEADER,
    render_csv,
    render_markdown,
)
from remit.appendix.sections import HEADERS
from remit.cli import app
from remit.cli.appendix import AppendixTable
from remit.contract import load_contract
from remit.domain.terms import Commercial

EXAMPLES = sorted((Path(__file__).parents[3] / "examples").glob("*.yaml"))
CELL_BORDER = re.compile(r"(?<!\\)\|")


@pytest.fixture(scope="module", params=EXAMPLES, ids=[e.stem for e in EXAMPLES])
def appendix(request: pytest.FixtureRequest) -> Appendix:
    return build_appendix(load_contract(request.param).contract)


@pytest.mark.parametrize("table", CSV_TABLES)
def test_each_csv_table_parses_with_its_header(appendix: Appendix, table: str) -> None:
    rows = list(csv.reader(io.StringIO(render_csv(appendix, table))))
    header = {"objects": CSV_HEADER, "windows": WINDOWS_CSV_HEADER}.get(table) or HEADERS[table]
    assert tuple(rows[0]) == header
    assert len(rows) > 1
    assert {len(r) for r in rows[1:]} == {len(header)}


def test_an_unstated_table_is_its_header_alone() -> None:
    contract = load_contract(EXAMPLES[0]).contract
    silent = build_appendix(dataclasses.replace(contract, commercial=Commercial()))
    assert render_csv(silent, "commercial").splitlines() == ["Term,Value"]


def test_every_markdown_table_keeps_its_shape(appendix: Appendix) -> None:
    tables = 0
    for block in _table_blocks(render_markdown(appendix)):
        widths = [len(CELL_BORDER.findall(line)) for line in block]
        assert len(set(widths)) == 1, block[0]
        assert set(block[1]) <= {"|", "-"}, block[:2]
        tables += 1
    assert tables >= 17


def _table_blocks(text: str) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for line in text.splitlines():
        if line.startswith("|"):
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def test_cli_table_names_are_the_renderers() -> None:
    assert tuple(AppendixTable) == CSV_TABLES


def test_api_table_names_are_the_renderers() -> None:
    assert get_args(contract_reads.AppendixTable) == CSV_TABLES


def test_cli_writes_one_csv_table(tmp_path: Path) -> None:
    runner = CliRunner()
    path = str(EXAMPLES[0])
    result = runner.invoke(app, ["appendix", path, "--format", "csv", "--table", "vendors"])
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == ",".join(HEADERS["vendors"])
    refused = runner.invoke(app, ["appendix", path, "--table", "vendors"])
    assert refused.exit_code == 2
    assert refused.output.count("\n") == 1


def test_the_docs_show_the_examples_client_updates_as_printed() -> None:
    docs = (Path(__file__).parents[3] / "docs" / "appendix.md").read_text("utf-8")
    shown = docs.split("```markdown\n", 1)[1].split("```", 1)[0]
    assert shown.startswith("## Client updates\n")
    contract = load_contract(EXAMPLES[-1]).contract
    assert EXAMPLES[-1].name == "mixed-environment.yaml"
    assert shown in render_markdown(build_appendix(contract))
