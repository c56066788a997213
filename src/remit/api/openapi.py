"""The OpenAPI document: FastAPI's own, plus the schemas that routes name by `$ref`
without FastAPI seeing them as models (problem details, the bodies of ticket actions)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

COMPONENTS = "#/components/schemas/"


def ref(model: type[BaseModel]) -> dict[str, str]:
    """A `$ref` to `model` among the document's component schemas."""
    return {"$ref": COMPONENTS + model.__name__}


def with_components(app: FastAPI, models: Sequence[type[BaseModel]]) -> None:
    """Add `models`, and the models they use, to the component schemas of `app`'s
    document, once, when it is first built."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = generate()  # FastAPI's own document, extended once
            _, found = models_json_schema(
                [(model, "validation") for model in models], ref_template=COMPONENTS + "{model}"
            )
            named = document.setdefault("components", {}).setdefault("schemas", {})
            for name, schema in found.get("$defs", {}).items():
                if named.setdefault(name, schema) != schema:
                    raise ValueError(f"two different schemas are named {name} in the document")
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
