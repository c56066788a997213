"""The term sections of the appendix, read from the shipped examples, and what a missing term says."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from remit.appendix import sections
from remit.appendix.build import build_appendix
from remit.appendix.render import render_html, render_markdown
from remit.contract import load_contract
from remit.domain.contract import Contract, Maintenance
from remit.domain.terms import (
    Access,
    Authorization,
    Commercial,
    Communication,
    CustomerDuties,
    UnauthorizedPolicy,
)

EXAMPLES = Path(__file__).parents[3] / "examples"

DANIYAR = "Daniyar Ospanov, Head of IT; internal IT contact and change approver, +7 701 555 0110"
SERGEY = (
    "Sergey Pak, On-call system administrator of the customer (nights, weekends, holidays), "
    "+7 701 555 0111"
)
PRIYA = (
    "Priya Raman, Head of Digital; primary contact in the provider's client portal, +44 7700 900101"
)


@pytest.fixture(scope="module")
def mixed() -> Contract:
    return load_contract(EXAMPLES / "mixed-environment.yaml").contract


@pytest.fixture(scope="module")
def hosting() -> Contract:
    return load_contract(EXAMPLES / "managed-hosting-authorization.yaml").contract


def rows(section: sections.Section, key: str) -> tuple[tuple[str, ...], ...]:
    [table] = [t for t in section.tables if t.key == key]
    return table.rows


def pairs(section: sections.Section, key: str) -> dict[str, str]:
    return {row[0]: row[1] for row in rows(section, key)}


# Who may open requests


def test_requesters_primary_contact_and_sub_accounts(mixed: Contract) -> None:
    table = rows(sections.requesters(mixed), "requesters")
    assert table[0] == (f"{DANIYAR} (primary contact, adds sub-accounts)", "yes", "yes")
    assert (SERGEY, "yes", "no") in table
    ceo = "Aigerim Sarsenbayeva, General director; decides on risk, budget and responsibility transfers, +7 727 355 0101"
    assert (ceo, "no", "yes") in table
    assert table[-1] == (
        "anyone else",
        "held until the primary contact confirms",
        "held until the primary contact confirms",
    )


def test_requesters_include_agents_of_another_party(hosting: Contract) -> None:
    table = rows(sections.requesters(hosting), "requesters")
    lead = "Oliver Brandt, Lead developer of the Thameside shop; authorized agent, +44 7700 900301"
    assert (lead, "yes", "no") in table
    assert (
        "David Mensah, IT manager; internal IT contact, +44 20 7946 0110",
        "yes",
        "yes",
    ) in table
    assert len(table) == 1 + 6 + 1  # primary, sub-accounts, anyone else


def test_rejected_and_unstated_policies(mixed: Contract) -> None:
    reject = dataclasses.replace(mixed.authorization, unauthorized=UnauthorizedPolicy.REJECT)
    table = rows(
        sections.requesters(dataclasses.replace(mixed, authorization=reject)), "requesters"
    )
    assert table[-1] == ("anyone else", "rejected", "rejected")
    silent = dataclasses.replace(mixed.authorization, unauthorized=None)
    table = rows(
        sections.requesters(dataclasses.replace(mixed, authorization=silent)), "requesters"
    )
    assert table[-1][1] == (
        "held until the primary contact confirms (the policy is not stated in the contract)"
    )


def test_nobody_named_means_any_client_contact_as_at_the_desk(mixed: Contract) -> None:
    table = rows(
        sections.requesters(dataclasses.replace(mixed, authorization=Authorization())),
        "requesters",
    )
    assert table[0] == ("any contact of Steppe Retail LLP (no one is named)", "yes", "yes")
    owner = "Aigerim Sarsenbayeva, General director; decides on risk, budget and responsibility transfers, +7 727 355 0101"
    assert table[-1][1] == (
        f"held until {owner} confirms (the policy is not stated in the contract)"
    )


# Client updates


def test_update_cadence_per_priority(mixed: Contract, hosting: Contract) -> None:
    table = rows(sections.client_updates(mixed), "updates")
    assert table[0] == ("P1", "every 30m", "the ticket's SLA calendar", "osdb", "osdb")
    assert [r[1] for r in table] == ["every 30m", "every 2h", "every 9h", "every 18h"]
    assert [r[1] for r in rows(sections.client_updates(hosting), "updates")] == [
        "every 30m",
        "every 1h",
        "every 8h",
        "every 1d",
    ]


def test_update_calendar_owner_and_contents(mixed: Contract) -> None:
    comm = dataclasses.replace(
        mixed.communication,
        calendar="office",
        cadence={"P1": 1800},
        owner_with_vendors="apps",
        contents=("known", "next_update"),
    )
    section = sections.client_updates(dataclasses.replace(mixed, communication=comm))
    table = rows(section, "updates")
    assert table[0] == ("P1", "every 30m", "Mon-Fri 09:00-18:00 (office)", "osdb", "apps")
    assert table[1][:2] == ("P2", "not stated in the contract")
    assert section.note == "Each update states what is known, when the next update comes."


def test_update_owner_falls_back_to_the_coordinator_like_the_desk(mixed: Contract) -> None:
    comm = Communication(cadence={"P1": 900})
    [row, *_] = rows(
        sections.client_updates(dataclasses.replace(mixed, communication=comm)), "updates"
    )
    assert row[3:] == ("osdb", "osdb")  # coordination.coordinator


# Vendor handling


def test_vendor_handling_per_product(mixed: Contract, hosting: Contract) -> None:
    table = rows(sections.vendor_handling(mixed), "vendors")
    assert [r[0] for r in table] == [
        "Microsoft Windows Server 2022",
        "Microsoft SQL Server 2019",
        "Microsoft Exchange Server 2019",
    ]
    assert table[1][1:6] == ("vendor", "osdb", "osdb", "osdb", "client")
    adobe = rows(sections.vendor_handling(hosting), "vendors")[0]
    assert adobe[:6] == ("Adobe Commerce 2.4", "adobe", "agency", "provider", "agency", "client")
    assert adobe[6].startswith("Adobe Commerce licence with support, held and paid by the customer")


# Access order


def test_access_rules_in_order(mixed: Contract, hosting: Contract) -> None:
    table = rows(sections.access_order(mixed), "access")
    assert table[2] == (
        "hq-esx-01, hq-esx-02, hq-esx-03, hq-san-01, ast-srv-01",
        "on site",
        "client",
        "within 1h",
    )
    assert table[3][1:] == ("remote and on site", "client", "within 1h")
    assert rows(sections.access_order(hosting), "access")[2][1:] == (
        "remote",
        "provider",
        "within 1d",
    )


def test_access_approvals_emergency_and_completion(mixed: Contract, hosting: Contract) -> None:
    terms = pairs(sections.access_order(mixed), "access-approvals")
    assert terms["work outside business hours"] == "needs separate approval"
    assert terms["emergency access approved by"] == SERGEY
    assert terms["emergency procedure"].startswith(
        "The coordinator calls the customer's on-call administrator"
    )
    assert terms["completion confirmed by"] == DANIYAR
    terms = pairs(sections.access_order(hosting), "access-approvals")
    assert terms["work outside business hours"] == "needs no separate approval"
    assert terms["emergency access approved by"] == PRIYA
    assert terms["completion confirmed by"] == (
        "Tom Gallagher, E-commerce operations manager, +44 7700 900102"
    )


def test_access_without_rules_says_who_issues_is_not_stated(mixed: Contract) -> None:
    access = Access(emergency_approver="client.duty_admin")
    section = sections.access_order(dataclasses.replace(mixed, access=access))
    assert [t.key for t in section.tables] == ["access-approvals"]
    assert pairs(section, "access-approvals") == {
        "who issues access": "not stated in the contract",
        "work outside business hours": "not stated in the contract",
        "emergency access approved by": SERGEY,
        "emergency procedure": "not stated in the contract",
        "completion confirmed by": "not named",
    }


# Change procedure, customer duties, commercial terms


def test_change_procedure_and_approver(mixed: Contract, hosting: Contract) -> None:
    terms = pairs(sections.change_procedure(mixed), "changes")
    assert terms["procedure"].startswith("Every change is registered with the service desk")
    assert terms["changes approved by"] == DANIYAR
    terms = pairs(sections.change_procedure(hosting), "changes")
    assert terms["changes approved by"] == PRIYA
    unnamed = dataclasses.replace(mixed.maintenance, change_approver=None)
    terms = pairs(
        sections.change_procedure(dataclasses.replace(mixed, maintenance=unnamed)), "changes"
    )
    assert terms["changes approved by"] == "not named"


def test_customer_duties(mixed: Contract, hosting: Contract) -> None:
    terms = pairs(sections.customer_duties(mixed), "duties")
    assert terms["payment"] == "Invoices within 15 business days of the monthly service report"
    assert terms["internal IT contact"] == DANIYAR
    assert len(terms) == 9
    terms = pairs(sections.customer_duties(hosting), "duties")
    assert terms["confirming maintenance windows"] == (
        "Confirm or move each maintenance window in the portal at least three business days ahead"
    )
    partial = CustomerDuties(credentials="Keep the vault current")
    terms = pairs(
        sections.customer_duties(dataclasses.replace(mixed, customer_duties=partial)), "duties"
    )
    assert terms["access credentials"] == "Keep the vault current"
    assert terms["payment"] == "not stated in the contract"
    assert terms["internal IT contact"] == "not named"


def test_commercial_terms(mixed: Contract, hosting: Contract) -> None:
    terms = pairs(sections.commercial_terms(mixed), "commercial")
    assert terms["billing model"] == "mixed"
    assert terms["billable"].split("; ")[2] == "New hardware and its deployment"
    assert terms["deploying new hardware"] == "billable"
    assert terms["fixing recurring issues"] == "included"
    terms = pairs(sections.commercial_terms(hosting), "commercial")
    assert terms["billing model"] == "fixed fee"
    assert terms["included"].startswith(
        "Managed hosting of the listed platform, 24/7 for P1 and P2; "
    )


# A contract that states none of these terms

SILENT = {
    "communication": Communication(),
    "vendors": (),
    "access": Access(),
    "maintenance": Maintenance(),
    "customer_duties": CustomerDuties(),
    "commercial": Commercial(),
}
TITLES = (
    "Client updates",
    "Vendor handling",
    "Access order",
    "Change procedure",
    "Customer duties",
    "Commercial terms",
)


def test_unstated_sections_say_so_in_one_line(mixed: Contract) -> None:
    appendix = build_appendix(dataclasses.replace(mixed, **SILENT))  # type: ignore[arg-type]
    stated = (appendix.updates, appendix.vendors, appendix.access, appendix.changes)
    assert [s.stated for s in (*stated, appendix.duties, appendix.commercial)] == [False] * 6
    lines = render_markdown(appendix).splitlines()
    for title in TITLES:
        at = lines.index(f"## {title}")
        assert lines[at + 1 : at + 4] == ["", "Not stated in the contract.", ""]
    html = render_html(appendix)
    assert html.count('<p class="absent">Not stated in the contract.</p>') == 6


def test_html_has_every_section_and_escapes(mixed: Contract) -> None:
    duties = dataclasses.replace(mixed.customer_duties, timely_payment="Net <30> & prompt")
    html = render_html(build_appendix(dataclasses.replace(mixed, customer_duties=duties)))
    for title in ("Who may open requests", *TITLES):
        assert f"<h2>{title}</h2>" in html
    assert '<th scope="row">payment</th><td>Net &lt;30&gt; &amp; prompt</td>' in html
    assert '<table class="terms vendors">' in html
