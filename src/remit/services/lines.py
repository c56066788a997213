"""Contract lines at the desk: choose the line a contract or a ticket belongs to, list them.

Loading a contract names its line or lets the desk infer it
(`remit.domain.lines.inferred_key`); an existing line of another client is
refused, a new key starts a new line. Opening a ticket names the line, or takes
the only line the caller can see.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from remit.domain import lines
from remit.domain.contract import Contract
from remit.domain.errors import InvalidInput, NoContract
from remit.domain.ticket import State
from remit.store.tables import ContractLineRow
from remit.store.uow import UnitOfWork

#: States of a ticket still in the desk's hands (counted as open in `list_lines`).
OPEN_STATES = tuple(s.value for s in State if s not in (State.CLOSED, State.REJECTED))


def existing_line(uow: UnitOfWork, contract: Contract, key: str | None) -> ContractLineRow | None:
    """The line `key` (else the contract's inferred key) names, if it exists; refused when
    it is another client's. Inside `with uow`."""
    chosen = lines.require_key(key) if key is not None else lines.inferred_key(contract)
    found = uow.lines.by_key(chosen)
    if found is not None and found.client:
        lines.require_same_client(found.key, found.client, contract)
    return found


def line_for_contract(
    uow: UnitOfWork, contract: Contract, key: str | None, now: datetime
) -> tuple[ContractLineRow, bool]:
    """The line `contract` is stored on, and whether it was created now. Inside `with uow`."""
    found = existing_line(uow, contract, key)
    if found is None:
        chosen = key if key is not None else lines.inferred_key(contract)
        row = ContractLineRow(
            key=chosen,
            name=contract.contract.name,
            client=lines.client_name(contract),
            created_at=now,
        )
        return uow.lines.add(row), True
    if not found.client:  # a line carried over from a desk whose contract text could not be read
        found.client = lines.client_name(contract)
    found.name = contract.contract.name
    return found, False


def line_for_ticket(uow: UnitOfWork, key: str | None) -> ContractLineRow:
    """The line named by `key`, else the only line the caller sees. Inside `with uow`."""
    if key is not None:
        found = uow.lines.by_key(key)
        if found is None:
            raise InvalidInput(f"no contract line '{key}'; {_known(uow)}")
        return found
    visible = uow.lines.all()
    if len(visible) == 1:
        return visible[0]
    if not visible:
        raise NoContract("no contract is loaded; load one with `remit contract load`")
    raise InvalidInput(
        f"the desk holds several contract lines; name one with --line: {_keys(visible)}"
    )


def line_ids(uow: UnitOfWork, key: str | None) -> list[int] | None:
    """The ids of the line `key` names (None: every line in scope). Inside `with uow`."""
    return None if key is None else [line_for_ticket(uow, key).id]


def _known(uow: UnitOfWork) -> str:
    visible = uow.lines.all()
    return f"lines: {_keys(visible)}" if visible else "no contract is loaded yet"


def _keys(rows: list[ContractLineRow]) -> str:
    return ", ".join(f"{r.key} ({r.client})" for r in rows)


@dataclass(frozen=True, slots=True)
class LineInfo:
    key: str
    name: str
    client: str
    created_at: datetime
    version_id: int | None  # the version in force today; None before the first takes effect
    version_number: int | None  # its number within the line
    version_label: str | None
    open_tickets: int


def list_lines(*, uow: UnitOfWork, day: date) -> list[LineInfo]:
    """Every line the caller sees, with its version in force on `day` and open tickets."""
    with uow:
        counts = uow.lines.open_counts(OPEN_STATES)
        found = []
        for row in uow.lines.all():
            version = uow.contracts.in_force(row.id, day)
            found.append(
                LineInfo(
                    key=row.key,
                    name=row.name,
                    client=row.client,
                    created_at=row.created_at,
                    version_id=None if version is None else version.id,
                    version_number=None if version is None else version.number,
                    version_label=None if version is None else version.label,
                    open_tickets=counts.get(row.id, 0),
                )
            )
        return found
