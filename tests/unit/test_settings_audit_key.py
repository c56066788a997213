"""Where the audit key comes from: the variable, the file it names, or the file beside a
SQLite database; anything unusable is one clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from remit.domain.errors import InvalidInput
from remit.settings import beside_database, create_key_file, load_audit_key, settings_from_env

SECRET = "k" * 40


def test_the_variable_wins_over_the_file(tmp_path: Path) -> None:
    other = tmp_path / "other.key"
    other.write_text("o" * 40, encoding="utf-8")
    env = {"REMIT_AUDIT_KEY": SECRET, "REMIT_AUDIT_KEY_FILE": str(other)}
    key = load_audit_key(settings_from_env(env))
    assert key is not None
    assert key.secret == SECRET.encode()


def test_the_named_file_is_read_and_must_exist(tmp_path: Path) -> None:
    path = tmp_path / "audit.key"
    path.write_text(SECRET + "\n", encoding="utf-8")
    key = load_audit_key(settings_from_env({"REMIT_AUDIT_KEY_FILE": str(path)}))
    assert key is not None
    assert key.secret == SECRET.encode()
    missing = {"REMIT_AUDIT_KEY_FILE": str(tmp_path / "nope")}
    with pytest.raises(InvalidInput, match="does not exist"):
        load_audit_key(settings_from_env(missing))


def test_a_short_key_is_refused_saying_how_long_it_must_be() -> None:
    with pytest.raises(InvalidInput, match="at least 32 characters"):
        load_audit_key(settings_from_env({"REMIT_AUDIT_KEY": "short"}))


def test_a_sqlite_desk_finds_its_own_key_file_and_nothing_else_has_one(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'remit.db'}"
    assert load_audit_key(settings_from_env({}, database_url=url)) is None
    made = create_key_file(tmp_path / "remit.db.audit-key")
    assert load_audit_key(settings_from_env({}, database_url=url)) == made
    assert beside_database("sqlite://") is None
    assert beside_database("postgresql://u@127.0.0.1/remit") is None
