"""Store fixtures on both engines.

`engine_url` is parametrized over SQLite and PostgreSQL. PostgreSQL tests get a
fresh database (``remit_test_<random>``) created for the run and dropped at
its end; when the server is unreachable they skip with the reason, unless
``CI=true``, where they fail. `desk` runs each test inside an outer
transaction that is rolled back (the "join a session into an external
transaction" recipe); `committing_url` hands out a fresh database for tests
that need real commits (concurrency, tampering through SQL), copied from one migrated
per session.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from audit_key import TEST_KEY
from fresh_databases import Templates
from remit.bootstrap import Desk, desk_for_engine
from remit.domain.lines import EVERY_LINE, LineScope
from remit.store.engine import make_engine
from remit.store.migrate import upgrade
from remit.store.uow import UnitOfWork

ADMIN_URL = os.environ.get("REMIT_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def starter_text() -> str:
    return resources.files("remit.templates").joinpath("starter.yaml").read_text(encoding="utf-8")


def _pg_reason() -> str | None:
    try:
        with psycopg.connect(ADMIN_URL, connect_timeout=3):
            return None
    except psycopg.Error as error:
        return f"PostgreSQL unreachable at {ADMIN_URL}: {str(error).strip().splitlines()[0]}"


def require_postgres() -> None:
    reason = _pg_reason()
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: PostgreSQL tests must run)")
    pytest.skip(reason)


def create_pg_database() -> str:
    name = f"remit_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


def drop_pg_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


ENGINES = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


@pytest.fixture(scope="session")
def _pg_engine() -> Iterator[Engine]:
    require_postgres()
    url = create_pg_database()
    engine = make_engine(url)
    upgrade(engine, audit_key=TEST_KEY)
    yield engine
    engine.dispose()
    drop_pg_database(url)


@pytest.fixture(scope="session")
def _sqlite_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('store') / 'desk.db'}")
    upgrade(engine, audit_key=TEST_KEY)
    yield engine
    engine.dispose()


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> Engine:
    name = "_pg_engine" if request.param == "postgres" else "_sqlite_engine"
    found: Engine = request.getfixturevalue(name)
    return found


@pytest.fixture
def desk(engine: Engine) -> Iterator[Desk]:
    """A desk whose every commit lands in a savepoint of one rolled-back transaction."""
    connection = engine.connect()
    outer = connection.begin()
    sessions = sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )

    def new_uow(scope: LineScope = EVERY_LINE, *, via: str | None = None) -> UnitOfWork:
        return UnitOfWork(sessions, TEST_KEY, scope=scope, via=via)

    yield Desk(engine, new_uow, TEST_KEY)
    outer.rollback()
    connection.close()


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Templates]:
    found = Templates(tmp_path_factory.mktemp("templates"))
    yield found
    found.close()


@pytest.fixture(params=ENGINES)
def engine_name(request: pytest.FixtureRequest) -> str:
    """ "sqlite" or "postgres", for tests that make their databases from `templates`."""
    if request.param == "postgres":
        require_postgres()
    name: str = request.param
    return name


@pytest.fixture(params=ENGINES)
def committing_url(
    request: pytest.FixtureRequest, tmp_path: Path, templates: Templates
) -> Iterator[str]:
    """A fresh, migrated database of either engine for tests that commit for real (a copy
    of one migrated per session: `fresh_databases`)."""
    if request.param == "sqlite":
        yield templates.sqlite(tmp_path / "desk.db")
        return
    require_postgres()
    url = templates.postgres()
    yield url
    drop_pg_database(url)


@pytest.fixture
def committing_desk(committing_url: str) -> Iterator[Desk]:
    opened = desk_for_engine(make_engine(committing_url), TEST_KEY)
    yield opened
    opened.close()
