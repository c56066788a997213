"""Settings from the environment, read when asked for (never at import)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from remit.domain.audit import MIN_KEY_LENGTH, AuditKey
from remit.domain.errors import InvalidInput

DEFAULT_DATABASE_URL = "sqlite:///remit.db"
KEY_FILE_SUFFIX = ".audit-key"


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    worker_batch: int = 500
    worker_interval_s: float = 5.0
    audit_key: str | None = None  # REMIT_AUDIT_KEY: the secret itself
    audit_key_file: str | None = None  # REMIT_AUDIT_KEY_FILE: a file holding it


def settings_from_env(
    environ: Mapping[str, str] | None = None, *, database_url: str | None = None
) -> Settings:
    """`REMIT_DATABASE_URL` (or an explicit `database_url`, e.g. from --db) chooses the store;
    `REMIT_AUDIT_KEY` or `REMIT_AUDIT_KEY_FILE` the key that seals the audit log."""
    env = os.environ if environ is None else environ
    return Settings(
        database_url=database_url or env.get("REMIT_DATABASE_URL") or DEFAULT_DATABASE_URL,
        worker_batch=int(env.get("REMIT_WORKER_BATCH", "500")),
        worker_interval_s=float(env.get("REMIT_WORKER_INTERVAL", "5")),
        audit_key=env.get("REMIT_AUDIT_KEY") or None,
        audit_key_file=env.get("REMIT_AUDIT_KEY_FILE") or None,
    )


def load_audit_key(settings: Settings) -> AuditKey | None:
    """The configured audit key: REMIT_AUDIT_KEY, else the file REMIT_AUDIT_KEY_FILE names,
    else the key file beside a SQLite database (`beside_database`) if there is one."""
    if settings.audit_key is not None:
        return _key(settings.audit_key.strip().encode(), "REMIT_AUDIT_KEY")
    if settings.audit_key_file is not None:
        return _read_key(Path(settings.audit_key_file), required=True)
    beside = beside_database(settings.database_url)
    return None if beside is None else _read_key(beside, required=False)


def beside_database(database_url: str) -> Path | None:
    """Where a SQLite database's own key file lives (`remit.db.audit-key`); None elsewhere."""
    try:
        url = make_url(database_url)
    except ArgumentError:
        return None
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(str(url.database) + KEY_FILE_SUFFIX)


def create_key_file(path: Path) -> AuditKey:
    """A new random key in a new file only its owner may read."""
    secret = secrets.token_hex(32)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as out:
        out.write(secret + "\n")
    return AuditKey.from_secret(secret.encode())


def _read_key(path: Path, *, required: bool) -> AuditKey | None:
    try:
        text = path.read_bytes()
    except FileNotFoundError:
        if not required:
            return None
        raise InvalidInput(
            f"the audit key file {path} does not exist (REMIT_AUDIT_KEY_FILE)"
        ) from None
    except OSError as error:
        raise InvalidInput(f"the audit key file {path} cannot be read: {error.strerror}") from None
    return _key(text.strip(), str(path))


def _key(secret: bytes, source: str) -> AuditKey:
    try:
        return AuditKey.from_secret(secret)
    except ValueError:
        raise InvalidInput(
            f"the audit key in {source} is too short: use at least {MIN_KEY_LENGTH} characters "
            "(for example `python -c 'import secrets; print(secrets.token_hex(32))'`)"
        ) from None
