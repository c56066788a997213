"""Two changes to one ticket at the same moment, from two threads with their own connections.

Neither is lost silently: on PostgreSQL both may read the ticket before
either writes, and the row version refuses the later writer (ConcurrentUpdate,
nothing of it saved), which then retries on the fresh row; SQLite's single
writer runs them one after the other. A change made against a version another
writer has moved on from (`expected_version`) is refused on both engines.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from desk_builders import T0, load_starter, minutes, open_a_ticket
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from audit_key import TEST_KEY
from remit.bootstrap import Desk
from remit.domain.errors import ConcurrentUpdate
from remit.services import tickets, updates
from remit.services.audit import verify_audit
from remit.services.views import TicketSummary
from remit.store.engine import make_engine, make_session_factory
from remit.store.uow import UnitOfWork

Outcome = TicketSummary | Exception


@pytest.fixture
def engine(committing_url: str) -> Iterator[Engine]:
    opened = make_engine(committing_url)
    yield opened
    opened.dispose()


def rendezvous_desk(engine: Engine, parties: int) -> Desk:
    """A desk whose sessions wait for one another before their first write, so that on
    PostgreSQL every writer has read the ticket before any of them writes."""
    sessions = make_session_factory(engine)
    gate = threading.Barrier(parties, timeout=5)
    waited = threading.local()

    def before_flush(session: Session, *_: Any) -> None:
        if not getattr(waited, "done", False):
            waited.done = True
            gate.wait()

    event.listen(sessions, "before_flush", before_flush)
    return Desk(engine, lambda: UnitOfWork(sessions, TEST_KEY), TEST_KEY)


def at_once(*calls: Callable[[], TicketSummary]) -> list[Outcome]:
    """Run `calls` in threads released together; each result or the error it raised."""
    start = threading.Barrier(len(calls), timeout=5)
    outcomes: list[Outcome | None] = [None] * len(calls)

    def run(i: int) -> None:
        start.wait()
        try:
            outcomes[i] = calls[i]()
        except Exception as error:
            outcomes[i] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(o is not None for o in outcomes), "a writer hung"
    return [o for o in outcomes if o is not None]


def post(desk: Desk, ticket: int, known: str, version: int | None = None) -> TicketSummary:
    return updates.post_update(
        uow=desk.new_uow(),
        ticket_id=ticket,
        by="provider",
        known=known,
        checking="disk",
        next_action="restart",
        now=T0 + minutes(20),
        expected_version=version,
    )


def taken(desk: Desk) -> TicketSummary:
    load_starter(desk)
    ticket = open_a_ticket(desk).id
    return tickets.take_ticket(
        uow=desk.new_uow(), ticket_id=ticket, by="provider", now=T0 + minutes(5)
    )


def test_changes_against_the_same_version_one_wins_and_the_other_is_refused(
    engine: Engine,
) -> None:
    plain = Desk(engine, lambda: UnitOfWork(make_session_factory(engine), TEST_KEY), TEST_KEY)
    read = taken(plain)
    pause = lambda: tickets.pause_ticket(  # noqa: E731 - a call to race
        uow=plain.new_uow(),
        ticket_id=read.id,
        reason="no_access",
        by="provider",
        now=T0 + minutes(20),
        expected_version=read.version,
    )
    outcomes = at_once(pause, lambda: post(plain, read.id, "db down", read.version))
    refused = [o for o in outcomes if isinstance(o, Exception)]
    won = [o for o in outcomes if isinstance(o, TicketSummary)]
    assert (len(won), len(refused)) == (1, 1), outcomes
    assert isinstance(refused[0], ConcurrentUpdate)
    assert "changed by someone else" in str(refused[0])
    shown = tickets.show_ticket(uow=plain.new_uow(), ticket_id=read.id)
    assert shown.summary.version == read.version + 1
    assert len(shown.pauses) + len(shown.updates) == 1  # the refused change left nothing
    actions = [e.action for e in shown.audit]
    assert actions.count("paused") + actions.count("client_update") == 1
    assert verify_audit(uow=plain.new_uow()).intact


def test_two_writers_that_read_at_once_lose_no_update(engine: Engine) -> None:
    plain = Desk(engine, lambda: UnitOfWork(make_session_factory(engine), TEST_KEY), TEST_KEY)
    read = taken(plain)
    postgres = engine.dialect.name == "postgresql"
    racing = rendezvous_desk(engine, 2) if postgres else plain
    outcomes = at_once(
        lambda: post(racing, read.id, "first"), lambda: post(racing, read.id, "second")
    )
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert all(isinstance(o, ConcurrentUpdate) for o in refused), refused
    if postgres:  # both read version N; the row version turns the later writer away
        assert len(refused) == 1
        retried = post(plain, read.id, "retried")
        assert retried.version == read.version + 2
    else:  # the single writer queues the second transaction behind the first
        assert refused == []
    shown = tickets.show_ticket(uow=plain.new_uow(), ticket_id=read.id)
    assert len(shown.updates) == 2
    assert shown.summary.version == read.version + 2
    assert [e.action for e in shown.audit].count("client_update") == 2
    assert verify_audit(uow=plain.new_uow()).intact
