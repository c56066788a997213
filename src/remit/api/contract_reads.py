"""/api/v1/lines/{line}/versions/{version}/drill and /appendix: `remit drill` and
`remit appendix` on a stored contract version, for whoever may read the line's contract
(`remit.domain.rights.may_read_contract`); to anyone else the line does not exist."""

from __future__ import annotations

import typing
from dataclasses import MISSING, fields
from enum import StrEnum
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field, create_model

from remit.api import problems
from remit.api.context import Api, Caller, api_of, current_caller
from remit.api.problems import Problem
from remit.api.responses import Instant
from remit.appendix.build import build_appendix
from remit.appendix.render import render_csv, render_html, render_markdown
from remit.domain.bounds import instant_problem
from remit.domain.clock import ClockError
from remit.domain.contract import Contract
from remit.domain.terms import Impact
from remit.drill import render as drill_render
from remit.drill.plan import drill as run_drill
from remit.drill.route import Route
from remit.drill.scenario import DrillError, Scenario, Symptom
from remit.services import access

router = APIRouter(
    prefix="/api/v1/lines/{line}/versions/{version}",
    tags=["contracts"],
    responses=problems.responses(401, 404, 422),
)
CallerOf = Annotated[Caller, Depends(current_caller)]
ApiOf = Annotated[Api, Depends(api_of)]
Line = Annotated[str, Path(min_length=1, max_length=100, description="The line's key.")]
Version = Annotated[
    int, Path(ge=1, le=2**31 - 1, description="The version's number within its line (1, 2, ...).")
]
TEXT = {"schema": {"type": "string"}}


class DrillApproval(BaseModel):
    """Who approves emergency access, and emergency actions at night, in the scenario
    (`remit.drill.route.Approval`, named apart from a ticket's approval body)."""

    model_config = ConfigDict(from_attributes=True)
    emergency_access: str | None
    night_actions: str | None
    without_approval: list[str]
    after_hours_approval: bool | None


def _route_model() -> type[BaseModel]:
    """The drill's route as `remit drill --format json` prints it: the route's fields and
    its one-line `title`."""
    hints = typing.get_type_hints(Route)
    route_fields: dict[str, Any] = {
        f.name: (hints[f.name], ... if f.default is MISSING else f.default) for f in fields(Route)
    }
    route_fields["approval"] = (DrillApproval, ...)
    return create_model(
        "DrillRoute",
        __doc__="Who does what by when for a scenario, and what the contract leaves open.",
        title=(str, Field(description="The scenario and its route in one line.")),
        **route_fields,
    )


DrillRoute = _route_model()


class DrillFormat(StrEnum):
    JSON = "json"
    MD = "md"
    TEXT = "text"


def _contract(api: Api, caller: Caller, line: str, version: int) -> Contract:
    found = access.contract_for(
        uow=api.uow_for(caller), viewer=caller.viewer, line=line, number=version
    )
    return found.contract


@router.get(
    "/drill",
    summary="Drill a scenario through a contract version",
    response_model=DrillRoute,
    responses={200: {"content": {"text/markdown": TEXT, "text/plain": TEXT}}},
)
def drill_version(
    line: Line,
    version: Version,
    api: ApiOf,
    caller: CallerOf,
    objects: Annotated[
        list[str],
        Query(alias="object", min_length=1, max_length=100, description="An affected object."),
    ],
    scope: Annotated[Impact, Query(description="Who cannot work.")],
    at: Annotated[Instant | None, Query(description="When; now if omitted.")] = None,
    symptom: Annotated[Symptom | None, Query(description="What is observed.")] = None,
    category: Annotated[
        str | None, Query(max_length=60, description="A category of the contract, named.")
    ] = None,
    format: Annotated[
        DrillFormat, Query(description="json, md (Markdown) or text.")
    ] = DrillFormat.JSON,
) -> BaseModel | Response:
    """The route `remit drill` gives the scenario under this version: intake, coordinator,
    priority, layer checks with how to reach each party then, due instants, escalations,
    approvers, and every question the contract leaves open."""
    contract = _contract(api, caller, line, version)
    moment = api.now() if at is None else at
    problem = instant_problem(moment)
    if problem is not None:
        raise _unusable(problem)
    try:
        route = run_drill(contract, Scenario(tuple(objects), symptom, scope, moment, category))
    except (DrillError, ClockError) as error:
        raise _unusable(str(error)) from None
    if format is DrillFormat.MD:
        return Response(drill_render.render_markdown(route), media_type="text/markdown")
    if format is DrillFormat.TEXT:
        return Response(drill_render.render_text(route), media_type="text/plain")
    return DrillRoute.model_validate(
        {f.name: getattr(route, f.name) for f in fields(route)}
        | {
            "title": drill_render.title(route),
            "approval": DrillApproval.model_validate(route.approval),
        }
    )


def _unusable(detail: str) -> Problem:
    return Problem(422, "scenario_unusable", "The scenario cannot be drilled", detail)


AppendixFormat = Literal["md", "html", "csv"]
# The tables `render_csv` writes (`remit.appendix.render.CSV_TABLES`; a test keeps them equal).
AppendixTable = Literal[
    "objects",
    "windows",
    "requesters",
    "updates",
    "vendors",
    "access",
    "access-approvals",
    "changes",
    "duties",
    "commercial",
]
MEDIA = {"md": "text/markdown", "html": "text/html", "csv": "text/csv"}


@router.get(
    "/appendix",
    summary="The signable appendix of a contract version",
    response_class=Response,
    responses={
        200: {
            "description": "Markdown, printable HTML, or one table as CSV.",
            "content": dict.fromkeys(MEDIA.values(), TEXT),
        }
    },
)
def appendix_of_version(
    request: Request,
    line: Line,
    version: Version,
    api: ApiOf,
    caller: CallerOf,
    format: Annotated[
        AppendixFormat | None,
        Query(description="md, html or csv; else as `Accept` asks (text/html, text/csv)."),
    ] = None,
    table: Annotated[
        AppendixTable | None, Query(description="The one table csv gives; objects if omitted.")
    ] = None,
) -> Response:
    """What `remit appendix` prints for this version: objects with owner, support hours,
    priority and SLA, the responsibility matrix, calendars, escalation contacts, the
    change procedure, maintenance windows, duties, commercial terms and signature lines.
    Without `format`, an `Accept` naming text/html or text/csv picks that format."""
    chosen = format or _accepted(request.headers.get("accept"))
    if table is not None and chosen != "csv":
        raise Problem(
            422,
            "invalid_input",
            "Invalid input",
            "table picks one table for format csv; md and html give every table",
        )
    appendix = build_appendix(_contract(api, caller, line, version))
    if chosen == "csv":
        text = render_csv(appendix, table or "objects")
    else:
        text = render_markdown(appendix) if chosen == "md" else render_html(appendix)
    return Response(text, media_type=MEDIA[chosen])


def _accepted(accept: str | None) -> AppendixFormat:
    wanted = (accept or "").lower()
    if "text/html" in wanted:
        return "html"
    if "text/csv" in wanted:
        return "csv"
    return "md"
