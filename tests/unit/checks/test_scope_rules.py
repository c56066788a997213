"""RM120 accepts an object outside the environments in scope when an exclusion rule
says what happens to its tickets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from remit.checks.runner import Report


@pytest.mark.parametrize(
    ("rule", "flagged"),
    [
        ({"clause": "Test systems are billed by the hour", "environments": ["test"]}, False),
        ({"clause": "The ERP is billed by the hour", "objects": ["erp"]}, False),
        ({"clause": "Staging is billed", "environments": ["staging"]}, True),
        ({"clause": "ERP requests are billed", "categories": ["request"]}, True),
    ],
)
def test_an_exclusion_rule_naming_the_environment_or_object_settles_rm120(
    starter: dict[str, Any], check: Callable[..., Report], rule: dict[str, Any], flagged: bool
) -> None:
    starter["objects"]["erp"]["environment"] = "test"
    starter["scope"]["exclusion_rules"] = [rule]
    assert ("RM120" in {f.code for f in check(starter).findings}) is flagged
