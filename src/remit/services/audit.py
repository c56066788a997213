"""Verifying, anchoring and purging the interaction log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from dateutil.relativedelta import relativedelta

from remit.domain.audit import (
    AuditKey,
    ChainBreak,
    Entry,
    ExportedAnchor,
    Head,
    Tampering,
    anchor_is_signed,
    check_anchor,
    export_anchor,
    verify,
)
from remit.domain.audit_replay import replay
from remit.domain.errors import AuditKeyMissing, InvalidInput, RetentionViolation
from remit.domain.events import Action
from remit.services.contracts import retention_years
from remit.services.ticket_ops import aware
from remit.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class Verification:
    records: int
    findings: list[ChainBreak]
    anchor: ExportedAnchor | None = None

    @property
    def intact(self) -> bool:
        return not self.findings


def _key(uow: UnitOfWork, doing: str) -> AuditKey:
    if uow.audit_key is None:
        raise AuditKeyMissing(doing)
    return uow.audit_key


def verify_audit(*, uow: UnitOfWork, anchor: ExportedAnchor | None = None) -> Verification:
    """Every break in the keyed chain (a missing chain head is one, and the records are then
    checked from the genesis), what it no longer holds of `anchor`, and every ticket whose
    stored facts differ from what its records imply."""
    key = _key(uow, "verify the audit log")
    keys = {key.key_id: key}
    if anchor is not None and not anchor_is_signed(anchor, keys):
        raise InvalidInput(
            f"the anchor (record {anchor.seq}, key {anchor.key_id}) is not signed by this desk's "
            "audit key: it was altered, or comes from another desk or key"
        )
    with uow:
        count, _head, findings = _check(uow, keys, anchor)
        return Verification(count, findings, anchor)


def _check(
    uow: UnitOfWork, keys: dict[str, AuditKey], anchor: ExportedAnchor | None
) -> tuple[int, Head | None, list[ChainBreak]]:
    head = uow.audit.head()
    records = list(uow.audit.records())
    findings = [] if head is not None else [_lost_head()]
    findings += verify(records, head, keys)
    if anchor is not None:
        findings += check_anchor(anchor, records, head)
    findings += replay(records, uow.audit.current_facts(None))
    return len(records), head, findings


def _lost_head() -> ChainBreak:
    return ChainBreak(0, Tampering.DELETED, "the chain head is missing (deleted)")


def anchor_audit(*, uow: UnitOfWork, now: datetime) -> ExportedAnchor:
    """The signed chain head as of `now`, for safekeeping outside the database. The
    chain is verified first: an anchor is never made of a chain that is already broken."""
    key = _key(uow, "sign an anchor")
    aware(now)
    with uow:
        _count, head, findings = _check(uow, {key.key_id: key}, None)
        if findings or head is None:
            raise InvalidInput(
                f"the audit log has {len(findings) or 1} problem(s) (first: "
                f"{findings[0].message if findings else 'the chain head is missing'}); "
                "no anchor is made of a broken chain: `remit audit verify` lists them"
            )
        return export_anchor(head.end, now, key)


def purge_audit(*, uow: UnitOfWork, before: datetime, by: str, now: datetime) -> int:
    """Remove records older than `before`, never any younger than the retention period."""
    key = _key(uow, "purge the audit log")
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
        removed = uow.audit.purge_before(before, key)
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
