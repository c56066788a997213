"""What a drill asks: which objects show which symptom, for how many people, when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from remit.contract.errors import did_you_mean
from remit.domain.bounds import instant_problem
from remit.domain.contract import Contract
from remit.domain.terms import Impact, Urgency


class Symptom(StrEnum):
    OUTAGE = "outage"
    DEGRADATION = "degradation"
    REQUEST = "request"
    INTEGRATION = "integration"


# Used when the contract's category does not state its urgency.
DEFAULT_URGENCY = {
    Symptom.OUTAGE: Urgency.WORK_STOPPED,
    Symptom.DEGRADATION: Urgency.DEGRADED,
    Symptom.REQUEST: Urgency.CAN_WAIT,
    Symptom.INTEGRATION: Urgency.WORK_STOPPED,
}


class DrillError(ValueError):
    """The scenario cannot be drilled as asked (unknown object, naive instant, ...)."""


@dataclass(frozen=True, slots=True)
class Scenario:
    objects: tuple[str, ...]
    symptom: Symptom | None  # mapped to a category when `category` is not given
    scope: Impact
    at: datetime  # aware
    category: str | None = None  # a ticket category of the contract, named directly

    def __post_init__(self) -> None:
        if not self.objects:
            raise DrillError("name at least one object with --object")
        if self.symptom is None and self.category is None:
            raise DrillError("name the symptom with --symptom or the category with --category")
        if self.at.tzinfo is None or self.at.utcoffset() is None:
            raise DrillError(f"{self.at.isoformat()} has no UTC offset")


def parse_instant(text: str) -> datetime:
    """An ISO 8601 instant with its offset, e.g. ``2026-03-02T09:10+01:00``."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise DrillError(
            f'"{text}" is not an ISO 8601 instant like 2026-03-02T09:10+01:00'
        ) from None
    if value.tzinfo is None or value.utcoffset() is None:
        raise DrillError(
            f'"{text}" has no UTC offset; write the moment with its offset, '
            "e.g. 2026-03-02T09:10+01:00 or 2026-03-02T08:10Z"
        )
    problem = instant_problem(value)
    if problem is not None:
        raise DrillError(problem)
    return value


def check_category(contract: Contract, category: str | None) -> None:
    known = list(contract.priorities.categories) if contract.priorities else []
    if category is not None and category not in known:
        raise DrillError(f'unknown category "{category}"{did_you_mean(category, known)}')


def check_objects(contract: Contract, names: tuple[str, ...]) -> None:
    unknown = [n for n in names if n not in contract.objects]
    if unknown:
        hints = [f'"{n}"{did_you_mean(n, list(contract.objects))}' for n in unknown]
        raise DrillError(f"unknown object {', '.join(hints)}")
