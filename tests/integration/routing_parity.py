"""The drill's answer and the desk's outcome for one scenario, side by side.

`Parity` loads one example contract into a desk, then for each `Case` drills
the scenario and opens a real ticket at the desk (by an authorized contact, at
the scenario's instant), reads the desk back through its services (the ticket
detail, the layer checks it opens, the update due work after a vendor case) and
returns every field where the two differ.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from desk_builders import SetClock, clocked

from remit.bootstrap import Desk
from remit.contract import load_contract_text
from remit.contract_facts import Facts
from remit.domain import routing
from remit.domain.calendar import public_holidays
from remit.domain.contract import Contract
from remit.domain.terms import Impact
from remit.domain.ticket import RequestKind
from remit.drill.plan import drill
from remit.drill.reach import Clocks
from remit.drill.route import Reach, Route
from remit.drill.scenario import Scenario
from remit.services.contracts import load_contract_version
from remit.services.coordination import open_checks, vendor_case
from remit.services.intake import Intake, open_ticket
from remit.services.tickets import show_ticket
from remit.services.views import TicketDetail

EXAMPLES = sorted((Path(__file__).parents[2] / "examples").glob("*.yaml"))
LOADED_AT = datetime(2026, 1, 1, tzinfo=UTC)
FIELDS = (
    "priority",
    "category",
    "coordinator",
    "after-hours cover",
    "intake party",
    "response due",
    "recovery due",
    "client-update owner",
    "client-update owner while vendors work",
    "layer-check parties",
    "first escalation",
)


@dataclass(frozen=True, slots=True)
class Case:
    objects: tuple[str, ...]
    category: str
    scope: Impact
    at: datetime
    moment: str  # which kind of instant: office hours, weeknight, ...

    def __str__(self) -> str:
        return (
            f"{self.category} on {', '.join(self.objects)}, scope {self.scope.value}, "
            f"{self.moment} {self.at.isoformat()}"
        )


class Parity:
    """One example contract loaded into a desk; `differences` compares one case."""

    def __init__(self, desk: Desk, path: Path) -> None:
        text = path.read_text(encoding="utf-8")
        self.name = path.name
        self.contract = load_contract_text(text, path.name).contract
        self.clock = SetClock(LOADED_AT)  # each case happens now, at its own instant
        self.desk = clocked(desk, self.clock)
        load_contract_version(
            uow=self.desk.new_uow(), text=text, source_name=path.name, actor="test", now=LOADED_AT
        )
        self.requester = authorized_contact(self.contract)
        self.facts, self.clocks = Facts(self.contract), Clocks(self.contract)

    def differences(self, case: Case) -> list[str]:
        scenario = Scenario(case.objects, None, case.scope, case.at, case.category)
        route = drill(self.contract, scenario, facts=self.facts, clocks=self.clocks)
        desk = self.outcome(case, route)
        found = drilled(route, self.contract)
        return [
            f"{self.name}: {case}\n  {name}: drill {found[name]!r} != desk {desk[name]!r}"
            for name in FIELDS
            if found[name] != desk[name]
        ]

    def outcome(self, case: Case, route: Route) -> dict[str, Any]:
        intake = Intake(
            requester=self.requester,
            title="parity",
            symptoms="parity scenario",
            who_cannot_work="as scoped",
            scope=case.scope,
            category=case.category,
            objects=case.objects,
        )
        self.clock.at = case.at
        opened = open_ticket(uow=self.desk.new_uow(), intake=intake, now=case.at)
        checks = open_checks(
            uow=self.desk.new_uow(), ticket_id=opened.id, by=opened.coordinator, now=case.at
        )
        shown = show_ticket(uow=self.desk.new_uow(), ticket_id=opened.id)
        s = shown.summary
        return {
            "priority": s.priority,
            "category": s.category,
            "coordinator": s.coordinator,
            "after-hours cover": s.after_hours,
            "intake party": shown.audit[0].detail["intake"],
            "response due": s.response_due and utc(s.response_due),
            "recovery due": s.recovery_due and utc(s.recovery_due),
            "client-update owner": update_recipient(shown),
            "client-update owner while vendors work": self.owner_with_vendors(
                case, route, opened.id
            ),
            "layer-check parties": [(c.layer, c.party) for c in checks],
            "first escalation": first_escalation(shown),
        }

    def owner_with_vendors(self, case: Case, route: Route, ticket_id: int) -> str | None:
        """After a vendor case on the drill's first vendor, whom the next update is owed by."""
        vendor = next((v.vendor for v in route.vendors if v.vendor in self.contract.parties), None)
        if vendor is None or route.first_update is None:
            return None
        coordinator = show_ticket(uow=self.desk.new_uow(), ticket_id=ticket_id).summary.coordinator
        vendor_case(
            uow=self.desk.new_uow(),
            ticket_id=ticket_id,
            vendor=vendor,
            case_ref=f"PARITY-{ticket_id}",
            by=coordinator,
            now=case.at,
        )
        return update_recipient(show_ticket(uow=self.desk.new_uow(), ticket_id=ticket_id))


def drilled(route: Route, contract: Contract) -> dict[str, Any]:
    lead = route.governing
    rung = route.first_escalation
    vendor_party = any(v.vendor in contract.parties for v in route.vendors)
    with_vendors = route.update_owner_with_vendors if vendor_party and route.first_update else None
    return {
        "priority": route.priority,
        "category": route.category,
        "coordinator": party(route.coordinator),
        "after-hours cover": route.after_hours.applies,
        "intake party": party(route.intake),
        "response due": utc(lead.response.at) if lead and lead.response else None,
        "recovery due": utc(lead.recovery.at) if lead and lead.recovery else None,
        "client-update owner": party(route.update_owner) if route.first_update else None,
        "client-update owner while vendors work": party(with_vendors),
        "layer-check parties": [(c.layer, party(c.primary)) for c in route.layer_checks],
        "first escalation": (utc(rung.at), rung.level) if rung else None,
    }


def utc(at: datetime) -> datetime:
    """In UTC: an instant inside a repeated hour never equals one of another zone (PEP 495)."""
    return at.astimezone(UTC)


def party(reach: Reach | None) -> str | None:
    return reach.party if reach else None


def update_recipient(shown: TicketDetail) -> str | None:
    pending = [w for w in shown.due_work if w.kind == "update_due" and w.fired_at is None]
    return pending[0].recipients[0] if pending else None


def first_escalation(shown: TicketDetail) -> tuple[datetime, str] | None:
    """The earliest escalation of the ticket's ladder; its level is the last part of the key."""
    ladder = [
        (utc(w.due_at), w.key.rsplit(":", 1)[1]) for w in shown.due_work if w.kind == "escalate"
    ]
    return min(ladder, key=lambda step: step[0]) if ladder else None


def authorized_contact(contract: Contract) -> str:
    for party_key, found in contract.parties.items():
        for contact_key in found.contacts:
            ref = f"{party_key}.{contact_key}"
            if routing.is_authorized(contract, ref, RequestKind.TECHNICAL):
                return ref
    raise AssertionError("the example names no authorized contact")


# -- the grid ------------------------------------------------------------------------


def moments(contract: Contract) -> list[tuple[str, datetime]]:
    """Office hours on a weekday, a weeknight, Sunday night, a public holiday, both DST nights."""
    business = contract.calendars[routing.business_calendar(contract)]
    zone = ZoneInfo(business.timezone)
    start = contract.contract.effective_from + timedelta(days=7)
    tuesday = start + timedelta(days=(1 - start.weekday()) % 7)
    sunday = tuesday + timedelta(days=5)
    found = [
        ("office hours", _local(tuesday, time(10, 0), zone)),
        ("weeknight", _local(tuesday, time(23, 30), zone)),
        ("Sunday night", _local(sunday, time(23, 30), zone)),
    ]
    holiday = _holiday(contract, start)
    if holiday is not None:
        found.append(("public holiday", _local(holiday, time(10, 0), zone)))
    dst_zone = zone if _changes(zone, start) else ZoneInfo("Europe/Berlin")
    for moment, day, local in _dst_nights(dst_zone, start):
        found.append((moment, datetime.combine(day, local, tzinfo=dst_zone).astimezone(zone)))
    return found


def _local(day: date, at: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, at, tzinfo=zone)


def _holiday(contract: Contract, start: date) -> date | None:
    business = contract.calendars[routing.business_calendar(contract)]
    specs = [business, *contract.calendars.values()]
    for spec in specs:
        days = sorted(
            d
            for source in spec.holidays
            for year in (start.year, start.year + 1)
            for d in public_holidays(source, year)
            if d >= start and d.weekday() < 5
        )
        if days:
            return days[0]
    return None


def _offsets(zone: ZoneInfo, start: date) -> Iterator[tuple[date, timedelta, timedelta]]:
    for n in range(366):
        day = start + timedelta(days=n)
        before = datetime.combine(day, time(0, 0), tzinfo=zone).utcoffset()
        after = datetime.combine(day, time(12, 0), tzinfo=zone).utcoffset()
        assert before is not None
        assert after is not None
        if before != after:
            yield day, before, after


def _changes(zone: ZoneInfo, start: date) -> bool:
    return next(_offsets(zone, start), None) is not None


def _dst_nights(zone: ZoneInfo, start: date) -> list[tuple[str, date, time]]:
    """An instant just before the clocks jump forward, one inside the repeated hour."""
    nights = []
    for day, before, after in _offsets(zone, start):
        if after > before:
            nights.append(("spring-forward night", day, time(1, 30)))
        else:
            nights.append(("fall-back night", day, time(2, 30)))
    return nights


def grid(contract: Contract) -> list[Case]:
    """Every category x scope x moment, each on a rotating object (every third on two);
    every object of the contract is named at least once."""
    objects = list(contract.objects)
    categories = list(contract.priorities.categories) if contract.priorities else []
    cases = []
    k = 0
    for moment, at in moments(contract):
        for category in categories:
            for scope in Impact:
                first = objects[k % len(objects)]
                second = objects[(k * 7 + 3) % len(objects)]
                named = (first, second) if k % 3 == 2 and second != first else (first,)
                cases.append(Case(named, category, scope, at, moment))
                k += 1
    cases += [
        Case((name,), categories[0], Impact.USER, moments(contract)[0][1], "office hours")
        for name in objects[k:]
    ]
    return cases
