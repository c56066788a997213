"""The read benchmark's data and query plans, for benchmarks/api.py.

`TEMPLATES` are opened as real tickets through the API (the desk computes priority,
coordinator and due instants from the contract); `bulk_insert` then clones them in one
INSERT ... SELECT into `count` tickets spread over two years, the last `open_count`
still open in realistic states (mostly in progress), the rest closed or rejected, each
with its clocks moved to its own opening instant: taken and restored in time or late,
reported, confirmed.

`capture_plans` runs the list and show endpoints in-process (the same ASGI app
`remit serve` runs) with every SQL statement recorded, then EXPLAIN ANALYZEs each
distinct SELECT with the parameters it ran with.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Engine

# (category, scope, objects): a service desk's usual mix, requests and single users first
TEMPLATES = [
    ("request", "user", ["accounting-workstations"]),
    ("request", "user", ["mail-01"]),
    ("request", "department", ["fs-01"]),
    ("request", "user", ["acc-1c"]),
    ("degradation", "user", ["rds-01"]),
    ("degradation", "department", ["acc-1c"]),
    ("degradation", "department", ["b2b-portal"]),
    ("degradation", "organization", ["web-01"]),
    ("outage", "user", ["mail-01"]),
    ("outage", "department", ["fs-01"]),
    ("integration", "department", ["retail-acc-exchange"]),
    ("outage", "organization", ["acc-1c", "acc-db"]),
]

# the open states, twenty shares: in progress the most, as on a desk with a backlog
OPEN_STATES = (
    ["new"] * 2 + ["in_progress"] * 10 + ["paused"] * 3 + ["restored"] * 3 + ["reported", "held"]
)

OVERRIDES = {
    "state": "s.state",
    "title": "t.title || ' #' || s.g",
    "row_version": "t.row_version + (s.g % 7)",
    "opened_at": "s.opened",
    "updated_at": "coalesce(s.closed, s.reported, s.restored, s.taken, s.opened)",
    "accepted_at": "CASE WHEN s.state = 'held' THEN NULL ELSE s.opened END",
    "taken_at": "s.taken",
    "restored_at": "s.restored",
    "reported_at": "s.reported",
    "closed_at": "s.closed",
    "response_due": "s.opened + (t.response_due - t.opened_at)",
    "response_breach_at": "s.opened + (t.response_breach_at - t.opened_at)",
    "recovery_due": "s.opened + (t.recovery_due - t.opened_at)",
    "recovery_breach_at": "s.opened + (t.recovery_breach_at - t.opened_at)",
    "next_update_due": (
        "CASE WHEN s.state IN ('new', 'in_progress', 'paused') AND t.next_update_due IS NOT NULL "
        "THEN CAST(:end AS timestamptz) + ((s.g % 240) - 60) * interval '1 minute' END"
    ),
    # the desk derives it on every write (remit.domain.ticket.list_due); here, the same rule
    "list_due": (
        "COALESCE(CASE WHEN s.state IN ('held', 'new', 'in_progress', 'paused') THEN LEAST("
        "CASE WHEN s.taken IS NULL THEN s.opened + (t.response_due - t.opened_at) END, "
        "CASE WHEN s.restored IS NULL THEN s.opened + (t.recovery_due - t.opened_at) END, "
        "CASE WHEN s.state IN ('new', 'in_progress', 'paused') AND t.next_update_due IS NOT NULL "
        "THEN CAST(:end AS timestamptz) + ((s.g % 240) - 60) * interval '1 minute' END) END, "
        "TIMESTAMPTZ '9999-12-31 23:59:59.999999+00')"
    ),
    "satisfaction": "CASE WHEN s.state = 'closed' THEN 3 + (s.g % 3) END",
    "confirmed_by": "CASE WHEN s.state = 'closed' THEN t.requester END",
}

SHAPE = """
WITH series AS (
    SELECT g, g % :templates AS k,
           CAST(:end AS timestamptz)
               - ((CAST(:count AS bigint) - g) * CAST(:span AS bigint) / CAST(:count AS bigint))
                 * interval '1 second' AS opened,
           CASE WHEN g > CAST(:count AS bigint) - CAST(:open AS bigint)
                THEN (CAST(:states AS text[]))[1 + g % 20]
                ELSE CASE WHEN g % 97 = 0 THEN 'rejected' ELSE 'closed' END END AS state
    FROM generate_series(1, :count) AS g
), shaped AS (
    SELECT series.*, t.id AS template,
           CASE WHEN state IN ('in_progress', 'paused', 'restored', 'reported', 'closed')
                THEN opened + (t.response_due - t.opened_at) * ((g % 13) / 10.0) END AS taken,
           CASE WHEN state IN ('restored', 'reported', 'closed')
                THEN opened + (t.recovery_due - t.opened_at) * (0.3 + (g % 11) / 10.0) END
                AS restored
    FROM series JOIN (
        SELECT id, row_number() OVER (ORDER BY id) - 1 AS k, opened_at, response_due, recovery_due
        FROM tickets WHERE id <= :templates
    ) AS t USING (k)
), s AS (
    SELECT shaped.*,
           CASE WHEN state IN ('reported', 'closed') THEN restored + interval '2 hours' END
               AS reported,
           CASE WHEN state = 'closed' THEN restored + interval '26 hours'
                WHEN state = 'rejected' THEN opened + interval '1 hour' END AS closed
    FROM shaped
)
INSERT INTO tickets ({columns})
SELECT {values} FROM s JOIN tickets AS t ON t.id = s.template ORDER BY s.g
"""


def bulk_insert(engine: Engine, *, count: int, open_count: int, end: Any, span_days: int) -> None:
    """`count` tickets cloned from the first len(TEMPLATES) tickets (which must exist)."""
    with engine.begin() as conn:
        columns = list(
            conn.execute(
                text(
                    "SELECT column_name FROM information_schema.columns "
                    "WHERE table_name = 'tickets' AND column_name <> 'id' "
                    "ORDER BY ordinal_position"
                )
            ).scalars()
        )
        values = [f"{OVERRIDES.get(c, 't.' + c)} AS {c}" for c in columns]
        sql = SHAPE.format(columns=", ".join(columns), values=", ".join(values))
        conn.execute(
            text(sql),
            {
                "templates": len(TEMPLATES),
                "end": end,
                "count": count - len(TEMPLATES),
                "span": span_days * 86400,
                "open": open_count - len(TEMPLATES),  # the templates are open too
                "states": OPEN_STATES,
            },
        )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE tickets"))


def state_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT state, count(*) FROM tickets GROUP BY state"))
        return {state: int(n) for state, n in rows}


@contextmanager
def recording(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    """Every statement the engine runs meanwhile, with its parameters."""
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def explain(
    engine: Engine, seen: list[tuple[str, Any]], width: int = 150, *, plans: bool = True
) -> str:
    """Each distinct statement once, with how often it ran and (SELECTs, `plans`) its
    EXPLAIN ANALYZE."""
    counts: dict[str, int] = {}
    first: dict[str, Any] = {}
    for statement, parameters in seen:
        counts[statement] = counts.get(statement, 0) + 1
        first.setdefault(statement, parameters)
    shapes: dict[str, list[str]] = {}
    for statement in first:  # selectin batches differ only in how many ids they name
        shapes.setdefault(_shape(statement), []).append(statement)
    out = [f"{len(seen)} statements, {len(shapes)} distinct"]
    for shape, statements in shapes.items():
        runs = sum(counts[s] for s in statements)
        out.append(f"\n-- ran {runs}x: {_clip(shape, 600)}")
        if not plans:
            continue
        if not shape.lstrip().upper().startswith("SELECT"):
            out.append("   (not a SELECT: not explained)")
            continue
        statement = statements[0]
        with engine.connect() as conn:
            plan = conn.exec_driver_sql(
                "EXPLAIN (ANALYZE, BUFFERS) " + statement, first[statement]
            ).scalars()
            out += ["   " + _clip(line, width) for line in plan]
            conn.rollback()
    return "\n".join(out)


def _shape(statement: str) -> str:
    """The statement with a long run of placeholders folded into one."""
    placeholders = r"(%\([^)]*\)s(::[A-Za-z ]+)?(, )?){4,}"
    folded = re.sub(placeholders, "%(...)s ", " ".join(statement.split()))
    return folded.replace("%(...)s )", "%(...)s)")


def _clip(line: str, width: int) -> str:
    return line if len(line) <= width else line[: width - 1] + "…"


def timed(call: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = call()
    return result, time.perf_counter() - start
