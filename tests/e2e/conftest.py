"""End-to-end fixtures: a fresh, migrated desk database on SQLite and on PostgreSQL.

PostgreSQL databases are created per test (``remit_test_<random>``) and dropped
after it; an unreachable server skips with the reason, or fails under CI=true.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from audit_key import TEST_KEY
from fresh_databases import Templates, drop_postgres
from remit.bootstrap import Desk, desk_for_engine
from remit.store.engine import make_engine

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


@pytest.fixture(scope="session")
def _templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Templates]:
    found = Templates(tmp_path_factory.mktemp("templates"))
    yield found
    found.close()


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
    ]
)
def desk_url(
    request: pytest.FixtureRequest, tmp_path: Path, _templates: Templates
) -> Iterator[str]:
    """A fresh, migrated database: a copy of one migrated per session (`fresh_databases`)."""
    if request.param == "sqlite":
        yield _templates.sqlite(tmp_path / "desk.db")
        return
    _require_postgres()
    url = _templates.postgres()
    yield url
    drop_postgres(url)


@pytest.fixture
def e2e_desk(desk_url: str) -> Iterator[Desk]:
    opened = desk_for_engine(make_engine(desk_url), TEST_KEY)
    yield opened
    opened.close()
