"""Follow-through: recording a vendor follow-up, and the worker's hand-off to engineering.

The clocks are planned by `remit.domain.follow_through`. A recorded follow-up
restarts its case's interval; one recorded after the interval ran out also
records the miss (once, whoever notices it first: this call or the worker).

When `handoff_after` runs out the worker hands the ticket to the engineering
party if it is still with the helpdesk (its assignee is the priority's intake
party or the coordinator): a hand-off row, counted. A ticket already handed
elsewhere (localized to a layer, say) keeps its assignee. Either way the
engineering party and the coordinator get a hand-off notice and the log an
entry (`handoff_due`, with `handed_off` true or false).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from remit.domain.errors import InvalidInput, NotFound
from remit.domain.events import Action, NoticeKind
from remit.domain.follow_through import FOLLOW_UP_MEASURE, HANDOFF_KEY
from remit.domain.instants import require_not_before
from remit.domain.ticket import ACTIVE, State
from remit.services.contract_books import ContractBook
from remit.services.ticket_ops import (
    CLOSED_CASES,
    aware,
    clock_terms,
    follow_through,
    load,
    notify,
    ordered,
    record,
    replan,
    require_party,
    touch,
)
from remit.store.tables import HandoffRow, TicketRow, VendorCaseRow
from remit.store.uow import UnitOfWork

WORKER_ACTOR = "remit-worker"


@dataclass(frozen=True, slots=True)
class FollowUpView:
    vendor: str
    case_ref: str
    follow_through: str
    follow_ups: int
    late: bool
    next_follow_up_due: datetime | None


def record_vendor_follow_up(
    *,
    uow: UnitOfWork,
    ticket_id: int,
    case_ref: str,
    note: str,
    by: str,
    now: datetime,
    vendor: str | None = None,
) -> FollowUpView:
    """The follow-through party (or the coordinator) records chasing the vendor on a case."""
    aware(now)
    if not note.strip():
        raise InvalidInput("a follow-up says what the vendor was asked or said (--note)")
    with uow:
        ticket, book = load(uow, ticket_id)
        ordered(
            uow, ticket, now, f"record a follow-up of vendor case {case_ref} on ticket {ticket_id}"
        )
        case = _case(ticket, case_ref, vendor)
        require_party(
            by,
            [case.follow_through, ticket.coordinator],
            "record a vendor follow-up",
            f"case {case.case_ref} is followed through by {case.follow_through}",
        )
        if case.status in CLOSED_CASES:
            raise InvalidInput(f"vendor case {case.case_ref} is {case.status}; nothing to follow")
        _require_in_order(ticket, case, now)
        late = _record_miss(uow, ticket, case, _planned(ticket, book), now)
        case.follow_ups = (case.follow_ups or 0) + 1
        case.last_follow_up_at, case.updated_at, case.note = now, now, note
        record(
            uow,
            ticket,
            Action.VENDOR_FOLLOW_UP,
            by,
            now,
            vendor=case.vendor,
            case_ref=case.case_ref,
            note=note,
            follow_ups=case.follow_ups,
            late=late,
        )
        touch(ticket, now)
        planned = replan(uow, ticket, book)
        key = f"{FOLLOW_UP_MEASURE}:{case.id}:{case.follow_ups}"
        due = next((w.due_at for w in planned.work if w.key == key), None)
        uow.commit()
        return FollowUpView(
            case.vendor, case.case_ref, case.follow_through, case.follow_ups, late, due
        )


def _require_in_order(ticket: TicketRow, case: VendorCaseRow, now: datetime) -> None:
    """A follow-up comes after the case was opened and after the previous follow-up."""
    what = f"record a follow-up of vendor case {case.case_ref} on ticket {ticket.id}"
    require_not_before(what, now, "the case was opened", case.opened_at)
    require_not_before(what, now, "the previous follow-up was recorded", case.last_follow_up_at)


def _planned(ticket: TicketRow, book: ContractBook) -> dict[str, datetime]:
    """The follow-through work as planned before this change, key -> due instant."""
    terms = clock_terms(ticket)
    if terms is None:
        return {}
    return {w.key: w.due_at for w in follow_through(ticket, terms, book)}


def _case(ticket: TicketRow, case_ref: str, vendor: str | None) -> VendorCaseRow:
    found = [
        c
        for c in ticket.vendor_cases
        if c.case_ref == case_ref and (vendor is None or c.vendor == vendor)
    ]
    if not found:
        raise NotFound("vendor case", f"{case_ref} on ticket {ticket.id}")
    if len(found) > 1:
        raise InvalidInput(f"several vendors have a case {case_ref}: name the --vendor")
    return found[0]


def _record_miss(
    uow: UnitOfWork,
    ticket: TicketRow,
    case: VendorCaseRow,
    planned: dict[str, datetime],
    now: datetime,
) -> bool:
    key = f"{FOLLOW_UP_MEASURE}:{case.id}:{case.follow_ups or 0}"
    due = planned.get(key)
    if due is None or now <= due:
        return False
    uow.due_work.record_breach(ticket.id, FOLLOW_UP_MEASURE, key, due, now)
    return True


def handoff_due(uow: UnitOfWork, ticket_id: int, now: datetime, detail: dict[str, object]) -> bool:
    """Inside the worker's transaction: hand a ticket still with the helpdesk to engineering."""
    ticket, book = load(uow, ticket_id)
    if State(ticket.state) not in ACTIVE:
        return False
    engineering = str(detail["engineering"])
    helpdesk = {ticket.coordinator, str(detail.get("intake") or ticket.coordinator)}
    handed = ticket.assignee in helpdesk and ticket.assignee != engineering
    reason = "not restored within the priority's handoff_after"
    if handed:
        _hand_to(uow, ticket, engineering, reason, now)
    record(uow, ticket, Action.HANDOFF_DUE, WORKER_ACTOR, now, handed_off=handed, **detail)
    notify(
        uow,
        ticket,
        NoticeKind.HANDOFF,
        [engineering, ticket.coordinator],
        f"hand-off due to engineering: {ticket.title}",
        now,
        HANDOFF_KEY,
        book,
        reason=reason,
        handed_off=handed,
        assignee=ticket.assignee,
        coordinator=ticket.coordinator,
    )
    touch(ticket, now)
    return handed


def _hand_to(uow: UnitOfWork, ticket: TicketRow, to: str, reason: str, now: datetime) -> None:
    """A counted hand-off by the worker, recorded like the coordinator's."""
    row = HandoffRow(
        from_party=ticket.assignee, to_party=to, reason=reason, at=now, by=WORKER_ACTOR
    )
    ticket.handoffs.append(row)
    record(
        uow,
        ticket,
        Action.HANDOFF,
        WORKER_ACTOR,
        now,
        from_party=ticket.assignee,
        to_party=to,
        reason=reason,
    )
    ticket.assignee = to
    ticket.handoff_count += 1
