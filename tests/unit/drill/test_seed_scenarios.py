"""The scenarios of the source documents, drilled: parties, due instants, open questions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from remit.domain.contract import Contract
from remit.drill.route import Route

Run = Callable[..., Route]


def local(text: str) -> datetime:
    return datetime.fromisoformat(text)


def primaries(route: Route) -> dict[str, str | None]:
    return {c.layer: c.primary.party if c.primary else None for c in route.layer_checks}


def reachable(route: Route) -> dict[str, str | None]:
    return {c.layer: c.primary.how if c.primary else None for c in route.layer_checks}


def test_monday_0910_employees_cannot_log_in(mixed: Contract, run: Run) -> None:
    """Seed 001: a business-hours P1; the desk takes it, OS and hardware are checked in parallel."""
    route = run(mixed, "dc-01", "outage", "organization", "2026-03-02T09:10+01:00")
    assert (route.category, route.priority) == ("outage", "P1")
    assert not route.after_hours.outside
    assert route.intake is not None
    assert (route.intake.party, route.intake.how) == ("osdb", "working hours")
    assert route.coordinator is not None
    assert route.coordinator.party == "osdb"
    assert primaries(route) == {"os": "osdb", "hardware": "hw"}
    [target] = route.targets
    assert target.response is not None
    assert target.recovery is not None
    assert target.response.at == local("2026-03-02T09:25+01:00")
    assert target.recovery.at == local("2026-03-02T13:10+01:00")
    assert route.first_update is not None
    assert route.first_update.at == local("2026-03-02T09:40+01:00")
    assert route.affected_objects == ("dc-01", "acc-app", "acc-exchange")
    assert route.business_units == ("Whole company", "Accounting", "Branches")
    assert route.questions == ()


def test_database_unavailable_at_night_cause_unknown(mixed: Contract, run: Run) -> None:
    """Seed 001: who accepts it at night, who checks the server, the OS, the DBMS."""
    route = run(mixed, "acc-db", "outage", "organization", "2026-03-03T02:00+01:00")
    assert route.after_hours.outside
    assert route.after_hours.applies
    assert route.after_hours.next_business_open == local("2026-03-03T08:00+01:00")
    assert route.intake is not None
    assert (route.intake.party, route.intake.how) == ("osdb", "emergency channel")
    assert route.intake.channel == "phone +7 727 300 0999"
    assert primaries(route) == {"dbms": "osdb", "hardware": "hw", "os": "osdb"}
    assert set(reachable(route).values()) == {"emergency channel"}
    [target] = route.targets
    assert target.response is not None
    assert target.recovery is not None
    assert (target.response.at, target.recovery.at) == (
        local("2026-03-03T02:15+01:00"),
        local("2026-03-03T06:00+01:00"),
    )
    steps = {s.what.split(":")[0]: s for s in route.timeline}
    assert steps["50% of recovery used"].at == local("2026-03-03T04:00+01:00")
    assert steps["80% of recovery used"].at == local("2026-03-03T05:12+01:00")
    assert steps["80% of recovery used"].party == "client"
    assert route.approval.night_actions is not None
    assert route.approval.night_actions.startswith("Daniyar Omarov")
    assert [v.vendor for v in route.vendors] == ["msft"]
    assert route.questions == (
        'Nobody is named to open cases, collect logs and correspond with "msft" (acc-db).',
    )


def test_nightly_exchange_between_accounting_and_database_stops(mixed: Contract, run: Run) -> None:
    """Seed 001: "who is responsible if the problem is in the exchange?" Nobody, at night."""
    route = run(mixed, "acc-exchange", "integration", "organization", "2026-03-03T01:30+01:00")
    assert (route.category, route.priority) == ("integration", "P1")
    assert route.after_hours.applies
    assert primaries(route)["integration"] == "apps"
    assert reachable(route)["integration"] is None
    assert reachable(route)["dbms"] == "emergency channel"
    assert set(primaries(route)) == {"integration", "application", "dbms", "hardware", "os"}
    [target] = route.targets
    assert target.recovery is not None
    assert target.recovery.at == local("2026-03-03T05:30+01:00")
    about_apps = [q for q in route.questions if '"apps"' in q]
    assert about_apps == [
        'Nobody at "apps" (primary of integration) can be reached at Tue 2026-03-03 01:30 +0100: who acts now?',
        'Nobody at "apps" (primary of application) can be reached at Tue 2026-03-03 01:30 +0100: who acts now?',
        'Nobody at "apps" (executor of "acc-exchange") can be reached at Tue 2026-03-03 01:30 +0100: who acts now?',
    ]


def test_app_pool_stops_saturday_2300(hosted: Contract, run: Run) -> None:
    """Seed 000: a platform fault goes to the hosting provider; the IT provider sleeps."""
    route = run(hosted, "app-pool", "outage", "organization", "2026-03-07T23:00+01:00")
    assert route.priority == "P1"
    assert route.after_hours.applies
    assert route.after_hours.answered_by == "hoster"
    assert route.intake is not None
    assert route.intake.party == "hoster"
    assert route.intake.channel == "phone +49 40 3000 0"
    assert primaries(route) == {"platform": "hoster", "os": "hoster"}
    [target] = route.targets
    assert target.response is not None
    assert target.recovery is not None
    assert (target.response.at, target.recovery.at) == (
        local("2026-03-07T23:15+01:00"),
        local("2026-03-08T03:00+01:00"),
    )
    assert route.fault_classes["infrastructure"] == "hoster"
    assert route.approval.without_approval == ("Recycle the app pool", "Restart IIS")
    assert route.affected_objects == ("app-pool", "app", "app-mail")
    assert route.questions == (
        'Nobody at "itp" (coordinator) can be reached at Sat 2026-03-07 23:00 +0100: who acts now?',
        'Nobody at "itp" (client updates) can be reached at Sat 2026-03-07 23:00 +0100: who acts now?',
    )


def test_mail_gateway_quarantines_system_mail(hosted: Contract, run: Run) -> None:
    """Seed 000: client-side mail security is the IT provider's; office-hours P2."""
    route = run(hosted, "mail-gateway", "integration", "department", "2026-03-04T10:00+01:00")
    assert (route.category, route.priority) == ("integration", "P2")
    assert not route.after_hours.outside
    assert route.intake is not None
    assert route.intake.party == "itp"
    assert primaries(route) == {"client_side": "itp"}
    [target] = route.targets
    assert target.response is not None
    assert target.recovery is not None
    assert target.calendar == "office"
    assert (target.response.at, target.recovery.at) == (
        local("2026-03-04T11:00+01:00"),
        local("2026-03-04T18:00+01:00"),
    )
    assert route.first_update is not None
    assert route.first_update.at == local("2026-03-04T12:00+01:00")
    assert route.affected_objects == ("mail-gateway", "app-mail")
    assert route.fault_classes["client_side"] == "itp"
    assert route.questions == ()
