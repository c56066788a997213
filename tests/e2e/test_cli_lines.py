"""Two clients on one desk through the CLI, on both engines: `contract load` infers or
takes the line and refuses another client's line, `contract lines` and `versions
--line` show them, `ticket open` needs `--line` once there are two, `ticket list --line`
shows one line's tickets."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner, Result

from remit.cli import app

EXAMPLES = Path(__file__).parents[2] / "examples"
RETAIL, HOSTING = "sr-it-2026-014", "hmh-msa-2026-0142"
AT = "2026-04-07T09:00:00Z"
OUTAGE = [
    "ticket", "open", "--title", "down", "--symptoms", "nothing answers", "--who", "everyone",
    "--scope", "organization", "--category", "outage", "--at", AT,
]  # fmt: skip


def _invoke(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def _run(*args: str) -> str:
    result = _invoke(*args)
    assert result.exit_code == 0, result.output
    return result.output


def _refused(*args: str) -> str:
    result = _invoke(*args)
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("remit: "), result.stderr
    return result.stderr


def test_two_clients_on_one_desk(desk_url: str) -> None:
    retail = str(EXAMPLES / "mixed-environment.yaml")
    hosting = str(EXAMPLES / "managed-hosting-authorization.yaml")
    assert f"version 1 of new line {RETAIL}" in _run("contract", "load", retail, "--db", desk_url)
    single = _run(
        *OUTAGE, "--requester", "client.it_head", "--object", "hq-esx-01", "--db", desk_url
    )  # one line: it is the default
    assert "#1" in single
    assert f"version 1 of new line {HOSTING}" in _run("contract", "load", hosting, "--db", desk_url)
    refused = _refused("contract", "load", hosting, "--line", RETAIL, "--db", desk_url)
    assert "Steppe Retail LLP" in refused
    assert "Thameside Publishing Ltd" in refused
    assert "--line" in refused
    many = _refused(*OUTAGE, "--requester", "client.digital", "--db", desk_url)
    assert RETAIL in many
    assert HOSTING in many
    _run(
        *OUTAGE, "--requester", "client.digital", "--object", "web-01",
        "--line", HOSTING, "--db", desk_url,
    )  # fmt: skip
    lines = _run("contract", "lines", "--db", desk_url).splitlines()
    assert [line.split()[0] for line in lines] == [HOSTING, RETAIL]
    assert all("version" in line and "1 open tickets" in line for line in lines)
    versions = _run("contract", "versions", "--line", HOSTING, "--db", desk_url).splitlines()
    assert len(versions) == 1
    assert HOSTING in versions[0]
    listed = _run("ticket", "list", "--line", HOSTING, "--at", AT, "--db", desk_url)
    assert "#2" in listed
    assert "#1" not in listed
    assert "#1" in _run("ticket", "list", "--line", RETAIL, "--at", AT, "--db", desk_url)
    assert f"contract line: {HOSTING}" in _run("ticket", "show", "2", "--db", desk_url)
    unknown = _refused("ticket", "list", "--line", "nosuch", "--db", desk_url)
    assert "no contract line 'nosuch'" in unknown
