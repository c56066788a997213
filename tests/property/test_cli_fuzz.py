"""Every command's arguments, fuzzed: the command line answers, refuses or reports, never crashes.

The command tree is walked, so a new command or option is fuzzed without a change
here. Each example is one command line: the words down to a command, then options
drawn from that command's own (names, enum choices, numbers) with values that are
plausible or odd (empty, blank, NUL, huge numbers, dates past 9999, negative
durations, other scripts), and its arguments. It runs in-process against a SQLite
desk with the starter contract and two tickets. An exception that escapes a
command is what `remit.cli.main` reports as "internal error" and exit 70; none may.

`demo` is left out: it builds its own desk and would take most of the time budget;
`worker` always gets --once and gives up after one failed sweep, so it ends.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from remit.cli import EXIT_INTERNAL, app

SKIPPED = {("demo",)}
ODD = [
    "", " ", "\t", "\x00", "a\x00b", "\n", "-", "--", "0", "-1", "-0", "1.5", "nan", "1e309",
    "9" * 25, "-" + "9" * 25, "9999-12-31T23:59:59-14:00", "0001-01-01T00:00+00:00",
    "10000-01-01T00:00Z", "2026-02-30T10:00Z", "2026-03-08T02:10", "-30m", "999999999d",
    "99999999999999999999s", "0m", "Ω", "🙂", "ü" * 300, "/", "../", ".", "nosuch",
    "sqlite://", "sqlite:///", "sqlite:////nonexistent-dir/x.db", "foo://bar",
]  # fmt: skip
PLAUSIBLE = [
    "1", "2", "3", "provider", "client", "client.it", "client.owner", "developer", "erp",
    "db-main", "outage", "office", "always", "organization", "user", "P1", "no_access",
    "2026-03-08T02:10:00+01:00", "2026-03-08T09:30:00Z", "30m", "4h", "1d", "1000d", "0003",
    "base", "2026-01-01", "8999-12-31T23:00:00Z", "1970-01-01T00:00:00Z", "dbms",
    "application", "infrastructure", "ES-4711", "1h30m", "2026-03-08T01:00:00Z/2026-03-08T02:00Z",
]  # fmt: skip
RUNS = settings(
    max_examples=250,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def commands(node: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every runnable command as its chain of nodes (groups first, the command last)."""
    if not hasattr(node, "commands"):
        yield (node,)
        return
    for name, child in sorted(node.commands.items()):
        if (*path, name) in SKIPPED:
            continue
        for chain in commands(child, (*path, name)):
            yield (node, *chain)


def command_names(chain: tuple[Any, ...]) -> list[str]:
    return [c.name for c in chain[1:]]


ROOT = typer.main.get_command(app)
ROOT.load_all()  # type: ignore[attr-defined] - the root imports each command when it runs
CHAINS = list(commands(ROOT))


def choices(param: Any) -> list[str]:
    kind = param.bare_type() if callable(getattr(param, "bare_type", None)) else None
    if isinstance(kind, type) and issubclass(kind, Enum):
        return [str(member.value) for member in kind]
    return list(getattr(getattr(param, "type", None), "choices", None) or [])


@st.composite
def value_for(draw: st.DrawFn, param: Any, places: dict[str, str]) -> str:
    known = choices(param)
    pools: list[st.SearchStrategy[str]] = [
        st.sampled_from(ODD),
        st.sampled_from(PLAUSIBLE + list(places.values())),
        st.text(max_size=8),
        st.integers(-(2**70), 2**70).map(str),
    ]
    if known:
        pools = [st.sampled_from(known)] * 3 + pools
    if param.name == "db":
        pools = [st.just(places["db"])] * 6 + pools
    if param.name in {"contract", "file", "path", "output"}:
        pools = [st.just(places["contract"])] * 4 + pools
    return draw(st.one_of(pools))


@st.composite
def words_for(draw: st.DrawFn, node: Any, places: dict[str, str]) -> list[str]:
    """A node's own options and arguments: required ones mostly, others sometimes."""
    options: list[str] = []
    arguments: list[str] = []
    for param in node.params:
        if not draw(st.integers(0, 9)) < (9 if param.required else 3):
            continue
        if param.param_type_name == "argument":
            arguments.append(draw(value_for(param, places)))
            continue
        name = max(param.opts, key=len)
        if getattr(param, "is_flag", False):
            options.append(name)
            continue
        for _ in range(draw(st.integers(1, 2)) if param.multiple else 1):
            options += [name, draw(value_for(param, places))]
    if draw(st.booleans()):
        return arguments + options
    return options + arguments


@st.composite
def command_lines(draw: st.DrawFn, places: dict[str, str]) -> list[str]:
    chain = draw(st.sampled_from(CHAINS))
    names = command_names(chain)
    line: list[str] = []
    for node, name in zip(chain[1:], names, strict=True):
        line.append(name)
        line += draw(words_for(node, places))
    if names == ["worker"]:
        line += ["--once", "--interval", "0", "--give-up-after", "1"]
    return line


@contextmanager
def inside(folder: Path) -> Iterator[None]:
    """Relative paths (init's, the default database) land in the throwaway folder."""
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A throwaway desk: the starter contract loaded, two tickets open, one taken."""
    root = tmp_path_factory.mktemp("fuzz")
    db, contract = f"sqlite:///{root / 'desk.db'}", str(root / "contract.yaml")
    opening = [
        "ticket", "open", "--requester", "client.it", "--title", "ERP down", "--symptoms", "x",
        "--who", "everyone", "--scope", "organization", "--category", "outage", "--object", "erp",
        "--at", "2026-03-08T02:10:00+01:00", "--db", db,
    ]  # fmt: skip
    for args in (
        ["init", contract],
        ["db", "upgrade", "--db", db],
        ["contract", "load", contract, "--db", db],
        opening,
        opening,
        ["ticket", "take", "1", "--by", "provider.desk", "--db", db],
    ):
        assert CliRunner().invoke(app, args).exit_code == 0, args
    return {"db": db, "contract": contract, "root": str(root)}


def test_the_walk_finds_the_desk_and_contract_commands() -> None:
    found = {" ".join(command_names(chain)) for chain in CHAINS}
    assert {"check", "clock due", "ticket open", "audit verify", "worker"} <= found


@RUNS
@given(data=st.data())
def test_no_command_line_escapes_as_an_internal_error(
    places: dict[str, str], data: st.DataObject
) -> None:
    line = data.draw(command_lines(places), label="command line")
    with inside(Path(places["root"])):
        result = CliRunner().invoke(app, line)
    escaped = result.exception is not None and not isinstance(result.exception, SystemExit)
    assert not escaped, f"{line!r} raised {result.exception!r}"
    assert result.exit_code != EXIT_INTERNAL, (line, result.stderr)
    assert "Traceback" not in result.output, (line, result.output)
