"""Two clients on one desk: each contract is its own line, and nothing of one line is
seen through the other (list, count, show by id, due work, actions, links), on both
engines."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from remit.bootstrap import Desk
from remit.domain.errors import InvalidInput, NotFound
from remit.domain.lines import LineScope
from remit.domain.terms import Impact
from remit.services import tickets
from remit.services.contracts import LoadedVersion, list_contract_versions, load_contract_version
from remit.services.coordination import vendor_case
from remit.services.incidents import link_ticket
from remit.services.intake import Intake, open_ticket
from remit.services.lines import list_lines
from remit.services.views import TicketSummary

EXAMPLES = Path(__file__).parents[2] / "examples"
RETAIL, HOSTING = "sr-it-2026-014", "hmh-msa-2026-0142"  # inferred from the references
LOADED_AT = datetime(2026, 1, 1, tzinfo=UTC)
T0 = datetime(2026, 4, 7, 9, 0, tzinfo=UTC)  # a Tuesday, both contracts in force


def _text(name: str) -> str:
    return (EXAMPLES / name).read_text(encoding="utf-8")


def _load(desk: Desk, text: str, line: str | None = None) -> LoadedVersion:
    return load_contract_version(
        uow=desk.new_uow(),
        text=text,
        source_name="contract.yaml",
        actor="test",
        now=LOADED_AT,
        line=line,
    )


def _retail_outage(desk: Desk) -> TicketSummary:
    intake = Intake(
        requester="client.it_head",
        title="Virtualization host down",
        symptoms="every VM on hq-esx-01 is unreachable",
        who_cannot_work="the head office",
        scope=Impact.ORGANIZATION,
        category="outage",
        objects=("hq-esx-01",),
    )
    return open_ticket(uow=desk.new_uow(), intake=intake, now=T0, line=RETAIL)


def _hosting_outage(desk: Desk) -> TicketSummary:
    intake = Intake(
        requester="client.digital",
        title="Shop down",
        symptoms="web-01 answers 502",
        who_cannot_work="every customer of the shop",
        scope=Impact.ORGANIZATION,
        category="outage",
        objects=("web-01",),
    )
    return open_ticket(uow=desk.new_uow(), intake=intake, now=T0, line=HOSTING)


@pytest.fixture
def two_clients(desk: Desk) -> tuple[LoadedVersion, LoadedVersion]:
    retail = _load(desk, _text("mixed-environment.yaml"))
    hosting = _load(desk, _text("managed-hosting-authorization.yaml"))
    return retail, hosting


def _line_ids(desk: Desk) -> dict[str, int]:
    with desk.new_uow() as uow:
        return {row.key: row.id for row in uow.lines.all()}


def test_each_client_contract_is_version_one_of_its_own_line(
    desk: Desk, two_clients: tuple[LoadedVersion, LoadedVersion]
) -> None:
    retail, hosting = two_clients
    assert (retail.line, retail.number, retail.line_created) == (RETAIL, 1, True)
    assert (hosting.line, hosting.number, hosting.line_created) == (HOSTING, 1, True)
    assert retail.version_id != hosting.version_id  # ids stay one sequence on the desk
    # both have a party called `client`: the directory is per line
    assert retail.counts["parties"] == 5
    assert hosting.counts["parties"] == 6
    lines = {line.key: line for line in list_lines(uow=desk.new_uow(), day=T0.date())}
    assert lines[RETAIL].client == "Steppe Retail LLP"
    assert lines[HOSTING].client == "Thameside Publishing Ltd"
    assert (lines[RETAIL].version_id, lines[RETAIL].version_number) == (retail.version_id, 1)
    assert (lines[HOSTING].version_id, lines[HOSTING].version_number) == (hosting.version_id, 1)
    for key, loaded in ((RETAIL, retail), (HOSTING, hosting)):
        versions = list_contract_versions(uow=desk.new_uow(), line=key)
        assert [v.version_id for v in versions] == [loaded.version_id]


def test_a_second_version_of_the_same_client_lands_on_its_line(
    desk: Desk, two_clients: tuple[LoadedVersion, LoadedVersion]
) -> None:
    retail, _ = two_clients
    text = _text("mixed-environment.yaml").replace('version: "2026.2"', 'version: "2026.3"')
    second = _load(desk, text)
    assert (second.line, second.number, second.line_created) == (RETAIL, 2, False)
    versions = list_contract_versions(uow=desk.new_uow(), line=RETAIL)
    assert [(v.number, v.label) for v in versions] == [(1, "2026.2"), (2, "2026.3")]
    named = _load(desk, text.replace('"2026.3"', '"2026.4"'), line=RETAIL)
    assert (named.line, named.number, named.line_created) == (RETAIL, 3, False)
    again = _load(desk, text)
    assert (again.version_id, again.number, again.new) == (second.version_id, 2, False)
    assert [v.number for v in list_contract_versions(uow=desk.new_uow(), line=HOSTING)] == [1]
    assert retail.version_id < second.version_id < named.version_id


def test_another_clients_contract_is_refused_on_a_line_naming_both(
    desk: Desk, two_clients: tuple[LoadedVersion, LoadedVersion]
) -> None:
    before = list_contract_versions(uow=desk.new_uow())
    text = _text("managed-hosting-authorization.yaml").replace("2026.1", "2026.9")
    with pytest.raises(InvalidInput) as refused:
        _load(desk, text, line=RETAIL)
    message = str(refused.value)
    assert "Steppe Retail LLP" in message
    assert "Thameside Publishing Ltd" in message
    assert "--line" in message
    assert list_contract_versions(uow=desk.new_uow()) == before
    # a contract whose reference names another client's line is refused the same way
    borrowed = _text("managed-hosting-authorization.yaml").replace(
        "reference: HMH-MSA-2026-0142", "reference: SR-IT-2026/014"
    )
    with pytest.raises(InvalidInput, match="Steppe Retail LLP"):
        _load(desk, borrowed)
    # a new key starts a new line for it
    fresh = _load(desk, borrowed, line="thameside-2")
    assert (fresh.line, fresh.line_created) == ("thameside-2", True)


def test_a_line_key_must_be_a_slug(desk: Desk) -> None:
    with pytest.raises(InvalidInput, match="not a line key"):
        _load(desk, _text("mixed-environment.yaml"), line="Steppe Retail")


def test_opening_a_ticket_needs_the_line_when_the_desk_holds_several(
    desk: Desk, two_clients: tuple[LoadedVersion, LoadedVersion]
) -> None:
    intake = Intake(
        requester="client.it_head",
        title="x",
        symptoms="x",
        who_cannot_work="x",
        scope=Impact.USER,
        category="outage",
    )
    with pytest.raises(InvalidInput) as refused:
        open_ticket(uow=desk.new_uow(), intake=intake, now=T0)
    assert RETAIL in str(refused.value)
    assert HOSTING in str(refused.value)
    with pytest.raises(InvalidInput, match="no contract line 'nosuch'"):
        open_ticket(uow=desk.new_uow(), intake=intake, now=T0, line="nosuch")
    # the other line's contract does not know this requester's objects
    with pytest.raises(InvalidInput, match="hq-esx-01"):
        open_ticket(
            uow=desk.new_uow(),
            intake=replace(intake, objects=("hq-esx-01",)),
            now=T0,
            line=HOSTING,
        )


def test_one_line_is_the_default_line(desk: Desk) -> None:
    _load(desk, _text("mixed-environment.yaml"))
    intake = Intake(
        requester="client.it_head",
        title="x",
        symptoms="x",
        who_cannot_work="x",
        scope=Impact.USER,
        category="outage",
    )
    opened = open_ticket(uow=desk.new_uow(), intake=intake, now=T0)
    assert opened.line == RETAIL


def test_tickets_of_one_line_never_show_through_the_other(
    desk: Desk, two_clients: tuple[LoadedVersion, LoadedVersion]
) -> None:
    retail = _retail_outage(desk)
    hosting = _hosting_outage(desk)
    assert (retail.line, hosting.line) == (RETAIL, HOSTING)
    ids = _line_ids(desk)
    only_retail = LineScope.only([ids[RETAIL]])
    later = T0 + timedelta(days=30)

    def listed(scope: LineScope, where: tickets.TicketFilter) -> list[int]:
        found = tickets.list_tickets(uow=desk.new_uow(scope), now=T0, where=where)
        return [t.id for t in found]

    # list: by --line, and through a scope of one line
    assert listed(LineScope.every(), tickets.TicketFilter(line=RETAIL)) == [retail.id]
    assert listed(LineScope.every(), tickets.TicketFilter(line=HOSTING)) == [hosting.id]
    assert set(listed(LineScope.every(), tickets.TicketFilter())) == {retail.id, hosting.id}
    assert listed(only_retail, tickets.TicketFilter()) == [retail.id]
    # due work: deadlines before a month from now
    assert listed(only_retail, tickets.TicketFilter(due_before=later)) == [retail.id]
    # count
    counts = {line.key: line.open_tickets for line in list_lines(uow=desk.new_uow(), day=T0.date())}
    assert counts == {RETAIL: 1, HOSTING: 1}
    scoped = list_lines(uow=desk.new_uow(only_retail), day=T0.date())
    assert [(line.key, line.open_tickets) for line in scoped] == [(RETAIL, 1)]
    # show by id and act by id: another line's ticket is not found
    assert tickets.show_ticket(uow=desk.new_uow(only_retail), ticket_id=retail.id).summary.id
    with pytest.raises(NotFound) as missing:
        tickets.show_ticket(uow=desk.new_uow(only_retail), ticket_id=hosting.id)
    assert str(missing.value) == f"no ticket {hosting.id}"
    with pytest.raises(NotFound):
        tickets.take_ticket(
            uow=desk.new_uow(only_retail), ticket_id=hosting.id, by="provider", now=T0
        )
    # a line the scope does not reach is not there either
    with pytest.raises(InvalidInput, match=f"no contract line '{HOSTING}'"):
        tickets.list_tickets(
            uow=desk.new_uow(only_retail), now=T0, where=tickets.TicketFilter(line=HOSTING)
        )


def test_a_ticket_cannot_be_linked_to_another_lines_incident(
    desk: Desk, two_clients: tuple[LoadedVersion, LoadedVersion]
) -> None:
    retail = _retail_outage(desk)
    hosting = _hosting_outage(desk)
    with pytest.raises(NotFound, match=f"no ticket {retail.id}"):
        link_ticket(
            uow=desk.new_uow(),
            ticket_id=hosting.id,
            parent_id=retail.id,
            by=hosting.coordinator,
            reason="same outage?",
            now=T0 + timedelta(minutes=5),
        )


def test_a_vendor_case_reference_is_one_per_line(
    desk: Desk, two_clients: tuple[LoadedVersion, LoadedVersion]
) -> None:
    """Two clients whose contracts both call Microsoft `vendor`: the same case reference is
    two cases, and neither line learns of the other's; within a line it stays one case."""
    twin = (
        _text("mixed-environment.yaml")
        .replace("Steppe Retail LLP", "Irtysh Retail LLP")
        .replace("SR-IT-2026/014", "IR-IT-2026/001")
    )
    assert _load(desk, twin).line == "ir-it-2026-001"
    first = _retail_outage(desk)
    intake = Intake(
        requester="client.it_head",
        title="Virtualization host down",
        symptoms="every VM on hq-esx-01 is unreachable",
        who_cannot_work="the head office",
        scope=Impact.ORGANIZATION,
        category="outage",
        objects=("hq-esx-01",),
    )
    second = open_ticket(uow=desk.new_uow(), intake=intake, now=T0, line="ir-it-2026-001")
    third = _retail_outage(desk)
    for ticket in (first, second):
        case = vendor_case(
            uow=desk.new_uow(),
            ticket_id=ticket.id,
            vendor="vendor",
            case_ref="2604070010001",
            by=ticket.coordinator,
            now=T0 + timedelta(minutes=20),
        )
        assert case.case_ref == "2604070010001"
    with pytest.raises(InvalidInput, match=f"already tracked on ticket {first.id}"):
        vendor_case(
            uow=desk.new_uow(),
            ticket_id=third.id,
            vendor="vendor",
            case_ref="2604070010001",
            by=third.coordinator,
            now=T0 + timedelta(minutes=25),
        )
