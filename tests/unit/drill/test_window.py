"""The drill names the maintenance window a scenario falls in, and plans as the desk does."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from importlib import resources

import pytest

from remit.contract import load_contract_text
from remit.domain.contract import Contract, Maintenance, MaintenanceWindow
from remit.domain.terms import Impact
from remit.drill.plan import drill
from remit.drill.render import render_text, route_data
from remit.drill.route import Route, WindowHit
from remit.drill.scenario import Scenario, Symptom

NIGHT = MaintenanceWindow(
    name="Sunday patching",
    rrule="FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=30",
    duration=3 * 3600,
    timezone="Europe/Berlin",
    objects=("db-main", "srv-app-01"),
    confirmed_by="client.it",
)
START = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 03:30 CEST: 02:30 does not exist that night
END = START + timedelta(hours=3)
INSIDE = datetime(2026, 3, 29, 2, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def starter() -> Contract:
    text = resources.files("remit.templates").joinpath("starter.yaml").read_text(encoding="utf-8")
    return load_contract_text(text, "starter.yaml").contract


def with_window(contract: Contract, window: MaintenanceWindow) -> Contract:
    return dataclasses.replace(contract, maintenance=Maintenance(windows=(window,)))


def outage(
    contract: Contract, objects: tuple[str, ...] = ("db-main",), at: datetime = INSIDE
) -> Route:
    return drill(contract, Scenario(objects, Symptom.OUTAGE, Impact.ORGANIZATION, at))


def response_due(route: Route) -> datetime:
    [target] = route.targets
    assert target.response is not None
    return target.response.at


def test_the_drill_names_the_window_and_keeps_incident_dues_until_confirmed(
    starter: Contract,
) -> None:
    route = outage(with_window(starter, NIGHT))
    assert route.maintenance_window == WindowHit(
        "Sunday patching", START, END, "Europe/Berlin", "client.it", False, False
    )
    assert response_due(route) == INSIDE + timedelta(minutes=15)
    text = render_text(route)
    assert (
        "maintenance window  'Sunday patching' Sun 2026-03-29 03:30 CEST - 06:30 CEST: "
        "planned work if client.it confirmed this occurrence at the desk"
    ) in text
    assert "escalations held until 06:30 CEST" in text
    assert route_data(route)["maintenance_window"]["start"] == START.isoformat()


def test_a_window_the_contract_agrees_moves_the_dues_to_its_end(starter: Contract) -> None:
    agreed = dataclasses.replace(NIGHT, confirmed_by=None)
    route = outage(with_window(starter, agreed))
    assert response_due(route) == END + timedelta(minutes=15)
    assert route.first_update is not None
    assert route.first_update.at == END + timedelta(minutes=30)
    assert "so the dues below count from 06:30 CEST" in render_text(route)


def test_clocks_that_run_in_an_agreed_window_keep_the_incident_dues(starter: Contract) -> None:
    running = dataclasses.replace(NIGHT, confirmed_by=None, clocks_run=True)
    assert response_due(outage(with_window(starter, running))) == INSIDE + timedelta(minutes=15)


def test_outside_the_window_or_its_objects_no_window_is_named(starter: Contract) -> None:
    contract = with_window(starter, NIGHT)
    assert outage(contract, at=END).maintenance_window is None
    assert outage(contract, ("db-main", "erp")).maintenance_window is None
    assert "maintenance window" not in render_text(outage(contract, at=END))
