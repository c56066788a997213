"""Calendar declarations as written -> the `CalendarSpec` the clock compiles."""

from __future__ import annotations

from datetime import date

from remit.contract import load_contract_text
from remit.domain.calendar import CalendarSpec, DayInterval, HolidaySource, OpenDate, Weekday

from .broken import BASE, edit

DAY = 86_400
OFFICE = """\
  office:
    timezone: Europe/Berlin
    hours:
      mon-fri: ["08:00-18:00"]
    holidays:
      - {country: DE, subdivision: BE}
"""


def office(declaration: str) -> CalendarSpec:
    """The office calendar of the base contract declared as `declaration`."""
    return load_contract_text(edit(OFFICE, declaration, BASE)).contract.calendars["office"]


def hours(body: str) -> dict[Weekday, tuple[DayInterval, ...]]:
    return office(f"  office:\n    timezone: Europe/Berlin\n    hours:\n{body}").weekly


def test_the_base_office_calendar() -> None:
    assert office(OFFICE) == CalendarSpec(
        name="office",
        timezone="Europe/Berlin",
        weekly={day: (DayInterval(28_800, 64_800),) for day in Weekday if day <= Weekday.FRI},
        holidays=(HolidaySource("DE", "BE"),),
    )


def test_a_range_mon_fri_covers_five_days() -> None:
    assert set(hours('      mon-fri: ["09:00-17:00"]\n')) == {
        Weekday.MON,
        Weekday.TUE,
        Weekday.WED,
        Weekday.THU,
        Weekday.FRI,
    }


def test_a_range_fri_mon_wraps_over_the_weekend() -> None:
    weekly = hours('      fri-mon: ["10:00-14:00"]\n')
    assert set(weekly) == {Weekday.FRI, Weekday.SAT, Weekday.SUN, Weekday.MON}


def test_single_days_and_ranges_combine_in_time_order() -> None:
    weekly = hours('      mon-fri: ["13:00-17:00"]\n      mon: "08:00-12:00"\n')
    assert weekly[Weekday.MON] == (DayInterval(28_800, 43_200), DayInterval(46_800, 61_200))
    assert weekly[Weekday.TUE] == (DayInterval(46_800, 61_200),)


def test_an_overnight_interval_belongs_to_the_day_it_starts() -> None:
    weekly = hours('      mon-thu: "22:00-06:00"\n')
    assert weekly == {day: (DayInterval(79_200, 108_000),) for day in Weekday if day <= Weekday.THU}


def test_a_whole_day_written_either_way() -> None:
    weekly = hours('      sat: "00:00-24:00"\n      sun: "00:00-00:00"\n')
    assert weekly == {Weekday.SAT: (DayInterval(0, DAY),), Weekday.SUN: (DayInterval(0, DAY),)}


def test_touching_intervals_do_not_overlap() -> None:
    weekly = hours('      mon: ["08:00-12:00", "12:00-16:00"]\n      tue: "16:00-08:00"\n')
    assert weekly[Weekday.MON] == (DayInterval(28_800, 43_200), DayInterval(43_200, 57_600))


def test_weekday_keys_ignore_case() -> None:
    assert set(hours('      Sat-SUN: "10:00-14:00"\n')) == {Weekday.SAT, Weekday.SUN}


def test_holidays_by_country_and_subdivision() -> None:
    spec = office(
        "  office:\n    timezone: America/New_York\n    holidays:\n"
        "      - {country: US, subdivision: NY}\n      - {country: NO}\n      - {country: CH, subdivision: ZH}\n"
    )
    assert spec.holidays == (
        HolidaySource("US", "NY"),
        HolidaySource("NO"),
        HolidaySource("CH", "ZH"),
    )
    assert spec.timezone == "America/New_York"


def test_closed_and_open_dates_are_carried_over() -> None:
    spec = office(
        OFFICE
        + "    closed: [2026-12-24, 2026-12-31]\n"
        + "    open:\n"
        + "      - {date: 2026-05-01}\n"
        + '      - {date: 2026-12-27, hours: ["10:00-14:00", "22:00-02:00"]}\n'
    )
    assert spec.closed == frozenset({date(2026, 12, 24), date(2026, 12, 31)})
    assert spec.open == (
        OpenDate(date(2026, 5, 1)),
        OpenDate(date(2026, 12, 27), (DayInterval(36_000, 50_400), DayInterval(79_200, 93_600))),
    )


def test_always_open() -> None:
    spec = load_contract_text(BASE).contract.calendars["always"]
    assert spec == CalendarSpec(name="always", timezone="UTC", always_open=True)


def test_a_calendar_without_hours_is_closed_every_week_day() -> None:
    assert office("  office:\n    timezone: Europe/Berlin\n").weekly == {}
