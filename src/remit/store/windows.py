"""Confirmed maintenance-window occurrences, keyed by window name and start instant."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from remit.store.tables import WindowConfirmationRow


def confirmation(session: Session, window: str, start: datetime) -> WindowConfirmationRow | None:
    """The confirmation of `window`'s occurrence starting at `start`, if recorded."""
    return session.scalars(
        select(WindowConfirmationRow).where(
            WindowConfirmationRow.window == window, WindowConfirmationRow.starts_at == start
        )
    ).one_or_none()


def confirmations(
    session: Session, occurrences: Sequence[tuple[str, datetime]]
) -> dict[tuple[str, datetime], WindowConfirmationRow]:
    """The confirmations of the given (window, start) occurrences that are recorded."""
    if not occurrences:
        return {}
    starts = [start for _, start in occurrences]
    rows = session.scalars(
        select(WindowConfirmationRow).where(
            WindowConfirmationRow.window.in_({window for window, _ in occurrences}),
            WindowConfirmationRow.starts_at.between(min(starts), max(starts)),
        )
    )
    wanted = set(occurrences)
    return {key: row for row in rows if (key := (row.window, row.starts_at)) in wanted}


def add(session: Session, row: WindowConfirmationRow) -> WindowConfirmationRow:
    session.add(row)
    session.flush()
    return row
