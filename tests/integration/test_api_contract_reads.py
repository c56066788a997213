"""The drill and the appendix of a stored contract version through the HTTP API, on both
engines: the same answers as `remit drill` and `remit appendix` on the same text, for the
line's people only."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from api_client import ADMIN, COORDINATOR, EXAMPLES, LINES, OTHER_CLIENT, REQUESTER, Served, served
from api_client import problem as _problem
from typer.testing import CliRunner

from remit.bootstrap import Desk
from remit.cli import app as cli

DRILL = "/api/v1/lines/steppe/versions/1/drill"
APPENDIX = "/api/v1/lines/steppe/versions/1/appendix"
NIGHT = {"object": "sql-01", "symptom": "outage", "scope": "organization"}
AT = "2026-03-07T23:00:00+06:00"
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def api(committing_desk: Desk) -> Iterator[Served]:
    with served(committing_desk) as found:
        yield found


def _cli(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_drill_answers_as_the_cli_does_on_the_same_contract(api: Served) -> None:
    answer = api.get(COORDINATOR, DRILL, at=AT, **NIGHT)
    assert answer.status_code == 200, answer.text
    route = answer.json()
    contract = str(EXAMPLES / LINES["steppe"])
    args = ["drill", contract, "--object", "sql-01", "--symptom", "outage"]
    printed = json.loads(_cli(*args, "--scope", "organization", "--at", AT, "--format", "json"))
    assert (route["priority"], route["intake"]["party"]) == ("P1", "osdb")
    assert route["title"] == printed["title"]
    assert route["questions"] == printed["questions"]
    assert [c["layer"] for c in route["layer_checks"]] == [
        c["layer"] for c in printed["layer_checks"]
    ]
    assert route["after_hours"]["outside"] is True


def test_the_drill_gives_markdown_and_text_and_runs_now_without_an_instant(api: Served) -> None:
    markdown = api.get(REQUESTER, DRILL, at=AT, format="md", **NIGHT)
    assert markdown.headers["content-type"].startswith("text/markdown")
    contract = str(EXAMPLES / LINES["steppe"])
    args = ["drill", contract, "--object", "sql-01", "--symptom", "outage"]
    assert markdown.text == _cli(*args, "--scope", "organization", "--at", AT, "--format", "md")
    text = api.get(REQUESTER, DRILL, at=AT, format="text", **NIGHT)
    assert text.headers["content-type"].startswith("text/plain")
    assert text.text == _cli(*args, "--scope", "organization", "--at", AT)
    now = api.get(REQUESTER, DRILL, **NIGHT)
    assert now.status_code == 200, now.text
    assert now.json()["scenario"]["at"] != AT


def test_a_scenario_the_contract_cannot_route_is_a_problem_worded_as_the_cli_words_it(
    api: Served,
) -> None:
    unknown = _problem(api.get(REQUESTER, DRILL, object="no-such-host", scope="user"), 422)
    contract = str(EXAMPLES / LINES["steppe"])
    result = CliRunner().invoke(
        cli, ["drill", contract, "--object", "no-such-host", "--scope", "user", "--at", AT]
    )
    assert result.exit_code == 2
    assert unknown["detail"] in result.output
    _problem(api.get(REQUESTER, DRILL, scope="user"), 422)  # no object at all
    _problem(api.get(REQUESTER, DRILL, at="0001-01-01T00:00:00+00:00", **NIGHT), 422)


def test_the_appendix_comes_in_each_format_the_cli_writes(api: Served) -> None:
    contract = str(EXAMPLES / LINES["steppe"])
    markdown = api.get(REQUESTER, APPENDIX)
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert markdown.text == _cli("appendix", contract)
    html = api.get(REQUESTER, APPENDIX, format="html")
    assert html.headers["content-type"].startswith("text/html")
    assert html.text == _cli("appendix", contract, "--format", "html")
    asked = api.client.get(APPENDIX, headers={**api.as_(REQUESTER), "Accept": "text/html"})
    assert asked.text == html.text
    table = api.get(REQUESTER, APPENDIX, format="csv", table="vendors")
    assert table.headers["content-type"].startswith("text/csv")
    assert table.text == _cli("appendix", contract, "--format", "csv", "--table", "vendors")
    objects = api.client.get(APPENDIX, headers={**api.as_(REQUESTER), "Accept": "text/csv"})
    assert objects.text == _cli("appendix", contract, "--format", "csv")
    _problem(api.get(REQUESTER, APPENDIX, format="md", table="vendors"), 422)


@pytest.mark.parametrize("path", [DRILL, APPENDIX])
def test_another_lines_people_and_the_administrator_find_no_such_line(
    api: Served, path: str
) -> None:
    for email in (OTHER_CLIENT, ADMIN):
        missing = _problem(api.get(email, path, at=AT, **NIGHT), 404)
        nowhere = _problem(api.get(email, path.replace("steppe", "no-such"), at=AT, **NIGHT), 404)
        assert missing["detail"] == nowhere["detail"].replace("no-such", "steppe")
    _problem(api.get(REQUESTER, path.replace("/1/", "/2/"), at=AT, **NIGHT), 404)
    theirs = api.get(OTHER_CLIENT, path.replace("steppe", "thameside"), at=AT, **NIGHT)
    # their own line is theirs to read; its objects are not steppe's, so the drill refuses
    assert theirs.status_code == (200 if path == APPENDIX else 422), theirs.text
