"""Instants for people: the wall clock of the calendar's zone, the zone named."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from remit.cli.ticket_view import when


@pytest.mark.parametrize(
    ("instant", "zone", "shown"),
    [
        (datetime(2026, 7, 1, 8, 30, tzinfo=UTC), "Europe/London", "2026-07-01 09:30 BST"),
        (datetime(2026, 1, 5, 8, 30, tzinfo=UTC), "Europe/London", "2026-01-05 08:30 GMT"),
        (datetime(2026, 3, 2, 9, 0, tzinfo=UTC), "Asia/Dubai", "2026-03-02 13:00 Asia/Dubai"),
        (datetime(2026, 3, 2, 9, 0, 59, 999, tzinfo=UTC), "UTC", "2026-03-02 09:00 UTC"),
        (None, "Europe/London", "-"),
    ],
)
def test_when(instant: datetime | None, zone: str, shown: str) -> None:
    assert when(instant, zone) == shown
