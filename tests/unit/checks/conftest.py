"""Contracts for the rule tests: the starter contract as data, changed one field at a time."""

from __future__ import annotations

import copy
from collections.abc import Callable
from importlib import resources
from typing import Any

import pytest
import yaml

from remit.checks.runner import Report, run_checks
from remit.contract import LoadedContract, load_contract_text

Data = dict[str, Any]

STARTER_TEXT = resources.files("remit.templates").joinpath("starter.yaml").read_text("utf-8")
STARTER: Data = yaml.safe_load(STARTER_TEXT)


def load_data(data: Data) -> LoadedContract:
    return load_contract_text(yaml.safe_dump(data, sort_keys=False), "contract.yaml")


@pytest.fixture
def starter() -> Data:
    """A fresh, deep copy of the starter contract (which has no findings)."""
    return copy.deepcopy(STARTER)


@pytest.fixture
def starter_text() -> str:
    return STARTER_TEXT


@pytest.fixture
def check() -> Callable[..., Report]:
    def run(data: Data, **options: tuple[str, ...]) -> Report:
        return run_checks(load_data(data), **options)

    return run
