"""The API's request and response bodies: the OpenAPI document is generated from them."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Self

from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    model_validator,
)

from remit.api.responses import Notice as Notice

# The answers live beside the requests' bodies: `schemas.Ticket`, `schemas.detail_out`, ...
from remit.api.responses import Ticket as Ticket
from remit.api.responses import TicketPage as TicketPage
from remit.api.responses import TicketWithDetail as TicketWithDetail
from remit.api.responses import detail_out as detail_out
from remit.api.responses import notice_out as notice_out
from remit.api.responses import ticket_out as ticket_out
from remit.domain.terms import Billing, FaultClass, Impact, Side, Urgency
from remit.domain.ticket import CheckResult, VendorStatus

RFC_3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})")


def _rfc_3339(value: object) -> object:
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not RFC_3339.fullmatch(value):
        raise ValueError(
            "expected an instant like 2026-03-08T02:10:00Z or 2026-03-08T07:10:00+05:00"
        )
    return value


# An instant as RFC 3339 writes it, with its offset: no bare dates, local times or epochs.
Instant = Annotated[AwareDatetime, BeforeValidator(_rfc_3339)]

TEXT = 4000  # a long symptom description fits; a runaway body does not
LINE = 300


# Bodies coerce nothing from another JSON type: `0` is not `false`, `"5"` is not a score.
Flag = StrictBool
Count = StrictInt


class Body(BaseModel):
    """A request body: unknown fields refused, and no value coerced from another JSON type
    (`0` is not `false`, a number is not an instant)."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="after")
    def _no_nul(self) -> Self:
        """Text cannot hold U+0000: PostgreSQL refuses it, so the desk refuses it first."""
        for name, value in self:
            texts = value if isinstance(value, list) else [value]
            if any(isinstance(text, str) and "\x00" in text for text in texts):
                raise ValueError(f"{name}: text cannot hold the character U+0000")
        return self


class OpenTicket(Body):
    """A request, with the intake fields of the contract."""

    title: str = Field(min_length=1, max_length=LINE, description="One line: what is wrong.")
    symptoms: str = Field(min_length=1, max_length=TEXT, description="What the users see.")
    who_cannot_work: str = Field(min_length=1, max_length=TEXT, description="Who cannot work.")
    scope: Impact = Field(description="One user, a department or the whole organization.")
    category: str = Field(min_length=1, max_length=60, description="A category of the contract.")
    objects: list[str] = Field(default=[], max_length=100, description="Affected objects.")
    urgency: Urgency | None = Field(default=None, description="Overrides the category's urgency.")
    error_refs: list[str] = Field(default=[], max_length=50, description="Error messages or codes.")
    actions_taken: list[str] = Field(default=[], max_length=50, description="What was tried.")
    billing: Flag = Field(default=False, description="A billing change, not a technical request.")
    line: str | None = Field(
        default=None,
        min_length=1,
        max_length=100,
        description="The contract line (client relationship); needed only when you act in several.",
    )


class Note(Body):
    note: str | None = Field(default=None, max_length=TEXT)


class Reason(Body):
    reason: str = Field(min_length=1, max_length=TEXT)


class Pause(Body):
    reason: str = Field(
        min_length=1, max_length=60, description="One of the contract's pause reasons."
    )
    note: str | None = Field(default=None, max_length=TEXT, description="Evidence or context.")
    side: Side | None = Field(
        default=None, description="Who caused it, when the contract does not say."
    )


class Confirm(Body):
    score: Count | None = Field(default=None, ge=1, le=5, description="Satisfaction 1-5 (closure).")
    comment: str | None = Field(default=None, max_length=TEXT)


class FieldProblem(BaseModel):
    at: str = Field(
        description="Where in the request: `body.scope`, `query.limit`, `path.ticket_id`."
    )
    message: str


class Problem(BaseModel):
    """An error as RFC 9457 problem details, sent as `application/problem+json`."""

    model_config = ConfigDict(extra="allow")
    type: str = Field(description="A URI naming the kind of problem; its last segment is its code.")
    title: str = Field(description="The kind of problem, the same for every occurrence.")
    status: int = Field(ge=400, le=599, description="The HTTP status of the response.")
    detail: str = Field(description="This occurrence, worded as the CLI words it.")
    errors: list[FieldProblem] | None = Field(
        default=None, description="Every invalid part of a request that cannot be used (422)."
    )


class Checks(Body):
    layers: list[str] = Field(
        default=[], max_length=20, description="Layers to check; the suspected ones if empty."
    )


class CheckAnswer(Body):
    layer: str = Field(min_length=1, max_length=100)
    result: CheckResult = Field(description="clear, fault_found, needs_vendor or not_ours.")
    note: str | None = Field(default=None, max_length=TEXT)


class Localize(Body):
    reason: str = Field(min_length=1, max_length=TEXT, description="What was found.")
    layer: str | None = Field(
        default=None, max_length=100, description="The layer where the fault is."
    )
    fault_class: FaultClass | None = Field(
        default=None, description="Its contract target takes the work."
    )


class Update(Body):
    known: str = Field(min_length=1, max_length=TEXT, description="What is known.")
    checking: str = Field(min_length=1, max_length=TEXT, description="What is being checked.")
    next_action: str = Field(min_length=1, max_length=TEXT, description="The next action.")
    next_update_at: Instant | None = Field(default=None, description="When the next update comes.")


class VendorCase(Body):
    vendor: str = Field(min_length=1, max_length=100, description="The vendor party.")
    case_ref: str = Field(min_length=1, max_length=100, description="The vendor's case number.")
    status: VendorStatus | None = None
    opened_by: str | None = Field(default=None, max_length=100)
    follow_through: str | None = Field(default=None, max_length=100)
    note: str | None = Field(default=None, max_length=TEXT)


class VendorFollowUp(Body):
    case_ref: str = Field(min_length=1, max_length=100)
    note: str = Field(
        min_length=1, max_length=TEXT, description="What the vendor was asked or said."
    )
    vendor: str | None = Field(default=None, max_length=100)


class Report(Body):
    cause: str | None = Field(default=None, max_length=TEXT)
    actions: str | None = Field(default=None, max_length=TEXT)
    started_at: Instant | None = None
    ended_at: Instant | None = None
    provider_participants: list[str] = Field(default=[], max_length=50)
    client_participants: list[str] = Field(default=[], max_length=50)
    downtime_seconds: Count | None = Field(default=None, ge=0, le=10**9)
    recurrence_risk: str | None = Field(default=None, max_length=TEXT)


class Approval(Body):
    action: str = Field(min_length=1, max_length=TEXT, description="The emergency action approved.")


class Transfer(Body):
    to: str = Field(min_length=1, max_length=100, description="The party taking over.")
    reason: str = Field(min_length=1, max_length=TEXT)
    layer: str | None = Field(default=None, max_length=100, description="Only this layer's work.")


class Decision(Body):
    note: str | None = Field(default=None, max_length=TEXT)


class ScopeMark(Body):
    reason: str = Field(min_length=1, max_length=TEXT)
    in_scope: Flag | None = None
    billing: Billing | None = None


class Correction(Body):
    reason: str = Field(min_length=1, max_length=TEXT)
    priority: str | None = Field(default=None, max_length=20)
    category: str | None = Field(default=None, max_length=60)
    scope: Impact | None = None
    objects: list[str] | None = Field(default=None, max_length=100)


class Link(Body):
    parent_id: Count = Field(ge=1, le=2**62, description="The major incident's ticket.")
    reason: str = Field(min_length=1, max_length=TEXT)
