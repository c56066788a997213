"""The two drill contracts: a mixed environment (seed 001) and a hosted application (seed 000)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from remit.contract import load_contract
from remit.domain.contract import Contract
from remit.domain.terms import Impact
from remit.drill.plan import drill
from remit.drill.route import Route
from remit.drill.scenario import Scenario, Symptom, parse_instant

HERE = Path(__file__).parent / "contracts"


@pytest.fixture(scope="session")
def mixed() -> Contract:
    return load_contract(HERE / "mixed.yaml").contract


@pytest.fixture(scope="session")
def hosted() -> Contract:
    return load_contract(HERE / "hosted.yaml").contract


@pytest.fixture
def run() -> Callable[..., Route]:
    def go(contract: Contract, objects: str, symptom: str, scope: str, at: str) -> Route:
        scenario = Scenario(
            tuple(objects.split(",")), Symptom(symptom), Impact(scope), parse_instant(at)
        )
        return drill(contract, scenario)

    return go
