"""Coordination: parallel layer checks, localizing the fault (a hand-off), vendor cases.

The coordinator owns the ticket throughout. Checks go to the primary party of
each suspected layer; a layer party answers its own check (``not_ours`` closes
it) but cannot restore or close the ticket. Localizing hands the work to the
responsible party and counts a hand-off; the coordinator stays the owner and
the client's single point of contact, also while a vendor case is open.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from remit.domain import routing
from remit.domain.contract import Contract
from remit.domain.errors import InvalidInput, NotFound
from remit.domain.events import Action, NoticeKind
from remit.domain.instants import require_not_before
from remit.domain.terms import FaultClass
from remit.domain.ticket import ACTIVE, CheckResult, State, VendorStatus
from remit.services.ticket_ops import (
    aware,
    load,
    notify,
    ordered,
    record,
    replan,
    require_coordinator,
    require_party,
    touch,
    update_owner,
)
from remit.services.views import TicketSummary, summary, zone_of
from remit.store.tables import HandoffRow, LayerCheckRow, TicketRow, VendorCaseRow
from remit.store.uow import DuplicateRow, UnitOfWork


@dataclass(frozen=True, slots=True)
class CheckView:
    layer: str
    party: str
    result: str


def _require_active(ticket: TicketRow, action: str) -> None:
    if State(ticket.state) not in ACTIVE:
        raise InvalidInput(f"cannot {action} while the ticket is {State(ticket.state).label}")


def open_checks(
    *, uow: UnitOfWork, ticket_id: int, by: str, now: datetime, layers: tuple[str, ...] = ()
) -> list[CheckView]:
    """One check per suspected layer (or per given layer), each to that layer's primary party."""
    aware(now)
    with uow:
        ticket, book = load(uow, ticket_id)
        require_coordinator(ticket, by, "open layer checks")
        ordered(uow, ticket, now, f"open checks on ticket {ticket_id}")
        _require_active(ticket, "open layer checks")
        pending = {c.layer for c in ticket.checks if c.result == CheckResult.PENDING.value}
        wanted = routing.layer_checks(
            book.contract, tuple(ticket.objects), layers, ticket.coordinator
        )
        if not wanted:
            raise InvalidInput("no layer to check: name --layer or give the ticket objects")
        opened = []
        for check in wanted:
            if check.layer in pending:
                continue
            ticket.checks.append(
                LayerCheckRow(
                    layer=check.layer,
                    party=check.party,
                    result=CheckResult.PENDING.value,
                    opened_at=now,
                )
            )
            record(uow, ticket, Action.CHECK_OPENED, by, now, layer=check.layer, party=check.party)
            notify(
                uow,
                ticket,
                NoticeKind.CHECK_REQUEST,
                [check.party],
                f"check layer {check.layer}",
                now,
                f"check:{check.layer}:{len(ticket.checks)}",
                book,
                title=ticket.title,
                objects=ticket.objects,
            )
            opened.append(CheckView(check.layer, check.party, CheckResult.PENDING.value))
        touch(ticket, now)
        uow.commit()
        return opened


def answer_check(
    *,
    uow: UnitOfWork,
    ticket_id: int,
    layer: str,
    result: CheckResult,
    by: str,
    now: datetime,
    note: str | None = None,
) -> CheckView:
    """The layer's party records the outcome of its check (the coordinator answers only
    the checks sent to its own party)."""
    aware(now)
    if result is CheckResult.PENDING:
        raise InvalidInput("answer a check with clear, fault_found, needs_vendor or not_ours")
    with uow:
        ticket, _ = load(uow, ticket_id)
        ordered(uow, ticket, now, f"answer the {layer} check of ticket {ticket_id}")
        check = next((c for c in reversed(ticket.checks) if c.layer == layer), None)
        if check is None:
            raise NotFound("layer check", f"{layer} on ticket {ticket_id}")
        if check.result != CheckResult.PENDING.value:
            raise InvalidInput(f"the {layer} check is already answered: {check.result}")
        what = f"answer the {layer} check of ticket {ticket_id}"
        require_not_before(what, now, f"the {layer} check was opened", check.opened_at)
        require_party(  # its own party answers a check: `remit.domain.rights`
            by, [check.party], f"answer the {layer} check", f"the check was sent to {check.party}"
        )
        check.result, check.note, check.answered_at, check.answered_by = result.value, note, now, by
        record(uow, ticket, Action.CHECK_ANSWERED, by, now, layer=layer, result=result, note=note)
        touch(ticket, now)
        uow.commit()
        return CheckView(check.layer, check.party, check.result)


def localize_fault(
    *,
    uow: UnitOfWork,
    ticket_id: int,
    by: str,
    reason: str,
    now: datetime,
    layer: str | None = None,
    fault_class: FaultClass | None = None,
    expected_version: int | None = None,
) -> TicketSummary:
    """Name where the fault is; the work goes to that party, the coordinator keeps ownership."""
    aware(now)
    if layer is None and fault_class is None:
        raise InvalidInput("localize names a layer, a fault class or both")
    with uow:
        ticket, book = load(uow, ticket_id, expected_version)
        require_coordinator(ticket, by, "localize the fault")
        ordered(uow, ticket, now, f"localize the fault of ticket {ticket_id}")
        _require_active(ticket, "localize the fault")
        if fault_class is not None:
            party = routing.fault_class_party(book.contract, fault_class)
        else:
            assert layer is not None
            party = routing.layer_party(book.contract, layer, ticket.coordinator)
        ticket.localized_layer = layer
        ticket.fault_class = fault_class.value if fault_class else None
        record(
            uow,
            ticket,
            Action.LOCALIZED,
            by,
            now,
            layer=layer,
            fault_class=fault_class,
            party=party,
        )
        if party != ticket.assignee:
            hand_off(uow, ticket, party, reason, by, now)
            notify(
                uow,
                ticket,
                NoticeKind.HANDOFF,
                [party],
                f"handed to you: {ticket.title}",
                now,
                f"handoff:{ticket.handoff_count}",
                book,
                reason=reason,
                coordinator=ticket.coordinator,
            )
        touch(ticket, now)
        uow.commit()
        return summary(ticket, timezone=zone_of(uow, ticket))


def hand_off(
    uow: UnitOfWork, ticket: TicketRow, to: str, reason: str, by: str, now: datetime
) -> None:
    """The work goes to `to`: recorded with from, to, reason and time, and counted."""
    ticket.handoffs.append(
        HandoffRow(from_party=ticket.assignee, to_party=to, reason=reason, at=now, by=by)
    )
    record(
        uow, ticket, Action.HANDOFF, by, now, from_party=ticket.assignee, to_party=to, reason=reason
    )
    ticket.assignee = to
    ticket.handoff_count += 1


@dataclass(frozen=True, slots=True)
class VendorCaseView:
    """A vendor case as recorded, and who stays the client's contact meanwhile."""

    vendor: str
    case_ref: str
    status: str
    opened_by: str
    follow_through: str
    client_contact_owner: str


def vendor_case(
    *,
    uow: UnitOfWork,
    ticket_id: int,
    vendor: str,
    case_ref: str,
    by: str,
    now: datetime,
    status: VendorStatus | None = None,
    opened_by: str | None = None,
    follow_through: str | None = None,
    note: str | None = None,
) -> VendorCaseView:
    """Open a vendor case on the ticket, or update its status; the coordinator stays in front."""
    aware(now)
    with uow:
        ticket, book = load(uow, ticket_id)
        require_party(
            by,
            [ticket.coordinator, ticket.assignee],
            "handle vendor cases",
            "the coordinator or the assigned party handles vendor cases",
        )
        ordered(uow, ticket, now, f"record vendor case {case_ref} on ticket {ticket_id}")
        case = next(
            (c for c in ticket.vendor_cases if c.vendor == vendor and c.case_ref == case_ref), None
        )
        if case is None:
            _require_free_ref(uow, ticket.line_id, vendor, case_ref)
            case = _open_case(
                book.contract, ticket, vendor, case_ref, opened_by, follow_through, now
            )
            with _racing_for(uow, ticket.line_id, vendor, case_ref):
                uow.flush()  # the case's id keys its follow-up clock
            record(
                uow,
                ticket,
                Action.VENDOR_CASE_OPENED,
                by,
                now,
                vendor=vendor,
                case_ref=case_ref,
                opened_by=case.opened_by,
                follow_through=case.follow_through,
            )
        what = f"update vendor case {case_ref} of ticket {ticket_id}"
        require_not_before(what, now, f"case {case_ref} was opened", case.opened_at)
        if status is not None:
            case.status = status.value
        if follow_through is not None:
            case.follow_through = follow_through
        case.note, case.updated_at = note or case.note, now
        record(
            uow,
            ticket,
            Action.VENDOR_CASE_UPDATED,
            by,
            now,
            vendor=vendor,
            case_ref=case_ref,
            status=case.status,
            note=note,
        )
        touch(ticket, now)
        with _racing_for(uow, ticket.line_id, vendor, case_ref):
            replan(uow, ticket, book)
            uow.commit()
        return VendorCaseView(
            vendor=case.vendor,
            case_ref=case.case_ref,
            status=case.status,
            opened_by=case.opened_by,
            follow_through=case.follow_through,
            client_contact_owner=update_owner(ticket, book),
        )


@contextmanager
def _racing_for(uow: UnitOfWork, line_id: int, vendor: str, case_ref: str) -> Iterator[None]:
    """Another ticket took the case reference between the check and the write."""
    try:
        yield
    except DuplicateRow:
        uow.rollback()
        holder = uow.tickets.holding_case(line_id, vendor, case_ref)
        raise _case_taken(vendor, case_ref, holder) from None


def _require_free_ref(uow: UnitOfWork, line_id: int, vendor: str, case_ref: str) -> None:
    """A vendor's case reference names one case, on one ticket of the line."""
    holder = uow.tickets.holding_case(line_id, vendor, case_ref)
    if holder is not None:
        raise _case_taken(vendor, case_ref, holder)


def _case_taken(vendor: str, case_ref: str, holder: int | None) -> InvalidInput:
    where = f"ticket {holder}" if holder is not None else "another ticket"
    return InvalidInput(
        f"{vendor}'s case {case_ref} is already tracked on {where}; "
        "a vendor case belongs to one ticket, update it there"
    )


def _open_case(
    contract: Contract,
    ticket: TicketRow,
    vendor: str,
    case_ref: str,
    opened_by: str | None,
    follow_through: str | None,
    now: datetime,
) -> VendorCaseRow:
    if not routing.is_party(contract, vendor):
        raise InvalidInput(f"'{vendor}' is not a party of the contract")
    default_opener, default_follow = routing.vendor_follow_through(
        contract, vendor, ticket.coordinator
    )
    case = VendorCaseRow(
        line_id=ticket.line_id,
        vendor=vendor,
        case_ref=case_ref,
        opened_by=opened_by or default_opener,
        follow_through=follow_through or default_follow,
        status=VendorStatus.OPEN.value,
        opened_at=now,
        updated_at=now,
    )
    ticket.vendor_cases.append(case)
    return case
