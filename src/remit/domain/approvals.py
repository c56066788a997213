"""Who may confirm completion, approve an emergency action or approve a transfer.

Pure functions of a `Contract` (and, for emergencies, of whether the moment is
inside business hours):

* Completion is confirmed by `access.completion_confirmed_by` and the contacts in
  `closure.confirmed_by`; a contract naming none leaves it to any authorized
  client contact (``None`` here).
* An emergency action is approved outside business hours by the night approver
  `sla.after_hours.approved_by`, inside them by `access.emergency_approver`. A
  contract naming only one of them lets that one approve at any hour; naming
  neither, the client owner (`operating_model.client_owner`) approves.
* A transfer of responsibility (the coordination, or the work on a layer away
  from its primary party) waits for `coordination.transfer_approver`, else the
  client owner, unless `coordination.transfer_approval` is ``false``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from remit.domain.contract import Contract
from remit.domain.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class Approver:
    """The contact entitled to approve, and the contract term that names them."""

    contact: str
    term: str


class Moment(StrEnum):
    BUSINESS_HOURS = "business_hours"
    AFTER_HOURS = "after_hours"

    @property
    def label(self) -> str:
        return (
            "inside business hours" if self is Moment.BUSINESS_HOURS else "outside business hours"
        )


class Responsibility(StrEnum):
    """What a transfer moves: the ticket's coordination, or the work on one layer."""

    COORDINATION = "coordination"
    LAYER = "layer"


class TransferStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    APPLIED = "applied"  # took effect at once: the contract requires no approval

    @property
    def label(self) -> str:
        return _TRANSFER_LABELS[self]


_TRANSFER_LABELS = {
    TransferStatus.PENDING: "awaiting approval",
    TransferStatus.APPROVED: "approved",
    TransferStatus.REJECTED: "rejected",
    TransferStatus.APPLIED: "applied without approval",
}


def completion_confirmers(contract: Contract) -> tuple[str, ...] | None:
    """The contacts who may confirm completion; ``None`` when the contract names none."""
    named = (contract.access.completion_confirmed_by, *contract.closure.confirmed_by)
    found = tuple(dict.fromkeys(ref for ref in named if ref))
    return found or None


def confirmers_reason(confirmers: tuple[str, ...]) -> str:
    return f"the contract names {', '.join(confirmers)} to confirm completion"


def business_calendar(contract: Contract) -> str:
    """The calendar of business hours: `sla.business_calendar`, else the client's."""
    if contract.sla.business_calendar is not None:
        return contract.sla.business_calendar
    client = contract.parties.get(contract.contract.client)
    if client is None:
        raise InvalidInput("the contract names no business calendar and no client party")
    return client.calendar


def emergency_approver(contract: Contract, moment: Moment) -> Approver:
    """Who approves an emergency action at `moment`."""
    night = contract.sla.after_hours.approved_by if contract.sla.after_hours else None
    day = contract.access.emergency_approver
    named = [
        Approver(night, "sla.after_hours.approved_by") if night else None,
        Approver(day, "access.emergency_approver") if day else None,
    ]
    if moment is Moment.BUSINESS_HOURS:
        named.reverse()
    for approver in named:
        if approver is not None:
            return approver
    owner = contract.operating_model.client_owner
    if owner is None:
        raise InvalidInput(
            "the contract names no emergency approver: set access.emergency_approver, "
            "sla.after_hours.approved_by or operating_model.client_owner"
        )
    return Approver(owner, "operating_model.client_owner")


def transfer_approver(contract: Contract) -> Approver | None:
    """Who approves a transfer of responsibility; ``None`` when it needs no approval."""
    coordination = contract.coordination
    if coordination is not None and not coordination.transfer_approval:
        return None
    if coordination is not None and coordination.transfer_approver is not None:
        return Approver(coordination.transfer_approver, "coordination.transfer_approver")
    owner = contract.operating_model.client_owner
    if owner is None:
        raise InvalidInput(
            "the contract requires approval of responsibility transfers but names no approver: "
            "set coordination.transfer_approver or operating_model.client_owner"
        )
    return Approver(owner, "operating_model.client_owner")
