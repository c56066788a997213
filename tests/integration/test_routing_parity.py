"""Parity: for every example contract and a grid of scenarios, the drill's answer is
exactly what the desk does (priority, category, coordinator, after-hours cover, due
instants, client-update owners, layer-check parties, first escalation).

The grid is objects x categories x scopes x instants (office hours on a weekday, a
weeknight, Sunday night, a public holiday of the contract's calendars, both DST nights
of the business calendar's zone, or of Europe/Berlin where that zone keeps no DST); a
Hypothesis version draws scenarios. Both run on SQLite: routing is the domain's, the
store only keeps what it decided.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from routing_parity import EXAMPLES, Case, Parity, grid, moments

from remit.bootstrap import Desk
from remit.domain.terms import Impact

ON_SQLITE = pytest.mark.parametrize("engine", ["sqlite"], indirect=True)


@ON_SQLITE
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_the_drill_answers_what_the_desk_does(desk: Desk, example: Path) -> None:
    parity = Parity(desk, example)
    cases = grid(parity.contract)
    kinds = {case.moment for case in cases}
    assert {"office hours", "weeknight", "Sunday night", "public holiday"} <= kinds
    assert {"spring-forward night", "fall-back night"} <= kinds
    assert {n for case in cases for n in case.objects} == set(parity.contract.objects)
    failures = [line for case in cases for line in parity.differences(case)]
    assert not failures, "\n".join(failures[:20])


@st.composite
def cases(draw: st.DrawFn, parity: Parity) -> Case:
    contract = parity.contract
    names = list(contract.objects)
    objects = draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True))
    categories = list(contract.priorities.categories) if contract.priorities else []
    start = moments(contract)[0][1].astimezone(UTC)
    minutes = draw(st.integers(min_value=0, max_value=365 * 24 * 60))
    at = start + timedelta(minutes=minutes)
    return Case(
        tuple(objects),
        draw(st.sampled_from(categories)),
        draw(st.sampled_from(list(Impact))),
        datetime.fromtimestamp(at.timestamp(), UTC),
        "drawn",
    )


@ON_SQLITE
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_drawn_scenarios_route_alike_at_the_drill_and_the_desk(
    desk: Desk, example: Path, data: st.DataObject
) -> None:
    parity = _parities.setdefault((id(desk), example), Parity(desk, example))
    case = data.draw(cases(parity))
    failures = parity.differences(case)
    assert not failures, "\n".join(failures)


_parities: dict[tuple[int, Path], Parity] = {}
