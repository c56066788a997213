"""Writing many rows in one go: ``COPY`` on PostgreSQL, one executemany on SQLite.

A sweep writes thousands of notices and audit records per transaction. On
PostgreSQL they are streamed with ``COPY``, no statement per row. Where a row
may already exist (an idempotency key seen before), the rows are first copied
straight into the table under a savepoint; should one of them collide with a
unique key, the savepoint is rolled back and the rows go through a
session-local staging table and ``INSERT ... SELECT ... ON CONFLICT DO
NOTHING``, so a duplicate is skipped exactly as a single-row insert would skip
it. SQLite, in process, takes the rows as one executemany.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, cast

import psycopg
from psycopg import errors
from sqlalchemy import JSON, Table, insert
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from remit.store.tables import Base
from remit.store.types import UtcDateTime

Values = Sequence[object]


def insert_rows(
    session: Session,
    model: type[Base],
    columns: Sequence[str],
    rows: Sequence[Values],
    *,
    skip_duplicates: bool = False,
) -> None:
    """Insert `rows` (values in `columns` order) into `model`'s table, in the session's
    transaction. With `skip_duplicates`, a row that violates a unique key is left out."""
    if not rows:
        return
    table = cast(Table, model.__table__)
    if session.get_bind().dialect.name != "postgresql":
        stmt = sqlite.insert(table).on_conflict_do_nothing() if skip_duplicates else insert(table)
        session.connection().execute(stmt, [dict(zip(columns, row, strict=True)) for row in rows])
        return
    driver = cast(psycopg.Connection[Any], session.connection().connection.driver_connection)
    if not skip_duplicates:
        _copy(driver, table, table.name, columns, rows)
        return
    try:
        with driver.transaction():
            _copy(driver, table, table.name, columns, rows)
    except errors.UniqueViolation:
        _insert_staged(driver, table, columns, rows)


def _insert_staged(
    driver: psycopg.Connection[Any], table: Table, columns: Sequence[str], rows: Sequence[Values]
) -> None:
    listed = ", ".join(f'"{c}"' for c in columns)
    stage = f"remit_stage_{table.name}"
    driver.execute(
        f'CREATE TEMP TABLE IF NOT EXISTS "{stage}" ON COMMIT DELETE ROWS AS '
        f'SELECT {listed} FROM "{table.name}" WITH NO DATA'
    )
    _copy(driver, table, stage, columns, rows)
    driver.execute(
        f'WITH staged AS (DELETE FROM "{stage}" RETURNING {listed}) '
        f'INSERT INTO "{table.name}" ({listed}) SELECT {listed} FROM staged ON CONFLICT DO NOTHING'
    )


def _copy(
    driver: psycopg.Connection[Any],
    table: Table,
    target: str,
    columns: Sequence[str],
    rows: Sequence[Values],
) -> None:
    converters = [(i, f) for i, c in enumerate(columns) if (f := _converter(table, c))]
    listed = ", ".join(f'"{c}"' for c in columns)
    with driver.cursor() as cursor, cursor.copy(f'COPY "{target}" ({listed}) FROM STDIN') as copy:
        for row in rows:
            values = list(row)
            for i, convert in converters:
                values[i] = convert(values[i])
            copy.write_row(values)


def _converter(table: Table, column: str) -> Callable[[object], object] | None:
    """How a value of `column` is handed to COPY: JSON as text, instants checked for a zone."""
    kind = table.c[column].type
    if isinstance(kind, JSON):
        return _JsonText().dumps
    if isinstance(kind, UtcDateTime):
        return _aware
    return None


class _JsonText:
    """JSON text of a value; the same object passed again (one notice body per recipient)
    is not serialized again."""

    def __init__(self) -> None:
        self._last: tuple[object, str] | None = None

    def dumps(self, value: object) -> object:
        if self._last is not None and self._last[0] is value:
            return self._last[1]
        text = json.dumps(value)
        self._last = (value, text)
        return text


def _aware(value: object) -> object:
    if isinstance(value, datetime) and (value.tzinfo is None or value.utcoffset() is None):
        raise ValueError(f"naive datetime {value.isoformat()} cannot be stored")
    return value
