"""Every error as `application/problem+json` (RFC 9457), worded as the CLI words it.

Each desk error class maps once to a status; the `detail` is the error's own message,
the same line the CLI prints for the same mistake.
"""

from __future__ import annotations

import re
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from remit.api import schemas
from remit.api.openapi import ref
from remit.domain import errors

PROBLEM = "application/problem+json"
TYPE_BASE = "https://remit.dev/problems/"
METHODS = {"GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"}

WHEN: dict[int, str] = {
    400: "The body cannot be read as JSON text.",
    401: "No valid bearer token: sign in first.",
    403: "The caller's role on this ticket does not allow the action.",
    404: "No such ticket among those the caller may see.",
    409: "The ticket's state (or the desk's contract) does not allow this now.",
    412: "`If-Match` names another version of the ticket: read it again.",
    422: "The request cannot be used: an invalid field, key or cursor, or a value the contract does not know.",
}

STATUS: dict[type[errors.DeskError], int] = {
    errors.NotFound: 404,
    errors.InvalidTransition: 409,
    errors.ConcurrentUpdate: 409,  # 412 when the request carried If-Match (see tickets)
    errors.NotPermitted: 403,
    errors.NotAuthorized: 403,
    errors.PauseNotAllowed: 422,
    errors.IncompleteReport: 422,
    errors.InvalidInput: 422,
    errors.NoContract: 409,
    errors.RetentionViolation: 409,
}


class Problem(Exception):
    """A problem the API raises itself (a missing token, a reused idempotency key)."""

    def __init__(self, status: int, code: str, title: str, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.status, self.code, self.title, self.detail, self.extra = (
            status,
            code,
            title,
            detail,
            extra,
        )


def problem_response(
    status: int,
    code: str,
    title: str,
    detail: str,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body = {"type": TYPE_BASE + code, "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI responses for these error statuses, each a `Problem` as problem+json."""
    body = {PROBLEM: {"schema": ref(schemas.Problem)}}
    return {status: {"description": WHEN[status], "content": body} for status in statuses}


def status_of(error: errors.DeskError) -> int:
    for cls in type(error).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 422


def install(app: FastAPI) -> None:
    """Map every error the API can meet to problem+json."""

    @app.exception_handler(errors.DeskError)
    async def desk_error(_request: Request, error: errors.DeskError) -> JSONResponse:
        return problem_response(status_of(error), error.code, error.title, str(error))

    @app.exception_handler(Problem)
    async def api_problem(_request: Request, error: Problem) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if error.status == 401 else None
        return problem_response(
            error.status, error.code, error.title, error.detail, headers, **error.extra
        )

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, error: RequestValidationError) -> JSONResponse:
        problems = [
            {"at": ".".join(str(part) for part in item["loc"]), "message": item["msg"]}
            for item in error.errors()
        ]
        first = problems[0] if problems else {"at": "", "message": "invalid request"}
        detail = f"{first['at']}: {first['message']}" if first["at"] else first["message"]
        return problem_response(
            422, "invalid_request", "The request cannot be used", detail, errors=problems
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        phrase = HTTPStatus(error.status_code).phrase
        detail = error.detail if isinstance(error.detail, str) else phrase
        code = phrase.lower().replace(" ", "_").replace("-", "_")
        headers = dict(error.headers or {})
        if error.status_code == 405 and (allowed := _allowed(request, headers.get("Allow"))):
            headers["Allow"] = allowed
        return problem_response(error.status_code, code, phrase, detail, headers)


def _allowed(request: Request, starlette_says: str | None) -> str | None:
    """Every method the OpenAPI document gives the request's path: Starlette names only
    the methods of the first route that matches the path."""
    paths: dict[str, dict[str, Any]] = request.app.openapi().get("paths", {})
    for template, operations in paths.items():
        pattern = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, request.url.path):
            return ", ".join(sorted(m.upper() for m in operations if m.upper() in METHODS))
    return starlette_says
