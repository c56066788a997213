"""Confirmed maintenance-window occurrences, keyed by line, window name and start instant."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from remit.store.tables import WindowConfirmationRow


def confirmation(
    session: Session, line_id: int, window: str, start: datetime
) -> WindowConfirmationRow | None:
    """The confirmation of the line's `window`'s occurrence starting at `start`, if recorded."""
    return session.scalars(
        select(WindowConfirmationRow).where(
            WindowConfirmationRow.line_id == line_id,
            WindowConfirmationRow.window == window,
            WindowConfirmationRow.starts_at == start,
        )
    ).one_or_none()


def confirmations(
    session: Session, line_id: int, occurrences: Sequence[tuple[str, datetime]]
) -> dict[tuple[str, datetime], WindowConfirmationRow]:
    """The confirmations of the line's given (window, start) occurrences that are recorded."""
    if not occurrences:
        return {}
    starts = [start for _, start in occurrences]
    rows = session.scalars(
        select(WindowConfirmationRow).where(
            WindowConfirmationRow.line_id == line_id,
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
