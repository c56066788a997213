"""Maintenance-window occurrences in the window's zone, across DST changes; membership;
planning a ticket that is planned work in a window."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from importlib import resources

import pytest

from remit.contract import load_contract_text
from remit.domain.clock import Clock
from remit.domain.contract import Contract, Maintenance, MaintenanceWindow
from remit.domain.escalation import ClockTerms, PlannedWindow, Timeline, WorkKind, plan
from remit.domain.maintenance import Occurrence, Schedule, covering, covers, local_span
from remit.domain.ticket import State

BERLIN_NIGHT = MaintenanceWindow(
    name="Sunday patching",
    rrule="FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=30",
    duration=3 * 3600,
    timezone="Europe/Berlin",
    objects=("db-main", "srv-app-01"),
    confirmed_by="client.it",
)
SCHEDULE = Schedule(BERLIN_NIGHT, date(2026, 1, 1))
P1 = ClockTerms("P1", "always", 900, 14_400, 1800, "always")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def occurrence(start: datetime, hours: int = 3) -> Occurrence:
    return Occurrence("Sunday patching", start, start + timedelta(hours=hours))


def test_a_weekly_window_follows_local_time_across_the_spring_change() -> None:
    found = SCHEDULE.upcoming(utc(2026, 3, 21), 3)
    assert found == [
        occurrence(utc(2026, 3, 22, 1, 30)),  # 02:30 CET
        # 02:30 does not exist on 29 March: read with the offset before the gap, it is
        # 03:30 CEST (01:30 UTC), and the window keeps its three hours
        occurrence(utc(2026, 3, 29, 1, 30)),
        occurrence(utc(2026, 4, 5, 0, 30)),  # 02:30 CEST
    ]


def test_a_repeated_start_on_the_autumn_night_is_the_first_of_the_two() -> None:
    found = SCHEDULE.upcoming(utc(2026, 10, 20), 2)
    assert found == [
        occurrence(utc(2026, 10, 25, 0, 30)),  # 02:30 CEST, not 02:30 CET an hour later
        occurrence(utc(2026, 11, 1, 1, 30)),  # 02:30 CET
    ]
    assert local_span(found[0].start, found[0].end, "Europe/Berlin") == (
        "Sun 2026-10-25 02:30 CEST",
        "04:30 CET",
    )


def test_a_monthly_window_on_the_last_sunday_lands_on_both_dst_nights() -> None:
    window = dataclasses.replace(BERLIN_NIGHT, rrule="FREQ=MONTHLY;BYDAY=-1SU;BYHOUR=2;BYMINUTE=30")
    starts = [
        o.start
        for o in Schedule(window, date(2026, 1, 1)).between(utc(2026, 3, 1), utc(2026, 11, 1))
    ]
    assert starts[0] == utc(2026, 3, 29, 1, 30)
    assert starts[-1] == utc(2026, 10, 25, 0, 30)
    assert len(starts) == 8


def test_the_occurrence_at_an_instant_is_half_open() -> None:
    start = utc(2026, 3, 29, 1, 30)
    assert SCHEDULE.at(start - timedelta(seconds=1)) is None
    assert SCHEDULE.at(start) == occurrence(start)
    assert SCHEDULE.at(start + timedelta(hours=3) - timedelta(seconds=1)) == occurrence(start)
    assert SCHEDULE.at(start + timedelta(hours=3)) is None


def test_upcoming_starts_with_the_running_occurrence() -> None:
    running = SCHEDULE.upcoming(utc(2026, 3, 29, 3), 1)
    assert running == [occurrence(utc(2026, 3, 29, 1, 30))]
    assert SCHEDULE.starting_at(utc(2026, 3, 29, 1, 30)) == running[0]
    assert SCHEDULE.starting_at(utc(2026, 3, 29, 0, 30)) is None


def test_an_interval_and_count_count_from_the_effective_date() -> None:
    window = dataclasses.replace(
        BERLIN_NIGHT, rrule="FREQ=WEEKLY;INTERVAL=2;COUNT=2;BYDAY=SU;BYHOUR=2"
    )
    found = Schedule(window, date(2026, 3, 1)).upcoming(utc(2026, 1, 1), 5)
    assert [o.start for o in found] == [utc(2026, 3, 1, 1), utc(2026, 3, 15, 1)]


def test_a_window_covers_its_objects_and_all_when_it_lists_none() -> None:
    assert covers(BERLIN_NIGHT, ["db-main"])
    assert covers(BERLIN_NIGHT, ["db-main", "srv-app-01"])
    assert not covers(BERLIN_NIGHT, ["db-main", "erp"])  # erp is not in the window
    assert not covers(BERLIN_NIGHT, [])  # a ticket naming nothing is not planned work
    assert covers(dataclasses.replace(BERLIN_NIGHT, objects=()), ["erp"])


@pytest.fixture(scope="module")
def contract() -> Contract:
    text = resources.files("remit.templates").joinpath("starter.yaml").read_text(encoding="utf-8")
    starter = load_contract_text(text, "starter.yaml").contract
    return dataclasses.replace(starter, maintenance=Maintenance(windows=(BERLIN_NIGHT,)))


def test_covering_names_the_window_of_a_ticket_inside_it(contract: Contract) -> None:
    inside = utc(2026, 3, 29, 2)
    assert list(covering(contract, ["db-main"], inside)) == [
        (BERLIN_NIGHT, occurrence(utc(2026, 3, 29, 1, 30)))
    ]
    assert list(covering(contract, ["erp"], inside)) == []
    assert list(covering(contract, ["db-main"], utc(2026, 3, 29, 5))) == []


def _plan(
    contract: Contract, window: PlannedWindow | None, at: datetime, symptoms: str = ""
) -> dict[str, tuple[WorkKind, datetime]]:
    clocks = {name: Clock(spec) for name, spec in contract.calendars.items()}
    timeline = Timeline(State.NEW, at, window=window, symptoms=symptoms)
    result = plan(timeline, P1, contract, clocks.__getitem__, "provider")
    assert result.response is not None
    assert result.recovery is not None
    work = {w.key: (w.kind, w.due_at) for w in result.work}
    work["response"] = (WorkKind.BREACH, result.response.due)
    work["recovery"] = (WorkKind.BREACH, result.recovery.due)
    return work


OPENED = utc(2026, 3, 29, 2)  # 04:00 CEST, inside 03:30-06:30 CEST
WINDOW = PlannedWindow("Sunday patching", utc(2026, 3, 29, 1, 30), utc(2026, 3, 29, 4, 30))


def test_a_planned_ticket_runs_its_clocks_from_the_window_end(contract: Contract) -> None:
    work = _plan(contract, WINDOW, OPENED, symptoms="data loss after the patch")
    end = WINDOW.end
    assert work["response"][1] == end + timedelta(minutes=15)
    assert work["recovery"][1] == end + timedelta(hours=4)
    assert work["update:0"][1] == end + timedelta(minutes=30)
    assert work["escalate:recovery:0.5:engineering"][1] == end + timedelta(hours=2)
    # the symptom escalation is held to the window's end, planned once under its usual key
    assert work["escalate:symptom:data loss"] == (WorkKind.ESCALATE, end)


def test_clocks_that_run_keep_their_instants_but_escalations_are_held(contract: Contract) -> None:
    early = dataclasses.replace(WINDOW, clocks_run=True)
    work = _plan(contract, early, OPENED - timedelta(minutes=25), symptoms="data loss")
    start = OPENED - timedelta(minutes=25)
    assert work["response"][1] == start + timedelta(minutes=15)  # inside the window: it runs
    assert work["escalate:symptom:data loss"][1] == WINDOW.end
    # 50% of 4 h after 01:35 is 03:35, inside the window that ends 04:30: held to its end
    assert work["escalate:recovery:0.5:engineering"][1] == WINDOW.end
    assert work["escalate:recovery:0.8:management"][1] == start + timedelta(minutes=192)


def test_escalations_that_fire_are_not_held(contract: Contract) -> None:
    firing = dataclasses.replace(WINDOW, clocks_run=True, escalations_fire=True)
    work = _plan(contract, firing, OPENED - timedelta(minutes=25), symptoms="data loss")
    assert "escalate:symptom:data loss" not in work  # fired at intake, not planned
    assert work["escalate:recovery:0.5:engineering"][1] == utc(2026, 3, 29, 3, 35)


def test_without_a_window_nothing_moves(contract: Contract) -> None:
    work = _plan(contract, None, OPENED, symptoms="data loss")
    assert work["response"][1] == OPENED + timedelta(minutes=15)
    assert "escalate:symptom:data loss" not in work
