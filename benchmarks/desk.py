"""Desk benchmarks: intake throughput on SQLite and PostgreSQL, and one escalation sweep
over 1,000,000 open tickets (1 % due) on PostgreSQL, with the claim query's plan.

    .venv/bin/python benchmarks/desk.py [--intake 500] [--tickets 1000000] [--pg URL]

The PostgreSQL runs use a fresh database that is dropped at the end.
"""

from __future__ import annotations

import argparse
import secrets
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path

import psycopg
from sqlalchemy import text

from remit.bootstrap import Desk, desk_for_engine
from remit.domain.audit import AuditKey
from remit.domain.terms import Impact
from remit.services.audit import verify_audit
from remit.services.contracts import load_contract_version
from remit.services.escalations import DEFAULT_BATCH, run_sweep
from remit.services.intake import Intake, open_ticket
from remit.store import claims
from remit.store.engine import make_engine
from remit.store.migrate import upgrade
from remit.worker.loop import settle_process

T0 = datetime(2026, 3, 8, 1, 10, tzinfo=UTC)
DUE_KEY = "escalate:recovery:0.5:engineering"


def fresh_desk(url: str) -> Desk:
    engine = make_engine(url)
    key = AuditKey.from_secret(secrets.token_hex(32).encode())
    upgrade(engine, audit_key=key)
    desk = desk_for_engine(engine, key)
    text_ = resources.files("remit.templates").joinpath("starter.yaml").read_text(encoding="utf-8")
    load_contract_version(
        uow=desk.new_uow(),
        text=text_,
        source_name="starter.yaml",
        actor="bench",
        now=datetime(2026, 1, 1, tzinfo=UTC),
    )
    return desk


def intake(i: int) -> Intake:
    return Intake(
        requester="client.it",
        title=f"ERP down {i}",
        symptoms="login hangs",
        who_cannot_work="everyone",
        scope=Impact.ORGANIZATION,
        category="outage",
        objects=("erp", "db-main"),
    )


def bench_intake(desk: Desk, count: int) -> float:
    open_ticket(uow=desk.new_uow(), intake=intake(-1), now=T0)  # warm caches and clocks
    start = time.perf_counter()
    for i in range(count):
        open_ticket(uow=desk.new_uow(), intake=intake(i), now=T0 + timedelta(seconds=i))
    return count / (time.perf_counter() - start)


def create_pg(admin: str) -> tuple[str, str]:
    name = f"remit_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name, admin.rsplit("/", 1)[0] + f"/{name}"


def drop_pg(admin: str, name: str) -> None:
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def populate(desk: Desk, tickets: int) -> tuple[int, int]:
    """`tickets` open tickets cloned from one real intake, each with the due work the desk
    planned for it (breaches, escalations, the next client update), pushed a month on;
    for 1 % of them the 50 % recovery escalation is due before T0 + 1 h.
    Returns (planned due-work rows, rows due)."""
    template = open_ticket(uow=desk.new_uow(), intake=intake(0), now=T0).id
    with desk.engine.begin() as conn:
        columns = list(
            conn.execute(
                text(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = 'tickets' "
                    "AND column_name <> 'id' ORDER BY ordinal_position"
                )
            ).scalars()
        )
        listed = ", ".join(columns)
        conn.execute(
            text(
                f"INSERT INTO tickets ({listed}) SELECT {listed} FROM tickets, "
                f"generate_series(1, {tickets - 1}) WHERE tickets.id = {template}"
            )
        )
        conn.execute(
            text("UPDATE due_work SET due_at = due_at + interval '30 days' WHERE ticket_id = :t"),
            {"t": template},
        )
        conn.execute(
            text(
                "INSERT INTO due_work (ticket_id, key, kind, due_at, recipients, addresses, detail) "
                "SELECT t.id, w.key, w.kind, CASE WHEN t.id % 100 = 0 AND w.key = :due_key "
                "THEN :due ELSE w.due_at END, w.recipients, w.addresses, w.detail "
                "FROM tickets t CROSS JOIN (SELECT * FROM due_work WHERE ticket_id = :template) w "
                "WHERE t.id <> :template ORDER BY t.id, w.id"
            ),
            {
                "template": template,
                "due_key": DUE_KEY,
                "due": T0 + timedelta(minutes=30),
            },
        )
        planned = conn.execute(text("SELECT count(*) FROM due_work")).scalar_one()
        due = conn.execute(
            text("SELECT count(*) FROM due_work WHERE due_at <= :now"),
            {"now": T0 + timedelta(hours=1)},
        ).scalar_one()
    with desk.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE tickets"))
        conn.execute(text("VACUUM ANALYZE due_work"))
    return int(planned), int(due)


def explain(desk: Desk) -> str:
    """The sweep's own claim statement under EXPLAIN ANALYZE, in a transaction rolled back."""
    compiled = claims.postgres_claim().compile(dialect=desk.engine.dialect)
    params = {"now": T0 + timedelta(hours=1), "limit": DEFAULT_BATCH, "worker": "explain"}
    with desk.engine.connect() as conn:
        rows = conn.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + str(compiled), params)
        plan = "\n".join(rows.scalars())
        conn.rollback()
    return f"{str(compiled).strip()}\n\n{plan}"


def bench_sweep(desk: Desk) -> tuple[float, float, int, int]:
    """Seconds of the first sweep transaction, and of firing every due row, one worker."""
    settle_process()  # as `remit worker` does once it has started
    now = T0 + timedelta(hours=1)
    start = time.perf_counter()
    first = run_sweep(uow=desk.new_uow(), now=now, worker="bench")
    one = time.perf_counter() - start
    fired, sweeps = first.claimed, 1
    while True:
        result = run_sweep(uow=desk.new_uow(), now=now, worker="bench")
        fired, sweeps = fired + result.claimed, sweeps + 1
        if result.claimed == 0:
            break
    return one, time.perf_counter() - start, fired, sweeps


def firing_record(desk: Desk) -> str:
    """What the sweep wrote, counted after it: fired rows, notices (with an address), audit."""
    with desk.engine.connect() as conn:
        counts = [
            conn.execute(text(sql)).scalar_one()
            for sql in (
                "SELECT count(*) FROM fired_work",
                "SELECT count(*) FROM outbox WHERE kind = 'escalation'",
                "SELECT count(*) FROM outbox WHERE kind = 'escalation' AND address IS NOT NULL",
                "SELECT count(*) FROM audit_log WHERE action = 'escalated'",
            )
        ]
    verified = verify_audit(uow=desk.new_uow())
    return (
        f"{counts[0]:,} fired rows, {counts[1]:,} escalation notices ({counts[2]:,} with an address), "
        f"{counts[3]:,} audit records; chain intact: {verified.intact}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--intake", type=int, default=500, help="tickets opened per engine")
    parser.add_argument("--tickets", type=int, default=1_000_000, help="open tickets for the sweep")
    parser.add_argument(
        "--pg",
        default="postgresql://postgres@127.0.0.1:5432/postgres",
        help="PostgreSQL admin URL (a fresh database is created and dropped)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        sqlite = fresh_desk(f"sqlite:///{Path(tmp) / 'bench.db'}")
        print(
            f"intake, SQLite (file, WAL):  {bench_intake(sqlite, args.intake):8.1f} tickets/s "
            f"({args.intake} tickets, one transaction each)"
        )
        sqlite.close()

    name, url = create_pg(args.pg)
    try:
        pg = fresh_desk(url)
        print(
            f"intake, PostgreSQL:          {bench_intake(pg, args.intake):8.1f} tickets/s "
            f"({args.intake} tickets, one transaction each)"
        )
        pg.close()
        drop_pg(args.pg, name)
        name, url = create_pg(args.pg)
        pg = fresh_desk(url)
        start = time.perf_counter()
        planned, due = populate(pg, args.tickets)
        print(
            f"\nsweep set-up: {args.tickets:,} open tickets, {planned:,} planned due-work rows, "
            f"{due:,} due now ({time.perf_counter() - start:.1f} s to build)"
        )
        print("\nclaim statement and its plan (EXPLAIN ANALYZE, rolled back):\n" + explain(pg))
        one, total, fired, sweeps = bench_sweep(pg)
        print(
            f"\none sweep transaction (claim {DEFAULT_BATCH:,} due rows, fire, outbox, audit, commit): "
            f"{one:.3f} s"
        )
        print(
            f"whole sweep of every due row ({fired:,} escalations fired in {sweeps - 1} transactions "
            f"and an empty one): {total:.3f} s"
        )
        print(firing_record(pg))
        pg.close()
    finally:
        drop_pg(args.pg, name)


if __name__ == "__main__":
    main()
