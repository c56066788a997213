"""The API's drill answer is the route `remit drill --format json` prints, field by field."""

from __future__ import annotations

from dataclasses import fields

from remit.api.contract_reads import DrillApproval, DrillRoute
from remit.drill.route import Approval, Route


def test_the_answer_has_every_field_of_the_route_and_its_title() -> None:
    assert set(DrillRoute.model_fields) == {f.name for f in fields(Route)} | {"title"}


def test_the_approval_in_it_has_the_fields_of_the_routes_approval() -> None:
    assert list(DrillApproval.model_fields) == [f.name for f in fields(Approval)]
