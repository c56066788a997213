"""End-to-end fixtures: a fresh, migrated desk database on SQLite and on PostgreSQL.

PostgreSQL databases are created per test (``remit_test_<random>``) and dropped
after it; an unreachable server skips with the reason, or fails under CI=true.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from audit_key import TEST_KEY
from remit.bootstrap import Desk, desk_for_engine
from remit.store.engine import make_engine
from remit.store.migrate import upgrade

ADMIN_URL = os.environ.get("REMIT_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def _require_postgres() -> None:
    try:
        with psycopg.connect(ADMIN_URL, connect_timeout=3):
            return
    except psycopg.Error as error:
        reason = f"PostgreSQL unreachable at {ADMIN_URL}: {str(error).strip().splitlines()[0]}"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: PostgreSQL tests must run)")
    pytest.skip(reason)


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
    ]
)
def desk_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'desk.db'}"
        upgrade_and_dispose(url)
        yield url
        return
    _require_postgres()
    name = f"remit_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    upgrade_and_dispose(url)
    yield url
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def upgrade_and_dispose(url: str) -> None:
    engine = make_engine(url)
    upgrade(engine, audit_key=TEST_KEY)
    engine.dispose()


@pytest.fixture
def e2e_desk(desk_url: str) -> Iterator[Desk]:
    opened = desk_for_engine(make_engine(desk_url), TEST_KEY)
    yield opened
    opened.close()
