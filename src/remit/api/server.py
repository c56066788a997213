"""The application `remit serve` runs: the desk from the environment, callers by token."""

from __future__ import annotations

from fastapi import FastAPI, Request

from remit.api.app import create_app
from remit.api.context import Api, Caller, api_of
from remit.api.problems import Problem
from remit.bootstrap import open_desk
from remit.services.access import viewer_by_token
from remit.settings import settings_from_env

UNAUTHENTICATED = "Sign in first"


def bearer_caller(request: Request) -> Caller:
    """The person whose API token the request carries, or 401."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Problem(
            401,
            "unauthenticated",
            UNAUTHENTICATED,
            "send `Authorization: Bearer <token>`; a token comes from `remit people token`",
        )
    api: Api = api_of(request)
    viewer = viewer_by_token(uow=api.desk.new_uow(), token=token.strip(), now=api.now())
    if viewer is None:
        raise Problem(
            401,
            "unauthenticated",
            UNAUTHENTICATED,
            "the token is unknown, revoked, or its person is no longer active",
        )
    return Caller(viewer)


def app_from_env() -> FastAPI:
    return create_app(open_desk(settings_from_env()), resolve_caller=bearer_caller)
