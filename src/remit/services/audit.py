"""Verifying and purging the interaction log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from dateutil.relativedelta import relativedelta

from remit.domain.audit import GENESIS, Anchor, ChainBreak, Entry, Tampering, verify
from remit.domain.errors import RetentionViolation
from remit.domain.events import Action
from remit.services.contracts import retention_years
from remit.services.ticket_ops import aware
from remit.store import audit_log
from remit.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class Verification:
    records: int
    findings: list[ChainBreak]

    @property
    def intact(self) -> bool:
        return not self.findings


def verify_audit(*, uow: UnitOfWork) -> Verification:
    """Every break in the chain; a missing chain head is one, and the records are then
    checked from the start of the chain."""
    with uow:
        ends = audit_log.head(uow.session)
        records = list(audit_log.records(uow.session))
        if ends is None:
            lost = ChainBreak(0, Tampering.DELETED, "the chain head is missing (deleted)")
            return Verification(len(records), [lost, *verify(records, Anchor(0, GENESIS), None)])
        return Verification(len(records), verify(records, *ends))


def purge_audit(*, uow: UnitOfWork, before: datetime, by: str, now: datetime) -> int:
    """Remove records older than `before`, never any younger than the retention period."""
    aware(now)
    aware(before)
    with uow:
        years = retention_years(uow)
        limit = now - relativedelta(years=years)
        if before > limit:
            raise RetentionViolation(
                f"records are kept {years} years: nothing at or after {limit.date()} may be purged "
                f"(asked for everything before {before.date()})"
            )
        removed = audit_log.purge_before(uow.session, before)
        uow.record(
            Entry(
                now,
                by,
                Action.AUDIT_PURGED.value,
                None,
                {"before": before.isoformat(), "removed": removed, "retention_years": years},
            )
        )
        uow.commit()
        return removed
