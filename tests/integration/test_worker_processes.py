"""Real worker processes: killed mid-run (SIGKILL) and restarted; several at once on PostgreSQL.

Each due ticket carries one escalation. Whatever happens to the workers, every
escalation must end up fired exactly once: one audit entry, one notice per
recipient, one fired due-work row.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from desk_builders import T0, load_starter, open_a_ticket
from sqlalchemy import Engine, func, insert, select

from remit.bootstrap import Desk
from remit.services.audit import verify_audit
from remit.store.tables import AuditRow, DueWorkRow, FiredWorkRow, OutboxRow, TicketRow

RECIPIENTS = ["provider.oncall", "provider"]
ADDRESSES = {"provider.oncall": "+49 30 5558 2999", "provider": "+49 30 5558 2999"}
SWEEP_AT = (T0 + timedelta(hours=1)).isoformat()


def seed_due_escalations(desk: Desk, count: int) -> None:
    """`count` open tickets, each with one escalation due before the sweep instant."""
    load_starter(desk)
    template = open_a_ticket(desk).id
    with desk.engine.begin() as connection:
        connection.execute(DueWorkRow.__table__.delete())
        row = (
            connection.execute(select(TicketRow.__table__).where(TicketRow.id == template))
            .mappings()
            .one()
        )
        copies = [{k: v for k, v in row.items() if k != "id"} for _ in range(count - 1)]
        connection.execute(insert(TicketRow.__table__), copies)
        ids = connection.execute(select(TicketRow.id)).scalars().all()
        due = [
            {
                "ticket_id": i,
                "key": "escalate:recovery:0.5:engineering",
                "kind": "escalate",
                "due_at": T0 + timedelta(minutes=i % 50),
                "recipients": RECIPIENTS,
                "addresses": ADDRESSES,
                "detail": {"measure": "recovery", "at": 0.5, "level": "engineering"},
            }
            for i in ids
        ]
        connection.execute(insert(DueWorkRow.__table__), due)


def start_worker(url: str, name: str, batch: int) -> subprocess.Popen[str]:
    command = [
        sys.executable,
        "-m",
        "remit",
        "worker",
        "--db",
        url,
        "--once",
        "--batch",
        str(batch),
        "--id",
        name,
        "--at",
        SWEEP_AT,
    ]
    return subprocess.Popen(
        command,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )


def count(engine: Engine, stmt: object) -> int:
    with engine.connect() as connection:
        return int(connection.execute(stmt).scalar_one())  # type: ignore[call-overload]


def fired_by_worker(stderr: str) -> int:
    events = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
    stopped = [e for e in events if e["event"] == "stopped"]
    assert len(stopped) == 1, stderr
    return int(stopped[0]["fired"])


def assert_each_fired_exactly_once(desk: Desk, tickets: int) -> None:
    engine = desk.engine
    assert count(engine, select(func.count()).select_from(DueWorkRow)) == 0
    fired = select(func.count(func.distinct(FiredWorkRow.ticket_id)))
    assert count(engine, fired) == tickets
    escalated = select(func.count()).select_from(AuditRow).where(AuditRow.action == "escalated")
    assert count(engine, escalated) == tickets
    distinct = select(func.count(func.distinct(AuditRow.ticket_id))).where(
        AuditRow.action == "escalated"
    )
    assert count(engine, distinct) == tickets
    notices = select(func.count()).select_from(OutboxRow).where(OutboxRow.kind == "escalation")
    assert count(engine, notices) == tickets * len(RECIPIENTS)
    addressed = notices.where(OutboxRow.address == "+49 30 5558 2999")
    assert count(engine, addressed) == tickets * len(RECIPIENTS)
    assert verify_audit(uow=desk.new_uow()).intact


@pytest.mark.slow
def test_a_worker_killed_mid_run_and_restarted_fires_everything_exactly_once(
    committing_desk: Desk, committing_url: str
) -> None:
    total = 3000
    seed_due_escalations(committing_desk, total)
    # one escalation per transaction: the poller below gets the database between two of
    # them (on SQLite every transaction takes the write lock), so the kill lands mid-run
    worker = start_worker(committing_url, "doomed", batch=1)
    pending = select(func.count()).select_from(DueWorkRow)
    deadline = time.monotonic() + 120
    while count(committing_desk.engine, pending) == total and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(worker.pid, signal.SIGKILL)
    worker.communicate(timeout=30)
    assert worker.returncode == -signal.SIGKILL
    left = count(committing_desk.engine, pending)
    assert 0 < left < total, "the worker must be killed mid-run"
    restarted = start_worker(committing_url, "restarted", batch=200)
    _, stderr = restarted.communicate(timeout=300)
    assert restarted.returncode == 0, stderr
    assert fired_by_worker(stderr) == left
    assert_each_fired_exactly_once(committing_desk, total)


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.parametrize("committing_url", ["postgres"], indirect=True)
def test_several_workers_on_postgres_fire_ten_thousand_escalations_exactly_once(
    committing_desk: Desk, committing_url: str
) -> None:
    if not committing_url.startswith("postgresql"):
        pytest.skip(
            "several concurrent workers is the PostgreSQL deployment; SQLite has one writer"
        )
    total = 10_000
    seed_due_escalations(committing_desk, total)
    workers = [start_worker(committing_url, f"w{i}", batch=100) for i in range(4)]
    results = [w.communicate(timeout=600) for w in workers]
    assert [w.returncode for w in workers] == [0, 0, 0, 0], [r[1][-2000:] for r in results]
    fired = [fired_by_worker(stderr) for _, stderr in results]
    assert sum(fired) == total
    assert sum(1 for f in fired if f > 0) >= 2, fired
    assert_each_fired_exactly_once(committing_desk, total)
