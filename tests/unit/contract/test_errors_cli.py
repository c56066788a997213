"""`remit check` on contracts that cannot be used: exit 2, every problem on stderr, sorted.

The installed typer's `CliRunner` keeps stdout and stderr apart (`result.stdout`,
`result.stderr`; `result.output` interleaves both), so each stream is asserted
exactly.
"""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from remit.cli import app

from .broken import BASE, at, edit, spelled


def check(runner: CliRunner, path: Path) -> tuple[int, str, str]:
    result = runner.invoke(app, ["check", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "contract.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_problem_of_a_file_comes_out_in_one_run_sorted_by_line(
    runner: CliRunner, tmp_path: Path
) -> None:
    text = edit("retention_years: 5", "retention_years: five")
    text = edit("timezone: Europe/Berlin", "timezone: Europe/Berln", text)
    text = edit("recovery: 4h,", "recovery: 4 hours,", text)
    text = edit("  client: acme", "  client: acne", text)
    text = edit("{kind: server,", "{kind: servr,", text)
    path = write(tmp_path, text)
    code, out, err = check(runner, path)
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f'{path}:{at(text, "acne")}: contract.client: unknown party "acne" (did you mean "acme"?)',
        f"{path}:{at(text, 'Europe/Berln')}: calendars.office.timezone: "
        'unknown time zone "Europe/Berln" (did you mean "Europe/Berlin"?)',
        f"{path}:{at(text, 'servr')}: objects.srv-1.kind: expected one of: server, workstation, "
        "virtual_machine, storage, network_device, operating_system, dbms, application, "
        "integration, web_server, mail, directory, domain_controller, terminal_server, backup, "
        'service, got "servr" (did you mean "server"?)',
        f"{path}:{at(text, '4 hours')}: sla.targets[0].recovery: "
        'expected a duration like "4h", "30m" or "1h30m", got "4 hours" (did you mean "4h"?)',
        f'{path}:{at(text, "five")}: records.retention_years: expected a whole number, got "five"',
        "5 problems: the contract cannot be used",
    ]


def test_problems_on_one_line_are_sorted_by_column(runner: CliRunner, tmp_path: Path) -> None:
    text = edit("{kind: server, layers: [os],", "{kind: servr, layers: [oss],")
    path = write(tmp_path, text)
    code, _, err = check(runner, path)
    lines = err.splitlines()
    assert code == 2
    assert [line.split(": ")[1] for line in lines[:-1]] == [
        "objects.srv-1.kind",
        "objects.srv-1.layers[0]",
    ]
    assert lines[0].startswith(f"{path}:{at(text, 'servr')}: ")
    assert lines[1].startswith(f"{path}:{at(text, 'oss')}: ")


def test_a_file_that_does_not_exist(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "nowhere.yaml"
    assert check(runner, path) == (
        2,
        "",
        f"{path}: no such file\n1 problem: the contract cannot be used\n",
    )


def test_a_directory(runner: CliRunner, tmp_path: Path) -> None:
    assert check(runner, tmp_path) == (
        2,
        "",
        f"{tmp_path}: this is a directory, not a contract file\n"
        "1 problem: the contract cannot be used\n",
    )


def test_an_empty_file(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "")
    assert check(runner, path) == (
        2,
        "",
        f"{path}:1:1: the file is empty; a contract needs contract, parties, calendars and layers\n"
        "1 problem: the contract cannot be used\n",
    )


def test_a_binary_file(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "contract.yaml"
    path.write_bytes(b"PK\x03\x04\x14\x00\x00\x00")
    assert check(runner, path) == (
        2,
        "",
        f"{path}:1:6: this is a binary file (a NUL byte here), not a YAML contract\n"
        "1 problem: the contract cannot be used\n",
    )


def test_a_file_that_is_not_utf8(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "contract.yaml"
    text = edit("name: Ada Owner", "name: Ada Ørsted")
    path.write_bytes(text.encode("cp1252"))
    assert check(runner, path) == (
        2,
        "",
        f"{path}:{at(text, 'Ø')}: the file is not UTF-8 text (byte 0xD8 here); save it as UTF-8\n"
        "1 problem: the contract cannot be used\n",
    )


def test_invalid_yaml(runner: CliRunner, tmp_path: Path) -> None:
    text = edit("  client: acme", "  client: [acme")
    path = write(tmp_path, text)
    code, out, err = check(runner, path)
    assert (code, out) == (2, "")
    assert err == (
        f"{path}:{at(text, ':' + chr(10) + '  acme:')}: invalid YAML: "
        f"did not find expected ',' or ']' (while parsing a flow sequence that starts at "
        f"{spelled(text, '[acme')})\n"
        "1 problem: the contract cannot be used\n"
    )


def test_a_contract_that_loads_is_not_refused(runner: CliRunner, tmp_path: Path) -> None:
    code, _, err = check(runner, write(tmp_path, BASE))
    assert code in (0, 1)  # 1: the rules found gaps, which is not a reading problem
    assert "cannot be used" not in err
