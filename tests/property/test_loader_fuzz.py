"""Mangled contracts never escape as a traceback.

Hypothesis starts from the starter contract and breaks it the way people and
tools do: lines deleted, repeated, swapped or re-indented, characters and bytes
inserted, values replaced, the file cut short. The loader must either return a
contract or raise `ContractError` with problems on one line each, and
`remit check` must exit 2 exactly when the loader refuses the file (0 or 1 when
it reads it: 1 means the rules found gaps), never with an exception.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from remit.cli import app
from remit.contract import ContractError, Problem, load_contract, load_contract_text

STARTER = resources.files("remit.templates").joinpath("starter.yaml").read_text(encoding="utf-8")
LINES = STARTER.splitlines(keepends=True)
YAML_CHARS = ":-[]{}&*!|>'\"%@`#,?<= \t\n"
BREAKS = "\n\r\x85\u2028\u2029"
RUNS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
RUNNER = CliRunner()

Lines = list[str]

noise = st.text(st.sampled_from(YAML_CHARS) | st.characters(), max_size=12)


@st.composite
def mangled_text(draw: st.DrawFn) -> str:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        lines = draw(st.sampled_from(EDITS))(draw, lines)
    text = "".join(lines)
    if text and draw(st.integers(0, 3)) == 0:
        text = text[: draw(st.integers(0, len(text)))]  # the file cut short
    return text


def _line(draw: st.DrawFn, lines: Lines) -> int:
    return draw(st.integers(0, max(len(lines) - 1, 0)))


def delete_line(draw: st.DrawFn, lines: Lines) -> Lines:
    i = _line(draw, lines)
    return lines[:i] + lines[i + 1 :]


def duplicate_line(draw: st.DrawFn, lines: Lines) -> Lines:
    i = _line(draw, lines)
    return lines[: i + 1] + lines[i : i + 1] + lines[i + 1 :]


def swap_lines(draw: st.DrawFn, lines: Lines) -> Lines:
    i, j = _line(draw, lines), _line(draw, lines)
    out = list(lines)
    if out:
        out[i], out[j] = out[j], out[i]
    return out


def reindent(draw: st.DrawFn, lines: Lines) -> Lines:
    if not lines:
        return lines
    i = _line(draw, lines)
    shift = draw(st.integers(-4, 4))
    body = lines[i].lstrip(" ")
    indent = max(len(lines[i]) - len(body) + shift, 0)
    return [*lines[:i], " " * indent + body, *lines[i + 1 :]]


def insert_noise(draw: st.DrawFn, lines: Lines) -> Lines:
    if not lines:
        return [draw(noise)]
    i = _line(draw, lines)
    at = draw(st.integers(0, len(lines[i])))
    return [*lines[:i], lines[i][:at] + draw(noise) + lines[i][at:], *lines[i + 1 :]]


def replace_value(draw: st.DrawFn, lines: Lines) -> Lines:
    candidates = [i for i, line in enumerate(lines) if ": " in line]
    if not candidates:
        return lines
    i = draw(st.sampled_from(candidates))
    key, _, _ = lines[i].partition(": ")
    value = draw(noise | st.sampled_from(["~", "[]", "{}", "''", "yes", "15.10", "-", "*x", "&a"]))
    return [*lines[:i], f"{key}: {value}\n", *lines[i + 1 :]]


EDITS = [delete_line, duplicate_line, swap_lines, reindent, insert_noise, replace_value]


@st.composite
def mangled_bytes(draw: st.DrawFn) -> bytes:
    data = draw(mangled_text()).encode("utf-8", "surrogatepass")
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at:]
    return data


def assert_well_formed(problems: list[Problem], text: str) -> None:
    assert problems, "a ContractError must name at least one problem"
    most_lines = sum(text.count(b) for b in BREAKS) + 1
    for problem in problems:
        shown = str(problem)
        assert "\n" not in shown, shown
        assert "\r" not in shown, shown
        assert 0 <= problem.line <= most_lines, shown
        assert (problem.line == 0) == (problem.column == 0), shown


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One file the examples of a test overwrite in turn."""
    return tmp_path_factory.mktemp("fuzz") / "contract.yaml"


def problems_of(path: Path) -> list[Problem] | None:
    """The problems `load_contract` names for the file, or None when it loads."""
    try:
        load_contract(path)
    except ContractError as error:
        return error.problems
    return None


def test_the_starter_contract_loads() -> None:
    assert load_contract_text(STARTER).contract.contract.client == "client"


@RUNS
@given(mangled_text())
def test_mangled_text_loads_or_names_its_problems(text: str) -> None:
    problems: list[Problem] | None = None
    try:
        load_contract_text(text, "contract.yaml")
    except ContractError as error:
        problems = error.problems
    if problems is not None:
        assert_well_formed(problems, text)


@RUNS
@given(data=mangled_bytes())
def test_mangled_files_load_or_name_their_problems(data: bytes, scratch: Path) -> None:
    scratch.write_bytes(data)
    problems = problems_of(scratch)
    if problems is not None:
        assert_well_formed(problems, data.decode("utf-8", errors="replace"))


@RUNS
@given(data=mangled_bytes())
def test_remit_check_exits_2_exactly_when_the_contract_cannot_be_read(
    data: bytes, scratch: Path
) -> None:
    scratch.write_bytes(data)
    result = RUNNER.invoke(app, ["check", str(scratch)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    problems = problems_of(scratch)
    if problems is None:
        assert result.exit_code in (0, 1), result.output
        return
    count = len(problems)
    summary = f"{count} problem{'s' if count != 1 else ''}: the contract cannot be used"
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [*map(str, problems), summary]
