"""The sweep's writes on both engines: notices addressed like the services address them,
duplicates skipped by key in a bulk write, fired work never planned again."""

from __future__ import annotations

from datetime import timedelta

from desk_builders import T0, load_starter, minutes, open_a_ticket
from sqlalchemy import func, select, update

from remit.bootstrap import Desk
from remit.domain.events import Notice, NoticeKind
from remit.services import tickets
from remit.services.escalations import run_sweep
from remit.services.outbox import list_outbox
from remit.store import outbox
from remit.store.tables import DueWorkRow, FiredWorkRow, OutboxRow


def _notice(key: str, subject: str) -> Notice:
    return Notice(key=key, kind=NoticeKind.ESCALATION, recipient="provider", subject=subject)


def test_worker_notices_carry_the_contract_address_of_each_recipient(desk: Desk) -> None:
    load_starter(desk)
    ticket = open_a_ticket(desk).id
    run_sweep(uow=desk.new_uow(), now=T0 + minutes(240), worker="w")
    notices = {
        (n.key.split(":", 2)[2], n.recipient): n.address
        for n in list_outbox(uow=desk.new_uow(), ticket_id=ticket)
    }
    assert notices[("escalate:recovery:0.5:engineering:provider.oncall", "provider.oncall")] == (
        "+49 30 5558 2999"  # the level's named contact: no e-mail, so the phone
    )
    assert notices[("escalate:recovery:0.8:management:client.owner", "client.owner")] == (
        "m.keller@example.com"
    )
    assert notices[("escalate:recovery:0.8:management:client", "client")] == (
        "+49 30 5557 1000"  # a party: its emergency channel
    )
    assert notices[("breach:response:provider", "provider")] == "+49 30 5558 2999"
    assert None not in notices.values()


def test_a_bulk_write_skips_keys_already_queued_and_keeps_the_rest(desk: Desk) -> None:
    load_starter(desk)
    with desk.new_uow() as uow:
        outbox.enqueue(uow.session, [(_notice("k:1", "first"), T0)])
        uow.commit()
    with desk.new_uow() as uow:
        again = [(_notice(f"k:{i}", "second"), T0) for i in (1, 2, 3)]
        outbox.enqueue(uow.session, again)
        uow.commit()
    with desk.new_uow() as uow:
        rows = uow.session.execute(select(OutboxRow.key, OutboxRow.subject).order_by(OutboxRow.key))
        assert list(rows) == [("k:1", "first"), ("k:2", "second"), ("k:3", "second")]


def test_fired_work_leaves_the_pending_table_and_is_not_planned_again(desk: Desk) -> None:
    load_starter(desk)
    ticket = open_a_ticket(desk).id
    first = run_sweep(uow=desk.new_uow(), now=T0 + minutes(130), worker="w")
    assert first.fired == {"breach": 1, "escalate": 1, "update_due": 1, "handoff_due": 1}
    tickets.take_ticket(uow=desk.new_uow(), ticket_id=ticket, by="provider", now=T0 + minutes(131))
    with desk.new_uow() as uow:
        fired = uow.session.execute(
            select(FiredWorkRow.key, FiredWorkRow.fired_by).where(FiredWorkRow.ticket_id == ticket)
        )
        assert sorted(fired) == [
            ("breach:response", "w"),
            ("escalate:recovery:0.5:engineering", "w"),
            ("handoff_due", "w"),
            ("update:0", "w"),
        ]
        pending = select(DueWorkRow.key).where(DueWorkRow.ticket_id == ticket)
        assert "escalate:recovery:0.5:engineering" not in set(uow.session.scalars(pending))
    again = run_sweep(uow=desk.new_uow(), now=T0 + minutes(130), worker="w")
    assert again.claimed == 0
    shown = tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket)
    fired_keys = [w.key for w in shown.due_work if w.fired_at is not None]
    assert sorted(fired_keys) == [
        "breach:response",
        "escalate:recovery:0.5:engineering",
        "handoff_due",
        "update:0",
    ]


def test_a_sweep_claims_the_oldest_due_rows_first(desk: Desk) -> None:
    load_starter(desk)
    for i in range(3):
        open_a_ticket(desk, now=T0 + timedelta(minutes=i))
    swept = run_sweep(uow=desk.new_uow(), now=T0 + minutes(600), worker="w", limit=4)
    assert swept.claimed == 4
    with desk.new_uow() as uow:
        fired = uow.session.execute(select(func.max(FiredWorkRow.due_at))).scalar_one()
        left = uow.session.execute(select(func.min(DueWorkRow.due_at))).scalar_one()
        assert fired <= left


def test_work_planned_without_addresses_is_addressed_from_the_tickets_contract(
    desk: Desk,
) -> None:
    load_starter(desk)
    ticket = open_a_ticket(desk).id
    with desk.new_uow() as uow:  # as work planned before addresses were stored with it
        uow.session.execute(update(DueWorkRow).values(addresses={}))
        uow.commit()
    run_sweep(uow=desk.new_uow(), now=T0 + minutes(20), worker="w")
    notices = list_outbox(uow=desk.new_uow(), ticket_id=ticket)
    breach = [(n.recipient, n.address) for n in notices if n.kind == "breach"]
    assert sorted(breach) == [
        ("client.owner", "m.keller@example.com"),
        ("provider", "+49 30 5558 2999"),
    ]
