"""A database writer without the audit key cannot forge the chain: each rewrite is caught.

Every attack here is made with SQL only, as someone with write access to the
database but not to the key would make it; `remit audit verify --anchor` must
report each one (exit 1).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from desk_builders import T0, load_starter, minutes, open_a_ticket
from sqlalchemy import insert, select, text
from typer.testing import CliRunner

from remit.bootstrap import Desk
from remit.cli import app
from remit.domain.audit import AuditKey, Entry, canonical, seal_hash
from remit.services import tickets
from remit.services.escalations import run_sweep
from remit.store.tables import AuditRow

Findings = list[tuple[int, str]]


def _verify(url: str, anchor: Path | None = None) -> tuple[int, Findings]:
    args = ["audit", "verify", "--db", url, "--json"]
    if anchor is not None:
        args += ["--anchor", str(anchor)]
    result = CliRunner().invoke(app, args)
    report = json.loads(result.stdout)
    return result.exit_code, [(f["seq"], f["problem"]) for f in report["findings"]]


def _anchor(url: str, path: Path) -> Path:
    result = CliRunner().invoke(app, ["audit", "anchor", "--db", url, "-o", str(path)])
    assert result.exit_code == 0, result.output
    return path


def _sql(desk: Desk, statement: str, **values: object) -> None:
    with desk.engine.begin() as connection:
        connection.execute(text(statement), values)


def _head(desk: Desk) -> dict[str, object]:
    with desk.engine.connect() as connection:
        return dict(connection.execute(text("SELECT * FROM audit_head")).one()._mapping)


def _restore_head(desk: Desk, kept: dict[str, object]) -> None:
    """Put back a signed chain head the writer copied earlier."""
    _sql(
        desk,
        "UPDATE audit_head SET seq = :seq, hash = :hash, anchor_seq = :anchor_seq, "
        "anchor_hash = :anchor_hash, key_id = :key_id, mac = :mac",
        **{k: v for k, v in kept.items() if k != "id"},
    )


@pytest.fixture
def ticket(committing_desk: Desk) -> int:
    """Records: 1 contract loaded, 2 opened, 3 response breached, 4 hand-off due, 5 taken,
    6 paused, 7 resumed."""
    load_starter(committing_desk)
    opened = open_a_ticket(committing_desk).id
    run_sweep(uow=committing_desk.new_uow(), now=T0 + minutes(21), worker="w")
    desk = committing_desk
    tickets.take_ticket(uow=desk.new_uow(), ticket_id=opened, by="provider", now=T0 + minutes(22))
    tickets.pause_ticket(
        uow=desk.new_uow(),
        ticket_id=opened,
        reason="no_access",
        by="provider",
        now=T0 + minutes(23),
    )
    tickets.resume_ticket(uow=desk.new_uow(), ticket_id=opened, by="provider", now=T0 + minutes(24))
    return opened


@pytest.fixture
def logged(ticket: int, committing_url: str) -> str:
    assert _verify(committing_url) == (0, [])
    return committing_url


def _records(desk: Desk) -> list[dict[str, Any]]:
    table = AuditRow.__table__
    with desk.engine.connect() as connection:
        rows = connection.execute(select(table).order_by(table.c.seq)).all()
    return [dict(r._mapping) for r in rows]


def test_the_fixture_writes_seven_records_and_a_breach(logged: str, committing_desk: Desk) -> None:
    assert [r["action"] for r in _records(committing_desk)] == [
        "contract_loaded",
        "opened",
        "breached",
        "handoff_due",
        "taken",
        "paused",
        "resumed",
    ]


def _sha256(prev: str, entry: Entry, key_id: str) -> str:
    """remit's own hash as it was before the key: what a writer without the key can compute."""
    return hashlib.sha256(prev.encode() + b"\n" + canonical(entry, key_id)).hexdigest()


def _other_key(prev: str, entry: Entry, key_id: str) -> str:
    forger = AuditKey(key_id, b"a guessed key of the right length, 0123456789")
    return seal_hash(forger, prev, entry)


def _reseal(desk: Desk, sealer: Callable[[str, Entry, str], str]) -> None:
    """Re-seal every record consistently (links and head) with `sealer`."""
    rows = _records(desk)
    prev = "0" * 64
    for row in rows:
        entry = Entry(
            row["at"], row["actor"], row["action"], row["ticket_id"], row["detail"], row["facts"]
        )
        digest = sealer(prev, entry, str(row["key_id"]))
        _sql(
            desk,
            "UPDATE audit_log SET prev_hash = :p, hash = :h WHERE seq = :s",
            p=prev,
            h=digest,
            s=row["seq"],
        )
        prev = digest
    _sql(desk, "UPDATE audit_head SET hash = :h", h=prev)


@pytest.mark.parametrize("sealer", [_sha256, _other_key], ids=["sha256", "another-key"])
def test_a_rewritten_and_resealed_chain_is_detected_against_an_anchor(
    logged: str, committing_desk: Desk, tmp_path: Path, sealer: Callable[[str, Entry, str], str]
) -> None:
    anchor = _anchor(logged, tmp_path / "anchor.json")
    _sql(committing_desk, "UPDATE audit_log SET actor = 'customer' WHERE seq = 6")
    _reseal(committing_desk, sealer)
    code, findings = _verify(logged, anchor)
    assert code == 1
    edited = [seq for seq, problem in findings if problem == "edited"]
    assert edited == [1, 2, 3, 4, 5, 6, 7, 7]  # every seal, and record 7 against the anchor
    assert (7, "head") in findings


def test_truncation_is_detected_against_an_anchor(
    committing_desk: Desk, committing_url: str, tmp_path: Path
) -> None:
    kept = _head(committing_desk)  # the signed head of the empty chain, copied by the writer
    load_starter(committing_desk)
    open_a_ticket(committing_desk)
    anchor = _anchor(committing_url, tmp_path / "anchor.json")
    _sql(committing_desk, "DELETE FROM audit_log")
    _restore_head(committing_desk, kept)
    code, findings = _verify(committing_url, anchor)
    assert (code, findings) == (1, [(1, "truncated")])


def test_a_deleted_tail_is_detected_against_an_anchor(
    committing_desk: Desk, committing_url: str, tmp_path: Path
) -> None:
    load_starter(committing_desk)
    opened = open_a_ticket(committing_desk).id
    kept = _head(committing_desk)  # signed head after record 2, copied by the writer
    tickets.take_ticket(
        uow=committing_desk.new_uow(), ticket_id=opened, by="provider", now=T0 + minutes(5)
    )
    anchor = _anchor(committing_url, tmp_path / "anchor.json")
    _sql(committing_desk, "DELETE FROM audit_log WHERE seq > 2")
    _restore_head(committing_desk, kept)
    code, findings = _verify(committing_url, anchor)
    assert code == 1
    assert (3, "truncated") in findings


def test_a_reordered_chain_is_detected_against_an_anchor(
    logged: str, committing_desk: Desk, tmp_path: Path
) -> None:
    anchor = _anchor(logged, tmp_path / "anchor.json")
    _sql(committing_desk, "UPDATE audit_log SET seq = -1 WHERE seq = 5")
    _sql(committing_desk, "UPDATE audit_log SET seq = 5 WHERE seq = 6")
    _sql(committing_desk, "UPDATE audit_log SET seq = 6 WHERE seq = -1")
    code, findings = _verify(logged, anchor)
    assert code == 1
    assert [f for f in findings if f[1] == "reordered"] == [
        (5, "reordered"),
        (6, "reordered"),
        (7, "reordered"),
    ]


@pytest.mark.parametrize("sealer", [_sha256, _other_key], ids=["sha256", "another-key"])
def test_a_forged_appended_row_is_detected_against_an_anchor(
    logged: str, committing_desk: Desk, tmp_path: Path, sealer: Callable[[str, Entry, str], str]
) -> None:
    anchor = _anchor(logged, tmp_path / "anchor.json")
    head = _head(committing_desk)
    entry = Entry(T0 + minutes(30), "customer", "confirmed", None, {})
    digest = sealer(str(head["hash"]), entry, str(head["key_id"]))
    forged = {
        "seq": 8,
        "at": entry.at,
        "ticket_id": None,
        "actor": entry.actor,
        "action": entry.action,
        "detail": {},
        "facts": None,
        "prev_hash": head["hash"],
        "hash": digest,
        "key_id": head["key_id"],
    }
    with committing_desk.engine.begin() as connection:
        connection.execute(insert(AuditRow.__table__), [forged])
    _sql(committing_desk, "UPDATE audit_head SET seq = 8, hash = :h", h=digest)
    code, findings = _verify(logged, anchor)
    assert (code, findings) == (1, [(8, "head"), (8, "edited")])


@pytest.mark.parametrize(
    ("edit", "sql"),
    [
        ("state", "UPDATE tickets SET state = 'closed'"),
        ("response_due", "UPDATE tickets SET response_due = recovery_due"),
        ("breach", "DELETE FROM breaches"),
    ],
)
def test_an_edited_ticket_row_is_detected(
    logged: str, committing_desk: Desk, edit: str, sql: str
) -> None:
    _sql(committing_desk, sql)
    code, findings = _verify(logged)
    assert (code, findings) == (1, [(7, "ticket")])
