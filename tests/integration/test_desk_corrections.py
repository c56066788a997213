"""Corrections on both engines: terms derived again, clocks from the original start,
breaches recorded at once and never erased, every change audited with old and new values."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from desk_builders import T0, load_starter, minutes, open_a_ticket
from sqlalchemy import select

from remit.bootstrap import Desk
from remit.domain.errors import InvalidInput, NotPermitted
from remit.domain.terms import Impact
from remit.services import tickets
from remit.services.corrections import correct_ticket
from remit.services.escalations import run_sweep
from remit.store.tables import BreachRow, DueWorkRow, FiredWorkRow

MONDAY_NOON_BERLIN = datetime(2026, 3, 9, 11, 0, tzinfo=UTC)  # office 08:00 + 4 h


def iso(moment: datetime) -> str:
    return moment.isoformat()


def breaches(desk: Desk, ticket: int) -> list[tuple[str, str, datetime, datetime]]:
    with desk.new_uow() as uow:
        rows = uow.session.execute(
            select(BreachRow.measure, BreachRow.key, BreachRow.due_at, BreachRow.recorded_at)
            .where(BreachRow.ticket_id == ticket)
            .order_by(BreachRow.id)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def pending(desk: Desk, ticket: int) -> dict[str, datetime]:
    with desk.new_uow() as uow:
        rows = uow.session.execute(
            select(DueWorkRow.key, DueWorkRow.due_at).where(DueWorkRow.ticket_id == ticket)
        )
        return dict(list(rows))


def fired(desk: Desk, ticket: int) -> list[str]:
    with desk.new_uow() as uow:
        keys = uow.session.scalars(select(FiredWorkRow.key).where(FiredWorkRow.ticket_id == ticket))
        return sorted(keys)


def audit(desk: Desk, ticket: int, action: str) -> list[dict[str, Any]]:
    shown = tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket)
    return [entry for entry in shown.audit if entry.action == action]


def test_an_upgrade_re_plans_from_the_original_start_and_records_a_passed_breach_at_once(
    desk: Desk,
) -> None:
    load_starter(desk)
    before = open_a_ticket(desk, scope=Impact.DEPARTMENT, category="degradation", objects=("erp",))
    assert (before.priority, before.response_due, before.response_breach_at) == (
        "P3",
        MONDAY_NOON_BERLIN,
        MONDAY_NOON_BERLIN,
    )
    assert before.recovery_due == datetime(2026, 3, 13, 17, 0, tzinfo=UTC)  # 50 office hours
    after = correct_ticket(
        uow=desk.new_uow(),
        ticket_id=before.id,
        by="provider.oncall",
        reason="the whole company is down, not one department slow",
        now=T0 + minutes(20),
        scope=Impact.ORGANIZATION,
        category="outage",
    )
    assert (after.priority, after.category) == ("P1", "outage")
    assert (after.response_due, after.response_breach_at) == (T0 + minutes(15), T0 + minutes(15))
    assert (after.recovery_due, after.recovery_breach_at) == (T0 + minutes(240), T0 + minutes(240))
    assert after.next_update_due == T0 + minutes(30)
    assert breaches(desk, before.id) == [
        ("response", "breach:response", T0 + minutes(15), T0 + minutes(20))
    ]
    assert pending(desk, before.id) == {
        "breach:response": T0 + minutes(15),
        "breach:recovery": T0 + minutes(240),
        "escalate:recovery:0.5:engineering": T0 + minutes(120),
        "escalate:recovery:0.8:management": T0 + minutes(192),
        "update:0": T0 + minutes(30),
        "handoff_due": T0 + minutes(15),  # P1's handoff_after, also from the original start
    }
    [entry] = audit(desk, before.id, "corrected")
    assert entry.actor == "provider.oncall"
    assert entry.detail["reason"] == "the whole company is down, not one department slow"
    assert entry.detail["changes"] == {
        "priority": ["P3", "P1"],
        "category": ["degradation", "outage"],
        "impact": ["department", "organization"],
        "urgency": ["degraded", "work_stopped"],
        "clock_calendar": ["office", "always"],
        "update_calendar": ["office", "always"],
        "response_target": [14_400, 900],
        "recovery_target": [180_000, 14_400],
        "update_cadence": [36_000, 1800],
        "after_hours": [False, True],
    }
    assert entry.detail["moved"]["response_due"] == [
        iso(MONDAY_NOON_BERLIN),
        iso(T0 + minutes(15)),
    ]
    assert entry.detail["breached"] == ["response"]


def test_work_the_upgrade_made_overdue_fires_at_the_next_sweep_once(desk: Desk) -> None:
    load_starter(desk)
    ticket = open_a_ticket(desk, scope=Impact.DEPARTMENT, category="degradation").id
    correct_ticket(
        uow=desk.new_uow(),
        ticket_id=ticket,
        by="provider",
        reason="company-wide",
        now=T0 + minutes(20),
        priority="P1",
        category="outage",
    )
    first = run_sweep(uow=desk.new_uow(), now=T0 + minutes(21), worker="w")
    assert first.fired == {"breach": 1, "handoff_due": 1}  # both fell due at T0+15m
    assert run_sweep(uow=desk.new_uow(), now=T0 + minutes(22), worker="w").claimed == 0
    assert fired(desk, ticket) == ["breach:response", "handoff_due"]
    assert len(breaches(desk, ticket)) == 1  # recorded by the correction, not twice
    [breached] = audit(desk, ticket, "breached")
    assert breached.detail["due_at"] == iso(T0 + minutes(15))


def test_a_downgrade_keeps_the_recorded_breach_and_the_measure_stays_missed(desk: Desk) -> None:
    load_starter(desk)
    ticket = open_a_ticket(desk).id
    run_sweep(uow=desk.new_uow(), now=T0 + minutes(20), worker="w")
    assert fired(desk, ticket) == ["breach:response", "handoff_due"]
    after = correct_ticket(
        uow=desk.new_uow(),
        ticket_id=ticket,
        by="provider",
        reason="only one user affected",
        now=T0 + minutes(25),
        priority="P3",  # a scope of one user would not do it: db-main's criticality floors it
    )
    assert after.priority == "P3"
    assert (after.response_due, after.response_breach_at) == (
        MONDAY_NOON_BERLIN,
        MONDAY_NOON_BERLIN,
    )
    assert after.recovery_due == datetime(2026, 3, 11, 17, 0, tzinfo=UTC)  # 30 office hours
    assert breaches(desk, ticket) == [
        ("response", "breach:response", T0 + minutes(15), T0 + minutes(20))
    ]
    assert fired(desk, ticket) == ["breach:response", "handoff_due"]
    assert pending(desk, ticket) == {
        "breach:recovery": datetime(2026, 3, 12, 7, 0, tzinfo=UTC),  # next opening after due
        "update:0": datetime(2026, 3, 9, 17, 0, tzinfo=UTC),  # 10 office hours: Monday 18:00
    }  # P3 has no escalation ladder; the fired response breach is not planned again
    [entry] = audit(desk, ticket, "corrected")
    assert entry.detail["changes"]["priority"] == ["P1", "P3"]
    assert entry.detail["breached"] == []
    tickets.take_ticket(uow=desk.new_uow(), ticket_id=ticket, by="provider", now=T0 + minutes(30))
    [taken] = audit(desk, ticket, "taken")
    assert taken.detail["response_met"] is False


def test_only_the_coordinator_corrects_and_a_refused_correction_changes_nothing(
    desk: Desk,
) -> None:
    load_starter(desk)
    ticket = open_a_ticket(desk)
    with pytest.raises(NotPermitted, match="developer may not correct the ticket"):
        correct_ticket(
            uow=desk.new_uow(),
            ticket_id=ticket.id,
            by="developer",
            reason="looks small",
            now=T0 + minutes(5),
            priority="P4",
        )
    with pytest.raises(InvalidInput, match="already has these values"):
        correct_ticket(
            uow=desk.new_uow(),
            ticket_id=ticket.id,
            by="provider",
            reason="same",
            now=T0 + minutes(5),
            priority="P1",
        )
    with pytest.raises(InvalidInput, match="needs a reason"):
        correct_ticket(
            uow=desk.new_uow(),
            ticket_id=ticket.id,
            by="provider",
            reason=" ",
            now=T0 + minutes(5),
            priority="P2",
        )
    shown = tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket.id)
    assert (shown.summary.priority, shown.summary.version) == ("P1", ticket.version)
    assert audit(desk, ticket.id, "corrected") == []


def test_an_escalation_fired_before_the_upgrade_is_not_fired_again(desk: Desk) -> None:
    load_starter(desk)
    # P2 outage, office hours (erp is high: the department floor; db-main would raise it to P1)
    ticket = open_a_ticket(desk, scope=Impact.DEPARTMENT, objects=("erp",)).id
    assert pending(desk, ticket)["escalate:recovery:0.5:engineering"] == MONDAY_NOON_BERLIN
    monday = MONDAY_NOON_BERLIN + minutes(30)
    run_sweep(uow=desk.new_uow(), now=monday, worker="w")
    assert fired(desk, ticket) == [
        "breach:response",
        "escalate:recovery:0.5:engineering",
        "handoff_due",
        "update:0",
    ]
    correct_ticket(
        uow=desk.new_uow(),
        ticket_id=ticket,
        by="provider",
        reason="the whole company",
        now=monday + minutes(10),
        scope=Impact.ORGANIZATION,
    )
    assert pending(desk, ticket) == {
        "breach:recovery": T0 + minutes(240),
        "escalate:recovery:0.8:management": T0 + minutes(192),
    }
    assert [b[:2] for b in breaches(desk, ticket)] == [
        ("response", "breach:response"),
        ("update", "update:0"),
        ("recovery", "breach:recovery"),  # the P1 recovery target ended at 06:10 on Sunday
    ]
    again = run_sweep(uow=desk.new_uow(), now=monday + minutes(11), worker="w")
    assert again.fired == {"breach": 1, "escalate": 1}
    escalated = [e.detail["key"] for e in audit(desk, ticket, "escalated")]
    assert escalated == ["escalate:recovery:0.5:engineering", "escalate:recovery:0.8:management"]
