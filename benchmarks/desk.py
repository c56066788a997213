"""Desk benchmarks: intake throughput on SQLite and PostgreSQL, and one escalation sweep
over 1,000,000 open tickets (1 % due) on PostgreSQL, with the claim query's plan.

    .venv/bin/python benchmarks/desk.py [--intake 500] [--tickets 1000000] [--pg URL]

The PostgreSQL runs use a fresh database that is dropped at the end.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path

import psycopg
from sqlalchemy import text

from remit.bootstrap import Desk, desk_for_engine
from remit.domain.terms import Impact
from remit.services.contracts import load_contract_version
from remit.services.escalations import run_sweep
from remit.services.intake import Intake, open_ticket
from remit.store.engine import make_engine
from remit.store.migrate import upgrade

T0 = datetime(2026, 3, 8, 1, 10, tzinfo=UTC)
CLAIM_SQL = (
    "SELECT * FROM due_work WHERE fired_at IS NULL AND due_at <= :now "
    "ORDER BY due_at LIMIT 500 FOR UPDATE OF due_work SKIP LOCKED"
)


def fresh_desk(url: str) -> Desk:
    engine = make_engine(url)
    upgrade(engine)
    desk = desk_for_engine(engine)
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


def populate(desk: Desk, tickets: int) -> int:
    """`tickets` open tickets cloned from one real intake; each has a response breach and an
    escalation planned; the escalations of 1 % of them are due before T0 + 1 h."""
    template = open_ticket(uow=desk.new_uow(), intake=intake(0), now=T0).id
    with desk.engine.begin() as conn:
        conn.execute(text("DELETE FROM due_work"))
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
            text(
                "INSERT INTO due_work (ticket_id, key, kind, due_at, recipients, detail) "
                "SELECT id, 'breach:response', 'breach', :late, '[\"provider\"]', '{\"measure\": \"response\"}' "
                "FROM tickets"
            ),
            {"late": T0 + timedelta(days=30)},
        )
        conn.execute(
            text(
                "INSERT INTO due_work (ticket_id, key, kind, due_at, recipients, detail) "
                "SELECT id, 'escalate:recovery:0.5:engineering', 'escalate', "
                "CASE WHEN id % 100 = 0 THEN :due ELSE :later END, "
                '\'["provider.oncall", "provider"]\', \'{"measure": "recovery", "at": 0.5}\' '
                "FROM tickets"
            ),
            {"due": T0 + timedelta(minutes=30), "later": T0 + timedelta(days=2)},
        )
        due = conn.execute(
            text("SELECT count(*) FROM due_work WHERE fired_at IS NULL AND due_at <= :now"),
            {"now": T0 + timedelta(hours=1)},
        ).scalar_one()
    with desk.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE tickets"))
        conn.execute(text("VACUUM ANALYZE due_work"))
    return int(due)


def explain(desk: Desk) -> str:
    with desk.engine.begin() as conn:
        rows = conn.execute(
            text("EXPLAIN (ANALYZE, BUFFERS) " + CLAIM_SQL), {"now": T0 + timedelta(hours=1)}
        ).scalars()
        return "\n".join(rows)


def bench_sweep(desk: Desk) -> tuple[float, float, int]:
    """Seconds of the first sweep transaction (500 rows), and of draining every due row."""
    now = T0 + timedelta(hours=1)
    start = time.perf_counter()
    first = run_sweep(uow=desk.new_uow(), now=now, worker="bench", limit=500)
    one = time.perf_counter() - start
    fired = first.claimed
    while True:
        result = run_sweep(uow=desk.new_uow(), now=now, worker="bench", limit=500)
        fired += result.claimed
        if result.claimed == 0:
            break
    return one, time.perf_counter() - start, fired


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
        due = populate(pg, args.tickets)
        print(
            f"\nsweep set-up: {args.tickets:,} open tickets, {2 * args.tickets:,} planned due-work rows, "
            f"{due:,} due now ({time.perf_counter() - start:.1f} s to build)"
        )
        print("\nclaim query plan (EXPLAIN ANALYZE, rolled back):\n" + explain(pg))
        one, total, fired = bench_sweep(pg)
        print(
            f"\none sweep transaction (claim 500 due rows, fire, outbox, audit, commit): {one:.3f} s"
        )
        print(f"whole sweep of every due row ({fired:,} escalations fired):        {total:.3f} s")
        pg.close()
    finally:
        drop_pg(args.pg, name)


if __name__ == "__main__":
    main()
