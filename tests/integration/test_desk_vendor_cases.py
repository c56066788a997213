"""A vendor's case reference names one case, on one ticket.

Naming it on a second ticket is refused before anything is written; two tickets
that claim it at the same moment on PostgreSQL (both find it free, then both
insert) leave one holder, and the other is refused the same way, not with the
database's unique-constraint error.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from desk_builders import T0, load_starter, minutes, open_a_ticket
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from audit_key import TEST_KEY
from remit.bootstrap import Desk
from remit.domain.errors import InvalidInput
from remit.services import coordination, tickets
from remit.store.engine import make_engine, make_session_factory
from remit.store.uow import UnitOfWork

Outcome = coordination.VendorCaseView | Exception


@pytest.fixture
def engine(committing_url: str) -> Iterator[Engine]:
    opened = make_engine(committing_url)
    yield opened
    opened.dispose()


def two_taken_tickets(desk: Desk) -> list[int]:
    load_starter(desk)
    ids = [open_a_ticket(desk).id, open_a_ticket(desk).id]
    for ticket in ids:
        tickets.take_ticket(
            uow=desk.new_uow(), ticket_id=ticket, by="provider", now=T0 + minutes(5)
        )
    return ids


def open_case(desk: Desk, ticket: int) -> coordination.VendorCaseView:
    return coordination.vendor_case(
        uow=desk.new_uow(),
        ticket_id=ticket,
        vendor="developer",
        case_ref="ES-4711",
        by="provider",
        now=T0 + minutes(30),
    )


def test_a_case_reference_held_by_another_ticket_is_refused(desk: Desk) -> None:
    first, second = two_taken_tickets(desk)
    assert open_case(desk, first).case_ref == "ES-4711"
    with pytest.raises(InvalidInput, match=r".") as refused:
        open_case(desk, second)
    assert str(refused.value) == (
        f"developer's case ES-4711 is already tracked on ticket {first}; "
        "a vendor case belongs to one ticket, update it there"
    )
    shown = tickets.show_ticket(uow=desk.new_uow(), ticket_id=second)
    assert shown.vendor_cases == ()
    assert "vendor_case_opened" not in [e.action for e in shown.audit]


def rendezvous(engine: Engine) -> Desk:
    """Sessions that wait for each other before their first write: both have found the
    reference free before either inserts it."""
    sessions = make_session_factory(engine)
    gate = threading.Barrier(2, timeout=10)
    waited = threading.local()

    def before_flush(session: Session, *_: Any) -> None:
        if not getattr(waited, "done", False):
            waited.done = True
            gate.wait()

    event.listen(sessions, "before_flush", before_flush)
    return Desk(engine, lambda: UnitOfWork(sessions, TEST_KEY), TEST_KEY)


@pytest.mark.postgres
def test_two_tickets_racing_for_one_case_reference_leave_one_holder(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite runs one writer at a time: the second finds the first's case")
    plain = Desk(engine, lambda: UnitOfWork(make_session_factory(engine), TEST_KEY), TEST_KEY)
    ids = two_taken_tickets(plain)
    racing = rendezvous(engine)
    outcomes: list[Outcome | None] = [None, None]

    def run(i: int) -> None:
        try:
            outcomes[i] = open_case(racing, ids[i])
        except Exception as error:
            outcomes[i] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(refused) == 1, outcomes
    assert isinstance(refused[0], InvalidInput), refused
    holder = next(
        ids[i] for i, o in enumerate(outcomes) if isinstance(o, coordination.VendorCaseView)
    )
    assert f"already tracked on ticket {holder}" in str(refused[0])
