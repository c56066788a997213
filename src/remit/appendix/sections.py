"""The appendix sections on how the work is run, one table per term of the contract.

Who may open requests, client updates, vendor handling, the access order, the
change procedure, customer duties and commercial terms. Each section is one or
two tables; every table has a key (its name for `remit appendix --format csv
--table`). A term the contract leaves out reads "not stated in the contract" (a
person: "not named"); a section whose terms are all left out has no tables and
says so in one line.

Who keeps the client updated is asked of `remit.domain.routing`, the functions
the desk uses, so the appendix promises what the desk does.
"""

from __future__ import annotations

from dataclasses import dataclass

from remit.appendix.labels import hours, person
from remit.contract.durations import format_duration
from remit.domain import routing
from remit.domain.contract import Contract
from remit.domain.errors import InvalidInput
from remit.domain.terms import AccessRule, Billing, CustomerDuties, UnauthorizedPolicy

NOT_STATED = "not stated in the contract"
NOT_NAMED = "not named"
PAIR_HEADER = ("Term", "Value")
HEADERS: dict[str, tuple[str, ...]] = {
    "requesters": ("Person", "Technical requests", "Billing changes"),
    "updates": ("Priority", "Update", "Calendar", "Kept by", "Kept by while vendors are involved"),
    "vendors": (
        "Product",
        "Vendor",
        "Opens cases",
        "Collects logs",
        "Corresponds",
        "Decides fixes",
        "Support agreement",
    ),
    "access": ("Objects", "Access", "Issued by", "Lead time"),
    "access-approvals": PAIR_HEADER,
    "changes": PAIR_HEADER,
    "duties": PAIR_HEADER,
    "commercial": PAIR_HEADER,
}


@dataclass(frozen=True, slots=True)
class Table:
    key: str  # the name `--table` takes
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    pairs: bool = False  # term/value rows: the term is the row's heading


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    tables: tuple[Table, ...]  # none: nothing stated
    note: str = ""

    @property
    def stated(self) -> bool:
        return bool(self.tables)


def _table(key: str, rows: tuple[tuple[str, ...], ...]) -> Table:
    return Table(key, HEADERS[key], rows)


def _pairs(key: str, rows: tuple[tuple[str, str], ...]) -> Table:
    return Table(key, HEADERS[key], rows, pairs=True)


def _named(contract: Contract, ref: str | None) -> str:
    return person(contract, ref) or NOT_NAMED


def _text(value: str | None) -> str:
    return value or NOT_STATED


def _label(code: str) -> str:
    return code.replace("_", " ")


# Who may open requests -------------------------------------------------------


def requesters(contract: Contract) -> Section:
    """The primary contact, the sub-accounts and what happens to a request from anyone else."""
    auth = contract.authorization
    rows: list[tuple[str, str, str]] = []
    if auth.primary_contact is not None:
        who = person(contract, auth.primary_contact)
        rows.append((f"{who} (primary contact, adds sub-accounts)", "yes", "yes"))
    for sub in auth.sub_accounts:
        rows.append((person(contract, sub.contact), _yes(sub.technical), _yes(sub.billing)))
    if not rows:
        client = contract.parties[contract.contract.client].name
        rows.append((f"any contact of {client} (no one is named)", "yes", "yes"))
    anyone = _unauthorized(contract)
    rows.append(("anyone else", anyone, anyone))
    return Section("Who may open requests", (_table("requesters", tuple(rows)),))


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _unauthorized(contract: Contract) -> str:
    if routing.rejects_unauthorized(contract):
        return "rejected"
    if contract.authorization.primary_contact is not None:
        confirmer = "the primary contact"
    else:
        confirmer = person(contract, routing.primary_contact(contract)) or "an authorized contact"
    held = f"held until {confirmer} confirms"
    if contract.authorization.unauthorized is UnauthorizedPolicy.HOLD:
        return held
    return f"{held} (the policy is {NOT_STATED})"


# Client updates --------------------------------------------------------------


def client_updates(contract: Contract) -> Section:
    """Per priority: how often the client hears, on which calendar, and from whom."""
    comm = contract.communication
    if not comm.cadence and comm.owner is None and comm.owner_with_vendors is None:
        return Section("Client updates", ())
    levels = tuple(contract.priorities.levels) if contract.priorities else ()
    priorities = levels + tuple(p for p in comm.cadence if p not in levels)
    calendar = hours(contract, comm.calendar) if comm.calendar else "the ticket's SLA calendar"
    rows = tuple(
        (
            p,
            f"every {format_duration(comm.cadence[p])}" if p in comm.cadence else NOT_STATED,
            calendar,
            _update_owner(contract, p, vendors=False),
            _update_owner(contract, p, vendors=True),
        )
        for p in priorities
    )
    note = (
        "Each update states " + ", ".join(CONTENTS.get(c, _label(c)) for c in comm.contents) + "."
    )
    return Section("Client updates", (_table("updates", rows),), note)


CONTENTS = {
    "known": "what is known",
    "checking": "what is being checked",
    "next_action": "the next action",
    "next_update": "when the next update comes",
}


def _update_owner(contract: Contract, priority: str, *, vendors: bool) -> str:
    try:
        coordinator = routing.coordinator(contract, priority)
    except InvalidInput:
        return contract.communication.owner or NOT_NAMED
    return routing.update_owner(contract, priority, coordinator, vendors=vendors)


# Vendor handling -------------------------------------------------------------


def vendor_handling(contract: Contract) -> Section:
    """Per vendor product: who opens cases, collects logs, corresponds and decides fixes."""
    rows = tuple(
        (
            v.product,
            v.vendor,
            v.opens_cases or NOT_NAMED,
            v.collects_logs or NOT_NAMED,
            v.correspondence or NOT_NAMED,
            v.decides_fixes or NOT_NAMED,
            _text(v.support_agreement),
        )
        for v in contract.vendors
    )
    return Section("Vendor handling", (_table("vendors", rows),) if rows else ())


# Access order ----------------------------------------------------------------


def access_order(contract: Contract) -> Section:
    """Who issues access to what and how fast, then approvals, emergencies and sign-off."""
    access = contract.access
    approvals: tuple[tuple[str, str], ...] = (
        ("work outside business hours", _after_hours_approval(access.after_hours_approval)),
        ("emergency access approved by", _named(contract, access.emergency_approver)),
        ("emergency procedure", _text(access.emergency_procedure)),
        ("completion confirmed by", _named(contract, access.completion_confirmed_by)),
    )
    rules: tuple[Table, ...] = ()
    if access.rules:
        rules = (_table("access", tuple(_rule(r) for r in access.rules)),)
    elif all(v in (NOT_STATED, NOT_NAMED) for _, v in approvals):
        return Section("Access order", ())
    else:
        rules, approvals = (), (("who issues access", NOT_STATED), *approvals)
    return Section("Access order", (*rules, _pairs("access-approvals", approvals)))


def _rule(rule: AccessRule) -> tuple[str, ...]:
    lead = f"within {format_duration(rule.lead_time)}" if rule.lead_time is not None else None
    return (
        ", ".join(rule.objects),
        _label(rule.mode.value),
        rule.issued_by or NOT_NAMED,
        lead or NOT_STATED,
    )


def _after_hours_approval(needed: bool | None) -> str:
    if needed is None:
        return NOT_STATED
    return "needs separate approval" if needed else "needs no separate approval"


# Change procedure ------------------------------------------------------------


def change_procedure(contract: Contract) -> Section:
    m = contract.maintenance
    if m.change_procedure is None and m.change_approver is None:
        return Section("Change procedure", ())
    rows = (
        ("procedure", _text(m.change_procedure)),
        ("changes approved by", _named(contract, m.change_approver)),
    )
    return Section("Change procedure", (_pairs("changes", rows),))


# Customer duties -------------------------------------------------------------

DUTIES: tuple[tuple[str, str], ...] = (
    ("credentials", "access credentials"),
    ("change_approvals", "change approvals"),
    ("maintenance_confirmation", "confirming maintenance windows"),
    ("contact_list", "contact list"),
    ("external_changes", "changes with its own vendors"),
    ("hardware_warranty", "hardware warranty"),
    ("third_party_agreements", "vendor support agreements"),
    ("timely_payment", "payment"),
)


def customer_duties(contract: Contract) -> Section:
    duties = contract.customer_duties
    if duties == CustomerDuties():
        return Section("Customer duties", ())
    rows = tuple((label, _text(getattr(duties, name))) for name, label in DUTIES)
    contact = ("internal IT contact", _named(contract, duties.internal_it_contact))
    return Section("Customer duties", (_pairs("duties", (*rows, contact)),))


# Commercial terms ------------------------------------------------------------


def commercial_terms(contract: Contract) -> Section:
    c = contract.commercial
    rows = (
        ("billing model", _label(c.model.value) if c.model else NOT_STATED),
        ("included", "; ".join(c.included) or NOT_STATED),
        ("billable", "; ".join(c.billable) or NOT_STATED),
        ("fixing recurring issues", _billing(c.recurring_issues)),
        ("malware remediation", _billing(c.malware_remediation)),
        ("deploying new hardware", _billing(c.new_hardware)),
    )
    if all(v == NOT_STATED for _, v in rows):
        return Section("Commercial terms", ())
    return Section("Commercial terms", (_pairs("commercial", rows),))


def _billing(value: Billing | None) -> str:
    return value.value if value is not None else NOT_STATED
