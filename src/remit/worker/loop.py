"""The worker loop: sweep until nothing is due, wait, sweep again.

Each sweep is one transaction (see `remit.services.escalations`). A sweep that
fails on a lock, a deadlock or a lost connection has committed nothing; the
loop reports it and sweeps again, so the same due work is retried, never lost
and never doubled. A database that keeps failing (a full disk, a read-only
file, a dropped table) is given up on after `WorkerConfig.give_up_after` failed
sweeps in a row: the loop stops with `WorkerStats.failing` set, as it does when
it is stopped while its last sweep failed.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.exc import DBAPIError

from remit.bootstrap import Desk
from remit.services.escalations import DEFAULT_BATCH, run_sweep

Report = Callable[[dict[str, object]], None]
GIVE_UP_AFTER = 10


@dataclass
class WorkerStats:
    sweeps: int = 0
    fired: int = 0
    failed_sweeps: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    failures_in_a_row: int = 0
    last_error: str | None = None

    @property
    def failing(self) -> bool:
        """The last sweep failed: the worker stopped on a database it could not use."""
        return self.failures_in_a_row > 0


@dataclass(frozen=True, slots=True)
class WorkerConfig:
    worker_id: str
    batch: int = DEFAULT_BATCH
    interval_s: float = 5.0
    once: bool = False  # stop when nothing is due
    give_up_after: int = GIVE_UP_AFTER  # failed sweeps in a row


def settle_process() -> None:
    """Leave what the process loaded at start-up out of the cyclic garbage collector.

    A sweep allocates many short-lived objects; each full collection would
    otherwise walk the whole start-up heap (modules, mappers, contracts) again.
    """
    gc.collect()
    gc.freeze()


def run_worker(
    desk: Desk,
    config: WorkerConfig,
    clock: Callable[[], datetime],
    report: Report,
    stop: threading.Event | None = None,
) -> WorkerStats:
    stop = stop or threading.Event()
    stats = WorkerStats()
    while not stop.is_set():
        claimed = _sweep_once(desk, config, clock, report, stats)
        if claimed is None:
            if stats.failures_in_a_row >= config.give_up_after:
                break
            stop.wait(min(config.interval_s, 1.0))
            continue
        if claimed >= config.batch:
            continue
        if config.once:
            break
        stop.wait(config.interval_s)
    return stats


def _sweep_once(
    desk: Desk,
    config: WorkerConfig,
    clock: Callable[[], datetime],
    report: Report,
    stats: WorkerStats,
) -> int | None:
    try:
        result = run_sweep(
            uow=desk.new_uow(), now=clock(), worker=config.worker_id, limit=config.batch
        )
    except DBAPIError as error:
        stats.failed_sweeps += 1
        stats.failures_in_a_row += 1
        stats.last_error = (str(error.orig or error).strip().splitlines() or ["(no message)"])[0]
        report({"event": "sweep_failed", "worker": config.worker_id, "error": stats.last_error})
        return None
    stats.failures_in_a_row = 0
    stats.sweeps += 1
    stats.fired += result.claimed
    for kind, count in result.fired.items():
        stats.by_kind[kind] = stats.by_kind.get(kind, 0) + count
    if result.claimed:
        report(
            {"event": "sweep", "worker": config.worker_id, "fired": result.claimed, **result.fired}
        )
    return result.claimed
