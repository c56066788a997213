"""The one intake every channel uses (CLI now; web, API and e-mail call the same function)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from remit.domain import rights, routing, targets
from remit.domain.errors import InvalidInput
from remit.domain.events import Action, NoticeKind
from remit.domain.instants import entered_moment
from remit.domain.subaccounts import Grant
from remit.domain.terms import Impact, Urgency
from remit.domain.ticket import IntakeChannel, RequestKind, State
from remit.services.contract_books import ContractBook, in_force
from remit.services.lines import line_for_ticket
from remit.services.maintenance import mark_planned_work
from remit.services.scope import announce_scope, scope_columns
from remit.services.subaccounts import sub_account_grant
from remit.services.symptoms import escalate_symptoms
from remit.services.ticket_ops import aware, notify, record, replan
from remit.services.views import TicketSummary, summary, zone_of
from remit.store.tables import TicketRow
from remit.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class Intake:
    """Everything a requester tells the desk when reporting a fault or asking for a change."""

    requester: str
    title: str
    symptoms: str
    who_cannot_work: str
    scope: Impact
    category: str
    channel: IntakeChannel = IntakeChannel.CLI
    objects: tuple[str, ...] = ()
    urgency: Urgency | None = None
    error_refs: tuple[str, ...] = ()
    actions_taken: tuple[str, ...] = ()
    kind: RequestKind = RequestKind.TECHNICAL


def open_ticket(
    *, uow: UnitOfWork, intake: Intake, now: datetime, line: str | None = None
) -> TicketSummary:
    """Record a request on the contract line `line` names (else the only line the caller
    sees), under that line's version in force; accept it from an authorized contact, hold
    it from anyone else."""
    aware(now)
    _validate(intake)
    with uow:
        entered_moment(now, uow.clock(), "open a ticket")
        chosen = line_for_ticket(uow, line)
        book = in_force(uow, chosen, now.date())
        grant = sub_account_grant(uow, chosen.id, book.contract, intake.requester)
        ticket = uow.tickets.add(_new_ticket(book, chosen.id, intake, now, grant))
        record(
            uow,
            ticket,
            Action.OPENED,
            intake.requester,
            now,
            channel=intake.channel,
            priority=ticket.priority,
            category=ticket.category,
            objects=ticket.objects,
            authorized=ticket.authorized,
            **({"sub_account": grant.describe()} if grant is not None else {}),
            contract_version=book.version_id,
            line=chosen.key,
            intake=routing.intake_party(book.contract, ticket.priority, ticket.after_hours).party,
        )
        mark_planned_work(uow, book, ticket, now)
        _route(uow, book, ticket, now)
        announce_scope(uow, book, ticket, now)
        if ticket.state == State.NEW.value:
            escalate_symptoms(uow, book, ticket, now)
        replan(uow, ticket, book)
        uow.commit()
        return summary(ticket, timezone=zone_of(uow, ticket))


def _validate(intake: Intake) -> None:
    for name in ("requester", "title", "symptoms", "who_cannot_work"):
        if not getattr(intake, name).strip():
            raise InvalidInput(f"the intake needs {name.replace('_', ' ')}")


def _new_ticket(
    book: ContractBook, line_id: int, intake: Intake, now: datetime, grant: Grant | None
) -> TicketRow:
    """The ticket's row; the request is accepted from a contact the contract authorizes
    or from a sub-account of the line within its grant (`rights.authorized_request`)."""
    contract = book.contract
    unknown = routing.unknown_objects(contract, intake.objects)
    if unknown:
        raise InvalidInput(f"objects not in the contract: {', '.join(unknown)}")
    routing.require_category(contract, intake.category)
    found = routing.classify(
        contract, intake.scope, intake.category, intake.objects, urgency=intake.urgency
    )
    priority, urgency = routing.require_priority(contract, found), found.urgency
    contact = routing.resolve_contact(contract, intake.requester)
    authorized = rights.authorized_request(contract, contact, intake.kind, intake.objects, grant)
    rule = targets.governing_rule(
        contract, intake.objects, intake.category, priority, now, book.clock
    )
    calendar = rule.calendar if rule else None
    coordinator = routing.coordinator(contract, priority)
    state = State.NEW if authorized else State.HELD
    if not authorized and routing.rejects_unauthorized(contract):
        state = State.REJECTED
    return TicketRow(
        line_id=line_id,
        contract_version_id=book.version_id,
        calendar_version_id=book.version_id,
        state=state.value,
        kind=intake.kind.value,
        channel=intake.channel.value,
        requester=intake.requester,
        requester_contact=contact,
        authorized=authorized,
        title=intake.title.strip(),
        symptoms=intake.symptoms,
        who_cannot_work=intake.who_cannot_work,
        impact=intake.scope.value,
        urgency=urgency.value,
        category=intake.category,
        priority=priority,
        objects=list(intake.objects),
        error_refs=list(intake.error_refs),
        actions_taken=list(intake.actions_taken),
        coordinator=coordinator,
        assignee=coordinator,
        localized_layer=None,
        fault_class=None,
        after_hours=_after_hours(book, priority, intake.category, now),
        clock_calendar=calendar,
        response_target=rule.response if rule else None,
        recovery_target=rule.recovery if rule else None,
        update_cadence=contract.communication.cadence.get(priority),
        update_calendar=targets.update_calendar(contract, calendar),
        opened_at=now,
        updated_at=now,
        accepted_at=now if state is State.NEW else None,
        update_count=0,
        handoff_count=0,
        **scope_columns(contract, intake.objects, intake.category),
        **_no_records(),
    )


def _no_records() -> dict[str, list[Any]]:
    """A new ticket's records, known to be none: nothing to read back from the store."""
    return {
        name: []
        for name in (
            "pauses",
            "restorations",
            "checks",
            "handoffs",
            "updates",
            "vendor_cases",
            "reports",
            "breaches",
            "approvals",
            "transfers",
        )
    }


def _after_hours(book: ContractBook, priority: str, category: str, now: datetime) -> bool:
    """True when the request arrives outside business hours and the contract covers it."""
    if book.clock(routing.business_calendar(book.contract)).is_open(now):
        return False
    return routing.after_hours_covered(book.contract, priority, category)


def _route(uow: UnitOfWork, book: ContractBook, ticket: TicketRow, now: datetime) -> None:
    if ticket.state == State.HELD.value:
        primary = routing.primary_contact(book.contract)
        record(
            uow,
            ticket,
            Action.HELD,
            "desk",
            now,
            requester=ticket.requester,
            confirm_by=primary,
            reason="requester is not an authorized contact",
        )
        if primary is not None:
            notify(
                uow,
                ticket,
                NoticeKind.AUTHORIZATION_REQUEST,
                [primary],
                f"confirm a {ticket.kind} request from {ticket.requester}",
                now,
                "authorization",
                book,
                requester=ticket.requester,
                title=ticket.title,
            )
    elif ticket.state == State.REJECTED.value:
        record(
            uow,
            ticket,
            Action.REJECTED,
            "desk",
            now,
            reason="requester is not an authorized contact and the contract rejects such requests",
        )
