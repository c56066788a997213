"""Findings speak about one cause each, say precisely what is missing, and hint at what
is not yet set."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from remit.checks.runner import Report

Data = dict[str, Any]
Check = Callable[..., Report]


def of(report: Report, code: str) -> list[Any]:
    return [f for f in report.findings if f.code == code]


def silence_provider_at_night(d: Data) -> None:
    provider = d["parties"]["provider"]
    provider["contacts"]["oncall"]["after_hours"] = False
    del provider["channels"]["emergency"][0]["calendar"]


def test_one_unreachable_party_is_one_finding_listing_what_needs_it(
    starter: Data, check: Check
) -> None:
    silence_provider_at_night(starter)
    [finding] = of(check(starter), "RM207")
    assert finding.message.startswith('"provider" cannot be reached on nights and weekends')
    for needed in ("P1 tickets (sla.targets[0] on always)", '"srv-app-01"', '"db-main"'):
        assert needed in finding.message


def test_one_unreachable_dependency_is_one_finding_listing_its_dependents(
    starter: Data, check: Check
) -> None:
    monitor = {
        "kind": "service",
        "layers": ["application"],
        "executor": "provider",
        "support_hours": "always",
        "depends_on": ["erp"],
    }
    starter["objects"]["monitor"] = monitor
    starter["objects"]["probe"] = {**monitor, "depends_on": ["erp"]}
    [finding] = of(check(starter), "RM208")
    assert "needed then by monitor, probe" in finding.message


def test_critical_objects_sharing_a_gap_are_one_finding(starter: Data, check: Check) -> None:
    starter["objects"]["erp"]["criticality"] = "critical"
    del starter["sla"]["targets"][0]["recovery"]
    [finding] = of(check(starter), "RM203")
    assert finding.message == (
        'critical objects "srv-app-01", "db-main", "erp": '
        "no recovery target for P1 outage, integration"
    )
    assert "`recovery:`" in finding.hint


def test_a_critical_object_with_no_target_at_all_says_so(starter: Data, check: Check) -> None:
    starter["objects"]["erp"]["criticality"] = "critical"
    del starter["sla"]["targets"][0]
    found = {f.message for f in of(check(starter), "RM203")}
    assert found == {
        'critical objects "srv-app-01", "db-main", "erp": no target for P1 outage, integration'
    }


def test_closure_hint_does_not_ask_for_what_is_set(starter: Data, check: Check) -> None:
    starter["closure"]["work_report"] = ["cause", "actions"]
    [finding] = of(check(starter), "RM408")
    assert "customer_confirmation" not in finding.hint
    assert "start_end" in finding.hint
    starter["closure"]["work_report"] = ["cause", "actions", "start_end", "participants"]
    starter["closure"]["work_report"] += ["downtime", "recurrence_risk"]
    starter["closure"]["customer_confirmation"] = False
    [finding] = of(check(starter), "RM408")
    assert "customer_confirmation: true" in finding.hint


def test_access_finding_in_plain_words_names_the_missing_field(starter: Data, check: Check) -> None:
    del starter["access"]["emergency_procedure"]
    [finding] = of(check(starter), "RM410")
    assert finding.message == (
        "the contract does not say how engineers get access: "
        "how emergency access is granted and recorded"
    )
    assert finding.hint == "add `access.emergency_procedure`"


def test_night_roles_hint_names_only_the_missing_role(starter: Data, check: Check) -> None:
    del starter["sla"]["after_hours"]["approved_by"]
    [finding] = of(check(starter), "RM211")
    assert finding.hint == "add `approved_by:` to `sla.after_hours`"


def test_a_missing_section_is_reported_at_file_level(starter: Data, check: Check) -> None:
    del starter["pauses"]
    [finding] = of(check(starter), "RM302")
    assert (finding.line, finding.column) == (0, 0)
    assert finding.path == "pauses"
