"""Fixtures for the contract loader tests; the contract text helpers are in `broken`."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
