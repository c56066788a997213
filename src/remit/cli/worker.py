"""`remit worker`: fire due escalations, breaches and auto-confirmations into the outbox."""

from __future__ import annotations

import json as jsonlib
import os
import signal
import socket
import threading
from datetime import UTC, datetime
from typing import Annotated

import typer

from remit.bootstrap import Desk
from remit.cli.desk_opener import BIGGEST, DbOption, desk, instant, require_known_schema
from remit.cli.output import fail
from remit.domain.errors import FutureInstant
from remit.domain.instants import entered_moment
from remit.services.escalations import DEFAULT_BATCH
from remit.store.migrate import current_revision, head_revision
from remit.worker.loop import GIVE_UP_AFTER, WorkerConfig, run_worker, settle_process

EXIT_DATABASE_FAILING = 75  # EX_TEMPFAIL: the database failed; a supervisor may retry later


def _report(event: dict[str, object]) -> None:
    typer.echo(jsonlib.dumps({"at": datetime.now(UTC).isoformat(), **event}), err=True)


def worker(
    db: DbOption = None,
    once: Annotated[
        bool, typer.Option("--once", help="Stop when nothing is due any more.")
    ] = False,
    batch: Annotated[
        int, typer.Option(help="Due rows claimed per transaction.", min=1, max=BIGGEST)
    ] = DEFAULT_BATCH,
    interval: Annotated[
        float, typer.Option(help="Seconds to wait when nothing is due.", min=0.0)
    ] = 5.0,
    worker_id: Annotated[
        str | None, typer.Option("--id", help="Name in logs and fired rows (host:pid if omitted).")
    ] = None,
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            metavar="INSTANT",
            help=(
                "Sweep as of this past instant, ISO 8601 with an offset (a catch-up sweep; "
                "its audit records are marked late); an instant after the desk's clock is refused."
            ),
        ),
    ] = None,
    give_up_after: Annotated[
        int,
        typer.Option(
            "--give-up-after",
            help="Stop with exit 75 after this many failed sweeps in a row.",
            min=1,
            max=BIGGEST,
        ),
    ] = GIVE_UP_AFTER,
) -> None:
    """Claim due work and write each escalation and notification to the outbox, exactly once.

    Several workers may run against one PostgreSQL database; each claims rows
    with FOR UPDATE SKIP LOCKED. With --at the sweeps use that past instant as
    now and fire only what was due by then; work is never fired before it is due
    by the desk's clock, so an --at after it is refused.
    A failed sweep is retried; after --give-up-after failures in a row, or when
    stopped while its sweeps fail, the worker exits 75 with the last error.
    """
    config = WorkerConfig(
        worker_id or f"{socket.gethostname()}:{os.getpid()}", batch, interval, once, give_up_after
    )
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    fixed = instant(at) if at else None
    if fixed is not None:
        _require_past(fixed)
    with desk(db, schema=False) as opened:
        require_known_schema(opened)
        _require_newest_schema(opened)
        settle_process()
        stats = run_worker(opened, config, lambda: fixed or datetime.now(UTC), _report, stop)
    _report(
        {
            "event": "stopped",
            "worker": config.worker_id,
            "sweeps": stats.sweeps,
            "fired": stats.fired,
            "failed_sweeps": stats.failed_sweeps,
            **stats.by_kind,
        }
    )
    if stats.failing:
        typer.echo(
            f"remit: the worker stopped after {stats.failures_in_a_row} failed sweep(s) in a row; "
            f"last error: {stats.last_error}",
            err=True,
        )
        raise typer.Exit(EXIT_DATABASE_FAILING)


def _require_past(at: datetime) -> None:
    """The worker never fires work dated in the future (`remit.domain.instants`)."""
    try:
        entered_moment(at, datetime.now(UTC), "sweep due work")
    except FutureInstant as error:
        fail(f"--at: {error}")


def _require_newest_schema(opened: Desk) -> None:
    """A worker on an old or empty schema would retry its failing sweep for ever."""
    current, newest = current_revision(opened.engine), head_revision()
    if current != newest:
        fail(
            f"the database schema is at {current or 'nothing (no desk tables)'}, "
            f"the worker needs {newest}; run `remit db upgrade` first"
        )


def register(app: typer.Typer) -> None:
    app.command("worker")(worker)
