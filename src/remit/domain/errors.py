"""The desk's one error hierarchy.

Every error the desk raises on purpose derives from `DeskError`; adapters map
each class once (the CLI to an exit code and a one-line message, an HTTP API to
``application/problem+json``) and let anything else surface as a bug.

    DeskError
    ├── NotFound             a ticket, contract version, check or case does not exist
    ├── InvalidTransition    the ticket cannot go from its state to the wanted one
    ├── ConcurrentUpdate     someone else changed the ticket since it was read
    ├── NotPermitted         the actor may not do this (a layer party closing a ticket)
    ├── NotAuthorized        the person is not an authorized contact of the client
    ├── PauseNotAllowed      the reason is not one of the contract's pause reasons
    ├── IncompleteReport     the work report lacks a field the contract requires
    ├── InvalidInput         a value the desk cannot use (unknown object, bad scope, ...)
    │   ├── OutOfOrder       an instant before the event it follows (see remit.domain.instants)
    │   └── FutureInstant    an action dated beyond the server clock
    ├── NoContract           no contract version is in force at that moment
    ├── RetentionViolation   a purge would remove records younger than the retention
    ├── AuditKeyMissing      no audit key is configured, so nothing can be recorded
    └── ContractRefused      the contract has error-level check findings (load --force)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta


class DeskError(Exception):
    """Base of every error the desk raises on purpose."""

    code = "desk_error"
    title = "The desk cannot do this"


class NotFound(DeskError):
    code = "not_found"
    title = "Not found"

    def __init__(self, kind: str, key: object) -> None:
        self.kind = kind
        self.key = key
        super().__init__(f"no {kind} {key}")


class InvalidTransition(DeskError):
    code = "invalid_transition"
    title = "Invalid transition"

    def __init__(self, current: str, wanted: str, allowed: Iterable[str]) -> None:
        self.current = current
        self.wanted = wanted
        self.allowed = tuple(sorted(allowed))
        options = ", ".join(self.allowed) if self.allowed else "nothing (final state)"
        super().__init__(
            f"cannot go from '{current}' to '{wanted}'; from '{current}' the ticket may go to: {options}"
        )


class ConcurrentUpdate(DeskError):
    code = "concurrent_update"
    title = "The ticket changed meanwhile"

    def __init__(self, ticket_id: int) -> None:
        self.ticket_id = ticket_id
        super().__init__(
            f"ticket {ticket_id} was changed by someone else meanwhile; "
            "nothing was saved, read it again and retry"
        )


class NotPermitted(DeskError):
    code = "not_permitted"
    title = "Not permitted"

    def __init__(self, actor: str, action: str, reason: str) -> None:
        self.actor = actor
        self.action = action
        super().__init__(f"{actor} may not {action}: {reason}")


class NotAuthorized(DeskError):
    code = "not_authorized"
    title = "Not an authorized contact"

    def __init__(self, person: str, purpose: str) -> None:
        self.person = person
        super().__init__(f"{person} is not an authorized contact for {purpose}")


class PauseNotAllowed(DeskError):
    code = "pause_not_allowed"
    title = "Pause not allowed"

    def __init__(self, reason: str, message: str) -> None:
        self.reason = reason
        super().__init__(message)


class IncompleteReport(DeskError):
    code = "incomplete_report"
    title = "Work report incomplete"

    def __init__(self, missing: Iterable[str]) -> None:
        self.missing = tuple(missing)
        super().__init__("the work report lacks: " + ", ".join(self.missing))


class InvalidInput(DeskError):
    code = "invalid_input"
    title = "Invalid input"


def _utc(instant: datetime) -> str:
    return instant.astimezone(UTC).isoformat()


class OutOfOrder(InvalidInput):
    code = "out_of_order"
    title = "Out of order"

    def __init__(self, what: str, when: datetime, earlier: str, since: datetime) -> None:
        self.when = when
        self.since = since
        super().__init__(
            f"cannot {what} at {_utc(when)}: {earlier} at {_utc(since)}, later; "
            "nothing happens before the event it follows"
        )


class FutureInstant(InvalidInput):
    code = "future_instant"
    title = "In the future"

    def __init__(
        self, what: str, happened: datetime, entered: datetime, tolerance: timedelta
    ) -> None:
        self.happened = happened
        self.entered = entered
        ahead = int(tolerance.total_seconds())
        super().__init__(
            f"cannot {what} at {_utc(happened)}: that is in the future "
            f"(the desk's clock reads {_utc(entered)}; at most {ahead}s ahead is accepted)"
        )


class NoContract(DeskError):
    code = "no_contract"
    title = "No contract in force"


class RetentionViolation(DeskError):
    code = "retention_violation"
    title = "Records are still within retention"


KEY_HINT = (
    "set REMIT_AUDIT_KEY to a secret of at least 32 characters, or REMIT_AUDIT_KEY_FILE to "
    "a file holding one (`remit db upgrade` creates one beside a SQLite database)"
)


class AuditKeyMissing(DeskError):
    code = "audit_key_missing"
    title = "No audit key configured"

    def __init__(self, doing: str = "record anything in the audit log") -> None:
        super().__init__(f"no audit key is configured, so the desk cannot {doing}; {KEY_HINT}")


class ContractRefused(DeskError):
    code = "contract_refused"
    title = "The contract has error-level findings"

    def __init__(self, codes: Iterable[str]) -> None:
        self.codes = tuple(codes)
        super().__init__(
            f"the contract has {len(self.codes)} error-level finding(s) ({', '.join(self.codes)}); "
            "fix them (`remit check` shows them) or load it anyway with --force, which the audit records"
        )
