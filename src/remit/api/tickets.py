"""/api/v1/tickets: open, list, show, and every action the CLI has on a ticket."""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Query, Request, Response

from remit.api import problems, schemas
from remit.api.context import Api, Caller, api_of, current_caller
from remit.api.idempotency import IdempotencyKey, IdempotentRequest
from remit.api.openapi import ref
from remit.api.problems import Problem
from remit.domain.errors import ConcurrentUpdate
from remit.domain.terms import Impact
from remit.domain.ticket import IntakeChannel, RequestKind
from remit.services import (
    access,
    approvals,
    closure,
    coordination,
    corrections,
    follow_through,
    incidents,
    scope,
    transfers,
    updates,
)
from remit.services import tickets as ticket_services
from remit.services.closure import WorkReport
from remit.services.intake import Intake, open_ticket
from remit.services.views import TicketSummary
from remit.store.idempotency import AnsweredMeanwhile
from remit.store.uow import UnitOfWork

router = APIRouter(
    prefix="/api/v1/tickets", tags=["tickets"], responses=problems.responses(401, 422)
)
TicketId = Annotated[
    int, Path(ge=1, le=2**31 - 1, description="The ticket's number (a positive 32-bit integer).")
]
ETAG = {
    "ETag": {"description": "The ticket's version, for `If-Match`.", "schema": {"type": "string"}}
}

IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match", description="The ticket's ETag as read; a stale one is refused (412)."
    ),
]


def etag(view: TicketSummary) -> str:
    return f'"{view.id}.{view.version}"'


def _expected(ticket_id: int, if_match: str | None) -> int | None:
    if if_match is None or if_match.strip() == "*":
        return None
    tag = if_match.strip().removeprefix("W/").strip('"')
    number, _, version = tag.partition(".")
    if number != str(ticket_id) or not version.isdigit():
        raise Problem(
            412,
            "precondition_failed",
            "The ticket changed meanwhile",
            f"If-Match {if_match} is not an ETag of ticket {ticket_id}; read the ticket again",
        )
    return int(version)


def _answer(response: Response, view: TicketSummary, status: int) -> schemas.Ticket:
    response.status_code = status
    response.headers["ETag"] = etag(view)
    return schemas.ticket_out(view)


def _run(
    api: Api,
    caller: Caller,
    request_key: IdempotentRequest | None,
    status: int,
    call: Callable[[UnitOfWork], TicketSummary],
) -> tuple[TicketSummary, int]:
    """Run one service call once per idempotency key."""
    if request_key is not None:
        earlier = request_key.earlier(api.uow_for(caller))
        if earlier is not None and earlier.ticket_id is not None:
            return _current(api, caller, earlier.ticket_id), earlier.status_code
    uow = api.uow_for(caller)
    if request_key is not None:
        request_key.remember_in(uow, status, api.now())
    try:
        return call(uow), status
    except AnsweredMeanwhile:
        assert request_key is not None
        earlier = request_key.earlier(api.uow_for(caller))  # the racing first attempt won
        if earlier is None or earlier.ticket_id is None:
            raise
        return _current(api, caller, earlier.ticket_id), earlier.status_code


def _current(api: Api, caller: Caller, ticket_id: int) -> TicketSummary:
    return api.visible_ticket(caller, ticket_id).summary


@router.post(
    "",
    status_code=201,
    response_model=schemas.Ticket,
    response_model_exclude_unset=True,
    summary="Open a request",
    responses={
        201: {
            "headers": {
                **ETAG,
                "Location": {"description": "The new ticket.", "schema": {"type": "string"}},
            }
        },
        **problems.responses(400, 403, 404, 409),
    },
)
async def open_request(
    body: schemas.OpenTicket,
    request: Request,
    response: Response,
    api: Annotated[Api, Depends(api_of)],
    caller: Annotated[Caller, Depends(current_caller)],
    idempotency_key: IdempotencyKey = None,
) -> schemas.Ticket:
    """Record a request from the caller; an unauthorized requester's ticket is held."""
    raw = await request.body()
    key = IdempotentRequest.of(caller.key, idempotency_key, "POST", request.url.path, raw)
    line = await api.in_thread(api.line_for_request, caller, body.line)
    intake = Intake(
        requester=caller.viewer.requester_on(line.id, line.client_party),
        title=body.title,
        symptoms=body.symptoms,
        who_cannot_work=body.who_cannot_work,
        scope=Impact(body.scope),
        category=body.category,
        channel=IntakeChannel.API,
        objects=tuple(body.objects),
        urgency=body.urgency,
        error_refs=tuple(body.error_refs),
        actions_taken=tuple(body.actions_taken),
        kind=RequestKind.BILLING if body.billing else RequestKind.TECHNICAL,
    )
    view, status = await api.in_thread(
        _run,
        api,
        caller,
        key,
        201,
        lambda uow: open_ticket(uow=uow, intake=intake, now=api.now(), line=line.key),
    )
    response.headers["Location"] = f"/api/v1/tickets/{view.id}"
    return _answer(response, view, status)


@router.get(
    "",
    response_model=schemas.TicketPage,
    response_model_exclude_unset=True,
    summary="List tickets",
    responses={
        200: {
            "headers": {
                "X-Total-Count": {
                    "description": "How many tickets match, on every page.",
                    "schema": {"type": "string", "pattern": "^[0-9]+$"},
                },
                "Link": {
                    "description": 'The next page, as `<url>; rel="next"`.',
                    "schema": {"type": "string"},
                },
            }
        }
    },
)
def list_requests(
    request: Request,
    response: Response,
    api: Annotated[Api, Depends(api_of)],
    caller: Annotated[Caller, Depends(current_caller)],
    state: Annotated[list[str] | None, Query(description="Only these states.")] = None,
    party: Annotated[str | None, Query(max_length=100)] = None,
    priority: Annotated[list[str] | None, Query()] = None,
    late: bool = False,
    due_before: Annotated[
        schemas.Instant | None,
        Query(description="Only tickets whose next deadline comes before this instant."),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> schemas.TicketPage:
    """Tickets the caller may see, the next deadline first; `Link: rel="next"` pages on."""
    where = ticket_services.TicketFilter(
        states=tuple(state or ()),
        party=party,
        priorities=tuple(priority or ()),
        late=late,
        due_before=due_before,
    )
    page = api.list_visible(caller, where, limit=limit, after=_decode(cursor))
    items = [schemas.ticket_out(view) for view in page.items]
    following = _encode(page.after) if page.after is not None else None
    if following is not None:
        response.headers["Link"] = (
            f'<{request.url.include_query_params(cursor=following)}>; rel="next"'
        )
    response.headers["X-Total-Count"] = str(page.total)
    return schemas.TicketPage(items=items, total=page.total, next=following)


def _encode(position: tuple[int, float, int]) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(position)).encode()).decode()


def _decode(cursor: str | None) -> tuple[int, float, int] | None:
    if cursor is None:
        return None
    try:
        bucket, deadline, ticket = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        position = int(bucket), float(deadline), int(ticket)
        if not math.isfinite(position[1]):
            raise ValueError(deadline)
        return position
    except (ValueError, TypeError, OverflowError):
        raise Problem(
            422,
            "invalid_cursor",
            "The cursor cannot be used",
            "use the `next` cursor of a page as given",
        ) from None


@router.get(
    "/{ticket_id}",
    response_model=schemas.TicketWithDetail,
    response_model_exclude_unset=True,
    summary="Show a ticket",
    responses={200: {"headers": ETAG}, **problems.responses(404)},
)
def show_request(
    ticket_id: TicketId,
    response: Response,
    api: Annotated[Api, Depends(api_of)],
    caller: Annotated[Caller, Depends(current_caller)],
) -> schemas.TicketWithDetail:
    """The whole record of one ticket the caller may see."""
    found = api.visible_ticket(caller, ticket_id)
    response.headers["ETag"] = etag(found.summary)
    return schemas.detail_out(found)


Share = Callable[[dict[str, Any]], access.ShareOf]
BODIES: list[type[schemas.Body]] = []  # of the actions, for the document's components


def _action(
    name: str,
    command: str,
    body_model: type[schemas.Body] | None,
    call: Callable[..., object],
    description: str,
    *,
    share: Share | None = None,
    adapt: Callable[[dict[str, Any]], dict[str, Any]] = dict,
    versioned: bool = True,
) -> None:
    """POST /api/v1/tickets/{id}/{name}: one service call as the caller, answered with the
    ticket as it is afterwards. `command` names the `remit ticket` command it is, whose
    right (`remit.domain.rights.COMMANDS`) the caller needs. `share` names the party whose share of the ticket the
    action is on (a check, a vendor case); `adapt` turns the body into the service's
    arguments. `If-Match` is checked once the caller's right is, before anything else."""

    async def endpoint(
        ticket_id: TicketId,
        request: Request,
        response: Response,
        api: Annotated[Api, Depends(api_of)],
        caller: Annotated[Caller, Depends(current_caller)],
        idempotency_key: IdempotencyKey = None,
        if_match: IfMatch = None,
    ) -> schemas.Ticket:
        raw = await request.body()
        fields = _body(body_model, raw)
        key = IdempotentRequest.of(caller.key, idempotency_key, "POST", request.url.path, raw)
        expected = _expected(ticket_id, if_match)
        owner = None if share is None else share(fields)

        def act(uow: UnitOfWork) -> TicketSummary:
            try:  # the version is checked with the right, before the body meets the contract
                by = api.acting_as(caller, ticket_id, command, owner, expected)
                arguments = {"uow": uow, "ticket_id": ticket_id, "by": by, "now": api.now()}
                if versioned:
                    arguments["expected_version"] = expected  # checked again as it is written
                done = call(**arguments, **adapt(fields))
            except ConcurrentUpdate as error:
                if expected is None:
                    raise
                raise Problem(
                    412, "precondition_failed", "The ticket changed meanwhile", str(error)
                ) from None
            return done if isinstance(done, TicketSummary) else _current(api, caller, ticket_id)

        view, status = await api.in_thread(_run, api, caller, key, 200, act)
        return _answer(response, view, status)

    endpoint.__name__ = f"{name.replace('-', '_').replace('/', '_')}_ticket"
    endpoint.__doc__ = description
    extra: dict[str, Any] = {}
    if body_model is not None:
        BODIES.append(body_model)
        extra["openapi_extra"] = {
            "requestBody": {
                "required": any(f.is_required() for f in body_model.model_fields.values()),
                "content": {"application/json": {"schema": ref(body_model)}},
            }
        }
    router.add_api_route(
        f"/{{ticket_id}}/{name}",
        endpoint,
        methods=["POST"],
        response_model=schemas.Ticket,
        response_model_exclude_unset=True,
        summary=description.split(".")[0],
        responses={200: {"headers": ETAG}, **problems.responses(403, 404, 409, 412)},
        **extra,
    )


def _body(model: type[schemas.Body] | None, raw: bytes) -> dict[str, Any]:
    from fastapi.exceptions import RequestValidationError
    from pydantic import ValidationError

    if model is None:
        return {}
    try:
        parsed = model.model_validate_json(raw or b"{}")
    except ValidationError as error:
        raise RequestValidationError(
            [{**item, "loc": ("body", *item["loc"])} for item in error.errors()]
        ) from None
    return parsed.model_dump()


def _check_party(fields: dict[str, Any]) -> access.ShareOf:
    return access.check_share(fields["layer"])


def _case_party(fields: dict[str, Any]) -> access.ShareOf:
    return access.case_share(fields["case_ref"])


def _report(fields: dict[str, Any]) -> dict[str, Any]:
    return {
        "report": WorkReport(
            **{
                **fields,
                "provider_participants": tuple(fields["provider_participants"]),
                "client_participants": tuple(fields["client_participants"]),
            }
        )
    }


def _with_tuple(name: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def adapt(fields: dict[str, Any]) -> dict[str, Any]:
        value = fields[name]
        return {**fields, name: None if value is None else tuple(value)}

    return adapt


_action(
    "take",
    "take",
    None,
    ticket_services.take_ticket,
    "Take the ticket into work (stops the response clock).",
)
_action(
    "pause",
    "pause",
    schemas.Pause,
    ticket_services.pause_ticket,
    "Stop the clocks for a contract pause reason.",
)
_action(
    "resume",
    "resume",
    None,
    ticket_services.resume_ticket,
    "End the running pause; the clocks run again.",
)
_action(
    "restore",
    "restore",
    schemas.Note,
    ticket_services.restore_ticket,
    "The service works again (stops the recovery clock).",
)
_action(
    "confirm",
    "confirm",
    schemas.Confirm,
    ticket_services.confirm_ticket,
    "Confirm a held request, or the reported result.",
)
_action(
    "reject",
    "reject",
    schemas.Reason,
    ticket_services.reject_ticket,
    "Reject a held request, or the reported fix.",
)
_action(
    "reopen",
    "reopen",
    schemas.Reason,
    ticket_services.reopen_ticket,
    "Reopen a restored, reported or closed ticket.",
)
_action(
    "checks",
    "check",
    schemas.Checks,
    coordination.open_checks,
    "Ask each suspected layer's party to check it, in parallel.",
    adapt=_with_tuple("layers"),
    versioned=False,
)
_action(
    "checks/answer",
    "check --result",
    schemas.CheckAnswer,
    coordination.answer_check,
    "Answer a layer check of your own party.",
    share=_check_party,
    versioned=False,
)
_action(
    "localize",
    "localize",
    schemas.Localize,
    coordination.localize_fault,
    "Name the layer or fault class at fault; its party takes the work.",
)
_action(
    "updates",
    "update",
    schemas.Update,
    updates.post_update,
    "Send the client an update: known, checking, next action, next update.",
)
_action(
    "vendor-cases",
    "vendor",
    schemas.VendorCase,
    coordination.vendor_case,
    "Open a vendor case on the ticket, or update its status.",
    versioned=False,
)
_action(
    "vendor-follow-ups",
    "vendor-follow-up",
    schemas.VendorFollowUp,
    follow_through.record_vendor_follow_up,
    "Record chasing the vendor on a case.",
    share=_case_party,
    versioned=False,
)
_action(
    "report",
    "report",
    schemas.Report,
    closure.write_report,
    "Write the work report; the client confirms it.",
    adapt=_report,
)
_action(
    "approvals",
    "approve",
    schemas.Approval,
    approvals.approve_emergency,
    "Approve an emergency action (the contract's approver for this hour).",
    adapt=lambda f: {**f, "channel": IntakeChannel.API},
    versioned=False,
)
_action(
    "transfers",
    "transfer",
    schemas.Transfer,
    transfers.request_transfer,
    "Ask to move the coordination, or a layer's work, to another party.",
)
_action(
    "transfers/approve",
    "transfer-approve",
    schemas.Decision,
    transfers.approve_transfer,
    "Approve the pending transfer (the client owner).",
    versioned=False,
)
_action(
    "transfers/reject",
    "transfer-reject",
    schemas.Reason,
    transfers.reject_transfer,
    "Reject the pending transfer (the client owner).",
    versioned=False,
)
_action(
    "scope",
    "scope",
    schemas.ScopeMark,
    scope.set_scope,
    "Mark the ticket in or out of the contract's scope, and how it is billed.",
)
_action(
    "correct",
    "correct",
    schemas.Correction,
    corrections.correct_ticket,
    "Correct priority, category, scope or objects; the clocks are re-planned.",
    adapt=_with_tuple("objects"),
)
_action(
    "link",
    "link",
    schemas.Link,
    incidents.link_ticket,
    "Link the ticket as a duplicate of a major incident.",
)
_action(
    "unlink",
    "unlink",
    schemas.Reason,
    incidents.unlink_ticket,
    "Unlink the ticket from its major incident.",
)
