"""Settings from the environment, read when asked for (never at import)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_DATABASE_URL = "sqlite:///remit.db"


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    worker_batch: int = 500
    worker_interval_s: float = 5.0


def settings_from_env(
    environ: Mapping[str, str] | None = None, *, database_url: str | None = None
) -> Settings:
    """`REMIT_DATABASE_URL` (or an explicit `database_url`, e.g. from --db) chooses the store."""
    env = os.environ if environ is None else environ
    return Settings(
        database_url=database_url or env.get("REMIT_DATABASE_URL") or DEFAULT_DATABASE_URL,
        worker_batch=int(env.get("REMIT_WORKER_BATCH", "500")),
        worker_interval_s=float(env.get("REMIT_WORKER_INTERVAL", "5")),
    )
