"""What the desk records: interaction codes for the audit log and outgoing notices.

Every service call that changes something appends one or more audit entries
(`remit.domain.audit.Entry`) with an `Action` code, and may queue `Notice`s for
the outbox. A notice carries an idempotency key: the same key is never queued
twice, so an escalation that is retried after a crash is still sent once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from remit.domain.audit import JsonValue


class Action(StrEnum):
    CONTRACT_LOADED = "contract_loaded"
    OPENED = "opened"
    HELD = "held"
    AUTHORIZED = "authorized"
    REJECTED = "rejected"
    TAKEN = "taken"
    CHECK_OPENED = "check_opened"
    CHECK_ANSWERED = "check_answered"
    LOCALIZED = "localized"
    HANDOFF = "handoff"
    PAUSED = "paused"
    RESUMED = "resumed"
    CLIENT_UPDATE = "client_update"
    VENDOR_CASE_OPENED = "vendor_case_opened"
    VENDOR_CASE_UPDATED = "vendor_case_updated"
    RESTORED = "restored"
    REPORTED = "reported"
    CONFIRMED = "confirmed"
    AUTO_CONFIRMED = "auto_confirmed"
    FIX_REJECTED = "fix_rejected"
    REOPENED = "reopened"
    ESCALATED = "escalated"
    BREACHED = "breached"
    NOTICE_FAILED = "notice_failed"
    AUDIT_PURGED = "audit_purged"
    AUDIT_RESEALED = "audit_resealed"
    FACTS_SEALED = "facts_sealed"
    REPLANNED = "replanned"
    EMERGENCY_APPROVED = "emergency_approved"
    TRANSFER_REQUESTED = "transfer_requested"
    TRANSFER_APPROVED = "transfer_approved"
    TRANSFER_REJECTED = "transfer_rejected"
    WINDOW_CONFIRMED = "window_confirmed"
    PLANNED_WORK = "planned_work"
    WINDOW_UNCONFIRMED = "window_unconfirmed"
    SCOPE_MARKED = "scope_marked"
    SCOPE_SET = "scope_set"
    VENDOR_FOLLOW_UP = "vendor_follow_up"
    HANDOFF_DUE = "handoff_due"
    CORRECTED = "corrected"
    LINKED = "linked"
    UNLINKED = "unlinked"
    DUPLICATE_LINKED = "duplicate_linked"
    DUPLICATE_UNLINKED = "duplicate_unlinked"
    FOLLOWED_PARENT = "followed_parent"
    PERSON_ADDED = "person_added"
    PERSON_CHANGED = "person_changed"
    PASSWORD_SET = "password_set"
    TOKEN_ISSUED = "token_issued"
    TOKEN_REVOKED = "token_revoked"
    SUB_ACCOUNT_ADDED = "sub_account_added"
    SUB_ACCOUNT_CHANGED = "sub_account_changed"
    SUB_ACCOUNT_REMOVED = "sub_account_removed"


class NoticeKind(StrEnum):
    AUTHORIZATION_REQUEST = "authorization_request"
    ESCALATION = "escalation"
    BREACH = "breach"
    UPDATE_OVERDUE = "update_overdue"
    CHECK_REQUEST = "check_request"
    HANDOFF = "handoff"
    CLIENT_UPDATE = "client_update"
    CONFIRMATION_REQUEST = "confirmation_request"
    CLOSED = "closed"
    TRANSFER_REQUEST = "transfer_request"
    SCOPE_DECISION = "scope_decision"
    VENDOR_FOLLOW_UP_DUE = "vendor_follow_up_due"


@dataclass(frozen=True, slots=True)
class Notice:
    """A message for one recipient; `key` makes queuing it idempotent."""

    key: str
    kind: NoticeKind
    recipient: str
    subject: str
    ticket_id: int | None = None
    address: str | None = None
    body: Mapping[str, JsonValue] = field(default_factory=dict)
