"""The unit of work: one transaction per use case, with its audit entries and notices.

A service opens it with ``with uow:``, changes rows through the repositories,
`record`s what happened and `notify`s whom, then calls `commit`. The commit
writes the notices to the outbox (ignoring keys already there), seals the audit
entries into the keyed hash chain under the chain-head lock, and commits
everything at once. Leaving the block without a commit rolls it all back. A
unit of work without an audit key refuses to commit audit entries
(`AuditKeyMissing`), so nothing is recorded that the chain cannot vouch for.

A unit of work sees the contract lines of its `LineScope` (every line unless
told otherwise): its repositories find no ticket of another line.

A ticket row carries a version: a write to a ticket that another transaction
changed since it was read fails wherever the write is flushed, and leaves the
block as `ConcurrentUpdate` with nothing saved.

A unit of work opened for an adapter that marks its channel (`via`, e.g. ``"cli"`` for
the operator's command line) adds ``via`` to the detail of every audit entry it
records, so the sealed record says how the action reached the desk.

The unit of work also carries the server `clock`: the instant an action is
*entered*, against which the services judge the instant it *happened*
(`remit.domain.instants`). It reads the system clock unless a clock is injected
(the demo's simulated night, tests that play a scenario at chosen instants).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from types import TracebackType
from typing import Self

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from remit.domain.audit import AuditKey, Entry
from remit.domain.errors import AuditKeyMissing, ConcurrentUpdate
from remit.domain.events import Notice
from remit.domain.lines import EVERY_LINE, LineScope
from remit.store import audit_log, idempotency, outbox
from remit.store.idempotency import Answer, AnsweredMeanwhile
from remit.store.people import People, SubAccounts, Tokens
from remit.store.repositories import ContractLines, ContractVersions, Directory, Tickets
from remit.store.stores import AuditStore, ClaimsStore, DueWorkStore, OutboxStore, WindowsStore


class DuplicateRow(Exception):
    """A write met a row that a unique key allows once (another transaction wrote it
    first); the unit of work is rolled back."""


def system_clock() -> datetime:
    """The server's clock, aware and in UTC."""
    return datetime.now(UTC)


class UnitOfWork:
    session: Session
    lines: ContractLines
    contracts: ContractVersions
    directory: Directory
    tickets: Tickets
    people: People
    tokens: Tokens
    sub_accounts: SubAccounts
    due_work: DueWorkStore
    claims: ClaimsStore
    windows: WindowsStore
    audit: AuditStore
    outbox: OutboxStore

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        audit_key: AuditKey | None = None,
        clock: Callable[[], datetime] = system_clock,
        *,
        scope: LineScope = EVERY_LINE,
        via: str | None = None,
    ) -> None:
        self._factory = session_factory
        self.audit_key = audit_key
        self.clock = clock
        self.scope = scope
        self.via = via
        self._entries: list[Entry] = []
        self._notices: list[tuple[Notice, datetime]] = []
        self._answer: Answer | None = None

    def answering(self, answer: Answer) -> None:
        """Remember `answer` (a request's idempotency key) in the next commit's
        transaction, with the ticket that transaction made or changed: a retry then finds
        either the answer or nothing done."""
        self._answer = answer

    def answered(self, caller: str, key: str) -> Answer | None:
        """The answer remembered for `caller`'s `key`, if any."""
        return idempotency.find(self.session, caller, key)

    def __enter__(self) -> Self:
        self.session = self._factory()
        self.lines = ContractLines(self.session, self.scope)
        self.contracts = ContractVersions(self.session)
        self.directory = Directory(self.session)
        self.tickets = Tickets(self.session, self.scope)
        self.people = People(self.session)
        self.tokens = Tokens(self.session)
        self.sub_accounts = SubAccounts(self.session)
        self.due_work = DueWorkStore(self.session)
        self.claims = ClaimsStore(self.session)
        self.windows = WindowsStore(self.session)
        self.audit = AuditStore(self.session)
        self.outbox = OutboxStore(self.session)
        self._entries, self._notices = [], []
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.session.rollback()
        self.session.close()
        if isinstance(exc, StaleDataError):
            raise self._conflict() from None

    def _conflict(self) -> ConcurrentUpdate:
        """Another transaction changed a ticket this one read: its row version moved on."""
        return ConcurrentUpdate(self.tickets.seen[0] if self.tickets.seen else 0)

    def flush(self) -> None:
        """Send the changes so far to the database (ids assigned), inside the transaction."""
        try:
            self.session.flush()
        except IntegrityError as error:
            self.session.rollback()
            raise DuplicateRow(str(error.orig)) from None

    def record(self, entry: Entry) -> None:
        if self.via is not None:
            entry = replace(entry, detail={**entry.detail, "via": self.via})
        self._entries.append(entry)

    def notify(self, notice: Notice, at: datetime) -> None:
        self._notices.append((notice, at))

    def commit(self) -> None:
        if self._entries and self.audit_key is None:
            raise AuditKeyMissing()
        answer, self._answer = self._answer, None
        try:
            self._commit(answer)
        except IntegrityError:
            self.session.rollback()
            if answer is not None and self.answered(answer.caller, answer.key) is not None:
                raise AnsweredMeanwhile(answer.key) from None  # a racing retry won
            raise DuplicateRow("a unique key was taken meanwhile") from None

    def _commit(self, answer: Answer | None) -> None:
        self.session.flush()
        if answer is not None:
            ticket_id = self.tickets.seen[0] if self.tickets.seen else None
            idempotency.remember(self.session, answer, ticket_id)
        outbox.enqueue(self.session, self._notices)
        if self.audit_key is not None:
            audit_log.append(self.session, self._entries, self.audit_key)
        self.session.commit()
        self._entries, self._notices = [], []

    def rollback(self) -> None:
        self.session.rollback()
        self._entries, self._notices = [], []
