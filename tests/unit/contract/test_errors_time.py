"""Bad durations, hours, time zones, holidays, dates and rules: exact problem lines."""

from __future__ import annotations

import pytest

from .broken import NAME, at, edit, problems

DURATION = 'expected a duration like "4h", "30m" or "1h30m"'
HOURS = 'expected hours like "09:00-17:00"'
WEEKDAY = 'expected a weekday (mon, tue, wed, thu, fri, sat, sun) or a range like "mon-fri"'


class TestDurations:
    @pytest.mark.parametrize(
        ("written", "got"),
        [
            ("4 hours", '"4 hours" (did you mean "4h"?)'),
            ("1 hour 30 minutes", '"1 hour 30 minutes" (did you mean "1h30m"?)'),
            ("1h 30m", '"1h 30m" (did you mean "1h30m"?)'),
            ("1.5h", '"1.5h" (did you mean "1h30m"?)'),
            ("4", '"4" (add a unit: d, h, m or s, e.g. "4h")'),
            ("4x", '"4x"'),
            ("-4h", '"-4h"'),
            ("PT4H", '"PT4H"'),
            ('""', '""'),
        ],
    )
    def test_a_recovery_target(self, written: str, got: str) -> None:
        text = edit("recovery: 4h,", f"recovery: {written},")
        assert problems(text) == [
            f"{NAME}:{at(text, written)}: sla.targets[0].recovery: {DURATION}, got {got}"
        ]

    def test_a_duration_given_as_a_list(self) -> None:
        text = edit("recovery: 4h,", "recovery: [4h],")
        assert problems(text) == [
            f"{NAME}:{at(text, '[4h]')}: sla.targets[0].recovery: {DURATION}, got a list"
        ]

    def test_a_duration_left_empty_in_a_required_field(self) -> None:
        window = (
            "  windows:\n    - {name: patching, rrule: FREQ=DAILY, duration: , timezone: UTC}\n"
        )
        text = edit("records:\n", f"maintenance:\n{window}records:\n")
        assert problems(text) == [
            f"{NAME}:{at(text, ', timezone')}: maintenance.windows[0].duration: "
            f"{DURATION}, got nothing"
        ]

    def test_a_share_of_a_target(self) -> None:
        text = edit("{at: 50%,", "{at: 150%,")
        assert problems(text) == [
            f"{NAME}:{at(text, '150%')}: escalation.triggers[0].at: "
            'expected a share above 0% and at most 100%, got "150%"'
        ]


class TestHours:
    @pytest.mark.parametrize(
        ("written", "why"),
        [
            ("25:00-26:00", ": write times as HH:MM from 00:00 to 24:00"),
            ("9-17", ": write times as HH:MM from 00:00 to 24:00"),
            ("08:60-17:00", ": write times as HH:MM from 00:00 to 24:00"),
            ("24:00-06:00", ": an interval cannot start at 24:00"),
            ("from 8 to 5", ""),
        ],
    )
    def test_a_bad_interval(self, written: str, why: str) -> None:
        text = edit('mon-fri: ["08:00-18:00"]', f'mon-fri: ["{written}"]')
        assert problems(text) == [
            f"{NAME}:{at(text, chr(34) + written)}: calendars.office.hours.mon-fri[0]: "
            f'{HOURS}, got "{written}"{why}'
        ]

    def test_intervals_that_overlap_on_the_same_day(self) -> None:
        text = edit('mon-fri: ["08:00-18:00"]', 'mon-fri: ["08:00-12:00", "11:00-18:00"]')
        assert problems(text) == [
            f"{NAME}:{at(text, chr(34) + '11:00')}: calendars.office.hours.mon-fri[1]: "
            "11:00-18:00 overlaps 08:00-12:00 (calendars.office.hours.mon-fri[0]) "
            "on mon, tue, wed, thu, fri"
        ]

    def test_a_day_that_repeats_a_range(self) -> None:
        text = edit(
            'mon-fri: ["08:00-18:00"]', 'mon-fri: ["08:00-18:00"]\n      fri: "17:00-20:00"'
        )
        assert problems(text) == [
            f"{NAME}:{at(text, chr(34) + '17:00')}: calendars.office.hours.fri: "
            "17:00-20:00 overlaps 08:00-18:00 (calendars.office.hours.mon-fri[0]) on fri"
        ]

    def test_an_overnight_interval_that_runs_into_the_next_day(self) -> None:
        text = edit('mon-fri: ["08:00-18:00"]', 'mon: ["20:00-02:00"]\n      tue: ["01:00-09:00"]')
        assert problems(text) == [
            f"{NAME}:{at(text, chr(34) + '01:00')}: calendars.office.hours.tue[0]: "
            "01:00-09:00 overlaps 20:00-02:00 (calendars.office.hours.mon[0]) on tue"
        ]

    def test_sunday_night_runs_into_monday(self) -> None:
        text = edit(
            'mon-fri: ["08:00-18:00"]', 'mon-fri: ["05:00-18:00"]\n      sun: ["22:00-06:00"]'
        )
        assert problems(text) == [
            f"{NAME}:{at(text, chr(34) + '05:00')}: calendars.office.hours.mon-fri[0]: "
            "05:00-18:00 overlaps 22:00-06:00 (calendars.office.hours.sun[0]) on mon"
        ]

    @pytest.mark.parametrize(
        ("key", "hint"),
        [
            ("monday", ' (did you mean "mon"?)'),
            ("mon-fry", ' (did you mean "mon-fri"?)'),
            ("Weekdays", ' (did you mean "mon-fri"?)'),
            ("mon-wed-fri", ""),
            ("1", ""),
        ],
    )
    def test_a_key_that_is_no_weekday(self, key: str, hint: str) -> None:
        text = edit('mon-fri: ["08:00-18:00"]', f'"{key}": ["08:00-18:00"]')
        path = f'["{key}"]' if key == "1" else f".{key}"
        assert problems(text) == [
            f"{NAME}:{at(text, f'{chr(34)}{key}{chr(34)}: [')}: calendars.office.hours{path}: "
            f'{WEEKDAY}, got "{key}"{hint}'
        ]

    def test_a_bad_key_and_a_bad_interval_of_one_calendar_both_come_out(self) -> None:
        text = edit('mon-fri: ["08:00-18:00"]', 'mon-fri: ["8-18"]\n      satday: ["09:00-12:00"]')
        assert problems(text) == [
            f"{NAME}:{at(text, chr(34) + '8-18')}: calendars.office.hours.mon-fri[0]: "
            f'{HOURS}, got "8-18": write times as HH:MM from 00:00 to 24:00',
            f"{NAME}:{at(text, 'satday')}: calendars.office.hours.satday: "
            f'{WEEKDAY}, got "satday" (did you mean "sat"?)',
        ]

    def test_every_problem_of_one_calendar_comes_out_together(self) -> None:
        text = edit(
            'mon-fri: ["08:00-18:00"]',
            'mon-fri: ["08:00-12:00", "11:00-18:00"]\n      sat: "25:00-26:00"\n      sonday: ~',
        )
        text = edit("{country: DE, subdivision: BE}", "{country: DE, subdivision: XY}", text)
        assert problems(text) == [
            f"{NAME}:{at(text, chr(34) + '11:00')}: calendars.office.hours.mon-fri[1]: "
            "11:00-18:00 overlaps 08:00-12:00 (calendars.office.hours.mon-fri[0]) "
            "on mon, tue, wed, thu, fri",
            f"{NAME}:{at(text, chr(34) + '25:00')}: calendars.office.hours.sat: "
            f'{HOURS}, got "25:00-26:00": write times as HH:MM from 00:00 to 24:00',
            f"{NAME}:{at(text, 'sonday')}: calendars.office.hours.sonday: "
            f'{WEEKDAY}, got "sonday" (did you mean "sun"?)',
            f"{NAME}:{at(text, 'XY')}: calendars.office.holidays[0].subdivision: "
            'unknown subdivision "XY" of DE; known: BB, BE, BW, BY, HB, HE, HH, MV, NI, NW, '
            "RP, SH, SL, SN, ST, TH, Augsburg",
        ]


class TestTimeZones:
    @pytest.mark.parametrize(
        ("written", "hint"),
        [
            ("Europe/Berln", ' (did you mean "Europe/Berlin"?)'),
            ("europe/berlin", ' (did you mean "Europe/Berlin"?)'),
            ("Mars/Olympus_Mons", '; use an IANA name like "Europe/Berlin"'),
            ("CEST", '; use an IANA name like "Europe/Berlin"'),
            ("../../etc/passwd", '; use an IANA name like "Europe/Berlin"'),
        ],
    )
    def test_an_unknown_zone(self, written: str, hint: str) -> None:
        text = edit("timezone: Europe/Berlin", f"timezone: {written}")
        assert problems(text) == [
            f"{NAME}:{at(text, written)}: calendars.office.timezone: "
            f'unknown time zone "{written}"{hint}'
        ]

    def test_a_zone_given_as_a_number(self) -> None:
        text = edit("timezone: UTC", "timezone: +2")
        assert problems(text) == [
            f"{NAME}:{at(text, '+2')}: calendars.always.timezone: "
            'unknown time zone "+2"; use an IANA name like "Europe/Berlin"'
        ]


class TestHolidays:
    def test_an_unknown_country(self) -> None:
        text = edit("{country: DE, subdivision: BE}", "{country: XX}")
        assert problems(text) == [
            f"{NAME}:{at(text, 'XX')}: calendars.office.holidays[0].country: "
            'unknown country "XX" for public holidays'
        ]

    def test_a_country_in_lower_case(self) -> None:
        text = edit("{country: DE, subdivision: BE}", "{country: de, subdivision: BE}")
        assert problems(text) == [
            f"{NAME}:{at(text, 'de,')}: calendars.office.holidays[0].country: "
            'unknown country "de" for public holidays (did you mean "DE"?)'
        ]

    def test_an_unknown_subdivision_lists_the_known_ones(self) -> None:
        text = edit("{country: DE, subdivision: BE}", "{country: DE, subdivision: BX}")
        assert problems(text) == [
            f"{NAME}:{at(text, 'BX')}: calendars.office.holidays[0].subdivision: "
            'unknown subdivision "BX" of DE; known: BB, BE, BW, BY, HB, HE, HH, MV, NI, NW, '
            "RP, SH, SL, SN, ST, TH, Augsburg"
        ]

    def test_a_subdivision_of_a_country_without_any(self) -> None:
        text = edit("{country: DE, subdivision: BE}", "{country: IS, subdivision: BE}")
        assert problems(text) == [
            f"{NAME}:{at(text, 'BE')}: calendars.office.holidays[0].subdivision: "
            'IS has no subdivisions for public holidays; remove subdivision "BE"'
        ]


class TestDates:
    @pytest.mark.parametrize("written", ["2026-02-30", "01.02.2026", "2026-1-1", "tomorrow"])
    def test_a_bad_effective_date(self, written: str) -> None:
        text = edit("effective_from: 2026-01-01", f"effective_from: {written}")
        assert problems(text) == [
            f"{NAME}:{at(text, written)}: contract.effective_from: "
            f'expected a date like "2026-01-31", got "{written}"'
        ]

    def test_a_bad_closed_date_and_a_bad_open_date(self) -> None:
        text = edit(
            "      - {country: DE, subdivision: BE}\n",
            "      - {country: DE, subdivision: BE}\n"
            "    closed: [2026-12-24, 2026-13-01]\n"
            "    open: [{date: 2026-12-27, hours: ['10:00-12:00']}, {date: someday}]\n",
        )
        assert problems(text) == [
            f"{NAME}:{at(text, '2026-13-01')}: calendars.office.closed[1]: "
            'expected a date like "2026-01-31", got "2026-13-01"',
            f"{NAME}:{at(text, 'someday')}: calendars.office.open[1].date: "
            'expected a date like "2026-01-31", got "someday"',
        ]


class TestRecurrenceRules:
    @pytest.mark.parametrize(
        ("written", "why"),
        [
            ("FREQ=WEEKLY;BYDAY=XX", " (invalid 'BYDAY': XX)"),
            ("weekly on sunday", ""),
            ("FREQ=DAILY;BYHOUR=99999999999999999999999", ""),
        ],
    )
    def test_a_bad_rule(self, written: str, why: str) -> None:
        window = f"  windows:\n    - {{name: patching, rrule: '{written}', duration: 2h, timezone: UTC}}\n"
        text = edit("records:\n", f"maintenance:\n{window}records:\n")
        assert problems(text) == [
            f"{NAME}:{at(text, chr(39) + written)}: maintenance.windows[0].rrule: "
            'expected a recurrence rule like "FREQ=WEEKLY;BYDAY=SU;BYHOUR=2", '
            f'got "{written}"{why}'
        ]
