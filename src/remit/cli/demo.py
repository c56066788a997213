"""`remit demo`: the night database outage, driven through the real services.

Sunday 02:10 in Berlin: nobody can log in to the ERP and the database does not
answer. The demo loads the bundled starter contract into a fresh SQLite file,
runs the incident from intake to confirmed closure (parallel layer checks, a
hand-off, a customer-caused pause, a vendor case, client updates, the worker's
sweeps) and prints the timeline and the SLA outcome.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from remit.bootstrap import Desk, desk_for_engine
from remit.cli.desk_opener import DbOption, desk, require_known_schema, with_audit_key
from remit.domain.terms import Impact
from remit.domain.ticket import CheckResult, VendorStatus
from remit.services import coordination, tickets, updates
from remit.services.closure import WorkReport, write_report
from remit.services.contracts import load_contract_version
from remit.services.escalations import run_sweep
from remit.services.intake import Intake, open_ticket
from remit.services.outbox import list_outbox
from remit.services.views import TicketDetail
from remit.store.migrate import upgrade

ZONE = ZoneInfo("Europe/Berlin")
START = datetime(2026, 3, 8, 2, 10, tzinfo=ZONE)  # a Sunday night
Step = Callable[[Desk, datetime], object]


def _at(minutes: int) -> datetime:
    return (START + timedelta(minutes=minutes)).astimezone(UTC)


def _intake() -> Intake:
    return Intake(
        requester="client.it",
        title="Nobody can log in to the ERP; the database does not answer",
        symptoms="ERP login hangs, then 'database unavailable'",
        who_cannot_work="the whole company",
        scope=Impact.ORGANIZATION,
        category="outage",
        objects=("erp", "db-main"),
        error_refs=("ERP-DB-0042 connection refused",),
        actions_taken=("restarted two PCs", "checked VPN"),
    )


def _steps(ticket: int) -> list[tuple[int, Step]]:
    def check(layer: str, result: CheckResult, by: str, note: str) -> Step:
        return lambda d, now: coordination.answer_check(
            uow=d.new_uow(), ticket_id=ticket, layer=layer, result=result, by=by, note=note, now=now
        )

    def update(known: str, checking: str, action: str, next_in: int) -> Step:
        return lambda d, now: updates.post_update(
            uow=d.new_uow(),
            ticket_id=ticket,
            by="provider",
            known=known,
            checking=checking,
            next_action=action,
            next_update_at=now + timedelta(minutes=next_in),
            now=now,
        )

    return [
        (
            4,
            lambda d, now: tickets.take_ticket(
                uow=d.new_uow(), ticket_id=ticket, by="provider.oncall", now=now
            ),
        ),
        (
            5,
            lambda d, now: coordination.open_checks(
                uow=d.new_uow(), ticket_id=ticket, by="provider", now=now
            ),
        ),
        (
            15,
            update(
                "ERP and database unreachable for everyone",
                "hardware, OS, DBMS, application in parallel",
                "on-call engineer connects to the server",
                20,
            ),
        ),
        (20, check("hardware", CheckResult.CLEAR, "provider", "server up, disks healthy")),
        (
            22,
            check(
                "os",
                CheckResult.CLEAR,
                "provider",
                "OS responsive, services running except the DBMS",
            ),
        ),
        (
            25,
            check(
                "application",
                CheckResult.NOT_OURS,
                "developer",
                "application waits for the database",
            ),
        ),
        (30, check("dbms", CheckResult.FAULT_FOUND, "provider", "transaction log volume full")),
        (
            32,
            lambda d, now: coordination.localize_fault(
                uow=d.new_uow(),
                ticket_id=ticket,
                by="provider",
                layer="integration",
                reason="the bank export loops and floods the transaction log",
                now=now,
            ),
        ),
        (
            35,
            lambda d, now: coordination.vendor_case(
                uow=d.new_uow(),
                ticket_id=ticket,
                vendor="developer",
                case_ref="ES-4711",
                by="provider",
                note="export job loops on a malformed payment file",
                now=now,
            ),
        ),
        (
            40,
            lambda d, now: tickets.pause_ticket(
                uow=d.new_uow(),
                ticket_id=ticket,
                reason="no_access",
                by="provider",
                note="vault credentials for the DB host are outdated",
                now=now,
            ),
        ),
        (
            55,
            update(
                "cause found: the bank export floods the DB log",
                "waiting for host credentials",
                "free the log volume once access is granted",
                40,
            ),
        ),
        (
            85,
            lambda d, now: tickets.resume_ticket(
                uow=d.new_uow(), ticket_id=ticket, by="provider", now=now
            ),
        ),
        (
            90,
            update(
                "access granted, export job stopped",
                "log volume being truncated",
                "restart the DBMS and test ERP logins",
                50,
            ),
        ),
        (
            135,
            update(
                "DBMS restarted, replaying the log",
                "ERP logins on test accounts",
                "open the ERP to all users",
                60,
            ),
        ),
        (
            190,
            lambda d, now: tickets.restore_ticket(
                uow=d.new_uow(),
                ticket_id=ticket,
                by="provider",
                note="ERP logins work for everyone",
                now=now,
            ),
        ),
        (
            192,
            lambda d, now: coordination.vendor_case(
                uow=d.new_uow(),
                ticket_id=ticket,
                vendor="developer",
                case_ref="ES-4711",
                by="provider",
                status=VendorStatus.FIX_PROPOSED,
                note="input validation patch for Monday",
                now=now,
            ),
        ),
        (
            420,
            lambda d, now: write_report(
                uow=d.new_uow(),
                ticket_id=ticket,
                by="provider",
                report=WorkReport(
                    cause="the bank export looped on a malformed file and filled the DB transaction log",
                    actions="stopped the export, truncated the log, restarted the DBMS, verified logins",
                    provider_participants=("On-call engineer", "Service desk"),
                    client_participants=("Jonas Weber", "Maria Keller"),
                    recurrence_risk="medium until the export patch ES-4711 is deployed",
                ),
                now=now,
            ),
        ),
        (
            480,
            lambda d, now: tickets.confirm_ticket(
                uow=d.new_uow(),
                ticket_id=ticket,
                by="client.it",
                score=4,
                comment="fast and well explained",
                now=now,
            ),
        ),
    ]


class NightClock:
    """The desk's clock during the demo: the simulated night, set as it goes."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def run_scenario(opened: Desk, line: str | None = None) -> TicketDetail:
    """The starter contract stored on `line` (else the line it implies), and the night's
    ticket opened and worked on that line, with the desk's clock on the simulated night,
    so each step happens now (no late entries) and the worker sweeps as the night goes."""
    clock = NightClock(_at(-60 * 24 * 60))
    night = desk_for_engine(opened.engine, opened.audit_key, clock)
    text = resources.files("remit.templates").joinpath("starter.yaml").read_text(encoding="utf-8")
    loaded = load_contract_version(
        uow=night.new_uow(),
        text=text,
        source_name="starter.yaml",
        actor="demo",
        now=clock(),
        line=line,
    )
    clock.at = _at(0)
    ticket = open_ticket(uow=night.new_uow(), intake=_intake(), now=clock(), line=loaded.line).id
    swept = 0
    for minutes, step in _steps(ticket):
        while swept < minutes:  # the worker sweeps every five minutes of the night
            swept = min(swept + 5, minutes)
            clock.at = _at(swept)
            run_sweep(uow=night.new_uow(), now=clock(), worker="demo-worker")
        clock.at = _at(minutes)
        step(night, clock())
    return tickets.show_ticket(uow=night.new_uow(), ticket_id=ticket)


def demo(
    db: DbOption = None,
    line: Annotated[
        str | None,
        typer.Option(
            "--line",
            metavar="KEY",
            help="The contract line to run it on (default: the line the starter contract implies).",
        ),
    ] = None,
) -> None:
    """Run the night database outage from intake to confirmed closure and print its timeline.

    The starter contract is stored on its own line (or the one --line names),
    so the demo can run on a desk that serves other clients too.
    """
    url = db or f"sqlite:///{Path(tempfile.mkdtemp(prefix='remit-demo-')) / 'desk.db'}"
    with desk(url, create=True, schema=False) as plain:
        require_known_schema(plain)
        opened = with_audit_key(plain)
        upgrade(opened.engine, audit_key=opened.audit_key)
        found = run_scenario(opened, line)
        notices = list_outbox(uow=opened.new_uow(), ticket_id=found.summary.id, limit=1000)
    _print(found, len(notices))
    typer.echo(f"\nExplore it: remit ticket show {found.summary.id} --db {url}")


def _local(value: datetime | None) -> str:
    if value is None:
        return "-"
    return value.astimezone(ZONE).strftime("%a %H:%M")


def _print(found: TicketDetail, notices: int) -> None:
    s = found.summary
    typer.echo(
        f"Ticket #{s.id}: {s.title}\n{s.priority} {s.category}, coordinator {s.coordinator}, "
        f"after-hours handling: {'yes' if s.after_hours else 'no'} (times Europe/Berlin)\n"
    )
    for entry in found.audit:
        shown = ", ".join(
            f"{k}={v}"
            for k, v in entry.detail.items()
            if v not in (None, [], "") and k not in ("due_at", "key", "priority")
        )
        typer.echo(f"  {_local(entry.at)}  {entry.actor:<16} {entry.action:<18} {shown}"[:160])
    _outcome(found, notices)


def _outcome(found: TicketDetail, notices: int) -> None:
    s, clocks = found.summary, found.clocks
    restored = clocks.restored_at or found.reports[-1].ended_at
    paused = sum(
        (p.ended_at - p.started_at).seconds for p in found.pauses if p.ended_at is not None
    )
    breached = {b.measure for b in found.breaches}
    typer.echo("\nSLA outcome")
    typer.echo(
        f"  response: taken {_local(clocks.taken_at)}, due {_local(s.response_due)} -> "
        f"{'BREACHED' if 'response' in breached else 'met'}"
    )
    typer.echo(
        f"  recovery: restored {_local(restored)}, due {_local(s.recovery_due)} "
        f"(pushed by {paused // 60} min of customer-caused pause) -> "
        f"{'BREACHED' if 'recovery' in breached else 'met'}"
    )
    late = [b for b in found.breaches if b.measure == "update"]
    typer.echo(
        f"  client updates: {len(found.updates)} sent, {len(late)} missed next-update time(s)"
    )
    fired = [w for w in found.due_work if w.kind == "escalate" and w.fired_at]
    typer.echo(
        f"  escalations fired: {len(fired)}; hand-offs: {s.handoff_count}; "
        f"layer checks: {len(found.checks)}; notices in the outbox: {notices}"
    )
    typer.echo(
        f"  closed {_local(clocks.closed_at)}, confirmed by {clocks.confirmed_by} "
        f"(satisfaction {clocks.satisfaction}/5)"
    )


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
