"""Engines for the two stores: SQLite (embedded default) and PostgreSQL (psycopg 3).

SQLite runs in WAL mode with foreign keys on; every transaction starts with
``BEGIN IMMEDIATE`` so that concurrent writers queue on the busy timeout
instead of failing when a read turns into a write.

A SQLite file this process may not write (the file or its directory read-only)
is opened read-only, so that listing and verifying still work and every write
fails as "attempt to write a readonly database". In a read-only directory
without the WAL's shared-memory file (``-shm``) no writer can be active, and
SQLite could not create that file to read the database; it is then opened as
immutable.
"""

from __future__ import annotations

import os
import sqlite3
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

SQLITE_BUSY_TIMEOUT_MS = 30_000


def normalize_url(url: str) -> URL:
    """`postgresql://` and `postgres://` use psycopg 3; everything else as given."""
    parsed = make_url(url.replace("postgres://", "postgresql://", 1))
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def make_engine(url: str, *, echo: bool = False) -> Engine:
    parsed = normalize_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed, echo)
    return create_engine(parsed, echo=echo, pool_pre_ping=True)


def _sqlite_engine(url: URL, echo: bool) -> Engine:
    kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
    file = None if url.database in (None, "", ":memory:") else Path(str(url.database))
    if file is None:
        kwargs["poolclass"] = StaticPool
    read_only = file is not None and read_only_file(file)
    if read_only and file is not None:
        kwargs["creator"] = partial(_connect_read_only, file)
    engine = create_engine(url, echo=echo, **kwargs)
    event.listen(engine, "connect", partial(_sqlite_on_connect, read_only=read_only))
    event.listen(engine, "begin", _sqlite_on_begin_reading if read_only else _sqlite_on_begin)
    return engine


def read_only_file(file: Path) -> bool:
    """An existing database file that this process may not write, or not next to."""
    return file.exists() and not (
        os.access(file, os.W_OK) and os.access(file.parent.absolute(), os.W_OK)
    )


def _connect_read_only(file: Path) -> sqlite3.Connection:
    uri = file.absolute().as_uri() + "?mode=ro"
    shared_memory = file.with_name(file.name + "-shm")
    if not (os.access(file.parent.absolute(), os.W_OK) or shared_memory.exists()):
        uri += "&immutable=1"
    return sqlite3.connect(uri, uri=True, check_same_thread=False)


def _sqlite_on_connect(dbapi_connection: Any, _record: Any, *, read_only: bool = False) -> None:
    dbapi_connection.isolation_level = None  # the driver must not open transactions itself
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    if not read_only:
        cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _sqlite_on_begin(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _sqlite_on_begin_reading(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")  # IMMEDIATE takes a write lock a read-only file refuses


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
