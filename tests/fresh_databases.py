"""Fresh, migrated desk databases for tests that commit for real, made fast.

Migrating a database takes seconds; many tests want one of their own. So each engine is
migrated once per test session (per xdist worker) into a template, and every fresh
database is a copy of it: a file copy on SQLite, `CREATE DATABASE … TEMPLATE` on
PostgreSQL. A copy holds exactly what `upgrade` writes, so a test sees the same
database as if it had migrated its own. The templates are dropped at the session's end.

Tests that each start from the same desk (contracts loaded, people with tokens,
tickets opened) seed it once into a template of its own (`seeded`), and each gets a
copy: every test still has a desk to itself, in the same state, without building it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg

from audit_key import TEST_KEY
from remit.store.engine import make_engine
from remit.store.migrate import upgrade

ADMIN_URL = os.environ.get("REMIT_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def migrated(url: str) -> None:
    engine = make_engine(url)
    upgrade(engine, audit_key=TEST_KEY)
    engine.dispose()


def _pg_url(name: str) -> str:
    return ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


def _admin(sql: str) -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


class Templates:
    """One migrated template per engine, made when first asked for."""

    def __init__(self, scratch: Path) -> None:
        self._scratch = scratch
        self._sqlite: Path | None = None
        self._postgres: str | None = None
        self._seeded: dict[tuple[str, str], tuple[str, Any]] = {}

    def fresh(self, engine: str, target: Path) -> str:
        """A fresh migrated database of `engine` ("sqlite" or "postgres")."""
        return self.sqlite(target) if engine == "sqlite" else self.postgres()

    def seeded(
        self, name: str, engine: str, seed: Callable[[str], Any], target: Path
    ) -> tuple[str, Any]:
        """A copy of the database `seed` built once (on a fresh one, closing every
        connection it opened) under `name`, and what `seed` returned then."""
        key = (name, engine)
        if key not in self._seeded:
            url = self.fresh(engine, self._scratch / f"{name}.db")
            found = seed(url)
            if engine == "sqlite":
                with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
                    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self._seeded[key] = (url, found)
        url, found = self._seeded[key]
        if engine == "sqlite":
            shutil.copyfile(url.removeprefix("sqlite:///"), target)
            return f"sqlite:///{target}", found
        copy = f"remit_test_{uuid.uuid4().hex[:12]}"
        _admin(f'CREATE DATABASE "{copy}" TEMPLATE "{url.rsplit("/", 1)[1]}"')
        return _pg_url(copy), found

    def sqlite(self, target: Path) -> str:
        """A fresh migrated SQLite database at `target`, as a URL."""
        if self._sqlite is None:
            template = self._scratch / "template.db"
            migrated(f"sqlite:///{template}")
            with sqlite3.connect(template) as conn:  # everything in the main file
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self._sqlite = template
        shutil.copyfile(self._sqlite, target)
        return f"sqlite:///{target}"

    def postgres(self) -> str:
        """A fresh migrated PostgreSQL database (`remit_test_<random>`), as a URL."""
        if self._postgres is None:
            name = f"remit_template_{uuid.uuid4().hex[:12]}"
            _admin(f'CREATE DATABASE "{name}"')
            migrated(_pg_url(name))
            self._postgres = name
        name = f"remit_test_{uuid.uuid4().hex[:12]}"
        _admin(f'CREATE DATABASE "{name}" TEMPLATE "{self._postgres}"')
        return _pg_url(name)

    def close(self) -> None:
        for (_, engine), (url, _) in self._seeded.items():
            if engine == "postgres":
                drop_postgres(url)
        if self._postgres is not None:
            drop_postgres(_pg_url(self._postgres))


def drop_postgres(url: str) -> None:
    _admin(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
