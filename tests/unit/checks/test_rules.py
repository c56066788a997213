"""Each rule fires on a contract with its gap and stays silent on a near miss without it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from remit.checks.registry import RULES
from remit.checks.runner import Report

Data = dict[str, Any]
Change = Callable[[Data], None]


def drop(*keys: str | int) -> Change:
    def change(d: Data) -> None:
        node: Any = d
        for key in keys[:-1]:
            node = node[key]
        del node[keys[-1]]

    return change


def put(value: Any, *keys: str | int) -> Change:
    def change(d: Data) -> None:
        node: Any = d
        for key in keys[:-1]:
            node = node[key]
        node[keys[-1]] = value

    return change


def append(value: Any, *keys: str) -> Change:
    def change(d: Data) -> None:
        node: Any = d
        for key in keys:
            node = node.setdefault(key, {}) if key != keys[-1] else node.setdefault(key, [])
        node.append(value)

    return change


def both(*changes: Change) -> Change:
    def change(d: Data) -> None:
        for c in changes:
            c(d)

    return change


def same(d: Data) -> None:
    """The starter contract itself: the near miss of rules whose gap it does not have."""


VENDOR = {"name": "PostgreSQL support Ltd", "roles": ["vendor"], "calendar": "office"}
VENDOR_HANDLING = {
    "product": "PostgreSQL",
    "vendor": "pgvendor",
    "opens_cases": "provider",
    "collects_logs": "provider",
    "correspondence": "provider",
    "decides_fixes": "provider",
}
HOST = {"name": "Hosting GmbH", "roles": ["hosting_provider"], "calendar": "always"}
MONITOR = {
    "kind": "service",
    "layers": ["application"],
    "location": "cloud",
    "environment": "production",
    "owner": "client.it",
    "executor": "provider",
    "criticality": "high",
    "support_hours": "always",
}
NIGHT_P2 = {
    "categories": ["outage"],
    "priorities": ["P2"],
    "response": "1h",
    "recovery": "8h",
    "calendar": "always",
}


def add_object(name: str, value: Data) -> Change:
    return put(value, "objects", name)


def with_vendor(handling: Data | None) -> Change:
    changes = [put(VENDOR, "parties", "pgvendor"), put("pgvendor", "objects", "db-main", "vendor")]
    if handling is not None:
        changes.append(put([handling], "vendors"))
    return both(*changes)


def monitor(depends_on: list[str], **extra: Any) -> Change:
    return add_object("monitor", {**MONITOR, "depends_on": depends_on, **extra})


def silence_provider_at_night(d: Data) -> None:
    provider = d["parties"]["provider"]
    provider["contacts"]["oncall"]["after_hours"] = False
    del provider["channels"]["emergency"][0]["calendar"]


def separate_host(d: Data) -> None:
    d["parties"]["host"] = HOST
    d["parties"]["provider"]["roles"] = ["it_provider"]
    d["operating_model"]["hosting_provider"] = "host"
    d["layers"]["hosting"] = {"kind": "hosting_platform", "primary": "host"}


def after_hours_for_everything(calendar: str) -> Change:
    """sla.after_hours takes in every priority and category; P2 outages run on `calendar`."""

    def change(d: Data) -> None:
        after = d["sla"]["after_hours"]
        after["priorities"] = list(d["priorities"]["levels"])
        after["categories"] = list(d["priorities"]["categories"])
        d["sla"]["targets"] = [
            {"priorities": "P1", "response": "15m", "recovery": "4h", "calendar": "always"},
            {"priorities": ["P2", "P3", "P4"], "response": "1h", "recovery": "8h"},
        ]
        d["sla"]["targets"][1]["calendar"] = calendar

    return change


def say_round_the_clock(d: Data) -> None:
    """ "24/7" in words only: no after-hours section, no night calendar anywhere."""
    del d["sla"]["after_hours"]
    d["sla"]["targets"][0]["calendar"] = "office"
    for obj in d["objects"].values():
        obj["support_hours"] = "office"
    d["contract"]["name"] = "24/7 IT support agreement, Example Ltd"


def underpinning(recovery: str, calendar: str | None = None) -> Change:
    """The developer's own P1 target for the application layer (its office calendar if None)."""
    target = {"layers": ["application"], "priorities": ["P1"], "recovery": recovery}
    target |= {"handoff": "15m"} | ({"calendar": calendar} if calendar else {})
    return put([target], "parties", "developer", "targets")


# code: (change that creates the gap, near miss that does not)
CASES: dict[str, tuple[Change, Change]] = {
    "RM001": (
        both(drop("scope", "exclusions"), put([{"code": "RM123", "reason": "  "}], "suppress")),
        both(drop("scope", "exclusions"), put([{"code": "RM123", "reason": "agreed"}], "suppress")),
    ),
    "RM002": (
        put([{"code": "RM123", "reason": "exclusions are in the master agreement"}], "suppress"),
        both(
            drop("scope", "exclusions"),
            put(
                [{"code": "RM123", "reason": "exclusions are in the master agreement"}], "suppress"
            ),
        ),
    ),
    "RM003": (
        put([{"code": "RM999", "reason": "no such code"}], "suppress"),
        both(drop("scope", "exclusions"), put([{"code": "RM123", "reason": "agreed"}], "suppress")),
    ),
    "RM101": (drop("layers", "dbms", "primary"), same),
    "RM102": (
        put(["provider", "developer"], "layers", "dbms", "primary"),
        put("developer", "layers", "dbms", "secondary"),
    ),
    "RM103": (
        both(
            put(HOST, "parties", "host"),
            put({"kind": "hosting_platform", "primary": "host"}, "layers", "hosting"),
        ),
        separate_host,
    ),
    "RM104": (put("provider", "layers", "application", "primary"), same),
    "RM110": (drop("objects", "erp", "owner"), same),
    "RM111": (drop("objects", "erp", "executor"), same),
    "RM112": (drop("objects", "erp", "location"), same),
    "RM113": (drop("objects", "erp", "environment"), same),
    "RM114": (drop("objects", "erp", "criticality"), same),
    "RM115": (drop("objects", "db-main", "version"), same),  # bank-export: integrations need none
    "RM120": (
        put("test", "objects", "erp", "environment"),
        both(
            put("test", "objects", "erp", "environment"),
            put(["production", "test"], "scope", "environments"),
        ),
    ),
    "RM121": (drop("scope", "environments"), same),
    "RM122": (drop("objects", "bank-export"), same),
    "RM123": (drop("scope", "exclusions"), same),
    "RM124": (put(["db-main", "ghost"], "objects", "erp", "depends_on"), same),
    "RM125": (put(["bank-export"], "objects", "srv-app-01", "depends_on"), same),
    "RM126": (
        both(
            put("db-main", "objects", "bank-export", "location"),
            put([], "objects", "bank-export", "depends_on"),
        ),
        put("db-main", "objects", "bank-export", "location"),  # through erp -> db-main
    ),
    "RM201": (
        put([{"response": "1h", "recovery": "8h", "calendar": "office"}], "sla", "targets"),
        same,
    ),
    "RM202": (drop("sla", "targets", 0, "recovery"), same),
    "RM203": (
        both(put("critical", "objects", "erp", "criticality"), drop("sla", "targets", 0)),
        put("critical", "objects", "erp", "criticality"),
    ),
    "RM204": (
        put("10m", "sla", "targets", 0, "recovery"),
        put("15m", "sla", "targets", 0, "recovery"),
    ),
    "RM205": (drop("priorities", "matrix", "user", "can_wait"), same),
    "RM206": (
        append(
            {
                "categories": "outage",
                "priorities": "P1",
                "response": "30m",
                "recovery": "4h",
                "calendar": "office",
            },
            "sla",
            "targets",
        ),
        put(
            [
                {
                    "objects": "erp",
                    "categories": "outage",
                    "priorities": "P1",
                    "response": "30m",
                    "recovery": "2h",
                    "calendar": "always",
                }
            ],
            "sla",
            "overrides",
        ),
    ),
    "RM207": (silence_provider_at_night, same),
    "RM208": (monitor(["erp"]), monitor(["db-main"])),
    "RM209": (drop("sla", "targets", 5), same),
    "RM210": (drop("sla", "after_hours"), same),
    "RM211": (drop("sla", "after_hours", "approved_by"), same),
    "RM212": (drop("sla", "business_calendar"), same),
    "RM213": (after_hours_for_everything("office"), after_hours_for_everything("always")),
    "RM214": (
        put("office", "objects", "srv-app-01", "support_hours"),
        both(
            put("office", "objects", "srv-app-01", "support_hours"),
            put("office", "objects", "db-main", "support_hours"),
        ),
    ),
    "RM215": (underpinning("2h"), underpinning("2h", calendar="always")),
    "RM301": (drop("priorities", "levels", "P2", "ownership", "vendor_after"), same),
    "RM302": (drop("pauses"), same),
    "RM303": (drop("pauses", 0, "attributed_to"), same),
    "RM304": (drop("communication", "cadence"), same),
    "RM305": (
        both(with_vendor(VENDOR_HANDLING), drop("communication", "owner_with_vendors")),
        with_vendor(VENDOR_HANDLING),
    ),
    "RM306": (with_vendor(None), with_vendor(VENDOR_HANDLING)),
    "RM307": (drop("escalation", "fault_classes", "application_defect"), same),
    "RM308": (drop("escalation", "triggers"), same),
    "RM309": (drop("coordination"), same),
    "RM310": (
        put("developer", "priorities", "levels", "P1", "ownership", "client_updates"),
        put("provider", "priorities", "levels", "P1", "ownership", "client_updates"),
    ),
    "RM401": (drop("backups", 0, "verification"), same),
    "RM402": (drop("backups", 0, "failed_recovery"), same),
    "RM403": (drop("maintenance", "windows"), same),
    "RM404": (drop("maintenance", "change_procedure"), same),
    "RM405": (
        drop("customer_duties", "contact_list"),
        drop("customer_duties", "hardware_warranty"),
    ),
    "RM406": (drop("authorization", "unauthorized"), same),
    "RM407": (put(2, "records", "retention_years"), put(3, "records", "retention_years")),
    "RM408": (put(["cause", "actions"], "closure", "work_report"), same),
    "RM410": (drop("access", "emergency_procedure"), same),
    "RM501": (
        put("billable", "commercial", "recurring_issues"),
        put("included", "commercial", "recurring_issues"),
    ),
}


def codes(report: Report) -> set[str]:
    return {f.code for f in report.findings}


def test_every_rule_has_a_case() -> None:
    assert sorted(CASES) == sorted(rule.code for rule in RULES)


def test_the_starter_contract_is_clean(starter: Data, check: Callable[..., Report]) -> None:
    report = check(starter)
    assert [f"{f.code} {f.message}" for f in report.findings] == []


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_fires_on_its_gap(code: str, starter: Data, check: Callable[..., Report]) -> None:
    CASES[code][0](starter)
    assert code in codes(check(starter))


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_is_silent_on_the_near_miss(
    code: str, starter: Data, check: Callable[..., Report]
) -> None:
    CASES[code][1](starter)
    assert code not in codes(check(starter))


def test_who_answers_at_night_replaces_the_daytime_intake(
    starter: Data, check: Callable[..., Report]
) -> None:
    """RM207: a P1 intake closed at night is fine when after-hours names a reachable answerer."""
    starter["parties"]["desk"] = {
        "name": "Day desk",
        "roles": ["it_provider"],
        "calendar": "office",
    }
    starter["priorities"]["levels"]["P1"]["ownership"]["intake"] = "desk"
    assert "RM207" not in codes(check(starter))
    starter["sla"]["after_hours"]["answered_by"] = "desk"
    assert "RM207" in codes(check(starter))


def test_coverage_inversion_through_an_intermediate_object(
    starter: Data, check: Callable[..., Report]
) -> None:
    """RM208 names the first business-hours-only object below, and the step it goes through."""
    starter["objects"]["relay"] = {**MONITOR, "support_hours": "office", "depends_on": ["erp"]}
    monitor(["relay"])(starter)
    [finding] = [f for f in check(starter).findings if f.code == "RM208"]
    assert finding.path == "objects.monitor.depends_on[0]"
    assert finding.message.startswith('"erp", whose party "developer"')
    assert "needed then by monitor (through relay)" in finding.message


def test_a_round_the_clock_override_outside_the_after_hours_boundary(
    starter: Data, check: Callable[..., Report]
) -> None:
    """RM207: an override whose clock runs at night for a priority the boundary excludes."""
    override = {"objects": ["db-main"], "priorities": ["P1"], "categories": ["outage"]}
    override["calendar"] = "always"
    starter["sla"]["overrides"] = [{**override, "response": "10m", "recovery": "2h"}]
    assert "RM207" not in codes(check(starter))
    starter["sla"]["overrides"][0]["priorities"] = ["P1", "P2"]
    [finding] = [f for f in check(starter).findings if f.code == "RM207"]
    assert finding.path == "sla.overrides[0]"
    assert "excludes P2" in finding.message


def test_round_the_clock_in_words_only(starter: Data, check: Callable[..., Report]) -> None:
    """RM213: "24/7" in the contract's text with no after-hours section and no night clock."""
    say_round_the_clock(starter)
    [finding] = [f for f in check(starter).findings if f.code == "RM213"]
    assert finding.path == "contract.name"
    assert '"24/7"' in finding.message
    starter["contract"]["name"] = "IT support agreement, Example Ltd"
    assert "RM213" not in codes(check(starter))


def test_support_hours_inversion_names_the_path(
    starter: Data, check: Callable[..., Report]
) -> None:
    """RM214 walks several dependencies and names each object on the way."""
    starter["objects"]["kiosk"] = {**MONITOR, "depends_on": ["db-main"]}
    put("office", "objects", "srv-app-01", "support_hours")(starter)
    [finding] = [f for f in check(starter).findings if f.code == "RM214"]
    assert finding.path == "objects.srv-app-01.support_hours"
    assert "db-main → srv-app-01" in finding.message
    assert "kiosk → db-main → srv-app-01" in finding.message


def test_underpinning_target_counts_the_hand_off(
    starter: Data, check: Callable[..., Report]
) -> None:
    """RM215: a fitting party target fails once the hand-off eats the client's margin."""
    underpinning("3h", calendar="always")(starter)
    assert "RM215" not in codes(check(starter))
    starter["parties"]["developer"]["targets"][0]["handoff"] = "90m"
    [finding] = [f for f in check(starter).findings if f.code == "RM215"]
    assert finding.path == "parties.developer.targets[0]"
    assert "erp" in finding.message


def test_location_naming_an_object_far_below_is_not_flagged(
    starter: Data, check: Callable[..., Report]
) -> None:
    """RM126: erp runs on srv-app-01 and reaches it through db-main; a direct host is fine too."""
    assert "RM126" not in codes(check(starter))
    put([], "objects", "erp", "depends_on")(starter)
    found = [f for f in check(starter).findings if f.code == "RM126"]
    [finding] = [f for f in found if f.path == "objects.erp.location"]
    assert "hardware, os" in finding.message


def test_underpinning_target_runs_on_the_party_calendar_and_its_holidays(
    starter: Data, check: Callable[..., Report]
) -> None:
    """RM215: same hours and target, but the party's Bavarian holiday (6 January, in the
    reference week from 2026-01-05) ends its recovery a working day after the client's."""
    office = starter["calendars"]["office"]
    starter["calendars"]["dev_office"] = {**office, "holidays": [{"country": "DE"}]}
    starter["calendars"]["dev_office"]["holidays"][0]["subdivision"] = "BY"
    target = {"layers": "application", "priorities": "P2", "recovery": "8h", "handoff": "0m"}
    starter["parties"]["developer"]["targets"] = [{**target, "calendar": "office"}]
    assert "RM215" not in codes(check(starter))
    starter["parties"]["developer"]["targets"][0]["calendar"] = "dev_office"
    [finding] = [f for f in check(starter).findings if f.code == "RM215"]
    assert "sla.targets[1]" in finding.message
    assert "2026-01-07" in finding.message
